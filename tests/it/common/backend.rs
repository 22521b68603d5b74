//! One test suite, two stores: a test written once runs on an SQLite file and on a
//! PostgreSQL database (`both!`). `TestDb` is a database of either kind: opened through
//! the store, the session or the real binary (`--db` is a path or an address), and looked
//! at with raw SQL as another tool would.

use kttt::i18n::Lang;
use kttt::session::{DbChoice, OpenOptions, Session};
use kttt::store::sql::SqlStore;
use kttt::store::sqlite::OpenMode;
use kttt::store::{Fill, StoreResult};
use std::path::PathBuf;

/// Which store a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A test database: a file in a temporary folder, or a database of its own on the test
/// server.
pub struct TestDb {
    pub backend: Backend,
    /// The path or the address, as `--db` takes it.
    pub db: String,
    /// A temporary folder for files the test writes (and the SQLite file).
    pub dir: tempfile::TempDir,
}

impl TestDb {
    /// A place where no database is yet.
    pub fn empty(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let db = match backend {
            Backend::Sqlite => dir.path().join("k.sqlite3").display().to_string(),
            Backend::Postgres => super::pg::fresh_database(),
        };
        TestDb { backend, db, dir }
    }

    /// A new database with the embedded plan: a copy of the one the store seeded once for
    /// this test process (an SQLite file copied byte for byte; on the server a database made
    /// from it as a template), as [`TestDb::create`] with `Fill::Seed` would have made it.
    pub fn seeded(backend: Backend) -> TestDb {
        TestDb::made(backend, Fill::Seed)
    }

    /// A new database without figures (the catalog and the org units), as `kttt init
    /// --empty` makes it: a copy made as [`TestDb::seeded`]'s is.
    pub fn without_figures(backend: Backend) -> TestDb {
        TestDb::made(backend, Fill::Empty)
    }

