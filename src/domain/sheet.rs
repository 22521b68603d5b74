//! An appendix as a table: its columns for a plan year (periods, funding sources and the
//! computed percentages) and its rows with label rows and indentation, each cell with its
//! figure, status and marks. The command line and the app both draw from this.

use crate::domain::attainment::{Status, Thresholds, attainment, growth, status};
use crate::domain::catalog::{Catalog, FundingId, IndicatorId, Layout, Relation};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PlanFrame};
use crate::domain::rules::{Finding, Severity};
use crate::domain::values::{CellKey, Values};
use crate::i18n::Lang;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What a column shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// A stored figure.
    Value { period: Period, funding: FundingId },
    /// `ƯTH/KH N-1 (%)`: the estimate ÷ the plan of the same year.
    Attainment { achieved: Period, plan: Period },
    /// `KH N/ƯTH N-1 (%)`: next plan ÷ the estimate.
    Growth { next: Period, base: Period },
}

impl ColumnKind {
    /// Whether the column is computed (not editable).
    pub fn is_computed(self) -> bool {
        !matches!(self, ColumnKind::Value { .. })
    }

    /// The column head in two lines (`ƯTH` / `2019`, `ƯTH/KH` / `2019 %`).
    pub fn head(self, catalog: &Catalog, lang: Lang) -> (String, String) {
        match self {
            ColumnKind::Value { period, funding } => {
                if funding == FundingId::TOTAL {
                    (period.kind.short(lang).to_string(), period.year.to_string())
                } else {
                    (
                        catalog.fundings[funding.0 as usize].abbr.get(lang).to_string(),
                        format!("{}{}", period.kind.short(lang), period.year % 100),
                    )
                }
            }
            ColumnKind::Attainment { achieved, plan } => (
                format!("{}/{}", achieved.kind.short(lang), plan.kind.short(lang)),
                format!("{} %", plan.year),
            ),
            ColumnKind::Growth { next, base } => (
                format!("{}/{}", next.kind.short(lang), base.kind.short(lang)),
                format!("{}/{} %", next.year % 100, base.year % 100),
            ),
        }
    }

    /// The column head in one line, for text output (`ƯTH 2019`, `ƯTH/KH 2019 (%)`).
    pub fn title(self, catalog: &Catalog, lang: Lang) -> String {
        match self {
            ColumnKind::Value { period, funding } if funding != FundingId::TOTAL => format!(
                "{} {}",
                period.label(lang),
                catalog.fundings[funding.0 as usize].abbr.get(lang)
            ),
            ColumnKind::Value { period, .. } => period.label(lang),
            ColumnKind::Attainment { achieved, plan } => format!(
                "{}/{} {} (%)",
                achieved.kind.short(lang),
                plan.kind.short(lang),
                plan.year
            ),
            ColumnKind::Growth { next, base } => format!(
                "{} {}/{} {} (%)",
                next.kind.short(lang),
                next.year,
                base.kind.short(lang),
                base.year
            ),
        }
    }

    /// A stable machine name: `TH2018`, `TH2018.ntm`, `pct.UTH2019/KH2019`.
    pub fn id(self, catalog: &Catalog) -> String {
        match self {
            ColumnKind::Value { period, funding } if funding == FundingId::TOTAL => period.tag(),
            ColumnKind::Value { period, funding } => {
                format!("{}.{}", period.tag(), catalog.fundings[funding.0 as usize].code)
            }
            ColumnKind::Attainment { achieved, plan } => format!("pct.{}/{}", achieved.tag(), plan.tag()),
            ColumnKind::Growth { next, base } => format!("pct.{}/{}", next.tag(), base.tag()),
        }
    }
}

/// The columns of an appendix layout for a plan year.
pub fn columns(catalog: &Catalog, layout: Layout, frame: PlanFrame) -> Vec<ColumnKind> {
    let t = FundingId::TOTAL;
    match layout {
        Layout::Plan => {
            let mut c: Vec<ColumnKind> = frame
                .periods()
                .iter()
                .map(|p| ColumnKind::Value { period: *p, funding: t })
                .collect();
            c.push(ColumnKind::Attainment {
                achieved: frame.estimate_last(),
                plan: frame.plan_last(),
            });
            c.push(ColumnKind::Growth {
                next: frame.plan_this(),
                base: frame.estimate_last(),
            });
            c
        }
        Layout::Funding => {
            let mut c = Vec::new();
            for p in [frame.actual_before_last(), frame.estimate_last(), frame.plan_this()] {
                for f in &catalog.fundings {
                    c.push(ColumnKind::Value {
                        period: p,
                        funding: f.id,
                    });
                }
            }
            c.push(ColumnKind::Growth {
                next: frame.plan_this(),
                base: frame.estimate_last(),
            });
            c
        }
    }
}

