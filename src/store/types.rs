//! The values that cross the store port: scopes, slices, batches, scenarios, audit entries
//! and the store's own errors. No backend types here.

use crate::domain::org::OrgId;
use crate::domain::period::Period;
use crate::domain::values::{CellKey, Dataset, Overlay};
use rust_decimal::Decimal;
use std::ops::RangeInclusive;
use std::path::PathBuf;

/// The longest scenario name, in characters.
pub const MAX_SCENARIO_NAME: usize = 60;

/// The id of a committed write: it only grows, so it is the change cursor.
pub type BatchId = i64;

/// A what-if scenario's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScenarioId(pub i64);

/// Where a figure is written: the official figures, or a scenario's layer over them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    Official,
    Scenario(ScenarioId),
}

/// What a read covers: some org units (all when `None`), some years, and optionally the
/// pending changes of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub orgs: Option<Vec<OrgId>>,
    pub years: RangeInclusive<i32>,
    /// Only these periods of those years (all of them when `None`).
    pub periods: Option<Vec<crate::domain::period::Period>>,
    /// Only these indicators (all when `None`).
    pub indicators: Option<Vec<crate::domain::catalog::IndicatorId>>,
    pub scenario: Option<ScenarioId>,
}

impl Scope {
    /// The figures of some org units in some years.
    pub fn units(orgs: Vec<OrgId>, years: RangeInclusive<i32>) -> Scope {
        Scope {
            orgs: Some(orgs),
            years,
            periods: None,
            indicators: None,
            scenario: None,
        }
    }

    /// Whether a cell is inside the scope.
    pub fn contains(&self, key: &CellKey) -> bool {
        self.years.contains(&key.period.year)
            && self.periods.as_ref().is_none_or(|p| p.contains(&key.period))
            && self.indicators.as_ref().is_none_or(|i| i.contains(&key.indicator))
            && self.orgs.as_ref().is_none_or(|o| o.contains(&key.org))
    }
}

/// The figures of a scope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slice {
    /// The official figures.
    pub official: Dataset,
    /// The scenario's pending changes, when one was asked for.
    pub overlay: Overlay,
    /// Stored cells whose value cannot be read as a figure (written by another tool).
    pub unreadable: Vec<CellKey>,
}

impl Slice {
    /// Adds another slice's figures (of other cells) to this one.
    pub fn merge(&mut self, other: Slice) {
        for (k, c) in other.official.into_cells() {
            self.official.insert(k, c);
        }
        self.overlay.changes.extend(other.overlay.changes);
        self.unreadable.extend(other.unreadable);
    }
}

/// What a write expects a cell to show before it (the user's view of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Write whatever the cell shows now (a figure typed over everything, a seed).
    Anything,
    /// The cell must still show this (in the batch's layer), else the batch is refused.
    Shows(Option<Decimal>),
}

/// What a write puts into a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum To {
    /// A figure, or blank.
    Figure(Option<Decimal>),
    /// In a scenario: drop the scenario's change, so the cell shows the official figure.
    Official,
}

/// One cell of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Op {
    pub key: CellKey,
    pub expect: Expect,
    pub to: To,
}

/// Why a batch is written, for the audit trail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteAction {
    /// Typed by a user.
    Set,
    /// Undoing this session's edit.
    Undo,
    /// Redoing it.
    Redo,
    /// Read from a file.
    Import,
}

impl WriteAction {
    /// The audit code in a layer: `set` or `scenario.set`, `undo`, `redo`, `import`.
    pub fn code(self, layer: Layer) -> &'static str {
        match (self, layer) {
            (WriteAction::Set, Layer::Official) => "set",
            (WriteAction::Set, Layer::Scenario(_)) => "scenario.set",
            (WriteAction::Undo, _) => "undo",
            (WriteAction::Redo, _) => "redo",
            (WriteAction::Import, _) => "import",
        }
    }
}

/// A write: one transaction, all of its cells or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub action: WriteAction,
    /// The layer the user meant to write into; the write is refused when it is gone.
    pub layer: Layer,
    /// What the batch says of itself (the assumption a planner's figures follow from).
    pub detail: Option<String>,
    pub ops: Vec<Op>,
}

/// One written change of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub key: CellKey,
    pub layer: Layer,
    /// What the cell showed in its layer before.
    pub old: Option<Decimal>,
    /// What it shows after.
    pub new: Option<Decimal>,
    /// What the layer held before: for a scenario `None` = no change (showed the official figure).
    pub old_state: Option<Option<Decimal>>,
    /// What it holds after.
    pub new_state: Option<Option<Decimal>>,
    /// The audit row that records it.
    pub audit_id: i64,
}

/// What a committed write did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Its batch; 0 when nothing changed and nothing was committed.
    pub batch: BatchId,
    pub changes: Vec<Change>,
}

