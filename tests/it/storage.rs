//! The store through its interface (`dyn Store`): migrations from an empty file, reopening,
//! the seed, audited batch writes, the change cursor, and the file refusals.

use crate::common;

use common::*;
use kttt::domain::values::{Source, Values};
use kttt::store::sqlite::schema::{APPLICATION_ID, MIGRATIONS, latest};
use kttt::store::{Expect, Fill, NotKttt, StoreError};

#[test]
fn migrates_an_empty_file_and_seeds_it() {
    let (_d, path) = tmp();
    let store = open(&path);
    let s: &kttt::store::SqlStore = &store;
    assert_eq!(s.schema_version().unwrap(), latest());
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
    // Bắc Kạn (1 + 8 + 108) and old Thái Nguyên (1 + 9 + 172) before 1 July 2025, Thái Nguyên
    // (1 + 92) after; Bắc Kạn's communes before 2020 that ended or changed (14 merged away, 12
    // renamed, 3 that took in others) and Xã Vân Tùng before it became a thị trấn in 2023; the
    // old Thái Nguyên's earlier units: 8 ended (Kim Sơn, Vinh Sơn, Thị trấn Quân Chu, Chợ Chu,
    // Giang Tiên, Tân Lợi, Na Mao, Vạn Thọ), 6 renamed or re-typed communes (Lương Châu, Hóa
    // Thượng, Quân Chu, Bảo Cường, Phấn Mễ, Ký Phú), Thị xã Phổ Yên and its 18 communes of before
    // 2022, and 2 that took in others (Kim Phượng, Phú Xuyên).
    assert_eq!(s.orgs().len(), 392 + 14 + 12 + 3 + 1 + 8 + 6 + 19 + 2);
    let data = everything(s, None).official;
    assert_eq!(data.value(&key(s, "htx.members", "UTH2019")), Some(dec("1599")));
    assert_eq!(data.value(&key(s, "htx.income", "KH2020")), Some(dec("45.6")));
    // Every seeded figure has an audit row; migrations and the catalog sync have theirs.
    let values = count(&path, "SELECT count(*) FROM value");
    assert_eq!(values, 333, "the heading lines repeating a total are not stored");
    assert_eq!(audits(&path, "seed"), values);
    assert_eq!(audits(&path, "schema.migrate"), latest());
    assert_eq!(audits(&path, "catalog.sync"), 1);
    // Figures are stored as exact text, never as floating point.
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM value WHERE typeof(value) NOT IN ('text', 'null')"
        ),
        0
    );
    assert_eq!(stored(&path, "htx.income", "UTH2019").as_deref(), Some("43.2"));
    // Blank and zero are different rows.
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM value WHERE indicator = 'lh.dissolved' AND year = 2020 AND value = '0'"
        ),
        1
    );
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM value WHERE indicator = 'lh.total' AND year = 2019 AND kind = 'estimate' AND value IS NULL"
        ),
        1
    );
    // Times are written at one width, so they sort as text.
    assert_eq!(count(&path, "SELECT count(DISTINCT length(at)) FROM audit"), 1);
    assert_eq!(count(&path, "SELECT length(min(at)) FROM audit"), 24);
}

#[test]
fn reopening_keeps_everything_and_adds_nothing() {
    let (_d, path) = tmp();
    {
        let mut s = open(&path);
        let k = key(&s, "htx.total", "KH2020");
        set(&mut s, k, Some(dec("210")), Expect::Anything).unwrap();
    }
    let s = open(&path);
    let data = everything(&s, None).official;
    let k = key(&s, "htx.total", "KH2020");
    assert_eq!(data.value(&k), Some(dec("210")));
    assert_eq!(data.cell(&k).unwrap().source, Source::User);
    assert_eq!(data.cell(&k).unwrap().rev, 2);
    assert_eq!(count(&path, "SELECT count(*) FROM plan"), 1, "the seed is loaded once");
    assert_eq!(audits(&path, "schema.migrate"), latest());
    assert_eq!(audits(&path, "catalog.sync"), 1);
}

