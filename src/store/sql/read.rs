//! Reading: the figures of a scope (by index, never the whole table), the batches committed
//! after a cursor, the history of a cell, the plans.

use super::write::decimal;
use super::{Db, DbExt, Row, SqlStore, Value, figure, params};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::values::{Cell, CellKey, Source};
use crate::store::{AuditEntry, BatchId, BatchRecord, Layer, PlanInfo, ScenarioId, Scope, Slice, StoreResult};
use std::collections::BTreeMap;

/// The cell a row's five key columns name (`None` when the catalog or the unit list does
/// not know them).
fn key_at(store: &SqlStore, r: &Row, at: usize) -> StoreResult<Option<CellKey>> {
    let year: i32 = r.get(at + 2)?;
    Ok(store
        .core
        .key_of(r.str(at), r.str(at + 1), year, r.str(at + 3), r.str(at + 4)))
}

/// The figures of a scope by the primary key (unit, year, kind, …): the units are a `VALUES`
/// list joined first (`CROSS JOIN` keeps that order), so each is one seek whatever the
/// file's size. (An `IN (…)` list of hundreds of units can make SQLite's planner skip-scan
/// the whole table instead.) Periods are kept in Rust from the years read.
pub(super) fn scope(store: &SqlStore, scope: &Scope) -> StoreResult<Slice> {
    if let (Some(ids), Some(periods)) = (&scope.indicators, &scope.periods)
        && scope.orgs.as_ref().is_none_or(|o| o.len() > BY_INDICATOR)
    {
        return by_indicator(store, scope, ids, periods);
    }
    let mut slice = Slice::default();
    let years = [
        Value::Int(i64::from(*scope.years.start())),
        Value::Int(i64::from(*scope.years.end())),
    ];
    let chunks: Vec<Option<&[OrgId]>> = match &scope.orgs {
        None => vec![None],
        Some(ids) => ids.chunks(CHUNK).map(Some).collect(),
    };
    for chunk in chunks {
        // ?1 ?2 the years; then the units; then the indicators; then the scenario.
        let mut args = years.to_vec();
        let (from, unit_cond) = match chunk {
            None => ("value".to_string(), String::new()),
            Some(units) => {
                let marks: Vec<String> = (0..units.len()).map(|i| format!("(?{})", args.len() + i + 1)).collect();
                args.extend(units.iter().map(|o| Value::Text(store.core.orgs.get(*o).code.clone())));
                (
                    format!("(VALUES {}) AS u CROSS JOIN value", marks.join(",")),
                    " AND value.org_unit = u.column1".to_string(),
                )
            }
        };
        let mut filter = String::new();
        if let Some(periods) = &scope.periods {
            // The kinds asked for (the years are the range; the exact pairs are kept below).
            let mut kinds: Vec<&str> = periods.iter().map(|p| p.kind.code()).collect();
            kinds.sort();
            kinds.dedup();
            let marks: Vec<String> = (0..kinds.len()).map(|i| format!("?{}", args.len() + i + 1)).collect();
            args.extend(kinds.iter().map(|k| Value::Text(k.to_string())));
            filter.push_str(&format!(" AND value.kind IN ({})", marks.join(",")));
        }
        if let Some(ids) = &scope.indicators {
            let marks: Vec<String> = (0..ids.len()).map(|i| format!("?{}", args.len() + i + 1)).collect();
            args.extend(ids.iter().map(|i| Value::Text(store.core.catalog.get(*i).code.clone())));
            filter.push_str(&format!(" AND value.indicator IN ({})", marks.join(",")));
        }
        let cols = "value.indicator, value.org_unit, value.year, value.kind, value.funding, value.value";
        let sql = format!(
            "SELECT {cols}, value.source, value.note, value.rev FROM {from}
             WHERE value.year BETWEEN ?1 AND ?2{unit_cond}{filter}"
        );
        read_values(store, &sql, &args, &mut slice)?;
        if let Some(id) = scope.scenario {
            args.push(Value::Int(id.0));
            let osql = format!(
                "SELECT {} FROM {} WHERE value.scenario = ?{} AND value.year BETWEEN ?1 AND ?2{unit_cond}{filter}",
                cols,
                from.replace("CROSS JOIN value", "CROSS JOIN scenario_value AS value"),
                args.len()
            )
            .replace("FROM value WHERE", "FROM scenario_value AS value WHERE");
            read_overlay(store, &osql, &args, &mut slice)?;
        }
    }
    if let Some(periods) = &scope.periods {
        slice.official.retain(|k| periods.contains(&k.period));
        slice.overlay.changes.retain(|k, _| periods.contains(&k.period));
        slice.unreadable.retain(|k| periods.contains(&k.period));
    }
    Ok(slice)
}

/// How many units one query joins.
const CHUNK: usize = 500;

