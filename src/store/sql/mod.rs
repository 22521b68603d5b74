//! The store's logic, written once in portable SQL over a [`Conn`]: scoped reads, the one
//! audited write path with expected values, grants and approval locks read inside each
//! write transaction, scenarios, plans, users, org units. A backend supplies the connection
//! and what only it can do (opening its kind of database, noticing other sessions' commits,
//! backups, bulk loads): `store::sqlite` (the embedded default) and `store::postgres`.

mod access;
mod db;
mod forms;
pub use forms::FormAdded;
mod log;
mod notes;
mod owner;
mod places;
mod push;
mod read;
mod reference;
mod rollups;
pub use rollups::Kept as KeptRollups;
mod restore;
mod scenarios;
mod scope;
mod units;
mod views;
mod write;

pub use db::{Db, DbExt, Dialect, FromValue, Row, ToValue, Transactions, Tx, Value, figure, params, text};
pub use restore::CarriedUser;
pub(crate) use write::{Codes, new_batch};

use super::{
    Actor, ApplyOutcome, AuditEntry, Batch, BatchId, BatchRecord, Fill, LogEntry, LogQuery, PlanAction, PlanInfo,
    Resolution, RevertOutcome, ScenarioId, ScenarioInfo, Scope, Slice, StoreError, StoreResult, UserInfo, Written,
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
    /// Runs a write that is worth doing only if the database takes it at once (kept
    /// roll-ups): a backend that would wait for another writer's lock fails it instead.
    fn at_once(&self, write: &mut dyn FnMut() -> StoreResult<()>) -> StoreResult<()> {
        write()
    }
    /// The schema version of the open database.
    fn schema_version(&self) -> StoreResult<i64>;
    /// Writes a consistent copy to a new file, telling `watch` the bytes written of about
    /// how many; `false` when the watch asked to stop (then nothing is left).
    fn backup(&self, to: &Path, watch: crate::work::SharedWatch) -> StoreResult<bool>;
    /// Loads generated figures fast (synthetic databases only).
    fn bulk_load(
        &mut self,
        store: &Core,
        plans: &[i32],
        figures: &mut dyn Iterator<Item = crate::domain::values::HistoricFigure>,
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
    /// Every indicator of every form (the codes figures are stored under).
    pub catalog: Arc<Catalog>,
    /// The forms: the built-in ones and those imported into this database.
    pub forms: Arc<crate::domain::form::Forms>,
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
    /// The units whose whole view is held (see [`SqlStore::hold`]).
    deep: std::collections::HashSet<String>,
    /// Every unit is held.
    all_held: bool,
    /// Unit rows read since the store opened.
    units_read: usize,
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
                catalog: crate::domain::form::Forms::builtin().registry().clone(),
                forms: crate::domain::form::Forms::shared(),
                orgs: Arc::new(OrgUnits::default()),
                actor,
                owner,
            },
            deep: Default::default(),
            all_held: false,
            units_read: 0,
        };
        forms::load(&mut store)?;
        if writes {
            reference::sync(&store)?;
            if fill == Some(Fill::Seed) {
                reference::seed(&store)?;
            }
            // Units added before their names were kept folded (a role that may not write
            // units leaves it to the next administrator; names are then matched as read).
            let _ = units::fill_keys(store.db());
        }
        // The top units only: the rest as the process looks at them.
        store.hold_top()?;
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
}

impl SqlStore {
    /// Creates an empty scenario that covers every unit (tools and tests; a session makes
    /// its scenarios for its unit).
    pub fn create_scenario(&mut self, name: &str) -> StoreResult<ScenarioInfo> {
        self.create_scenario_at(name, None)
    }

