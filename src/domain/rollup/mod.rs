//! Roll-up over org units, by each indicator's aggregation in the catalog: counts and amounts
//! add up; averages are weighted by their base (the sum of average × base over the sum of
//! base, never a mean of means); ratios are worked out again from the unit's own parts; some
//! indicators do not roll up. A unit's figure is the one entered for it, else the roll-up of
//! its children on the period's last day — or, for a period before the unit existed, of the
//! units it was formed from (a whole predecessor counts whole, a partial one by its known
//! share; without a share the figure is not comparable). A child that has not reported is
//! never counted as zero: the roll-up says how many of its parts it covers.

#[cfg(test)]
mod tests;

use crate::domain::catalog::{Aggregation, Catalog, ValueKind};
use crate::domain::org::{Level, MapKind, OrgId, OrgUnits, period_end};
use crate::domain::period::Period;
use crate::domain::values::{CellKey, Values};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

/// What a unit's figure is made of when it is rolled up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rolled {
    /// The figure (blank when no part has one, or when it is not comparable).
    pub value: Option<Decimal>,
    /// How many parts have a figure …
    pub covered: usize,
    /// … of how many parts there are.
    pub expected: usize,
    /// The level of the parts (`huyện`, `xã`), for "8/8 huyện".
    pub level: Option<Level>,
    /// The figure goes through the reform's mapping (the unit did not exist yet).
    pub mapped: bool,
    /// Predecessors of which only a part went into the unit, with no known share: the
    /// figure is not comparable, and is left blank.
    pub not_comparable: Vec<OrgId>,
    /// The indicator does not roll up.
    pub no_rollup: bool,
}

impl Rolled {
    /// Whether every part has a figure.
    pub fn complete(&self) -> bool {
        self.covered == self.expected && self.expected > 0
    }
}

/// The catalog and the unit tree a roll-up walks.
#[derive(Clone, Copy, Debug)]
pub struct Tree<'a> {
    pub catalog: &'a Catalog,
    pub orgs: &'a OrgUnits,
}

/// Where a unit's figure for a period comes from, with the weight each part counts by.
struct Parts {
    units: Vec<(OrgId, Decimal)>,
    expected: usize,
    level: Option<Level>,
    mapped: bool,
    not_comparable: Vec<OrgId>,
}

/// A rolled-up figure at the precision of its inputs (a whole number for a count), without
/// trailing zeros: 650, 43,2.
fn round_as(kind: ValueKind, d: Decimal, scale: u32) -> Decimal {
    let dp = if kind == ValueKind::Count { 0 } else { scale };
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// The roll-ups of one unit's cells, worked out once per change of the figures: what the
/// screen shows for cells nobody entered, without walking the tree on every look-up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rollups {
    cells: HashMap<CellKey, Rolled>,
    /// The periods they were worked out for (the plan frame): the figures held below the
    /// unit are of these periods only, so no other period is rolled up.
    periods: Vec<Period>,
}

impl Rollups {
    /// Whether roll-ups apply to a period at all.
    pub fn covers(&self, p: Period) -> bool {
        self.periods.contains(&p)
    }

    /// The roll-up of a cell, when it was worked out.
    pub fn get(&self, key: &CellKey) -> Option<&Rolled> {
        self.cells.get(key)
    }

    /// How many cells were worked out.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

impl<'a> Tree<'a> {
    /// A tree over a catalog and units.
    pub fn new(catalog: &'a Catalog, orgs: &'a OrgUnits) -> Tree<'a> {
        Tree { catalog, orgs }
    }

    /// Works out the roll-up of every cell of a unit in some periods (nothing for a unit with
    /// no parts). `below(indicator, period)` says whether any unit below holds a figure of
    /// it: where none does, the roll-up is blank without walking the tree.
    pub fn rollups(
        &self,
        v: &impl Values,
        org: OrgId,
        periods: &[Period],
        below: &dyn Fn(crate::domain::catalog::IndicatorId, Period) -> bool,
    ) -> Rollups {
        let mut cells = HashMap::new();
        for p in periods {
            let date = period_end(*p);
            let parts = self.parts(org, &date);
            if parts.expected == 0 {
                continue;
            }
            for ind in self.catalog.indicators.iter().filter(|i| i.has_values) {
                let walk = matches!(ind.aggregation, Aggregation::Ratio { .. }) || below(ind.id, *p);
                for f in self.catalog.fundings_of(ind.id) {
                    let key = CellKey::new(ind.id, org, *p, f);
                    let r = if walk {
                        self.rolled_at(v, &key, &date)
                    } else {
                        Rolled {
                            expected: parts.expected,
                            level: parts.level,
                            mapped: parts.mapped,
                            not_comparable: parts.not_comparable.clone(),
                            no_rollup: ind.aggregation == Aggregation::None,
                            ..Rolled::default()
                        }
                    };
                    cells.insert(key, r);
                }
            }
        }
        Rollups {
            cells,
            periods: periods.to_vec(),
        }
    }

    /// Whether a change of `changed` can move the roll-up of `key`: a cell of a unit below
    /// (or before) it, of the same period and source, of the indicator itself or one its
    /// aggregation reads.
    pub fn depends(&self, key: &CellKey, changed: &CellKey) -> bool {
        if key.period != changed.period || key.funding != changed.funding {
            return false;
        }
        let related = match self.catalog.get(key.indicator).aggregation {
            Aggregation::Sum | Aggregation::None => changed.indicator == key.indicator,
            Aggregation::Mean { base } => changed.indicator == key.indicator || changed.indicator == base,
            Aggregation::Ratio { num, den } => changed.indicator == num || changed.indicator == den,
        };
        related
            && (changed.org != key.org
                || matches!(self.catalog.get(key.indicator).aggregation, Aggregation::Ratio { .. }))
    }

