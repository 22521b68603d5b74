//! Roll-up over org units, by each indicator's aggregation in the catalog: counts and amounts
//! add up; averages are weighted by their base (the sum of average × base over the sum of
//! base, never a mean of means); ratios are worked out again from the unit's own parts; some
//! indicators do not roll up. A unit's figure is the one entered for it, else the roll-up of
//! its children on the period's last day — or, for a period before the unit existed, of the
//! units it was formed from (a whole predecessor counts whole, a partial one by its known
//! share; without a share the figure is not comparable). A child that has not reported is
//! never counted as zero: the roll-up says how many of its parts it covers, and, when a part's
//! own figure is itself a roll-up that misses units below it, how far down it reaches
//! (`1/280 xã`): a roll-up is complete only when every unit at the bottom is in it.

pub mod stored;
#[cfg(test)]
mod tests;

use crate::domain::catalog::{Aggregation, Catalog, ValueKind};
use crate::domain::org::{Level, MapKind, OrgId, OrgUnits, period_end};
use crate::domain::period::Period;
use crate::domain::values::{CellKey, Values};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

/// How many of the units a rolled-up figure should be made of are in it: `3/8 huyện`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cover {
    /// Units whose figure is in the roll-up …
    pub covered: usize,
    /// … of how many there are.
    pub expected: usize,
    /// Their level (`huyện`, `xã`).
    pub level: Option<Level>,
    /// They are the former units, through the reform's mapping.
    pub mapped: bool,
}

impl Cover {
    /// Whether every unit is in it.
    pub fn complete(&self) -> bool {
        self.expected > 0 && self.covered >= self.expected
    }

    /// `1/8 huyện`, `2/2 tỉnh cũ` (`1/8 districts`, `2/2 former provinces`).
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        let level = self.level.map(|l| l.name(lang));
        match (level, self.mapped) {
            (None, _) => format!("{}/{}", self.covered, self.expected),
            (Some(l), false) => match lang {
                crate::i18n::Lang::Vi => format!("{}/{} {l}", self.covered, self.expected),
                crate::i18n::Lang::En => format!("{}/{} {l}s", self.covered, self.expected),
            },
            (Some(l), true) => match lang {
                crate::i18n::Lang::Vi => format!("{}/{} {l} cũ", self.covered, self.expected),
                crate::i18n::Lang::En => format!("{}/{} former {l}s", self.covered, self.expected),
            },
        }
    }
}

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
    /// Some parts' figures are themselves roll-ups that miss units below them: how many
    /// units at the bottom of the tree the figure reaches (an entered figure reaches all of
    /// its unit's).
    pub deep: Option<Cover>,
    /// The figure goes through the reform's mapping (the unit did not exist yet).
    pub mapped: bool,
    /// Predecessors of which only a part went into the unit, with no known share: the
    /// figure is not comparable, and is left blank.
    pub not_comparable: Vec<OrgId>,
    /// The indicator does not roll up.
    pub no_rollup: bool,
}

impl Rolled {
    /// Whether every unit below is in the figure: every part has one, and none of them is a
    /// roll-up that misses units below it.
    pub fn complete(&self) -> bool {
        self.covered == self.expected && self.expected > 0 && self.deep.is_none()
    }

    /// How far the figure reaches: its parts, or, when a part's own figure misses units
    /// below it, the units at the bottom of the tree.
    pub fn cover(&self) -> Cover {
        self.deep.unwrap_or(Cover {
            covered: self.covered,
            expected: self.expected,
            level: self.level,
            mapped: self.mapped,
        })
    }
}

