//! Helpers shared by the integration tests: stores, sessions and keys through the public
//! interfaces, and raw SQL for looking at the file as another tool would.
#![allow(dead_code)]

use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::values::CellKey;
use kttt::i18n::Lang;
use kttt::session::Session;
use kttt::store::sqlite::{OpenMode, SqliteStore};
use kttt::store::{Batch, Expect, Fill, Layer, Op, Scope, Slice, StoreResult, To, WriteAction, Written};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

#[macro_use]
pub mod backend;
pub mod biff;
pub mod cli;
pub mod cmd;
pub mod office;
pub mod pg;
#[cfg(unix)]
pub mod tty;

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

/// A temporary folder and a database path inside it (not created).
pub fn tmp() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("k.sqlite3");
    (d, p)
}

/// Opens (creating and seeding when missing) a database file. A missing file is first made a
/// copy of the seeded file (see [`seed_copy`]); the store then opens it as any existing file.
pub fn open(path: &Path) -> SqliteStore {
    if !path.exists() {
        seed_copy(path);
    }
    try_open(path, Some(Fill::Seed)).unwrap()
}

/// Writes at `path` a new SQLite database with the embedded plan: a byte-for-byte copy of the
/// file the store seeded once for this test process (closed, so whole without its write-ahead
/// log). Seeding the same plan again for every test cost a fifth of a second each and a tenth
/// of the whole run; the seeding itself is still tested (`stores`, `storage`, `kttt init`).
pub fn seed_copy(path: &Path) {
    static SEEDED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    made_copy(&SEEDED, Fill::Seed, path);
}

/// Writes at `path` a new SQLite database without figures (the catalog and the org units), as
/// `kttt init --empty` makes it: a copy of the file the store made so once for this test
/// process, as [`seed_copy`] does.
pub fn empty_copy(path: &Path) {
    static EMPTY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    made_copy(&EMPTY, Fill::Empty, path);
}

fn made_copy(made: &std::sync::OnceLock<Vec<u8>>, fill: Fill, path: &Path) {
    let bytes = made.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("made.sqlite3");
        drop(try_open(&file, Some(fill)).unwrap());
        let wal = dir.path().join("made.sqlite3-wal");
        assert!(
            !matches!(std::fs::metadata(&wal), Ok(m) if m.len() > 0),
            "the made file was closed with its log not written back"
        );
        std::fs::read(&file).unwrap()
    });
    std::fs::write(path, bytes).unwrap();
}

/// A temporary folder and a database with the embedded plan in it (as `kttt init` makes it;
/// see [`seed_copy`]).
pub fn seeded() -> (tempfile::TempDir, PathBuf) {
    let (d, p) = tmp();
    seed_copy(&p);
    (d, p)
}

/// A temporary folder and a database without figures in it (as `kttt init --empty` makes it;
/// see [`empty_copy`]).
pub fn without_figures() -> (tempfile::TempDir, PathBuf) {
    let (d, p) = tmp();
    empty_copy(&p);
    (d, p)
}

/// Opens a database file, creating it with `fill` when given, its whole unit tree held (a
/// test names any unit; a process holds only what it shows).
pub fn try_open(path: &Path, fill: Option<Fill>) -> StoreResult<SqliteStore> {
    let mut store = SqliteStore::open(
        path,
        OpenMode {
            create: fill,
            read_only: false,
            actor: None,
        },
    )?;
    store.hold_all()?;
    Ok(store)
}

/// A seeded database in memory, its whole unit tree held.
pub fn mem() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory(Fill::Seed).unwrap();
    store.hold_all().unwrap();
    store
}

/// A session over a database file (created and seeded when missing).
pub fn session(path: &Path) -> Session {
    Session::new(open(path), Lang::Vi).unwrap()
}

/// A session over a seeded database in memory.
pub fn mem_session() -> Session {
    Session::new(mem(), Lang::Vi).unwrap()
}

/// A cell of an org unit by codes.
pub fn key_at(store: &kttt::store::SqlStore, code: &str, org: &str, period: &str) -> CellKey {
    CellKey::new(
        store.catalog().find(code).unwrap(),
        store.orgs().by_code(org).unwrap(),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

/// A cell of Bắc Kạn.
pub fn key(store: &kttt::store::SqlStore, code: &str, period: &str) -> CellKey {
    key_at(store, code, "bac-kan", period)
}

/// Every figure of the database.
pub fn everything(store: &kttt::store::SqlStore, scenario: Option<kttt::store::ScenarioId>) -> Slice {
    store
        .read(&Scope {
            orgs: None,
            years: 1900..=2200,
            periods: None,
            indicators: None,
            scenario,
        })
        .unwrap()
}

/// Sets an official figure through the store.
pub fn set(
    store: &mut kttt::store::SqlStore,
    key: CellKey,
    v: Option<Decimal>,
    expect: Expect,
) -> StoreResult<Written> {
    store.write(&Batch {
        action: WriteAction::Set,
        layer: Layer::Official,
        detail: None,
        ops: vec![Op {
            key,
            expect,
            to: To::Figure(v),
        }],
    })
}

/// Sets a scenario's figure through the store.
pub fn set_in(
    store: &mut kttt::store::SqlStore,
    id: kttt::store::ScenarioId,
    key: CellKey,
    v: Option<Decimal>,
) -> StoreResult<Written> {
    store.write(&Batch {
        action: WriteAction::Set,
        layer: Layer::Scenario(id),
        detail: None,
        ops: vec![Op {
            key,
            expect: Expect::Anything,
            to: To::Figure(v),
        }],
    })
}

/// A number from raw SQL on a separate connection.
pub fn count(path: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// The stored text of a Bắc Kạn figure, read as another tool would.
pub fn stored(path: &Path, code: &str, period: &str) -> Option<String> {
    let p = Period::parse(period).unwrap();
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT value FROM value WHERE indicator = ?1 AND year = ?2 AND kind = ?3 AND org_unit = 'bac-kan'
             AND funding = 'total'",
            rusqlite::params![code, p.year, p.kind.code()],
            |r| r.get(0),
        )
        .unwrap()
}

/// How many audit rows have this action.
pub fn audits(path: &Path, action: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM audit WHERE action = ?1", [action], |r| r.get(0))
        .unwrap()
}

/// A Bắc Kạn cell, from a session.
pub fn skey(s: &Session, code: &str, period: &str) -> CellKey {
    CellKey::new(
        s.catalog().find(code).unwrap(),
        s.orgs().by_code("bac-kan").unwrap(),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

/// The official figures exactly as stored, row by row.
pub fn official_dump(conn: &rusqlite::Connection) -> Vec<String> {
    let mut st = conn
        .prepare(
            "SELECT quote(indicator)||quote(org_unit)||year||kind||funding||quote(value)||source||quote(note)||rev
             ||updated_at||updated_by FROM value ORDER BY 1",
        )
        .unwrap();
    st.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// The cell of an indicator, unit and period (total funding), for a session.
pub fn scell(s: &Session, code: &str, org: &str, period: &str) -> CellKey {
    CellKey::new(
        s.catalog().find(code).unwrap(),
        s.orgs().by_code(org).unwrap(),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

/// The message of a refusal by role (anything else fails the test).
pub fn denied(e: kttt::error::Error) -> String {
    match e.store() {
        Some(kttt::store::StoreError::Denied(_)) => e.message(Lang::Vi),
        other => panic!("expected a refusal by role, got {other:?}: {}", e.message(Lang::Vi)),
    }
}
