//! The store through its interface, the same tests on both stores: an SQLite file and a
//! PostgreSQL database on a real server. Seeding, reopening, audited batch writes with
//! expected values, the change cursor, refusals inside the transaction, the append-only
//! audit trail, plans, scenarios, and another connection's write seen through the cursor.

use crate::common;

use common::backend::{Backend, TestDb};
use common::{dec, everything, key, key_at, set, set_in};
use kttt::domain::values::{Source, Values};
use kttt::store::{ApplyOutcome, Expect, Fill, Layer, StoreError};
use std::collections::HashMap;

fn stored(t: &TestDb, code: &str, period: &str) -> Option<String> {
    let p = kttt::domain::period::Period::parse(period).unwrap();
    t.rows(&format!(
        "SELECT value FROM value WHERE indicator = '{code}' AND year = {} AND kind = '{}'
         AND org_unit = 'bac-kan' AND funding = 'total'",
        p.year,
        p.kind.code()
    ))
    .first()
    .and_then(|r| r[0].clone())
}

both!(
    fn a_new_database_holds_the_seed_exactly_as_published(b) {
        let t = TestDb::seeded(b);
        let s = t.store();
        let data = everything(&s, None).official;
        assert_eq!(data.value(&key(&s, "htx.members", "UTH2019")), Some(dec("1599")));
        assert_eq!(data.value(&key(&s, "htx.income", "UTH2019")), Some(dec("43.2")));
        assert_eq!(data.value(&key(&s, "lh.total", "UTH2019")), None, "a blank stays blank");
        assert_eq!(data.value(&key(&s, "sector.htx.credit", "KH2020")), Some(dec("0")), "zero is a figure");
        assert_eq!(t.count("SELECT count(*) FROM value"), 333);
        assert_eq!(t.count("SELECT count(*) FROM audit WHERE action = 'seed'"), 333);
        assert_eq!(stored(&t, "htx.income", "UTH2019").as_deref(), Some("43.2"));
        // Times are written at one width, so they sort as text.
        assert_eq!(t.count("SELECT count(DISTINCT length(at)) FROM audit"), 1);
        // 392 units before and after 1 July 2025, the 30 of Bắc Kạn before its 2020 and 2023 changes
        // and the 35 of the old Thái Nguyên before its 2020, 2022, 2023 and 2024 changes.
        assert_eq!(s.orgs().len(), 422 + 35);
        assert_eq!(s.plans().unwrap().len(), 1);
    }
);

both!(
    fn reopening_keeps_everything_and_adds_nothing(b) {
        let t = TestDb::seeded(b);
        {
            let mut s = t.store();
            let k = key(&s, "htx.total", "KH2020");
            set(&mut s, k, Some(dec("210")), Expect::Anything).unwrap();
        }
        let audits = t.count("SELECT count(*) FROM audit");
        let s = t.store();
        let data = everything(&s, None).official;
        let k = key(&s, "htx.total", "KH2020");
        assert_eq!(data.value(&k), Some(dec("210")));
        assert_eq!(data.cell(&k).unwrap().source, Source::User);
        assert_eq!(data.cell(&k).unwrap().rev, 2);
        assert_eq!(t.count("SELECT count(*) FROM plan"), 1, "the seed is loaded once");
        assert_eq!(t.count("SELECT count(*) FROM audit"), audits);
        assert_eq!(t.count("SELECT count(*) FROM audit WHERE action = 'catalog.sync'"), 1);
    }
);

both!(
    fn a_write_is_one_batch_with_its_audit_rows(b) {
        let t = TestDb::seeded(b);
        let mut s = t.store();
        let k = key(&s, "htx.members", "UTH2019");
        let before = t.count("SELECT count(*) FROM audit");
        let cursor = s.cursor().unwrap();
        let w = set(&mut s, k, Some(dec("1559")), Expect::Shows(Some(dec("1599")))).unwrap();
        assert_eq!((w.changes[0].old, w.changes[0].new), (Some(dec("1599")), Some(dec("1559"))));
        assert_eq!(t.count("SELECT count(*) FROM audit"), before + 1);
        assert_eq!(s.cursor().unwrap(), cursor + 1, "each write is one batch");
        assert_eq!(w.batch, cursor + 1);
        let h = s.history(&k).unwrap();
        assert_eq!(h.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["seed", "set"]);
        assert_eq!((h[1].old, h[1].new), (Some(dec("1599")), Some(dec("1559"))));
        // The same figure again: no change, no audit row, no batch.
        assert!(set(&mut s, k, Some(dec("1559")), Expect::Anything).unwrap().changes.is_empty());
        assert_eq!(s.cursor().unwrap(), cursor + 1);
        // Blank is a figure of its own.
        set(&mut s, k, None, Expect::Anything).unwrap();
        assert_eq!(everything(&s, None).official.value(&k), None);
        assert_eq!(t.count("SELECT count(*) FROM value WHERE indicator = 'htx.members' AND year = 2019 AND kind = 'estimate' AND value IS NULL AND org_unit = 'bac-kan'"), 1);
        let since = s.changes_since(cursor, 100).unwrap();
        assert_eq!(since.len(), 2);
        assert_eq!(since[0].cells, vec![(Layer::Official, k)]);
        assert_eq!(s.count_since(cursor).unwrap(), 2);
    }
);

