//! The store's logic, written once in portable SQL over a [`Conn`]: scoped reads, the one
//! audited write path with expected values, grants and approval locks read inside each
//! write transaction, scenarios, plans, users, org units. A backend supplies the connection
//! and what only it can do (opening its kind of database, noticing other sessions' commits,
//! backups, bulk loads): `store::sqlite` (the embedded default) and `store::postgres`.

mod access;
mod db;
mod log;
mod notes;
mod owner;
mod places;
mod push;
mod read;
mod reference;
mod restore;
mod scenarios;
mod units;
mod views;
mod write;

pub use db::{Db, DbExt, Dialect, FromValue, Row, ToValue, Transactions, Tx, Value, figure, params, text};
pub use restore::CarriedUser;
pub(crate) use write::{Codes, new_batch};

use super::{
    Actor, ApplyOutcome, AuditEntry, Batch, BatchId, BatchRecord, Fill, ImportReport, LogEntry, LogQuery, PlanAction,
    PlanInfo, Resolution, RevertOutcome, ScenarioId, ScenarioInfo, Scope, Slice, Store, StoreError, StoreResult,
    UserInfo, Written,
};
use crate::domain::catalog::Catalog;
use crate::domain::org::{OrgId, OrgUnits};
use crate::domain::values::CellKey;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// What a backend's connection does besides running statements.
pub trait Conn: Transactions {
    /// Refuses a write the database cannot take now (opened read-only, moved, replaced).
    fn writable(&self) -> StoreResult<()>;
    /// Refuses to go on when the database is no longer the one opened.
    fn check_identity(&self) -> StoreResult<()> {
        Ok(())
    }
    /// Where the data lives, for messages (`None` in memory or on a server).
    fn location(&self) -> Option<&Path>;
    /// Adds where the database is (and its backups) to an error that lacks them.
    fn locate(&self, e: StoreError) -> StoreError {
        e
    }
    /// Whether anything may have been committed by others since the last call: cheap, may
    /// say yes when nothing was, never no when something was.
    fn maybe_changed(&mut self) -> StoreResult<bool>;
    /// Starts a thread that blocks on the backend's own change signal and wakes the
    /// returned watch when another session may have committed (`None`: not watchable).
    fn watch(&self) -> StoreResult<Option<super::watch::Watch>> {
        Ok(None)
    }
    /// The schema version of the open database.
    fn schema_version(&self) -> StoreResult<i64>;
    /// Writes a consistent copy to a new file.
    fn backup(&self, to: &Path) -> StoreResult<()>;
    /// Loads generated figures fast (synthetic databases only).
    fn bulk_load(
        &mut self,
        store: &Core,
        plans: &[i32],
        figures: &mut dyn Iterator<Item = crate::synth::Figure>,
    ) -> StoreResult<u64>;
    /// The connection as itself, for a backend's own tests and tools.
    fn as_any(&self) -> &dyn std::any::Any;
    /// The user a server authenticated this connection as (or switched it to), and whether
    /// that user is trusted (owns the database); `None` for a backend without users of its
    /// own (an SQLite file: the process's account is the user).
    fn server_identity(&self) -> StoreResult<Option<(String, bool)>> {
        Ok(None)
    }
    /// Acts as another user from now on: a server switches role, so that it enforces that
    /// user's rights itself; a backend without users takes the name as given.
    fn switch_user(&self, _user: &str) -> StoreResult<()> {
        Ok(())
    }
}

/// What every statement of the logic needs besides the connection.
pub struct Core {
    pub catalog: Arc<Catalog>,
    pub orgs: Arc<OrgUnits>,
    pub actor: Actor,
    /// The process runs as the account that owns the database, for itself: it administers
    /// everything, as it can change the database anyway.
    pub owner: bool,
}

impl Core {
    /// The cell of stored codes; `None` for codes this kttt does not know.
    pub fn key_of(&self, ind: &str, org: &str, year: i32, kind: &str, funding: &str) -> Option<CellKey> {
        Some(CellKey::new(
            self.catalog.find(ind)?,
            self.orgs.by_code(org)?,
            crate::domain::period::Period::new(year, crate::domain::period::PeriodKind::from_code(kind)?),
            self.catalog.funding(funding)?,
        ))
    }

