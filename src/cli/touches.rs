//! What each command may touch besides the figures its actor's grants cover: files it writes
//! or reads for the user, and the server itself. The declaration is made once per command
//! here, and `cli::run` enforces it before the command runs: a command that administers the
//! server needs `admin` and is refused otherwise, with the reason; the file policy
//! ([`crate::files`]) decides where its files may go.

use super::args::Command;
use super::deploy::DeployAction;
use super::form::FormAction;
use super::units::UnitsAction;
use super::user::UserAction;
use crate::domain::access::Need;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::DbChoice;

/// The role a command needs before it runs (the store checks each write again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admin {
    /// Whatever the actor's grants allow.
    No,
    /// `admin` on some unit: users and unit lists (the store checks which units).
    Some,
    /// `admin` on every top unit: the whole database or the server.
    Server,
}

/// The files a command touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileUse {
    /// None: the database and standard output only.
    None,
    /// It writes a file for the user (`--out`): standard output or where the policy allows.
    Writes,
    /// It reads a file from the user: standard input or where the policy allows.
    Reads,
    /// It creates a file on the server (a backup, a database): an administrator's.
    Server,
}

/// What a command touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Touches {
    pub admin: Admin,
    pub files: FileUse,
}

const fn t(admin: Admin, files: FileUse) -> Touches {
    Touches { admin, files }
}

impl Command {
    /// What the command touches besides the figures.
    pub fn touches(&self) -> Touches {
        use Admin as A;
        use FileUse as F;
        match self {
            Command::Show(_)
            | Command::Set(_)
            | Command::Check(_)
            | Command::History(_)
            | Command::Log(_)
            | Command::Completeness(_)
            | Command::Scenario(_)
            | Command::Plan(_)
            | Command::Catalog(_)
            | Command::Note(_)
            | Command::Push(_) => t(A::No, F::None),
            Command::Export(_) | Command::Report(_) => t(A::No, F::Writes),
            Command::Form(f) => match f.action {
                FormAction::Export { .. } => t(A::No, F::Writes),
                FormAction::Import(ref a) if a.dry_run => t(A::No, F::Reads),
                // A ministry form needs every top unit's administrator, an office's rows
                // the office's: the store checks which, with the form read.
                FormAction::Import(_) => t(A::Some, F::Reads),
                _ => t(A::No, F::None),
            },
            Command::Import(_) => t(A::No, F::Reads),
            Command::Units(u) => match u.action {
                UnitsAction::List { .. } => t(A::No, F::None),
                UnitsAction::Import { .. } => t(A::Some, F::Reads),
            },
            Command::User(u) => match u.action {
                UserAction::List { .. } => t(A::No, F::None),
                UserAction::Add { .. }
                | UserAction::Remove { .. }
                | UserAction::Grant { .. }
                | UserAction::Revoke { .. } => t(A::Some, F::None),
            },
            Command::Deploy(d) => match d.action {
                DeployAction::Ssh { .. } => t(A::Server, F::None),
            },
            Command::Init(_) => t(A::Server, F::None),
            // Reads no figure; says what `ls -l` and `kttt user list` say.
            Command::Doctor(_) | Command::Completions(_) => t(A::No, F::None),
            // Pages go into a folder on the server: never for an official (see `man::run`).
            Command::Man(m) if m.out.is_some() => t(A::No, F::Server),
            Command::Man(_) => t(A::No, F::None),
            Command::Backup(_) | Command::Synth(_) => t(A::Server, F::Server),
        }
    }

    /// The command's name as typed (`kttt init`, `kttt user grant`), for messages.
    pub fn shown(&self) -> String {
        let sub = match self {
            Command::Units(u) => match u.action {
                UnitsAction::List { .. } => " list",
                UnitsAction::Import { .. } => " import",
            },
            Command::User(u) => match u.action {
                UserAction::Add { .. } => " add",
                UserAction::List { .. } => " list",
                UserAction::Remove { .. } => " remove",
                UserAction::Grant { .. } => " grant",
                UserAction::Revoke { .. } => " revoke",
            },
            Command::Deploy(_) => " ssh",
            Command::Form(f) => match f.action {
                FormAction::List => " list",
                FormAction::Show { .. } => " show",
                FormAction::Diff { .. } => " diff",
                FormAction::Export { .. } => " export",
                FormAction::Import(_) => " import",
            },
            _ => "",
        };
        let name = format!("{self:?}");
        let head = name.split('(').next().unwrap_or_default().to_lowercase();
        format!("kttt {head}{sub}")
    }
}

