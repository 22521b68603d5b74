//! Users, grants and plan states in the database, and the guard every write loads inside its
//! transaction: who the actor is, what their grants allow, and which cells an approved plan
//! locks. A database without users is open: every account may do everything (as before
//! users existed); the first user added is an administrator of every top unit.

use super::write::{Ctx, new_batch};
use super::{Core, Db, DbExt, SqlStore, params};
use crate::domain::access::{Grants, Need, PlanState, PlanStep, Role, lock_of, plan_years_of};
use crate::domain::org::{OrgId, OrgUnits};
use crate::domain::text;
use crate::domain::values::CellKey;
use crate::store::{Denial, Field, Lock, Needed, Refusal, StoreError, StoreResult, UnitRef, UserInfo};

/// What a write may do, loaded inside its transaction.
pub(super) struct Guard {
    /// No users are defined: everything is allowed.
    open: bool,
    user: String,
    grants: Option<Grants>,
    /// The plan states of the years the batch touches (only approved ones matter).
    states: Vec<PlanState>,
}

/// Whether any (not removed) user is defined.
pub(super) fn users_defined(conn: &dyn Db) -> StoreResult<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM app_user WHERE removed_at IS NULL)",
        params![],
        |r| r.get(0),
    )
}

/// A user's grants, `None` when the user is not defined (or was removed).
pub(super) fn grants_of(conn: &dyn Db, orgs: &OrgUnits, user: &str) -> StoreResult<Option<Grants>> {
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM app_user WHERE name = ?1 AND removed_at IS NULL)",
        params![user],
        |r| r.get(0),
    )?;
    if !known {
        return Ok(None);
    }
    let list = conn
        .query(
            "SELECT org_unit, role FROM app_grant WHERE user_name = ?1",
            params![user],
        )?
        .iter()
        .filter_map(|r| Some((orgs.by_code(r.str(0))?, Role::from_code(r.str(1))?)))
        .collect();
    Ok(Some(Grants { list }))
}

/// The recorded plan states of some years (all units).
pub(super) fn plan_states(conn: &dyn Db, orgs: &OrgUnits, years: &[i32]) -> StoreResult<Vec<PlanState>> {
    let mut out = Vec::new();
    for y in years {
        let rows = conn.query_map(
            "SELECT org_unit, year, state, comment, at, by_user FROM plan_state WHERE year = ?1",
            params![y],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<i32>(1)?,
                    r.get::<String>(2)?,
                    r.get::<Option<String>>(3)?,
                    r.get::<String>(4)?,
                    r.get::<String>(5)?,
                ))
            },
        )?;
        for row in rows {
            let (u, year, state, comment, at, by) = row;
            if let (Some(org), Some(step)) = (orgs.by_code(&u), PlanStep::from_code(&state)) {
                out.push(PlanState {
                    org,
                    year,
                    step,
                    comment,
                    at,
                    by,
                });
            }
        }
    }
    Ok(out)
}

impl Guard {
    /// Loads the actor's grants and the plan states of the years a batch's periods belong to.
    pub(super) fn load(conn: &dyn Db, core: &Core, years: &[i32]) -> StoreResult<Guard> {
        let open = core.owner || !users_defined(conn)?;
        let user = core.actor.user.clone();
        let grants = if open {
            None
        } else {
            grants_of(conn, &core.orgs, &user)?
        };
        if !open && grants.is_none() {
            return Err(Denial::NotUser {
                user: text::sanitize(&user),
            }
            .into());
        }
        let mut ys: Vec<i32> = years
            .iter()
            .flat_map(|y| {
                plan_years_of(crate::domain::period::Period::new(
                    *y,
                    crate::domain::period::PeriodKind::Actual,
                ))
            })
            .collect();
        ys.sort();
        ys.dedup();
        let states = plan_states(conn, &core.orgs, &ys)?;
        Ok(Guard {
            open,
            user,
            grants,
            states,
        })
    }

    /// Whether everything is allowed (no users, or the database's owner).
    pub(super) fn is_open(&self) -> bool {
        self.open
    }

    /// Whether the actor's grants allow what is needed.
    pub(super) fn allows(&self, orgs: &OrgUnits, need: Need) -> bool {
        self.open || self.grants.as_ref().is_some_and(|g| g.allow(orgs, need))
    }

    /// Refuses what the actor's grants do not allow.
    pub(super) fn need(&self, orgs: &OrgUnits, need: Need) -> StoreResult<()> {
        if self.allows(orgs, need) {
            return Ok(());
        }
        let (need, unit) = Needed::of(orgs, need);
        Err(Denial::Role {
            user: text::sanitize(&self.user),
            need,
            unit,
        }
        .into())
    }

    /// Writing anything at all (creating, renaming, discarding a scenario): a role that
    /// writes on some unit.
    pub(super) fn writer(&self, orgs: &OrgUnits) -> StoreResult<()> {
        let writes = self
            .grants
            .as_ref()
            .is_some_and(|g| g.list.iter().any(|(_, r)| *r != Role::Read));
        if self.open || writes {
            Ok(())
        } else {
            self.need(orgs, Need::Admin(None))
        }
    }

