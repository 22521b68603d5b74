//! Versioned schema migrations, applied in order from an empty file, each in its own
//! transaction. `PRAGMA user_version` records how far a database has come.

use crate::store::{Actor, StoreError, StoreResult};
use rusqlite::Connection;

/// Marks a file as a kttt database (`PRAGMA application_id`, "KTTT").
pub const APPLICATION_ID: i32 = 0x4b54_5454;

/// The trigger that records the place of each new audit row (the province and the district
/// its unit belongs to: `kttt log --unit` reads a province's or a district's rows along one
/// index). A bulk load drops it while it loads and places its rows at once after.
macro_rules! place_trigger {
    () => {
        "CREATE TRIGGER audit_place_add AFTER INSERT ON audit WHEN NEW.org_unit IS NOT NULL
        BEGIN
            INSERT INTO audit_place (id, in_province, in_district)
                SELECT NEW.id, in_province, in_district FROM org_unit WHERE code = NEW.org_unit;
        END;"
    };
}

/// See [`place_trigger`].
pub const PLACE_TRIGGER: &str = place_trigger!();

/// The triggers that bump a year's generation whenever a figure of that year is written
/// (kept roll-ups, `store::sql::rollups`). A bulk load drops them while it loads and bumps
/// the years it loaded once after.
macro_rules! value_gen_triggers {
    () => {
        "CREATE TRIGGER rollup_gen_value_add AFTER INSERT ON value BEGIN
            INSERT INTO rollup_gen (year, gen) VALUES (NEW.year, 1) ON CONFLICT (year) DO UPDATE SET gen = gen + 1;
        END;
        CREATE TRIGGER rollup_gen_value_change AFTER UPDATE ON value BEGIN
            INSERT INTO rollup_gen (year, gen) VALUES (NEW.year, 1) ON CONFLICT (year) DO UPDATE SET gen = gen + 1;
            INSERT INTO rollup_gen (year, gen) VALUES (OLD.year, 1) ON CONFLICT (year) DO UPDATE SET gen = gen + 1;
        END;
        CREATE TRIGGER rollup_gen_value_drop AFTER DELETE ON value BEGIN
            INSERT INTO rollup_gen (year, gen) VALUES (OLD.year, 1) ON CONFLICT (year) DO UPDATE SET gen = gen + 1;
        END;"
    };
}

/// A trigger that bumps the units' generation (year 0) on every change of a unit or of the
/// mapping between units: kept roll-ups of any year are then worked out again.
macro_rules! units_gen_trigger {
    ($name:literal, $event:literal, $table:literal) => {
        concat!(
            "\n    CREATE TRIGGER rollup_gen_",
            $name,
            " AFTER ",
            $event,
            " ON ",
            $table,
            " BEGIN
        INSERT INTO rollup_gen (year, gen) VALUES (0, 1) ON CONFLICT (year) DO UPDATE SET gen = gen + 1;
    END;"
        )
    };
}

/// See [`value_gen_triggers`].
pub const VALUE_GEN_TRIGGERS: &str = value_gen_triggers!();

/// Places the audit rows after `?1` (the trigger's work, for a bulk load).
pub const PLACE_ROWS: &str = "INSERT INTO audit_place (id, in_province, in_district)
    SELECT a.id, u.in_province, u.in_district FROM audit a CROSS JOIN org_unit u ON u.code = a.org_unit
    WHERE a.id > ?1";

