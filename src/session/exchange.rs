//! Staging figures read from a workbook or CSV: which cells of the session's unit (and, from
//! a by-unit sheet, of the units below it) they are, which of them differ from what the
//! session shows, and which are doubtful (a tenfold jump against the file's own neighbouring
//! figures, or the stored ones where the file has none — with the other reading of a figure
//! written in a text file when that one fits). A by-unit sheet's own-figure and
//! roll-up rows are checked, never staged. Nothing is written here; the staged figures become
//! a scenario through [`Session::import_as_scenario`]. What is found is kept as facts
//! ([`Why`]); `present::problem_lines` writes them.

use super::Session;
use crate::domain::plausible::{self, Assessment, Reference};
use crate::domain::values::{CellKey, Layered, Overlay, Values};
use crate::error::Refused;
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
    pub problems: Vec<Found>,
    /// Doubtful figures (unless `force`): asked about in the app, refused by the command
    /// line without `--force`.
    pub doubts: Vec<Found>,
}

/// Something found in the file, placed as a spreadsheet shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub sheet: String,
    /// 1-based; 0 when it is about the whole sheet.
    pub row: u32,
    /// Column letters; empty when it is about a whole row or sheet.
    pub col: String,
    pub why: Why,
}

/// Why a figure of the file stops the import, or is doubtful.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// The parser's problem with the file's layout, in its words.
    File(Text),
    /// The file is the plan of another year than the one chosen.
    OtherYear { file: i32, chosen: i32 },
    /// The file names another issuing body than the unit it is imported for.
    OtherIssuer { issuer: String, unit: Text },
    /// A by-unit sheet's unit code is no unit under the session's at the end of the year.
    NotBelow { code: String, unit: Text, year: i32 },
    /// The cell cannot take a figure.
    Cell(Refused),
    /// A by-unit sheet's row of the unit's own figure differs from what is entered.
    OwnRow {
        unit: Text,
        file: Option<Decimal>,
        held: Option<Decimal>,
    },
    /// A by-unit sheet's total row differs from what its units add up to.
    TotalRow {
        file: Option<Decimal>,
        rolled: Option<Decimal>,
    },
    /// A tenfold jump against the neighbouring figures: the row's short name, its unit of
    /// measure, what was assessed.
    Jump {
        row: Text,
        unit: Text,
        assessment: Assessment,
    },
}

impl From<Problem> for Found {
    fn from(p: Problem) -> Found {
        Found {
            sheet: p.sheet,
            row: p.row,
            col: p.col,
            why: Why::File(p.message),
        }
    }
}

fn placed(c: &ReadCell, why: Why) -> Found {
    Found {
        sheet: c.sheet.clone(),
        row: c.row,
        col: c.col.clone(),
        why,
    }
}

impl Session {
    /// Works out what importing `parsed` into the session's unit and plan year would change.
    /// With `force`, tenfold jumps are staged as read instead of stopping the import.
    pub fn plan_import(&self, parsed: &Parsed, force: bool) -> ImportPlan {
        let mut plan = ImportPlan {
            problems: parsed.problems.iter().cloned().map(Found::from).collect(),
            ..ImportPlan::default()
        };
        if let Some(y) = parsed.year
            && y != self.year
        {
            plan.problems.push(Found {
                sheet: parsed.cells.first().map(|c| c.sheet.clone()).unwrap_or_default(),
                row: 0,
                col: String::new(),
                why: Why::OtherYear {
                    file: y,
                    chosen: self.year,
                },
            });
            return plan;
        }
        if let Some((sheet, issuer)) = &parsed.issuer {
            let unit = self.unit();
            let folded = crate::domain::text::fold(issuer);
            if !folded.contains(&crate::domain::text::fold(&unit.name.vi))
                && !folded.contains(&crate::domain::text::fold(&unit.name.en))
            {
                plan.problems.push(Found {
                    sheet: sheet.clone(),
                    row: 1,
                    col: "A".into(),
                    why: Why::OtherIssuer {
                        issuer: issuer.clone(),
                        unit: unit.name.clone(),
                    },
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
                        let why = Why::NotBelow {
                            code: code.clone(),
                            unit: self.unit().name.clone(),
                            year: self.year,
                        };
                        plan.problems.push(placed(c, why));
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
            if let Some(r) = self.cell_refusal(&key) {
                plan.problems.push(placed(c, Why::Cell(r)));
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
            if let Some(why) = self.row_disagrees(&staged, &key, c) {
                plan.problems.push(placed(c, why));
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
            let unit = |lang: Lang| self.catalog.unit_name(key.indicator, lang).to_string();
            let why = Why::Jump {
                row: ind.short.clone(),
                unit: Text::new(unit(Lang::Vi), unit(Lang::En)),
                assessment: a,
            };
            plan.doubts.push(placed(c, why));
        }
        plan
    }

    /// Why a by-unit sheet's own-figure or roll-up row disagrees with the figures, if
    /// it does: the own figure is entered on the appendix sheet, the roll-up is worked out.
    fn row_disagrees(&self, staged: &Layered<'_>, key: &CellKey, c: &ReadCell) -> Option<Why> {
        match c.whose {
            Whose::OwnRow => {
                let entered = staged.entered(key);
                (entered != c.value).then(|| Why::OwnRow {
                    unit: self.unit().name.clone(),
                    file: c.value,
                    held: entered,
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
                (!same).then_some(Why::TotalRow { file: c.value, rolled })
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
        let prefix = crate::present::import_prefix(self.db.lang);
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
