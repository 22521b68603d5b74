//! The view models, built from what the session holds: the figures of its slice, the stored
//! cells' sources and comments, the plans that lock figures, the findings. Every shell draws
//! from these and works nothing out again: the tables of the app and `kttt show`, the
//! overview's headline rows, a row's percentages for `kttt set`, and the plan as shown for
//! workbooks, CSV and the report.

use super::Session;
use crate::domain::by_unit::ByUnit;
use crate::domain::catalog::{FundingId, IndicatorId, Layout};
use crate::domain::completeness::EntryState;
use crate::domain::period::PlanFrame;
use crate::domain::rules::Finding;
use crate::domain::sheet::{Facts, Progress, SheetInput, SheetView, build, flags};
use crate::domain::values::{CellKey, Layered, Values};
use crate::domain::view::{ByUnitRows, PlanView, ViewOptions};
use std::collections::HashMap;

impl Session {
    /// What the marks of the figures shown are read from: the stored official cells and,
    /// unless a scenario is shown, the plans that lock figures.
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            stored: &self.slice.official,
            plans: if self.scenario.is_some() { &[] } else { &self.states },
        }
    }

    /// The table of some rows of an appendix, as printed.
    pub fn sheet(
        &self,
        appendix: usize,
        rows: &[IndicatorId],
        values: &impl Values,
        findings: &[Finding],
    ) -> SheetView {
        self.sheet_with(appendix, rows, values, findings, false)
    }

    /// The table, with computed sum rows under "Chia ra" groups when `sums`.
    pub fn sheet_with(
        &self,
        appendix: usize,
        rows: &[IndicatorId],
        values: &impl Values,
        findings: &[Finding],
        sums: bool,
    ) -> SheetView {
        let layout = self.catalog.appendices[appendix].layout;
        self.table(layout, rows, values, findings, sums)
    }

    /// The headline rows of every appendix as one table of the plan's columns: the
    /// overview's rows, with the figures, marks and percentages of their own tables.
    pub fn headlines(&self, values: &impl Values, findings: &[Finding]) -> SheetView {
        let ids: Vec<IndicatorId> = self
            .catalog
            .indicators
            .iter()
            .filter(|i| i.headline)
            .map(|i| i.id)
            .collect();
        self.table(Layout::Plan, &ids, values, findings, false)
    }

    /// A row's percentages in a plan frame (the plan that shows a period just written), from
    /// the figures as shown.
    pub fn progress(&self, indicator: IndicatorId, frame: PlanFrame) -> Progress {
        let values = self.values();
        let ind = self.catalog.get(indicator);
        Progress::of(
            |p| values.value(&CellKey::new(indicator, self.org, p, FundingId::TOTAL)),
            frame,
            ind.direction,
        )
    }

    fn table(
        &self,
        layout: Layout,
        rows: &[IndicatorId],
        values: &impl Values,
        findings: &[Finding],
        sums: bool,
    ) -> SheetView {
        let f = flags(findings);
        let official = self.values().official_view();
        let official = Layered {
            cache: (self.scenario.is_none()).then(|| self.rollups.get_or_init(|| self.compute_rollups())),
            ..official
        };
        let input = SheetInput {
            catalog: &self.catalog,
            layout,
            frame: self.frame(),
            org: self.org,
            values,
            official: Some(&official),
            flags: &f,
            facts: self.facts(),
            sums,
        };
        build(&input, rows)
    }

    /// The plan as shown (the unit, the plan year, the layer): the appendices' tables and,
    /// as asked, their rows by unit and how far the units below have entered them — what
    /// exports and the report are made from.
    pub fn plan_view(&self, o: ViewOptions) -> PlanView {
        let values = self.values();
        let findings = self.findings(&values);
        let cat = &self.catalog;
        let shown: Vec<usize> = (0..cat.appendices.len())
            .filter(|a| o.only.is_none_or(|x| x == *a))
            .collect();
        let sheets = shown
            .iter()
            .map(|a| {
                let rows = &cat.appendices[*a].rows;
                (*a, self.sheet_with(*a, rows, &values, &findings, o.sums))
            })
            .collect();
        let parts = self.parts();
        let mut by_unit: HashMap<IndicatorId, ByUnit> = HashMap::new();
        let wanted: Vec<IndicatorId> = match o.by_unit {
            ByUnitRows::None => Vec::new(),
            ByUnitRows::Every => shown
                .iter()
                .flat_map(|a| cat.appendices[*a].rows.iter().copied())
                .collect(),
            ByUnitRows::Headlines => cat
                .indicators
                .iter()
                .filter(|i| i.headline || i.written)
                .map(|i| i.id)
                .collect(),
        };
        for id in wanted.into_iter().filter(|i| cat.get(*i).has_values) {
            by_unit.insert(id, self.by_unit_with(&values, id, FundingId::TOTAL));
        }
        let entry = if o.entry && !parts.is_empty() {
            (0..cat.appendices.len())
                .map(|a| parts.iter().map(|p| self.completeness(*p, a).state()).collect())
                .collect()
        } else {
            Vec::<Vec<EntryState>>::new()
        };
        PlanView {
            catalog: cat.clone(),
            orgs: self.db.store.orgs().clone(),
            lang: self.db.lang,
            year: self.year,
            org: self.org,
            scenario: self.scenario.as_ref().map(|s| s.name.clone()),
            sheets,
            parts,
            by_unit,
            entry,
            findings,
            unreadable: self.slice.unreadable.clone(),
        }
    }
}
