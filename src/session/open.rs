//! Opening a session: which database (a path the user named is never created behind their
//! back; only the default location is), for reading or writing, on which org unit. Both the
//! command line and the app open their session here.

use super::{Db, Session};
use crate::domain::org::{OrgId, Unresolved, When};
use crate::domain::text::sanitize;
use crate::error::{Error, Refused, Result};
use crate::i18n::{Lang, Text};
use crate::store::sqlite::{OpenMode, SqliteStore};
use crate::store::{Fill, SqlStore, StoreError};
use std::path::PathBuf;

/// Where the database is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbChoice {
    /// A path the user named (`--db`, `KTTT_DB`): created only when asked to.
    Explicit(PathBuf),
    /// The platform's data folder: created, with the embedded plan, on first use.
    Default,
    /// A PostgreSQL server (`postgres://…`): the database must exist; `kttt init` makes it
    /// a kttt database.
    Server(String),
}

impl DbChoice {
    /// The choice a named database (`--db`, `KTTT_DB`, a configuration file) makes: a
    /// server address or a file path.
    pub fn named(db: &str) -> DbChoice {
        if crate::store::is_server_address(db) {
            DbChoice::Server(db.to_string())
        } else {
            DbChoice::Explicit(PathBuf::from(db))
        }
    }
}

/// How to open a session.
#[derive(Clone, Debug)]
pub struct OpenOptions {
    pub db: DbChoice,
    pub lang: Lang,
    /// The org unit to look at (code, statistics code or name); the top unit when `None`.
    pub unit: Option<String>,
    /// The plan year the command works in (`--year`); the latest plan when `None`.
    pub year: Option<i32>,
    /// When the unit must have existed, if not in the plan year (a command about one period
    /// names the units of that period's end; listing units and grants name any unit).
    pub when: Option<When>,
    /// Create the database with this content when it does not exist (`kttt init`, or after
    /// the user said yes).
    pub create: Option<Fill>,
    /// The command only reads: a database in a folder that cannot be written is opened
    /// read-only instead of refused.
    pub read_only_ok: bool,
    /// Who the audit names; the operating-system account when `None`.
    pub user: Option<String>,
    /// Without a year: open at the latest plan showing this period (a command about one
    /// figure sees its neighbours).
    pub period: Option<crate::domain::period::Period>,
    /// Look at this open scenario (by name or number) from the start.
    pub scenario: Option<String>,
    /// Only the unit's own sheet is shown at first: the parts' figures may stay unread
    /// while the roll-ups kept for it are current (see [`super::Session::need_parts`]).
    pub lean: bool,
    /// Only the unit's own figures are read (see [`super::At::own_only`]).
    pub own_only: bool,
}

impl OpenOptions {
    /// Options for a command that reads and writes, on the given database.
    pub fn new(db: DbChoice, lang: Lang) -> OpenOptions {
        OpenOptions {
            db,
            lang,
            unit: None,
            year: None,
            when: None,
            create: None,
            read_only_ok: false,
            user: None,
            period: None,
            scenario: None,
            lean: false,
            own_only: false,
        }
    }
}

/// The platform's data folder for kttt (`~/.local/share/kttt/kttt.sqlite3` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "kttt", "kttt").map(|d| d.data_dir().join("kttt.sqlite3"))
}

/// The path of a database choice (a server has none).
pub fn path_of(db: &DbChoice) -> Result<PathBuf> {
    match db {
        DbChoice::Explicit(p) => Ok(p.clone()),
        DbChoice::Server(url) => Err(Refused::ServerNotFile {
            address: crate::store::shown_address(url),
        }
        .into()),
        DbChoice::Default => default_path().ok_or(Refused::NoDataFolder.into()),
    }
}

/// Opens the store a choice names.
fn open_store(o: &OpenOptions) -> Result<crate::store::SqlStore> {
    if let DbChoice::Server(url) = &o.db {
        return Ok(SqlStore::open_postgres(url, o.create)?);
    }
    let path = path_of(&o.db)?;
    let create = match (&o.db, o.create) {
        (_, Some(f)) => Some(f),
        (DbChoice::Default, None) => Some(Fill::Seed),
        (DbChoice::Explicit(_) | DbChoice::Server(_), None) => None,
    };
    if o.db == DbChoice::Default
        && let Some(dir) = path.parent()
        && !dir.exists()
    {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
    }
    let store = match SqliteStore::open(
        &path,
        OpenMode {
            create,
            read_only: false,
            actor: None,
        },
    ) {
        Err(StoreError::ReadOnlyDir { .. } | StoreError::ReadOnlyFile { .. }) if o.read_only_ok => SqliteStore::open(
            &path,
            OpenMode {
                create: None,
                read_only: true,
                actor: None,
            },
        )?,
        other => other?,
    };
    Ok(store)
}