/// A committed batch as others see it: who, when, what, and the cells it touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchRecord {
    pub id: BatchId,
    pub at: String,
    pub user: String,
    /// `set`, `scenario.set`, `undo`, `scenario.apply`, `scenario.discard`, `plan.start`, …
    pub action: String,
    pub scenario: Option<ScenarioId>,
    pub cells: Vec<(Layer, CellKey)>,
    /// What the batch says of itself (a plan step: `2020 ba-be: comment`).
    pub detail: Option<String>,
}

/// A row of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub user: String,
    /// `seed`, `set`, `undo`, `redo`, `apply`, `revert`, `scenario.set`, `plan.start`, …
    pub action: String,
    pub scenario: Option<String>,
    pub period: Option<Period>,
    pub old: Option<Decimal>,
    pub new: Option<Decimal>,
    pub detail: Option<String>,
}

/// Which rows of the audit trail a change log lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogQuery {
    /// Only rows after this audit id (a follower's cursor).
    pub after: Option<i64>,
    /// Only rows at or after this time (UTC, as stored).
    pub since: Option<String>,
    /// Only rows about this org unit and the units below it (all units, and rows about no
    /// unit, when `None`).
    pub unit: Option<crate::domain::org::OrgId>,
    /// Only rows written by this user.
    pub user: Option<String>,
    /// At most this many rows.
    pub limit: usize,
    /// Newest first (a listing) or oldest first (a follower).
    pub newest_first: bool,
}

/// A row of the change log: an audit row with the cell it is about, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// The audit row (its id is the log's cursor).
    pub entry: AuditEntry,
    /// The batch it belongs to.
    pub batch: Option<BatchId>,
    /// The cell, when the row is about one the catalog and the unit list know.
    pub key: Option<CellKey>,
    /// The indicator code as stored (also when the catalog no longer knows it).
    pub indicator: Option<String>,
    /// The org unit code as stored.
    pub org: Option<String>,
    /// The funding source code as stored.
    pub funding: Option<String>,
}

/// A user of the database, with their grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    pub name: String,
    pub display: String,
    pub created_at: String,
    pub created_by: String,
    pub removed_at: Option<String>,
    pub grants: Vec<(OrgId, crate::domain::access::Role)>,
}

/// A step of a unit's plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanAction {
    /// The unit sends its plan up.
    Submit,
    /// The level above approves it (its figures lock).
    Approve,
    /// The level above sends it back with a comment.
    Return,
    /// The level above unlocks an approved plan.
    Reopen,
}

/// What importing a unit list or a mapping changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    /// Units that ended (their last day set).
    pub closed: usize,
    /// Mapping lines written (old → new).
    pub mapped: usize,
    pub unchanged: usize,
}

/// A plan year in the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanInfo {
    pub year: i32,
    pub title: String,
    pub based_on: Option<i32>,
    pub created_at: String,
    pub created_by: String,
}

/// Whether a scenario still takes changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScenarioStatus {
    Open,
    /// Made official; kept as a read-only record.
    Applied,
    /// Closed without applying; kept as a read-only record.
    Discarded,
}

impl ScenarioStatus {
    /// The storage code.
    pub fn code(self) -> &'static str {
        match self {
            ScenarioStatus::Open => "open",
            ScenarioStatus::Applied => "applied",
            ScenarioStatus::Discarded => "discarded",
        }
    }

    /// Reads a storage code.
    pub fn from_code(s: &str) -> Option<ScenarioStatus> {
        [ScenarioStatus::Open, ScenarioStatus::Applied, ScenarioStatus::Discarded]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

/// A scenario and its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioInfo {
    pub id: ScenarioId,
    pub name: String,
    pub status: ScenarioStatus,
    pub created_at: String,
    pub created_by: String,
    /// The unit it was made for: its cells are that unit's or below it (`None`: made before
    /// scenarios recorded a unit, whose cells were of several units; it covers every unit).
    pub unit: Option<OrgId>,
    /// When and by whom it was applied or discarded.
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    /// How many changes are pending (not yet applied).
    pub changes: usize,
    /// How many of its changes were made official.
    pub applied: usize,
}

/// A cell whose official figure changed after the scenario changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyConflict {
    pub key: CellKey,
    /// The official figure when the scenario changed the cell.
    pub base: Option<Decimal>,
    /// The official figure now.
    pub official: Option<Decimal>,
    /// The scenario's figure.
    pub scenario: Option<Decimal>,
}

/// What to do with a conflicting cell when applying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Write the scenario's figure over the new official one.
    Overwrite,
    /// Leave the official figure and keep the change in the scenario.
    Skip,
}

