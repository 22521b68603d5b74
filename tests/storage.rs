//! The SQLite store: migrations from an empty file, reopening, the seed, audited writes.

use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::values::{CellKey, Source, Values};
use kttt::error::Error;
use kttt::store::{Fill, Store, schema_latest};
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn key(store: &Store, code: &str, period: &str) -> CellKey {
    CellKey::new(
        store.catalog.find(code).unwrap(),
        store.orgs.by_code("bac-kan").unwrap(),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn migrates_an_empty_file_and_seeds_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/kttt.sqlite3");
    let store = Store::open(&path, Fill::Seed).unwrap();
    assert!(path.exists(), "folders are created");
    assert_eq!(store.schema_version().unwrap(), schema_latest());
    let mode: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .connection()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert_eq!(store.orgs.units.len(), 10);
    let data = store.load_dataset().unwrap();
    assert_eq!(data.value(&key(&store, "htx.members", "UTH2019")), Some(dec("1599")));
    assert_eq!(data.value(&key(&store, "htx.income", "KH2020")), Some(dec("45.6")));
    // Every seeded figure has an audit row; migrations and the catalog sync have theirs.
    let values = count(&store, "SELECT count(*) FROM value");
    assert_eq!(values, 341);
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit WHERE action = 'seed'"),
        values
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit WHERE action = 'schema.migrate'"),
        schema_latest()
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit WHERE action = 'catalog.sync'"),
        1
    );
    // Figures are stored as exact text, never as floating point.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM value WHERE typeof(value) NOT IN ('text', 'null')"
        ),
        0
    );
    let income: String = store
        .connection()
        .query_row(
            "SELECT value FROM value WHERE indicator = 'htx.income' AND year = 2019 AND kind = 'estimate'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(income, "43.2");
    // Blank and zero are different rows.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM value WHERE indicator = 'lh.dissolved' AND year = 2020 AND value = '0'"
        ),
        1
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM value WHERE indicator = 'lh.total' AND year = 2019 AND kind = 'estimate' AND value IS NULL"
        ),
        1
    );
}

#[test]
fn reopening_keeps_everything_and_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.sqlite3");
    {
        let mut s = Store::open(&path, Fill::Seed).unwrap();
        let k = key(&s, "htx.total", "KH2020");
        s.set_value(k, Some(dec("210")), None, "set").unwrap().unwrap();
    }
    let s = Store::open(&path, Fill::Seed).unwrap();
    let data = s.load_dataset().unwrap();
    let k = key(&s, "htx.total", "KH2020");
    assert_eq!(data.value(&k), Some(dec("210")));
    assert_eq!(data.cell(&k).unwrap().source, Source::User);
    assert_eq!(data.cell(&k).unwrap().rev, 2);
    assert_eq!(count(&s, "SELECT count(*) FROM plan"), 1, "the seed is loaded once");
    assert_eq!(
        count(&s, "SELECT count(*) FROM audit WHERE action = 'schema.migrate'"),
        schema_latest()
    );
    assert_eq!(count(&s, "SELECT count(*) FROM audit WHERE action = 'catalog.sync'"), 1);
}

#[test]
fn an_empty_database_has_reference_data_but_no_figures() {
    let s = Store::open_in_memory(Fill::Empty).unwrap();
    assert!(s.load_dataset().unwrap().is_empty());
    assert!(s.plans().unwrap().is_empty());
    assert_eq!(
        count(&s, "SELECT count(*) FROM indicator"),
        s.catalog.indicators.len() as i64
    );
    assert_eq!(count(&s, "SELECT count(*) FROM org_unit"), 10);
}

