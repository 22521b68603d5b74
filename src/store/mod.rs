//! The store port: everything kttt keeps, behind one backend-neutral trait. Reads are scoped
//! (some org units, some years, optionally a scenario); every write is one transaction that
//! reads what it depends on inside itself, checks what the user saw, writes its audit rows in
//! one place and reports what changed. Each committed write is a *batch* whose id only grows,
//! so an open session learns what others changed from the ids after the last one it saw.
//!
//! `sqlite` is the first (and embedded default) implementation.

pub mod postgres;
mod push;
pub mod sql;
pub mod sqlite;
mod types;
pub mod watch;

pub use postgres::{is_url as is_server_address, shown as shown_address};
pub use push::*;
pub use sql::SqlStore;
pub use types::*;

use crate::domain::catalog::Catalog;
use crate::domain::org::OrgUnits;
use crate::domain::values::CellKey;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Who writes, for the audit trail and the grants: the user kttt acts for. On an SQLite file
/// the operating-system account, unless a service account runs kttt for an official; on a
/// server database the role the server authenticated (or switched to), never the client's
/// account name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The user's name.
    pub user: String,
}

impl Actor {
    /// The user running this process.
    pub fn current() -> Actor {
        Actor {
            user: os_account().to_string(),
        }
    }
}

/// A time before now as stored (UTC, RFC 3339 with milliseconds).
pub fn now_minus(d: std::time::Duration) -> String {
    let t = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::try_from(d).unwrap_or_default())
        .unwrap_or_else(|_| jiff::Timestamp::now());
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The operating-system account running this process (recorded with every batch).
pub fn os_account() -> &'static str {
    static ACCOUNT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ACCOUNT.get_or_init(|| {
        let user = whoami::username()
            .ok()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "unknown".to_string());
        crate::domain::text::sanitize(&user)
    })
}

/// The time now as stored: UTC, RFC 3339, always with milliseconds, so that the text sorts
/// as the time does (`2026-11-24T09:48:05.120Z`).
pub fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// What a new database starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// The embedded plan 507/KH-UBND.
    Seed,
    /// No figures, only the catalog and the org units.
    Empty,
}

/// Everything kttt keeps. Implementations hold the catalog and the org units they map codes
/// with; every method returns domain types and [`StoreError`].
pub trait Store {
    /// The indicator catalog the store maps codes with.
    fn catalog(&self) -> &Arc<Catalog>;
    /// The org units, in display order.
    fn orgs(&self) -> &Arc<OrgUnits>;
    /// Who the store writes as.
    fn actor(&self) -> &Actor;
    /// Writes as this user from now on (the audit names them). On a server database the
    /// server switches to that user's role, so it enforces their rights itself; refused when
    /// it cannot.
    fn set_actor(&mut self, actor: Actor) -> StoreResult<()>;
    /// Where the data lives, for messages (`None` in memory).
    fn location(&self) -> Option<&Path>;
    /// The schema version of the open database.
    fn schema_version(&self) -> StoreResult<i64>;

    /// The official figures of a scope, and the pending changes of its scenario.
    fn read(&self, scope: &Scope) -> StoreResult<Slice>;
    /// The official figures (and scenario changes) of some cells, whatever scope they are in.
    fn read_cells(&self, keys: &[CellKey], scenario: Option<ScenarioId>) -> StoreResult<Slice>;
    /// The last batch committed (0 when none): the change cursor.
    fn cursor(&self) -> StoreResult<BatchId>;
    /// Whether anything may have been committed since the last call (cheap; may say yes
    /// when nothing did, never no when something did).
    fn maybe_changed(&mut self) -> StoreResult<bool>;
    /// A watch that wakes a waiting loop when another session commits (`None` where the
    /// store cannot be watched: the loop then looks on its own timer).
    fn watch(&self) -> StoreResult<Option<watch::Watch>> {
        Ok(None)
    }
    /// The batches committed after `after`, oldest first, at most `limit` of them; each with
    /// the cells it touched.
    fn changes_since(&self, after: BatchId, limit: usize) -> StoreResult<Vec<BatchRecord>>;
    /// How many batches were committed after `after`.
    fn count_since(&self, after: BatchId) -> StoreResult<u64>;

