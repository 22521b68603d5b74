//! What-if scenarios: named layers holding only the cells they change. Applying makes them
//! official in one transaction (read inside it) and keeps what was applied, so an apply can
//! be undone; applied and discarded scenarios stay as read-only records.

use super::write::{
    Codes, Ctx, Target, audit_event, current, decimal, new_batch, open_scenario, pending, put_official, put_pending,
    scenario_event,
};
use super::{Db, DbExt, Row, SqlStore, params};
use crate::domain::number::canonical;
use crate::domain::org::OrgUnits;
use crate::domain::text;
use crate::domain::values::{CellKey, Source};
use crate::store::{
    ApplyConflict, ApplyOutcome, BatchId, Change, Layer, Resolution, RevertOutcome, RevertRefusal, ScenarioId,
    ScenarioInfo, ScenarioStatus, StoreError, StoreResult,
};
use crate::store::{Field, Refusal};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The longest scenario name, in characters.
pub const MAX_NAME: usize = crate::store::MAX_SCENARIO_NAME;

pub(super) fn clean_name(name: &str) -> StoreResult<String> {
    text::check_name(name, MAX_NAME).map_err(|problem| {
        Refusal::BadName {
            field: Field::ScenarioName,
            problem,
        }
        .into()
    })
}

/// Refuses a name another open scenario (other than `except`) has, ignoring case and
/// diacritics.
pub(super) fn ensure_name_free(tx: &dyn Db, name: &str, except: Option<ScenarioId>) -> StoreResult<()> {
    let taken: Option<i64> = tx.query_opt(
        "SELECT id FROM scenario WHERE name_key = ?1 AND status = 'open' AND id <> ?2",
        params![text::fold(name), except.map_or(0, |e| e.0)],
        |r| r.get(0),
    )?;
    match taken {
        Some(_) => Err(Refusal::ScenarioNameTaken {
            name: text::sanitize(name),
        }
        .into()),
        None => Ok(()),
    }
}

const SELECT: &str = "SELECT s.id, s.name, s.status, s.created_at, s.created_by, s.closed_at, s.closed_by,
    (SELECT count(*) FROM scenario_value v WHERE v.scenario = s.id),
    (SELECT count(*) FROM scenario_applied a WHERE a.scenario = s.id), s.unit
    FROM scenario s";

fn info_row(orgs: &OrgUnits, r: &Row) -> StoreResult<ScenarioInfo> {
    Ok(ScenarioInfo {
        id: ScenarioId(r.get(0)?),
        name: r.get(1)?,
        status: ScenarioStatus::from_code(&r.get::<String>(2)?).unwrap_or(ScenarioStatus::Discarded),
        created_at: r.get(3)?,
        created_by: r.get(4)?,
        // A unit not held would read as "every unit": refused instead (the store holds the
        // units of scenarios before it reads them).
        unit: match r.get::<Option<String>>(9)? {
            Some(u) => Some(
                orgs.by_code(&u)
                    .ok_or_else(|| StoreError::Backend(format!("scenario unit {u} is not held")))?,
            ),
            None => None,
        },
        closed_at: r.get(5)?,
        closed_by: r.get(6)?,
        changes: r.get::<i64>(7)? as usize,
        applied: r.get::<i64>(8)? as usize,
    })
}

/// The scenarios, oldest first (only the open ones unless `all`), of the units held.
pub(super) fn list(conn: &dyn Db, orgs: &OrgUnits, all: bool) -> StoreResult<Vec<ScenarioInfo>> {
    let sql = if all {
        format!("{SELECT} ORDER BY s.id")
    } else {
        format!("{SELECT} WHERE s.status = 'open' ORDER BY s.id")
    };
    let rows = conn.query_map(&sql, params![], |r| {
        let held = r.get::<Option<String>>(9)?.is_none_or(|u| orgs.by_code(&u).is_some());
        Ok(if held { Some(info_row(orgs, r)?) } else { None })
    })?;
    Ok(rows.into_iter().flatten().collect())
}

/// One scenario, whatever its state.
pub(super) fn get(conn: &dyn Db, orgs: &OrgUnits, id: ScenarioId) -> StoreResult<ScenarioInfo> {
    conn.query_opt(&format!("{SELECT} WHERE s.id = ?1"), params![id.0], |r| {
        info_row(orgs, r)
    })?
    .ok_or_else(|| StoreError::NoScenario {
        name: format!("#{}", id.0),
    })
}

