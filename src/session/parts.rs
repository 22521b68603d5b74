//! What a session's roll-ups are made of: the units below its unit (or, before it existed,
//! the units it was formed from), read level by level only as deep as figures are missing.

use super::{MAX_HELD_PARTS, Session};
use crate::domain::catalog::{FundingId, IndicatorId};
use crate::domain::org::OrgId;
use crate::domain::period::Period;
use crate::domain::values::CellKey;
use crate::error::Result;
use crate::store::Scope;
use std::collections::HashSet;

impl Session {
    /// Whether the slice holds a cell (the unit's own, or one its roll-up is made of).
    pub(crate) fn holds(&self, key: &CellKey) -> bool {
        self.scope.contains(key) || self.wide.as_ref().is_some_and(|w| w.contains(key))
    }

    /// Reads what the unit's roll-up is made of, level by level: in each of the frame's
    /// periods its parts (the units below it, or before it existed the units it was formed
    /// from); then, for a part that lacks figures of some indicators, its own parts, and so
    /// on down while something is missing. A province whose districts reported is read with
    /// its districts, not every commune. Returns every unit read.
    pub(super) fn read_parts(&mut self, scenario: Option<crate::store::ScenarioId>) -> Result<Vec<OrgId>> {
        let with_values: Vec<IndicatorId> = self
            .catalog
            .indicators
            .iter()
            .filter(|i| i.has_values && i.in_form)
            .map(|i| i.id)
            .collect();
        let mut level: Vec<(OrgId, Period, Option<Vec<IndicatorId>>)> = Vec::new();
        let frame = self.frame();
        // Nothing held below (a province whose districts have not reported): nothing to
        // read, but every unit below is followed, so a first figure of any of them arrives.
        if !self
            .db
            .store
            .others_hold_figures(self.org, frame.actual_before_last().year..=self.year)?
        {
            return Ok(self.rollup_units_deep(self.org));
        }
        for p in self.frame().periods() {
            level.extend(self.parts_at(self.org, p).into_iter().map(|u| (u, p, None)));
        }
        let mut all: Vec<OrgId> = Vec::new();
        let mut read: HashSet<(OrgId, Period)> = HashSet::new();
        let mut depth = 0;
        while !level.is_empty() && depth < 6 && all.len() < MAX_HELD_PARTS {
            depth += 1;
            level.retain(|(u, p, _)| read.insert((*u, *p)));
            // One read per period for the whole level, every indicator of each part (a key
            // range); which indicators lack figures only decides how deep the next level goes.
            let mut periods: Vec<Period> = level.iter().map(|(_, p, _)| *p).collect();
            periods.sort();
            periods.dedup();
            let mut held: std::collections::HashMap<(OrgId, Period), HashSet<(IndicatorId, FundingId)>> =
                std::collections::HashMap::new();
            for p in periods {
                let units: Vec<OrgId> = level.iter().filter(|(_, q, _)| *q == p).map(|(u, _, _)| *u).collect();
                // Below the first level only the indicators still missing (one list per level).
                let mut inds: Vec<IndicatorId> = Vec::new();
                let mut every = false;
                for (_, q, i) in &level {
                    match i {
                        Some(i) if *q == p => inds.extend(i.iter().copied()),
                        None if *q == p => every = true,
                        _ => {}
                    }
                }
                inds.sort();
                inds.dedup();
                let more = self.db.store.read(&Scope {
                    orgs: Some(units.clone()),
                    years: p.year..=p.year,
                    periods: Some(vec![p]),
                    indicators: (!every).then_some(inds),
                    scenario,
                })?;
                for (k, c) in more.official.iter() {
                    if c.value.is_some() {
                        held.entry((k.org, k.period))
                            .or_default()
                            .insert((k.indicator, k.funding));
                    }
                }
                self.rows_read += more.official.len() + more.overlay.changes.len();
                self.slice.merge(more);
                all.extend(units);
            }
            let mut next = Vec::new();
            for (u, p, inds) in &level {
                let asked = inds.as_deref().unwrap_or(&with_values);
                let missing: Vec<IndicatorId> = match held.get(&(*u, *p)) {
                    None => asked.to_vec(),
                    Some(have) => asked
                        .iter()
                        .copied()
                        .filter(|i| {
                            self.catalog
                                .fundings_of(*i)
                                .into_iter()
                                .any(|f| !have.contains(&(*i, f)))
                        })
                        .collect(),
                };
                if missing.is_empty() {
                    continue;
                }
                for c in self.parts_at(*u, *p) {
                    next.push((c, *p, Some(missing.clone())));
                }
            }
            level = next;
        }
        all.sort();
        all.dedup();
        Ok(all)
    }

    /// A unit's parts for a period: the units below it on the period's last day, or, if it
    /// did not exist yet, the units it was formed from.
    pub(super) fn parts_at(&self, org: OrgId, p: Period) -> Vec<OrgId> {
        let date = crate::domain::org::period_end(p);
        if self.db.store.orgs().get(org).valid_on(&date) {
            self.db.store.orgs().children_at(org, &date)
        } else {
            self.db
                .store
                .orgs()
                .sources_at(org, &date)
                .into_iter()
                .map(|(u, _)| u)
                .collect()
        }
    }

    /// Every unit a unit's roll-up is made of in the frame's periods, however deep.
    pub(crate) fn rollup_units_deep(&self, org: OrgId) -> Vec<OrgId> {
        let mut out: Vec<OrgId> = Vec::new();
        for p in self.frame().periods() {
            let date = crate::domain::org::period_end(p);
            if self.db.store.orgs().get(org).valid_on(&date) {
                out.extend(self.db.store.orgs().subtree_at(org, &date).into_iter().skip(1));
            } else {
                for (src, _) in self.db.store.orgs().sources_at(org, &date) {
                    out.extend(self.db.store.orgs().subtree_at(src, &date));
                }
            }
        }
        out.sort();
        out.dedup();
        out.retain(|u| *u != org);
        out
    }
}