#[test]
fn a_write_is_one_transaction_with_its_audit_row() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    let k = key(&s, "htx.members", "UTH2019");
    let before = count(&s, "SELECT count(*) FROM audit");
    let ch = s
        .set_value(k, Some(dec("1559")), Some(Some(dec("1599"))), "set")
        .unwrap()
        .unwrap();
    assert_eq!((ch.old, ch.new), (Some(dec("1599")), Some(dec("1559"))));
    assert_eq!(count(&s, "SELECT count(*) FROM audit"), before + 1);
    let h = s.history(&k).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].action, "seed");
    let last = &h[1];
    assert_eq!(last.action, "set");
    assert_eq!((last.old, last.new), (Some(dec("1599")), Some(dec("1559"))));
    assert_eq!(last.user, kttt::store::Actor::current().user);
    assert!(last.at.ends_with('Z') && last.at.starts_with("20"), "{}", last.at);
    assert_eq!(last.period, Some(Period::parse("UTH2019").unwrap()));
    // Writing the same figure again changes nothing and audits nothing.
    assert!(s.set_value(k, Some(dec("1559")), None, "set").unwrap().is_none());
    assert_eq!(s.history(&k).unwrap().len(), 2);
    // Blank is a figure of its own.
    let ch = s.set_value(k, None, None, "set").unwrap().unwrap();
    assert_eq!(ch.new, None);
    assert_eq!(s.load_dataset().unwrap().value(&k), None);
}

#[test]
fn a_stale_write_is_refused_and_changes_nothing() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    let k = key(&s, "htx.total", "KH2020");
    let before = count(&s, "SELECT count(*) FROM audit");
    let err = s
        .set_value(k, Some(dec("300")), Some(Some(dec("999"))), "set")
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { now: Some(_) }));
    assert!(err.message(kttt::i18n::Lang::Vi).contains("201"));
    assert_eq!(count(&s, "SELECT count(*) FROM audit"), before);
    assert_eq!(s.load_dataset().unwrap().value(&k), Some(dec("201")));
}

#[test]
fn headings_take_no_figures() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    let k = key(&s, "htx", "KH2020");
    let err = s.set_value(k, Some(dec("1")), None, "set").unwrap_err();
    assert!(err.message(kttt::i18n::Lang::Vi).contains("dòng tiêu đề"));
    let plain = key(&s, "htx.total", "KH2020").with_funding(s.catalog.funding("ntm").unwrap());
    assert!(s.set_value(plain, Some(dec("1")), None, "set").is_err());
}

#[test]
fn refuses_files_that_are_not_kttt_databases() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "Kế hoạch phát triển kinh tế tập thể — not a database at all, just text.\n".repeat(100),
    )
    .unwrap();
    assert!(matches!(Store::open(&text, Fill::Seed), Err(Error::NotDatabase { .. })));
    let other = dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = Store::open(&other, Fill::Seed).err().unwrap();
    assert!(matches!(err, Error::NotDatabase { .. }));
    assert!(
        err.message(kttt::i18n::Lang::Vi)
            .contains("không phải là cơ sở dữ liệu của kttt")
    );
    // The refused file is left exactly as it was.
    let tables: i64 = rusqlite::Connection::open(&other)
        .unwrap()
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn refuses_a_database_from_a_newer_kttt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.sqlite3");
    drop(Store::open(&path, Fill::Empty).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = Store::open(&path, Fill::Seed).err().unwrap();
    assert!(matches!(err, Error::TooNew { found: 99, .. }), "{err:?}");
}

#[test]
fn migrates_a_version_1_database_forward() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        // What the first release wrote: only migration 1.
        c.execute_batch(kttt::store::MIGRATIONS_FOR_TESTS[0]).unwrap();
        c.pragma_update(None, "application_id", kttt::store::APPLICATION_ID)
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    let mut s = Store::open(&path, Fill::Seed).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema_latest());
    s.create_scenario("Phương án 1").unwrap();
}

#[test]
fn starting_next_years_plan_carries_the_estimate() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    assert_eq!(s.start_next_plan(2020).unwrap(), 2021);
    let years: Vec<i32> = s.plans().unwrap().iter().map(|p| p.year).collect();
    assert_eq!(years, [2020, 2021]);
    let d = s.load_dataset().unwrap();
    let k = key(&s, "htx.total", "TH2019");
    assert_eq!(d.value(&k), Some(dec("176")));
    assert_eq!(d.cell(&k).unwrap().source, Source::Carried);
    assert_eq!(s.history(&k).unwrap()[0].action, "plan.start");
    assert!(s.start_next_plan(2020).is_err(), "only once");
    assert!(s.start_next_plan(2030).is_err(), "needs a plan to start from");
}