#[test]
fn an_empty_database_has_reference_data_but_no_figures() {
    let mut s = kttt::store::sqlite::SqliteStore::open_in_memory(Fill::Empty).unwrap();
    s.hold_all().unwrap();
    assert!(everything(&s, None).official.is_empty());
    assert!(s.plans().unwrap().is_empty());
    let n: i64 = s
        .connection()
        .query_row("SELECT count(*) FROM indicator", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, s.catalog().indicators.len() as i64);
    // Bắc Kạn (1 + 8 + 108) and old Thái Nguyên (1 + 9 + 172) before 1 July 2025, Thái Nguyên
    // (1 + 92) after; Bắc Kạn's communes before 2020 that ended or changed (14 merged away, 12
    // renamed, 3 that took in others) and Xã Vân Tùng before it became a thị trấn in 2023; the
    // old Thái Nguyên's earlier units: 8 ended (Kim Sơn, Vinh Sơn, Thị trấn Quân Chu, Chợ Chu,
    // Giang Tiên, Tân Lợi, Na Mao, Vạn Thọ), 6 renamed or re-typed communes (Lương Châu, Hóa
    // Thượng, Quân Chu, Bảo Cường, Phấn Mễ, Ký Phú), Thị xã Phổ Yên and its 18 communes of before
    // 2022, and 2 that took in others (Kim Phượng, Phú Xuyên).
    assert_eq!(s.orgs().len(), 392 + 14 + 12 + 3 + 1 + 8 + 6 + 19 + 2);
}

#[test]
fn a_write_is_one_batch_with_its_audit_rows() {
    let (_d, path) = tmp();
    let mut s = open(&path);
    let k = key(&s, "htx.members", "UTH2019");
    let before = count(&path, "SELECT count(*) FROM audit");
    let cursor = s.cursor().unwrap();
    let w = set(&mut s, k, Some(dec("1559")), Expect::Shows(Some(dec("1599")))).unwrap();
    let ch = w.changes[0];
    assert_eq!((ch.old, ch.new), (Some(dec("1599")), Some(dec("1559"))));
    assert_eq!(count(&path, "SELECT count(*) FROM audit"), before + 1);
    assert_eq!(s.cursor().unwrap(), cursor + 1, "each write is one batch");
    assert_eq!(w.batch, cursor + 1);
    let h = s.history(&k).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].action, "seed");
    let last = &h[1];
    assert_eq!(last.action, "set");
    assert_eq!((last.old, last.new), (Some(dec("1599")), Some(dec("1559"))));
    assert_eq!(last.user, kttt::store::Actor::current().user);
    assert!(last.at.ends_with('Z') && last.at.starts_with("20"), "{}", last.at);
    // Writing the same figure again changes nothing, audits nothing, commits no batch.
    assert!(
        set(&mut s, k, Some(dec("1559")), Expect::Anything)
            .unwrap()
            .changes
            .is_empty()
    );
    assert_eq!(s.history(&k).unwrap().len(), 2);
    assert_eq!(s.cursor().unwrap(), cursor + 1);
    // Blank is a figure of its own.
    let w = set(&mut s, k, None, Expect::Anything).unwrap();
    assert_eq!(w.changes[0].new, None);
    assert_eq!(everything(&s, None).official.value(&k), None);
    // Who touched what since the cursor.
    let since = s.changes_since(cursor, 100).unwrap();
    assert_eq!(since.len(), 2);
    assert_eq!(since[0].cells, vec![(kttt::store::Layer::Official, k)]);
}