/// A part's figure as a roll-up sees it: its value, and whether it is whole (entered, or a
/// complete roll-up).
#[derive(Clone, Copy, Debug)]
struct Fig {
    value: Option<Decimal>,
    whole: bool,
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
    /// Every part, the not comparable ones too.
    all: Vec<OrgId>,
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
            for ind in self.catalog.indicators.iter().filter(|i| i.has_values && i.in_form) {
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
                all: sources.iter().map(|(u, _)| *u).collect(),
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
            all: children.clone(),
            units: children.into_iter().map(|c| (c, Decimal::ONE)).collect(),
            level,
            mapped: false,
            not_comparable: Vec::new(),
        }
    }

    /// A unit's figure as shown: the one entered (in `v`), else its roll-up.
    pub fn effective(&self, v: &impl Values, key: &CellKey) -> Option<Decimal> {
        self.effective_at(v, key, &period_end(key.period)).value
    }

    fn effective_at(&self, v: &impl Values, key: &CellKey, date: &str) -> Fig {
        if let Some(x) = v.value(key) {
            return Fig {
                value: Some(x),
                whole: true,
            };
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
            let r = self.rolled_at(v, key, date);
            Fig {
                value: r.value,
                whole: r.complete(),
            }
        } else {
            Fig {
                value: None,
                whole: false,
            }
        }
    }

    /// How many units at the bottom of the tree under a unit on a day (a unit without parts
    /// is one), and their level.
    fn leaves(&self, org: OrgId, date: &str, depth: usize) -> (usize, Option<Level>) {
        let parts = self.parts(org, date);
        if parts.all.is_empty() || depth > 16 {
            return (1, Some(self.orgs.get(org).level));
        }
        let mut n = 0;
        let mut level = None;
        for p in &parts.all {
            let (k, l) = self.leaves(*p, date, depth + 1);
            n += k;
            level = level.or(l);
        }
        (n, level)
    }

    /// How many of the units at the bottom of the tree a figure reaches: an entered figure
    /// reaches all of its unit's, a roll-up those its parts reach.
    fn reach(&self, v: &impl Values, key: &CellKey, date: &str, depth: usize) -> Cover {
        if v.value(key).is_some() {
            let (n, level) = self.leaves(key.org, date, depth);
            return Cover {
                covered: n,
                expected: n,
                level,
                mapped: false,
            };
        }
        let parts = self.parts(key.org, date);
        if parts.all.is_empty() || depth > 16 {
            return Cover {
                covered: 0,
                expected: 1,
                level: Some(self.orgs.get(key.org).level),
                mapped: false,
            };
        }
        let mut out = Cover::default();
        for p in &parts.all {
            let c = self.reach(v, &CellKey { org: *p, ..*key }, date, depth + 1);
            out.covered += c.covered;
            out.expected += c.expected;
            out.level = out.level.or(c.level);
        }
        out.mapped = parts.mapped;
        out
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
        // A part whose figure is itself a roll-up that misses units below it.
        let mut partial = false;
        match ind.aggregation {
            Aggregation::None => {
                out.no_rollup = true;
            }
            Aggregation::Sum => {
                let mut sum = Decimal::ZERO;
                let mut scale = 0;
                for (u, w) in &parts.units {
                    let f = self.effective_at(v, &at(*u, key.indicator), date);
                    partial |= f.value.is_some() && !f.whole;
                    if let Some(x) = f.value {
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
                    if let (Some(a), Some(bv)) = (avg.value, b.value) {
                        partial |= !avg.whole || !b.whole;
                        scale = scale.max(a.scale());
                        let weight = bv.checked_mul(*w).unwrap_or(Decimal::ZERO);
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
                // The unit's own parts, each entered or rolled up; it covers what the one of
                // them that was not entered covers (both entered: the unit's own figures).
                let nk = at(key.org, num);
                let dk = at(key.org, den);
                let n = self.effective_at(v, &nk, date).value;
                let d = self.effective_at(v, &dk, date).value;
                let rolled_side = if v.value(&nk).is_none() {
                    Some(nk)
                } else if v.value(&dk).is_none() {
                    Some(dk)
                } else {
                    None
                };
                match rolled_side {
                    Some(k) => {
                        let r = self.rolled_at(v, &k, date);
                        out.covered = r.covered;
                        out.expected = r.expected;
                        out.deep = r.deep;
                    }
                    None => out.covered = out.expected,
                }
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
        if partial {
            let mut deep = Cover::default();
            for p in &parts.all {
                let c = self.reach(v, &CellKey { org: *p, ..*key }, date, 1);
                deep.covered += c.covered;
                deep.expected += c.expected;
                deep.level = deep.level.or(c.level);
            }
            deep.mapped = parts.mapped;
            out.deep = Some(deep);
        }
        out
    }
}