both!(
    fn a_stale_write_is_refused_and_changes_nothing(b) {
        let t = TestDb::seeded(b);
        let mut s = t.store();
        let k = key(&s, "htx.total", "KH2020");
        let before = t.count("SELECT count(*) FROM audit");
        let err = set(&mut s, k, Some(dec("300")), Expect::Shows(Some(dec("999")))).unwrap_err();
        assert!(matches!(err, StoreError::Conflict { now: Some(_), .. }), "{err:?}");
        assert_eq!(t.count("SELECT count(*) FROM audit"), before);
        assert_eq!(stored(&t, "htx.total", "KH2020").as_deref(), Some("201"));
    }
);

both!(
    fn headings_wrong_kinds_and_foreign_periods_take_no_figures(b) {
        let t = TestDb::seeded(b);
        let mut s = t.store();
        let k = key(&s, "htx", "KH2020");
        assert!(kttt::error::Error::from(set(&mut s, k, Some(dec("1")), Expect::Anything).unwrap_err()).message(kttt::i18n::Lang::Vi).contains("dòng tiêu đề"));
        let total = key(&s, "htx.total", "KH2020");
        for bad in ["-5", "2.5", "0.0001", "1000000.5", "123456789012345"] {
            assert!(set(&mut s, total, Some(dec(bad)), Expect::Anything).is_err(), "{bad}");
        }
        let far = key(&s, "htx.total", "KH1920");
        assert!(kttt::error::Error::from(set(&mut s, far, Some(dec("5")), Expect::Anything).unwrap_err()).message(kttt::i18n::Lang::Vi).contains("2020"));
        let ba_be = key_at(&s, "htx.total", "ba-be", "KH2020");
        assert!(set(&mut s, ba_be, Some(dec("5")), Expect::Anything).is_ok());
        // Exact figures: a long decimal and a large amount come back as written.
        let amount = key(&s, "policy.other", "KH2020");
        set(&mut s, amount, Some(dec("98765432109.25")), Expect::Anything).unwrap();
        assert_eq!(everything(&t.store(), None).official.value(&amount), Some(dec("98765432109.25")));
        let z = kttt::domain::number::parse("-0", kttt::i18n::Lang::Vi).unwrap();
        let lh = key(&s, "lh.dissolved", "KH2020");
        set(&mut s, lh, z, Expect::Anything).unwrap();
        assert_eq!(stored(&t, "lh.dissolved", "KH2020").as_deref(), Some("0"));
    }
);

both!(
    fn the_audit_trail_cannot_be_rewritten(b) {
        let t = TestDb::seeded(b);
        for sql in ["UPDATE audit SET detail = 'x'", "DELETE FROM audit", "DELETE FROM batch"] {
            let refused = std::panic::catch_unwind(|| t.exec(sql)).is_err();
            assert!(refused, "{sql} must be refused");
        }
        assert!(t.count("SELECT count(*) FROM audit") > 300);
    }
);

both!(
    fn starting_next_years_plan_carries_the_estimates(b) {
        let t = TestDb::seeded(b);
        let mut s = t.store();
        assert_eq!(s.start_plan(2020).unwrap(), 2021);
        let data = everything(&s, None).official;
        let carried = data.cell(&key(&s, "htx.total", "TH2019")).unwrap();
        assert_eq!(carried.value, Some(dec("176")));
        assert_eq!(carried.source, Source::Carried);
        assert!(s.start_plan(2020).is_err(), "only once");
        assert_eq!(s.plans().unwrap().len(), 2);
    }
);

