//! The PostgreSQL store: the same logic as the SQLite file (`store::sql`) over a server
//! connection (the synchronous `postgres` crate). Figures are `NUMERIC`; every write
//! transaction holds one advisory lock, so batch ids are handed out in commit order; other
//! sessions are woken by `LISTEN/NOTIFY`, and the change cursor stays the source of truth
//! (a connection that was lost is opened again and the session reads from its cursor).

mod bulk;
mod convert;
pub mod schema;
mod security;
mod tls;
mod watch;

use super::sql::{Conn, Core, Db, Dialect, Row, SqlStore, Transactions, Value};
use super::{Fill, NotKttt, StoreError, StoreResult};
use crate::store::{Denial, Refusal};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Statement};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::Path;

/// The channel writers notify and sessions listen on.
pub const CHANNEL: &str = "kttt";

/// Whether a database address names a PostgreSQL server (`postgres://…`, `postgresql://…`).
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// A connection to a kttt database on a PostgreSQL server.
pub struct PgConn {
    client: RefCell<Client>,
    url: String,
    /// Prepared statements by their kttt text (the server keeps them per connection).
    cache: RefCell<HashMap<String, Statement>>,
    /// Notifications arrived or the connection was opened again since the last look.
    woken: Cell<bool>,
    /// The role this connection acts as (`SET ROLE`, for `--as`), set again on reconnecting.
    role: RefCell<Option<String>>,
    /// What this connection's watch heard (its notification can come before this
    /// connection's own copy does).
    watched: RefCell<Option<std::sync::Arc<crate::store::watch::Shared>>>,
}

/// The address without its password, for messages.
pub fn shown(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((who, host)) => {
                let user = who.split(':').next().unwrap_or("");
                format!("{scheme}://{user}@{host}")
            }
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

fn unreachable(url: &str, e: &postgres::Error) -> StoreError {
    // The whole chain: "error performing TLS handshake: … certificate verify failed".
    let mut why = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        why.push_str(&format!(": {c}"));
        cause = c.source();
    }
    StoreError::Unreachable(format!("{} ({why})", shown(url)))
}

/// Opens a client on an address (TLS as it asks).
fn client(url: &str) -> StoreResult<Client> {
    let a = tls::split(url);
    let connector = tls::connector(a.root_cert.as_deref())?;
    Client::connect(&a.url, connector).map_err(|e| unreachable(url, &e))
}

fn connect(url: &str) -> StoreResult<Client> {
    let mut client = client(url)?;
    client
        .batch_execute(&format!("SET client_min_messages = warning; LISTEN {CHANNEL}"))
        .map_err(|e| unreachable(url, &e))?;
    Ok(client)
}

/// Turns a server error into a store error.
pub(crate) fn pg_err(url: &str, e: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    if e.is_closed() {
        return unreachable(url, &e);
    }
    match e.code() {
        Some(c)
            if *c == SqlState::UNIQUE_VIOLATION
                || *c == SqlState::FOREIGN_KEY_VIOLATION
                || *c == SqlState::CHECK_VIOLATION
                || *c == SqlState::NOT_NULL_VIOLATION =>
        {
            StoreError::Constraint(
                e.as_db_error()
                    .map_or_else(|| e.to_string(), |d| d.message().to_string()),
            )
        }
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED => {
            StoreError::Busy
        }
        Some(c) if *c == SqlState::DISK_FULL => StoreError::DiskFull {
            path: std::path::PathBuf::from(shown(url)),
        },
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => refused_by_server(&e),
        _ => match e.as_db_error() {
            Some(d) => StoreError::Backend(d.message().to_string()),
            None => unreachable(url, &e),
        },
    }
}

/// A refusal by the server's privileges, its row-level security or kttt's own triggers
/// (whose message is Vietnamese and whose detail is English).
fn refused_by_server(e: &postgres::Error) -> StoreError {
    let (msg, detail) = e.as_db_error().map_or_else(
        || (e.to_string(), None),
        |d| (d.message().to_string(), d.detail().map(str::to_string)),
    );
    Denial::Server { message: msg, detail }.into()
}