/// Opens a session.
pub fn open(o: &OpenOptions) -> Result<Session> {
    let (s, ask) = open_asking(o)?;
    match ask {
        Some(a) => Err(a.error),
        None => Ok(s),
    }
}

/// A unit name that several units of the plan year share: the app asks which is meant.
pub struct Ask {
    /// What the user typed.
    pub query: String,
    /// The units of that time with the name, in display order.
    pub units: Vec<OrgId>,
    /// The refusal the command line gives, listing each with its code.
    pub error: Error,
}

/// Opens a session; a unit name that several units of the time share opens it on the top
/// unit and says which units could be meant, so the app can ask.
pub fn open_asking(o: &OpenOptions) -> Result<(Session, Option<Ask>)> {
    let mut db = open_db(o)?;
    let year = plan_year(&db.store, o.year)?;
    let mut ask = None;
    let unit = match &o.unit {
        Some(u) => {
            let when = o.when.unwrap_or(When::Year(year));
            match resolve(&mut db.store, u, when) {
                Ok(id) => Some(id),
                Err((Unresolved::Ambiguous { units, .. }, error)) => {
                    ask = Some(Ask {
                        query: u.clone(),
                        units,
                        error,
                    });
                    None
                }
                Err((_, e)) => return Err(e),
            }
        }
        None => None,
    };
    let s = db.session(
        unit,
        super::At {
            year: o.year.or(o.period.is_none().then_some(year)),
            period: o.period,
            scenario: o.scenario.clone(),
            lean: o.lean,
            own_only: o.own_only,
        },
    )?;
    Ok((s, ask))
}

/// Opens the database the options name, as the user they name; reads no figure and holds
/// only the top units.
pub(super) fn open_db(o: &OpenOptions) -> Result<Db> {
    // The default location is made, with the sample plan, on first use: the handle knows,
    // so that the shells can say where (a database made without a word is how work ends up
    // in a copy nobody looks at).
    let fresh = match &o.db {
        DbChoice::Default => default_path().filter(|p| !p.exists()),
        _ => None,
    };
    let mut store = open_store(o)?;
    if let Some(u) = &o.user {
        if !store.has_users()? {
            return Err(Refused::NoUsersYet.into());
        }
        // A name the database does not know is refused before any server role is tried.
        if !store.is_user(u)? {
            return Err(super::access::not_a_user(u));
        }
        store.set_actor(crate::store::Actor { user: sanitize(u) })?;
    }
    let mut db = Db::new(store, o.lang);
    db.created = fresh;
    Ok(db)
}

/// The plan year a command works in: the one asked for when the database holds it, else the
/// latest plan (the year a session opens at).
fn plan_year(store: &crate::store::SqlStore, asked: Option<i32>) -> Result<i32> {
    Ok(super::plan_year_of(&store.plans()?, asked))
}

/// Finds an org unit by code, statistics code or name among the units of a time; an unknown
/// one gets the list, an ambiguous one each unit with its code, an absent one its dates and
/// the units its figures belong to.
pub fn lookup_unit(s: &mut Session, query: &str, when: When) -> Result<OrgId> {
    s.db_mut().lookup_unit(query, when)
}

/// Resolves a name among the units the store finds by it (held for the purpose); for an
/// unknown name, the units whose names hold it are held, for the message to list.
pub(super) fn resolve(
    store: &mut SqlStore,
    query: &str,
    when: When,
) -> std::result::Result<OrgId, (Unresolved, Error)> {
    let fail = |e: StoreError| (Unresolved::Unknown, Error::from(e));
    store.find_units(query).map_err(fail)?;
    let why = match store.orgs().resolve(query, when) {
        Ok(id) => return Ok(id),
        Err(why) => why,
    };
    if why == Unresolved::Unknown && store.search_units(query, None, 40).map_err(fail)?.is_empty() {
        let orgs = store.orgs();
        let roots: Vec<OrgId> = orgs
            .in_order()
            .into_iter()
            .filter(|r| orgs.parent_of(*r).is_none())
            .collect();
        for r in roots {
            store.hold_children(r).map_err(fail)?;
        }
    }
    let orgs = store.orgs();
    let e = Error::Said(Text::new(
        why.message(orgs, query, Lang::Vi),
        why.message(orgs, query, Lang::En),
    ));
    Err((why, e))
}

