//! Staging figures read from a workbook or CSV: which cells of the session's unit (and, from
//! a by-unit sheet, of the units below it) they are, which of them differ from what the
//! session shows, and which are doubtful (a tenfold jump against the file's own neighbouring
//! figures, or the stored ones where the file has none — with the other reading of a figure
//! written in a text file when that one fits). A by-unit sheet's own-figure and
//! roll-up rows are checked, never staged. Nothing is written here; the staged figures become
//! a scenario through [`Session::import_as_scenario`].

use super::Session;
use crate::domain::plausible::{self, Reference};
use crate::domain::values::{CellKey, Layered, Overlay, Values};
use crate::exchange::parse::{Parsed, Problem, ReadCell, Whose};
use crate::i18n::{Lang, Text};
use rust_decimal::Decimal;

/// What an import would change.
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    /// The figures that differ from what the session shows, by cell (blank is `None`).
    pub overlay: Overlay,
    /// The staged cells in the file's order, with where each was read.
    pub cells: Vec<(CellKey, Option<Decimal>, ReadCell)>,
    /// How many figures read equal what is stored (or rolled up) already.
    pub unchanged: usize,
    /// What stops the import: the parser's problems and the session's own (cells that
    /// cannot take figures, a by-unit sheet's rows that disagree).
    pub problems: Vec<Problem>,
    /// Doubtful figures (unless `force`): asked about in the app, refused by the command
    /// line without `--force`.
    pub doubts: Vec<Problem>,
}

fn placed(c: &ReadCell, message: Text) -> Problem {
    Problem {
        sheet: c.sheet.clone(),
        row: c.row,
        col: c.col.clone(),
        message,
    }
}

impl Session {
    /// Works out what importing `parsed` into the session's unit and plan year would change.
    /// With `force`, tenfold jumps are staged as read instead of stopping the import.
    pub fn plan_import(&self, parsed: &Parsed, force: bool) -> ImportPlan {
        let mut plan = ImportPlan {
            problems: parsed.problems.clone(),
            ..ImportPlan::default()
        };
        if let Some(y) = parsed.year
            && y != self.year
        {
            plan.problems.push(Problem {
                sheet: parsed.cells.first().map(|c| c.sheet.clone()).unwrap_or_default(),
                row: 0,
                col: String::new(),
                message: Text::new(
                    format!("tệp là kế hoạch năm {y}, không phải năm {} đang chọn.", self.year),
                    format!("the file is the plan for {y}, not the {} plan chosen.", self.year),
                ),
            });
            return plan;
        }
        if let Some((sheet, issuer)) = &parsed.issuer {
            let unit = self.unit();
            let folded = crate::domain::text::fold(issuer);
            if !folded.contains(&crate::domain::text::fold(&unit.name.vi))
                && !folded.contains(&crate::domain::text::fold(&unit.name.en))
            {
                plan.problems.push(Problem {
                    sheet: sheet.clone(),
                    row: 1,
                    col: "A".into(),
                    message: Text::new(
                        format!(
                            "tệp ghi “{issuer}” nhưng đang nhập cho {}; chọn đúng đơn vị bằng --unit (trong ứng dụng: o).",
                            unit.name.vi
                        ),
                        format!(
                            "the file says “{issuer}” but is being imported for {}; choose the right unit with --unit (in the app: o).",
                            unit.name.en
                        ),
                    ),
                });
                return plan;
            }
        }
        let shown = self.values().official_view();
        let parts = self.parts();
        let mut checks: Vec<(CellKey, &ReadCell)> = Vec::new();
        for c in &parsed.cells {
            let key = match &c.whose {
                Whose::Part(code) => match self.db.store.orgs().by_code(code).filter(|o| parts.contains(o)) {
                    Some(org) => CellKey::new(c.indicator, org, c.period, c.funding),
                    None => {
                        let unit = self.unit();
                        let code = crate::domain::text::sanitize(code);
                        plan.problems.push(placed(
                            c,
                            Text::new(
                                format!(
                                    "đơn vị mã “{code}” không phải đơn vị cấp dưới của {} vào cuối năm {}.",
                                    unit.name.vi, self.year
                                ),
                                format!(
                                    "the unit coded “{code}” is not under {} at the end of {}.",
                                    unit.name.en, self.year
                                ),
                            ),
                        ));
                        continue;
                    }
                },
                _ => self.key(c.indicator, c.period, c.funding),
            };
            if matches!(c.whose, Whose::OwnRow | Whose::TotalRow) {
                checks.push((key, c));
                continue;
            }
            // A figure as shown already is no write (a 2024 figure of a unit formed in 2025,
            // built through the mapping, reads back as it was written).
            if shown.value(&key) == c.value {
                plan.unchanged += 1;
                continue;
            }
            if let Err(e) = self.check_cell(&key) {
                plan.problems
                    .push(placed(c, Text::new(e.message(Lang::Vi), e.message(Lang::En))));
                continue;
            }
            plan.overlay.changes.insert(key, c.value);
            plan.cells.push((key, c.value, c.clone()));
        }
        let staged = Layered {
            overlay: Some(&plan.overlay),
            ..shown
        };
        for (key, c) in checks {
            if let Some(m) = self.row_disagrees(&staged, &key, c) {
                plan.problems.push(placed(c, m));
            }
        }
        // Doubtful figures, judged against the file's own figures where it has them.
        for (key, value, c) in plan.cells.iter().filter(|_| !force) {
            let Some(v) = value else { continue };
            let refs: Vec<Reference> = plausible::references(key.period)
                .into_iter()
                .filter_map(|p| {
                    staged
                        .value(&key.with_period(p))
                        .map(|value| Reference { period: p, value })
                })
                .collect();
            let ind = self.catalog.get(key.indicator);
            // A figure of a text file is also read the file's other way: if that one fits,
            // it is the question.
            let written = c.written.as_deref().zip(parsed.convention);
            let a = match written {
                Some((t, conv)) => plausible::assess(ind, t, Some(*v), true, conv.lang, &refs),
                None => plausible::assess(ind, "", Some(*v), false, Lang::Vi, &refs),
            };
            if a.jump.is_none() {
                continue;
            }
            let say = |lang: Lang| {
                let what = format!("{}:", ind.short.get(lang));
                let unit = self.catalog.unit_name(key.indicator, lang);
                format!(
                    "{what} {} — {}",
                    a.concern("", unit, lang).unwrap_or_default(),
                    lang.pick(
                        "kiểm tra lại đơn vị tính và dấu phân cách; nếu đúng, nhập lại với --force.",
                        "check the unit and the separators; if it is right, import again with --force."
                    )
                )
            };
            plan.doubts.push(placed(c, Text::new(say(Lang::Vi), say(Lang::En))));
        }
        plan
    }