    /// A cell write: `enter` on its unit; an official figure also not locked by an approved
    /// plan.
    pub(super) fn cell(&self, orgs: &OrgUnits, key: &CellKey, official: bool) -> StoreResult<()> {
        self.need(orgs, Need::Enter(key.org))?;
        if official && let Some(s) = lock_of(&self.states, key.org, key.period) {
            return Err(locked(orgs, s));
        }
        Ok(())
    }
}

/// The refusal for a cell an approved plan locks.
pub(super) fn locked(orgs: &OrgUnits, s: &PlanState) -> StoreError {
    StoreError::Locked(Box::new(Lock {
        unit: UnitRef::of(orgs, s.org),
        year: s.year,
        step: s.step,
        by: text::sanitize(&s.by),
        at: s.at.clone(),
    }))
}

fn audit_user(tx: &dyn Db, ctx: &Ctx<'_>, action: &str, org: Option<&str>, detail: &str) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO audit (at, os_user, action, org_unit, detail, batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ctx.now, ctx.user, action, org, detail, ctx.batch],
    )?;
    Ok(())
}

/// The users, with their grants (removed ones with `all`).
pub(super) fn users(store: &SqlStore, all: bool) -> StoreResult<Vec<UserInfo>> {
    let rows: Vec<(String, String, String, String, Option<String>)> = store.db().query_map(
        "SELECT name, display, created_at, created_by, removed_at FROM app_user ORDER BY name",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let mut out = Vec::new();
    for (name, display, created_at, created_by, removed_at) in rows {
        if removed_at.is_some() && !all {
            continue;
        }
        let grants = grants_of(store.db(), &store.core.orgs, &name)?.unwrap_or_default();
        out.push(UserInfo {
            name,
            display,
            created_at,
            created_by,
            removed_at,
            grants: grants.list,
        });
    }
    Ok(out)
}

fn check_user_name(name: &str) -> StoreResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(Refusal::BadUserName {
            name: text::sanitize(name),
        }
        .into())
    }
}

/// One audited user-management change in a transaction: the guard first (the first user
/// of an open database may be added by anyone, and becomes an administrator of every top
/// unit).
pub(super) fn manage(store: &mut SqlStore, change: UserChange<'_>) -> StoreResult<()> {
    let now = crate::store::now();
    let actor = store.core.actor.user.clone();
    let orgs = store.core.orgs.clone();
    let tx = store.begin()?;
    let open = !users_defined(&tx)?;
    let server = tx.dialect() == super::Dialect::Postgres;
    if !open && !store.core.owner {
        Guard::load(&tx, &store.core, &[])?.need(&orgs, Need::Admin(None))?;
    }
    if open && server && !store.core.owner {
        // On a server its owner role administers: no other role makes itself the first user.
        return Err(Denial::FirstUserByOwner.into());
    }
    let exists = |tx: &dyn Db, name: &str| -> StoreResult<bool> {
        Ok(tx
            .query_opt(
                "SELECT removed_at IS NULL FROM app_user WHERE name = ?1",
                params![name],
                |r| r.get::<bool>(0),
            )?
            .unwrap_or(false))
    };
    let (action, detail, unit) = match &change {
        UserChange::Add { name, display } => {
            check_user_name(name)?;
            let display = text::check_name(display, 100).map_err(|problem| Refusal::BadName {
                field: Field::DisplayName,
                problem,
            })?;
            if exists(&tx, name)? {
                return Err(Refusal::UserExists { name: name.to_string() }.into());
            }
            tx.execute(
                "INSERT INTO app_user (name, display, created_at, created_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET display = excluded.display, removed_at = NULL, removed_by = NULL",
                params![name, display, now, actor],
            )?;
            if open && !server {
                // The first user administers every top unit, so someone can manage the rest
                // (on a server its owner role does: administrators are granted by name).
                for root in orgs.all().iter().filter(|u| u.parent.is_none()) {
                    tx.execute(
                        "INSERT INTO app_grant (user_name, org_unit, role, granted_at, granted_by)
                         VALUES (?1, ?2, 'admin', ?3, ?4) ON CONFLICT DO NOTHING",
                        params![name, root.code, now, actor],
                    )?;
                }
            }
            ("user.add", format!("{name} ({display})"), None)
        }
        UserChange::Remove { name } => {
            if !exists(&tx, name)? {
                return Err(Refusal::NoUser {
                    name: text::sanitize(name),
                    grant: false,
                }
                .into());
            }
            tx.execute(
                "UPDATE app_user SET removed_at = ?2, removed_by = ?3 WHERE name = ?1",
                params![name, now, actor],
            )?;
            tx.execute("DELETE FROM app_grant WHERE user_name = ?1", params![name])?;
            ("user.remove", name.to_string(), None)
        }
        UserChange::Grant { name, unit, role } | UserChange::Revoke { name, unit, role } => {
            if !exists(&tx, name)? {
                return Err(Refusal::NoUser {
                    name: text::sanitize(name),
                    grant: true,
                }
                .into());
            }
            if !open && !store.core.owner {
                Guard::load(&tx, &store.core, &[])?.need(&orgs, Need::Admin(Some(*unit)))?;
            }
            let code = orgs.get(*unit).code.clone();
            if matches!(change, UserChange::Grant { .. }) {
                tx.execute(
                    "INSERT INTO app_grant (user_name, org_unit, role, granted_at, granted_by)
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                    params![name, code, role.code(), now, actor],
                )?;
                ("user.grant", format!("{name}: {} {code}", role.code()), Some(code))
            } else {
                let n = tx.execute(
                    "DELETE FROM app_grant WHERE user_name = ?1 AND org_unit = ?2 AND role = ?3",
                    params![name, code, role.code()],
                )?;
                if n == 0 {
                    return Err(Refusal::NoRole {
                        name: name.to_string(),
                        role: *role,
                        unit: code,
                    }
                    .into());
                }
                ("user.revoke", format!("{name}: {} {code}", role.code()), Some(code))
            }
        }
    };
    let batch = new_batch(&tx, &now, &actor, action, None, None, Some(&detail))?;
    let ctx = Ctx {
        now: &now,
        user: &actor,
        batch,
    };
    audit_user(&tx, &ctx, action, unit.as_deref(), &detail)?;
    tx.commit()?;
    Ok(())
}

