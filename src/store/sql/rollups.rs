//! Roll-ups kept between processes, so that a province's sheet opens without reading every
//! commune's figures: a unit's roll-ups for a plan year as `domain::rollup::stored` writes
//! them, with the form they were worked out for and a stamp. The stamp is the generations
//! of the years the roll-ups read and of the units (year 0); every statement that writes a
//! figure bumps its year's generation, every change of the units or their mapping year 0's,
//! in its own transaction (schema triggers, on both stores). The stamp is read *before* the
//! figures, so a roll-up worked out while someone wrote is kept with a stamp already behind,
//! and is never read: kept roll-ups are read only when the stamp is still the current one.

use super::{DbExt, SqlStore, params};
use crate::store::StoreResult;
use std::fmt::Write;

/// Roll-ups as kept: the form key and stamp they were worked out under, and their text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub form: String,
    pub stamp: String,
    pub cells: String,
}

/// The current stamp of roll-ups that read the figures of `years`: `u:G;2023:G;…`.
pub(super) fn stamp(store: &SqlStore, years: std::ops::RangeInclusive<i32>) -> StoreResult<String> {
    let (first, last) = (*years.start(), *years.end());
    let rows = store.db().query(
        "SELECT year, gen FROM rollup_gen WHERE year = 0 OR year BETWEEN ?1 AND ?2 ORDER BY year",
        params![first, last],
    )?;
    let mut gens: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for r in &rows {
        gens.insert(r.get(0)?, r.get(1)?);
    }
    let mut out = format!("u:{}", gens.get(&0).copied().unwrap_or(0));
    for y in first..=last {
        let _ = write!(out, ";{y}:{}", gens.get(&i64::from(y)).copied().unwrap_or(0));
    }
    Ok(out)
}

/// The roll-ups kept for a unit (by code) and plan year, if any.
pub(super) fn kept(store: &SqlStore, unit: &str, year: i32) -> StoreResult<Option<Kept>> {
    store.db().query_opt(
        "SELECT form, stamp, cells FROM rollup_kept WHERE org_unit = ?1 AND year = ?2",
        params![unit, year],
        |r| {
            Ok(Kept {
                form: r.get(0)?,
                stamp: r.get(1)?,
                cells: r.get(2)?,
            })
        },
    )
}

/// Keeps a unit's roll-ups for a plan year, when the database can take the write now: not
/// opened read-only, and on a server only by the unit's administrators (the server's own
/// guard allows no one else). Anything else keeps nothing, and is no error: the roll-ups
/// are worked out again next time.
pub(super) fn keep(store: &SqlStore, unit: crate::domain::org::OrgId, year: i32, kept: &Kept) -> StoreResult<bool> {
    if store.conn.writable().is_err() {
        return Ok(false);
    }
    if store.conn.server_identity()?.is_some_and(|(_, trusted)| !trusted)
        && !store.allowed(crate::domain::access::Need::Admin(Some(unit)))?
    {
        return Ok(false);
    }
    let code = &store.core.orgs.get(unit).code;
    let done = store.conn.at_once(&mut || {
        store.db().execute(
            "INSERT INTO rollup_kept (org_unit, year, form, stamp, cells) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (org_unit, year) DO UPDATE
             SET form = excluded.form, stamp = excluded.stamp, cells = excluded.cells",
            params![code, year, kept.form, kept.stamp, kept.cells],
        )?;
        Ok(())
    });
    Ok(done.is_ok())
}