    /// The indicator catalog the store maps codes with: every indicator of every form.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.core.catalog
    }

    /// Adds a form (a form file's text) after the newest one, with why: an administrator of
    /// every top unit's, audited; its new indicators join the catalog.
    pub fn add_form(&mut self, text: &str, why: &str) -> StoreResult<forms::FormAdded> {
        forms::add(self, text, why).map_err(|e| self.locate(e))
    }

    /// The forms of this database, oldest first.
    pub fn forms(&self) -> &Arc<crate::domain::form::Forms> {
        &self.core.forms
    }

    /// The org units held (see [`SqlStore::hold`]).
    pub fn orgs(&self) -> &Arc<OrgUnits> {
        &self.core.orgs
    }

    /// Who the store writes as.
    pub fn actor(&self) -> &Actor {
        &self.core.actor
    }

    /// Writes as this user from now on (the audit names them). On a server database the
    /// server switches to that user's role, so it enforces their rights itself; refused when
    /// it cannot.
    pub fn set_actor(&mut self, actor: Actor) -> StoreResult<()> {
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

    /// Where the data lives, for messages (`None` in memory).
    pub fn location(&self) -> Option<&Path> {
        self.conn.location()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> StoreResult<i64> {
        self.conn.schema_version()
    }

    /// The stamp roll-ups that read the figures of `years` are kept under now (read it
    /// before the figures).
    pub fn rollup_stamp(&self, years: std::ops::RangeInclusive<i32>) -> StoreResult<String> {
        rollups::stamp(self, years)
    }

    /// The roll-ups kept for a unit and plan year, if any.
    pub fn kept_rollups(&self, org: OrgId, year: i32) -> StoreResult<Option<KeptRollups>> {
        rollups::kept(self, &self.core.orgs.get(org).code, year)
    }

    /// Keeps a unit's roll-ups for a plan year when the database takes it at once; whether
    /// they were kept.
    pub fn keep_rollups(&self, org: OrgId, year: i32, kept: &KeptRollups) -> StoreResult<bool> {
        rollups::keep(self, org, year, kept)
    }

    /// The official figures of a scope, and the pending changes of its scenario.
    pub fn read(&self, scope: &Scope) -> StoreResult<Slice> {
        read::scope(self, scope).map_err(|e| self.locate(e))
    }

    /// The official figures (and scenario changes) of some cells, whatever scope they are in.
    pub fn read_cells(&self, keys: &[CellKey], scenario: Option<ScenarioId>) -> StoreResult<Slice> {
        read::cells(self, keys, scenario).map_err(|e| self.locate(e))
    }

    /// The last batch committed (0 when none): the change cursor.
    pub fn cursor(&self) -> StoreResult<BatchId> {
        self.db()
            .query_row("SELECT coalesce(max(id), 0) FROM batch", params![], |r| r.get(0))
    }

    /// Whether anything may have been committed since the last call (cheap; may say yes
    /// when nothing did, never no when something did).
    pub fn maybe_changed(&mut self) -> StoreResult<bool> {
        self.conn.check_identity()?;
        self.conn.maybe_changed()
    }

    /// A watch that wakes a waiting loop when another session commits (`None` where the
    /// store cannot be watched: the loop then looks on its own timer).
    pub fn watch(&self) -> StoreResult<Option<super::watch::Watch>> {
        self.conn.watch()
    }

    /// The batches committed after `after`, oldest first, at most `limit` of them; each with
    /// the cells it touched.
    pub fn changes_since(&self, after: BatchId, limit: usize) -> StoreResult<Vec<BatchRecord>> {
        read::changes_since(self, after, limit)
    }

    /// How many batches were committed after `after`.
    pub fn count_since(&self, after: BatchId) -> StoreResult<u64> {
        let n: i64 = self
            .db()
            .query_row("SELECT count(*) FROM batch WHERE id > ?1", params![after], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// Whether any unit other than `org` holds a figure (or a scenario change) in these years
    /// (a cheap look before reading what a roll-up is made of).
    pub fn others_hold_figures(&self, org: OrgId, years: std::ops::RangeInclusive<i32>) -> StoreResult<bool> {
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

    /// The change log: audit rows across all cells matching a query.
    pub fn log(&mut self, query: &LogQuery) -> StoreResult<Vec<LogEntry>> {
        let mut entries = log::log(self, query)?;
        // The units of rows outside what is held, so that the log can name them.
        let codes: Vec<String> = entries
            .iter()
            .filter(|e| e.key.is_none())
            .filter_map(|e| e.org.clone())
            .collect();
        if !codes.is_empty() {
            self.hold_units(&codes)?;
            for e in entries.iter_mut().filter(|e| e.key.is_none()) {
                if let (Some(i), Some(o), Some(p), Some(f)) = (&e.indicator, &e.org, e.entry.period, &e.funding) {
                    e.key = self.core.key_of(i, o, p.year, p.kind.code(), f);
                }
            }
        }
        Ok(entries)
    }

    /// Every change of a cell, oldest first, including scenario edits of it.
    pub fn history(&self, key: &CellKey) -> StoreResult<Vec<AuditEntry>> {
        read::history(self, key, true)
    }

    /// Every change of an indicator's figures for one org unit and funding source, all
    /// periods, oldest first.
    pub fn indicator_history(&self, key: &CellKey) -> StoreResult<Vec<AuditEntry>> {
        read::history(self, key, false)
    }

    /// The plans in the database, oldest first.
    pub fn plans(&self) -> StoreResult<Vec<PlanInfo>> {
        read::plans(self.db())
    }

    /// How many org units the database holds at each level (its code), retired ones too.
    pub fn unit_counts(&self) -> StoreResult<Vec<(String, i64)>> {
        read::unit_counts(self.db())
    }

    /// The org units that hold any figure.
    pub fn units_with_figures(&mut self) -> StoreResult<Vec<OrgId>> {
        let codes = read::units_with_figures(self)?;
        let mut ids = self.hold_units(&codes)?;
        ids.sort();
        Ok(ids)
    }

    /// The scenarios, oldest first: the open ones, or all of them with `all`.
    /// The units of scenarios must be held ([`SqlStore::hold_scenarios`]): a scenario of a
    /// unit not held is not listed.
    pub fn scenarios(&self, all: bool) -> StoreResult<Vec<ScenarioInfo>> {
        scenarios::list(self.db(), &self.core.orgs, all)
    }

    /// One scenario, whatever its state.
    pub fn scenario(&mut self, id: ScenarioId) -> StoreResult<ScenarioInfo> {
        self.hold_scenarios()?;
        scenarios::get(self.db(), &self.core.orgs, id)
    }

    /// The official figure each pending change of a scenario started from.
    pub fn scenario_bases(&self, id: ScenarioId) -> StoreResult<HashMap<CellKey, Option<Decimal>>> {
        scenarios::bases(self, id)
    }

    /// Writes a batch in one transaction: checks that its layer is open and that every cell
    /// still shows what the user saw, then writes every cell and its audit row. All or
    /// nothing.
    pub fn write(&mut self, batch: &Batch) -> StoreResult<Written> {
        if batch.layer != super::Layer::Official {
            self.hold_scenarios()?;
        }
        write::batch(self, batch).map_err(|e| self.locate(e))
    }

    /// Creates an empty scenario for a unit (and the units below it): its maker is the actor.
    pub fn create_scenario_at(&mut self, name: &str, unit: Option<OrgId>) -> StoreResult<ScenarioInfo> {
        owner::create(self, name, unit).map_err(|e| self.locate(e))
    }

    /// Creates a scenario for a unit and writes figures into it (an imported file), in one
    /// transaction: refused as a whole, it leaves no scenario behind.
    pub fn import_scenario(
        &mut self,
        name: &str,
        unit: Option<OrgId>,
        ops: &[super::Op],
    ) -> StoreResult<(ScenarioInfo, Written)> {
        owner::import(self, name, unit, ops).map_err(|e| self.locate(e))
    }

    /// Renames an open scenario.
    pub fn rename_scenario(&mut self, id: ScenarioId, name: &str) -> StoreResult<()> {
        self.hold_scenarios()?;
        scenarios::rename(self, id, name).map_err(|e| self.locate(e))
    }

    /// Closes a scenario without applying it; its changes stay as a read-only record.
    pub fn discard_scenario(&mut self, id: ScenarioId) -> StoreResult<usize> {
        self.hold_scenarios()?;
        scenarios::discard(self, id).map_err(|e| self.locate(e))
    }

    /// Makes a scenario's pending changes (all, or the cells in `only`) official in one
    /// transaction. A cell whose official figure changed after the scenario changed it needs
    /// a resolution; without one nothing is written and the conflicts are returned.
    pub fn apply_scenario(
        &mut self,
        id: ScenarioId,
        only: Option<&[CellKey]>,
        resolutions: &HashMap<CellKey, Resolution>,
    ) -> StoreResult<ApplyOutcome> {
        self.hold_scenarios()?;
        scenarios::apply(self, id, only, resolutions).map_err(|e| self.locate(e))
    }

    /// Undoes an apply: each official figure it wrote goes back to what it was, unless the
    /// cell changed since (that cell is refused and reported); the changes become pending in
    /// the scenario again, which reopens if the apply had closed it.
    pub fn revert_apply(&mut self, apply: BatchId) -> StoreResult<RevertOutcome> {
        self.hold_scenarios()?;
        scenarios::revert(self, apply).map_err(|e| self.locate(e))
    }

    /// The last apply of a scenario that has not been reverted.
    pub fn last_apply(&self, id: ScenarioId) -> StoreResult<Option<BatchId>> {
        scenarios::last_apply(self.db(), id)
    }

    /// Starts the plan for the year after `from`: the estimates of `from`−1 become the
    /// provisional actuals where none is stored. Read and written in one transaction.
    pub fn start_plan(&mut self, from: i32) -> StoreResult<i32> {
        write::start_plan(self, from).map_err(|e| self.locate(e))
    }

    /// Reads the org units held again (after another session imported some).
    pub fn reload_units(&mut self) -> StoreResult<()> {
        self.refresh_units()
    }

    /// Sets or clears the comment on a figure (audited).
    pub fn set_note(&mut self, key: &CellKey, note: Option<&str>) -> StoreResult<()> {
        notes::set_note(self, key, note).map_err(|e| self.locate(e))
    }

    /// Writes a consistent copy of the database to a new file (refuses an existing one),
    /// telling `watch` how far it has come; `false` when it was asked to stop.
    pub fn backup(&self, to: &Path, watch: crate::work::SharedWatch) -> StoreResult<bool> {
        self.conn.backup(to, watch)
    }

    /// The users (also removed ones with `all`), with their grants.
    pub fn users(&mut self, all: bool) -> StoreResult<Vec<UserInfo>> {
        self.hold_grants(None)?;
        access::users(self, all)
    }

    /// Where the actor last looked: a unit's code and a plan year.
    pub fn last_view(&self) -> StoreResult<Option<(String, i32)>> {
        views::last(self)
    }

    /// Remembers where the actor looks (not a figure: no audit row).
    pub fn remember_view(&mut self, unit: &str, year: i32) -> StoreResult<()> {
        views::remember(self, unit, year).map_err(|e| self.locate(e))
    }

    /// Carries users and their grants into a database that has none yet (made anew by
    /// `kttt init --force`); returns how many grants named units it does not know.
    pub fn restore_users(&mut self, users: &[CarriedUser], from: &str) -> StoreResult<usize> {
        self.hold_all()?;
        restore::restore(self, users, from).map_err(|e| self.locate(e))
    }

    /// Adds a user (the first user of a database administers every top unit).
    pub fn add_user(&mut self, name: &str, display: &str) -> StoreResult<()> {
        access::manage(self, access::UserChange::Add { name, display }).map_err(|e| self.locate(e))
    }

    /// Removes a user (kept as a record; their grants go).
    pub fn remove_user(&mut self, name: &str) -> StoreResult<()> {
        access::manage(self, access::UserChange::Remove { name }).map_err(|e| self.locate(e))
    }

    /// Grants a role on a unit and everything under it.
    pub fn grant(&mut self, name: &str, unit: OrgId, role: crate::domain::access::Role) -> StoreResult<()> {
        access::manage(self, access::UserChange::Grant { name, unit, role }).map_err(|e| self.locate(e))
    }

    /// Takes a role back.
    pub fn revoke(&mut self, name: &str, unit: OrgId, role: crate::domain::access::Role) -> StoreResult<()> {
        access::manage(self, access::UserChange::Revoke { name, unit, role }).map_err(|e| self.locate(e))
    }

    /// Whether the actor's grants allow something (always in a database without users).
    pub fn allowed(&self, need: crate::domain::access::Need) -> StoreResult<bool> {
        if self.core.owner || !access::users_defined(self.db())? {
            return Ok(true);
        }
        Ok(access::grants_of(self.db(), &self.core.orgs, &self.core.actor.user)?
            .is_some_and(|g| g.allow(&self.core.orgs, need)))
    }

    /// Whether a user is among the database's users (and not removed).
    pub fn is_user(&self, name: &str) -> StoreResult<bool> {
        self.db().query_row(
            "SELECT EXISTS (SELECT 1 FROM app_user WHERE name = ?1 AND removed_at IS NULL)",
            params![name],
            |r| r.get(0),
        )
    }

    /// Whether the database has users (else every account may do everything).
    pub fn has_users(&self) -> StoreResult<bool> {
        access::users_defined(self.db())
    }

    /// The plan states recorded for some plan years.
    pub fn plan_states(&self, years: &[i32]) -> StoreResult<Vec<crate::domain::access::PlanState>> {
        access::plan_states(self.db(), &self.core.orgs, years)
    }

    /// A step of a unit's plan (submit, approve, return, reopen), checked and audited.
    pub fn plan_step(
        &mut self,
        org: OrgId,
        year: i32,
        action: PlanAction,
        comment: Option<&str>,
    ) -> StoreResult<crate::domain::access::PlanState> {
        access::plan_step(self, org, year, action, comment).map_err(|e| self.locate(e))
    }

    /// Adds org units (parents before children); refuses a code that exists already.
    pub fn add_units(&mut self, list: &[crate::domain::org::OrgUnit]) -> StoreResult<usize> {
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
        self.refresh_units()?;
        let codes: Vec<String> = list.iter().map(|u| u.code.clone()).collect();
        self.hold_units(&codes)?;
        Ok(n)
    }

    /// This database's own id (made the first time it is asked for), which names what it
    /// sends to another database.
    pub fn database_id(&mut self) -> StoreResult<String> {
        push::database_id(self).map_err(|e| self.locate(e))
    }

    /// Receives approved figures sent from another database, in one transaction: checked
    /// against the grants, the units and plans it knows and the figures it holds (a figure
    /// held differently is a conflict: then nothing is written); audit rows already received
    /// are not copied again, so a second push changes nothing.
    ///
    /// `watch` is told how far it has come; `None` when it asked to stop (rolled back).
    pub fn receive(&mut self, push: &super::Push, watch: crate::work::Watch) -> StoreResult<Option<super::PushReport>> {
        self.hold_all()?;
        push::receive(self, push, watch).map_err(|e| self.locate(e))
    }

    /// Loads generated figures fast, with their history as audit rows, and the plans they
    /// belong to: for synthetic databases (benchmarks, scale tests), never for user input.
    pub fn bulk_load(
        &mut self,
        plans: &[i32],
        figures: &mut dyn Iterator<Item = crate::domain::values::HistoricFigure>,
    ) -> StoreResult<u64> {
        self.conn.writable()?;
        let n = self
            .conn
            .bulk_load(&self.core, plans, figures)
            .map_err(|e| self.conn.locate(e))?;
        Ok(n)
    }

    /// Records a note in the audit trail (a replaced file, a migration).
    pub fn note(&mut self, action: &str, detail: &str) -> StoreResult<BatchId> {
        let now = super::now();
        let user = self.core.actor.user.clone();
        let tx = self.begin()?;
        let id = write::new_batch(&tx, &now, &user, action, None, None, Some(detail))?;
        write::audit_note(&tx, &now, &user, id, action, detail)?;
        tx.commit()?;
        Ok(id)
    }
}
