//! The marks a figure carries wherever it is shown — the app, `kttt show`, workbooks, CSV and
//! the report — and the legend lines that explain them. The one place that decides which fact
//! of a [`CellView`] becomes which mark: `*` from the plan's text, `+` added up from every unit
//! below, `~` added up from only some of them (with how many: `~ 1/8 huyện`), `<` carried from
//! an indicator of the form before, `=` locked by a
//! plan sent up or approved, `"` with a comment, `#` changed in a scenario, `!` and `?` an
//! error and a warning.

use crate::domain::attainment::Status;
use crate::domain::rollup::{Cover, Rolled};
use crate::domain::rules::Severity;
use crate::domain::sheet::CellView;
use crate::i18n::Lang;

/// What a figure's mark says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// From the plan's text, not printed in the appendix.
    Narrative,
    /// Added up from every unit below (nobody entered it for the unit).
    Rolled,
    /// Added up from only some of the units below: not complete.
    Partial,
    /// Carried from an indicator of the form before (another unit, a merge, a split).
    Carried,
    /// Locked: the unit's plan was sent up or approved.
    Locked,
    /// A comment is kept with it.
    Noted,
    /// Differs from the official figure (changed in the scenario shown, or being typed).
    Changed,
    /// Involved in an error.
    Error,
    /// The subject of a warning.
    Warning,
}

impl Mark {
    /// Where a shown figure comes from: the plan's text (`*`), a roll-up of only some of the
    /// units below (`~`) or of every one (`+`); nothing for a blank or an entered figure.
    pub fn origin(c: &CellView) -> Option<Mark> {
        if c.value.is_none() {
            None
        } else if c.narrative {
            Some(Mark::Narrative)
        } else if c.carried {
            Some(Mark::Carried)
        } else if c.partial() {
            Some(Mark::Partial)
        } else if c.rolled {
            Some(Mark::Rolled)
        } else {
            None
        }
    }

    /// The mark of a printed figure (`kttt show`): `#` for a scenario's change, else its
    /// origin.
    pub fn printed(c: &CellView) -> Option<Mark> {
        if c.changed {
            Some(Mark::Changed)
        } else {
            Mark::origin(c)
        }
    }

    /// The roll-up row of a table by unit: a roll-up by definition, so marked only when it
    /// misses units below (`~`).
    pub fn total(c: &CellView) -> Option<Mark> {
        c.partial().then_some(Mark::Partial)
    }

    /// The one mark the app draws beside a figure: a finding's (`!` error, `?` warning)
    /// first; then the plan's text (`*`); then a comment (`"`) or a lock (`=`); else the rest
    /// of its origin (`~`, `+`). A note-level finding leaves the origin. A scenario's change
    /// is drawn in the figure's text instead ([`Mark::changed_text`]).
    pub fn beside(c: &CellView) -> Option<Mark> {
        match c.flag {
            Some(Severity::Error) => Some(Mark::Error),
            Some(Severity::Warning) => Some(Mark::Warning),
            Some(Severity::Info) => Mark::origin(c),
            None => match Mark::origin(c) {
                Some(Mark::Narrative) => Some(Mark::Narrative),
                _ if c.noted => Some(Mark::Noted),
                _ if c.lock.is_some() => Some(Mark::Locked),
                origin => origin,
            },
        }
    }

    /// A figure's text with `#` when a scenario changed it (`194#`), so that the change shows
    /// even when a finding's mark stands beside it (`194#!`) and there is no colour.
    pub fn changed_text(text: String, c: &CellView) -> String {
        if c.changed {
            format!("{text}{}", Mark::Changed.char())
        } else {
            text
        }
    }

    /// What a roll-up amounts to: `+` when every unit below is in it, else `~`.
    pub fn of_rolled(r: &Rolled) -> Mark {
        if r.complete() { Mark::Rolled } else { Mark::Partial }
    }

    /// The character: `*`, `+`, `~`, `=`, `"`, `#`, `!`, `?`.
    pub fn char(self) -> char {
        match self {
            Mark::Narrative => '*',
            Mark::Rolled => '+',
            Mark::Partial => '~',
            Mark::Carried => '<',
            Mark::Locked => '=',
            Mark::Noted => '"',
            Mark::Changed => '#',
            Mark::Error => '!',
            Mark::Warning => '?',
        }
    }
}

/// The mark after a percentage where colours cannot say its status: `~` close, `!` behind.
pub fn status_char(s: Option<Status>) -> Option<char> {
    match s {
        Some(Status::Close) => Some('~'),
        Some(Status::Behind) => Some('!'),
        _ => None,
    }
}