/// Above this many units, a read of a few indicators goes by the indicator index instead.
const BY_INDICATOR: usize = 200;

/// A few indicators over many units (a roll-up over a country): by the covering index on
/// (indicator, year, kind, funding, unit), keeping the units asked for. Only the figures are
/// read (these are parts' figures for a roll-up): source, note and revision are not.
fn by_indicator(
    store: &SqlStore,
    scope: &Scope,
    ids: &[crate::domain::catalog::IndicatorId],
    periods: &[Period],
) -> StoreResult<Slice> {
    let mut slice = Slice::default();
    // The units asked for, by index (tens of thousands of rows are checked against it).
    let wanted: Option<Vec<bool>> = scope.orgs.as_ref().map(|o| {
        let mut w = vec![false; o.iter().map(|i| i.index() + 1).max().unwrap_or(0)];
        o.iter().for_each(|i| w[i.index()] = true);
        w
    });
    let asked = |org: OrgId| {
        wanted
            .as_ref()
            .is_none_or(|w| w.get(org.index()).copied().unwrap_or(false))
    };
    // Only the index's own columns: the read never leaves the covering index.
    let sql = "SELECT indicator, org_unit, year, kind, funding, value FROM value
               WHERE indicator = ?1 AND year = ?2 AND kind = ?3";
    for id in ids {
        for p in periods.iter().filter(|p| scope.years.contains(&p.year)) {
            let args = params![store.core.catalog.get(*id).code, p.year, p.kind.code()];
            store.db().query_each(sql, args, &mut |r| {
                let Some(key) = key_at(store, r, 0)? else { return Ok(()) };
                if !asked(key.org) {
                    return Ok(());
                }
                let value = match figure(r.value(5)) {
                    Ok(v) => v,
                    Err(_) => {
                        slice.unreadable.push(key);
                        None
                    }
                };
                slice.official.insert(
                    key,
                    Cell {
                        value,
                        source: Source::User,
                        note: None,
                        rev: 0,
                    },
                );
                Ok(())
            })?;
        }
    }
    if let Some(sid) = scope.scenario {
        let sql = "SELECT indicator, org_unit, year, kind, funding, value FROM scenario_value
                   WHERE scenario = ?1 AND indicator = ?2 AND year = ?3 AND kind = ?4";
        for id in ids {
            for p in periods {
                let rows = store.db().query(
                    sql,
                    params![sid.0, store.core.catalog.get(*id).code, p.year, p.kind.code()],
                )?;
                for r in &rows {
                    if let Some(key) = key_at(store, r, 0)?
                        && asked(key.org)
                    {
                        slice.overlay.changes.insert(key, figure(r.value(5)).unwrap_or(None));
                    }
                }
            }
        }
    }
    Ok(slice)
}

fn read_values(store: &SqlStore, sql: &str, args: &[Value], slice: &mut Slice) -> StoreResult<()> {
    store.db().query_each(sql, args, &mut |r| {
        let Some(key) = key_at(store, r, 0)? else {
            return Ok(());
        };
        let value = match figure(r.value(5)) {
            Ok(v) => v,
            Err(_) => {
                slice.unreadable.push(key);
                None
            }
        };
        slice.official.insert(
            key,
            Cell {
                value,
                source: Source::from_code(r.str(6)),
                note: r.take(7).ok().flatten(),
                rev: r.get::<Option<i64>>(8).ok().flatten().unwrap_or(0),
            },
        );
        Ok(())
    })
}

fn read_overlay(store: &SqlStore, sql: &str, args: &[Value], slice: &mut Slice) -> StoreResult<()> {
    for r in &store.db().query(sql, args)? {
        if let Some(key) = key_at(store, r, 0)? {
            slice.overlay.changes.insert(key, figure(r.value(5)).unwrap_or(None));
        }
    }
    Ok(())
}

/// The figures of some cells, by primary key.
pub(super) fn cells(store: &SqlStore, keys: &[CellKey], scenario: Option<ScenarioId>) -> StoreResult<Slice> {
    let mut slice = Slice::default();
    let sql = "SELECT indicator, org_unit, year, kind, funding, value, source, note, rev FROM value
               WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4 AND funding = ?5";
    let ssql = "SELECT indicator, org_unit, year, kind, funding, value FROM scenario_value
                WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4 AND funding = ?5 AND scenario = ?6";
    for key in keys {
        let c = store.core.codes(key);
        let args = vec![
            Value::Text(c.indicator),
            Value::Text(c.org),
            Value::Int(i64::from(c.year)),
            Value::Text(c.kind.to_string()),
            Value::Text(c.funding),
        ];
        read_values(store, sql, &args, &mut slice)?;
        if let Some(id) = scenario {
            let mut sargs = args;
            sargs.push(Value::Int(id.0));
            read_overlay(store, ssql, &sargs, &mut slice)?;
        }
    }
    Ok(slice)
}