/// A change to the users.
pub(super) enum UserChange<'a> {
    Add { name: &'a str, display: &'a str },
    Remove { name: &'a str },
    Grant { name: &'a str, unit: OrgId, role: Role },
    Revoke { name: &'a str, unit: OrgId, role: Role },
}

/// A step of a unit's plan, checked and audited in one transaction: `submit` needs `enter`
/// on the unit, `approve`, `return` and `reopen` need `approve` above it.
pub(super) fn plan_step(
    store: &mut SqlStore,
    org: OrgId,
    year: i32,
    step: crate::store::PlanAction,
    comment: Option<&str>,
) -> StoreResult<PlanState> {
    use crate::store::PlanAction as A;
    let now = crate::store::now();
    let actor = store.core.actor.user.clone();
    let orgs = store.core.orgs.clone();
    let tx = store.begin()?;
    let plans: Vec<i32> = super::read::plans(&tx)?.into_iter().map(|p| p.year).collect();
    if !plans.contains(&year) {
        return Err(Refusal::NoPlan { year }.into());
    }
    let guard = Guard::load(&tx, &store.core, &[])?;
    let now_state = plan_states(&tx, &orgs, &[year])?.into_iter().find(|s| s.org == org);
    let unit = orgs.get(org);
    let cur = now_state.as_ref().map(|s| s.step);
    let refuse = |r: Refusal| Err(r.into());
    let (new, action) = match step {
        A::Submit => {
            guard.need(&orgs, Need::Enter(org))?;
            if matches!(cur, Some(PlanStep::Submitted) | Some(PlanStep::Approved)) {
                return refuse(Refusal::PlanAlready {
                    year,
                    unit: unit.name.clone(),
                    step: cur.unwrap_or(PlanStep::Submitted),
                });
            }
            (Some(PlanStep::Submitted), "plan.submit")
        }
        A::Approve | A::Return => {
            guard.need(&orgs, Need::Approve(org))?;
            if cur != Some(PlanStep::Submitted) {
                return refuse(Refusal::NotSubmitted {
                    year,
                    unit: unit.name.clone(),
                });
            }
            if step == A::Return && comment.is_none_or(|c| c.trim().is_empty()) {
                return refuse(Refusal::ReturnNeedsReason);
            }
            if step == A::Approve {
                (Some(PlanStep::Approved), "plan.approve")
            } else {
                (Some(PlanStep::Returned), "plan.return")
            }
        }
        A::Reopen => {
            guard.need(&orgs, Need::Approve(org))?;
            if !matches!(cur, Some(PlanStep::Approved) | Some(PlanStep::Submitted)) {
                return refuse(Refusal::NotSentNorApproved {
                    year,
                    unit: unit.name.clone(),
                });
            }
            (Some(PlanStep::Returned), "plan.reopen")
        }
    };
    let comment = comment.map(|c| text::sanitize(c.trim())).filter(|c| !c.is_empty());
    if let Some(new) = new {
        tx.execute(
            "INSERT INTO plan_state (org_unit, year, state, comment, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (org_unit, year) DO UPDATE SET state = excluded.state, comment = excluded.comment,
               at = excluded.at, by_user = excluded.by_user",
            params![unit.code, year, new.code(), comment, now, actor],
        )?;
    }
    let detail = format!(
        "{year} {}{}",
        unit.code,
        comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default()
    );
    let batch = new_batch(&tx, &now, &actor, action, None, None, Some(&detail))?;
    let ctx = Ctx {
        now: &now,
        user: &actor,
        batch,
    };
    audit_user(&tx, &ctx, action, Some(&unit.code), &detail)?;
    tx.commit()?;
    Ok(PlanState {
        org,
        year,
        step: new.unwrap_or(PlanStep::Returned),
        comment,
        at: now,
        by: actor,
    })
}