    pub(crate) fn codes(&self, key: &CellKey) -> write::Codes {
        write::Codes::of(&self.catalog, &self.orgs, key)
    }
}

/// A kttt database behind a SQL connection.
pub struct SqlStore {
    pub(crate) conn: Box<dyn Conn>,
    pub(crate) core: Core,
}

impl SqlStore {
    /// Wraps an open connection whose schema is up to date: the reference data is brought in
    /// line with this kttt's catalog, a new database gets its content, the units are read.
    pub fn new(conn: Box<dyn Conn>, owner: bool, fill: Option<Fill>, writes: bool) -> StoreResult<SqlStore> {
        SqlStore::new_as(conn, owner, fill, writes, Actor::current())
    }

    /// [`SqlStore::new`] acting for someone from the start (a database made by an official
    /// acting under `--as` names them in its first audit rows). On a server the user is the
    /// role it authenticated, never the client's account name.
    pub fn new_as(
        conn: Box<dyn Conn>,
        owner: bool,
        fill: Option<Fill>,
        writes: bool,
        actor: Actor,
    ) -> StoreResult<SqlStore> {
        let (actor, owner) = match conn.server_identity()? {
            Some((user, _)) => (Actor { user }, owner),
            None => {
                let owner = owner && actor.user == super::os_account();
                (actor, owner)
            }
        };
        let mut store = SqlStore {
            conn,
            core: Core {
                catalog: Arc::new(Catalog::builtin()),
                orgs: Arc::new(OrgUnits::default()),
                actor,
                owner,
            },
        };
        if writes {
            reference::sync(&store)?;
            if fill == Some(Fill::Seed) {
                reference::seed(&store)?;
            }
        }
        store.core.orgs = Arc::new(units::load(store.db())?);
        Ok(store)
    }

    /// The connection, to run statements on.
    pub(crate) fn db(&self) -> &dyn Db {
        &*self.conn
    }

    /// The connection as the backend's own type (tests that look at the raw tables).
    pub fn conn_as<T: 'static>(&self) -> Option<&T> {
        self.conn.as_any().downcast_ref::<T>()
    }

    /// Starts a write transaction that holds the write lock at once, so that what it reads
    /// cannot change before it writes.
    pub(crate) fn begin(&self) -> StoreResult<Tx<'_>> {
        self.conn.writable()?;
        Tx::begin(&*self.conn)
    }

    fn locate(&self, e: StoreError) -> StoreError {
        self.conn.locate(e)
    }

    /// Whether the database's reference data (catalog, units) is this kttt's.
    pub(crate) fn reference_current(&self) -> StoreResult<bool> {
        reference::current(self)
    }

    fn reload_orgs(&mut self) -> StoreResult<()> {
        self.core.orgs = Arc::new(units::load(self.db())?);
        Ok(())
    }
}

impl Store for SqlStore {
    fn catalog(&self) -> &Arc<Catalog> {
        &self.core.catalog
    }

    fn orgs(&self) -> &Arc<OrgUnits> {
        &self.core.orgs
    }

    fn actor(&self) -> &Actor {
        &self.core.actor
    }

    fn set_actor(&mut self, actor: Actor) -> StoreResult<()> {
        self.conn.switch_user(&actor.user)?;
        match self.conn.server_identity()? {
            // The server says who this now is, and whether it is trusted.
            Some((user, trusted)) => {
                self.core.actor = Actor { user };
                self.core.owner = trusted;
            }
            None => {
                // Acting for someone else: their grants, not the owner's.
                self.core.owner = self.core.owner && actor.user == super::os_account();
                self.core.actor = actor;
            }
        }
        Ok(())
    }

    fn location(&self) -> Option<&Path> {
        self.conn.location()
    }

    fn schema_version(&self) -> StoreResult<i64> {
        self.conn.schema_version()
    }

    fn read(&self, scope: &Scope) -> StoreResult<Slice> {
        read::scope(self, scope).map_err(|e| self.locate(e))
    }

