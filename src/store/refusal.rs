//! Why the store refused, as facts: the unit, the year, who and when, the name that was
//! wrong. The words (per language, and per shell: a command for the command line, a key for
//! the app) are written by the presenter (`src/present/`), never here.

use crate::domain::access::{Need, PlanStep, Role};
use crate::domain::org::{OrgId, OrgUnits};
use crate::domain::text::NameProblem;
use crate::domain::validity::Invalid;
use crate::i18n::Text;
use std::path::PathBuf;

/// A unit as a refusal names it: its code and its names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRef {
    pub code: String,
    pub name: Text,
}

impl UnitRef {
    /// The unit `id` of `orgs`.
    pub fn of(orgs: &OrgUnits, id: OrgId) -> UnitRef {
        let u = orgs.get(id);
        UnitRef {
            code: u.code.clone(),
            name: u.name.clone(),
        }
    }
}

/// A figure locked by a unit's plan that was sent up or approved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lock {
    pub unit: UnitRef,
    pub year: i32,
    /// Submitted (waits for approval) or approved.
    pub step: PlanStep,
    /// Who sent it up or approved it, and when (stored UTC time).
    pub by: String,
    pub at: String,
}

/// What a role was needed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needed {
    Read,
    Enter,
    Approve,
    /// Administering a unit; without one, managing users and units at all.
    Admin,
}

impl Needed {
    /// What `need` asks for, and on which unit.
    pub fn of(orgs: &OrgUnits, need: Need) -> (Needed, Option<UnitRef>) {
        match need {
            Need::Read(u) => (Needed::Read, Some(UnitRef::of(orgs, u))),
            Need::Enter(u) => (Needed::Enter, Some(UnitRef::of(orgs, u))),
            Need::Approve(u) => (Needed::Approve, Some(UnitRef::of(orgs, u))),
            Need::Admin(u) => (Needed::Admin, u.map(|u| UnitRef::of(orgs, u))),
        }
    }
}

/// Who may not do what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denial {
    /// The user's grants do not allow what is needed (on a unit, and the units below it).
    Role {
        user: String,
        need: Needed,
        unit: Option<UnitRef>,
    },
    /// Only administrators import unit lists.
    NotAdmin { user: String },
    /// On a server database the first user is added by the role that owns it.
    FirstUserByOwner,
    /// Only a scenario's maker, or who enters figures for every unit of it, manages it.
    Scenario {
        name: String,
        maker: String,
        /// The scenario's unit (`None`: every unit).
        unit: Option<UnitRef>,
        user: String,
        /// A unit of it the user may not enter figures for.
        missing: UnitRef,
    },
    /// The user is not among the database's users.
    NotUser { user: String },
    /// The user has been granted no unit at all.
    NoUnit { user: String },
    /// The user may not see this unit.
    Unseen { user: String, unit: UnitRef },
    /// The database server refused (privileges, row-level security, kttt's triggers, whose
    /// message is Vietnamese and whose detail English).
    Server { message: String, detail: Option<String> },
}

/// A name or text field a refusal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    DisplayName,
    UnitName,
    Comment,
    ScenarioName,
}

/// A request the store cannot do, with what the words need.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Only a scenario can take a cell back to the official figure.
    BackToOfficial,
    /// The row is a heading (its name).
    Heading {
        name: Text,
    },
    /// The row is not split by funding source.
    NotFunded {
        name: Text,
    },
    /// A figure that cannot be written, about `what` (a row's or unit's name, or nothing).
    Invalid {
        problem: Invalid,
        what: Text,
    },
    /// A name or text that cannot be used.
    BadName {
        field: Field,
        problem: NameProblem,
    },
    /// A form that cannot be added: why (the form's own words about its rows).
    Form {
        problem: String,
    },
    /// A form of this id is there already.
    FormTaken {
        id: String,
    },
    /// An office's rows name a unit the database does not have.
    FormOffice {
        code: String,
    },
    /// No plan of this year to start the next from.
    NoPlanToStartFrom {
        year: i32,
    },
    /// The plan of this year exists already.
    PlanExists {
        year: i32,
    },
    /// A unit's code is in use, or its parent is not there.
    UnitTaken {
        code: String,
    },
    /// The problems of a unit list.
    UnitList {
        problems: Vec<crate::domain::org::Problem>,
    },
    /// Users cannot be carried into a database that has some.
    UsersExist,
    /// The batch named is not the apply of a scenario.
    NotAnApply,
    /// That apply was undone already.
    AlreadyUndone,
    /// An open scenario has this name.
    ScenarioNameTaken {
        name: String,
    },
    /// Undoing an apply would reopen a scenario whose name another open one has.
    ReopenNameTaken {
        name: String,
    },
    /// The receiving database lacks these units.
    UnknownUnits {
        codes: Vec<String>,
    },
    /// The receiving database does not hold the form the figures were entered on.
    UnknownForm {
        id: String,
        year: i32,
    },
    /// A cell outside the scenario's unit.
    OutsideScenario {
        name: String,
        top: Text,
        cell: UnitRef,
    },
    /// A login name that is not allowed.
    BadUserName {
        name: String,
    },
    UserExists {
        name: String,
    },
    /// No such user (`grant`: the request would grant or revoke a role).
    NoUser {
        name: String,
        grant: bool,
    },
    /// The user has no such role on the unit.
    NoRole {
        name: String,
        role: Role,
        unit: String,
    },
    NoPlan {
        year: i32,
    },
    /// The plan is already sent up or approved.
    PlanAlready {
        year: i32,
        unit: Text,
        step: PlanStep,
    },
    NotSubmitted {
        year: i32,
        unit: Text,
    },
    /// Returning a plan needs a reason.
    ReturnNeedsReason,
    NotSentNorApproved {
        year: i32,
        unit: Text,
    },
    /// `--as`: this server role may not act as that one (`why`: the server's words).
    ActAs {
        name: String,
        me: String,
        why: String,
    },
    /// A server database is backed up with pg_dump.
    ServerBackup {
        address: String,
    },
    /// An empty server database: `kttt init` makes it a kttt database.
    NoKtttData {
        address: String,
    },
    /// Only the role that owns the database may bring it up to date.
    NeedsOwner {
        address: String,
        owner: String,
    },
    /// The certificate file cannot be read as PEM (`error`: the TLS library's words).
    BadCertificate {
        path: PathBuf,
        error: String,
    },
    /// No free name for a backup beside the database.
    NoBackupName,
    /// A backup never overwrites a file.
    BackupExists {
        path: PathBuf,
    },
    /// The journal mode could not be set to WAL.
    JournalMode {
        mode: String,
    },
    /// The database needs an upgrade but could only be opened for reading.
    UpgradeReadOnly,
}
