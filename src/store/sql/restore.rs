//! Users carried into a database made anew (`kttt init --force` on a shared server): the
//! officials and their grants belong to the server — their SSH keys name them — not to the
//! plan, so recreating the plan does not lock them out.

use super::write::{Ctx, new_batch};
use super::{Db, SqlStore, params};
use crate::domain::access::Role;
use crate::store::Refusal;
use crate::store::StoreResult;

/// A user as carried over: the name, the display name, the roles by unit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarriedUser {
    pub name: String,
    pub display: String,
    pub grants: Vec<(String, Role)>,
}

/// Writes the users and grants into a database that has none yet, in one audited
/// transaction; grants on units this database does not know are left out and counted.
pub(super) fn restore(store: &mut SqlStore, users: &[CarriedUser], from: &str) -> StoreResult<usize> {
    let now = crate::store::now();
    let actor = store.core.actor.user.clone();
    let orgs = store.core.orgs.clone();
    let tx = store.begin()?;
    if super::access::users_defined(&tx)? {
        return Err(Refusal::UsersExist.into());
    }
    let mut skipped = 0;
    for u in users {
        tx.execute(
            "INSERT INTO app_user (name, display, created_at, created_by) VALUES (?1, ?2, ?3, ?4)",
            params![u.name, u.display, now, actor],
        )?;
        for (code, role) in &u.grants {
            if orgs.by_code(code).is_none() {
                skipped += 1;
                continue;
            }
            tx.execute(
                "INSERT INTO app_grant (user_name, org_unit, role, granted_at, granted_by)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                params![u.name, code, role.code(), now, actor],
            )?;
        }
    }
    let detail = format!("{} users and their grants carried over from {from}", users.len());
    let batch = new_batch(&tx, &now, &actor, "user.restore", None, None, Some(&detail))?;
    let ctx = Ctx {
        now: &now,
        user: &actor,
        batch,
    };
    tx.execute(
        "INSERT INTO audit (at, os_user, action, detail, batch) VALUES (?1, ?2, 'user.restore', ?3, ?4)",
        params![ctx.now, ctx.user, detail, ctx.batch],
    )?;
    tx.commit()?;
    Ok(skipped)
}
