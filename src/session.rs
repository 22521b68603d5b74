//! A working session over the database: the official figures in memory, the active
//! scenario's layer, the org unit and plan year being looked at, and the edits made. The
//! command line and the app both work through it, so an edit means the same everywhere.

use crate::domain::catalog::{Catalog, IndicatorId, Layout};
use crate::domain::org::OrgId;
use crate::domain::period::PlanFrame;
use crate::domain::rules::{Finding, RuleSet, evaluate};
use crate::domain::sheet::{SheetInput, SheetView, build, flags};
use crate::domain::target::{self, Resolved};
use crate::domain::values::{CellKey, Dataset, Layered, Overlay, Values};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::store::{Change, ScenarioInfo, Store};
use rust_decimal::Decimal;
use std::sync::Arc;

/// The active what-if scenario.
#[derive(Clone, Debug)]
pub struct ActiveScenario {
    pub info: ScenarioInfo,
    pub overlay: Overlay,
}

/// Where an edit went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Official,
    Scenario(i64),
}

/// An edit made in this session, for undo and redo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub scope: Scope,
    pub key: CellKey,
    /// What the cell showed before (for a scenario: `None` = no change in the scenario).
    pub before: Option<Option<Decimal>>,
    /// What it shows after.
    pub after: Option<Option<Decimal>>,
}

/// A working session.
pub struct Session {
    pub store: Store,
    pub catalog: Arc<Catalog>,
    pub rules: Arc<RuleSet>,
    pub lang: Lang,
    pub org: OrgId,
    pub year: i32,
    pub data: Dataset,
    pub scenario: Option<ActiveScenario>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    seen_version: i64,
}

impl Session {
    /// A session over an open store, looking at its latest plan for the top org unit.
    pub fn new(store: Store, lang: Lang) -> Result<Session> {
        let data = store.load_dataset()?;
        let year = store
            .plans()?
            .last()
            .map(|p| p.year)
            .or_else(|| data.years().last().map(|y| y + 1))
            .unwrap_or(2020);
        let org = store
            .orgs
            .default_unit()
            .ok_or_else(|| Error::refused("Không có đơn vị nào.", "There are no org units."))?;
        let seen_version = store.data_version()?;
        Ok(Session {
            catalog: store.catalog.clone(),
            rules: store.rules.clone(),
            store,
            lang,
            org,
            year,
            data,
            scenario: None,
            undo: Vec::new(),
            redo: Vec::new(),
            seen_version,
        })
    }

    /// The plan frame being looked at.
    pub fn frame(&self) -> PlanFrame {
        PlanFrame::new(self.year)
    }

