//! Finding the unit a user names: by kttt code, statistics code or name, among the units that
//! existed when the figures in question are counted. Names and statistics codes were reused
//! (Xã Ba Bể and Huyện Ba Bể; 01843 before and after the 2025 reform), so they are resolved
//! within a time; a kttt code names one unit and is checked against the time.

use super::{OrgId, OrgUnit, OrgUnits};
use crate::domain::period::Period;
use crate::domain::text;
use crate::i18n::Lang;

/// When a unit must have existed for a command to act on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Some day of a plan year (1 January – 31 December): the plan of year N belongs to the
    /// units that existed in N, those that ended during it and those that began during it.
    Year(i32),
    /// The last day of a period (31 December of its year), the day its figures are counted on.
    End(Period),
    /// Any time (a grant, a list of units).
    Ever,
}

impl When {
    /// The first and last day (ISO dates) a unit may have existed on.
    fn days(self) -> (String, String) {
        match self {
            When::Year(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
            When::End(p) => {
                let d = super::period_end(p);
                (d.clone(), d)
            }
            When::Ever => ("0000-01-01".into(), "9999-12-31".into()),
        }
    }

    /// `năm 2019` / `in 2019`, `cuối kỳ KH 2020` / `the end of KH 2020`.
    fn label(self, lang: Lang) -> String {
        match self {
            When::Year(y) => format!("{} {y}", lang.pick("trong năm", "in")),
            When::End(p) => format!("{} {}", lang.pick("vào cuối kỳ", "at the end of"), p.label(lang)),
            When::Ever => String::new(),
        }
    }
}

impl OrgUnit {
    /// Whether the unit existed on some day of a time.
    pub fn exists(&self, when: When) -> bool {
        let (first, last) = when.days();
        self.valid_from.as_deref().is_none_or(|f| f <= last.as_str())
            && self.valid_to.as_deref().is_none_or(|t| t >= first.as_str())
    }
}

/// Why a name or code found no single unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// Nothing has that name or code.
    Unknown,
    /// The unit (named by its code, or the only one with the name) did not exist then.
    Absent { unit: OrgId, when: When },
    /// Several units of that time have the name or statistics code.
    Ambiguous { units: Vec<OrgId>, when: When },
}

impl OrgUnits {
    /// The unit a user means: a kttt code names one unit, which must have existed then; a
    /// statistics code or a name (diacritics and case ignored; full, short or English name)
    /// is looked for among the units that existed then, and must find exactly one.
    pub fn resolve(&self, query: &str, when: When) -> Result<OrgId, Unresolved> {
        let query = query.trim();
        if let Some(id) = self.by_code(query) {
            return if self.get(id).exists(when) {
                Ok(id)
            } else {
                Err(Unresolved::Absent { unit: id, when })
            };
        }
        let mut named: Vec<OrgId> = self.with_gso(query).collect();
        if named.is_empty() {
            let q = text::fold(query);
            named = self
                .all()
                .iter()
                .filter(|u| text::fold(&u.name.vi) == q || text::fold(&u.short.vi) == q || text::fold(&u.name.en) == q)
                .map(|u| u.id)
                .collect();
        }
        let then: Vec<OrgId> = named.iter().copied().filter(|u| self.get(*u).exists(when)).collect();
        match (then.as_slice(), named.as_slice()) {
            ([one], _) => Ok(*one),
            ([], []) => Err(Unresolved::Unknown),
            // None of that time: the one valid nearest after it, else the latest before it.
            ([], _) => {
                let (first, _) = when.days();
                let unit = named
                    .iter()
                    .copied()
                    .filter(|u| self.get(*u).begins_after(&first))
                    .min_by(|a, b| self.get(*a).valid_from.cmp(&self.get(*b).valid_from))
                    .or_else(|| {
                        named
                            .iter()
                            .copied()
                            .max_by(|a, b| self.get(*a).valid_to.cmp(&self.get(*b).valid_to))
                    })
                    .unwrap_or(named[0]);
                Err(Unresolved::Absent { unit, when })
            }
            (many, _) => Err(Unresolved::Ambiguous {
                units: many.to_vec(),
                when,
            }),
        }
    }

