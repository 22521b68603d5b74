//! Who may do what: roles granted per org unit (and so its subtree), what each action needs,
//! and the plan states that lock a unit's figures once its plan is approved.

use crate::domain::org::{OrgId, OrgUnits};
use crate::domain::period::{Period, PlanFrame};
use crate::i18n::Lang;

/// A role granted on a unit and everything under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Browse only.
    Read,
    /// Enter figures and scenarios, submit the unit's plan.
    Enter,
    /// Approve or return the plans of the units under it.
    Approve,
    /// Everything, and managing users.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Read, Role::Enter, Role::Approve, Role::Admin];

    /// The storage code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Read => "read",
            Role::Enter => "enter",
            Role::Approve => "approve",
            Role::Admin => "admin",
        }
    }

    /// Reads a storage code.
    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s.trim())
    }

    /// The role in words.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Role::Read => lang.pick("xem", "read"),
            Role::Enter => lang.pick("nhập số liệu", "enter"),
            Role::Approve => lang.pick("duyệt", "approve"),
            Role::Admin => lang.pick("quản trị", "admin"),
        }
    }
}

/// What an action needs, on which unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Seeing the unit's figures.
    Read(OrgId),
    /// Writing the unit's figures (or scenario figures), submitting its plan.
    Enter(OrgId),
    /// Approving, returning or reopening the unit's plan: `approve` above the unit.
    Approve(OrgId),
    /// Managing users, units, plan years: `admin` on the unit (or any unit with `None`).
    Admin(Option<OrgId>),
}

/// One user's grants.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grants {
    pub list: Vec<(OrgId, Role)>,
}

impl Grants {
    /// Whether the grants allow what is needed. A role on a unit covers the units under it;
    /// `admin` covers every role; `enter` and `approve` include `read`.
    pub fn allow(&self, orgs: &OrgUnits, need: Need) -> bool {
        let on = |unit: OrgId, ok: &dyn Fn(Role) -> bool| {
            let mut at = Some(unit);
            let mut guard = 0;
            while let Some(u) = at {
                if self.list.iter().any(|(g, r)| *g == u && (ok(*r) || *r == Role::Admin)) {
                    return true;
                }
                at = orgs.parent_of(u);
                guard += 1;
                if guard > 16 {
                    break;
                }
            }
            false
        };
        match need {
            Need::Read(u) => on(u, &|_| true),
            Need::Enter(u) => on(u, &|r| r == Role::Enter),
            Need::Approve(u) => orgs.parent_of(u).is_some_and(|p| on(p, &|r| r == Role::Approve)),
            Need::Admin(Some(u)) => on(u, &|r| r == Role::Admin),
            Need::Admin(None) => self.list.iter().any(|(_, r)| *r == Role::Admin),
        }
    }
}

/// Where a unit's plan for a year stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanStep {
    /// Sent to the level above.
    Submitted,
    /// Approved by the level above: its figures are locked.
    Approved,
    /// Sent back, with a comment.
    Returned,
}

impl PlanStep {
    /// The storage code.
    pub fn code(self) -> &'static str {
        match self {
            PlanStep::Submitted => "submitted",
            PlanStep::Approved => "approved",
            PlanStep::Returned => "returned",
        }
    }

    /// Reads a storage code.
    pub fn from_code(s: &str) -> Option<PlanStep> {
        [PlanStep::Submitted, PlanStep::Approved, PlanStep::Returned]
            .into_iter()
            .find(|x| x.code() == s)
    }

    /// The state in words: `đã gửi`, `đã duyệt`, `trả lại`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            PlanStep::Submitted => lang.pick("đã gửi", "submitted"),
            PlanStep::Approved => lang.pick("đã duyệt", "approved"),
            PlanStep::Returned => lang.pick("trả lại", "returned"),
        }
    }
}

/// A unit's plan state, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanState {
    pub org: OrgId,
    pub year: i32,
    pub step: PlanStep,
    pub comment: Option<String>,
    pub at: String,
    pub by: String,
}

/// Which plan locks a figure: a unit's plan of a year, sent up or approved. A plain fact; the
/// words (who sent or approved it, when) are in the plan's [`PlanState`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lock {
    pub org: OrgId,
    pub year: i32,
    pub step: PlanStep,
}

impl PlanState {
    /// The lock this plan puts on its figures.
    pub fn lock(&self) -> Lock {
        Lock {
            org: self.org,
            year: self.year,
            step: self.step,
        }
    }
}

/// The plan that locks a unit's cell in a period, if any: a plan sent up (waiting for the
/// level above) or approved locks the periods of its frame (actual N-2, plan and estimate
/// N-1, plan N), so what the level above looks at is what was sent; a plan returned (or
/// reopened) takes figures again.
pub fn lock_of(states: &[PlanState], org: OrgId, period: Period) -> Option<&PlanState> {
    states.iter().find(|s| {
        s.org == org
            && matches!(s.step, PlanStep::Approved | PlanStep::Submitted)
            && PlanFrame::new(s.year).contains(period)
    })
}

/// The plan years whose frame holds a period (where a lock on it may come from).
pub fn plan_years_of(period: Period) -> [i32; 3] {
    [period.year, period.year + 1, period.year + 2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::parse_org_units;

    #[test]
    fn a_grant_covers_the_subtree_and_admin_covers_every_role() {
        let o = parse_org_units(crate::assets::ORG_UNITS).unwrap();
        let bk = o.by_code("bac-kan").unwrap();
        let ba_be = o.by_code("ba-be").unwrap();
        let cho_don = o.by_code("cho-don").unwrap();
        let lan = Grants {
            list: vec![(ba_be, Role::Enter)],
        };
        assert!(lan.allow(&o, Need::Enter(ba_be)));
        assert!(lan.allow(&o, Need::Read(ba_be)));
        assert!(!lan.allow(&o, Need::Enter(cho_don)));
        assert!(!lan.allow(&o, Need::Read(bk)));
        assert!(!lan.allow(&o, Need::Approve(ba_be)), "approving is the level above's");
        let boss = Grants {
            list: vec![(bk, Role::Approve)],
        };
        assert!(boss.allow(&o, Need::Approve(ba_be)));
        assert!(!boss.allow(&o, Need::Approve(bk)), "nobody above the province");
        assert!(!boss.allow(&o, Need::Enter(ba_be)));
        assert!(boss.allow(&o, Need::Read(cho_don)));
        let admin = Grants {
            list: vec![(bk, Role::Admin)],
        };
        assert!(admin.allow(&o, Need::Enter(cho_don)));
        assert!(admin.allow(&o, Need::Approve(cho_don)));
        assert!(admin.allow(&o, Need::Admin(None)));
        assert!(!lan.allow(&o, Need::Admin(None)));
    }

    #[test]
    fn an_approved_plan_locks_its_frame() {
        let st = vec![PlanState {
            org: OrgId(3),
            year: 2020,
            step: PlanStep::Approved,
            comment: None,
            at: String::new(),
            by: String::new(),
        }];
        let p = |s: &str| Period::parse(s).unwrap();
        assert!(lock_of(&st, OrgId(3), p("KH2020")).is_some());
        assert!(lock_of(&st, OrgId(3), p("UTH2019")).is_some());
        assert!(lock_of(&st, OrgId(3), p("TH2018")).is_some());
        assert!(lock_of(&st, OrgId(3), p("KH2021")).is_none());
        assert!(lock_of(&st, OrgId(4), p("KH2020")).is_none());
    }
}