/// The batches committed after `after`, with the cells each touched.
pub(super) fn changes_since(store: &SqlStore, after: BatchId, limit: usize) -> StoreResult<Vec<BatchRecord>> {
    let mut out: BTreeMap<BatchId, BatchRecord> = BTreeMap::new();
    let rows = store.db().query_map(
        "SELECT id, at, os_user, action, scenario, detail FROM batch WHERE id > ?1 ORDER BY id LIMIT ?2",
        params![after, limit as i64],
        |r| {
            Ok(BatchRecord {
                id: r.get(0)?,
                at: r.get(1)?,
                user: r.get(2)?,
                action: r.get(3)?,
                scenario: r.get::<Option<i64>>(4)?.map(ScenarioId),
                cells: Vec::new(),
                detail: r.text(5),
            })
        },
    )?;
    for b in rows {
        out.insert(b.id, b);
    }
    let (Some(first), Some(last)) = (out.keys().next().copied(), out.keys().next_back().copied()) else {
        return Ok(Vec::new());
    };
    let rows = store.db().query(
        "SELECT batch, scenario_id, indicator, org_unit, year, kind, funding FROM audit
         WHERE batch BETWEEN ?1 AND ?2 AND indicator IS NOT NULL ORDER BY id",
        params![first, last],
    )?;
    for r in &rows {
        let batch: BatchId = r.get(0)?;
        let scenario: Option<i64> = r.get(1)?;
        if let (Some(rec), Some(key)) = (out.get_mut(&batch), key_at(store, r, 2)?) {
            let layer = scenario.map_or(Layer::Official, |s| Layer::Scenario(ScenarioId(s)));
            rec.cells.push((layer, key));
        }
    }
    Ok(out.into_values().collect())
}

/// The audit rows of a cell (all periods unless `one_period`), oldest first.
pub(super) fn history(store: &SqlStore, key: &CellKey, one_period: bool) -> StoreResult<Vec<AuditEntry>> {
    let c = store.core.codes(key);
    let cols = "id, at, os_user, action, scenario, year, kind, old_value, new_value, detail";
    if one_period {
        store.db().query_map(
            &format!(
                "SELECT {cols} FROM audit WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4
                 AND funding = ?5 ORDER BY id"
            ),
            params![c.indicator, c.org, c.year, c.kind, c.funding],
            audit_row,
        )
    } else {
        store.db().query_map(
            &format!("SELECT {cols} FROM audit WHERE indicator = ?1 AND org_unit = ?2 AND funding = ?3 ORDER BY id"),
            params![c.indicator, c.org, c.funding],
            audit_row,
        )
    }
}

/// An audit row as read with `id, at, os_user, action, scenario, year, kind, old_value,
/// new_value, detail` first.
pub(super) fn audit_row(r: &Row) -> StoreResult<AuditEntry> {
    let year: Option<i32> = r.get(5)?;
    let kind: Option<String> = r.get(6)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.text(1).unwrap_or_default(),
        user: r.text(2).unwrap_or_default(),
        action: r.text(3).unwrap_or_default(),
        scenario: r.text(4),
        period: match (year, kind.as_deref().and_then(PeriodKind::from_code)) {
            (Some(y), Some(k)) => Some(Period::new(y, k)),
            _ => None,
        },
        old: decimal(r.text(7)),
        new: decimal(r.text(8)),
        detail: r.text(9),
    })
}

/// The plans, oldest first.
pub(super) fn plans(conn: &dyn Db) -> StoreResult<Vec<PlanInfo>> {
    conn.query_map(
        "SELECT year, title, based_on, created_at, created_by FROM plan ORDER BY year",
        params![],
        |r| {
            Ok(PlanInfo {
                year: r.get(0)?,
                title: r.text(1).unwrap_or_default(),
                based_on: r.get(2)?,
                created_at: r.text(3).unwrap_or_default(),
                created_by: r.text(4).unwrap_or_default(),
            })
        },
    )
}

/// How many org units the database holds at each level (`country`, `province`…), every
/// unit ever listed (also those a reform retired).
pub(super) fn unit_counts(conn: &dyn Db) -> StoreResult<Vec<(String, i64)>> {
    conn.query_map("SELECT level, count(*) FROM org_unit GROUP BY level", params![], |r| {
        Ok((r.text(0).unwrap_or_default(), r.get(1)?))
    })
}

/// The org units that hold any figure, in display order.
pub(super) fn units_with_figures(store: &SqlStore) -> StoreResult<Vec<String>> {
    store
        .db()
        .query_map("SELECT DISTINCT org_unit FROM value", params![], |r| r.get(0))
}
