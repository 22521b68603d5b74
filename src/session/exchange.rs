//! Staging figures read from a workbook or CSV: which cells of the session's unit they are,
//! which of them differ from what the session shows, and which are doubtful (a tenfold
//! jump against the file's own neighbouring figures, or the stored ones where the file has
//! none). Nothing is written here; the staged figures become a scenario through
//! [`Session::import_as_scenario`].

use super::Session;
use crate::domain::plausible::{self, Reference};
use crate::domain::values::{CellKey, Layered, Overlay, Values};
use crate::exchange::parse::{Parsed, Problem, ReadCell};
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
    /// cannot take figures, doubtful figures unless `force`).
    pub problems: Vec<Problem>,
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
        for c in &parsed.cells {
            let key = self.key(c.indicator, c.period, c.funding);
            if let Err(e) = self.check_cell(&key) {
                plan.problems
                    .push(placed(c, Text::new(e.message(Lang::Vi), e.message(Lang::En))));
                continue;
            }
            if shown.value(&key) == c.value {
                plan.unchanged += 1;
                continue;
            }
            plan.overlay.changes.insert(key, c.value);
            plan.cells.push((key, c.value, c.clone()));
        }
        // Doubtful figures, judged against the file's own figures where it has them.
        let staged = Layered {
            overlay: Some(&plan.overlay),
            ..shown
        };
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
            if let Some(j) = plausible::jump(*v, &refs) {
                let ind = self.catalog.get(key.indicator);
                let say = |lang: Lang| {
                    let f = |d: &Decimal| crate::domain::number::format(d, lang);
                    format!(
                        "{} {} {} {} {} {} ({}) — {}",
                        ind.short.get(lang),
                        f(v),
                        lang.pick("gấp", "is"),
                        f(&j.factor),
                        lang.pick("lần", "times"),
                        j.reference.period.label(lang),
                        f(&j.reference.value),
                        lang.pick(
                            "kiểm tra lại đơn vị tính và dấu phân cách; nếu đúng, nhập lại với --force.",
                            "check the unit and the separators; if it is right, import again with --force."
                        )
                    )
                };
                plan.problems.push(placed(c, Text::new(say(Lang::Vi), say(Lang::En))));
            }
        }
        plan
    }

    /// A name for a scenario staging `path` that no open scenario has yet: `Nhập kehoach`,
    /// then `Nhập kehoach (2)`; a long file name is shortened (ending in `…`) so that the
    /// name, its number included, fits a scenario name.
    pub fn import_name(&self, path: &std::path::Path) -> crate::error::Result<String> {
        let stem = path
            .file_stem()
            .map(|x| x.to_string_lossy().to_string())
            .unwrap_or_default();
        let prefix = self.lang.pick("Nhập", "Import");
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
