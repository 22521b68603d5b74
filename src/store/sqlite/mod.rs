//! The SQLite store (rusqlite, bundled): one file, WAL, versioned migrations. Opening never
//! touches a file that is not a kttt database, never creates one unless asked, and holds a
//! shared lock on the file for as long as it is open, so `kttt init --force` can tell that
//! sessions are still working in it.

mod access;
mod bulk;
mod file;
mod notes;
mod read;
mod reference;
mod scenarios;
pub mod schema;
mod units;
mod write;

pub use file::{backups_of, classify, in_use, move_aside, sidecars};

use super::{
    Actor, ApplyOutcome, AuditEntry, Batch, BatchId, BatchRecord, Fill, ImportReport, LogEntry, LogQuery, PlanAction,
    PlanInfo, Resolution, RevertOutcome, ScenarioId, ScenarioInfo, Scope, Slice, Store, StoreError, StoreResult,
    UserInfo, Written,
};
use crate::domain::catalog::Catalog;
use crate::domain::org::{OrgId, OrgUnits};
use crate::domain::values::CellKey;
use rusqlite::Connection;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How to open a database file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenMode {
    /// Create the file (with this content) when it does not exist.
    pub create: Option<Fill>,
    /// Only read: works in a folder that cannot be written.
    pub read_only: bool,
}

/// An open kttt database in an SQLite file (or in memory).
pub struct SqliteStore {
    conn: Connection,
    path: Option<PathBuf>,
    catalog: Arc<Catalog>,
    orgs: Arc<OrgUnits>,
    actor: Actor,
    /// The file as it was opened, to notice it being moved away or replaced.
    identity: Option<file::Identity>,
    read_only: bool,
    data_version: i64,
    /// The process runs as the account that owns the database file, for itself (not for an
    /// official through `--as`): it administers everything, as it can change the file anyway.
    owner: bool,
}

/// Turns an SQLite error into a store error (busy, damaged, read-only, or a backend error).
pub(crate) fn db_err(e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => StoreError::Busy,
        Some(C::DatabaseCorrupt) | Some(C::NotADatabase) => StoreError::Corrupt {
            path: PathBuf::new(),
            backups: Vec::new(),
        },
        Some(C::ReadOnly) => StoreError::ReadOnlyFile { path: PathBuf::new() },
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
        return Err(StoreError::refused(
            format!("Chế độ nhật ký {mode}: cần WAL"),
            format!("journal mode {mode}: WAL is required"),
        ));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

impl SqliteStore {
    /// Opens the database at `path`: creates it when `mode.create` says so and it does not
    /// exist, refuses anything that is not a kttt database (leaving it untouched), and brings
    /// an older one up to date.
    pub fn open(path: &Path, mode: OpenMode) -> StoreResult<SqliteStore> {
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
        let before = file::existing(path);
        let opened = SqliteStore::open_file(path, fresh, mode);
        if opened.is_err() {
            file::clean_up(path, before);
        }
        opened
    }

    fn open_file(path: &Path, fresh: bool, mode: OpenMode) -> StoreResult<SqliteStore> {
        let conn = file::connect(path, fresh, mode.read_only)?;
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
        let mut store = SqliteStore::wrap(conn, Some(path.to_path_buf()), mode.read_only);
        store.identity = file::identity(path);
        let fill = if tables == 0 {
            mode.create.or(Some(Fill::Empty))
        } else {
            None
        };
        store.prepare(fill).map_err(fix)?;
        Ok(store)
    }

    /// A database in memory (tests, benchmarks).
    pub fn open_in_memory(fill: Fill) -> StoreResult<SqliteStore> {
        let conn = Connection::open_in_memory()?;
        configure(&conn, false)?;
        let mut store = SqliteStore::wrap(conn, None, false);
        store.prepare(Some(fill))?;
        Ok(store)
    }

    fn wrap(conn: Connection, path: Option<PathBuf>, read_only: bool) -> SqliteStore {
        SqliteStore {
            conn,
            path: path.clone(),
            catalog: Arc::new(Catalog::builtin()),
            orgs: Arc::new(OrgUnits::default()),
            actor: Actor::current(),
            identity: None,
            read_only,
            owner: path.as_deref().is_none_or(file::owned_by_me),
            data_version: 0,
        }
    }

    fn prepare(&mut self, fill: Option<Fill>) -> StoreResult<()> {
        if !self.read_only {
            schema::migrate(&mut self.conn, &self.actor)?;
            reference::sync(self)?;
            if fill == Some(Fill::Seed) {
                reference::seed(self)?;
            }
        } else if schema::version(&self.conn)? < schema::latest() {
            return Err(StoreError::refused(
                "Cơ sở dữ liệu cần được nâng cấp, nhưng chỉ mở được để đọc. Hãy mở bằng một tài khoản có quyền ghi.",
                "The database needs an upgrade but could only be opened for reading. Open it once from an account that can write it.",
            ));
        }
        self.orgs = Arc::new(units::load(&self.conn)?);
        self.data_version = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(())
    }

    /// Direct access for tests that inspect the raw tables.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Refuses to go on when the file was moved away or replaced since it was opened.
    fn check_identity(&self) -> StoreResult<()> {
        match (&self.path, &self.identity) {
            (Some(p), Some(id)) if file::identity(p).as_ref() != Some(id) => {
                Err(StoreError::Replaced { path: p.clone() })
            }
            _ => Ok(()),
        }
    }

    /// Before a write: the file is still ours and writable.
    fn writable(&self) -> StoreResult<()> {
        if self.read_only {
            return Err(StoreError::ReadOnlyFile {
                path: self.path.clone().unwrap_or_default(),
            });
        }
        self.check_identity()
    }

    /// Starts a write transaction that takes the write lock at once, so that what it reads
    /// cannot change before it writes.
    fn begin(&self) -> StoreResult<rusqlite::Transaction<'_>> {
        self.writable()?;
        Ok(rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?)
    }

    /// Adds the file's path (and its backups) to an error that lacks them.
    fn locate(&self, e: StoreError) -> StoreError {
        match &self.path {
            Some(p) => file::locate(e, p),
            None => e,
        }
    }

    fn codes(&self, key: &CellKey) -> write::Codes {
        write::Codes::of(&self.catalog, &self.orgs, key)
    }
}

