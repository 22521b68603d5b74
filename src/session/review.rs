//! What an approver should know before approving a unit's plan: what the unit changed in
//! this round (since its plan was last returned, reopened or approved), how far it entered
//! each appendix, and what the checks find.

use super::{LogFilter, Session};
use crate::domain::org::OrgId;
use crate::error::Result;

/// A unit's plan as it stands for the approver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// Official figures of the unit changed in this round.
    pub changes: usize,
    /// When this round began (the last return, reopen or approval), if ever.
    pub since: Option<String>,
    /// Per appendix: cells entered and expected.
    pub entered: Vec<(usize, usize)>,
    /// The checks: errors, warnings, notes.
    pub tally: (usize, usize, usize),
}

/// How many changes back a review looks at most.
const LOOK_BACK: usize = 5_000;

impl Session {
    /// The review of a unit's plan for the plan year looked at.
    pub fn review(&mut self, org: OrgId) -> Result<Review> {
        let code = self.db.store.orgs().get(org).code.clone();
        let year = format!("{} {code}", self.year);
        let log = self.db.log(
            &LogFilter {
                unit: Some(org),
                ..LogFilter::default()
            },
            LOOK_BACK,
        )?;
        let mut changes = 0;
        let mut since = None;
        let frame = self.frame();
        for e in &log {
            let a = &e.entry;
            let round_start = matches!(a.action.as_str(), "plan.return" | "plan.reopen" | "plan.approve")
                && e.org.as_deref() == Some(code.as_str())
                && a.detail.as_deref().is_some_and(|d| d.starts_with(&year));
            if round_start {
                since = Some(a.at.clone());
                break;
            }
            let official = a.scenario.is_none()
                && matches!(
                    a.action.as_str(),
                    "set" | "undo" | "redo" | "import" | "apply" | "revert"
                );
            if official && e.key.is_some_and(|k| k.org == org && frame.contains(k.period)) {
                changes += 1;
            }
        }
        let entered = (0..self.catalog.appendices.len())
            .map(|a| {
                let c = self.completeness(org, a);
                (c.entered, c.expected)
            })
            .collect();
        let (findings, _) = self.check_unit(org)?;
        Ok(Review {
            changes,
            since,
            entered,
            tally: crate::domain::rules::tally(&findings),
        })
    }
}
