//! Where kttt may read and write files besides its database. Every command declares what it
//! touches (`cli::Touches`); this module decides where that may be. A process working for
//! itself writes where its account may — except the database, its journals and backups, the
//! account's `~/.ssh`, and over any existing database ([`guard`]). An official acting under
//! `--as` on a shared server (the service account's rights, not their own) gets only standard
//! input and output, or a folder of their own that the server's configuration names
//! (`export_dir`): a bare file name there, never a path.

pub mod guard;
pub mod write;

use crate::error::{Error, Refused, Result};
use guard::Guard;
use std::path::{Path, PathBuf};

/// Where a file a command produces goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Standard output (`--out -`).
    Stdout,
    /// A file, checked by the policy.
    File(PathBuf),
}

/// Where a file a command reads comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file the policy allows.
    File(PathBuf),
}

/// An official acting under `--as`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confined {
    /// The kttt user.
    pub user: String,
    /// The server's folder for officials' files (`export_dir`), if it names one; each
    /// official has a folder of their own in it.
    pub export_dir: Option<PathBuf>,
}

/// The file policy of a process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    confined: Option<Confined>,
    guard: Guard,
}

/// Whether a name asks for standard input or output.
pub fn is_dash(p: &Path) -> bool {
    p.as_os_str() == "-"
}

impl Files {
    /// A process working for its own account on `db` (a file; `None` on a server).
    pub fn local(db: Option<&Path>) -> Files {
        Files {
            confined: None,
            guard: Guard::new(db, false),
        }
    }

    /// An official acting under `--as` through the service account.
    pub fn confined(official: Confined, db: Option<&Path>) -> Files {
        Files {
            confined: Some(official),
            guard: Guard::new(db, true),
        }
    }

    /// The official acting under `--as`, if any.
    pub fn official(&self) -> Option<&Confined> {
        self.confined.as_ref()
    }

    /// The official's own folder (made on first use), or why there is none.
    fn own_folder(&self, c: &Confined) -> Result<PathBuf> {
        let Some(dir) = &c.export_dir else {
            return Err(Refused::StreamsOnly {
                account: service_account(),
            }
            .into());
        };
        let safe = !c.user.is_empty()
            && !c.user.starts_with('.')
            && c.user
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-'));
        if !safe {
            return Err(Refused::NoFolderName { user: c.user.clone() }.into());
        }
        let mine = dir.join(&c.user);
        if !mine.is_dir() {
            std::fs::create_dir_all(&mine).map_err(|e| Error::Io {
                path: mine.clone(),
                source: e,
            })?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&mine, std::fs::Permissions::from_mode(0o750));
            }
        }
        Ok(mine)
    }

    /// A bare file name in the official's folder: no folders, nothing hidden.
    fn in_own_folder(&self, c: &Confined, asked: &Path) -> Result<PathBuf> {
        let name = asked.to_string_lossy();
        let bare = asked.components().count() == 1
            && matches!(asked.components().next(), Some(std::path::Component::Normal(_)))
            && !name.starts_with('.')
            && !name.contains('/');
        if !bare {
            return Err(Refused::NotBareName { name: name.to_string() }.into());
        }
        Ok(self.own_folder(c)?.join(asked))
    }

    /// Where a file the command produces (`--out`) goes.
    pub fn output(&self, asked: &Path) -> Result<Output> {
        if is_dash(asked) {
            return Ok(Output::Stdout);
        }
        let path = match &self.confined {
            Some(c) => self.in_own_folder(c, asked)?,
            None => asked.to_path_buf(),
        };
        self.guard.check(&path)?;
        Ok(Output::File(path))
    }

    /// Where a file the command reads comes from.
    pub fn input(&self, asked: &Path) -> Result<Input> {
        if is_dash(asked) {
            return Ok(Input::Stdin);
        }
        match &self.confined {
            Some(c) => Ok(Input::File(self.in_own_folder(c, asked)?)),
            None => Ok(Input::File(asked.to_path_buf())),
        }
    }

    /// A further file beside an output (one CSV per appendix): the same checks.
    pub fn check(&self, path: &Path) -> Result<()> {
        self.guard.check(path)
    }

    /// A file an administrator's command writes (a backup, a synthetic database): anywhere
    /// the account may, but never what the guard protects.
    pub fn server_file(&self, asked: &Path) -> Result<PathBuf> {
        self.guard.check(asked)?;
        Ok(asked.to_path_buf())
    }
}

/// The service account's name for messages: the configured one, else this account.
pub fn service_account() -> String {
    crate::config::load()
        .ok()
        .and_then(|c| c.service_account)
        .unwrap_or_else(|| crate::store::os_account().to_string())
}

/// This machine's name, for the commands an official types on their own computer (`None`:
/// unknown, the words put a placeholder).
pub fn host_name() -> Option<String> {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: gethostname writes at most `len` bytes into the buffer it is given.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
            let name = String::from_utf8_lossy(&buf[..end]).to_string();
            if !name.is_empty() {
                return Some(crate::domain::text::sanitize(&name));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_official_gets_standard_streams_or_a_bare_name_in_their_folder() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("kttt.sqlite3");
        std::fs::write(&db, b"").unwrap();
        let exports = d.path().join("exports");
        std::fs::create_dir(&exports).unwrap();
        let f = Files::confined(
            Confined {
                user: "lan".into(),
                export_dir: Some(exports.clone()),
            },
            Some(&db),
        );
        assert_eq!(f.output(Path::new("-")).unwrap(), Output::Stdout);
        assert_eq!(
            f.output(Path::new("ke-hoach.xlsx")).unwrap(),
            Output::File(exports.join("lan/ke-hoach.xlsx"))
        );
        assert!(exports.join("lan").is_dir());
        for bad in [
            db.to_str().unwrap(),
            "../kttt.sqlite3",
            "/etc/passwd",
            "lan/../../x",
            ".bashrc",
            "a/b.xlsx",
            "..",
        ] {
            assert!(f.output(Path::new(bad)).is_err(), "{bad}");
            assert!(f.input(Path::new(bad)).is_err(), "{bad}");
        }
        assert_eq!(f.input(Path::new("-")).unwrap(), Input::Stdin);
        // Without a folder configured: only the streams, and the message says how.
        let none = Files::confined(
            Confined {
                user: "lan".into(),
                export_dir: None,
            },
            Some(&db),
        );
        let e = none.output(Path::new("ke-hoach.xlsx")).unwrap_err();
        assert!(e.message(crate::i18n::Lang::Vi).contains("--out -"), "{e}");
        // A process working for itself writes where it may, but not over the database.
        let local = Files::local(Some(&db));
        assert!(local.output(&d.path().join("x.xlsx")).is_ok());
        assert!(local.output(&db).is_err());
        assert!(local.server_file(&d.path().join("kttt.sqlite3-wal")).is_err());
    }
}