/// A row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A printed label: `Trong đó:` or `Chia ra:`.
    Label(Relation),
    /// An indicator's row.
    Indicator(IndicatorId),
    /// A computed row under a "Chia ra" group: the sum of the parts of this whole, so the
    /// split can be read against its total as figures change.
    PartsSum(IndicatorId),
}

/// A row and how far its name is indented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SheetRow {
    pub kind: RowKind,
    pub indent: u8,
}

/// One cell as drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct CellView {
    /// The figure (or percentage); `None` is blank.
    pub value: Option<Decimal>,
    /// For percentages: met, close or behind.
    pub status: Option<Status>,
    /// For stored figures: the cell's address.
    pub key: Option<CellKey>,
    /// The row takes figures here (false for headings and computed columns).
    pub applicable: bool,
    /// The worst finding that involves this cell.
    pub flag: Option<Severity>,
    /// Differs from the official figure (a scenario change or the live preview).
    pub changed: bool,
    /// Nobody entered it for the unit: the figure is the roll-up of its parts.
    pub rolled: bool,
    /// For a rolled-up figure: how many of the units below it reaches (`3/8 huyện`).
    pub cover: Option<crate::domain::rollup::Cover>,
}

impl CellView {
    /// A rolled-up figure that misses units below it (marked `~`, never taken as complete).
    pub fn partial(&self) -> bool {
        self.rolled && self.value.is_some() && self.cover.is_some_and(|c| !c.complete())
    }
}

/// A table built from figures.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetView {
    pub columns: Vec<ColumnKind>,
    pub rows: Vec<SheetRow>,
    /// One entry per row (empty for label rows), one cell per column.
    pub cells: Vec<Vec<CellView>>,
}

/// How many "Trong đó"/"Chia ra" steps separate a row from the top.
pub fn indent(catalog: &Catalog, id: IndicatorId) -> u8 {
    let mut n = 0;
    let mut cur = Some(id);
    while let Some(c) = cur {
        let ind = catalog.get(c);
        if ind.relation.is_some() {
            n += 1;
        }
        cur = ind.parent;
    }
    n
}

/// The table rows for a list of indicators, with their label rows as printed.
pub fn rows(catalog: &Catalog, ids: &[IndicatorId]) -> Vec<SheetRow> {
    rows_with(catalog, ids, false)
}

/// The table rows, optionally with a computed sum row after each "Chia ra" group.
pub fn rows_with(catalog: &Catalog, ids: &[IndicatorId], sums: bool) -> Vec<SheetRow> {
    let mut out = Vec::with_capacity(ids.len() + 8);
    for (n, id) in ids.iter().enumerate() {
        let ind = indent(catalog, *id);
        let me = catalog.get(*id);
        if let Some(rel) = me.label_before {
            out.push(SheetRow {
                kind: RowKind::Label(rel),
                indent: ind.saturating_sub(1),
            });
        }
        out.push(SheetRow {
            kind: RowKind::Indicator(*id),
            indent: ind,
        });
        // After the last part of a split, the sum of the parts.
        let last_part = me.relation == Some(Relation::Split)
            && ids.get(n + 1).is_none_or(|next| {
                let next = catalog.get(*next);
                next.parent != me.parent || next.relation != Some(Relation::Split)
            });
        if sums
            && last_part
            && let Some(whole) = me.parent
        {
            out.push(SheetRow {
                kind: RowKind::PartsSum(whole),
                indent: ind,
            });
        }
    }
    out
}

/// The label of a computed sum row: `= Tổng các ngành`.
pub fn parts_sum_label(catalog: &Catalog, whole: IndicatorId, lang: Lang) -> String {
    match &catalog.get(whole).parts_label {
        Some(t) => format!("= {}", t.get(lang)),
        None => format!("= {}", lang.pick("Tổng các dòng chia ra", "Sum of the parts")),
    }
}

/// What a table needs besides the figures.
pub struct SheetInput<'a, V: Values> {
    pub catalog: &'a Catalog,
    pub layout: Layout,
    pub frame: PlanFrame,
    pub org: OrgId,
    pub values: &'a V,
    /// The official figures, to mark cells that differ (scenario, preview).
    pub official: Option<&'a dyn Values>,
    /// The worst finding per cell.
    pub flags: &'a HashMap<CellKey, Severity>,
    /// Add a computed sum row after each "Chia ra" group.
    pub sums: bool,
}