both!(
    fn a_scenario_stays_apart_until_applied_and_an_apply_can_be_undone(b) {
        let t = TestDb::seeded(b);
        let mut s = t.store();
        let k = key(&s, "htx.total", "KH2020");
        let sc = s.create_scenario("Tăng HTX").unwrap();
        set_in(&mut s, sc.id, k, Some(dec("230"))).unwrap();
        assert_eq!(everything(&s, None).official.value(&k), Some(dec("201")));
        assert_eq!(everything(&s, Some(sc.id)).overlay.changes.get(&k), Some(&Some(dec("230"))));
        assert!(s.create_scenario("tang htx").is_err(), "names are unique without diacritics");
        let ApplyOutcome::Applied { batch, .. } = s.apply_scenario(sc.id, None, &HashMap::new()).unwrap() else {
            panic!("no conflicts expected")
        };
        assert_eq!(everything(&s, None).official.value(&k), Some(dec("230")));
        assert!(set_in(&mut s, sc.id, k, Some(dec("1"))).is_err(), "an applied scenario takes no more edits");
        let r = s.revert_apply(batch).unwrap();
        assert_eq!(r.changes.len(), 1);
        assert_eq!(everything(&s, None).official.value(&k), Some(dec("201")));
        // A conflict: the official figure moved after the scenario's edit.
        set_in(&mut s, sc.id, k, Some(dec("240"))).unwrap();
        set(&mut s, k, Some(dec("205")), Expect::Anything).unwrap();
        assert!(matches!(s.apply_scenario(sc.id, None, &HashMap::new()).unwrap(), ApplyOutcome::Conflicts(_)));
        assert_eq!(s.discard_scenario(sc.id).unwrap(), 1);
        assert_eq!(s.scenarios(false).unwrap().len(), 0);
        assert_eq!(s.scenarios(true).unwrap().len(), 1);
    }
);

