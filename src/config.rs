//! The configuration files: a system-wide one (`/etc/kttt/config.toml`, or the file
//! `KTTT_CONFIG` names) for everyone on a server, and a user's own
//! (`~/.config/kttt/config.toml`). The database is chosen by `--db`, else `KTTT_DB`, else the
//! user's file, else the system's, else the default location. The service account (the one
//! account allowed to act for officials with `--as`) and the officials' file folder
//! (`export_dir`) are read from the system file only.

use crate::error::{Error, Refused, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What the configuration files say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The database, from the user's file, else the system's.
    pub db: Option<PathBuf>,
    /// The language, likewise.
    pub lang: Option<String>,
    /// The service account that owns a shared database (system file only).
    pub service_account: Option<String>,
    /// On a shared server, the folder in which each official acting under `--as` has a
    /// folder of their own for the files they export or import (system file only).
    pub export_dir: Option<PathBuf>,
    /// The files read, in order.
    pub files: Vec<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    db: Option<PathBuf>,
    lang: Option<String>,
    service_account: Option<String>,
    export_dir: Option<PathBuf>,
}

/// The system-wide file: `KTTT_CONFIG`, else `/etc/kttt/config.toml`.
pub fn system_path() -> PathBuf {
    std::env::var_os("KTTT_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/etc/kttt/config.toml"))
}

/// The user's own file.
pub fn user_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "kttt", "kttt").map(|d| d.config_dir().join("config.toml"))
}

fn read(path: &Path) -> Result<Option<RawConfig>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source: e,
            });
        }
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        Refused::Config {
            path: path.to_path_buf(),
            error: e.to_string(),
        }
        .into()
    })
}

/// Reads the system file, then the user's (which wins for `db` and `lang`).
pub fn load() -> Result<Config> {
    let mut c = Config::default();
    let system = system_path();
    if let Some(s) = read(&system)? {
        c.db = s.db;
        c.lang = s.lang;
        c.service_account = s.service_account;
        c.export_dir = s.export_dir;
        c.files.push(system);
    }
    if let Some(path) = user_path()
        && let Some(u) = read(&path)?
    {
        for (key, set) in [
            ("service_account", u.service_account.is_some()),
            ("export_dir", u.export_dir.is_some()),
        ] {
            if set {
                return Err(Refused::SystemOnly {
                    path,
                    key: key.to_string(),
                }
                .into());
            }
        }
        c.db = u.db.or(c.db);
        c.lang = u.lang.or(c.lang);
        c.files.push(path);
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_and_refuse_unknown_keys() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.toml");
        std::fs::write(&p, "db = \"/srv/kttt/kttt.sqlite3\"\nservice_account = \"kttt\"\n").unwrap();
        let r = read(&p).unwrap().unwrap();
        assert_eq!(r.db.as_deref(), Some(Path::new("/srv/kttt/kttt.sqlite3")));
        assert_eq!(r.service_account.as_deref(), Some("kttt"));
        std::fs::write(&p, "database = \"x\"\n").unwrap();
        assert!(read(&p).is_err());
        assert!(read(&d.path().join("none.toml")).unwrap().is_none());
    }
}
