//! The database handle: what a process needs before it looks at any figure — the catalog,
//! who acts, users and grants, the unit tree (read by scope), backups, the change log. A
//! command that only administers or lists (`catalog`, `user`, `backup`, `units`, `log`)
//! opens a `Db` and nothing else; a [`Session`] is a `Db` looking at one unit, one plan year
//! and one layer, whose figures it reads once.

use super::Session;
use super::open::OpenOptions;
use crate::domain::access::Role;
use crate::domain::catalog::Catalog;
use crate::domain::org::{OrgId, OrgUnits, When};
use crate::error::Result;
use crate::i18n::Lang;
use crate::store::{PlanInfo, SqlStore, UserInfo};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An open database, at no unit.
pub struct Db {
    pub(super) store: SqlStore,
    pub(super) lang: Lang,
    /// Where a database was made because there was none (the default location on first
    /// use): the shells say so.
    pub(super) created: Option<PathBuf>,
    /// Leave the unit list to the operating system at the end (a one-shot command: freeing
    /// 14.000 units one by one takes longer than the rest of `kttt show`).
    leak_units: bool,
}

impl Drop for Db {
    fn drop(&mut self) {
        if self.leak_units {
            std::mem::forget(Arc::clone(self.store.orgs()));
        }
    }
}

impl Db {
    /// A handle over an open store.
    pub fn new(store: SqlStore, lang: Lang) -> Db {
        Db {
            store,
            lang,
            created: None,
            leak_units: false,
        }
    }

    /// Opens the database the options name, as the user they name; reads no figure.
    pub fn open(o: &OpenOptions) -> Result<Db> {
        super::open::open_db(o)
    }

    /// A session on a unit (the top unit the user may see when `None`) at a plan year or
    /// a period's plan and a scenario, its figures read once.
    pub fn session(self, unit: Option<OrgId>, at: super::At) -> Result<Session> {
        Session::open_in(self, unit, at)
    }

    /// The indicator catalog: every indicator of every form.
    pub fn catalog(&self) -> &Arc<Catalog> {
        self.store.catalog()
    }

    /// Adds a form (a form file's text) with why: a ministry form after the newest one (an
    /// administrator of every top unit's), or an office's own rows over a ministry form (an
    /// administrator of the office's unit's); audited.
    pub fn add_form(&mut self, text: &str, why: &str) -> Result<crate::store::FormAdded> {
        Ok(self.store.add_form(text, why)?)
    }

    /// The forms, oldest first; each plan year uses the one in force for it.
    pub fn forms(&self) -> &Arc<crate::domain::form::Forms> {
        self.store.forms()
    }

    /// The form a unit (held) reports on in a plan year: the ministry's form in force, with
    /// the rows of its office or an office above it over it.
    pub fn form_for(&self, org: OrgId, year: i32) -> &crate::domain::form::Form {
        let forms = self.store.forms();
        if forms.layers().is_empty() {
            return forms.for_year(year);
        }
        let orgs = self.store.orgs();
        let mut path: Vec<&str> = Vec::new();
        let mut at = Some(org);
        while let Some(u) = at.filter(|_| path.len() < 16) {
            path.push(orgs.get(u).code.as_str());
            at = orgs.parent_of(u);
        }
        forms.for_unit(year, &path)
    }

    /// The org units held (see [`SqlStore::hold`]).
    pub fn orgs(&self) -> &OrgUnits {
        self.store.orgs()
    }

    /// The language of messages and numbers.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Who the audit names.
    pub fn user(&self) -> &str {
        &self.store.actor().user
    }

    /// Where the data lives (`None` in memory or on a server).
    pub fn location(&self) -> Option<&Path> {
        self.store.location()
    }

    /// The database made for this process because there was none, if one was: its path.
    pub fn created(&self) -> Option<&Path> {
        self.created.as_deref()
    }

    /// For a command that ends the process: the unit list is not freed at the end.
    pub fn end_with_process(&mut self) {
        self.leak_units = true;
    }

    /// The plans the database holds, oldest first.
    pub fn plans(&self) -> Result<Vec<PlanInfo>> {
        Ok(self.store.plans()?)
    }

    /// The plan year a command works in: the one asked for when held, else the latest plan
    /// (`None` when the database holds no plan).
    pub fn plan_year(&self, asked: Option<i32>) -> Result<Option<i32>> {
        let plans = self.store.plans()?;
        Ok((!plans.is_empty()).then(|| super::plan_year_of(&plans, asked)))
    }

    /// Unit rows read from the store since it opened (tests and benchmarks: what a process
    /// reads must not grow with the units outside its scope).
    pub fn units_read(&self) -> usize {
        self.store.units_read()
    }

    /// Finds a unit by code, statistics code or name among the units of a time (see
    /// [`super::open::lookup_unit`]).
    pub fn lookup_unit(&mut self, query: &str, when: When) -> Result<OrgId> {
        super::open::resolve(&mut self.store, query, when).map_err(|(_, e)| e)
    }

    /// Writes a consistent copy of the database to a new file while others keep working,
    /// telling `watch` the bytes written of about how many; stopped by it, nothing is left
    /// and the error is [`crate::error::Error::stopped`].
    pub fn backup(&self, to: &Path, watch: crate::work::SharedWatch) -> Result<()> {
        match self.store.backup(to, watch)? {
            true => Ok(()),
            false => Err(crate::error::Error::stopped()),
        }
    }

    /// The users of the database (also removed ones with `all`).
    pub fn users(&mut self, all: bool) -> Result<Vec<UserInfo>> {
        Ok(self.store.users(all)?)
    }

    /// Adds a user.
    pub fn add_user(&mut self, name: &str, display: &str) -> Result<()> {
        Ok(self.store.add_user(name, display)?)
    }

    /// Removes a user.
    pub fn remove_user(&mut self, name: &str) -> Result<()> {
        Ok(self.store.remove_user(name)?)
    }

    /// Grants a role on a unit (and its subtree).
    pub fn grant(&mut self, name: &str, unit: OrgId, role: Role) -> Result<()> {
        Ok(self.store.grant(name, unit, role)?)
    }

    /// Takes a role back.
    pub fn revoke(&mut self, name: &str, unit: OrgId, role: Role) -> Result<()> {
        Ok(self.store.revoke(name, unit, role)?)
    }

    /// A watch that wakes a waiting loop when another session commits (`None` where the
    /// store cannot be watched: the loop then looks on its own timer).
    pub fn watch(&self) -> Option<crate::store::watch::Watch> {
        self.store.watch().ok().flatten()
    }

    /// Refuses a unit the user may not see.
    pub fn check_read(&self, org: OrgId) -> Result<()> {
        super::access::check_read(&self.store, self.store.orgs(), org)
    }
}