/// The migrations; the database's version is how many have been applied.
pub const MIGRATIONS: &[&str] = &[
    // 1: the core: catalog mirror, org units, plans, figures, audit trail.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE org_unit (
        code       TEXT PRIMARY KEY,
        gso_code   TEXT,
        level      TEXT NOT NULL CHECK (level IN ('country', 'province', 'district', 'commune')),
        parent     TEXT REFERENCES org_unit (code),
        name_vi    TEXT NOT NULL,
        name_en    TEXT NOT NULL,
        short_vi   TEXT NOT NULL,
        valid_from TEXT,
        valid_to   TEXT,
        successor  TEXT REFERENCES org_unit (code),
        position   INTEGER NOT NULL
    );
    CREATE TABLE funding_source (
        code     TEXT PRIMARY KEY,
        parent   TEXT REFERENCES funding_source (code),
        name_vi  TEXT NOT NULL,
        name_en  TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE TABLE indicator (
        code        TEXT PRIMARY KEY,
        appendix    TEXT NOT NULL,
        section     TEXT NOT NULL CHECK (section IN ('htx', 'lh', 'tht', 'sector', 'policy')),
        position    INTEGER NOT NULL,
        number      TEXT NOT NULL,
        name_vi     TEXT NOT NULL,
        name_en     TEXT NOT NULL,
        unit        TEXT,
        parent      TEXT,
        relation    TEXT,
        direction   TEXT NOT NULL,
        aggregation TEXT NOT NULL,
        origin      TEXT NOT NULL,
        retired     INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE plan (
        year       INTEGER PRIMARY KEY,
        title      TEXT NOT NULL,
        based_on   INTEGER REFERENCES plan (year),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    );
    CREATE TABLE value (
        indicator  TEXT NOT NULL REFERENCES indicator (code),
        org_unit   TEXT NOT NULL REFERENCES org_unit (code),
        year       INTEGER NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('actual', 'plan', 'estimate')),
        funding    TEXT NOT NULL DEFAULT 'total' REFERENCES funding_source (code),
        value      TEXT,
        source     TEXT NOT NULL,
        note       TEXT,
        rev        INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (indicator, org_unit, year, kind, funding)
    ) WITHOUT ROWID;
    CREATE TABLE audit (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        at        TEXT NOT NULL,
        os_user   TEXT NOT NULL,
        action    TEXT NOT NULL,
        scenario  TEXT,
        indicator TEXT,
        org_unit  TEXT,
        year      INTEGER,
        kind      TEXT,
        funding   TEXT,
        old_value TEXT,
        new_value TEXT,
        detail    TEXT
    );
    CREATE INDEX audit_by_cell ON audit (indicator, org_unit, year, kind, funding);
    "#,
    // 2: what-if scenarios: named layers holding only the cells they change.
    r#"
    CREATE TABLE scenario (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        name_key   TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    );
    CREATE TABLE scenario_value (
        scenario   INTEGER NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
        indicator  TEXT NOT NULL REFERENCES indicator (code),
        org_unit   TEXT NOT NULL REFERENCES org_unit (code),
        year       INTEGER NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('actual', 'plan', 'estimate')),
        funding    TEXT NOT NULL REFERENCES funding_source (code),
        value      TEXT,
        base_value TEXT,
        base_rev   INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (scenario, indicator, org_unit, year, kind, funding)
    ) WITHOUT ROWID;
    "#,
    // 3: batches (every committed write, numbered in commit order: the change cursor);
    // scenarios kept as records once applied or discarded, their applied changes with them;
    // an append-only audit trail; times written at a fixed width so they sort as text.
    r#"
    CREATE TABLE batch (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        at       TEXT NOT NULL,
        os_user  TEXT NOT NULL,
        action   TEXT NOT NULL,
        scenario INTEGER,
        undoes   INTEGER REFERENCES batch (id),
        detail   TEXT
    );
    CREATE INDEX batch_by_scenario ON batch (scenario, action);
    CREATE INDEX value_by_unit ON value (org_unit, year);
    CREATE INDEX scenario_value_by_unit ON scenario_value (scenario, org_unit, year);
    ALTER TABLE audit ADD COLUMN batch INTEGER REFERENCES batch (id);
    ALTER TABLE audit ADD COLUMN scenario_id INTEGER;
    CREATE INDEX audit_by_batch ON audit (batch);
    UPDATE audit SET at = strftime('%Y-%m-%dT%H:%M:%fZ', at) WHERE strftime('%Y-%m-%dT%H:%M:%fZ', at) IS NOT NULL;
    UPDATE value SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', updated_at)
        WHERE strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS NOT NULL;
    UPDATE plan SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at)
        WHERE strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS NOT NULL;
    UPDATE scenario_value SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', updated_at)
        WHERE strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS NOT NULL;
    CREATE TABLE scenario_v3 (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        name_key     TEXT NOT NULL,
        status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'applied', 'discarded')),
        created_at   TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        closed_at    TEXT,
        closed_by    TEXT,
        closed_batch INTEGER REFERENCES batch (id)
    );
    INSERT INTO scenario_v3 (id, name, name_key, created_at, created_by)
        SELECT id, name, name_key, coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at), created_by
        FROM scenario;
    DROP TABLE scenario;
    ALTER TABLE scenario_v3 RENAME TO scenario;
    CREATE UNIQUE INDEX scenario_open_name ON scenario (name_key) WHERE status = 'open';
    CREATE TABLE scenario_applied (
        scenario   INTEGER NOT NULL REFERENCES scenario (id),
        batch      INTEGER NOT NULL REFERENCES batch (id),
        indicator  TEXT NOT NULL,
        org_unit   TEXT NOT NULL,
        year       INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        funding    TEXT NOT NULL,
        value      TEXT,
        base_value TEXT,
        base_rev   INTEGER NOT NULL,
        PRIMARY KEY (batch, indicator, org_unit, year, kind, funding)
    ) WITHOUT ROWID;
    CREATE INDEX scenario_applied_by_scenario ON scenario_applied (scenario);
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'kttt: the audit trail is append-only'); END;
    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'kttt: the audit trail is append-only'); END;
    CREATE TRIGGER batch_append_only_update BEFORE UPDATE ON batch
        BEGIN SELECT RAISE(ABORT, 'kttt: the audit trail is append-only'); END;
    CREATE TRIGGER batch_append_only_delete BEFORE DELETE ON batch
        BEGIN SELECT RAISE(ABORT, 'kttt: the audit trail is append-only'); END;
    "#,
    // 4: figures kept in the order screens read them (an org unit's years, together), and an
    // index that answers one indicator over many units (roll-ups) on its own.
    r#"
    CREATE TABLE value_v4 (
        org_unit   TEXT NOT NULL REFERENCES org_unit (code),
        year       INTEGER NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('actual', 'plan', 'estimate')),
        indicator  TEXT NOT NULL REFERENCES indicator (code),
        funding    TEXT NOT NULL DEFAULT 'total' REFERENCES funding_source (code),
        value      TEXT,
        source     TEXT NOT NULL,
        note       TEXT,
        rev        INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (org_unit, year, kind, indicator, funding)
    ) WITHOUT ROWID;
    INSERT INTO value_v4 (org_unit, year, kind, indicator, funding, value, source, note, rev, updated_at, updated_by)
        SELECT org_unit, year, kind, indicator, funding, value, source, note, rev, updated_at, updated_by FROM value;
    DROP TABLE value;
    ALTER TABLE value_v4 RENAME TO value;
    CREATE INDEX value_by_indicator ON value (indicator, year, kind, funding, org_unit, value);
    "#,
    // 5: the change log by unit (`kttt log --unit`), newest first without scanning the trail.
    r#"
    CREATE INDEX audit_by_unit ON audit (org_unit);
    "#,
    // 6: units carry the code list their statistics code belongs to (codes are reused across
    // the 2025 reform), and the mapping says which old units formed each new one.
    r#"
    ALTER TABLE org_unit ADD COLUMN scheme TEXT;
    UPDATE org_unit SET scheme = '2004'
        WHERE code IN ('bac-kan', 'tp-bac-kan', 'pac-nam', 'ba-be', 'ngan-son', 'bach-thong', 'cho-don',
                       'cho-moi', 'na-ri');
    UPDATE org_unit SET scheme = '2025' WHERE code = 'thai-nguyen';
    CREATE TABLE org_mapping (
        old_unit  TEXT NOT NULL REFERENCES org_unit (code),
        new_unit  TEXT NOT NULL REFERENCES org_unit (code),
        kind      TEXT NOT NULL CHECK (kind IN ('whole', 'partial')),
        share     TEXT,
        effective TEXT NOT NULL,
        PRIMARY KEY (old_unit, new_unit)
    ) WITHOUT ROWID;
    CREATE INDEX org_mapping_by_new ON org_mapping (new_unit);
    CREATE INDEX org_unit_by_gso ON org_unit (scheme, gso_code);
    "#,
    // 7: officials on one server: users, their grants per unit (and so its subtree), each
    // unit's plan submitted / approved / returned, and the operating-system account of each
    // write beside the user the audit names (`os_user` holds that user: the OS account
    // unless a service account runs kttt for an official).
    r#"
    CREATE TABLE app_user (
        name       TEXT PRIMARY KEY,
        display    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        removed_at TEXT,
        removed_by TEXT
    );
    CREATE TABLE app_grant (
        user_name  TEXT NOT NULL REFERENCES app_user (name),
        org_unit   TEXT NOT NULL REFERENCES org_unit (code),
        role       TEXT NOT NULL CHECK (role IN ('read', 'enter', 'approve', 'admin')),
        granted_at TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        PRIMARY KEY (user_name, org_unit, role)
    ) WITHOUT ROWID;
    CREATE TABLE plan_state (
        org_unit TEXT NOT NULL REFERENCES org_unit (code),
        year     INTEGER NOT NULL,
        state    TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'returned')),
        comment  TEXT,
        at       TEXT NOT NULL,
        by_user  TEXT NOT NULL,
        PRIMARY KEY (org_unit, year)
    ) WITHOUT ROWID;
    ALTER TABLE batch ADD COLUMN os_account TEXT;
    "#,
    // 8: the audit rows received from other databases (`kttt push`), so a second push of
    // the same rows copies nothing.
    r#"
    CREATE TABLE push_received (
        source   TEXT NOT NULL,
        audit_id INTEGER NOT NULL,
        batch    INTEGER NOT NULL REFERENCES batch (id),
        PRIMARY KEY (source, audit_id)
    ) WITHOUT ROWID;
    "#,
    // 9: a scenario records the unit it was made for (one made before, whose cells are all of
    // one unit, is that unit's; any other keeps none and covers every unit).
    r#"
    ALTER TABLE scenario ADD COLUMN unit TEXT REFERENCES org_unit (code);
    UPDATE scenario SET unit = (
        SELECT min(u) FROM (SELECT scenario AS s, org_unit AS u FROM scenario_value
                            UNION SELECT scenario, org_unit FROM scenario_applied) WHERE s = scenario.id)
    WHERE (SELECT count(DISTINCT u) FROM (SELECT scenario AS s, org_unit AS u FROM scenario_value
                                          UNION SELECT scenario, org_unit FROM scenario_applied)
           WHERE s = scenario.id) = 1;
    "#,
    // 10: where each user last looked (unit and plan year), so the app opens there again.
    r#"
    CREATE TABLE user_view (
        user_name TEXT PRIMARY KEY,
        unit      TEXT NOT NULL,
        year      INTEGER NOT NULL,
        at        TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 11: units found by key, not by reading them all: the units under a unit (by parent), and
    // a unit by its name without diacritics (filled in by kttt, which folds names).
    r#"
    ALTER TABLE org_unit ADD COLUMN key_vi TEXT;
    ALTER TABLE org_unit ADD COLUMN key_short TEXT;
    ALTER TABLE org_unit ADD COLUMN key_en TEXT;
    CREATE INDEX org_unit_by_parent ON org_unit (parent);
    CREATE INDEX org_unit_by_key_vi ON org_unit (key_vi);
    CREATE INDEX org_unit_by_key_short ON org_unit (key_short);
    CREATE INDEX org_unit_by_key_en ON org_unit (key_en);
    CREATE INDEX org_unit_by_gso_code ON org_unit (gso_code);
    "#,
    // 12: each unit's place (the province and the district it is in, itself included) and
    // each audit row's, so that a province's or a district's change log, newest first, is one
    // backward scan of an index (`kttt log --unit`), not a look-up per unit below it. The
    // places of existing rows are filled in once; a trigger places each new row.
    concat!(
        r#"
    ALTER TABLE org_unit ADD COLUMN in_province TEXT;
    ALTER TABLE org_unit ADD COLUMN in_district TEXT;
    UPDATE org_unit SET in_province = t.p, in_district = t.d FROM (
        WITH RECURSIVE t (code, p, d, depth) AS (
            SELECT code, CASE WHEN level = 'province' THEN code END, CASE WHEN level = 'district' THEN code END, 0
            FROM org_unit WHERE parent IS NULL
            UNION ALL
            SELECT u.code, CASE WHEN u.level = 'province' THEN u.code ELSE t.p END,
                   CASE WHEN u.level = 'district' THEN u.code ELSE t.d END, t.depth + 1
            FROM org_unit u JOIN t ON u.parent = t.code WHERE t.depth < 16)
        SELECT code, p, d FROM t) AS t
    WHERE t.code = org_unit.code;
    CREATE TABLE audit_place (
        id          INTEGER PRIMARY KEY,
        in_province TEXT,
        in_district TEXT
    );
    INSERT INTO audit_place (id, in_province, in_district)
        SELECT a.id, u.in_province, u.in_district FROM audit a CROSS JOIN org_unit u ON u.code = a.org_unit;
    CREATE INDEX audit_place_by_province ON audit_place (in_province) WHERE in_province IS NOT NULL;
    CREATE INDEX audit_place_by_district ON audit_place (in_district) WHERE in_district IS NOT NULL;
    "#,
        place_trigger!()
    ),
    // 13: the forms imported into this database (a ministry's workbook, an office's own rows),
    // each the changes it makes to the form before it, in the order they were added after the
    // forms kttt carries; never edited or removed (a later form changes them).
    r#"
    CREATE TABLE form (
        id         TEXT PRIMARY KEY,
        position   INTEGER NOT NULL UNIQUE,
        from_year  INTEGER NOT NULL,
        based_on   TEXT NOT NULL,
        body       TEXT NOT NULL,
        why        TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    );
    "#,
    // 14: an office's own rows over the ministry's form name the office's unit; they apply
    // to it and the units under it, and only its administrator adds them.
    r#"
    ALTER TABLE form ADD COLUMN office TEXT;
    "#,
    // 15: roll-ups kept between processes (`store::sql::rollups`): a unit's worked-out
    // roll-ups for a plan year, stamped with the generations of the figures' years and of
    // the units they came from, which every write bumps in its own transaction (figures by
    // their year, units and their mapping as year 0). A later step that rewrites `value`,
    // `org_unit` or `org_mapping` without these triggers must empty `rollup_kept`.
    concat!(
        r#"
    CREATE TABLE rollup_gen (
        year INTEGER PRIMARY KEY,
        gen  INTEGER NOT NULL
    );
    CREATE TABLE rollup_kept (
        org_unit TEXT NOT NULL,
        year     INTEGER NOT NULL,
        form     TEXT NOT NULL,
        stamp    TEXT NOT NULL,
        cells    TEXT NOT NULL,
        PRIMARY KEY (org_unit, year)
    );
    "#,
        value_gen_triggers!(),
        units_gen_trigger!("unit_add", "INSERT", "org_unit"),
        units_gen_trigger!("unit_change", "UPDATE", "org_unit"),
        units_gen_trigger!("unit_drop", "DELETE", "org_unit"),
        units_gen_trigger!("mapping_add", "INSERT", "org_mapping"),
        units_gen_trigger!("mapping_change", "UPDATE", "org_mapping"),
        units_gen_trigger!("mapping_drop", "DELETE", "org_mapping")
    ),
];

