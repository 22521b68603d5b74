//! What kttt will not do outside the store, as facts: the session's refusals (a cell that
//! takes no figure, a year without a plan, nothing to undo…), the file policy's, an export
//! that could not be built, a configuration file that is wrong. The words, per language and
//! per shell (a command to type, or the key to press), are the presenter's (`src/present/`).

use crate::domain::org::Problem;
use crate::domain::validity::Invalid;
use crate::files::guard::Guarded;
use crate::i18n::Text;
use crate::store::UnitRef;
use std::path::PathBuf;

/// What an export was building when it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Built {
    Workbook,
    Csv,
}

/// A request that cannot be done, with what the words need.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    // Opening and creating a database.
    /// A server's address where a file is needed (the address as shown: no password).
    ServerNotFile { address: String },
    /// No database named, and no data folder of the user's to put one in.
    NoDataFolder,
    /// Acting as a user on a database that has no users yet.
    NoUsersYet,
    /// Creating a database over one, without `--force`.
    DatabaseExists { path: PathBuf },
    /// Creating a database on a server database that holds kttt data (`force`: asked to).
    ServerDatabaseExists { address: String, force: bool },

    // Units.
    /// A unit the session was asked to show is not among its units.
    NoSuchUnit,
    /// The database has no unit at all.
    NoUnits,
    /// A unit file that is neither a unit list nor a mapping.
    NotAUnitFile,
    /// The problems of a unit file.
    UnitFile { problems: Vec<Problem> },

    // Figures.
    /// A heading that repeats the figures of another row (its name, its code).
    Mirror { name: Text, total: Text, code: String },
    /// The row is a heading.
    Heading { name: Text },
    /// The row is not split by funding source.
    NotFunded { name: Text },
    /// A period or unit that cannot take the figure, about `what` (a unit's name, or nothing).
    Invalid { problem: Invalid, what: Text },
    /// The cell belongs to a unit the session does not hold.
    OtherUnitCell,
    /// Nothing to undo in the layer shown (`in_scenario`: a scenario), only in the other.
    NothingToUndo { in_scenario: bool },
    /// Nothing to redo in the layer shown.
    NothingToRedo,
    /// Redoing an apply of `scenario` would overwrite `cells` cells changed since.
    RedoConflicts { cells: usize, scenario: String },

    // Plans and scenarios.
    /// No plan of that year; the years that have one.
    NoPlan { year: i32, plans: Vec<i32> },
    /// The scenario has not been applied (or its apply was undone).
    NotApplied { name: String },
    /// Only approved figures are sent up: the unit's plan of the year is not approved.
    NotApproved { year: i32, unit: UnitRef },

    // Files.
    /// An official on a shared server without a folder of their own: the standard streams
    /// only, through the service account.
    StreamsOnly { account: String },
    /// A user name that cannot name a folder.
    NoFolderName { user: String },
    /// A path where only a bare file name is taken (an official on a shared server).
    NotBareName { name: String },
    /// A file kttt never writes, and why.
    Guarded { path: PathBuf, why: Guarded },
    /// The file exists and replacing it was not asked for.
    FileExists { path: PathBuf },
    /// An export could not be built.
    NotBuilt { what: Built, error: String },
    /// Long work stopped when asked (Ctrl+C, `Esc`) before it wrote anything.
    Stopped,

    // Configuration.
    /// A configuration file that cannot be read as one.
    Config { path: PathBuf, error: String },
    /// A setting only the server's system-wide file may hold.
    SystemOnly { path: PathBuf, key: String },
}