    /// The units whose figures belong to a unit's place when it did not exist: those it was
    /// formed from (when it had not begun yet), else those it ended into.
    pub fn instead_of(&self, id: OrgId, not_yet: bool) -> Vec<String> {
        let links = if not_yet {
            self.predecessors(id)
        } else {
            self.successors(id)
        };
        let mut out: Vec<String> = links.iter().map(|l| self.get(l.unit).name.vi.clone()).collect();
        if out.is_empty()
            && !not_yet
            && let Some(s) = self.get(id).successor.as_deref().and_then(|s| self.by_code(s))
        {
            out.push(self.get(s).name.vi.clone());
        }
        out
    }
}

/// The sentence for a unit that did not exist at a time: its name and dates, then the units
/// its figures belong to instead. `at` is `vào cuối kỳ KH 2020` or `trong năm 2019`.
pub fn absent_message(
    what: &str,
    (from, to): (Option<&str>, Option<&str>),
    not_yet: bool,
    instead: &[String],
    at: &str,
    lang: Lang,
) -> String {
    let dates = text::validity(from, to, lang);
    let names = match instead.len() {
        0 => String::new(),
        n if n <= 4 => instead.join(", "),
        n => format!(
            "{} {} {} {}",
            instead[..3].join(", "),
            lang.pick("và", "and"),
            n - 3,
            lang.pick("đơn vị khác", "more")
        ),
    };
    let (state, then) = if not_yet {
        (
            lang.pick("chưa tồn tại", "did not exist yet"),
            lang.pick(
                "Số liệu kỳ đó thuộc các đơn vị cũ (kttt cộng lại qua bảng ánh xạ):",
                "Figures of that period belong to the old units (kttt adds them up through the mapping):",
            ),
        )
    } else {
        (
            lang.pick("không còn tồn tại", "no longer existed"),
            lang.pick("Số liệu sau đó thuộc:", "Later figures belong to:"),
        )
    };
    let after = if names.is_empty() {
        String::new()
    } else {
        format!(" {then} {}.", text::sanitize(&names))
    };
    format!("{}{dates} {state} {at}.{after}", text::sanitize(what))
}

impl Unresolved {
    /// The refusal in a language: the query, and what was found instead (the unit's dates and
    /// successors or predecessors, or each unit of that time with its code and level).
    pub fn message(&self, orgs: &OrgUnits, query: &str, lang: Lang) -> String {
        let q = text::sanitize(query);
        match self {
            Unresolved::Unknown => {
                let known: Vec<String> = orgs
                    .in_order()
                    .into_iter()
                    .take(40)
                    .map(|id| orgs.get(id))
                    .map(|x| format!("{} ({})", text::sanitize(&x.code), text::sanitize(&x.name.vi)))
                    .collect();
                let more = if orgs.len() > 40 { ", …" } else { "" };
                format!(
                    "{} “{q}”. {}: {}{more}",
                    lang.pick("Không có đơn vị", "There is no org unit"),
                    lang.pick("Các đơn vị", "Known units"),
                    known.join(", ")
                )
            }
            Unresolved::Absent { unit, when } => {
                let u = orgs.get(*unit);
                let (first, _) = when.days();
                let not_yet = u.begins_after(&first);
                let what = format!("{} ({})", u.name(lang), u.code);
                absent_message(
                    &what,
                    (u.valid_from.as_deref(), u.valid_to.as_deref()),
                    not_yet,
                    &orgs.instead_of(*unit, not_yet),
                    &when.label(lang),
                    lang,
                )
            }
            Unresolved::Ambiguous { units, when } => {
                let list: Vec<String> = units
                    .iter()
                    .map(|id| {
                        let u = orgs.get(*id);
                        format!(
                            "--unit {} ({}, {}{})",
                            text::sanitize(&u.code),
                            u.level.name(lang),
                            text::sanitize(u.name(lang)),
                            text::validity(u.valid_from.as_deref(), u.valid_to.as_deref(), lang)
                        )
                    })
                    .collect();
                format!(
                    "{} “{q}” {} {} {}: {}. {}",
                    lang.pick("Tên", "The name"),
                    lang.pick("là tên của", "belongs to"),
                    units.len(),
                    lang.pick(
                        &format!("đơn vị {}", when.label(Lang::Vi)),
                        &format!("units {}", when.label(Lang::En))
                    ),
                    list.join("; "),
                    lang.pick("Chọn một đơn vị bằng mã của nó.", "Choose one by its code.")
                )
            }
        }
    }
}