impl Store for SqliteStore {
    fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    fn orgs(&self) -> &Arc<OrgUnits> {
        &self.orgs
    }

    fn actor(&self) -> &Actor {
        &self.actor
    }

    fn set_actor(&mut self, actor: Actor) {
        // Acting for someone else: their grants, not the file owner's.
        self.owner = self.owner && actor.user == super::os_account();
        self.actor = actor;
    }

    fn location(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn schema_version(&self) -> StoreResult<i64> {
        schema::version(&self.conn)
    }

    fn read(&self, scope: &Scope) -> StoreResult<Slice> {
        read::scope(self, scope).map_err(|e| self.locate(e))
    }

    fn read_cells(&self, keys: &[CellKey], scenario: Option<ScenarioId>) -> StoreResult<Slice> {
        read::cells(self, keys, scenario).map_err(|e| self.locate(e))
    }

    fn cursor(&self) -> StoreResult<BatchId> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM batch", [], |r| r.get(0))?)
    }

    fn maybe_changed(&mut self) -> StoreResult<bool> {
        self.check_identity()?;
        let v: i64 = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let changed = v != self.data_version;
        self.data_version = v;
        Ok(changed)
    }

    fn changes_since(&self, after: BatchId, limit: usize) -> StoreResult<Vec<BatchRecord>> {
        read::changes_since(self, after, limit)
    }