#[test]
fn a_stale_write_is_refused_and_changes_nothing() {
    let (_d, path) = tmp();
    let mut s = open(&path);
    let k = key(&s, "htx.total", "KH2020");
    let before = count(&path, "SELECT count(*) FROM audit");
    let err = set(&mut s, k, Some(dec("300")), Expect::Shows(Some(dec("999")))).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { now: Some(_), .. }));
    let msg = kttt::error::Error::from(err).message(kttt::i18n::Lang::Vi);
    assert!(msg.contains("201"), "{msg}");
    assert_eq!(count(&path, "SELECT count(*) FROM audit"), before);
    assert_eq!(stored(&path, "htx.total", "KH2020").as_deref(), Some("201"));
}

#[test]
fn headings_wrong_kinds_and_foreign_periods_take_no_figures() {
    let mut s = mem();
    let k = key(&s, "htx", "KH2020");
    let err = set(&mut s, k, Some(dec("1")), Expect::Anything).unwrap_err();
    assert!(
        kttt::error::Error::from(err)
            .message(kttt::i18n::Lang::Vi)
            .contains("dòng tiêu đề")
    );
    let plain = key(&s, "htx.total", "KH2020").with_funding(s.catalog().funding("ntm").unwrap());
    assert!(set(&mut s, plain, Some(dec("1")), Expect::Anything).is_err());
    // The store itself refuses what breaks an indicator's kind, inside the transaction.
    let total = key(&s, "htx.total", "KH2020");
    for bad in ["-5", "2.5", "0.0001", "1000000.5", "123456789012345"] {
        assert!(set(&mut s, total, Some(dec(bad)), Expect::Anything).is_err(), "{bad}");
    }
    // And a period in no plan of the database.
    let far = key(&s, "htx.total", "KH1920");
    let err = set(&mut s, far, Some(dec("5")), Expect::Anything).unwrap_err();
    assert!(format!("{err:?}").contains("2020"), "names the plan years: {err:?}");
    // And a unit that did not exist then.
    let gone = key_at(&s, "htx.total", "ba-be", "KH2020");
    assert!(
        set(&mut s, gone, Some(dec("5")), Expect::Anything).is_ok(),
        "Ba Bể existed in 2020"
    );
}

#[test]
fn negative_zero_is_stored_as_zero() {
    let (_d, path) = tmp();
    let mut s = open(&path);
    let k = key(&s, "lh.dissolved", "KH2020");
    let z = kttt::domain::number::parse("-0", kttt::i18n::Lang::Vi).unwrap();
    set(&mut s, k, z, Expect::Anything).unwrap();
    assert_eq!(stored(&path, "lh.dissolved", "KH2020").as_deref(), Some("0"));
}

#[test]
fn the_audit_trail_cannot_be_rewritten() {
    let (_d, path) = tmp();
    drop(open(&path));
    let c = rusqlite::Connection::open(&path).unwrap();
    let e = c.execute("UPDATE audit SET new_value = '999'", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM audit", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(c.execute("DELETE FROM batch", []).is_err());
    assert!(count(&path, "SELECT count(*) FROM audit") > 300);
}

#[test]
fn refuses_files_that_are_not_kttt_databases() {
    let (dir, _) = tmp();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "Kế hoạch phát triển kinh tế tập thể — not a database at all, just text.\n".repeat(100),
    )
    .unwrap();
    assert!(matches!(
        try_open(&text, Some(Fill::Seed)),
        Err(StoreError::NotKttt {
            why: NotKttt::NotSqlite,
            ..
        })
    ));
    let other = dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = try_open(&other, Some(Fill::Seed)).err().unwrap();
    assert!(matches!(err, StoreError::NotKttt { .. }));
    let msg = kttt::error::Error::from(err).message(kttt::i18n::Lang::Vi);
    assert!(msg.contains("không phải của kttt"), "{msg}");
    // The refused file is left exactly as it was, with no sidecar files.
    let tables: i64 = rusqlite::Connection::open(&other)
        .unwrap()
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with("-wal") && !n.ends_with("-shm")),
        "{names:?}"
    );
    // A folder is not a database either.
    assert!(matches!(
        try_open(dir.path(), Some(Fill::Seed)),
        Err(StoreError::NotKttt {
            why: NotKttt::NotAFile,
            ..
        })
    ));
}

