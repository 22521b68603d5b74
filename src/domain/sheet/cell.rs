//! One cell as drawn: its figure (or percentage) with every fact a shell marks it by — from
//! the plan's text, the appendix's “-”, rolled up and how far, locked by which plan, with a
//! comment, changed in a scenario, flagged by a finding. Worked out once, from the figures and
//! [`Facts`]; which mark each fact becomes is [`crate::domain::marks`]'s to say.

use crate::domain::access::{Lock, PlanState, lock_of};
use crate::domain::attainment::Status;
use crate::domain::rollup::Cover;
use crate::domain::rules::Severity;
use crate::domain::values::{CellKey, Dataset, Source, Values};
use rust_decimal::Decimal;

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
    pub cover: Option<Cover>,
    /// Carried from an indicator of the form before, through the year's form's links.
    pub carried: bool,
    /// The figure shown is the one the plan's text states: stored so, and not changed by a
    /// scenario or by the figure being typed.
    pub narrative: bool,
    /// Blank because the published appendix prints “-” here: none, not a figure not reported.
    pub dash: bool,
    /// A comment is kept with the figure.
    pub noted: bool,
    /// The plan that locks the figure (none while a scenario is shown: its figures may change).
    pub lock: Option<Lock>,
}

impl CellView {
    /// A rolled-up figure that misses units below it (marked `~`, never taken as complete).
    pub fn partial(&self) -> bool {
        self.rolled && self.value.is_some() && self.cover.is_some_and(|c| !c.complete())
    }

    /// A stored figure's cell as shown in `values`: entered, or rolled up (with how far it
    /// reaches), with the marks `facts` give it.
    pub fn figure(values: &impl Values, key: CellKey, facts: &Facts<'_>) -> CellView {
        let value = values.value(&key);
        let carried = value.is_some() && values.carried(&key);
        let rolled = value.is_some() && !carried && values.entered(&key).is_none();
        let cell = CellView {
            value,
            key: Some(key),
            applicable: true,
            rolled,
            carried,
            cover: if rolled {
                values.rolled(&key).map(|r| r.cover())
            } else {
                None
            },
            ..CellView::default()
        };
        facts.mark(values, cell)
    }
}

/// What a figure's marks are read from besides the figures: the stored official cells (where
/// a figure came from, its comment) and the plans that lock figures.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    /// The stored official cells.
    pub stored: &'a Dataset,
    /// The plans sent up or approved, whose figures are locked (none while a scenario is
    /// shown: its figures may change).
    pub plans: &'a [PlanState],
}

impl Facts<'_> {
    /// A stored figure's cell with its marks: from the plan's text, the appendix's “-”, a
    /// comment, a lock (nothing for a cell without an address).
    pub fn mark(&self, values: &impl Values, cell: CellView) -> CellView {
        let Some(key) = cell.key else { return cell };
        let stored = self.stored.cell(&key);
        CellView {
            narrative: cell.value.is_some() && values.stated_in_text(&key),
            dash: cell.value.is_none() && stored.is_some_and(|c| matches!(c.source, Source::Dash(_))),
            noted: stored.is_some_and(|c| c.note.is_some()),
            lock: lock_of(self.plans, key.org, key.period).map(PlanState::lock),
            ..cell
        }
    }
}
