//! A row's percentages: plan attainment (`ƯTH/KH N-1`, judged by the row's direction) and
//! growth (`KH N/ƯTH N-1`, never judged), worked out once from the row's figures. The table's
//! percentage columns, the overview's bars, the line under the table and `kttt set` all read
//! them from here.

use super::{CellView, ColumnKind};
use crate::domain::attainment::{Status, Thresholds, attainment, growth, status};
use crate::domain::catalog::Direction;
use crate::domain::period::{Period, PlanFrame};
use rust_decimal::Decimal;

/// One figure over another, as a percentage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    /// The figure divided: the estimate (attainment), the next plan (growth).
    pub over: Option<Decimal>,
    /// The figure it is divided by: the plan (attainment), the estimate (growth).
    pub under: Option<Decimal>,
    /// `over ÷ under × 100` to one decimal; blank when either is blank or `under` is zero.
    pub value: Option<Decimal>,
    /// Met, close or behind: only attainment, and only on a row with a direction.
    pub status: Option<Status>,
}

impl Ratio {
    /// Attainment: what was achieved over the plan, judged by the row's direction.
    pub fn attainment(achieved: Option<Decimal>, plan: Option<Decimal>, direction: Direction) -> Ratio {
        let value = attainment(achieved, plan);
        Ratio {
            over: achieved,
            under: plan,
            value,
            status: status(value, direction, Thresholds::STANDARD),
        }
    }

    /// Growth: the next plan over this estimate (not attainment: no status).
    pub fn growth(next: Option<Decimal>, base: Option<Decimal>) -> Ratio {
        Ratio {
            over: next,
            under: base,
            value: growth(next, base),
            status: None,
        }
    }

    /// `over ÷ under` unrounded, as a spreadsheet's formula works it out (the result a
    /// workbook's percentage formula carries); blank as [`Ratio::value`] is.
    pub fn fraction(&self) -> Option<Decimal> {
        match (self.over, self.under) {
            (Some(a), Some(b)) if !b.is_zero() => a.checked_div(b),
            _ => None,
        }
    }

    /// The ratio as the cell of a percentage column.
    pub fn cell(self) -> CellView {
        CellView {
            value: self.value,
            status: self.status,
            ..CellView::default()
        }
    }
}

/// A row's percentages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// `ƯTH/KH N-1`: the estimate of last year over its plan.
    pub attainment: Ratio,
    /// `KH N/ƯTH N-1`: this year's plan over last year's estimate.
    pub growth: Ratio,
}

impl Progress {
    /// The percentages of a row whose total figure in a period is `at(period)`.
    pub fn of(at: impl Fn(Period) -> Option<Decimal>, frame: PlanFrame, direction: Direction) -> Progress {
        let estimate = at(frame.estimate_last());
        Progress {
            attainment: Ratio::attainment(estimate, at(frame.plan_last()), direction),
            growth: Ratio::growth(at(frame.plan_this()), estimate),
        }
    }

    /// The ratio a percentage column shows (`None` for a column of figures). The columns of
    /// a table are those of the frame the percentages were worked out in.
    pub fn ratio(&self, col: ColumnKind) -> Option<Ratio> {
        match col {
            ColumnKind::Attainment { .. } => Some(self.attainment),
            ColumnKind::Growth { .. } => Some(self.growth),
            ColumnKind::Value { .. } => None,
        }
    }
}
