//! The SQLite store (rusqlite, bundled): one file, WAL, versioned migrations. Opening never
//! touches a file that is not a kttt database, never creates one unless asked, and holds a
//! shared lock on the file for as long as it is open, so `kttt init --force` can tell that
//! sessions are still working in it.

mod backup;
mod bulk;
mod facts;
mod file;
pub mod schema;
mod watch;

pub use backup::{backups_of, is_complete};
pub use facts::{FileFacts, Owned, file_facts, newest_backup, owned};
pub use file::{classify, in_use, move_aside, sidecars};

use super::sql::{Conn, Core, Db, Dialect, Row, SqlStore, Transactions, Value};
use super::{Fill, StoreError, StoreResult};
use crate::store::Refusal;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How to open a database file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenMode {
    /// Create the file (with this content) when it does not exist.
    pub create: Option<Fill>,
    /// Only read: works in a folder that cannot be written.
    pub read_only: bool,
    /// Who a new database's first audit rows name (the process's account when `None`).
    pub actor: Option<super::Actor>,
}

/// A kttt database in an SQLite file (or in memory): the store over a [`SqliteConn`].
pub type SqliteStore = SqlStore;

/// An SQLite connection with what kttt knows of its file.
pub struct SqliteConn {
    conn: Connection,
    path: Option<PathBuf>,
    /// The file as it was opened, to notice it being moved away or replaced.
    identity: Option<file::Identity>,
    read_only: bool,
    data_version: std::cell::Cell<i64>,
}

/// Turns an SQLite error into a store error (busy, damaged, read-only, a broken constraint,
/// or a backend error).
pub(crate) fn db_err(e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => StoreError::Busy,
        Some(C::DatabaseCorrupt) | Some(C::NotADatabase) => StoreError::Corrupt {
            path: PathBuf::new(),
            backups: Vec::new(),
        },
        Some(C::ReadOnly) => StoreError::ReadOnlyFile { path: PathBuf::new() },
        Some(C::ConstraintViolation) => StoreError::Constraint(e.to_string()),
        Some(C::DiskFull) => StoreError::DiskFull { path: PathBuf::new() },
        Some(C::SystemIoFailure) => StoreError::DiskIo(e.to_string()),
        _ => StoreError::Backend(e.to_string()),
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        db_err(e)
    }
}

fn configure(conn: &Connection, read_only: bool) -> StoreResult<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Pages are read through a memory map rather than copied by a read call each (kttt never
    // shrinks a database file in place, which is what makes a map unsafe).
    let _: i64 = conn
        .query_row("PRAGMA mmap_size = 268435456", [], |r| r.get(0))
        .unwrap_or(0);
    if read_only {
        return Ok(());
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        return Err(Refusal::JournalMode { mode }.into());
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as S;
    match v {
        Value::Null => S::Null,
        Value::Int(i) => S::Integer(*i),
        Value::Real(f) => S::Real(*f),
        Value::Text(t) => S::Text(t.clone()),
        // Figures are kept as exact text.
        Value::Num(d) => S::Text(crate::domain::number::canonical(d)),
        Value::Bool(b) => S::Integer(i64::from(*b)),
    }
}

fn from_sqlite(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        // Valid UTF-8 (nearly always) is checked by the fast path and copied once.
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(match std::str::from_utf8(t) {
            Ok(s) => s.to_owned(),
            Err(_) => String::from_utf8_lossy(t).into_owned(),
        }),
    }
}

impl Db for SqliteConn {
    fn execute(&self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        let mut st = self.conn.prepare_cached(sql)?;
        Ok(st.execute(rusqlite::params_from_iter(params.iter().map(to_sqlite)))? as u64)
    }

    fn query_each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&mut Row) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let mut st = self.conn.prepare_cached(sql)?;
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
        let mut row = Row(Vec::with_capacity(n));
        while let Some(r) = rows.next()? {
            row.0.clear();
            for i in 0..n {
                row.0.push(from_sqlite(r.get_ref(i)?));
            }
            f(&mut row)?;
        }
        Ok(())
    }

    fn batch(&self, sql: &str) -> StoreResult<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
}

impl Transactions for SqliteConn {
    fn begin_write(&self) -> StoreResult<()> {
        // IMMEDIATE takes the write lock at once: what the transaction reads stays as read.
        Ok(self.conn.execute_batch("BEGIN IMMEDIATE")?)
    }

    fn commit(&self) -> StoreResult<()> {
        Ok(self.conn.execute_batch("COMMIT")?)
    }

