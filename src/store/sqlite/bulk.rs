//! Many rows at once: adding org units, and loading a generated (synthetic) country fast —
//! secondary indexes dropped during the load and rebuilt after, rows sorted per chunk so the
//! tables grow in key order, one transaction per chunk.

use super::SqliteConn;
use crate::domain::number::canonical;
use crate::store::StoreResult;
use crate::store::sql::{Codes, Core, Tx, new_batch};
use rusqlite::params;

/// The indexes a bulk load drops and rebuilds (as the migrations created them).
const INDEXES: &[(&str, &str)] = &[
    (
        "audit_by_cell",
        "CREATE INDEX audit_by_cell ON audit (indicator, org_unit, year, kind, funding)",
    ),
    ("audit_by_batch", "CREATE INDEX audit_by_batch ON audit (batch)"),
    ("audit_by_unit", "CREATE INDEX audit_by_unit ON audit (org_unit)"),
    (
        "value_by_indicator",
        "CREATE INDEX value_by_indicator ON value (indicator, year, kind, funding, org_unit, value)",
    ),
    (
        "audit_place_by_province",
        "CREATE INDEX audit_place_by_province ON audit_place (in_province) WHERE in_province IS NOT NULL",
    ),
    (
        "audit_place_by_district",
        "CREATE INDEX audit_place_by_district ON audit_place (in_district) WHERE in_district IS NOT NULL",
    ),
];

/// How many figures go into one transaction.
const CHUNK: usize = 200_000;

/// Loads generated figures; see [`crate::store::SqlStore::bulk_load`].
pub(super) fn load(
    store: &SqliteConn,
    core: &Core,
    plans: &[i32],
    figures: &mut dyn Iterator<Item = crate::domain::values::HistoricFigure>,
) -> StoreResult<u64> {
    let now = crate::store::now();
    let user = core.actor.user.clone();
    store.conn.pragma_update(None, "synchronous", "OFF")?;
    store.conn.pragma_update(None, "cache_size", -262_144)?;
    {
        let tx = Tx::begin(store)?;
        for y in plans {
            store.conn.execute(
                "INSERT OR IGNORE INTO plan (year, title, based_on, created_at, created_by)
                 VALUES (?1, ?2, (SELECT year FROM plan WHERE year = ?1 - 1), ?3, ?4)",
                params![y, crate::domain::period::plan_title(*y), now, user],
            )?;
        }
        for (name, _) in INDEXES {
            store.conn.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
        }
        // Rows are placed at once after the load (the trigger's work), and the years'
        // generations bumped once (not for every row).
        store.conn.execute_batch(
            "DROP TRIGGER IF EXISTS audit_place_add; DROP TRIGGER IF EXISTS rollup_gen_value_add;
             DROP TRIGGER IF EXISTS rollup_gen_value_change; DROP TRIGGER IF EXISTS rollup_gen_value_drop;",
        )?;
        tx.commit()?;
    }
    let first: i64 = store
        .conn
        .query_row("SELECT coalesce(max(id), 0) FROM audit", [], |r| r.get(0))?;
    let mut total = 0u64;
    loop {
        let mut chunk: Vec<(Codes, crate::domain::values::HistoricFigure)> = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            let Some(f) = figures.next() else { break };
            chunk.push((core.codes(&f.key), f));
        }
        if chunk.is_empty() {
            break;
        }
        // The table's own order: org unit, year, kind, indicator, funding.
        chunk.sort_by(|a, b| {
            (&a.0.org, a.0.year, a.0.kind, &a.0.indicator, &a.0.funding).cmp(&(
                &b.0.org,
                b.0.year,
                b.0.kind,
                &b.0.indicator,
                &b.0.funding,
            ))
        });
        let tx = Tx::begin(store)?;
        let batch = new_batch(&tx, &now, &user, "synth", None, None, Some("synthetic figures"))?;
        {
            let mut put = store.conn.prepare_cached(
                "INSERT INTO value (indicator, org_unit, year, kind, funding, value, source, note, rev, updated_at,
                   updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'synthetic', NULL, ?7, ?8, ?9)",
            )?;
            let mut audit = store.conn.prepare_cached(
                "INSERT INTO audit (at, os_user, action, indicator, org_unit, year, kind, funding, old_value, new_value,
                   batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for (c, f) in &chunk {
                put.execute(params![
                    c.indicator,
                    c.org,
                    c.year,
                    c.kind,
                    c.funding,
                    canonical(&f.value),
                    f.history.len() as i64 + 1,
                    now,
                    user
                ])?;
                let mut old: Option<String> = None;
                for (i, v) in f.history.iter().chain(std::iter::once(&f.value)).enumerate() {
                    let new = canonical(v);
                    let action = if i == 0 { "import" } else { "set" };
                    audit.execute(params![
                        now,
                        user,
                        action,
                        c.indicator,
                        c.org,
                        c.year,
                        c.kind,
                        c.funding,
                        old,
                        new,
                        batch
                    ])?;
                    old = Some(new);
                }
            }
        }
        tx.commit()?;
        total += chunk.len() as u64;
    }
    store.conn.execute(super::schema::PLACE_ROWS, params![first])?;
    store.conn.execute_batch(super::schema::PLACE_TRIGGER)?;
    // Every year a loaded figure can be of: a plan's frame reaches three years back.
    if let (Some(lo), Some(hi)) = (plans.iter().min(), plans.iter().max()) {
        for y in lo - 3..=*hi {
            store.conn.execute(
                "INSERT INTO rollup_gen (year, gen) VALUES (?1, 1) ON CONFLICT (year) DO UPDATE SET gen = gen + 1",
                params![y],
            )?;
        }
    }
    store.conn.execute_batch(super::schema::VALUE_GEN_TRIGGERS)?;
    for (_, sql) in INDEXES {
        store.conn.execute_batch(sql)?;
    }
    // No ANALYZE: a user's database has no statistics either, so the benchmarks plan queries
    // as kttt will in the field (with STAT4, SQLite would also re-prepare each statement
    // for every new binding).
    store.conn.pragma_update(None, "synchronous", "NORMAL")?;
    store.conn.pragma_update(None, "cache_size", -2000)?;
    Ok(total)
}