/// The legend line of `#`.
pub fn changed_legend(lang: Lang) -> &'static str {
    lang.pick(
        "# khác số chính thức (thay đổi của phương án).",
        "# differs from the official figure (changed in the scenario).",
    )
}

/// The legend line of `~` under a table by unit.
pub fn partial_total_legend(lang: Lang) -> &'static str {
    lang.pick(
        "~ số cộng chưa đủ: mới có một phần các đơn vị cấp dưới nhập.",
        "~ a partial roll-up: only some of the units below have entered it.",
    )
}

/// The legend line of `*`.
pub fn narrative_legend(lang: Lang) -> &'static str {
    lang.pick(
        "* số liệu lấy từ phần thuyết minh của kế hoạch, không có trong phụ lục.",
        "* figure from the plan's text, not printed in the appendix.",
    )
}

/// The legend line of `<`.
pub fn carried_legend(lang: Lang) -> &'static str {
    lang.pick(
        "< số tính từ chỉ tiêu của biểu mẫu năm trước (đổi đơn vị tính, gộp hoặc tách), không phải số đã nhập.",
        "< worked out from an indicator of the form before (another unit, a merge or a split), not an entered figure.",
    )
}

/// The legend line of `+`.
pub fn rolled_legend(lang: Lang) -> &'static str {
    lang.pick(
        "+ số cộng từ các đơn vị cấp dưới (hoặc các đơn vị cũ, qua bảng ánh xạ), vì đơn vị này chưa nhập.",
        "+ added up from the units below (or the former units, through the mapping): none was entered for this unit.",
    )
}

/// The note on an appendix whose top was rebuilt from the ministry's template.
pub fn reconstructed_note(lang: Lang) -> &'static str {
    lang.pick(
        "(Phần đầu phụ lục này bị mất trong bản gốc; tiêu đề và dòng 1-2 dựng lại theo mẫu của Bộ, số liệu dòng 1-2 lấy từ phần thuyết minh.)",
        "(The top of this appendix is missing from the source; its title and rows 1-2 follow the ministry's template, their figures come from the plan's text.)",
    )
}

/// The legend line of `~`: each coverage with the columns it stands in,
/// `~ 1/8 huyện (TH 2018, ƯTH 2019): số cộng chưa đủ …`; `None` when there is none.
/// `items` are the partial figures' coverages with their column titles, in table order.
pub fn partial_legend(items: &[(Cover, String)], lang: Lang) -> Option<String> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for (c, col) in items {
        let t = c.text(lang);
        match groups.iter_mut().find(|(x, _)| *x == t) {
            Some((_, cols)) => {
                if !cols.contains(&col.as_str()) {
                    cols.push(col);
                }
            }
            None => groups.push((t, vec![col])),
        }
    }
    if groups.is_empty() {
        return None;
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(t, cols)| format!("{t} ({})", cols.join(", ")))
        .collect();
    Some(format!(
        "~ {}: {}",
        parts.join(", "),
        lang.pick(
            "số cộng chưa đủ — mới có một phần các đơn vị cấp dưới nhập, không phải số của cả đơn vị.",
            "a partial roll-up — only some of the units below have entered it, not the unit's whole figure."
        )
    ))
}

/// What a roll-up is built from and how far it reaches, in words: `3/8 huyện`,
/// `từ 2 tỉnh cũ qua bảng ánh xạ, 1/280 xã cũ có số` (empty for a unit without parts).
pub fn built_from(r: &Rolled, lang: Lang) -> String {
    if r.expected == 0 {
        return String::new();
    }
    if !r.mapped {
        return r.cover().text(lang);
    }
    let parts = Cover {
        covered: r.expected,
        expected: r.expected,
        level: r.level,
        mapped: true,
    };
    let n = parts.text(lang);
    let n = n.split_once(' ').map_or(n.as_str(), |(_, rest)| rest).to_string();
    let reach = if r.complete() {
        String::new()
    } else {
        format!(", {} {}", r.cover().text(lang), lang.pick("có số", "reported"))
    };
    format!(
        "{} {} {n} {}{reach}",
        lang.pick("từ", "from"),
        r.expected,
        lang.pick("qua bảng ánh xạ", "through the mapping")
    )
}

