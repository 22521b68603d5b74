//! Reading: the figures of a scope (by index, never the whole table), the batches committed
//! after a cursor, the history of a cell, the plans.

use super::SqliteStore;
use super::write::decimal;
use crate::domain::number::parse_canonical;
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::values::{Cell, CellKey, Source};
use crate::store::{
    AuditEntry, BatchId, BatchRecord, Layer, LogEntry, LogQuery, PlanInfo, ScenarioId, Scope, Slice, StoreResult,
};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

impl SqliteStore {
    /// The cell of stored codes; `None` for codes this kttt does not know.
    pub(super) fn key_of(&self, ind: &str, org: &str, year: i32, kind: &str, funding: &str) -> Option<CellKey> {
        Some(CellKey::new(
            self.catalog.find(ind)?,
            self.orgs.by_code(org)?,
            Period::new(year, PeriodKind::from_code(kind)?),
            self.catalog.funding(funding)?,
        ))
    }
}

/// Text of a column that should hold text, whatever another tool stored in it.
fn text_of(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

/// A stored figure: `Ok(None)` blank, `Err(())` something that is not a figure.
fn figure(v: ValueRef<'_>) -> Result<Option<Decimal>, ()> {
    match v {
        ValueRef::Null => Ok(None),
        ValueRef::Integer(i) => Ok(Some(Decimal::from(i))),
        ValueRef::Text(t) => std::str::from_utf8(t)
            .ok()
            .and_then(parse_canonical)
            .map(Some)
            .ok_or(()),
        ValueRef::Real(_) | ValueRef::Blob(_) => Err(()),
    }
}

/// The cell a row's five key columns name, read without copying the codes (`None` when the
/// catalog or the unit list does not know them).
fn key_at(store: &SqliteStore, r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<CellKey>> {
    let text = |i: usize| -> rusqlite::Result<&str> {
        Ok(match r.get_ref(i)? {
            ValueRef::Text(t) => std::str::from_utf8(t).unwrap_or(""),
            _ => "",
        })
    };
    let year: i32 = r.get(at + 2)?;
    Ok(store.key_of(text(at)?, text(at + 1)?, year, text(at + 3)?, text(at + 4)?))
}

/// The figures of a scope by the primary key (unit, year, kind, …): the units are a `VALUES`
/// list joined first (`CROSS JOIN` keeps that order), so each is one seek whatever the
/// file's size. (An `IN (…)` list of hundreds of units can make SQLite's planner skip-scan
/// the whole table instead.) Periods are kept in Rust from the years read.
pub(super) fn scope(store: &SqliteStore, scope: &Scope) -> StoreResult<Slice> {
    if let (Some(ids), Some(periods)) = (&scope.indicators, &scope.periods)
        && scope.orgs.as_ref().is_none_or(|o| o.len() > BY_INDICATOR)
    {
        return by_indicator(store, scope, ids, periods);
    }
    let mut slice = Slice::default();
    let years = [
        Value::Integer(i64::from(*scope.years.start())),
        Value::Integer(i64::from(*scope.years.end())),
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
                args.extend(units.iter().map(|o| Value::Text(store.orgs.get(*o).code.clone())));
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
            args.extend(ids.iter().map(|i| Value::Text(store.catalog.get(*i).code.clone())));
            filter.push_str(&format!(" AND value.indicator IN ({})", marks.join(",")));
        }
        let cols = "value.indicator, value.org_unit, value.year, value.kind, value.funding, value.value";
        let sql = format!(
            "SELECT {cols}, value.source, value.note, value.rev FROM {from}
             WHERE value.year BETWEEN ?1 AND ?2{unit_cond}{filter}"
        );
        read_values(store, &sql, &args, &mut slice)?;
        if let Some(id) = scope.scenario {
            args.push(Value::Integer(id.0));
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
    store: &SqliteStore,
    scope: &Scope,
    ids: &[crate::domain::catalog::IndicatorId],
    periods: &[Period],
) -> StoreResult<Slice> {
    let mut slice = Slice::default();
    let wanted: Option<std::collections::HashSet<OrgId>> = scope.orgs.as_ref().map(|o| o.iter().copied().collect());
    // Only the index's own columns: the read never leaves the covering index.
    let sql = "SELECT indicator, org_unit, year, kind, funding, value FROM value
               WHERE indicator = ?1 AND year = ?2 AND kind = ?3";
    let mut st = store.conn.prepare_cached(sql)?;
    for id in ids {
        for p in periods.iter().filter(|p| scope.years.contains(&p.year)) {
            let mut rows = st.query(params![store.catalog.get(*id).code, p.year, p.kind.code()])?;
            while let Some(r) = rows.next()? {
                let Some(key) = key_at(store, r, 0)? else { continue };
                if wanted.as_ref().is_some_and(|w| !w.contains(&key.org)) {
                    continue;
                }
                let value = match figure(r.get_ref(5)?) {
                    Ok(v) => v,
                    Err(()) => {
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
            }
        }
    }
    if let Some(sid) = scope.scenario {
        let mut st = store.conn.prepare_cached(
            "SELECT indicator, org_unit, year, kind, funding, value FROM scenario_value
             WHERE scenario = ?1 AND indicator = ?2 AND year = ?3 AND kind = ?4",
        )?;
        for id in ids {
            for p in periods {
                let mut rows = st.query(params![sid.0, store.catalog.get(*id).code, p.year, p.kind.code()])?;
                while let Some(r) = rows.next()? {
                    if let Some(key) = key_at(store, r, 0)?
                        && wanted.as_ref().is_none_or(|w| w.contains(&key.org))
                    {
                        slice.overlay.changes.insert(key, figure(r.get_ref(5)?).unwrap_or(None));
                    }
                }
            }
        }
    }
    Ok(slice)
}

fn read_values(store: &SqliteStore, sql: &str, args: &[Value], slice: &mut Slice) -> StoreResult<()> {
    let mut st = store.conn.prepare_cached(sql)?;
    let mut rows = st.query(params_from_iter(args.iter()))?;
    while let Some(r) = rows.next()? {
        let Some(key) = key_at(store, r, 0)? else {
            continue;
        };
        let value = match figure(r.get_ref(5)?) {
            Ok(v) => v,
            Err(()) => {
                slice.unreadable.push(key);
                None
            }
        };
        slice.official.insert(
            key,
            Cell {
                value,
                source: match r.get_ref(6)? {
                    ValueRef::Text(t) => Source::from_code(std::str::from_utf8(t).unwrap_or("")),
                    _ => Source::from_code(""),
                },
                note: text_of(r.get_ref(7)?),
                rev: r.get::<_, Option<i64>>(8).ok().flatten().unwrap_or(0),
            },
        );
    }
    Ok(())
}

fn read_overlay(store: &SqliteStore, sql: &str, args: &[Value], slice: &mut Slice) -> StoreResult<()> {
    let mut st = store.conn.prepare_cached(sql)?;
    let mut rows = st.query(params_from_iter(args.iter()))?;
    while let Some(r) = rows.next()? {
        if let Some(key) = key_at(store, r, 0)? {
            slice.overlay.changes.insert(key, figure(r.get_ref(5)?).unwrap_or(None));
        }
    }
    Ok(())
}

/// The figures of some cells, by primary key.
pub(super) fn cells(store: &SqliteStore, keys: &[CellKey], scenario: Option<ScenarioId>) -> StoreResult<Slice> {
    let mut slice = Slice::default();
    let sql = "SELECT indicator, org_unit, year, kind, funding, value, source, note, rev FROM value
               WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4 AND funding = ?5";
    let ssql = "SELECT indicator, org_unit, year, kind, funding, value FROM scenario_value
                WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4 AND funding = ?5 AND scenario = ?6";
    for key in keys {
        let c = store.codes(key);
        let args = vec![
            Value::Text(c.indicator),
            Value::Text(c.org),
            Value::Integer(i64::from(c.year)),
            Value::Text(c.kind.to_string()),
            Value::Text(c.funding),
        ];
        read_values(store, sql, &args, &mut slice)?;
        if let Some(id) = scenario {
            let mut sargs = args;
            sargs.push(Value::Integer(id.0));
            read_overlay(store, ssql, &sargs, &mut slice)?;
        }
    }
    Ok(slice)
}

/// The batches committed after `after`, with the cells each touched.
pub(super) fn changes_since(store: &SqliteStore, after: BatchId, limit: usize) -> StoreResult<Vec<BatchRecord>> {
    let mut st = store.conn.prepare_cached(
        "SELECT id, at, os_user, action, scenario, detail FROM batch WHERE id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let mut out: BTreeMap<BatchId, BatchRecord> = BTreeMap::new();
    let rows = st.query_map(params![after, limit as i64], |r| {
        Ok(BatchRecord {
            id: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            scenario: r.get::<_, Option<i64>>(4)?.map(ScenarioId),
            cells: Vec::new(),
            detail: text_of(r.get_ref(5)?),
        })
    })?;
    for b in rows {
        let b = b?;
        out.insert(b.id, b);
    }
    let (Some(first), Some(last)) = (out.keys().next().copied(), out.keys().next_back().copied()) else {
        return Ok(Vec::new());
    };
    let mut st = store.conn.prepare_cached(
        "SELECT batch, scenario_id, indicator, org_unit, year, kind, funding FROM audit
         WHERE batch BETWEEN ?1 AND ?2 AND indicator IS NOT NULL ORDER BY id",
    )?;
    let mut rows = st.query(params![first, last])?;
    while let Some(r) = rows.next()? {
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
pub(super) fn history(store: &SqliteStore, key: &CellKey, one_period: bool) -> StoreResult<Vec<AuditEntry>> {
    let c = store.codes(key);
    let cols = "id, at, os_user, action, scenario, year, kind, old_value, new_value, detail";
    let rows: Vec<AuditEntry> = if one_period {
        let mut st = store.conn.prepare_cached(&format!(
            "SELECT {cols} FROM audit WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4
             AND funding = ?5 ORDER BY id"
        ))?;
        st.query_map(params![c.indicator, c.org, c.year, c.kind, c.funding], audit_row)?
            .collect::<rusqlite::Result<_>>()?
    } else {
        let mut st = store.conn.prepare_cached(&format!(
            "SELECT {cols} FROM audit WHERE indicator = ?1 AND org_unit = ?2 AND funding = ?3 ORDER BY id"
        ))?;
        st.query_map(params![c.indicator, c.org, c.funding], audit_row)?
            .collect::<rusqlite::Result<_>>()?
    };
    Ok(rows)
}

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let year: Option<i32> = r.get(5)?;
    let kind: Option<String> = r.get(6)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        at: text_of(r.get_ref(1)?).unwrap_or_default(),
        user: text_of(r.get_ref(2)?).unwrap_or_default(),
        action: text_of(r.get_ref(3)?).unwrap_or_default(),
        scenario: text_of(r.get_ref(4)?),
        period: match (year, kind.as_deref().and_then(PeriodKind::from_code)) {
            (Some(y), Some(k)) => Some(Period::new(y, k)),
            _ => None,
        },
        old: decimal(text_of(r.get_ref(7)?)),
        new: decimal(text_of(r.get_ref(8)?)),
        detail: text_of(r.get_ref(9)?),
    })
}

/// The plans, oldest first.
pub(super) fn plans(conn: &Connection) -> StoreResult<Vec<PlanInfo>> {
    let mut st = conn.prepare_cached("SELECT year, title, based_on, created_at, created_by FROM plan ORDER BY year")?;
    let rows = st.query_map([], |r| {
        Ok(PlanInfo {
            year: r.get(0)?,
            title: text_of(r.get_ref(1)?).unwrap_or_default(),
            based_on: r.get(2)?,
            created_at: text_of(r.get_ref(3)?).unwrap_or_default(),
            created_by: text_of(r.get_ref(4)?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The org units that hold any figure, in display order.
pub(super) fn units_with_figures(store: &SqliteStore) -> StoreResult<Vec<OrgId>> {
    let mut st = store.conn.prepare_cached("SELECT DISTINCT org_unit FROM value")?;
    let mut ids: Vec<OrgId> = st
        .query_map([], |r| r.get::<_, String>(0))?
        .filter_map(|c| c.ok())
        .filter_map(|c| store.orgs.by_code(&c))
        .collect();
    ids.sort();
    Ok(ids)
}

/// The change log: audit rows matching a query, newest or oldest first. A time bound is
/// turned into an id bound first (the trail is written in time order), so a listing reads
/// only the rows it prints and the ones its other filters pass over.
pub(super) fn log(store: &SqliteStore, q: &LogQuery) -> StoreResult<Vec<LogEntry>> {
    let mut after = q.after.unwrap_or(0);
    if let Some(since) = &q.since {
        after = after.max(first_id_at(&store.conn, since)? - 1);
    }
    let mut sql = String::from(
        "SELECT id, at, os_user, action, scenario, year, kind, old_value, new_value, detail,
                batch, indicator, org_unit, funding
         FROM audit WHERE id > ?1",
    );
    let units_json = q.units.as_ref().map(|units| {
        let codes: Vec<&str> = units.iter().map(|u| store.orgs.get(*u).code.as_str()).collect();
        serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into())
    });
    if units_json.is_some() {
        sql.push_str(" AND org_unit IN (SELECT value FROM json_each(?2))");
    }
    if q.user.is_some() {
        sql.push_str(" AND os_user = ?3");
    }
    if let Some(since) = &q.since {
        // Belt and braces for a clock that went back while the trail was written.
        sql.push_str(&format!(" AND at >= '{}'", since.replace('\'', "")));
    }
    sql.push_str(if q.newest_first {
        " ORDER BY id DESC LIMIT ?4"
    } else {
        " ORDER BY id LIMIT ?4"
    });
    let mut st = store.conn.prepare(&sql)?;
    let limit = i64::try_from(q.limit).unwrap_or(i64::MAX);
    let mut rows = st.query(params![after, units_json, q.user, limit])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let entry = audit_row(r)?;
        let indicator = text_of(r.get_ref(11)?);
        let org = text_of(r.get_ref(12)?);
        let funding = text_of(r.get_ref(13)?);
        let key = match (&indicator, &org, entry.period, &funding) {
            (Some(i), Some(o), Some(p), Some(f)) => store.key_of(i, o, p.year, p.kind.code(), f),
            _ => None,
        };
        out.push(LogEntry {
            entry,
            batch: r.get::<_, Option<i64>>(10).ok().flatten(),
            key,
            indicator,
            org,
            funding,
        });
    }
    Ok(out)
}

/// The smallest id from which every audit row was written at or after `at` (one past the
/// last when none), by binary search over ids: rowid look-ups only, whatever the trail's size.
fn first_id_at(conn: &Connection, at: &str) -> StoreResult<i64> {
    let max: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM audit", [], |r| r.get(0))?;
    let mut st = conn.prepare_cached("SELECT at FROM audit WHERE id >= ?1 ORDER BY id LIMIT 1")?;
    // Lower bound of ids whose next row is at or after `at` (a missing row counts as after).
    let (mut lo, mut hi) = (1i64, max + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let t: Option<String> = st
            .query_row([mid], |r| Ok(text_of(r.get_ref(0)?).unwrap_or_default()))
            .optional()?;
        match t {
            Some(t) if t.as_str() < at => lo = mid + 1,
            _ => hi = mid,
        }
    }
    Ok(lo)
}
