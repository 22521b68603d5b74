//! Scenarios and plans through the session: switching layers, creating, renaming, closing,
//! applying (one undoable step), undoing an apply from the command line, starting a plan.

use super::{Session, Step};
use crate::domain::text;
use crate::domain::values::CellKey;
use crate::error::{Error, Refused, Result};
use crate::store::{ApplyOutcome, Resolution, RevertOutcome, ScenarioId, ScenarioInfo, ScenarioStatus};
use rust_decimal::Decimal;
use std::collections::HashMap;

impl Session {
    /// The scenarios of units the user may see, oldest first: the open ones, or all with
    /// `all` (applied and discarded ones are read-only records).
    pub fn scenarios(&self, all: bool) -> Result<Vec<ScenarioInfo>> {
        let list = self.db.store.scenarios(all)?;
        if !self.db.store.has_users()? {
            return Ok(list);
        }
        let mut out = Vec::with_capacity(list.len());
        for s in list {
            if s.unit.is_none_or(|u| self.can(crate::domain::access::Need::Read(u))) {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// The scenario of this name (case and diacritics ignored): an open one first, else the
    /// latest closed one when `closed_too`.
    pub fn find_scenario(&self, name: &str, closed_too: bool) -> Result<ScenarioInfo> {
        let key = text::fold(name);
        let all = self.scenarios(closed_too)?;
        let hit = all
            .iter()
            .find(|s| s.status == ScenarioStatus::Open && text::fold(&s.name) == key)
            .or_else(|| all.iter().rev().find(|s| text::fold(&s.name) == key));
        hit.cloned().ok_or_else(|| {
            let name = text::sanitize(name);
            Error::Store(crate::store::StoreError::NoScenario { name })
        })
    }

    /// Switches to an open scenario (by name), or back to the official figures with `None`.
    pub fn activate(&mut self, name: Option<&str>) -> Result<()> {
        self.scenario = match name {
            None => None,
            Some(n) => {
                let info = self.find_scenario(n, false)?;
                if info.status != ScenarioStatus::Open {
                    return Err(Error::Store(crate::store::StoreError::ScenarioClosed {
                        info: Box::new(info),
                    }));
                }
                Some(info)
            }
        };
        self.load()
    }

    /// Looks at a scenario whatever its state (a closed one is read-only: writes are refused).
    pub fn view_scenario(&mut self, id: ScenarioId) -> Result<()> {
        self.scenario = Some(self.db.store.scenario(id)?);
        self.load()
    }

    /// Creates an empty scenario for the session's unit (without switching to it): its cells
    /// are that unit's and the units' below it.
    pub fn create_scenario(&mut self, name: &str) -> Result<ScenarioInfo> {
        let info = self.db.store.create_scenario_at(name, Some(self.org))?;
        Ok(info)
    }

    /// Renames an open scenario.
    pub fn rename_scenario(&mut self, id: ScenarioId, name: &str) -> Result<()> {
        self.db.store.rename_scenario(id, name)?;
        self.after_scenario_change(id)
    }

    /// Closes a scenario without applying it; returns how many changes it held.
    pub fn discard_scenario(&mut self, id: ScenarioId) -> Result<usize> {
        let n = self.db.store.discard_scenario(id)?;
        if self.scenario.as_ref().is_some_and(|s| s.id == id) {
            self.scenario = None;
            self.load()?;
        }
        Ok(n)
    }

    /// Makes a scenario's pending changes (all, or `only`) official: one undoable step. When
    /// it leaves nothing pending the scenario becomes a record and the session returns to the
    /// official figures.
    pub fn apply_scenario(
        &mut self,
        id: ScenarioId,
        only: Option<&[CellKey]>,
        resolutions: &HashMap<CellKey, Resolution>,
    ) -> Result<ApplyOutcome> {
        let name = self.db.store.scenario(id)?.name;
        let out = self.db.store.apply_scenario(id, only, resolutions)?;
        if let ApplyOutcome::Applied {
            batch, changes, cells, ..
        } = &out
        {
            for ch in changes {
                self.patch_from(ch, crate::domain::values::Source::Scenario);
            }
            self.own.insert(*batch);
            self.undo.push(Step::Apply {
                scenario: id,
                name,
                batch: *batch,
                cells: cells.clone(),
            });
            self.redo.clear();
            self.after_scenario_change(id)?;
            if self
                .scenario
                .as_ref()
                .is_some_and(|s| s.id == id && s.status != ScenarioStatus::Open)
            {
                self.scenario = None;
                self.load()?;
            }
        }
        Ok(out)
    }

    /// Undoes the last apply of a scenario (by name, open or not), cell by cell: a cell that
    /// changed after the apply is refused and reported.
    pub fn revert_scenario(&mut self, name: &str) -> Result<RevertOutcome> {
        let info = self.find_scenario(name, true)?;
        let batch = self.db.store.last_apply(info.id)?.ok_or_else(|| {
            let name = text::sanitize(&info.name);
            Error::from(Refused::NotApplied { name })
        })?;
        let out = self.db.store.revert_apply(batch)?;
        for ch in &out.changes {
            self.patch(ch);
        }
        self.own.insert(out.batch);
        self.after_scenario_change(info.id)?;
        Ok(out)
    }

    /// Re-reads a scenario the session may be showing after it changed.
    pub(super) fn after_scenario_change(&mut self, id: ScenarioId) -> Result<()> {
        if self.scenario.as_ref().is_some_and(|s| s.id == id) {
            self.scenario = Some(self.db.store.scenario(id)?);
            self.load()?;
        }
        Ok(())
    }

    /// The official figure each pending change of the active scenario started from.
    pub fn scenario_bases(&self) -> Result<HashMap<CellKey, Option<Decimal>>> {
        match &self.scenario {
            Some(s) => Ok(self.db.store.scenario_bases(s.id)?),
            None => Ok(HashMap::new()),
        }
    }

    /// Starts the plan for the year after `from` (estimates become provisional actuals) and
    /// looks at it.
    pub fn start_plan(&mut self, from: i32) -> Result<i32> {
        let next = self.db.store.start_plan(from)?;
        self.plans = self.db.store.plans()?;
        self.year = next;
        self.load()?;
        Ok(next)
    }
}

/// How far a synthetic load has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loading {
    /// Units whose figures are being or have been loaded, of `units_total`.
    pub units: u64,
    pub units_total: u64,
    /// Figures loaded so far.
    pub figures: u64,
}

impl Session {
    /// Fills an empty database with a synthetic country (units, ten plan years, figures with
    /// their history), telling `progress` how far it has come every 10.000 figures; when
    /// `progress` answers false, no further figure is loaded and `None` is returned (the
    /// database is then incomplete: the caller discards it). For benchmarks and scale tests.
    pub fn load_synthetic(
        &mut self,
        size: crate::synth::Size,
        progress: &mut dyn FnMut(Loading) -> bool,
    ) -> Result<Option<u64>> {
        self.db.store.add_units(&crate::synth::units(size))?;
        self.db
            .store
            .import_mapping(&crate::synth::mapping(size), &mut crate::work::unwatched)?;
        let forms = self.db.store.forms().clone();
        let orgs = self.db.store.orgs().clone();
        let all = crate::synth::Figures::new(&forms, &orgs);
        let mut at = Loading {
            units_total: all.unit_count() as u64,
            ..Loading::default()
        };
        let mut last = None;
        let mut go = true;
        let mut figures = all.take_while(|f| {
            if last != Some(f.key.org) {
                last = Some(f.key.org);
                at.units += 1;
            }
            at.figures += 1;
            if at.figures.is_multiple_of(10_000) {
                go = progress(at);
            }
            go
        });
        let plans: Vec<i32> = crate::synth::PLAN_YEARS.collect();
        let total = self.db.store.bulk_load(&plans, &mut figures)?;
        drop(figures);
        if !go {
            return Ok(None);
        }
        self.reload()?;
        Ok(Some(total))
    }
}
