//! The unit's parts: consolidating an indicator over them, and how far each has entered its
//! appendices, from the figures the session holds (the unit's and its parts').

use super::Session;
use crate::domain::catalog::{FundingId, IndicatorId};
use crate::domain::consolidate::{Completeness, Consolidation, completeness, consolidate};
use crate::domain::org::{OrgId, period_end};
use crate::domain::values::Layered;

impl Session {
    /// The units directly under the current one on the plan's last day.
    pub fn parts(&self) -> Vec<OrgId> {
        self.orgs.children_at(self.org, &period_end(self.frame().plan_this()))
    }

    /// An indicator over the current unit's parts, as the user sees the figures.
    pub fn consolidation(&self, indicator: IndicatorId, funding: FundingId) -> Consolidation {
        self.consolidation_with(&self.values(), indicator, funding)
    }

    /// The same with a figure being typed (the roll-up follows it).
    pub fn consolidation_with(
        &self,
        values: &Layered<'_>,
        indicator: IndicatorId,
        funding: FundingId,
    ) -> Consolidation {
        consolidate(
            &self.catalog,
            &self.orgs,
            values,
            self.org,
            indicator,
            funding,
            self.frame(),
        )
    }

    /// How far a unit (the current one or one of its parts) has entered an appendix.
    pub fn completeness(&self, org: OrgId, appendix: usize) -> Completeness {
        completeness(&self.catalog, &self.values(), org, appendix, self.frame())
    }
}
