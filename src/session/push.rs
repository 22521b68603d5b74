//! Sending a unit's approved figures to another database (a province's to the ministry's):
//! the unit's plan for the year must be approved; the units below it go along when theirs
//! are approved too (the others are named and left out); with the figures go their audit
//! trail (official changes only: scenario edits stay home). The receiving store checks and
//! writes it all in one transaction.

use super::Session;
use crate::domain::access::PlanStep;
use crate::domain::org::OrgId;
use crate::domain::period::PlanFrame;
use crate::error::{Refused, Result};
use crate::store::{Push, PushReport, PushedAudit, PushedCell, PushedPlan, Scope};

/// What a push sends, and the units below that it leaves out.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub push: Push,
    /// Units below whose plan was submitted or returned, not approved.
    pub left_out: Vec<OrgId>,
    /// How many units below have no plan step at all.
    pub unreported: usize,
}

impl Session {
    /// The session's unit's approved figures of a plan year, ready to send.
    pub fn outgoing(&mut self, year: i32) -> Result<Outgoing> {
        let org = self.org;
        let states = self.db.store.plan_states(&[year])?;
        let approved = |u: OrgId| {
            states
                .iter()
                .find(|s| s.org == u && s.step == PlanStep::Approved)
                .cloned()
        };
        let unit = self.db.store.orgs().get(org).clone();
        let Some(own) = approved(org) else {
            let unit = crate::store::UnitRef::of(self.db.store.orgs(), org);
            return Err(Refused::NotApproved { year, unit }.into());
        };
        let mut plans = vec![own];
        let mut left_out = Vec::new();
        let mut unreported = 0;
        for u in self.db.store.orgs().subtree(org).into_iter().filter(|u| *u != org) {
            match approved(u) {
                Some(s) => plans.push(s),
                None if states.iter().any(|s| s.org == u) => left_out.push(u),
                None => unreported += 1,
            }
        }
        let units: Vec<OrgId> = plans.iter().map(|p| p.org).collect();
        let frame = PlanFrame::new(year);
        let slice = self.db.store.read(&Scope {
            orgs: Some(units),
            years: (year - 2)..=year,
            periods: Some(frame.periods().to_vec()),
            indicators: None,
            scenario: None,
        })?;
        let cat = self.catalog.clone();
        let mut cells = Vec::new();
        let mut audit = Vec::new();
        let mut keys: Vec<_> = slice.official.into_cells().collect();
        keys.sort_by_key(|(k, _)| *k);
        // The ministry's form only: an office's own rows stay with the office.
        let ministry = self.db.store.forms().for_year(year).catalog.clone();
        for (key, cell) in keys {
            if !ministry
                .find(&cat.get(key.indicator).code)
                .is_some_and(|i| ministry.get(i).in_form)
            {
                continue;
            }
            let codes = (
                cat.get(key.indicator).code.clone(),
                self.db.store.orgs().get(key.org).code.clone(),
                cat.fundings[key.funding.0 as usize].code.clone(),
            );
            for a in self.db.store.history(&key)? {
                if a.action.starts_with("scenario.") || a.period != Some(key.period) {
                    continue;
                }
                audit.push(PushedAudit {
                    id: a.id,
                    at: a.at,
                    user: a.user,
                    action: a.action,
                    scenario: a.scenario,
                    indicator: codes.0.clone(),
                    unit: codes.1.clone(),
                    period: key.period,
                    funding: codes.2.clone(),
                    old: a.old,
                    new: a.new,
                    detail: a.detail,
                });
            }
            cells.push(PushedCell {
                indicator: codes.0,
                unit: codes.1,
                period: key.period,
                funding: codes.2,
                value: cell.value,
                source: cell.source.code(),
            });
        }
        let source = self.db.store.database_id()?;
        let source_name = match self.db.store.location() {
            Some(p) => format!("{} — {}", unit.name.vi, p.display()),
            None => unit.name.vi.clone(),
        };
        Ok(Outgoing {
            push: Push {
                source,
                source_name,
                year,
                form: self.db.store.forms().for_year(year).source.id.clone(),
                plans: plans
                    .iter()
                    .map(|s| PushedPlan {
                        unit: self.db.store.orgs().get(s.org).code.clone(),
                        approved_at: s.at.clone(),
                        approved_by: s.by.clone(),
                        comment: s.comment.clone(),
                    })
                    .collect(),
                cells,
                audit,
            },
            left_out,
            unreported,
        })
    }
}

impl Session {
    /// Receives what another database sends (this session's database is the receiving one),
    /// telling `watch` how far it has come; stopped by it, nothing is written and the error
    /// is [`crate::error::Error::stopped`].
    pub fn receive(&mut self, push: &Push, watch: crate::work::Watch) -> Result<PushReport> {
        let report = self
            .db
            .store
            .receive(push, watch)?
            .ok_or_else(crate::error::Error::stopped)?;
        if report.batch != 0 {
            self.reload()?;
        }
        Ok(report)
    }
}