/// The worst finding per cell. An error marks every cell it involves; a warning or note
/// marks only the cell it is about, so that one doubtful figure does not light up its row.
pub fn flags(findings: &[Finding]) -> HashMap<CellKey, Severity> {
    let mut m: HashMap<CellKey, Severity> = HashMap::new();
    for f in findings {
        let cells = if f.severity == Severity::Error {
            &f.cells[..]
        } else {
            &f.cells[..1]
        };
        for c in cells {
            let e = m.entry(*c).or_insert(f.severity);
            if f.severity < *e {
                *e = f.severity;
            }
        }
    }
    m
}

/// Computes one cell of an indicator row. A heading line that repeats a total shows that
/// row's cells (typing on the heading goes to that row, below it; nothing is flagged twice).
pub fn cell<V: Values>(input: &SheetInput<'_, V>, id: IndicatorId, col: ColumnKind) -> CellView {
    let ind = input.catalog.get(id);
    if let Some(total) = ind.mirror {
        // The total's own cell (its key, so its source and lock show), never flagged twice.
        return CellView {
            flag: None,
            ..cell(input, total, col)
        };
    }
    let key = |p: Period, f: FundingId| CellKey::new(id, input.org, p, f);
    let v = |p: Period| input.values.value(&key(p, FundingId::TOTAL));
    match col {
        ColumnKind::Value { period, funding } => {
            let applicable = ind.has_values && (funding == FundingId::TOTAL || ind.funded);
            if !applicable {
                return CellView::default();
            }
            let k = key(period, funding);
            let value = input.values.value(&k);
            let rolled = value.is_some() && input.values.entered(&k).is_none();
            CellView {
                value,
                status: None,
                key: Some(k),
                applicable,
                flag: input.flags.get(&k).copied(),
                changed: input.official.is_some_and(|o| o.value(&k) != value),
                rolled,
                cover: if rolled {
                    input.values.rolled(&k).map(|r| r.cover())
                } else {
                    None
                },
            }
        }
        ColumnKind::Attainment { achieved, plan } => {
            if !ind.has_values {
                return CellView::default();
            }
            let p = attainment(v(achieved), v(plan));
            CellView {
                value: p,
                status: status(p, ind.direction, Thresholds::STANDARD),
                ..CellView::default()
            }
        }
        // Next plan over this estimate is growth, not attainment: it has no status.
        ColumnKind::Growth { next, base } => {
            if !ind.has_values {
                return CellView::default();
            }
            CellView {
                value: growth(v(next), v(base)),
                ..CellView::default()
            }
        }
    }
}

/// Computes one cell of a parts-sum row: the sum of the parts' figures that are given.
pub fn sum_cell<V: Values>(input: &SheetInput<'_, V>, whole: IndicatorId, col: ColumnKind) -> CellView {
    let cat = input.catalog;
    let w = cat.get(whole);
    let parts = cat.split_parts(w.id);
    let sum_at = |p: Period, f: FundingId| -> Option<Decimal> {
        let vals: Vec<Decimal> = parts
            .iter()
            .filter_map(|x| input.values.value(&CellKey::new(*x, input.org, p, f)))
            .collect();
        if vals.is_empty() {
            None
        } else {
            vals.into_iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
        }
    };
    let changed_at = |p: Period, f: FundingId| {
        input.official.is_some_and(|o| {
            parts.iter().any(|x| {
                let k = CellKey::new(*x, input.org, p, f);
                o.value(&k) != input.values.value(&k)
            })
        })
    };
    match col {
        ColumnKind::Value { period, funding } => {
            let value = sum_at(period, funding);
            let whole_v = input.values.value(&CellKey::new(whole, input.org, period, funding));
            let differs = matches!((value, whole_v), (Some(a), Some(b)) if a != b);
            CellView {
                value,
                applicable: w.has_values,
                flag: differs.then_some(Severity::Error),
                changed: changed_at(period, funding),
                ..CellView::default()
            }
        }
        ColumnKind::Attainment { achieved, plan } => {
            let p = attainment(sum_at(achieved, FundingId::TOTAL), sum_at(plan, FundingId::TOTAL));
            CellView {
                value: p,
                status: status(p, w.direction, Thresholds::STANDARD),
                ..CellView::default()
            }
        }
        ColumnKind::Growth { next, base } => CellView {
            value: growth(sum_at(next, FundingId::TOTAL), sum_at(base, FundingId::TOTAL)),
            ..CellView::default()
        },
    }
}

