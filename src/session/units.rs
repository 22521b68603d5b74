//! Org units through the session: reading a unit file, what importing it would change, the
//! import itself (one audited transaction in the store), and the tree valid on a day.

use super::Db;
use crate::domain::org::{ImportPlan, MappingList, OrgId, Problem, UnitList, plan_import};
use crate::error::{Error, Refused, Result};
use crate::store::ImportReport;

/// A unit file: a tree of units, or a mapping from ended units to new ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitsFile {
    List(UnitList),
    Mapping(MappingList),
}

fn problems(problems: Vec<Problem>) -> Error {
    Refused::UnitFile { problems }.into()
}

impl UnitsFile {
    /// Reads a unit file's text; which kind it is, its header says.
    pub fn parse(src: &str) -> Result<UnitsFile> {
        let header = src
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("")
            .to_lowercase();
        if header.starts_with("old_gso") {
            MappingList::parse(src).map(UnitsFile::Mapping).map_err(problems)
        } else if header.starts_with("level") {
            UnitList::parse(src).map(UnitsFile::List).map_err(problems)
        } else {
            Err(Refused::NotAUnitFile.into())
        }
    }
}

impl Db {
    /// What importing a unit list would change, against the units as the session knows them.
    pub fn plan_units(&mut self, list: &UnitList) -> Result<ImportPlan> {
        self.store.hold_all()?;
        plan_import(self.store.orgs(), list).map_err(problems)
    }

    /// Holds a unit with everything under it (a list of its tree).
    pub fn hold_tree(&mut self, org: OrgId) -> Result<()> {
        let code = self.store.orgs().get(org).code.clone();
        Ok(self.store.hold(&[code])?)
    }

    /// Holds every unit (a list of all of them).
    pub fn hold_all_units(&mut self) -> Result<()> {
        Ok(self.store.hold_all()?)
    }

    /// Holds the units directly under a unit (a branch opened).
    pub fn open_branch(&mut self, org: OrgId) -> Result<()> {
        Ok(self.store.hold_children(org)?)
    }

    /// At most `limit` units whose name holds `text` (diacritics, case and spaces ignored),
    /// or whose statistics code starts with it or kttt code holds it, in display order; with
    /// `year`, only units that existed in it. They are held, with the units above them.
    pub fn search_units(&mut self, text: &str, year: Option<i32>, limit: usize) -> Result<Vec<OrgId>> {
        let days = year.map(|y| (format!("{y:04}-01-01"), format!("{y:04}-12-31")));
        let days = days.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
        Ok(self.store.search_units(text, days, limit)?)
    }

    /// Which of these units have units under them on `date` (on any day without one).
    pub fn branches(&self, ids: &[OrgId], date: Option<&str>) -> Result<std::collections::HashSet<OrgId>> {
        Ok(self.store.with_branches(ids, date)?)
    }

    /// The tree valid on a day, depth first in display order, with each unit's depth: under
    /// `root`, or every top unit.
    pub fn tree_at(&self, root: Option<OrgId>, date: &str) -> Vec<(usize, OrgId)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, OrgId)> = match root {
            Some(r) => vec![(0, r)],
            None => self
                .store
                .orgs()
                .roots_at(date)
                .into_iter()
                .rev()
                .map(|r| (0, r))
                .collect(),
        };
        while let Some((d, u)) = stack.pop() {
            out.push((d, u));
            for c in self.store.orgs().children_at(u, date).into_iter().rev() {
                stack.push((d + 1, c));
            }
        }
        out
    }

    /// Imports a unit file: one audited transaction that works out the changes from the units
    /// as stored; the handle then holds every unit. `watch` is told the units gone through;
    /// stopped by it, nothing is written and the error is [`crate::error::Error::stopped`].
    pub fn import_units(&mut self, file: &UnitsFile, watch: crate::work::Watch) -> Result<ImportReport> {
        let report = match file {
            UnitsFile::List(l) => self.store.import_units(l, watch)?,
            UnitsFile::Mapping(m) => self.store.import_mapping(m, watch)?,
        };
        report.ok_or_else(crate::error::Error::stopped)
    }
}