    fn rollback(&self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl Conn for SqliteConn {
    fn writable(&self) -> StoreResult<()> {
        if self.read_only {
            return Err(StoreError::ReadOnlyFile {
                path: self.path.clone().unwrap_or_default(),
            });
        }
        self.check_identity()
    }

    fn check_identity(&self) -> StoreResult<()> {
        match (&self.path, &self.identity) {
            (Some(p), Some(id)) if file::identity(p).as_ref() != Some(id) => {
                Err(StoreError::Replaced { path: p.clone() })
            }
            _ => Ok(()),
        }
    }

    fn location(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn locate(&self, e: StoreError) -> StoreError {
        match &self.path {
            Some(p) => file::locate(e, p),
            None => e,
        }
    }

    fn maybe_changed(&mut self) -> StoreResult<bool> {
        // Changes only when another connection committed (never for this one's own writes).
        let v: i64 = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(self.data_version.replace(v) != v)
    }

    fn watch(&self) -> StoreResult<Option<crate::store::watch::Watch>> {
        match &self.path {
            Some(p) => watch::start(p).map(Some),
            None => Ok(None),
        }
    }

    fn at_once(&self, write: &mut dyn FnMut() -> StoreResult<()>) -> StoreResult<()> {
        self.conn.busy_timeout(Duration::ZERO)?;
        let done = write();
        self.conn.busy_timeout(Duration::from_secs(5))?;
        done
    }

    fn schema_version(&self) -> StoreResult<i64> {
        schema::version(&self.conn)
    }

    fn backup(&self, to: &Path, watch: crate::work::SharedWatch) -> StoreResult<bool> {
        backup::backup_watched(&self.conn, to, watch)
    }

    fn bulk_load(
        &mut self,
        core: &Core,
        plans: &[i32],
        figures: &mut dyn Iterator<Item = crate::domain::values::HistoricFigure>,
    ) -> StoreResult<u64> {
        bulk::load(self, core, plans, figures)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl SqlStore {
    /// Opens the database at `path`: creates it when `mode.create` says so and it does not
    /// exist, refuses anything that is not a kttt database (leaving it untouched), and brings
    /// an older one up to date.
    pub fn open(path: &Path, mode: OpenMode) -> StoreResult<SqlStore> {
        let probe = file::probe(path)?;
        let fresh = match probe {
            file::Probe::Missing if mode.create.is_none() => {
                return Err(StoreError::Missing {
                    path: path.to_path_buf(),
                });
            }
            file::Probe::Missing | file::Probe::Empty => true,
            file::Probe::Sqlite => false,
        };
        if fresh && mode.read_only {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        if !mode.read_only {
            file::check_writable(path, fresh)?;
        }
        if probe == file::Probe::Missing {
            file::set_aside_orphans(path)?;
        }
        let before = file::existing(path);
        let opened = open_file(path, fresh, mode);
        if opened.is_err() {
            file::clean_up(path, before);
        }
        opened
    }

    /// A database in memory (tests, benchmarks).
    pub fn open_in_memory(fill: Fill) -> StoreResult<SqlStore> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn, false)?;
        schema::migrate(&mut conn, &super::Actor::current())?;
        let conn = wrap(conn, None, false)?;
        SqlStore::new(Box::new(conn), true, Some(fill), true)
    }

    /// The SQLite connection, for tests that inspect the raw tables (`None` on another backend).
    pub fn connection(&self) -> &Connection {
        &self.conn_as::<SqliteConn>().expect("an SQLite store").conn
    }
}

fn wrap(conn: Connection, path: Option<PathBuf>, read_only: bool) -> StoreResult<SqliteConn> {
    let data_version = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok(SqliteConn {
        conn,
        identity: path.as_deref().and_then(file::identity),
        path,
        read_only,
        data_version: std::cell::Cell::new(data_version),
    })
}

fn open_file(path: &Path, fresh: bool, mode: OpenMode) -> StoreResult<SqlStore> {
    let mut conn = file::connect(path, fresh, mode.read_only)?;
    let fix = |e: StoreError| file::locate(e, path);
    // Look before changing anything: another program's database or a newer kttt's is left
    // exactly as it is (no WAL switch, no sidecar files).
    let (app_id, version, tables) = file::inspect(&conn).map_err(fix)?;
    if app_id != schema::APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(StoreError::NotKttt {
            path: path.to_path_buf(),
            why: super::NotKttt::OtherProgram,
        });
    }
    if version > schema::latest() {
        return Err(StoreError::TooNew {
            found: version,
            known: schema::latest(),
        });
    }
    configure(&conn, mode.read_only).map_err(fix)?;
    let actor = mode.actor.clone().unwrap_or_else(super::Actor::current);
    if !mode.read_only {
        schema::migrate(&mut conn, &actor).map_err(fix)?;
    } else if schema::version(&conn)? < schema::latest() {
        return Err(Refusal::UpgradeReadOnly.into());
    }
    let fill = if tables == 0 {
        mode.create.or(Some(Fill::Empty))
    } else {
        None
    };
    let wrapped = wrap(conn, Some(path.to_path_buf()), mode.read_only).map_err(fix)?;
    SqlStore::new_as(Box::new(wrapped), file::owned_by_me(path), fill, !mode.read_only, actor).map_err(fix)
}