/// The codes of a cell and a stored figure, as read.
type CodedRow = (String, String, i32, String, String, Option<String>);

struct PendingRow {
    key: CellKey,
    codes: Codes,
    value: Option<Decimal>,
    base: Option<Decimal>,
    base_rev: i64,
}

fn pending_rows(store: &SqlStore, conn: &dyn Db, id: ScenarioId) -> StoreResult<Vec<PendingRow>> {
    let rows: Vec<(CodedRow, Option<String>, i64)> = conn.query_map(
        "SELECT indicator, org_unit, year, kind, funding, value, base_value, base_rev FROM scenario_value
         WHERE scenario = ?1",
        params![id.0],
        |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                r.get(6)?,
                r.get(7)?,
            ))
        },
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|((i, o, y, k, f, v), b, rev)| {
            let key = store.core.key_of(&i, &o, y, &k, &f)?;
            Some(PendingRow {
                codes: store.core.codes(&key),
                key,
                value: decimal(v),
                base: decimal(b),
                base_rev: rev,
            })
        })
        .collect())
}

/// The official figure each pending change started from.
pub(super) fn bases(store: &SqlStore, id: ScenarioId) -> StoreResult<HashMap<CellKey, Option<Decimal>>> {
    Ok(pending_rows(store, store.db(), id)?
        .into_iter()
        .map(|r| (r.key, r.base))
        .collect())
}

/// Renames an open scenario.
pub(super) fn rename(store: &mut SqlStore, id: ScenarioId, new_name: &str) -> StoreResult<()> {
    let name = clean_name(new_name)?;
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let tx = store.begin()?;
    super::access::Guard::load(&tx, &store.core, &[])?.writer(&store.core.orgs)?;
    let info = open_scenario(&tx, &store.core.orgs, id)?;
    super::owner::may_manage(&tx, &store.core, &info)?;
    let old = info.name;
    ensure_name_free(&tx, &name, Some(id))?;
    tx.execute(
        "UPDATE scenario SET name = ?2, name_key = ?3 WHERE id = ?1",
        params![id.0, name, text::fold(&name)],
    )?;
    let detail = format!("{old} → {name}");
    scenario_event(&tx, &now, &user, "scenario.rename", (id, &name), Some(&detail))?;
    tx.commit()?;
    Ok(())
}

/// Closes an open scenario without applying it; its changes stay as a read-only record.
pub(super) fn discard(store: &mut SqlStore, id: ScenarioId) -> StoreResult<usize> {
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let tx = store.begin()?;
    super::access::Guard::load(&tx, &store.core, &[])?.writer(&store.core.orgs)?;
    let info = open_scenario(&tx, &store.core.orgs, id)?;
    super::owner::may_manage(&tx, &store.core, &info)?;
    let name = info.name;
    let n: i64 = tx.query_row(
        "SELECT count(*) FROM scenario_value WHERE scenario = ?1",
        params![id.0],
        |r| r.get(0),
    )?;
    let detail = format!("{n} changes not applied");
    let batch = scenario_event(&tx, &now, &user, "scenario.discard", (id, &name), Some(&detail))?;
    tx.execute(
        "UPDATE scenario SET status = 'discarded', closed_at = ?2, closed_by = ?3, closed_batch = ?4 WHERE id = ?1",
        params![id.0, now, user, batch],
    )?;
    tx.commit()?;
    Ok(n as usize)
}

