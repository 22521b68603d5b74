//! Where the app opens: where the user last looked (a unit and a plan year), so that a
//! district clerk does not pick the district every morning. An official acting under `--as`
//! on a shared server has it kept in the database (the service account's files are not
//! theirs); anyone else in a small file of their own (`~/.local/state/kttt/views.toml`),
//! one entry per database.

use crate::session::Session;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where the last view is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Keeper {
    /// In the database, for the acting user.
    Database,
    /// In a file of the user's, under the database's name.
    File { file: PathBuf, db: String },
}

#[derive(Serialize, Deserialize, Default)]
struct Views {
    #[serde(default)]
    view: Vec<View>,
}

#[derive(Serialize, Deserialize, Clone)]
struct View {
    db: String,
    unit: String,
    year: i32,
}

/// How many databases the file remembers.
const KEEP: usize = 20;

/// The user's own file of last views (`None` where the platform has no such folder).
pub fn default_file() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("vn", "kttt", "kttt")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("views.toml"))
}

fn read(file: &Path) -> Views {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

impl Keeper {
    /// The remembered unit and plan year for this session's database, if still there.
    pub fn recall(&self, s: &mut Session) -> Option<(crate::domain::org::OrgId, i32)> {
        match self {
            Keeper::Database => s.last_view(),
            Keeper::File { file, db } => {
                let v = read(file).view.into_iter().find(|v| v.db == *db)?;
                let org = s.unit_of_code(&v.unit)?;
                s.plan_years().contains(&v.year).then_some((org, v.year))
            }
        }
    }

    /// Keeps where the session looks now (quietly: a place that cannot be written keeps
    /// nothing).
    pub fn keep(&self, s: &mut Session) {
        match self {
            Keeper::Database => s.remember_view(),
            Keeper::File { file, db } => {
                let mut views = read(file);
                views.view.retain(|v| v.db != *db);
                views.view.insert(
                    0,
                    View {
                        db: db.clone(),
                        unit: s.unit().code.clone(),
                        year: s.year(),
                    },
                );
                views.view.truncate(KEEP);
                let Ok(text) = toml::to_string(&views) else { return };
                let text = format!("# Where kttt last looked, per database (kttt writes this file).\n{text}");
                if let Some(dir) = file.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                let _ = crate::files::write::write_new(file, text.as_bytes(), true);
            }
        }
    }
}

/// Restores the last view into a session opened without `--unit` (a unit the user may no
/// longer see, or a year without a plan, is left alone).
pub fn restore(keeper: &Keeper, s: &mut Session) {
    if let Some((org, year)) = keeper.recall(s) {
        if org != s.org() && s.set_org(org).is_err() {
            return;
        }
        if year != s.year() {
            let _ = s.set_year(year);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_keeps_a_view_per_database() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("k.sqlite3");
        let mut s = crate::session::open(&crate::session::OpenOptions::new(
            crate::session::DbChoice::Explicit(db.clone()),
            crate::i18n::Lang::Vi,
        ));
        assert!(s.is_err(), "a named database is not made behind the user's back");
        let o = crate::session::OpenOptions {
            create: Some(crate::store::Fill::Seed),
            ..crate::session::OpenOptions::new(crate::session::DbChoice::Explicit(db.clone()), crate::i18n::Lang::Vi)
        };
        s = crate::session::open(&o);
        let mut s = s.unwrap();
        let keeper = Keeper::File {
            file: d.path().join("state/views.toml"),
            db: db.display().to_string(),
        };
        assert_eq!(keeper.recall(&mut s), None);
        let ba_be = s.orgs().by_code("ba-be").unwrap();
        s.set_org(ba_be).unwrap();
        keeper.keep(&mut s);
        let mut again = crate::session::open(&o).unwrap();
        assert_eq!(again.unit().code, "bac-kan");
        restore(&keeper, &mut again);
        assert_eq!(again.unit().code, "ba-be");
        // Another database's entry is its own.
        let other = Keeper::File {
            file: d.path().join("state/views.toml"),
            db: "/elsewhere.sqlite3".into(),
        };
        assert_eq!(other.recall(&mut again), None);
    }
}
