//! An appendix as a table — the view model every shell draws: its columns for a plan year
//! (periods, funding sources, the computed percentages), its rows with label rows and
//! indentation, each row with its percentages and each cell with its figure, status and
//! every fact it is marked by. Worked out once here; the command line, the app, workbooks,
//! CSV and the report only draw it.

mod cell;
mod columns;
mod progress;
mod rows;
#[cfg(test)]
mod tests;

pub use cell::{CellView, Facts};
pub use columns::{ColumnKind, columns};
pub use progress::{Progress, Ratio};
pub use rows::{RowKind, SheetRow, indent, parts_sum_label, rows, rows_with};

use crate::domain::catalog::{Catalog, FundingId, IndicatorId, Layout};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PlanFrame};
use crate::domain::rules::{Finding, Severity};
use crate::domain::values::{CellKey, Values};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A row as drawn: what it is, how far its name is indented, and its percentages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowView {
    pub kind: RowKind,
    pub indent: u8,
    /// Attainment and growth of the row's figures (blank on a label row and on a heading
    /// without figures).
    pub progress: Progress,
}

/// A table built from figures.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetView {
    pub columns: Vec<ColumnKind>,
    pub rows: Vec<RowView>,
    /// One entry per row (empty for label rows), one cell per column.
    pub cells: Vec<Vec<CellView>>,
}

impl SheetView {
    /// The row of an indicator, if the table has it.
    pub fn row_of(&self, id: IndicatorId) -> Option<usize> {
        self.rows.iter().position(|r| r.kind == RowKind::Indicator(id))
    }

    /// The column of a stored figure, if the table has it.
    pub fn column_of(&self, period: Period, funding: FundingId) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| *c == ColumnKind::Value { period, funding })
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
    /// The stored cells and the locks the figures' marks are read from.
    pub facts: Facts<'a>,
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

/// The percentages of an indicator's row. A heading line that repeats a total has that
/// row's.
pub fn progress<V: Values>(input: &SheetInput<'_, V>, id: IndicatorId) -> Progress {
    let ind = input.catalog.get(input.catalog.get(id).mirror.unwrap_or(id));
    if !ind.has_values {
        return Progress::default();
    }
    Progress::of(
        |p| {
            input
                .values
                .value(&CellKey::new(ind.id, input.org, p, FundingId::TOTAL))
        },
        input.frame,
        ind.direction,
    )
}

/// Computes one figure cell of an indicator row (a percentage column's cell is the row's
/// [`Progress`]). A heading line that repeats a total shows that row's cells (typing on the
/// heading goes to that row, below it; nothing is flagged twice).
pub fn cell<V: Values>(input: &SheetInput<'_, V>, id: IndicatorId, col: ColumnKind) -> CellView {
    let ind = input.catalog.get(id);
    if let Some(total) = ind.mirror {
        // The total's own cell (its key, so its source and lock show), never flagged twice.
        return CellView {
            flag: None,
            ..cell(input, total, col)
        };
    }
    let ColumnKind::Value { period, funding } = col else {
        return progress(input, id).ratio(col).unwrap_or_default().cell();
    };
    if !ind.has_values || (funding != FundingId::TOTAL && !ind.funded) {
        return CellView::default();
    }
    let k = CellKey::new(id, input.org, period, funding);
    let c = CellView::figure(input.values, k, &input.facts);
    CellView {
        flag: input.flags.get(&k).copied(),
        changed: input.official.is_some_and(|o| o.value(&k) != c.value),
        ..c
    }
}

/// The sum of the parts of a "Chia ra" group that are given, in a period and source.
fn parts_sum<V: Values>(input: &SheetInput<'_, V>, parts: &[IndicatorId], p: Period, f: FundingId) -> Option<Decimal> {
    let vals: Vec<Decimal> = parts
        .iter()
        .filter_map(|x| input.values.value(&CellKey::new(*x, input.org, p, f)))
        .collect();
    if vals.is_empty() {
        None
    } else {
        vals.into_iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
    }
}

/// The percentages of a parts-sum row: of the sums.
fn sum_progress<V: Values>(input: &SheetInput<'_, V>, whole: IndicatorId) -> Progress {
    let parts = input.catalog.split_parts(whole);
    Progress::of(
        |p| parts_sum(input, &parts, p, FundingId::TOTAL),
        input.frame,
        input.catalog.get(whole).direction,
    )
}

/// Computes one cell of a parts-sum row: the sum of the parts' figures that are given.
pub fn sum_cell<V: Values>(input: &SheetInput<'_, V>, whole: IndicatorId, col: ColumnKind) -> CellView {
    let w = input.catalog.get(whole);
    let parts = input.catalog.split_parts(w.id);
    let ColumnKind::Value { period, funding } = col else {
        return sum_progress(input, whole).ratio(col).unwrap_or_default().cell();
    };
    let value = parts_sum(input, &parts, period, funding);
    let whole_v = input.values.value(&CellKey::new(whole, input.org, period, funding));
    let differs = matches!((value, whole_v), (Some(a), Some(b)) if a != b);
    let changed = input.official.is_some_and(|o| {
        parts.iter().any(|x| {
            let k = CellKey::new(*x, input.org, period, funding);
            o.value(&k) != input.values.value(&k)
        })
    });
    CellView {
        value,
        applicable: w.has_values,
        flag: differs.then_some(Severity::Error),
        changed,
        ..CellView::default()
    }
}

/// A row's cells: its percentages from `p`, its figures from `figure`.
fn row_cells(
    columns: &[ColumnKind],
    p: Progress,
    figure: impl Fn(ColumnKind) -> CellView,
) -> (Progress, Vec<CellView>) {
    let cells = columns
        .iter()
        .map(|c| p.ratio(*c).map_or_else(|| figure(*c), Ratio::cell))
        .collect();
    (p, cells)
}

/// Builds the table of `ids` (an appendix or a sheet's rows).
pub fn build<V: Values>(input: &SheetInput<'_, V>, ids: &[IndicatorId]) -> SheetView {
    let columns = columns(input.catalog, input.layout, input.frame);
    let shape = rows_with(input.catalog, ids, input.sums);
    let mut rows = Vec::with_capacity(shape.len());
    let mut cells = Vec::with_capacity(shape.len());
    for r in shape {
        let (progress, row) = match r.kind {
            RowKind::Label(_) => (Progress::default(), Vec::new()),
            RowKind::Indicator(id) => row_cells(&columns, progress(input, id), |c| cell(input, id, c)),
            RowKind::PartsSum(whole) => row_cells(&columns, sum_progress(input, whole), |c| sum_cell(input, whole, c)),
        };
        rows.push(RowView {
            kind: r.kind,
            indent: r.indent,
            progress,
        });
        cells.push(row);
    }
    SheetView { columns, rows, cells }
}
