//! The change log: who changed what, when, across all cells; listed newest first, or followed
//! as it grows through the same change cursor the app refreshes with.

use super::Db;
use crate::domain::org::OrgId;
use crate::error::Result;
use crate::store::{LogEntry, LogQuery};

/// What a change log lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// Only rows at or after this time (UTC, RFC 3339 as stored).
    pub since: Option<String>,
    /// Only this unit and the units below it.
    pub unit: Option<OrgId>,
    /// Only this user's rows.
    pub user: Option<String>,
}

impl LogFilter {
    fn query(&self, after: Option<i64>, limit: usize, newest_first: bool) -> LogQuery {
        LogQuery {
            after,
            since: self.since.clone(),
            unit: self.unit,
            user: self.user.clone(),
            limit,
            newest_first,
        }
    }
}

impl Db {
    /// Holds what a log of the filter's unit reads by: the unit with everything under it
    /// (not for the country, whose rows are read as all but those of the trees beside it).
    fn hold_for_log(&mut self, filter: &LogFilter) -> Result<()> {
        let Some(u) = filter.unit else {
            return Ok(());
        };
        if self.store.orgs().get(u).level != crate::domain::org::Level::Country {
            let code = self.store.orgs().get(u).code.clone();
            self.store.hold(&[code])?;
        }
        Ok(())
    }

    /// The latest `limit` changes matching the filter, newest first.
    pub fn log(&mut self, filter: &LogFilter, limit: usize) -> Result<Vec<LogEntry>> {
        self.hold_for_log(filter)?;
        Ok(self.store.log(&filter.query(None, limit, true))?)
    }

    /// The changes after audit row `after` matching the filter, oldest first (a follower's
    /// next page).
    pub fn log_after(&mut self, filter: &LogFilter, after: i64, limit: usize) -> Result<Vec<LogEntry>> {
        self.hold_for_log(filter)?;
        Ok(self.store.log(&filter.query(Some(after), limit, false))?)
    }

    /// Whether anything may have been committed since the last call: a cheap check a
    /// follower makes before reading (never says no when something was).
    pub fn news(&mut self) -> Result<bool> {
        Ok(self.store.maybe_changed()?)
    }

    /// The id of the last audit row (where a follower starts).
    pub fn log_end(&mut self) -> Result<i64> {
        let last = self.store.log(&LogQuery {
            limit: 1,
            newest_first: true,
            ..LogQuery::default()
        })?;
        Ok(last.first().map_or(0, |e| e.entry.id))
    }
}
