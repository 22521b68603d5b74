//! The store port: everything kttt keeps, behind one backend-neutral trait. Reads are scoped
//! (some org units, some years, optionally a scenario); every write is one transaction that
//! reads what it depends on inside itself, checks what the user saw, writes its audit rows in
//! one place and reports what changed. Each committed write is a *batch* whose id only grows,
//! so an open session learns what others changed from the ids after the last one it saw.
//!
//! `sqlite` is the first (and embedded default) implementation.

pub mod postgres;
mod push;
mod refusal;
pub mod sql;
pub mod sqlite;
mod types;
pub mod watch;

pub use postgres::{is_url as is_server_address, shown as shown_address};
pub use push::*;
pub use refusal::*;
pub use sql::FormAdded;
pub use sql::SqlStore;
pub use types::*;

/// Who writes, for the audit trail and the grants: the user kttt acts for. On an SQLite file
/// the operating-system account, unless a service account runs kttt for an official; on a
/// server database the role the server authenticated (or switched to), never the client's
/// account name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The user's name.
    pub user: String,
}

impl Actor {
    /// The user running this process.
    pub fn current() -> Actor {
        Actor {
            user: os_account().to_string(),
        }
    }
}

/// The schema version this kttt reads and writes on a server (PostgreSQL) or in a file
/// (SQLite).
pub fn latest_schema(server: bool) -> i64 {
    if server {
        postgres::schema::latest()
    } else {
        sqlite::schema::latest()
    }
}

/// A time before now as stored (UTC, RFC 3339 with milliseconds).
pub fn now_minus(d: std::time::Duration) -> String {
    let t = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::try_from(d).unwrap_or_default())
        .unwrap_or_else(|_| jiff::Timestamp::now());
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The operating-system account running this process (recorded with every batch).
pub fn os_account() -> &'static str {
    static ACCOUNT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ACCOUNT.get_or_init(|| {
        let user = whoami::username()
            .ok()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "unknown".to_string());
        crate::domain::text::sanitize(&user)
    })
}

/// The time now as stored: UTC, RFC 3339, always with milliseconds, so that the text sorts
/// as the time does (`2026-11-24T09:48:05.120Z`).
pub fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// What a new database starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// The embedded plan 507/KH-UBND.
    Seed,
    /// No figures, only the catalog and the org units.
    Empty,
}
