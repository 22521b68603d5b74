//! `kttt doctor`: what an administrator needs to know about the database in use when
//! something looks wrong — where it is, its size and schema version, the form in force, the
//! units, plan years and users it holds, its newest backup — and whether its file is set up as
//! the README's shared-server guide says (WAL; the service account owning it, closed to
//! others; or, for officials with accounts of their own, a setgid folder and group-writable
//! `-wal`/`-shm` files). No figure is read.

use super::Db;
use crate::error::Result;
pub use crate::store::sqlite::{FileFacts, Owned};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A backup older than this is reported (the README's copy is nightly).
pub const BACKUP_DUE: Duration = Duration::from_secs(2 * 24 * 3600);

/// What is wrong with a set-up, each with the facts to name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The file is not in WAL mode (readers would block the writer).
    NotWal,
    /// The service account the system configuration names does not own the file.
    NotServiceOwned {
        path: PathBuf,
        owner: String,
        account: String,
    },
    /// Under a service account, other accounts may read or write the file or its folder.
    OpenToOthers { path: PathBuf, mode: u32 },
    /// A shared (group-writable) file whose folder lacks the setgid bit.
    FolderNotSetgid { path: PathBuf, mode: u32 },
    /// A shared file's `-wal`/`-shm` file that its group cannot write, or that another group
    /// owns: the other officials' writes fail.
    SidecarNotShared { path: PathBuf, mode: u32 },
    /// The officials' folder the system configuration names (`export_dir`) is missing, not
    /// the service account's, or open to other accounts.
    ExportDir { path: PathBuf, found: Option<Owned> },
    /// No backup of the file was found.
    NoBackup,
    /// The newest backup is older than [`BACKUP_DUE`].
    OldBackup { path: PathBuf, age: Duration },
    /// The database is at an older schema version (the next write brings it up to date).
    SchemaBehind { found: i64, latest: i64 },
}

/// The report.
#[derive(Clone, Debug)]
pub struct Doctor {
    /// The file (`None` on a server).
    pub file: Option<FileFacts>,
    pub schema: i64,
    /// The version this kttt writes.
    pub schema_latest: i64,
    /// The form in force for the latest plan: its id, title and first year.
    pub form: (String, crate::i18n::Text, i32),
    /// How many forms the database has.
    pub forms: usize,
    /// Units by level code.
    pub units: Vec<(String, i64)>,
    pub years: Vec<i32>,
    /// The users' names (none: everyone acts as their own account).
    pub users: Vec<String>,
    /// The newest backup and how old it is (files only).
    pub backup: Option<(PathBuf, Duration)>,
    pub service_account: Option<String>,
    pub problems: Vec<Problem>,
}

/// What the caller knows before the database is opened.
#[derive(Clone, Debug, Default)]
pub struct Ask {
    /// The file's facts, taken before opening it (an open makes `-wal`/`-shm` files of its
    /// own); `None` on a server.
    pub file: Option<FileFacts>,
    /// Folders where backups are kept besides the database's own `FILE.bak-…`.
    pub backup_folders: Vec<PathBuf>,
    /// The service account the system configuration names.
    pub service_account: Option<String>,
    /// The officials' folder it names (`export_dir`), with what is there.
    pub export_dir: Option<(PathBuf, Option<Owned>)>,
    /// The database is on a PostgreSQL server.
    pub server: bool,
}

/// The facts of a database file, taken before it is opened (`None`: no file there).
pub fn file_facts(path: &Path) -> Option<FileFacts> {
    crate::store::sqlite::file_facts(path)
}

/// A folder's owner and permissions (`None`: nothing there).
pub fn folder_facts(path: &Path) -> Option<Owned> {
    crate::store::sqlite::owned(path)
}

impl Db {
    /// The report on this database (see the module).
    pub fn doctor(&mut self, ask: Ask) -> Result<Doctor> {
        let schema = self.store.schema_version()?;
        let schema_latest = crate::store::latest_schema(ask.server);
        let years: Vec<i32> = self.plans()?.iter().map(|p| p.year).collect();
        let forms = self.forms();
        let form = years.last().map_or_else(|| forms.newest(), |&y| forms.for_year(y));
        let form = (form.source.id.clone(), form.source.title(), form.source.from_year);
        let users = self.users(false)?.into_iter().map(|u| u.name).collect();
        let now = SystemTime::now();
        let backup = match (&ask.file, self.location()) {
            (Some(_), Some(path)) => crate::store::sqlite::newest_backup(path, &ask.backup_folders)
                .map(|(p, t)| (p, now.duration_since(t).unwrap_or_default())),
            _ => None,
        };
        let problems = judge(&ask, backup.as_ref(), schema, schema_latest);
        Ok(Doctor {
            file: ask.file,
            schema,
            schema_latest,
            form,
            forms: self.forms().all().len(),
            units: self.store.unit_counts()?,
            years,
            users,
            backup,
            service_account: ask.service_account,
            problems,
        })
    }
}