    fn read_cells(&self, keys: &[CellKey], scenario: Option<ScenarioId>) -> StoreResult<Slice> {
        read::cells(self, keys, scenario).map_err(|e| self.locate(e))
    }

    fn cursor(&self) -> StoreResult<BatchId> {
        self.db()
            .query_row("SELECT coalesce(max(id), 0) FROM batch", params![], |r| r.get(0))
    }

    fn maybe_changed(&mut self) -> StoreResult<bool> {
        self.conn.check_identity()?;
        self.conn.maybe_changed()
    }

    fn watch(&self) -> StoreResult<Option<super::watch::Watch>> {
        self.conn.watch()
    }

    fn changes_since(&self, after: BatchId, limit: usize) -> StoreResult<Vec<BatchRecord>> {
        read::changes_since(self, after, limit)
    }

    fn count_since(&self, after: BatchId) -> StoreResult<u64> {
        let n: i64 = self
            .db()
            .query_row("SELECT count(*) FROM batch WHERE id > ?1", params![after], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    fn others_hold_figures(&self, org: OrgId, years: std::ops::RangeInclusive<i32>) -> StoreResult<bool> {
        let code = &self.core.orgs.get(org).code;
        // Two ranges of the primary key on each side of the unit (an `<>` would let SQLite
        // scan the whole covering index by indicator instead: 30 ms at national size).
        self.db().query_row(
            "SELECT EXISTS (SELECT 1 FROM value WHERE org_unit < ?1 AND year BETWEEN ?2 AND ?3)
                 OR EXISTS (SELECT 1 FROM value WHERE org_unit > ?1 AND year BETWEEN ?2 AND ?3)
                 OR EXISTS (SELECT 1 FROM scenario_value WHERE org_unit <> ?1 AND year BETWEEN ?2 AND ?3)",
            params![code, years.start(), years.end()],
            |r| r.get(0),
        )
    }

    fn log(&self, query: &LogQuery) -> StoreResult<Vec<LogEntry>> {
        log::log(self, query)
    }

    fn history(&self, key: &CellKey) -> StoreResult<Vec<AuditEntry>> {
        read::history(self, key, true)
    }

    fn indicator_history(&self, key: &CellKey) -> StoreResult<Vec<AuditEntry>> {
        read::history(self, key, false)
    }

    fn plans(&self) -> StoreResult<Vec<PlanInfo>> {
        read::plans(self.db())
    }

    fn units_with_figures(&self) -> StoreResult<Vec<OrgId>> {
        read::units_with_figures(self)
    }

    fn scenarios(&self, all: bool) -> StoreResult<Vec<ScenarioInfo>> {
        scenarios::list(self.db(), &self.core.orgs, all)
    }

    fn scenario(&self, id: ScenarioId) -> StoreResult<ScenarioInfo> {
        scenarios::get(self.db(), &self.core.orgs, id)
    }

    fn scenario_bases(&self, id: ScenarioId) -> StoreResult<HashMap<CellKey, Option<Decimal>>> {
        scenarios::bases(self, id)
    }

    fn write(&mut self, batch: &Batch) -> StoreResult<Written> {
        write::batch(self, batch).map_err(|e| self.locate(e))
    }

    fn create_scenario_at(&mut self, name: &str, unit: Option<OrgId>) -> StoreResult<ScenarioInfo> {
        owner::create(self, name, unit).map_err(|e| self.locate(e))
    }

    fn import_scenario(
        &mut self,
        name: &str,
        unit: Option<OrgId>,
        ops: &[super::Op],
    ) -> StoreResult<(ScenarioInfo, Written)> {
        owner::import(self, name, unit, ops).map_err(|e| self.locate(e))
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
        scenarios::last_apply(self.db(), id)
    }

    fn start_plan(&mut self, from: i32) -> StoreResult<i32> {
        write::start_plan(self, from).map_err(|e| self.locate(e))
    }

    fn import_units(&mut self, list: &crate::domain::org::UnitList) -> StoreResult<ImportReport> {
        let now = super::now();
        let r = (|| {
            let tx = self.begin()?;
            units::admin(&tx, &self.core)?;
            let r = units::import_list(&tx, &now, &self.core.actor.user, list)?;
            tx.commit()?;
            Ok(r)
        })()
        .map_err(|e| self.locate(e))?;
        self.reload_orgs()?;
        Ok(r)
    }

    fn import_mapping(&mut self, mapping: &crate::domain::org::MappingList) -> StoreResult<ImportReport> {
        let now = super::now();
        let r = (|| {
            let tx = self.begin()?;
            units::admin(&tx, &self.core)?;
            let r = units::import_mapping(&tx, &now, &self.core.actor.user, mapping)?;
            tx.commit()?;
            Ok(r)
        })()
        .map_err(|e| self.locate(e))?;
        self.reload_orgs()?;
        Ok(r)
    }

    fn reload_units(&mut self) -> StoreResult<()> {
        self.reload_orgs()
    }

    fn set_note(&mut self, key: &CellKey, note: Option<&str>) -> StoreResult<()> {
        notes::set_note(self, key, note).map_err(|e| self.locate(e))
    }

    fn backup(&self, to: &Path) -> StoreResult<()> {
        self.conn.backup(to)
    }

    fn users(&self, all: bool) -> StoreResult<Vec<UserInfo>> {
        access::users(self, all)
    }

    fn last_view(&self) -> StoreResult<Option<(String, i32)>> {
        views::last(self)
    }

    fn remember_view(&mut self, unit: &str, year: i32) -> StoreResult<()> {
        views::remember(self, unit, year).map_err(|e| self.locate(e))
    }

    fn restore_users(&mut self, users: &[CarriedUser], from: &str) -> StoreResult<usize> {
        restore::restore(self, users, from).map_err(|e| self.locate(e))
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
        if self.core.owner || !access::users_defined(self.db())? {
            return Ok(true);
        }
        Ok(access::grants_of(self.db(), &self.core.orgs, &self.core.actor.user)?
            .is_some_and(|g| g.allow(&self.core.orgs, need)))
    }

    fn has_users(&self) -> StoreResult<bool> {
        access::users_defined(self.db())
    }

    fn plan_states(&self, years: &[i32]) -> StoreResult<Vec<crate::domain::access::PlanState>> {
        access::plan_states(self.db(), &self.core.orgs, years)
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

    fn add_units(&mut self, list: &[crate::domain::org::OrgUnit]) -> StoreResult<usize> {
        let now = super::now();
        let user = self.core.actor.user.clone();
        let n = (|| {
            let tx = self.begin()?;
            access::Guard::load(&tx, &self.core, &[])?
                .need(&self.core.orgs, crate::domain::access::Need::Admin(None))?;
            units::insert(&tx, list)?;
            let detail = format!("{} org units added", list.len());
            let batch = write::new_batch(&tx, &now, &user, "units.add", None, None, Some(&detail))?;
            write::audit_note(&tx, &now, &user, batch, "units.add", &detail)?;
            tx.commit()?;
            Ok(list.len())
        })()
        .map_err(|e| self.locate(e))?;
        self.reload_orgs()?;
        Ok(n)
    }

    fn database_id(&mut self) -> StoreResult<String> {
        push::database_id(self).map_err(|e| self.locate(e))
    }

    fn receive(&mut self, push: &super::Push) -> StoreResult<super::PushReport> {
        push::receive(self, push).map_err(|e| self.locate(e))
    }

    fn bulk_load(
        &mut self,
        plans: &[i32],
        figures: &mut dyn Iterator<Item = crate::synth::Figure>,
    ) -> StoreResult<u64> {
        self.conn.writable()?;
        let n = self
            .conn
            .bulk_load(&self.core, plans, figures)
            .map_err(|e| self.conn.locate(e))?;
        self.reload_orgs()?;
        Ok(n)
    }

    fn note(&mut self, action: &str, detail: &str) -> StoreResult<BatchId> {
        let now = super::now();
        let user = self.core.actor.user.clone();
        let tx = self.begin()?;
        let id = write::new_batch(&tx, &now, &user, action, None, None, Some(detail))?;
        write::audit_note(&tx, &now, &user, id, action, detail)?;
        tx.commit()?;
        Ok(id)
    }
}