/// Builds the table of `ids` (an appendix or a sheet's rows).
pub fn build<V: Values>(input: &SheetInput<'_, V>, ids: &[IndicatorId]) -> SheetView {
    let columns = columns(input.catalog, input.layout, input.frame);
    let rows = rows_with(input.catalog, ids, input.sums);
    let cells = rows
        .iter()
        .map(|r| match r.kind {
            RowKind::Label(_) => Vec::new(),
            RowKind::Indicator(id) => columns.iter().map(|c| cell(input, id, *c)).collect(),
            RowKind::PartsSum(whole) => columns.iter().map(|c| sum_cell(input, whole, *c)).collect(),
        })
        .collect();
    SheetView { columns, rows, cells }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::seed::Seed;
    use crate::domain::values::Dataset;

    /// The seeded table of an appendix for the 2020 plan.
    fn seeded(c: &Catalog, appendix: usize, sums: bool) -> SheetView {
        let d: Dataset = Seed::builtin(c).dataset(OrgId(0));
        let flags = HashMap::new();
        let input = SheetInput {
            catalog: c,
            layout: c.appendices[appendix].layout,
            frame: PlanFrame::new(2020),
            org: OrgId(0),
            values: &d,
            official: None,
            flags: &flags,
            sums,
        };
        build(&input, &c.appendices[appendix].rows)
    }

    #[test]
    fn phu_luc_1_has_the_appendix_shape_and_percentages() {
        let c = Catalog::builtin();
        let v = seeded(&c, 0, false);
        let heads: Vec<String> = v.columns.iter().map(|k| k.title(&c, Lang::Vi)).collect();
        assert_eq!(
            heads,
            [
                "TH 2018",
                "KH 2019",
                "ƯTH 2019",
                "KH 2020",
                "ƯTH/KH 2019 (%)",
                "KH 2020/ƯTH 2019 (%)"
            ]
        );
        let row = |code: &str| {
            let id = c.find(code).unwrap();
            let i = v.rows.iter().position(|r| r.kind == RowKind::Indicator(id)).unwrap();
            (v.rows[i], &v.cells[i])
        };
        let (r, cells) = row("htx.total");
        assert_eq!(r.indent, 0);
        assert_eq!(cells[4].value, Some(Decimal::new(1023, 1)));
        assert_eq!(cells[4].status, Some(Status::Met));
        assert_eq!(cells[5].value, Some(Decimal::new(1142, 1)));
        let (r, cells) = row("htx.dissolved");
        assert_eq!(r.indent, 1);
        assert_eq!(cells[4].value, Some(Decimal::new(1500, 1)));
        assert_eq!(cells[4].status, Some(Status::Behind), "15 dissolved against 10 planned");
        let (_, cells) = row("htx");
        assert!(!cells[0].applicable, "a heading takes no figures");
        assert_eq!(
            v.rows
                .iter()
                .filter(|r| r.kind == RowKind::Label(Relation::OfWhich))
                .count(),
            7
        );
    }

    #[test]
    fn a_split_group_gets_a_live_sum_row_when_asked() {
        let c = Catalog::builtin();
        let v = seeded(&c, 1, true);
        let total = c.find("sector.htx.total").unwrap();
        let i = v.rows.iter().position(|r| r.kind == RowKind::PartsSum(total)).unwrap();
        assert_eq!(
            v.rows[i - 1].kind,
            RowKind::Indicator(c.find("sector.htx.other").unwrap())
        );
        let est = &v.cells[i][2];
        assert_eq!(est.value, Some(Decimal::from(175)));
        assert_eq!(est.flag, Some(Severity::Error), "175 against a total of 176");
        assert_eq!(v.cells[i][3].value, Some(Decimal::from(201)));
        assert_eq!(v.cells[i][3].flag, None);
        assert_eq!(parts_sum_label(&c, total, Lang::Vi), "= Tổng các ngành");
        assert!(
            !rows(&c, &c.appendices[1].rows)
                .iter()
                .any(|r| matches!(r.kind, RowKind::PartsSum(_))),
            "not in the printed layout"
        );
    }

    #[test]
    fn phu_luc_3_has_the_funding_columns() {
        let c = Catalog::builtin();
        let cols = columns(&c, Layout::Funding, PlanFrame::new(2020));
        let ids: Vec<String> = cols.iter().map(|k| k.id(&c)).collect();
        assert_eq!(
            ids,
            [
                "TH2018",
                "TH2018.ntm",
                "TH2018.other",
                "UTH2019",
                "UTH2019.ntm",
                "UTH2019.other",
                "KH2020",
                "KH2020.ntm",
                "KH2020.other",
                "pct.KH2020/UTH2019"
            ]
        );
    }
}