    fn count_since(&self, after: BatchId) -> StoreResult<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM batch WHERE id > ?1", [after], |r| {
                r.get::<_, i64>(0)
            })?
            .max(0) as u64)
    }

    fn others_hold_figures(&self, org: OrgId, years: std::ops::RangeInclusive<i32>) -> StoreResult<bool> {
        let code = &self.orgs.get(org).code;
        let mut st = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM value WHERE org_unit != ?1 AND year BETWEEN ?2 AND ?3)
                 OR EXISTS (SELECT 1 FROM scenario_value WHERE org_unit != ?1 AND year BETWEEN ?2 AND ?3)",
        )?;
        Ok(st.query_row(rusqlite::params![code, years.start(), years.end()], |r| {
            r.get::<_, bool>(0)
        })?)
    }

    fn log(&self, query: &LogQuery) -> StoreResult<Vec<LogEntry>> {
        read::log(self, query)
    }

    fn history(&self, key: &CellKey) -> StoreResult<Vec<AuditEntry>> {
        read::history(self, key, true)
    }

    fn indicator_history(&self, key: &CellKey) -> StoreResult<Vec<AuditEntry>> {
        read::history(self, key, false)
    }

    fn plans(&self) -> StoreResult<Vec<PlanInfo>> {
        read::plans(&self.conn)
    }

    fn units_with_figures(&self) -> StoreResult<Vec<OrgId>> {
        read::units_with_figures(self)
    }

    fn scenarios(&self, all: bool) -> StoreResult<Vec<ScenarioInfo>> {
        scenarios::list(&self.conn, all, None)
    }

    fn scenario(&self, id: ScenarioId) -> StoreResult<ScenarioInfo> {
        scenarios::get(&self.conn, id)
    }

    fn scenario_bases(&self, id: ScenarioId) -> StoreResult<HashMap<CellKey, Option<Decimal>>> {
        scenarios::bases(self, id)
    }

    fn write(&mut self, batch: &Batch) -> StoreResult<Written> {
        write::batch(self, batch).map_err(|e| self.locate(e))
    }

    fn create_scenario(&mut self, name: &str) -> StoreResult<ScenarioInfo> {
        scenarios::create(self, name).map_err(|e| self.locate(e))
    }

    fn rename_scenario(&mut self, id: ScenarioId, name: &str) -> StoreResult<()> {
        scenarios::rename(self, id, name).map_err(|e| self.locate(e))
    }

    fn discard_scenario(&mut self, id: ScenarioId) -> StoreResult<usize> {
        scenarios::discard(self, id).map_err(|e| self.locate(e))
    }

    fn apply_scenario(
        &mut self,
        id: ScenarioId,
        only: Option<&[CellKey]>,
        resolutions: &HashMap<CellKey, Resolution>,
    ) -> StoreResult<ApplyOutcome> {
        scenarios::apply(self, id, only, resolutions).map_err(|e| self.locate(e))
    }

    fn revert_apply(&mut self, apply: BatchId) -> StoreResult<RevertOutcome> {
        scenarios::revert(self, apply).map_err(|e| self.locate(e))
    }

    fn last_apply(&self, id: ScenarioId) -> StoreResult<Option<BatchId>> {
        scenarios::last_apply(&self.conn, id)
    }

    fn start_plan(&mut self, from: i32) -> StoreResult<i32> {
        write::start_plan(self, from).map_err(|e| self.locate(e))
    }

    fn import_units(&mut self, list: &crate::domain::org::UnitList) -> StoreResult<ImportReport> {
        let now = super::now();
        let user = self.actor.user.clone();
        let r = (|| {
            let tx = self.begin()?;
            units::admin(&tx, &self.orgs, &user, self.owner)?;
            let r = units::import_list(&tx, &now, &user, list)?;
            tx.commit()?;
            Ok(r)
        })()
        .map_err(|e| self.locate(e))?;
        self.orgs = Arc::new(units::load(&self.conn)?);
        Ok(r)
    }

    fn import_mapping(&mut self, mapping: &crate::domain::org::MappingList) -> StoreResult<ImportReport> {
        let now = super::now();
        let user = self.actor.user.clone();
        let r = (|| {
            let tx = self.begin()?;
            units::admin(&tx, &self.orgs, &user, self.owner)?;
            let r = units::import_mapping(&tx, &now, &user, mapping)?;
            tx.commit()?;
            Ok(r)
        })()
        .map_err(|e| self.locate(e))?;
        self.orgs = Arc::new(units::load(&self.conn)?);
        Ok(r)
    }

    fn reload_units(&mut self) -> StoreResult<()> {
        self.orgs = Arc::new(units::load(&self.conn)?);
        Ok(())
    }

    fn set_note(&mut self, key: &CellKey, note: Option<&str>) -> StoreResult<()> {
        notes::set_note(self, key, note).map_err(|e| self.locate(e))
    }

    fn backup(&self, to: &Path) -> StoreResult<()> {
        file::backup(&self.conn, to)
    }

    fn users(&self, all: bool) -> StoreResult<Vec<UserInfo>> {
        access::users(self, all)
    }

    fn add_user(&mut self, name: &str, display: &str) -> StoreResult<()> {
        access::manage(self, access::UserChange::Add { name, display }).map_err(|e| self.locate(e))
    }

    fn remove_user(&mut self, name: &str) -> StoreResult<()> {
        access::manage(self, access::UserChange::Remove { name }).map_err(|e| self.locate(e))
    }

    fn grant(&mut self, name: &str, unit: OrgId, role: crate::domain::access::Role) -> StoreResult<()> {
        access::manage(self, access::UserChange::Grant { name, unit, role }).map_err(|e| self.locate(e))
    }

    fn revoke(&mut self, name: &str, unit: OrgId, role: crate::domain::access::Role) -> StoreResult<()> {
        access::manage(self, access::UserChange::Revoke { name, unit, role }).map_err(|e| self.locate(e))
    }

    fn allowed(&self, need: crate::domain::access::Need) -> StoreResult<bool> {
        if self.owner || !access::users_defined(&self.conn)? {
            return Ok(true);
        }
        Ok(access::grants_of(&self.conn, &self.orgs, &self.actor.user)?.is_some_and(|g| g.allow(&self.orgs, need)))
    }

    fn has_users(&self) -> StoreResult<bool> {
        access::users_defined(&self.conn)
    }

    fn plan_states(&self, years: &[i32]) -> StoreResult<Vec<crate::domain::access::PlanState>> {
        access::plan_states(&self.conn, &self.orgs, years)
    }

    fn plan_step(
        &mut self,
        org: OrgId,
        year: i32,
        action: PlanAction,
        comment: Option<&str>,
    ) -> StoreResult<crate::domain::access::PlanState> {
        access::plan_step(self, org, year, action, comment).map_err(|e| self.locate(e))
    }

    fn add_units(&mut self, units: &[crate::domain::org::OrgUnit]) -> StoreResult<usize> {
        bulk::add_units(self, units).map_err(|e| self.locate(e))
    }

    fn bulk_load(
        &mut self,
        plans: &[i32],
        figures: &mut dyn Iterator<Item = crate::synth::Figure>,
    ) -> StoreResult<u64> {
        bulk::load(self, plans, figures).map_err(|e| self.locate(e))
    }

    fn note(&mut self, action: &str, detail: &str) -> StoreResult<BatchId> {
        let now = super::now();
        let tx = self.begin()?;
        let id = write::new_batch(&tx, &now, &self.actor.user, action, None, None, Some(detail))?;
        write::audit_note(&tx, &now, &self.actor.user, id, action, detail)?;
        tx.commit()?;
        Ok(id)
    }
}
