//! Users, grants and plan steps through the session, and the read checks: in a database
//! with users, a session only looks at units the user may see.

use super::Session;
use crate::domain::access::{Lock, Need, PlanState, lock_of};
use crate::domain::org::{OrgId, OrgUnits};
use crate::domain::values::CellKey;
use crate::error::{Error, Refused, Result};
use crate::store::{Denial, UnitRef};
use crate::store::{PlanAction, SqlStore};

/// The first unit (in display order) the user may see: a top unit, or the first unit the
/// user has a grant on (held for it).
pub(super) fn first_readable(store: &mut SqlStore) -> Result<OrgId> {
    let first = store.orgs().in_order().first().copied().ok_or(Refused::NoUnits)?;
    if !store.has_users()? {
        return Ok(first);
    }
    let user = store.actor().user.clone();
    store.hold_grants(Some(&user))?;
    for u in store.orgs().in_order() {
        if store.allowed(Need::Read(u))? {
            return Ok(u);
        }
    }
    if !store.is_user(&user)? {
        return Err(not_a_user(&user));
    }
    Err(Denial::NoUnit {
        user: crate::domain::text::sanitize(&user),
    }
    .into())
}

/// The refusal for someone the database's users do not include.
pub(super) fn not_a_user(user: &str) -> Error {
    Denial::NotUser {
        user: crate::domain::text::sanitize(user),
    }
    .into()
}

/// Refuses a unit the user may not see.
pub(super) fn check_read(store: &SqlStore, orgs: &OrgUnits, org: OrgId) -> Result<()> {
    if store.allowed(Need::Read(org))? {
        return Ok(());
    }
    if !store.is_user(&store.actor().user)? {
        return Err(not_a_user(&store.actor().user));
    }
    Err(Denial::Unseen {
        user: crate::domain::text::sanitize(&store.actor().user),
        unit: UnitRef::of(orgs, org),
    }
    .into())
}

impl Session {
    /// Sets or clears the comment on a figure; the slice follows.
    pub fn set_note(&mut self, key: &CellKey, note: Option<&str>) -> Result<()> {
        self.db.store.set_note(key, note)?;
        let fresh = self.db.store.read_cells(&[*key], None)?;
        match fresh.official.cell(key) {
            Some(c) => self.slice.official.insert(*key, c.clone()),
            None => self.slice.official.remove(key),
        }
        self.slice_changed();
        Ok(())
    }

    /// The comment on a figure, if any.
    pub fn note(&self, key: &CellKey) -> Option<&str> {
        self.slice.official.cell(key).and_then(|c| c.note.as_deref())
    }

    /// Whether the user may do something.
    pub fn can(&self, need: Need) -> bool {
        self.db.store.allowed(need).unwrap_or(false)
    }

    /// The state of a unit's plan for the plan year looked at (none recorded: not sent).
    pub fn plan_state(&self, org: OrgId) -> Option<&PlanState> {
        self.states.iter().find(|s| s.org == org && s.year == self.year)
    }

    /// A step of a unit's plan for the year looked at: submit, approve, return, reopen.
    pub fn plan_step(&mut self, org: OrgId, action: PlanAction, comment: Option<&str>) -> Result<PlanState> {
        let year = self.year;
        let st = self.db.store.plan_step(org, year, action, comment)?;
        self.reload_states()?;
        Ok(st)
    }

    /// The approved plan that locks a cell, if any.
    pub fn lock(&self, key: &CellKey) -> Option<&PlanState> {
        lock_of(&self.states, key.org, key.period)
    }

    /// The recorded state of the plan behind a lock (who sent or approved it, when).
    pub fn lock_state(&self, lock: Lock) -> Option<&PlanState> {
        self.states.iter().find(|s| s.org == lock.org && s.year == lock.year)
    }
}