    /// Every change of a cell, oldest first, including scenario edits of it.
    fn history(&self, key: &CellKey) -> StoreResult<Vec<AuditEntry>>;
    /// Every change of an indicator's figures for one org unit and funding source, all
    /// periods, oldest first.
    fn indicator_history(&self, key: &CellKey) -> StoreResult<Vec<AuditEntry>>;
    /// The change log: audit rows across all cells matching a query.
    fn log(&self, query: &LogQuery) -> StoreResult<Vec<LogEntry>>;
    /// The plans in the database, oldest first.
    fn plans(&self) -> StoreResult<Vec<PlanInfo>>;
    /// Whether any unit other than `org` holds a figure (or a scenario change) in these years
    /// (a cheap look before reading what a roll-up is made of).
    fn others_hold_figures(
        &self,
        org: crate::domain::org::OrgId,
        years: std::ops::RangeInclusive<i32>,
    ) -> StoreResult<bool>;
    /// The org units that hold any figure.
    fn units_with_figures(&self) -> StoreResult<Vec<crate::domain::org::OrgId>>;

    /// The scenarios, oldest first: the open ones, or all of them with `all`.
    fn scenarios(&self, all: bool) -> StoreResult<Vec<ScenarioInfo>>;
    /// One scenario, whatever its state.
    fn scenario(&self, id: ScenarioId) -> StoreResult<ScenarioInfo>;
    /// The official figure each pending change of a scenario started from.
    fn scenario_bases(&self, id: ScenarioId) -> StoreResult<HashMap<CellKey, Option<rust_decimal::Decimal>>>;

    /// Writes a batch in one transaction: checks that its layer is open and that every cell
    /// still shows what the user saw, then writes every cell and its audit row. All or
    /// nothing.
    fn write(&mut self, batch: &Batch) -> StoreResult<Written>;
    /// Creates an empty scenario that covers every unit (tools and tests; a session makes
    /// its scenarios for its unit).
    fn create_scenario(&mut self, name: &str) -> StoreResult<ScenarioInfo> {
        self.create_scenario_at(name, None)
    }
    /// Creates an empty scenario for a unit (and the units below it): its maker is the actor.
    fn create_scenario_at(&mut self, name: &str, unit: Option<crate::domain::org::OrgId>) -> StoreResult<ScenarioInfo>;
    /// Creates a scenario for a unit and writes figures into it (an imported file), in one
    /// transaction: refused as a whole, it leaves no scenario behind.
    fn import_scenario(
        &mut self,
        name: &str,
        unit: Option<crate::domain::org::OrgId>,
        ops: &[Op],
    ) -> StoreResult<(ScenarioInfo, Written)>;
    /// Renames an open scenario.
    fn rename_scenario(&mut self, id: ScenarioId, name: &str) -> StoreResult<()>;
    /// Closes a scenario without applying it; its changes stay as a read-only record.
    fn discard_scenario(&mut self, id: ScenarioId) -> StoreResult<usize>;
    /// Makes a scenario's pending changes (all, or the cells in `only`) official in one
    /// transaction. A cell whose official figure changed after the scenario changed it needs
    /// a resolution; without one nothing is written and the conflicts are returned.
    fn apply_scenario(
        &mut self,
        id: ScenarioId,
        only: Option<&[CellKey]>,
        resolutions: &HashMap<CellKey, Resolution>,
    ) -> StoreResult<ApplyOutcome>;
    /// Undoes an apply: each official figure it wrote goes back to what it was, unless the
    /// cell changed since (that cell is refused and reported); the changes become pending in
    /// the scenario again, which reopens if the apply had closed it.
    fn revert_apply(&mut self, apply: BatchId) -> StoreResult<RevertOutcome>;
    /// The last apply of a scenario that has not been reverted.
    fn last_apply(&self, id: ScenarioId) -> StoreResult<Option<BatchId>>;
    /// Starts the plan for the year after `from`: the estimates of `from`−1 become the
    /// provisional actuals where none is stored. Read and written in one transaction.
    fn start_plan(&mut self, from: i32) -> StoreResult<i32>;
    /// Sets or clears the comment on a figure (audited).
    fn set_note(&mut self, key: &CellKey, note: Option<&str>) -> StoreResult<()>;
    /// Writes a consistent copy of the database to a new file (refuses an existing one).
    fn backup(&self, to: &Path) -> StoreResult<()>;
    /// Records a note in the audit trail (a replaced file, a migration).
    fn note(&mut self, action: &str, detail: &str) -> StoreResult<BatchId>;