    fn parts(&self, org: OrgId, date: &str) -> Parts {
        let unit = self.orgs.get(org);
        if unit.begins_after(date) {
            let mut units = Vec::new();
            let mut not_comparable = Vec::new();
            let sources = self.orgs.sources_at(org, date);
            for (u, link) in &sources {
                match (link.kind, link.share) {
                    (MapKind::Whole, _) => units.push((*u, Decimal::ONE)),
                    (MapKind::Partial, Some(s)) => units.push((*u, s)),
                    (MapKind::Partial, None) => not_comparable.push(*u),
                }
            }
            let level = sources.first().map(|(u, _)| self.orgs.get(*u).level);
            return Parts {
                expected: sources.len(),
                units,
                level,
                mapped: true,
                not_comparable,
            };
        }
        let children = self.orgs.children_at(org, date);
        let level = children.first().map(|c| self.orgs.get(*c).level);
        Parts {
            expected: children.len(),
            units: children.into_iter().map(|c| (c, Decimal::ONE)).collect(),
            level,
            mapped: false,
            not_comparable: Vec::new(),
        }
    }

    /// A unit's figure as shown: the one entered (in `v`), else its roll-up.
    pub fn effective(&self, v: &impl Values, key: &CellKey) -> Option<Decimal> {
        self.effective_at(v, key, &period_end(key.period))
    }

    fn effective_at(&self, v: &impl Values, key: &CellKey, date: &str) -> Option<Decimal> {
        if let Some(x) = v.value(key) {
            return Some(x);
        }
        // A leaf on that day (no parts) has nothing to add up: skip the walk.
        let has_parts = if self.orgs.get(key.org).valid_on(date) {
            self.orgs
                .children(key.org)
                .iter()
                .any(|c| self.orgs.get(*c).valid_on(date))
        } else {
            !self.orgs.predecessors(key.org).is_empty()
        };
        if has_parts {
            self.rolled_at(v, key, date).value
        } else {
            None
        }
    }

    /// The roll-up of a cell from its unit's parts, whatever was entered for the unit itself.
    pub fn rolled(&self, v: &impl Values, key: &CellKey) -> Rolled {
        self.rolled_at(v, key, &period_end(key.period))
    }

    fn rolled_at(&self, v: &impl Values, key: &CellKey, date: &str) -> Rolled {
        let ind = self.catalog.get(key.indicator);
        let parts = self.parts(key.org, date);
        let mut out = Rolled {
            expected: parts.expected,
            level: parts.level,
            mapped: parts.mapped,
            not_comparable: parts.not_comparable.clone(),
            ..Rolled::default()
        };
        if parts.expected == 0 {
            return out;
        }
        let at = |org: OrgId, ind| CellKey {
            org,
            indicator: ind,
            ..*key
        };
        match ind.aggregation {
            Aggregation::None => {
                out.no_rollup = true;
            }
            Aggregation::Sum => {
                let mut sum = Decimal::ZERO;
                let mut scale = 0;
                for (u, w) in &parts.units {
                    if let Some(x) = self.effective_at(v, &at(*u, key.indicator), date) {
                        scale = scale.max(x.scale());
                        sum = sum
                            .checked_add(x.checked_mul(*w).unwrap_or(Decimal::MAX))
                            .unwrap_or(Decimal::MAX);
                        out.covered += 1;
                    }
                }
                if out.covered > 0 && out.not_comparable.is_empty() {
                    out.value = Some(round_as(ind.kind, sum, scale));
                }
            }
            Aggregation::Mean { base } => {
                let (mut num, mut den) = (Decimal::ZERO, Decimal::ZERO);
                let mut scale = 1;
                for (u, w) in &parts.units {
                    let avg = self.effective_at(v, &at(*u, key.indicator), date);
                    let b = self.effective_at(v, &at(*u, base), date);
                    if let (Some(a), Some(b)) = (avg, b) {
                        scale = scale.max(a.scale());
                        let weight = b.checked_mul(*w).unwrap_or(Decimal::ZERO);
                        num = num
                            .checked_add(a.checked_mul(weight).unwrap_or(Decimal::ZERO))
                            .unwrap_or(num);
                        den += weight;
                        out.covered += 1;
                    }
                }
                if out.covered > 0 && !den.is_zero() && out.not_comparable.is_empty() {
                    out.value = num.checked_div(den).map(|d| round_as(ind.kind, d, scale));
                }
            }
            Aggregation::Ratio { num, den } => {
                // The unit's own parts, each entered or rolled up.
                let n = self.effective_at(v, &at(key.org, num), date);
                let d = self.effective_at(v, &at(key.org, den), date);
                let r = self.rolled_at(v, &at(key.org, num), date);
                out.covered = r.covered;
                out.expected = r.expected;
                if let (Some(n), Some(d)) = (n, d)
                    && !d.is_zero()
                {
                    let scale = if ind.kind == ValueKind::Percent {
                        Decimal::ONE_HUNDRED
                    } else {
                        Decimal::ONE
                    };
                    out.value = n
                        .checked_mul(scale)
                        .and_then(|x| x.checked_div(d))
                        .map(|x| round_as(ind.kind, x, 1));
                }
            }
        }
        out
    }
}