/// Applies a scenario's pending changes; see [`crate::store::SqlStore::apply_scenario`].
pub(super) fn apply(
    store: &mut SqlStore,
    id: ScenarioId,
    only: Option<&[CellKey]>,
    resolutions: &HashMap<CellKey, Resolution>,
) -> StoreResult<ApplyOutcome> {
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let tx = store.begin()?;
    let info = open_scenario(&tx, &store.core.orgs, id)?;
    super::owner::may_manage(&tx, &store.core, &info)?;
    let name = info.name;
    // Everything below is read inside the lock: a scenario edit committed just before this
    // transaction is what gets applied, never an older figure.
    let rows = pending_rows(store, &tx, id)?;
    let years: Vec<i32> = rows.iter().map(|r| r.key.period.year).collect();
    let guard = super::access::Guard::load(&tx, &store.core, &years)?;
    let mut conflicts = Vec::new();
    let mut todo = Vec::new();
    for r in rows {
        if only.is_some_and(|o| !o.contains(&r.key)) {
            continue;
        }
        // The grants and the approval locks, read inside this transaction.
        guard.cell(&store.core.orgs, &r.key, true)?;
        let (official, rev) = current(&tx, &r.codes)?.unwrap_or((None, 0));
        if rev != r.base_rev {
            match resolutions.get(&r.key) {
                Some(Resolution::Skip) => continue,
                Some(Resolution::Overwrite) => {}
                None => {
                    conflicts.push(ApplyConflict {
                        key: r.key,
                        base: r.base,
                        official,
                        scenario: r.value,
                    });
                    continue;
                }
            }
        }
        todo.push((r, official));
    }
    if !conflicts.is_empty() {
        conflicts.sort_by_key(|c| c.key);
        return Ok(ApplyOutcome::Conflicts(conflicts));
    }
    todo.sort_by_key(|t| t.0.key);
    let batch = new_batch(&tx, &now, &user, "scenario.apply", Some(id), None, None)?;
    let ctx = Ctx {
        now: &now,
        user: &user,
        batch,
    };
    let from = Target::OfficialFrom { name: name.clone() };
    let mut changes = Vec::new();
    let mut cells = Vec::new();
    for (r, official) in todo {
        if official != r.value {
            let audit_id = put_official(
                &tx,
                &ctx,
                &r.codes,
                official,
                r.value,
                &Source::Scenario,
                "apply",
                &from,
                None,
            )?;
            changes.push(Change {
                key: r.key,
                layer: Layer::Official,
                old: official,
                new: r.value,
                old_state: Some(official),
                new_state: Some(r.value),
                audit_id,
            });
        }
        let c = &r.codes;
        tx.execute(
            "INSERT INTO scenario_applied (scenario, batch, indicator, org_unit, year, kind, funding, value, base_value,
               base_rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id.0,
                batch,
                c.indicator,
                c.org,
                c.year,
                c.kind,
                c.funding,
                r.value.as_ref().map(canonical),
                r.base.as_ref().map(canonical),
                r.base_rev
            ],
        )?;
        put_pending(&tx, &ctx, id, c, None, (None, 0))?;
        cells.push(r.key);
    }
    let left: i64 = tx.query_row(
        "SELECT count(*) FROM scenario_value WHERE scenario = ?1",
        params![id.0],
        |r| r.get(0),
    )?;
    let closed = left == 0;
    if closed {
        tx.execute(
            "UPDATE scenario SET status = 'applied', closed_at = ?2, closed_by = ?3, closed_batch = ?4 WHERE id = ?1",
            params![id.0, now, user, batch],
        )?;
    }
    let detail = format!(
        "{} applied{}",
        changes.len(),
        if closed { ", scenario closed" } else { "" }
    );
    audit_event(&tx, &ctx, "scenario.apply", Some((id, &name)), Some(&detail))?;
    tx.commit()?;
    Ok(ApplyOutcome::Applied {
        batch,
        changes,
        cells,
        closed,
    })
}

/// The last apply of a scenario that has not been undone.
pub(super) fn last_apply(conn: &dyn Db, id: ScenarioId) -> StoreResult<Option<BatchId>> {
    conn.query_row(
        "SELECT max(b.id) FROM batch b WHERE b.scenario = ?1 AND b.action = 'scenario.apply'
         AND NOT EXISTS (SELECT 1 FROM batch r WHERE r.undoes = b.id)",
        params![id.0],
        |r| r.get(0),
    )
}

fn applied_rows(tx: &dyn Db, batch: BatchId) -> StoreResult<Vec<CodedRow>> {
    tx.query_map(
        "SELECT indicator, org_unit, year, kind, funding, value FROM scenario_applied WHERE batch = ?1
         ORDER BY indicator, org_unit, year, kind, funding",
        params![batch],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )
}

