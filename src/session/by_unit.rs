//! The unit's parts: an indicator by unit over them, and how far each has entered its
//! appendices, from the figures the session holds (the unit's and its parts').

use super::Session;
use crate::domain::by_unit::{ByUnit, by_unit};
use crate::domain::catalog::{FundingId, IndicatorId};
use crate::domain::completeness::{Completeness, completeness};
use crate::domain::org::{OrgId, period_end};
use crate::domain::rollup::Tree;
use crate::domain::sheet::Facts;
use crate::domain::values::Layered;

impl Session {
    /// The units directly under the current one on the plan's last day.
    pub fn parts(&self) -> Vec<OrgId> {
        self.db
            .store
            .orgs()
            .children_at(self.org, &period_end(self.frame().plan_this()))
    }

    /// An indicator by unit over the current unit's parts, as the user sees the figures.
    pub fn by_unit(&self, indicator: IndicatorId, funding: FundingId) -> ByUnit {
        self.by_unit_with(&self.values(), indicator, funding)
    }

    /// The same with a figure being typed (the roll-up follows it).
    pub fn by_unit_with(&self, values: &Layered<'_>, indicator: IndicatorId, funding: FundingId) -> ByUnit {
        by_unit(
            Tree::new(&self.catalog, self.db.store.orgs()),
            values,
            &self.facts(),
            self.org,
            indicator,
            funding,
            self.frame(),
        )
    }

    /// An indicator by unit over the current unit's parts rolled up from the bottom of the
    /// tree, whatever its size: reads that indicator (and what its aggregation weighs it by)
    /// for every unit below, by the store's indicator index.
    pub fn deep_by_unit(&mut self, indicator: IndicatorId, funding: FundingId) -> crate::error::Result<ByUnit> {
        let mut ids = vec![indicator];
        match self.catalog.get(indicator).aggregation {
            crate::domain::catalog::Aggregation::Mean { base } => ids.push(base),
            crate::domain::catalog::Aggregation::Ratio { num, den } => ids.extend([num, den]),
            _ => {}
        }
        let mut units = self.rollup_units_deep(self.org);
        units.push(self.org);
        let frame = self.frame();
        let scope = crate::store::Scope {
            orgs: Some(units),
            years: frame.actual_before_last().year..=self.year,
            periods: Some(frame.periods().to_vec()),
            indicators: Some(ids),
            scenario: self.scenario.as_ref().map(|s| s.id),
        };
        let slice = self.db.store.read(&scope)?;
        self.rows_read += slice.official.len() + slice.overlay.changes.len();
        let tree = Tree::new(&self.catalog, self.db.store.orgs());
        let values = Layered {
            base: &slice.official,
            overlay: self.scenario.as_ref().map(|_| &slice.overlay),
            preview: None,
            tree: Some(tree),
            cache: None,
            series: (!self.series.links.is_empty()).then_some(&*self.series),
        };
        let facts = Facts {
            stored: &slice.official,
            ..self.facts()
        };
        Ok(by_unit(tree, &values, &facts, self.org, indicator, funding, frame))
    }

    /// How far a unit (the current one or one of its parts) has entered an appendix.
    pub fn completeness(&self, org: OrgId, appendix: usize) -> Completeness {
        completeness(&self.catalog, &self.values(), org, appendix, self.frame())
    }
}