/// Whether there is a database to administer at all: one named that does not exist yet
/// (`kttt init` makes it) has nobody to protect.
fn exists(db: &DbChoice) -> bool {
    match db {
        DbChoice::Server(_) => true,
        other => crate::session::open::path_of(other).is_ok_and(|p| p.exists()),
    }
}

/// Refuses a command that needs `admin` when the actor does not have it: under `--as`
/// always checked (the official's own grants in the database, which must exist); for an
/// account working for itself, checked in a database that has users unless the account
/// owns it.
pub fn require_admin(cli: &super::Cli, command: &Command, lang: Lang) -> Result<()> {
    let need = command.touches().admin;
    if need == Admin::No {
        return Ok(());
    }
    let db = super::db_choice(cli);
    if cli.as_user.is_none() && !exists(&db) {
        return Ok(());
    }
    let s = match super::open_reading(cli, lang) {
        Ok(s) => s,
        // A database that cannot be opened is the command's own business (init replaces a
        // damaged one), unless someone acts for an official: then nothing can be checked.
        Err(e) if cli.as_user.is_some() => return Err(e),
        Err(_) => return Ok(()),
    };
    let ok = match need {
        Admin::No => true,
        Admin::Some => s.can(Need::Admin(None)),
        Admin::Server => s
            .orgs()
            .all()
            .iter()
            .filter(|u| u.parent.is_none())
            .all(|u| s.can(Need::Admin(Some(u.id)))),
    };
    if ok {
        return Ok(());
    }
    let cmd = command.shown();
    let user = crate::domain::text::sanitize(s.user());
    let (vi, en) = match need {
        Admin::Server => (
            "quản trị cả cơ sở dữ liệu (admin trên đơn vị cấp cao nhất)",
            "administer the whole database (admin on the top unit)",
        ),
        _ => ("quản trị (admin)", "administer (admin)"),
    };
    Err(Error::said(
        format!(
            "{cmd} là lệnh quản trị: cần quyền {vi}; người dùng {user} không có quyền đó. Chưa làm gì. Hãy nhờ người quản trị."
        ),
        format!(
            "{cmd} administers the server: it needs the right to {en}; user {user} does not have it. Nothing was done. Ask an administrator."
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn cmd(args: &[&str]) -> Command {
        let mut v = vec!["kttt"];
        v.extend_from_slice(args);
        super::super::Cli::parse_from(v).command.unwrap()
    }

    #[test]
    fn every_command_says_what_it_touches() {
        assert_eq!(cmd(&["init", "--force"]).touches(), t(Admin::Server, FileUse::None));
        assert_eq!(cmd(&["backup", "x"]).touches(), t(Admin::Server, FileUse::Server));
        assert_eq!(cmd(&["synth", "--out", "x"]).touches().admin, Admin::Server);
        assert_eq!(
            cmd(&["deploy", "ssh", "lan", "--key", "k"]).touches().admin,
            Admin::Server
        );
        assert_eq!(
            cmd(&["units", "import", "f.csv"]).touches(),
            t(Admin::Some, FileUse::Reads)
        );
        assert_eq!(
            cmd(&["user", "grant", "lan", "enter", "ba-be"]).touches().admin,
            Admin::Some
        );
        assert_eq!(cmd(&["user", "list"]).touches(), t(Admin::No, FileUse::None));
        assert_eq!(cmd(&["export", "--out", "-"]).touches(), t(Admin::No, FileUse::Writes));
        assert_eq!(cmd(&["report", "--out", "-"]).touches().files, FileUse::Writes);
        assert_eq!(cmd(&["import", "-"]).touches().files, FileUse::Reads);
        assert_eq!(cmd(&["show"]).touches(), t(Admin::No, FileUse::None));
        assert_eq!(cmd(&["user", "grant", "a", "b", "c"]).shown(), "kttt user grant");
        assert_eq!(cmd(&["init"]).shown(), "kttt init");
    }
}
