//! The files no kttt command may create, replace or remove, whoever runs it: the database
//! itself, its `-wal`/`-shm`/`-journal` files and the backups kept beside it, anything in
//! the account's `~/.ssh` (where sshd reads the keys that let officials in), and — whatever
//! `--force` says — any existing SQLite database.

use crate::error::{Error, Refused, Result};
use std::path::{Component, Path, PathBuf};

/// What a file write must never touch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Guard {
    /// The database file, as the file system resolves it (`None` on a server database).
    db: Option<PathBuf>,
    /// The account's SSH folders (`$HOME/.ssh` and the password database's home), resolved.
    ssh: Vec<PathBuf>,
    /// The account's home folders, resolved: under `--as` their hidden files and folders
    /// (`~/.bashrc`, `~/.profile`, `~/.config/kttt/config.toml`) are refused too.
    homes: Vec<PathBuf>,
    /// Refuse the homes' hidden files and folders (an official under `--as`).
    no_hidden: bool,
}

/// Why a path is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guarded {
    /// The database, one of its journal files, or a backup beside it.
    Database,
    /// The account's SSH folder or something in it.
    Ssh,
    /// An existing SQLite database, which an export or report never replaces.
    OtherDatabase,
    /// A hidden file or folder in the account's home (under `--as`).
    Hidden,
}

/// The home folders of this process's account: `$HOME`, and the one the password database
/// gives (they differ under `sudo -u`, `runuser` and forced commands).
fn homes() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::env::var_os("HOME").map(PathBuf::from).into_iter().collect();
    if let Some(h) = passwd_home() {
        out.push(h);
    }
    out
}

#[cfg(unix)]
fn passwd_home() -> Option<PathBuf> {
    use std::ffi::CStr;
    use std::os::unix::ffi::OsStrExt;
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: a zeroed passwd is a valid out-parameter; getpwuid_r fills it and points its
    // strings into `buf`, which outlives every use below.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(libc::geteuid(), &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found);
        if rc != 0 || found.is_null() || pwd.pw_dir.is_null() {
            return None;
        }
        let dir = CStr::from_ptr(pwd.pw_dir).to_bytes();
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(dir)))
    }
}

#[cfg(not(unix))]
fn passwd_home() -> Option<PathBuf> {
    None
}

/// A path with its folder resolved by the file system (links followed), its last component
/// kept as named; `None` when the folder does not exist.
pub fn resolved(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let folder = super::write::folder(path);
    Some(std::fs::canonicalize(folder).ok()?.join(name))
}

/// Whether the file at `path` starts as an SQLite database does.
pub fn is_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

impl Guard {
    /// The guard for a process working on `db` (a file; `None` for a server database).
    pub fn new(db: Option<&Path>, no_hidden: bool) -> Guard {
        let db = db.and_then(|p| resolved(p).or_else(|| Some(p.to_path_buf())));
        let homes: Vec<PathBuf> = homes()
            .into_iter()
            .map(|h| std::fs::canonicalize(&h).unwrap_or(h))
            .collect();
        let ssh = homes.iter().map(|h| h.join(".ssh")).collect();
        Guard {
            db,
            ssh,
            homes,
            no_hidden,
        }
    }

    /// Why kttt may not write `path`, if it may not.
    pub fn refuses(&self, path: &Path) -> Option<Guarded> {
        let full = resolved(path).unwrap_or_else(|| path.to_path_buf());
        if self.ssh.iter().any(|s| full.starts_with(s)) {
            return Some(Guarded::Ssh);
        }
        if let Some(db) = &self.db {
            let name = db
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let same_folder = full.parent() == db.parent();
            let fname = full
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let journal = ["", "-wal", "-shm", "-journal"]
                .iter()
                .any(|s| fname == format!("{name}{s}"));
            if same_folder && (journal || fname.starts_with(&format!("{name}.bak-"))) {
                return Some(Guarded::Database);
            }
        }
        let hidden_in_home = |h: &PathBuf| {
            full.strip_prefix(h).is_ok_and(|rest| {
                rest.components()
                    .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')))
            })
        };
        if self.no_hidden && self.homes.iter().any(hidden_in_home) {
            return Some(Guarded::Hidden);
        }
        if is_sqlite(&full) {
            return Some(Guarded::OtherDatabase);
        }
        None
    }

    /// Refuses a path kttt may not write, saying why.
    pub fn check(&self, path: &Path) -> Result<()> {
        match self.refuses(path) {
            None => Ok(()),
            Some(why) => Err(refusal(path, why)),
        }
    }
}

/// The refusal of a guarded path.
pub fn refusal(path: &Path, why: Guarded) -> Error {
    Refused::Guarded {
        path: path.to_path_buf(),
        why,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_its_journals_backups_and_ssh_are_never_written() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("kttt.sqlite3");
        std::fs::write(&db, b"SQLite format 3\0 and more").unwrap();
        let g = Guard::new(Some(&db), false);
        for name in [
            "kttt.sqlite3",
            "kttt.sqlite3-wal",
            "kttt.sqlite3-shm",
            "kttt.sqlite3-journal",
            "kttt.sqlite3.bak-20261206-101010",
        ] {
            assert_eq!(g.refuses(&d.path().join(name)), Some(Guarded::Database), "{name}");
        }
        // The same file by another way of naming it.
        let sub = d.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert_eq!(g.refuses(&sub.join("../kttt.sqlite3")), Some(Guarded::Database));
        #[cfg(unix)]
        {
            let link = d.path().join("link");
            std::os::unix::fs::symlink(d.path(), &link).unwrap();
            assert_eq!(g.refuses(&link.join("kttt.sqlite3-wal")), Some(Guarded::Database));
        }
        let home = std::fs::canonicalize(std::env::var_os("HOME").unwrap()).unwrap();
        assert_eq!(g.refuses(&home.join(".ssh/authorized_keys")), Some(Guarded::Ssh));
        assert_eq!(g.refuses(&home.join(".ssh")), Some(Guarded::Ssh));
        assert_eq!(g.refuses(&d.path().join("ke-hoach.xlsx")), None);
        // Any other database is never replaced.
        let other = d.path().join("khac.db");
        std::fs::write(&other, b"SQLite format 3\0xxxxxxxxxxxxx").unwrap();
        assert_eq!(g.refuses(&other), Some(Guarded::OtherDatabase));
        // The home's hidden files only for a confined process.
        assert_eq!(g.refuses(&home.join(".bashrc")), None);
        let confined = Guard::new(Some(&db), true);
        assert_eq!(confined.refuses(&home.join(".bashrc")), Some(Guarded::Hidden));
        assert_eq!(
            confined.refuses(&home.join(".config/kttt/config.toml")),
            Some(Guarded::Hidden)
        );
        assert!(confined.check(&home.join(".profile")).is_err());
        assert_eq!(confined.refuses(&d.path().join("x.xlsx")), None);
    }
}