/// The schema version this kttt writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// The database's schema version.
pub fn version(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to date, one transaction per step, auditing each; refuses a database
/// from a newer kttt. Foreign keys are off while tables are rebuilt and checked after.
pub fn migrate(conn: &mut Connection, actor: &Actor) -> StoreResult<()> {
    let found = version(conn)?;
    if found > latest() {
        return Err(StoreError::TooNew { found, known: latest() });
    }
    if found == latest() {
        return Ok(());
    }
    // A database that already holds data is copied before its schema changes.
    if found > 0
        && let Some(path) = conn.path().filter(|p| !p.is_empty()).map(std::path::PathBuf::from)
    {
        let copy = super::backup::backup_beside(conn, &path)?;
        let now = crate::store::now();
        conn.execute(
            "INSERT INTO audit (at, os_user, action, detail) VALUES (?1, ?2, 'schema.backup', ?3)",
            rusqlite::params![
                now,
                actor.user,
                format!("{} (before schema version {})", copy.display(), latest())
            ],
        )?;
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = steps(conn, actor, found);
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

fn steps(conn: &mut Connection, actor: &Actor, found: i64) -> StoreResult<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Re-read inside the lock: another process may have migrated meanwhile.
        if version(&tx)? > i as i64 {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(sql)?;
        let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if broken > 0 {
            return Err(StoreError::Backend(format!(
                "schema step {} leaves {broken} broken references",
                i + 1
            )));
        }
        tx.execute(
            "INSERT INTO audit (at, os_user, action, detail) VALUES (?1, ?2, 'schema.migrate', ?3)",
            rusqlite::params![crate::store::now(), actor.user, format!("schema version {}", i + 1)],
        )?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