    /// The figures as the user sees them (official under the active scenario).
    pub fn values(&self) -> Layered<'_> {
        Layered {
            base: &self.data,
            overlay: self.scenario.as_ref().map(|s| &s.overlay),
            preview: None,
        }
    }

    /// The same with a figure being typed.
    pub fn values_with(&self, preview: Option<(CellKey, Option<Decimal>)>) -> Layered<'_> {
        Layered {
            preview,
            ..self.values()
        }
    }

    /// Findings for the session's org unit and plan year.
    pub fn findings(&self, values: &impl Values) -> Vec<Finding> {
        evaluate(
            &self.catalog,
            &self.rules,
            values,
            &[(self.org, self.store.orgs.get(self.org).code.as_str())],
            self.frame(),
        )
    }

    /// The table of some rows of an appendix, as printed.
    pub fn sheet(
        &self,
        appendix: usize,
        rows: &[IndicatorId],
        values: &impl Values,
        findings: &[Finding],
    ) -> SheetView {
        self.sheet_with(appendix, rows, values, findings, false)
    }

    /// The table, with computed sum rows under "Chia ra" groups when `sums`.
    pub fn sheet_with(
        &self,
        appendix: usize,
        rows: &[IndicatorId],
        values: &impl Values,
        findings: &[Finding],
        sums: bool,
    ) -> SheetView {
        let f = flags(findings);
        let layout: Layout = self.catalog.appendices[appendix].layout;
        let input = SheetInput {
            catalog: &self.catalog,
            layout,
            frame: self.frame(),
            org: self.org,
            values,
            official: Some(&self.data),
            flags: &f,
            sums,
        };
        build(&input, rows)
    }

    /// Switches to a scenario (by name), or back to the official figures with `None`.
    pub fn activate(&mut self, name: Option<&str>) -> Result<()> {
        self.scenario = match name {
            None => None,
            Some(n) => {
                let info = self.store.scenario(n)?;
                let overlay = self.store.load_overlay(info.id)?;
                Some(ActiveScenario { info, overlay })
            }
        };
        Ok(())
    }

    /// Works out what typed text means for a cell, without writing anything.
    pub fn resolve(&self, key: CellKey, input: &str) -> std::result::Result<Resolved, String> {
        let entry = target::parse(input, self.lang).map_err(|e| e.message())?;
        let v = self.values();
        let base = target::base_periods(key.period)
            .into_iter()
            .find_map(|p| v.value(&key.with_period(p)).map(|x| (p, x)));
        target::resolve(entry, key.period, base, v.value(&key), self.lang).map_err(|e| e.message(self.lang))
    }

    /// Writes typed text into a cell (the active scenario's layer, or the official figure),
    /// refusing when the cell no longer shows `seen`. Returns the change, if any.
    pub fn enter(&mut self, key: CellKey, input: &str, seen: Option<Option<Decimal>>) -> Result<Option<Change>> {
        let resolved = self
            .resolve(key, input)
            .map_err(|m| Error::Refused(crate::i18n::Text::new(m.clone(), m)))?;
        self.write(key, Some(resolved.value), seen, "set")
    }

    /// Writes a cell's state: `Some(v)` a figure or blank, `None` (scenario only) back to the
    /// official figure. Records the edit for undo.
    pub fn write(
        &mut self,
        key: CellKey,
        state: Option<Option<Decimal>>,
        seen: Option<Option<Decimal>>,
        action: &str,
    ) -> Result<Option<Change>> {
        self.check_access(key)?;
        let before = self.state(key);
        let change = self.write_raw(key, state, seen, action)?;
        if change.is_some() {
            let after = self.state(key);
            self.undo.push(Edit {
                scope: self.scope(),
                key,
                before,
                after,
            });
            self.redo.clear();
        }
        Ok(change)
    }

    fn scope(&self) -> Scope {
        self.scenario
            .as_ref()
            .map_or(Scope::Official, |s| Scope::Scenario(s.info.id))
    }

    /// What the current layer holds for a cell (for a scenario: `None` = unchanged).
    fn state(&self, key: CellKey) -> Option<Option<Decimal>> {
        match &self.scenario {
            Some(s) => s.overlay.changes.get(&key).copied(),
            None => Some(self.data.value(&key)),
        }
    }

    fn check_access(&self, key: CellKey) -> Result<()> {
        if key.org != self.org {
            return Err(Error::refused(
                "Ô này thuộc đơn vị khác.",
                "That cell belongs to another org unit.",
            ));
        }
        Ok(())
    }

    fn write_raw(
        &mut self,
        key: CellKey,
        state: Option<Option<Decimal>>,
        seen: Option<Option<Decimal>>,
        action: &str,
    ) -> Result<Option<Change>> {
        match &mut self.scenario {
            Some(s) => {
                let action = if action == "set" { "scenario.set" } else { action };
                let ch = self.store.set_scenario_value(s.info.id, key, state, seen, action)?;
                s.overlay = self.store.load_overlay(s.info.id)?;
                s.info.changes = s.overlay.changes.len();
                self.seen_version = self.store.data_version()?;
                Ok(ch)
            }
            None => {
                let value =
                    state.ok_or_else(|| Error::refused("Không có phương án nào đang mở.", "No scenario is active."))?;
                let ch = self.store.set_value(key, value, seen, action)?;
                if ch.is_some() {
                    self.data.set(key, value, crate::domain::values::Source::User);
                }
                self.seen_version = self.store.data_version()?;
                Ok(ch)
            }
        }
    }

    /// Undoes this session's last edit by writing the old figure back as a new audited
    /// change. Refuses (and keeps the edit) when someone changed the cell since.
    pub fn undo(&mut self) -> Result<Option<Edit>> {
        self.step(true)
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Result<Option<Edit>> {
        self.step(false)
    }

    /// Moves one edit from the undo stack to the redo stack (or back), replaying it.
    fn step(&mut self, undo: bool) -> Result<Option<Edit>> {
        let popped = if undo { self.undo.pop() } else { self.redo.pop() };
        let Some(edit) = popped else { return Ok(None) };
        let (from, to, action) = if undo {
            (edit.after, edit.before, "undo")
        } else {
            (edit.before, edit.after, "redo")
        };
        let result = self.replay(&edit, from, to, action);
        let (done, back) = if undo {
            (&mut self.redo, &mut self.undo)
        } else {
            (&mut self.undo, &mut self.redo)
        };
        match result {
            Ok(()) => {
                done.push(edit.clone());
                Ok(Some(edit))
            }
            Err(e) => {
                back.push(edit);
                Err(e)
            }
        }
    }

    fn replay(
        &mut self,
        edit: &Edit,
        from: Option<Option<Decimal>>,
        to: Option<Option<Decimal>>,
        action: &str,
    ) -> Result<()> {
        let saved = self.scenario.clone();
        match edit.scope {
            Scope::Official => self.scenario = None,
            Scope::Scenario(id) => {
                if self.scenario.as_ref().map(|s| s.info.id) != Some(id) {
                    let info = self
                        .store
                        .scenarios()?
                        .into_iter()
                        .find(|s| s.id == id)
                        .ok_or_else(|| {
                            Error::refused(
                                "Phương án của thao tác này đã bị xoá.",
                                "The scenario of that edit was deleted.",
                            )
                        })?;
                    let overlay = self.store.load_overlay(id)?;
                    self.scenario = Some(ActiveScenario { info, overlay });
                }
            }
        }
        let result = (|| {
            if self.state(edit.key) != from {
                let now = self.values().value(&edit.key);
                return Err(Error::Conflict { now });
            }
            let seen = Some(self.values().value(&edit.key));
            self.write_raw(edit.key, to, seen, action).map(|_| ())
        })();
        // Come back to the layer the user was in, with its fresh figures.
        let back = saved.map(|s| s.info.id);
        if self.scenario.as_ref().map(|s| s.info.id) != back {
            self.scenario = match back {
                Some(id) => self
                    .store
                    .scenarios()?
                    .into_iter()
                    .find(|s| s.id == id)
                    .map(|info| ActiveScenario {
                        overlay: self.store.load_overlay(id).unwrap_or_default(),
                        info,
                    }),
                None => None,
            };
        }
        result
    }

    /// How many edits can be undone and redone.
    pub fn history_depth(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// Reloads everything from the database when another connection wrote to it. Returns
    /// whether anything was reloaded.
    pub fn refresh_if_changed(&mut self) -> Result<bool> {
        let v = self.store.data_version()?;
        if v == self.seen_version {
            return Ok(false);
        }
        self.reload()?;
        Ok(true)
    }

    /// Reloads the figures and the active scenario from the database.
    pub fn reload(&mut self) -> Result<()> {
        self.data = self.store.load_dataset()?;
        if let Some(s) = &self.scenario {
            let id = s.info.id;
            self.scenario = match self.store.scenarios()?.into_iter().find(|x| x.id == id) {
                Some(info) => Some(ActiveScenario {
                    overlay: self.store.load_overlay(id)?,
                    info,
                }),
                None => None,
            };
        }
        self.seen_version = self.store.data_version()?;
        Ok(())
    }

    /// Plan years in the database (at least the one being looked at).
    pub fn plan_years(&self) -> Result<Vec<i32>> {
        let mut y: Vec<i32> = self.store.plans()?.iter().map(|p| p.year).collect();
        if !y.contains(&self.year) {
            y.push(self.year);
            y.sort_unstable();
        }
        Ok(y)
    }

    /// A cell in words: `Tổng số hợp tác xã, KH 2020` (with the funding source when not the total).
    pub fn label(&self, key: &CellKey) -> String {
        let ind = self.catalog.get(key.indicator);
        let mut s = format!("{}, {}", ind.name.get(self.lang), key.period.label(self.lang));
        if key.funding != crate::domain::catalog::FundingId::TOTAL {
            s.push_str(&format!(
                ", {}",
                self.catalog.fundings[key.funding.0 as usize].abbr.get(self.lang)
            ));
        }
        s
    }
}