/// A role name as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl PgConn {
    /// Opens a connection to the database at `url` and listens for other sessions' commits.
    pub fn connect(url: &str) -> StoreResult<PgConn> {
        Ok(PgConn {
            client: RefCell::new(connect(url)?),
            url: url.to_string(),
            cache: RefCell::new(HashMap::new()),
            woken: Cell::new(false),
            role: RefCell::new(None),
            watched: RefCell::new(None),
        })
    }

    /// The role the server takes this connection for (the kttt user), whether that role is
    /// trusted (it owns the database, acts with the owner's privileges, or is a superuser),
    /// and the owner's name.
    pub fn identity(&self) -> StoreResult<(String, bool, String)> {
        use super::sql::{DbExt, params};
        self.query_row(
            "SELECT current_user::text,
                    coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
                        OR pg_has_role(current_user, datdba, 'USAGE'),
                    pg_catalog.pg_get_userbyid(datdba)::text
             FROM pg_database WHERE datname = current_database()",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    /// Acts as another role from now on (`SET ROLE`): the server then enforces that role's
    /// rights. The connection's own role must be a member of it (`GRANT lan TO kttt_ssh`).
    fn set_role(&self, name: &str) -> StoreResult<()> {
        let refuse = |why: String| {
            let me: String = super::sql::DbExt::query_row(&*self, "SELECT session_user::text", &[], |r| r.get(0))
                .unwrap_or_default();
            let (name, me) = (crate::domain::text::sanitize(name), crate::domain::text::sanitize(&me));
            StoreError::from(Refusal::ActAs { name, me, why })
        };
        let done = self
            .client
            .borrow_mut()
            .batch_execute(&format!("SET ROLE {}", quoted(name)));
        match done {
            Ok(()) => {}
            Err(e) if e.is_closed() => return Err(unreachable(&self.url, &e)),
            Err(e) => {
                let why = e
                    .as_db_error()
                    .map_or_else(|| e.to_string(), |d| d.message().to_string());
                return Err(refuse(why));
            }
        }
        *self.role.borrow_mut() = Some(name.to_string());
        Ok(())
    }

    fn statement(&self, sql: &str) -> StoreResult<Statement> {
        if let Some(st) = self.cache.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self
            .client
            .borrow_mut()
            .prepare(&convert::numbered(sql))
            .map_err(|e| pg_err(&self.url, e))?;
        self.cache.borrow_mut().insert(sql.to_string(), st.clone());
        Ok(st)
    }

    /// Runs a statement (prepared once per connection) with `run`, given the parameters as
    /// the server takes them.
    fn with_statement<T>(
        &self,
        sql: &str,
        params: &[Value],
        run: impl FnOnce(&mut Client, &Statement, &[&(dyn postgres::types::ToSql + Sync)]) -> Result<T, postgres::Error>,
    ) -> StoreResult<T> {
        let st = self.statement(sql)?;
        let args = convert::args(params);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(|a| a as _).collect();
        run(&mut self.client.borrow_mut(), &st, &refs).map_err(|e| pg_err(&self.url, e))
    }

    /// Runs statements on the raw client (bulk loads, tests).
    pub fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    /// The database's address (without its password).
    pub fn address(&self) -> String {
        shown(&self.url)
    }

    /// Opens the connection again when it was lost; says whether it did.
    fn reconnect_if_lost(&self) -> StoreResult<bool> {
        if !self.client.borrow().is_closed() {
            return Ok(false);
        }
        let fresh = connect(&self.url)?;
        *self.client.borrow_mut() = fresh;
        self.cache.borrow_mut().clear();
        // The new connection acts as the same role, or not at all.
        let role = self.role.borrow().clone();
        if let Some(r) = role {
            self.set_role(&r)?;
        }
        Ok(true)
    }

    /// Drops the connection (as a lost network would), for tests of reconnecting.
    pub fn drop_connection_for_test(&self) -> StoreResult<()> {
        let pid: i32 = {
            let mut c = self.client.borrow_mut();
            c.query_one("SELECT pg_backend_pid()", &[])
                .map_err(|e| pg_err(&self.url, e))?
                .get(0)
        };
        // Another connection ends this one's server process.
        let mut other = client(&self.url)?;
        other
            .execute("SELECT pg_terminate_backend($1)", &[&pid])
            .map_err(|e| pg_err(&self.url, e))?;
        // The client notices when it next talks to the server.
        let _ = self.client.borrow_mut().simple_query("SELECT 1");
        Ok(())
    }
}

impl Db for PgConn {
    fn execute(&self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        self.with_statement(sql, params, |c, st, args| c.execute(st, args))
    }

    fn query_each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&mut Row) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let rows = self.with_statement(sql, params, |c, st, args| c.query(st, args))?;
        let mut row = Row(Vec::with_capacity(rows.first().map_or(0, |r| r.len())));
        for r in &rows {
            convert::row_into(r, &mut row.0)?;
            f(&mut row)?;
        }
        Ok(())
    }

    fn batch(&self, sql: &str) -> StoreResult<()> {
        self.client
            .borrow_mut()
            .batch_execute(sql)
            .map_err(|e| pg_err(&self.url, e))
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
}

impl Transactions for PgConn {
    fn begin_write(&self) -> StoreResult<()> {
        self.batch(&format!("BEGIN; SELECT pg_advisory_xact_lock({})", schema::WRITE_LOCK))
    }