/// The roll-up row of a table by unit, column group by column group: `Cộng — TH 2024: từ 2
/// tỉnh cũ qua bảng ánh xạ, 1/280 xã cũ có số; KH 2026: 2/92 xã`. `items` are the value
/// columns' titles with their roll-ups; a column with nothing to add up says nothing unless
/// none has anything.
pub fn cover_summary(items: &[(String, &Rolled)], lang: Lang) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    let any = items.iter().any(|(_, r)| r.value.is_some());
    let shown = items
        .iter()
        .enumerate()
        .filter(|(i, (_, r))| r.value.is_some() || (!any && *i + 1 == items.len()));
    for (_, (col, r)) in shown {
        let t = built_from(r, lang);
        if t.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(x, _)| *x == t) {
            Some((_, cols)) => cols.push(col),
            None => groups.push((t, vec![col])),
        }
    }
    let head = lang.pick("Cộng", "Total");
    match groups.len() {
        0 => head.to_string(),
        1 => format!("{head} ({})", groups[0].0),
        _ => {
            let parts: Vec<String> = groups
                .iter()
                .map(|(t, cols)| format!("{}: {t}", cols.join(", ")))
                .collect();
            format!("{head} — {}", parts.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::Level;

    #[test]
    fn a_partial_roll_up_says_how_far_it_reaches() {
        let c = Cover {
            covered: 1,
            expected: 8,
            level: Some(Level::District),
            mapped: false,
        };
        let old = Cover {
            covered: 1,
            expected: 280,
            level: Some(Level::Commune),
            mapped: true,
        };
        let items = [
            (c, "TH 2018".to_string()),
            (c, "ƯTH 2019".into()),
            (old, "TH 2024".into()),
        ];
        let line = partial_legend(&items, Lang::Vi).unwrap();
        assert!(
            line.starts_with("~ 1/8 huyện (TH 2018, ƯTH 2019), 1/280 xã cũ (TH 2024): số cộng chưa đủ"),
            "{line}"
        );
        let en = partial_legend(&items[..1], Lang::En).unwrap();
        assert!(en.starts_with("~ 1/8 districts (TH 2018): a partial roll-up"), "{en}");
        assert_eq!(partial_legend(&[], Lang::Vi), None);
        let cell = CellView {
            value: Some(rust_decimal::Decimal::ZERO),
            rolled: true,
            cover: Some(c),
            ..CellView::default()
        };
        assert_eq!(Mark::origin(&cell), Some(Mark::Partial));
        assert_eq!(Mark::total(&cell), Some(Mark::Partial));
        let whole = CellView {
            cover: Some(Cover { covered: 8, ..c }),
            ..cell
        };
        assert_eq!(Mark::origin(&whole), Some(Mark::Rolled));
        assert_eq!(Mark::total(&whole), None, "a complete total is not marked");
        assert_eq!(
            Mark::origin(&CellView {
                narrative: true,
                ..whole
            }),
            Some(Mark::Narrative)
        );
        assert_eq!(Mark::origin(&CellView { value: None, ..cell }), None);
    }

    #[test]
    fn a_roll_up_says_what_it_is_built_from() {
        let mapped = Rolled {
            value: Some(rust_decimal::Decimal::from(4)),
            covered: 2,
            expected: 2,
            level: Some(Level::Province),
            deep: Some(Cover {
                covered: 1,
                expected: 280,
                level: Some(Level::Commune),
                mapped: true,
            }),
            mapped: true,
            ..Rolled::default()
        };
        let communes = Rolled {
            value: Some(rust_decimal::Decimal::from(8)),
            covered: 2,
            expected: 92,
            level: Some(Level::Commune),
            ..Rolled::default()
        };
        let nothing = Rolled {
            covered: 0,
            expected: 92,
            level: Some(Level::Commune),
            ..Rolled::default()
        };
        let whole = Rolled {
            value: Some(rust_decimal::Decimal::from(160)),
            covered: 8,
            expected: 8,
            level: Some(Level::District),
            ..Rolled::default()
        };
        let items = [
            ("TH 2024".to_string(), &mapped),
            ("KH 2025".into(), &nothing),
            ("ƯTH 2025".into(), &communes),
            ("KH 2026".into(), &communes),
        ];
        assert_eq!(
            cover_summary(&items, Lang::Vi),
            "Cộng — TH 2024: từ 2 tỉnh cũ qua bảng ánh xạ, 1/280 xã cũ có số; ƯTH 2025, KH 2026: 2/92 xã"
        );
        assert_eq!(
            cover_summary(&[("KH 2025".into(), &nothing), ("KH 2026".into(), &nothing)], Lang::Vi),
            "Cộng (0/92 xã)"
        );
        assert_eq!(
            cover_summary(&[("KH 2020".into(), &whole)], Lang::Vi),
            "Cộng (8/8 huyện)"
        );
        assert_eq!(
            cover_summary(&items[..1], Lang::En),
            "Total (from 2 former provinces through the mapping, 1/280 former communes reported)"
        );
    }
}
