//! Loading a generated (synthetic) country into PostgreSQL fast: `COPY` in chunks, one
//! transaction and one batch per chunk, the secondary indexes dropped during the load and
//! built again after. For benchmarks and scale tests, never for user input.

use super::{PgConn, pg_err};
use crate::domain::number::canonical;
use crate::store::StoreResult;
use crate::store::sql::{Codes, Core, Db, DbExt, Tx, new_batch, params};
use std::io::Write;

/// The indexes a bulk load drops and builds again (as the schema made them).
const INDEXES: &[(&str, &str)] = &[
    (
        "audit_by_cell",
        "CREATE INDEX audit_by_cell ON audit (indicator, org_unit, year, kind, funding)",
    ),
    ("audit_by_batch", "CREATE INDEX audit_by_batch ON audit (batch)"),
    ("audit_by_unit", "CREATE INDEX audit_by_unit ON audit (org_unit)"),
    (
        "audit_by_unit_id",
        "CREATE INDEX audit_by_unit_id ON audit (org_unit, id)",
    ),
    (
        "value_by_indicator",
        "CREATE INDEX value_by_indicator ON value (indicator, year, kind, funding, org_unit) INCLUDE (value)",
    ),
    (
        "audit_place_by_province",
        "CREATE INDEX audit_place_by_province ON audit_place (in_province, id) WHERE in_province IS NOT NULL",
    ),
    (
        "audit_place_by_district",
        "CREATE INDEX audit_place_by_district ON audit_place (in_district, id) WHERE in_district IS NOT NULL",
    ),
];

/// Turns the triggers that guard officials' writes of figures off (only the owner loads).
const GUARDS_OFF: &str = "ALTER TABLE value DISABLE TRIGGER kttt_value_guard, DISABLE TRIGGER kttt_value_audited;
    ALTER TABLE audit DISABLE TRIGGER kttt_place_audit";

/// How many figures go into one transaction.
const CHUNK: usize = 200_000;

/// Loads generated figures; see [`crate::store::SqlStore::bulk_load`].
pub(super) fn load(
    conn: &PgConn,
    core: &Core,
    plans: &[i32],
    figures: &mut dyn Iterator<Item = crate::domain::values::HistoricFigure>,
) -> StoreResult<u64> {
    let now = crate::store::now();
    let user = core.actor.user.clone();
    {
        let tx = Tx::begin(conn)?;
        for y in plans {
            tx.execute(
                "INSERT INTO plan (year, title, based_on, created_at, created_by)
                 VALUES (?1, ?2, (SELECT year FROM plan WHERE year = ?5), ?3, ?4) ON CONFLICT DO NOTHING",
                params![y, crate::domain::period::plan_title(*y), now, user, y - 1],
            )?;
        }
        for (name, _) in INDEXES {
            tx.batch(&format!("DROP INDEX IF EXISTS {name}"))?;
        }
        // The owner's load skips the figures' guard triggers (which let it pass anyway) rather
        // than have them asked 10⁷ times; they are on again at the end.
        tx.batch(GUARDS_OFF)?;
        tx.commit()?;
    }
    let first: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM audit", params![], |r| r.get(0))?;
    let mut total = 0u64;
    loop {
        let chunk: Vec<(Codes, crate::domain::values::HistoricFigure)> =
            figures.take(CHUNK).map(|f| (core.codes(&f.key), f)).collect();
        if chunk.is_empty() {
            break;
        }
        let tx = Tx::begin(conn)?;
        let batch = new_batch(&tx, &now, &user, "synth", None, None, Some("synthetic figures"))?;
        let mut values = Vec::with_capacity(chunk.len() * 80);
        let mut audits = Vec::with_capacity(chunk.len() * 3 * 90);
        for (c, f) in &chunk {
            writeln!(
                values,
                "{}\t{}\t{}\t{}\t{}\t{}\tsynthetic\t\\N\t{}\t{now}\t{user}",
                c.org,
                c.year,
                c.kind,
                c.indicator,
                c.funding,
                canonical(&f.value),
                f.history.len() + 1
            )
            .ok();
            let mut old = "\\N".to_string();
            for (i, v) in f.history.iter().chain(std::iter::once(&f.value)).enumerate() {
                let new = canonical(v);
                let action = if i == 0 { "import" } else { "set" };
                writeln!(
                    audits,
                    "{now}\t{user}\t{action}\t{}\t{}\t{}\t{}\t{}\t{old}\t{new}\t{batch}",
                    c.indicator, c.org, c.year, c.kind, c.funding
                )
                .ok();
                old = new;
            }
        }
        copy(
            conn,
            "COPY value (org_unit, year, kind, indicator, funding, value, source, note, rev, updated_at, updated_by)
             FROM STDIN",
            &values,
        )?;
        copy(
            conn,
            "COPY audit (at, os_user, action, indicator, org_unit, year, kind, funding, old_value, new_value, batch)
             FROM STDIN",
            &audits,
        )?;
        tx.commit()?;
        total += chunk.len() as u64;
    }
    // The places of the rows loaded, at once (the trigger's work).
    conn.execute(super::schema::PLACE_ROWS, params![first])?;
    for (_, sql) in INDEXES {
        conn.batch(sql)?;
    }
    conn.batch(&GUARDS_OFF.replace("DISABLE", "ENABLE"))?;
    conn.batch("ANALYZE")?;
    Ok(total)
}

fn copy(conn: &PgConn, sql: &str, data: &[u8]) -> StoreResult<()> {
    let mut client = conn.client();
    let mut w = client.copy_in(sql).map_err(|e| pg_err(&conn.url, e))?;
    w.write_all(data)
        .map_err(|e| crate::store::StoreError::Backend(e.to_string()))?;
    w.finish().map_err(|e| pg_err(&conn.url, e))?;
    Ok(())
}
