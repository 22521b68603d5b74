//! Where each user last looked — a unit and a plan year — so the app opens there again. Not a
//! figure: one row per user, no audit row (an official over SSH keeps it in the database;
//! `tui` keeps it in the user's own files for everyone else).

use super::{DbExt, SqlStore, params};
use crate::store::StoreResult;

/// The actor's last unit (code) and plan year, if remembered.
pub(super) fn last(store: &SqlStore) -> StoreResult<Option<(String, i32)>> {
    store.db().query_opt(
        "SELECT unit, year FROM user_view WHERE user_name = ?1",
        params![store.core.actor.user],
        |r| Ok((r.get::<String>(0)?, r.get::<i32>(1)?)),
    )
}

/// Remembers the actor's unit and plan year.
pub(super) fn remember(store: &SqlStore, unit: &str, year: i32) -> StoreResult<()> {
    store.conn.writable()?;
    store.db().execute(
        "INSERT INTO user_view (user_name, unit, year, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_name) DO UPDATE SET unit = excluded.unit, year = excluded.year, at = excluded.at",
        params![store.core.actor.user, unit, year, crate::store::now()],
    )?;
    Ok(())
}