#[test]
fn a_missing_file_is_created_only_when_asked() {
    let (dir, path) = tmp();
    assert!(matches!(try_open(&path, None), Err(StoreError::Missing { .. })));
    assert!(!path.exists(), "nothing was created");
    let deep = dir.path().join("no/such/dir/k.sqlite3");
    assert!(matches!(
        try_open(&deep, Some(Fill::Seed)),
        Err(StoreError::NoFolder { .. })
    ));
    assert!(!dir.path().join("no").exists(), "no folders are made for a named path");
}

#[test]
fn refuses_a_database_from_a_newer_kttt_and_leaves_it_untouched() {
    let (dir, path) = tmp();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = try_open(&path, Some(Fill::Seed)).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "not switched to WAL, not changed"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, ["k.sqlite3"]);
}

#[test]
fn a_truncated_database_says_what_to_do() {
    let (dir, path) = tmp();
    drop(open(&path));
    let backup = dir.path().join("k.sqlite3.bak-20261124-101500");
    std::fs::copy(&path, &backup).unwrap();
    let len = std::fs::metadata(&path).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len / 3)
        .unwrap();
    let err = try_open(&path, None).err().expect("a damaged file is refused");
    let msg = kttt::error::Error::from(err).message(kttt::i18n::Lang::Vi);
    assert!(
        msg.contains("bị hỏng") && msg.contains("k.sqlite3.bak-20261124-101500"),
        "{msg}"
    );
}

#[test]
fn a_stored_blob_is_reported_not_fatal() {
    let (_d, path) = tmp();
    drop(open(&path));
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE value SET value = x'00ff' WHERE indicator = 'htx.total' AND year = 2020 AND kind = 'plan'",
            [],
        )
        .unwrap();
    let s = open(&path);
    let slice = everything(&s, None);
    assert_eq!(slice.unreadable, vec![key(&s, "htx.total", "KH2020")]);
    assert_eq!(slice.official.value(&key(&s, "htx.total", "KH2020")), None);
    assert_eq!(slice.official.value(&key(&s, "htx.total", "UTH2019")), Some(dec("176")));
}

#[test]
fn migrates_a_version_1_database_forward() {
    let (_d, path) = tmp();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        // What the first release wrote: only migration 1, with its variable-width times.
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.execute(
            "INSERT INTO audit (at, os_user, action, detail) VALUES ('2026-11-20T08:00:00.5Z', 'x', 'note', 'old')",
            [],
        )
        .unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    let mut s = open(&path);
    assert_eq!(s.schema_version().unwrap(), latest());
    s.create_scenario("Phương án 1").unwrap();
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM audit WHERE at = '2026-11-20T08:00:00.500Z'"
        ),
        1,
        "old times are rewritten at the fixed width"
    );
}

#[test]
fn starting_next_years_plan_carries_the_estimate() {
    let mut s = mem();
    assert_eq!(s.start_plan(2020).unwrap(), 2021);
    let years: Vec<i32> = s.plans().unwrap().iter().map(|p| p.year).collect();
    assert_eq!(years, [2020, 2021]);
    let d = everything(&s, None).official;
    let k = key(&s, "htx.total", "TH2019");
    assert_eq!(d.value(&k), Some(dec("176")));
    assert_eq!(d.cell(&k).unwrap().source, Source::Carried);
    assert_eq!(s.history(&k).unwrap()[0].action, "plan.start");
    assert!(s.start_plan(2020).is_err(), "only once");
    assert!(s.start_plan(2030).is_err(), "needs a plan to start from");
}

#[test]
fn an_empty_database_gets_its_first_plan() {
    let mut s = kttt::store::sqlite::SqliteStore::open_in_memory(Fill::Empty).unwrap();
    assert_eq!(s.start_plan(2025).map_err(|e| format!("{e:?}")), Ok(2026));
    assert_eq!(s.plans().unwrap().len(), 1);
}