    fn made(backend: Backend, fill: Fill) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let db = match (backend, fill) {
            (Backend::Sqlite, _) => {
                let path = dir.path().join("k.sqlite3");
                match fill {
                    Fill::Seed => super::seed_copy(&path),
                    Fill::Empty => super::empty_copy(&path),
                }
                path.display().to_string()
            }
            (Backend::Postgres, Fill::Seed) => super::pg::seeded_database(),
            (Backend::Postgres, Fill::Empty) => super::pg::empty_plan_database(),
        };
        TestDb { backend, db, dir }
    }

    /// Makes the database (with this content), its whole unit tree held: a test names
    /// any unit.
    pub fn create(&self, fill: Fill) -> StoreResult<SqlStore> {
        let mut store = match self.backend {
            Backend::Sqlite => SqlStore::open(
                std::path::Path::new(&self.db),
                OpenMode {
                    create: Some(fill),
                    read_only: false,
                    actor: None,
                },
            ),
            Backend::Postgres => SqlStore::open_postgres(&self.db, Some(fill)),
        }?;
        store.hold_all()?;
        Ok(store)
    }

    /// Opens the existing database through the store, its whole unit tree held.
    pub fn store(&self) -> SqlStore {
        let mut store = match self.backend {
            Backend::Sqlite => SqlStore::open(
                std::path::Path::new(&self.db),
                OpenMode {
                    create: None,
                    read_only: false,
                    actor: None,
                },
            ),
            Backend::Postgres => SqlStore::open_postgres(&self.db, None),
        }
        .unwrap();
        store.hold_all().unwrap();
        store
    }

    /// How the session and the command line name it.
    pub fn choice(&self) -> DbChoice {
        DbChoice::named(&self.db)
    }

    /// A session on it (the top unit).
    pub fn session(&self) -> Session {
        Session::new(self.store(), Lang::Vi).unwrap()
    }

    /// A session on a unit, as a user (`--as`; on a server database the user's role, made
    /// here when missing).
    pub fn session_as(&self, user: Option<&str>, unit: Option<&str>) -> Session {
        if let (Backend::Postgres, Some(u)) = (self.backend, user) {
            super::pg::ensure_role(u);
        }
        kttt::session::open(&OpenOptions {
            unit: unit.map(str::to_string),
            user: user.map(str::to_string),
            ..OpenOptions::new(self.choice(), Lang::Vi)
        })
        .unwrap()
    }

    /// The real binary on this database (`KTTT_DB`).
    pub fn kttt(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_kttt"));
        c.env("KTTT_DB", &self.db)
            .env_remove("KTTT_LANG")
            .env_remove("KTTT_CONFIG")
            .current_dir(self.dir.path());
        c
    }

    /// A file path in the test's folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The rows of a query, every value as text (`None` for NULL), on a separate
    /// connection as another tool would read them. The SQL must be portable.
    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        match self.backend {
            Backend::Sqlite => {
                let c = rusqlite::Connection::open(&self.db).unwrap();
                let mut st = c.prepare(sql).unwrap();
                let n = st.column_count();
                st.query_map([], |r| {
                    Ok((0..n)
                        .map(|i| match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Null => None,
                            rusqlite::types::ValueRef::Integer(i) => Some(i.to_string()),
                            rusqlite::types::ValueRef::Real(f) => Some(f.to_string()),
                            rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                                Some(String::from_utf8_lossy(t).into_owned())
                            }
                        })
                        .collect())
                })
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
            }
            Backend::Postgres => {
                let mut c = postgres::Client::connect(&self.db, postgres::NoTls).unwrap();
                let rows = c.query(sql, &[]).unwrap();
                rows.iter()
                    .map(|r| {
                        (0..r.len())
                            .map(|i| {
                                use postgres::types::Type;
                                match *r.columns()[i].type_() {
                                    Type::INT2 => r.get::<_, Option<i16>>(i).map(|x| x.to_string()),
                                    Type::INT4 => r.get::<_, Option<i32>>(i).map(|x| x.to_string()),
                                    Type::INT8 => r.get::<_, Option<i64>>(i).map(|x| x.to_string()),
                                    Type::BOOL => r.get::<_, Option<bool>>(i).map(|x| i32::from(x).to_string()),
                                    Type::NUMERIC => r
                                        .get::<_, Option<rust_decimal::Decimal>>(i)
                                        .map(|x| kttt::domain::number::canonical(&x)),
                                    _ => r.get::<_, Option<String>>(i),
                                }
                            })
                            .collect()
                    })
                    .collect()
            }
        }
    }

    /// A number from raw SQL (the first column of the first row).
    pub fn count(&self, sql: &str) -> i64 {
        self.rows(sql)
            .first()
            .and_then(|r| r.first().cloned().flatten())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no number from {sql}"))
    }

    /// What staging an import writes: (scenarios, audit rows).
    pub fn staged(&self) -> (i64, i64) {
        (
            self.count("SELECT count(*) FROM scenario"),
            self.count("SELECT count(*) FROM audit"),
        )
    }

    /// The plan with a by-unit sheet after each appendix, written by `kttt export` to a
    /// file in the test's folder: a workbook long enough to read for a test of long work.
    pub fn export_by_unit(&self, name: &str) -> PathBuf {
        let o = self
            .kttt()
            .args(["export", "--by-unit", "--out", name])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        self.file(name)
    }

    /// Runs a statement (a test writing as another tool would).
    pub fn exec(&self, sql: &str) {
        match self.backend {
            Backend::Sqlite => {
                rusqlite::Connection::open(&self.db)
                    .unwrap()
                    .execute_batch(sql)
                    .unwrap();
            }
            Backend::Postgres => {
                postgres::Client::connect(&self.db, postgres::NoTls)
                    .unwrap()
                    .batch_execute(sql)
                    .unwrap();
            }
        }
    }
}

/// Writes a test once for both stores: `both!(fn name(b) { … })` makes `name::sqlite` and
/// `name::postgres`, each with `b` the backend.
#[macro_export]
macro_rules! both {
    ($(#[$m:meta])* fn $name:ident($b:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn run($b: $crate::common::backend::Backend) $body
            $(#[$m])*
            #[test]
            fn sqlite() {
                run($crate::common::backend::Backend::Sqlite)
            }
            $(#[$m])*
            #[test]
            fn postgres() {
                run($crate::common::backend::Backend::Postgres)
            }
        }
    };
}

/// Runs tests written as `fn name(b: Backend)` on both stores: `on_both!(name, …)` makes
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sqlite() {
                    super::$name($crate::common::backend::Backend::Sqlite)
                }
                #[test]
                fn postgres() {
                    super::$name($crate::common::backend::Backend::Postgres)
                }
            }
        )+
    };
}