    /// Imports a unit list (a tree with its code scheme and dates): adds the new units,
    /// corrects or versions changed ones, ends the ones it no longer holds; one audited
    /// transaction that works out the changes from the units as stored.
    fn import_units(&mut self, list: &crate::domain::org::UnitList) -> StoreResult<ImportReport>;
    /// Imports a mapping between ended units and the units that took their area.
    fn import_mapping(&mut self, mapping: &crate::domain::org::MappingList) -> StoreResult<ImportReport>;
    /// Reads the org units again (after another session imported some).
    fn reload_units(&mut self) -> StoreResult<()>;
    /// The users (also removed ones with `all`), with their grants.
    fn users(&self, all: bool) -> StoreResult<Vec<UserInfo>>;
    /// Where the actor last looked: a unit's code and a plan year.
    fn last_view(&self) -> StoreResult<Option<(String, i32)>>;
    /// Remembers where the actor looks (not a figure: no audit row).
    fn remember_view(&mut self, unit: &str, year: i32) -> StoreResult<()>;
    /// Carries users and their grants into a database that has none yet (made anew by
    /// `kttt init --force`); returns how many grants named units it does not know.
    fn restore_users(&mut self, users: &[sql::CarriedUser], from: &str) -> StoreResult<usize>;
    /// Adds a user (the first user of a database administers every top unit).
    fn add_user(&mut self, name: &str, display: &str) -> StoreResult<()>;
    /// Removes a user (kept as a record; their grants go).
    fn remove_user(&mut self, name: &str) -> StoreResult<()>;
    /// Grants a role on a unit and everything under it.
    fn grant(
        &mut self,
        name: &str,
        unit: crate::domain::org::OrgId,
        role: crate::domain::access::Role,
    ) -> StoreResult<()>;
    /// Takes a role back.
    fn revoke(
        &mut self,
        name: &str,
        unit: crate::domain::org::OrgId,
        role: crate::domain::access::Role,
    ) -> StoreResult<()>;
    /// Whether the actor's grants allow something (always in a database without users).
    fn allowed(&self, need: crate::domain::access::Need) -> StoreResult<bool>;
    /// Whether the database has users (else every account may do everything).
    fn has_users(&self) -> StoreResult<bool>;
    /// The plan states recorded for some plan years.
    fn plan_states(&self, years: &[i32]) -> StoreResult<Vec<crate::domain::access::PlanState>>;
    /// A step of a unit's plan (submit, approve, return, reopen), checked and audited.
    fn plan_step(
        &mut self,
        org: crate::domain::org::OrgId,
        year: i32,
        action: PlanAction,
        comment: Option<&str>,
    ) -> StoreResult<crate::domain::access::PlanState>;
    /// Adds org units (parents before children); refuses a code that exists already.
    fn add_units(&mut self, units: &[crate::domain::org::OrgUnit]) -> StoreResult<usize>;
    /// This database's own id (made the first time it is asked for), which names what it
    /// sends to another database.
    fn database_id(&mut self) -> StoreResult<String>;
    /// Receives approved figures sent from another database, in one transaction: checked
    /// against the grants, the units and plans it knows and the figures it holds (a figure
    /// held differently is a conflict: then nothing is written); audit rows already received
    /// are not copied again, so a second push changes nothing.
    fn receive(&mut self, push: &Push) -> StoreResult<PushReport>;
    /// Loads generated figures fast, with their history as audit rows, and the plans they
    /// belong to: for synthetic databases (benchmarks, scale tests), never for user input.
    fn bulk_load(&mut self, plans: &[i32], figures: &mut dyn Iterator<Item = crate::synth::Figure>)
    -> StoreResult<u64>;
}