    /// Why a by-unit sheet's own-figure or roll-up row disagrees with the figures, if
    /// it does: the own figure is entered on the appendix sheet, the roll-up is worked out.
    fn row_disagrees(&self, staged: &Layered<'_>, key: &CellKey, c: &ReadCell) -> Option<Text> {
        let unit = self.unit();
        // `<the row> <figure>; <what is held> <figure> — <what to do>`, in both languages.
        let say = |row: [String; 2], held: (&str, &str, Option<Decimal>), advice: (&str, &str)| {
            let line = |lang: Lang, row: &str, what: &str, advice: &str| {
                let f = |d: Option<Decimal>| crate::domain::number::format_cell(d.as_ref(), lang);
                format!("{row} {}; {what} {} — {advice}", f(c.value), f(held.2))
            };
            Text::new(
                line(Lang::Vi, &row[0], held.0, advice.0),
                line(Lang::En, &row[1], held.1, advice.1),
            )
        };
        match c.whose {
            Whose::OwnRow => {
                let entered = staged.entered(key);
                (entered != c.value).then(|| {
                    say(
                        [
                            format!("dòng “Số nhập của {}” ghi", unit.name.vi),
                            format!("the row “Entered for {}” says", unit.name.en),
                        ],
                        ("số đang có là", "the figure held is", entered),
                        (
                            "số của chính đơn vị được sửa ở trang phụ lục, không ở trang theo đơn vị.",
                            "the unit's own figures are changed on the appendix sheet, not on the sheet by unit.",
                        ),
                    )
                })
            }
            Whose::TotalRow => {
                let rolled = staged.rolled(key).and_then(|r| r.value);
                // At the precision the file shows (a mean rounded by the spreadsheet).
                let same = match (rolled, c.value) {
                    (Some(a), Some(b)) => {
                        a.round_dp_with_strategy(b.scale(), rust_decimal::RoundingStrategy::MidpointAwayFromZero) == b
                    }
                    (a, b) => a == b,
                };
                (!same).then(|| {
                    say(
                        ["dòng Cộng ghi".into(), "the Total row says".into()],
                        ("các đơn vị trong tệp cộng lại", "the units in the file add up to", rolled),
                        (
                            "sửa số của từng đơn vị, không sửa dòng Cộng (nếu đã sửa, mở tệp bằng Excel hoặc LibreOffice để tính lại rồi lưu).",
                            "change the units' figures, not the Total row (if you did, open the file in Excel or LibreOffice to recalculate, then save).",
                        ),
                    )
                })
            }
            _ => None,
        }
    }

    /// A name for a scenario staging `path` that no open scenario has yet: the file's name,
    /// `Nhập ke-hoach.xlsx`, then `Nhập ke-hoach.xlsx (2)`; a long file name is shortened (ending in `…`) so that the
    /// name, its number included, fits a scenario name.
    pub fn import_name(&self, path: &std::path::Path) -> crate::error::Result<String> {
        let stem = path
            .file_name()
            .map(|x| x.to_string_lossy().to_string())
            .unwrap_or_default();
        let prefix = self.db.lang.pick("Nhập", "Import");
        // Room for the prefix, a space and a number such as " (12)".
        let room = crate::store::MAX_SCENARIO_NAME - prefix.chars().count() - 1 - 5;
        let stem = crate::domain::text::sanitize(&stem);
        let stem = crate::domain::text::shorten_chars(stem.trim_start_matches(['=', '+', '-', '@']), room);
        let base = format!("{prefix} {stem}");
        let taken: Vec<String> = self
            .scenarios(false)?
            .into_iter()
            .map(|x| crate::domain::text::fold(&x.name))
            .collect();
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&crate::domain::text::fold(&name)) {
            name = format!("{base} ({n})");
            n += 1;
        }
        Ok(name)
    }
}