both!(
    fn another_connections_write_is_seen_through_the_cursor(b) {
        let t = TestDb::seeded(b);
        let mut a = t.store();
        let mut other = t.store();
        let cursor = a.cursor().unwrap();
        let _ = a.maybe_changed().unwrap();
        assert!(!a.maybe_changed().unwrap(), "nothing committed since the last look");
        let k = key(&other, "htx.total", "KH2020");
        set(&mut other, k, Some(dec("222")), Expect::Anything).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !a.maybe_changed().unwrap() {
            assert!(std::time::Instant::now() < deadline, "the other write was never noticed");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let since = a.changes_since(cursor, 10).unwrap();
        assert_eq!(since.len(), 1);
        assert_eq!(since[0].cells, vec![(Layer::Official, k)]);
        assert_eq!(a.read_cells(&[k], None).unwrap().official.value(&k), Some(dec("222")));
    }
);

both!(
    fn an_empty_database_has_reference_data_but_no_figures(b) {
        let t = TestDb::empty(b);
        let s = t.create(Fill::Empty).unwrap();
        assert!(everything(&s, None).official.is_empty());
        assert!(s.plans().unwrap().is_empty());
        assert_eq!(t.count("SELECT count(*) FROM indicator"), s.catalog().indicators.len() as i64);
        // 392 units before and after 1 July 2025, the 30 of Bắc Kạn before its 2020 and 2023 changes
        // and the 35 of the old Thái Nguyên before its 2020, 2022, 2023 and 2024 changes.
        assert_eq!(s.orgs().len(), 422 + 35);
    }
);

#[test]
fn a_server_database_is_made_only_when_asked_and_another_programs_is_refused() {
    let t = TestDb::empty(Backend::Postgres);
    let e = kttt::store::sql::SqlStore::open_postgres(&t.db, None).err().unwrap();
    let m = kttt::error::Error::from(e).message(kttt::i18n::Lang::Vi);
    assert!(m.contains("kttt init"), "{m}");
    assert_eq!(
        t.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"),
        0
    );
    let other = TestDb::empty(Backend::Postgres);
    other.exec("CREATE TABLE invoices (id int)");
    let e = kttt::store::sql::SqlStore::open_postgres(&other.db, Some(Fill::Seed))
        .err()
        .unwrap();
    assert!(matches!(e, StoreError::NotKttt { .. }), "{e:?}");
    assert_eq!(
        other.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"),
        1
    );
    // Figures are exact NUMERIC, not text or floats; the schema has a version table.
    let seeded = TestDb::seeded(Backend::Postgres);
    let types = seeded
        .rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'value' AND column_name = 'value'");
    assert_eq!(types[0][0].as_deref(), Some("numeric"));
    assert_eq!(
        seeded.count("SELECT max(version) FROM kttt_schema"),
        kttt::store::postgres::schema::latest()
    );
    // An address that reaches no server says so.
    let e = kttt::store::sql::SqlStore::open_postgres("postgres://nobody@127.0.0.1:1/none", None)
        .err()
        .unwrap();
    assert!(matches!(e, StoreError::Unreachable(_)), "{e:?}");
}

/// A trigger that aborts any update of one indicator's figures, in the backend's dialect.
fn boom(t: &TestDb, on: bool) {
    let sql = match (t.backend, on) {
        (Backend::Sqlite, true) => {
            "CREATE TRIGGER boom BEFORE UPDATE ON value WHEN NEW.indicator = 'htx.new'
             BEGIN SELECT RAISE(ABORT, 'boom'); END;"
        }
        (Backend::Sqlite, false) => "DROP TRIGGER boom",
        (Backend::Postgres, true) => {
            "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF NEW.indicator = 'htx.new' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
             CREATE TRIGGER boom BEFORE UPDATE ON value FOR EACH ROW EXECUTE FUNCTION boom();"
        }
        (Backend::Postgres, false) => "DROP TRIGGER boom ON value; DROP FUNCTION boom()",
    };
    t.exec(sql);
}

fn dump(t: &TestDb) -> Vec<Vec<Option<String>>> {
    t.rows(
        "SELECT indicator, org_unit, year, kind, funding, value, source, note, rev, updated_at, updated_by
         FROM value ORDER BY org_unit, year, kind, indicator, funding",
    )
}

both!(
    fn an_apply_that_fails_part_way_leaves_everything_as_it_was(b) {
        let t = TestDb::seeded(b);
        let mut s = t.store();
        let id = s.create_scenario("Tăng HTX").unwrap().id;
        for (code, v) in [("htx.total", "210"), ("htx.new", "34"), ("htx.income", "48.5")] {
            let k = key(&s, code, "KH2020");
            set_in(&mut s, id, k, Some(dec(v))).unwrap();
        }
        boom(&t, true);
        let (before, audits) = (dump(&t), t.count("SELECT count(*) FROM audit"));
        assert!(s.apply_scenario(id, None, &HashMap::new()).is_err());
        assert_eq!(dump(&t), before, "no figure was written");
        assert_eq!(t.count("SELECT count(*) FROM audit"), audits, "no audit row either");
        assert_eq!(everything(&s, Some(id)).overlay.changes.len(), 3);
        // The store goes on working after the failed transaction.
        boom(&t, false);
        assert!(matches!(s.apply_scenario(id, None, &HashMap::new()).unwrap(), ApplyOutcome::Applied { .. }));
        assert_eq!(t.count("SELECT count(*) FROM audit WHERE action = 'apply' AND scenario = 'Tăng HTX'"), 3);
    }
);

#[test]
fn a_change_made_while_the_listening_connection_was_down_still_arrives_by_the_cursor() {
    let t = TestDb::seeded(Backend::Postgres);
    let mut a = t.store();
    let mut other = t.store();
    let cursor = a.cursor().unwrap();
    while a.maybe_changed().unwrap() {}
    // The connection a session listens on is cut (a server restart, a network break)…
    a.conn_as::<kttt::store::postgres::PgConn>()
        .unwrap()
        .drop_connection_for_test()
        .unwrap();
    // …and meanwhile someone writes: that notification is never delivered to it.
    let k = key(&other, "htx.total", "KH2020");
    set(&mut other, k, Some(dec("333")), Expect::Anything).unwrap();
    // The next look opens the connection again and says to read from the cursor.
    assert!(a.maybe_changed().unwrap(), "a lost connection must count as a change");
    let since = a.changes_since(cursor, 10).unwrap();
    assert_eq!(since.len(), 1);
    assert_eq!(since[0].cells, vec![(Layer::Official, k)]);
    assert_eq!(a.read_cells(&[k], None).unwrap().official.value(&k), Some(dec("333")));
    // And it listens again: the next write wakes it.
    while a.maybe_changed().unwrap() {}
    set(&mut other, k, Some(dec("334")), Expect::Anything).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !a.maybe_changed().unwrap() {
        assert!(std::time::Instant::now() < deadline, "not listening again");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn writers_on_many_connections_never_lose_a_batch_from_the_cursor() {
    // Batch ids are handed out in commit order (one advisory lock per write), so a reader
    // following the cursor sees every batch exactly once however the writers interleave.
    let t = TestDb::seeded(Backend::Postgres);
    let reader = t.store();
    let start = reader.cursor().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|w| {
            let db = t.db.clone();
            std::thread::spawn(move || {
                let mut s = kttt::store::sql::SqlStore::open_postgres(&db, None).unwrap();
                s.hold_all().unwrap();
                let k = key_at(&s, "htx.total", ["ba-be", "cho-don", "na-ri", "pac-nam"][w], "KH2020");
                for i in 0..25 {
                    set(&mut s, k, Some(dec(&format!("{}", 100 + i))), Expect::Anything).unwrap();
                }
            })
        })
        .collect();
    let mut seen = Vec::new();
    let mut cursor = start;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while seen.len() < 100 {
        for r in reader.changes_since(cursor, 1000).unwrap() {
            cursor = r.id;
            seen.push(r.id);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "only {} of 100 batches seen",
            seen.len()
        );
    }
    for th in threads {
        th.join().unwrap();
    }
    let mut sorted = seen.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), 100, "every batch once");
    assert_eq!(t.count(&format!("SELECT count(*) FROM batch WHERE id > {start}")), 100);
}