/// What is wrong, from the facts alone.
fn judge(ask: &Ask, backup: Option<&(PathBuf, Duration)>, schema: i64, latest: i64) -> Vec<Problem> {
    let mut out = Vec::new();
    if schema < latest {
        out.push(Problem::SchemaBehind { found: schema, latest });
    }
    let Some(f) = &ask.file else {
        return out;
    };
    if !f.wal {
        out.push(Problem::NotWal);
    }
    if let (Some(account), Some((path, found))) = (&ask.service_account, &ask.export_dir) {
        let right = found
            .as_ref()
            .is_some_and(|o| &o.owner == account && o.mode & 0o007 == 0);
        if !right {
            out.push(Problem::ExportDir {
                path: path.clone(),
                found: found.clone(),
            });
        }
    }
    match &ask.service_account {
        Some(account) => {
            if &f.file.owner != account {
                out.push(Problem::NotServiceOwned {
                    path: f.file.path.clone(),
                    owner: f.file.owner.clone(),
                    account: account.clone(),
                });
            }
            for o in std::iter::once(&f.file).chain(f.folder.as_ref()) {
                if o.mode & 0o007 != 0 {
                    out.push(Problem::OpenToOthers {
                        path: o.path.clone(),
                        mode: o.mode,
                    });
                }
            }
        }
        // Officials with accounts of their own share the file through its group.
        None if f.file.mode & 0o020 != 0 => {
            if let Some(d) = f.folder.as_ref().filter(|d| d.mode & 0o2000 == 0) {
                out.push(Problem::FolderNotSetgid {
                    path: d.path.clone(),
                    mode: d.mode,
                });
            }
            for s in &f.sidecars {
                if s.mode & 0o020 == 0 || s.gid != f.file.gid {
                    out.push(Problem::SidecarNotShared {
                        path: s.path.clone(),
                        mode: s.mode,
                    });
                }
            }
        }
        None => {}
    }
    match backup {
        None => out.push(Problem::NoBackup),
        Some((path, age)) if *age > BACKUP_DUE => out.push(Problem::OldBackup {
            path: path.clone(),
            age: *age,
        }),
        Some(_) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(path: &str, mode: u32, owner: &str, gid: u32) -> Owned {
        Owned {
            path: PathBuf::from(path),
            size: 4096,
            mode,
            owner: owner.into(),
            gid,
        }
    }

    fn shared(sidecar_mode: u32, folder_mode: u32) -> Ask {
        Ask {
            file: Some(FileFacts {
                file: owned("/srv/kttt/k.sqlite3", 0o664, "lan", 50),
                wal: true,
                sidecars: vec![owned("/srv/kttt/k.sqlite3-wal", sidecar_mode, "tuan", 50)],
                folder: Some(owned("/srv/kttt", folder_mode, "root", 50)),
            }),
            ..Ask::default()
        }
    }

    const FRESH: Option<&(PathBuf, Duration)> = None;

    #[test]
    fn a_shared_file_needs_a_setgid_folder_and_group_writable_sidecars() {
        let fresh = (PathBuf::from("/b"), Duration::from_secs(3600));
        assert_eq!(judge(&shared(0o664, 0o2775), Some(&fresh), 9, 9), vec![]);
        assert_eq!(
            judge(&shared(0o644, 0o2775), Some(&fresh), 9, 9),
            vec![Problem::SidecarNotShared {
                path: "/srv/kttt/k.sqlite3-wal".into(),
                mode: 0o644
            }]
        );
        assert_eq!(
            judge(&shared(0o664, 0o775), Some(&fresh), 9, 9),
            vec![Problem::FolderNotSetgid {
                path: "/srv/kttt".into(),
                mode: 0o775
            }]
        );
        assert_eq!(judge(&shared(0o664, 0o2775), FRESH, 9, 9), vec![Problem::NoBackup]);
    }

    #[test]
    fn a_service_account_must_own_the_file_and_keep_others_out() {
        let mut ask = shared(0o600, 0o750);
        ask.service_account = Some("kttt".into());
        let old = (PathBuf::from("/b"), Duration::from_secs(31 * 24 * 3600));
        let fresh = (PathBuf::from("/b"), Duration::from_secs(3600));
        // The officials' folder: the service account's and closed to others.
        let folder = |mode, owner: &str| {
            Some((
                PathBuf::from("/srv/kttt/files"),
                Some(owned("/srv/kttt/files", mode, owner, 50)),
            ))
        };
        let mut right = ask.clone();
        right.file.as_mut().unwrap().file.owner = "kttt".into();
        right.file.as_mut().unwrap().file.mode = 0o600;
        right.export_dir = folder(0o750, "kttt");
        assert_eq!(judge(&right, Some(&fresh), 9, 9), vec![]);
        for wrong in [
            folder(0o755, "kttt"),
            folder(0o750, "root"),
            Some(("/srv/kttt/files".into(), None)),
        ] {
            right.export_dir = wrong.clone();
            let (path, found) = wrong.unwrap();
            assert_eq!(
                judge(&right, Some(&fresh), 9, 9),
                vec![Problem::ExportDir { path, found }]
            );
        }
        let found = judge(&ask, Some(&old), 8, 9);
        assert_eq!(
            found,
            vec![
                Problem::SchemaBehind { found: 8, latest: 9 },
                Problem::NotServiceOwned {
                    path: "/srv/kttt/k.sqlite3".into(),
                    owner: "lan".into(),
                    account: "kttt".into()
                },
                Problem::OpenToOthers {
                    path: "/srv/kttt/k.sqlite3".into(),
                    mode: 0o664
                },
                Problem::OldBackup {
                    path: "/b".into(),
                    age: old.1
                },
            ]
        );
    }
}
