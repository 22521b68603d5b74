//! Everything SQL: opening and migrating the database, seeding it, audited writes, history,
//! plans and scenarios. Returns domain types.

mod scenarios;
mod schema;
mod sync;
mod values;

pub use scenarios::{ApplyConflict, ApplyOutcome, Resolution, ScenarioInfo};
pub use schema::{APPLICATION_ID, MIGRATIONS as MIGRATIONS_FOR_TESTS, latest as schema_latest};
pub use values::{AuditEntry, Change, PlanInfo};

use crate::domain::catalog::Catalog;
use crate::domain::org::OrgUnits;
use crate::domain::rules::RuleSet;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Who writes, for the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The operating-system user.
    pub user: String,
}

impl Actor {
    /// The user running this process.
    pub fn current() -> Actor {
        let user = whoami::username()
            .ok()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "unknown".to_string());
        Actor {
            user: crate::domain::text::sanitize(&user),
        }
    }

    /// The time now, as stored: UTC, RFC 3339, milliseconds.
    pub fn now(&self) -> String {
        jiff::Timestamp::now()
            .round(jiff::Unit::Millisecond)
            .map(|t| t.to_string())
            .unwrap_or_else(|_| jiff::Timestamp::now().to_string())
    }
}

/// What a new database starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// The embedded plan 507/KH-UBND.
    Seed,
    /// No figures, only the catalog and the org units.
    Empty,
}

/// An open kttt database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    pub catalog: Arc<Catalog>,
    pub rules: Arc<RuleSet>,
    pub orgs: OrgUnits,
    pub actor: Actor,
}

/// The platform's data folder for kttt (`~/.local/share/kttt/kttt.sqlite3` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "kttt", "kttt").map(|d| d.data_dir().join("kttt.sqlite3"))
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        return Err(Error::refused(
            format!("Chế độ nhật ký {mode}: cần WAL"),
            format!("journal mode {mode}: WAL is required"),
        ));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

impl Store {
    /// Opens the database at `path`, creating it (with `fill`) when the file does not exist,
    /// and bringing an older one up to date.
    pub fn open(path: &Path, fill: Fill) -> Result<Store> {
        let existed = path.exists();
        if !existed && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::Io {
                path: dir.to_path_buf(),
                source: e,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::Open {
            path: path.to_path_buf(),
            source: e,
        })?;
        let not_ours = || Error::NotDatabase {
            path: path.to_path_buf(),
        };
        // A file that is not SQLite fails on the first read.
        let app_id: i32 =
            conn.query_row("PRAGMA application_id", [], |r| r.get(0))
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::NotADatabase) => not_ours(),
                    _ => Error::from(e),
                })?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(not_ours());
        }
        configure(&conn)?;
        let fresh = tables == 0;
        let mut store = Store::wrap(conn, Some(path.to_path_buf()))?;
        store.prepare(if fresh { Some(fill) } else { None })?;
        Ok(store)
    }

    /// A database in memory (tests, benchmarks).
    pub fn open_in_memory(fill: Fill) -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        let mut store = Store::wrap(conn, None)?;
        store.prepare(Some(fill))?;
        Ok(store)
    }

    fn wrap(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        let catalog = Arc::new(Catalog::builtin());
        let rules = Arc::new(RuleSet::builtin(&catalog));
        Ok(Store {
            conn,
            path,
            catalog,
            rules,
            orgs: OrgUnits::default(),
            actor: Actor::current(),
        })
    }

    fn prepare(&mut self, fill: Option<Fill>) -> Result<()> {
        schema::migrate(&mut self.conn, &self.actor)?;
        self.sync_reference_data()?;
        if fill == Some(Fill::Seed) {
            self.seed()?;
        }
        self.orgs = self.load_org_units()?;
        Ok(())
    }

    /// Where the database lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    /// A counter that changes whenever another connection commits; cheap to poll.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Starts a write transaction that takes the write lock at once, so that what it reads
    /// cannot change before it writes.
    pub(crate) fn begin(&self) -> Result<rusqlite::Transaction<'_>> {
        Ok(rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?)
    }

    /// Direct access for tests that inspect the raw tables.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