#[test]
fn tls_is_used_as_the_address_asks_and_the_servers_certificate_is_checked() {
    let (base, ca) = common::pg::tls_server();
    let mut admin = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls).unwrap();
    admin.batch_execute("CREATE DATABASE tls_test").unwrap();
    let url = format!("{base}/tls_test?sslmode=require&sslrootcert={}", ca.display());
    let s = kttt::store::sql::SqlStore::open_postgres(&url, Some(Fill::Seed)).unwrap();
    let conn = s.conn_as::<kttt::store::postgres::PgConn>().unwrap();
    let ssl: bool = conn
        .client()
        .query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    assert!(ssl, "the connection is encrypted");
    assert_eq!(
        everything(&s, None).official.value(&key(&s, "htx.total", "KH2020")),
        Some(dec("201"))
    );
    // Without the authority that signed it, the server's certificate is not trusted.
    let e = kttt::store::sql::SqlStore::open_postgres(&format!("{base}/tls_test?sslmode=require"), None)
        .err()
        .unwrap();
    assert!(
        matches!(&e, StoreError::Unreachable(m) if m.contains("certificate")),
        "{e:?}"
    );
    // Nor under another name than the one it was made for (127.0.0.1, not localhost).
    let e = kttt::store::sql::SqlStore::open_postgres(&url.replace("127.0.0.1", "localhost"), None)
        .err()
        .unwrap();
    assert!(
        matches!(&e, StoreError::Unreachable(m) if m.contains("certificate")),
        "{e:?}"
    );
    // And a server without TLS refuses `require`, where `prefer` (the default) goes on.
    let plain = TestDb::empty(Backend::Postgres);
    let e = kttt::store::sql::SqlStore::open_postgres(&format!("{}?sslmode=require", plain.db), Some(Fill::Empty))
        .err()
        .unwrap();
    assert!(matches!(e, StoreError::Unreachable(_)), "{e:?}");
    assert!(kttt::store::sql::SqlStore::open_postgres(&plain.db, Some(Fill::Empty)).is_ok());
}

/// Both stores hold the same tables with the same columns (the logic is written once over
/// them); the one exception is PostgreSQL's own guard, named here with its reason.
#[test]
fn sqlite_and_postgresql_hold_the_same_tables_and_columns() {
    use std::collections::BTreeMap;
    let lite = TestDb::seeded(Backend::Sqlite);
    let pg = TestDb::seeded(Backend::Postgres);
    let mut a: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in lite.rows(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2",
    ) {
        a.entry(r[0].clone().unwrap()).or_default().push(r[1].clone().unwrap());
    }
    let mut b: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in pg.rows(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() ORDER BY 1, 2",
    ) {
        b.entry(r[0].clone().unwrap()).or_default().push(r[1].clone().unwrap());
    }
    // PostgreSQL only: its schema versions live in a table (SQLite: `PRAGMA user_version`),
    // and a batch records its transaction, which the server's audit trigger checks.
    b.remove("kttt_schema");
    if let Some(cols) = b.get_mut("batch") {
        cols.retain(|c| c != "txid");
    }
    assert_eq!(a, b);
}