/// The result of applying a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyOutcome {
    /// The changes were written in `batch`; `closed` when nothing was left pending and the
    /// scenario became a record; `cells` are the pending changes it took.
    Applied {
        batch: BatchId,
        changes: Vec<Change>,
        cells: Vec<CellKey>,
        closed: bool,
    },
    /// Nothing was written: these cells need a decision first.
    Conflicts(Vec<ApplyConflict>),
}

/// A cell an undone apply could not put back, because it changed since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevertRefusal {
    pub key: CellKey,
    /// What the apply wrote.
    pub applied: Option<Decimal>,
    /// What the cell holds now.
    pub now: Option<Decimal>,
}

/// The result of undoing an apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevertOutcome {
    pub batch: BatchId,
    pub scenario: ScenarioInfo,
    /// The official figures put back.
    pub changes: Vec<Change>,
    /// The cells left as they are because they changed after the apply.
    pub refused: Vec<RevertRefusal>,
    /// The cells that are pending in the scenario again.
    pub cells: Vec<CellKey>,
}

/// Why a file is not a kttt database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotKttt {
    /// Not a regular file (a directory, a device, a socket).
    NotAFile,
    /// Not an SQLite file at all.
    NotSqlite,
    /// An SQLite database of another program.
    OtherProgram,
}

/// What can go wrong in the store, as values a message can be made from.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An explicitly named database file does not exist.
    #[error("{path}: no such database")]
    Missing { path: PathBuf },
    /// The file is not a kttt database.
    #[error("{path}: not a database of kttt")]
    NotKttt { path: PathBuf, why: NotKttt },
    /// The database was made by a newer kttt.
    #[error("the database has schema version {found}; this program knows up to {known}")]
    TooNew { found: i64, known: i64 },
    /// The file is damaged.
    #[error("{path} is damaged")]
    Corrupt { path: PathBuf, backups: Vec<PathBuf> },
    /// The folder a new database would go in does not exist.
    #[error("the folder {dir} does not exist")]
    NoFolder { dir: PathBuf },
    /// The folder of the database cannot be written (SQLite needs its -wal and -shm files there).
    #[error("the folder {dir} cannot be written")]
    ReadOnlyDir { dir: PathBuf },
    /// The database file itself cannot be written.
    #[error("{path} cannot be written")]
    ReadOnlyFile { path: PathBuf },
    /// A `-wal`/`-shm` file beside the database belongs to another account's private group.
    #[error("{sidecar:?} cannot be written by this account")]
    SharedSidecar { sidecar: PathBuf },
    /// Another program holds the database.
    #[error("the database is busy")]
    Busy,
    /// The file was moved away or replaced while open; nothing more is written into it.
    #[error("{path} was moved or replaced")]
    Replaced { path: PathBuf },
    /// Other sessions have the database open.
    #[error("{path} is open in other sessions")]
    InUse { path: PathBuf },
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    /// The disk holding the database (or a file being written) is full: the write was not
    /// made, nothing changed.
    #[error("{path}: the disk is full")]
    DiskFull { path: PathBuf },
    /// The database's file could not be read or written (not yet placed: the file it is
    /// about is added where it is known).
    #[error("disk I/O error: {0}")]
    DiskIo(String),
    /// The cell no longer shows what the user saw.
    #[error("the figure changed meanwhile")]
    Conflict { key: CellKey, now: Option<Decimal> },
    /// The scenario the write was meant for was applied or discarded.
    #[error("the scenario is closed")]
    ScenarioClosed { info: Box<ScenarioInfo> },
    /// No scenario has this name or id.
    #[error("no such scenario")]
    NoScenario { name: String },
    /// The request cannot be done, and why.
    #[error("{0}")]
    Refused(Box<super::Refusal>),
    /// The user's grants (or the server) do not allow it: which role on which unit.
    #[error("{0}")]
    Denied(Box<super::Denial>),
    /// A plan that was sent up or approved locks the figure: whose plan, by whom, when.
    #[error("{0}")]
    Locked(Box<super::Lock>),
    /// A row breaks a rule of the schema (a key in use, a parent that is not there).
    #[error("constraint: {0}")]
    Constraint(String),
    /// The database server cannot be reached (or the connection to it was lost).
    #[error("cannot reach the database server: {0}")]
    Unreachable(String),
    /// A backend error that is not the user's doing.
    #[error("database error: {0}")]
    Backend(String),
}

impl From<super::Refusal> for StoreError {
    fn from(r: super::Refusal) -> StoreError {
        StoreError::Refused(Box::new(r))
    }
}

impl From<super::Denial> for StoreError {
    fn from(d: super::Denial) -> StoreError {
        StoreError::Denied(Box::new(d))
    }
}

/// A result whose error is a [`StoreError`].
pub type StoreResult<T> = Result<T, StoreError>;