    fn commit(&self) -> StoreResult<()> {
        // The notification is part of the transaction: delivered when (and only if) it commits.
        self.batch(&format!("NOTIFY {CHANNEL}; COMMIT"))
    }

    fn rollback(&self) {
        let _ = self.batch("ROLLBACK");
    }
}

impl Conn for PgConn {
    fn writable(&self) -> StoreResult<()> {
        self.reconnect_if_lost()?;
        Ok(())
    }

    fn location(&self) -> Option<&Path> {
        None
    }

    fn maybe_changed(&mut self) -> StoreResult<bool> {
        if self.reconnect_if_lost()? {
            // Notifications sent while the connection was down are lost: read from the cursor.
            return Ok(true);
        }
        let mut woken = self.woken.replace(false);
        if let Some(w) = self.watched.borrow().as_ref() {
            woken |= w.take_news();
        }
        let closed = {
            let mut client = self.client.borrow_mut();
            // One empty round trip: answering it, the connection reads everything the server
            // sent before, notifications included (a non-blocking look alone does not read
            // the socket). A fraction of a millisecond, where waiting for the socket took two.
            if client.simple_query("").is_err() {
                woken = true;
            }
            let mut n = client.notifications();
            let mut it = n.iter();
            loop {
                match it.next() {
                    Ok(Some(_)) => woken = true,
                    Ok(None) => break,
                    Err(_) => {
                        woken = true;
                        break;
                    }
                }
            }
            drop(it);
            drop(n);
            client.is_closed()
        };
        if closed {
            self.reconnect_if_lost()?;
            return Ok(true);
        }
        Ok(woken)
    }

    fn watch(&self) -> StoreResult<Option<crate::store::watch::Watch>> {
        let w = watch::start(&self.url)?;
        *self.watched.borrow_mut() = Some(w.shared());
        Ok(Some(w))
    }

    fn schema_version(&self) -> StoreResult<i64> {
        schema::version(self)
    }

    fn backup(&self, _to: &Path, _watch: crate::work::SharedWatch) -> StoreResult<bool> {
        Err(Refusal::ServerBackup {
            address: self.address(),
        }
        .into())
    }

    fn bulk_load(
        &mut self,
        core: &Core,
        plans: &[i32],
        figures: &mut dyn Iterator<Item = crate::domain::values::HistoricFigure>,
    ) -> StoreResult<u64> {
        bulk::load(self, core, plans, figures)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn server_identity(&self) -> StoreResult<Option<(String, bool)>> {
        let (user, trusted, _) = self.identity()?;
        Ok(Some((user, trusted)))
    }

    fn switch_user(&self, user: &str) -> StoreResult<()> {
        self.reconnect_if_lost()?;
        self.set_role(user)
    }
}

impl SqlStore {
    /// Opens the kttt database at a PostgreSQL address. An empty database becomes a kttt
    /// database only when `create` says with what (`kttt init`); a database holding another
    /// program's tables is refused untouched; an older kttt schema is brought up to date.
    pub fn open_postgres(url: &str, create: Option<Fill>) -> StoreResult<SqlStore> {
        let conn = PgConn::connect(url)?;
        let fill = match schema::inspect(&conn)? {
            schema::Found::Other => {
                return Err(StoreError::NotKttt {
                    path: shown(url).into(),
                    why: NotKttt::OtherProgram,
                });
            }
            schema::Found::Kttt(v) if v > schema::latest() => {
                return Err(StoreError::TooNew {
                    found: v,
                    known: schema::latest(),
                });
            }
            schema::Found::Kttt(_) => None,
            schema::Found::Empty => match create {
                Some(f) => Some(f),
                None => {
                    return Err(Refusal::NoKtttData { address: shown(url) }.into());
                }
            },
        };
        // Who this is comes from the server: the role the connection logged in as. Only the
        // role that owns the database (or a superuser) migrates it and brings its reference
        // data up to date; an official's role never writes on opening.
        let (user, trusted, owner) = conn.identity()?;
        let behind = match schema::inspect(&conn)? {
            schema::Found::Kttt(v) => v < schema::latest(),
            _ => true,
        };
        if trusted {
            schema::migrate(&conn, &super::Actor { user })?;
        } else if behind {
            return Err(needs_owner(url, &owner));
        }
        let store = SqlStore::new(Box::new(conn), trusted, fill, trusted)?;
        if !trusted && !store.reference_current()? {
            return Err(needs_owner(url, &owner));
        }
        Ok(store)
    }
}

/// The refusal for an official's role opening a database this kttt must first bring up to
/// date, which only its owner may do.
fn needs_owner(url: &str, owner: &str) -> StoreError {
    Refusal::NeedsOwner {
        address: shown(url),
        owner: crate::domain::text::sanitize(owner),
    }
    .into()
}