/// Undoes an apply; see [`crate::store::SqlStore::revert_apply`].
pub(super) fn revert(store: &mut SqlStore, apply: BatchId) -> StoreResult<RevertOutcome> {
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let tx = store.begin()?;
    let found: Option<(String, Option<i64>)> = tx.query_opt(
        "SELECT action, scenario FROM batch WHERE id = ?1",
        params![apply],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(("scenario.apply", Some(sid))) = found.as_ref().map(|(a, s)| (a.as_str(), *s)) else {
        return Err(Refusal::NotAnApply.into());
    };
    let undone: i64 = tx.query_row("SELECT count(*) FROM batch WHERE undoes = ?1", params![apply], |r| {
        r.get(0)
    })?;
    if undone > 0 {
        return Err(Refusal::AlreadyUndone.into());
    }
    let id = ScenarioId(sid);
    let info = get(&tx, &store.core.orgs, id)?;
    super::owner::may_manage(&tx, &store.core, &info)?;
    // What the apply wrote, from its audit rows: each cell's figure before and after.
    let written: Vec<(CodedRow, Option<String>)> = tx.query_map(
        "SELECT indicator, org_unit, year, kind, funding, old_value, new_value FROM audit
         WHERE batch = ?1 AND action = 'apply' ORDER BY id",
        params![apply],
        |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                r.get(6)?,
            ))
        },
    )?;
    let years: Vec<i32> = written.iter().map(|w| (w.0).2).collect();
    let guard = super::access::Guard::load(&tx, &store.core, &years)?;
    let batch = new_batch(&tx, &now, &user, "scenario.revert", Some(id), Some(apply), None)?;
    let ctx = Ctx {
        now: &now,
        user: &user,
        batch,
    };
    let from = Target::OfficialFrom {
        name: info.name.clone(),
    };
    let mut changes = Vec::new();
    let mut refused = Vec::new();
    for ((i, o, y, k, f, old), new) in written {
        let Some(key) = store.core.key_of(&i, &o, y, &k, &f) else {
            continue;
        };
        guard.cell(&store.core.orgs, &key, true)?;
        let c = store.core.codes(&key);
        let (old, new) = (decimal(old), decimal(new));
        let now_value = current(&tx, &c)?.and_then(|(v, _)| v);
        if now_value != new {
            refused.push(RevertRefusal {
                key,
                applied: new,
                now: now_value,
            });
            continue;
        }
        let audit_id = put_official(&tx, &ctx, &c, new, old, &Source::User, "revert", &from, None)?;
        changes.push(Change {
            key,
            layer: Layer::Official,
            old: new,
            new: old,
            old_state: Some(new),
            new_state: Some(old),
            audit_id,
        });
    }
    // The applied changes become pending again; a cell someone changed since the apply will
    // ask again when the scenario is next applied (its base no longer matches).
    let mut cells = Vec::new();
    for (i, o, y, k, f, v) in applied_rows(&tx, apply)? {
        let Some(key) = store.core.key_of(&i, &o, y, &k, &f) else {
            continue;
        };
        let c = store.core.codes(&key);
        let (official, rev) = current(&tx, &c)?.unwrap_or((None, 0));
        let base_rev = if refused.iter().any(|r| r.key == key) { -1 } else { rev };
        if pending(&tx, id, &c)?.is_none() {
            put_pending(&tx, &ctx, id, &c, Some(decimal(v)), (official, base_rev))?;
        }
        cells.push(key);
    }
    tx.execute("DELETE FROM scenario_applied WHERE batch = ?1", params![apply])?;
    if info.status == ScenarioStatus::Applied {
        let reopened = tx.execute(
            "UPDATE scenario SET status = 'open', closed_at = NULL, closed_by = NULL, closed_batch = NULL
             WHERE id = ?1 AND closed_batch = ?2",
            params![id.0, apply],
        );
        if let Err(e) = reopened {
            return Err(match e {
                StoreError::Constraint(_) => Refusal::ReopenNameTaken {
                    name: text::sanitize(&info.name),
                }
                .into(),
                e => e,
            });
        }
    }
    let detail = format!("{} put back, {} refused", changes.len(), refused.len());
    audit_event(&tx, &ctx, "scenario.revert", Some((id, &info.name)), Some(&detail))?;
    let scenario = get(&tx, &store.core.orgs, id)?;
    tx.commit()?;
    Ok(RevertOutcome {
        batch,
        scenario,
        changes,
        refused,
        cells,
    })
}