/// What `kttt init` did.
pub struct Created {
    pub path: PathBuf,
    /// Where the database it replaced was moved.
    pub backup: Option<PathBuf>,
    /// The users (and their grants) carried over from the database it replaced.
    pub users_kept: usize,
    /// The new database's session.
    pub session: Session,
}

/// Creates a database at the options' path (`o.create` says with what). An existing one is
/// replaced only with `force`, only if it is a kttt database, and only while no other
/// session has it open; it is kept beside the new one under a name no later run can reuse,
/// and the new database's audit trail names it.
pub fn init(o: &OpenOptions, force: bool) -> Result<Created> {
    use crate::store::sqlite;
    if let DbChoice::Server(url) = &o.db {
        return init_server(o, url, force);
    }
    let path = path_of(&o.db)?;
    let meta = std::fs::metadata(&path).ok();
    let mut backup = None;
    let mut carried = Vec::new();
    if let Some(m) = &meta {
        if !m.is_file() {
            return Err(StoreError::NotKttt {
                path: path.clone(),
                why: crate::store::NotKttt::NotAFile,
            }
            .into());
        }
        if m.len() > 0 {
            if !force {
                return Err(Refused::DatabaseExists { path }.into());
            }
            sqlite::classify(&path)?;
            if sqlite::in_use(&path)? {
                return Err(StoreError::InUse { path: path.clone() }.into());
            }
            carried = users_of(&path);
            backup = Some(sqlite::move_aside(&path)?);
        }
    } else if o.db == DbChoice::Default
        && let Some(dir) = path.parent()
    {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
    }
    let fill = o.create.unwrap_or(Fill::Seed);
    let mut store = SqliteStore::open(
        &path,
        OpenMode {
            create: Some(fill),
            read_only: false,
            actor: o.user.as_ref().map(|u| crate::store::Actor { user: sanitize(u) }),
        },
    )?;
    if let Some(b) = &backup {
        crate::store::SqlStore::note(
            &mut store,
            "init",
            &format!("new database; the one it replaced was kept as {}", b.display()),
        )?;
        if !carried.is_empty() {
            crate::store::SqlStore::restore_users(&mut store, &carried, &b.display().to_string())?;
        }
    }
    let users_kept = carried.len();
    let session = Session::new(store, o.lang)?;
    Ok(Created {
        path,
        backup,
        users_kept,
        session,
    })
}

/// The users of a database about to be replaced, with their grants by unit code (none when
/// it cannot be read).
fn users_of(path: &std::path::Path) -> Vec<crate::store::sql::CarriedUser> {
    let Ok(mut old) = SqliteStore::open(
        path,
        OpenMode {
            create: None,
            read_only: true,
            actor: None,
        },
    ) else {
        return Vec::new();
    };
    let store: &mut crate::store::SqlStore = &mut old;
    let users = store.users(false).unwrap_or_default();
    let orgs = store.orgs().clone();
    users
        .into_iter()
        .map(|u| crate::store::sql::CarriedUser {
            name: u.name,
            display: u.display,
            grants: u.grants.iter().map(|(o, r)| (orgs.get(*o).code.clone(), *r)).collect(),
        })
        .collect()
}

/// `kttt init` on a server: makes an empty database a kttt database. One that holds kttt
/// data already is never replaced (`--force` included): dropping a server database is its
/// administrator's decision (`dropdb`, then `createdb`).
fn init_server(o: &OpenOptions, url: &str, force: bool) -> Result<Created> {
    let shown = crate::store::shown_address(url);
    match SqlStore::open_postgres(url, None) {
        Ok(_) => {
            return Err(Refused::ServerDatabaseExists { address: shown, force }.into());
        }
        Err(StoreError::Refused(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let store = SqlStore::open_postgres(url, Some(o.create.unwrap_or(Fill::Seed)))?;
    let session = Session::new(store, o.lang)?;
    Ok(Created {
        path: PathBuf::from(shown),
        backup: None,
        users_kept: 0,
        session,
    })
}
