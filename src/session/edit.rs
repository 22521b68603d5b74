//! Writing figures: what typed text means, whether it is plausible, the write itself (in the
//! layer the user meant, refused when that layer is gone), and undo/redo that stays in the
//! layer the user is in.

use super::Session;
use crate::domain::plausible::{self, Assessment, Reference};
use crate::domain::target::{self, Entry, Resolved};
use crate::domain::validity;
use crate::domain::values::{CellKey, Values};
use crate::error::{Error, Refused, Result};
use crate::store::{
    ApplyOutcome, Batch, BatchId, Change, Expect, Layer, Op, RevertRefusal, ScenarioId, To, WriteAction,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A cell of a step: what its layer held before and after (for a scenario `None` = no
/// change there) and what it showed after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepCell {
    pub key: CellKey,
    pub before: Option<Option<Decimal>>,
    pub after: Option<Option<Decimal>>,
    pub shown_after: Option<Decimal>,
}

/// One undoable step of this session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Cells written in one batch.
    Cells { layer: Layer, cells: Vec<StepCell> },
    /// A scenario applied to the official figures.
    Apply {
        scenario: ScenarioId,
        name: String,
        batch: BatchId,
        cells: Vec<CellKey>,
    },
}

impl Step {
    /// Whether undoing it stays in `layer` (an apply belongs to the official figures and to
    /// its scenario).
    fn belongs_to(&self, layer: Layer) -> bool {
        match self {
            Step::Cells { layer: l, .. } => *l == layer,
            Step::Apply { scenario, .. } => layer == Layer::Official || layer == Layer::Scenario(*scenario),
        }
    }
}

/// What an undo or redo did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undone {
    /// Cells put back, each with what it shows now.
    Cells {
        layer: Layer,
        cells: Vec<(CellKey, Option<Option<Decimal>>)>,
    },
    /// An apply undone: official figures put back, and those that changed since kept.
    Apply {
        name: String,
        changes: Vec<Change>,
        refused: Vec<RevertRefusal>,
    },
    /// An apply made again.
    Reapply { name: String, changes: Vec<Change> },
}

impl Session {
    /// Works out what typed text means for a cell, without writing anything.
    pub fn resolve(&self, key: CellKey, input: &str) -> std::result::Result<Resolved, String> {
        let entry = target::parse(input, self.db.lang).map_err(|e| e.message())?;
        let v = self.values();
        let base = target::base_periods(key.period)
            .into_iter()
            .find_map(|p| v.value(&key.with_period(p)).map(|x| (p, x)));
        target::resolve(entry, key.period, base, v.value(&key), self.db.lang).map_err(|e| e.message(self.db.lang))
    }

    /// What typed text would save and what is doubtful about it: its kind, a better reading
    /// of its separators, a tenfold change against its neighbours.
    pub fn assess(&self, key: CellKey, input: &str, resolved: &Resolved) -> Assessment {
        let ind = self.catalog.get(key.indicator);
        let plain = matches!(target::parse(input, self.db.lang), Ok(Entry::Figure(_)));
        let v = self.values();
        let refs: Vec<Reference> = plausible::references(key.period)
            .into_iter()
            .filter_map(|p| v.value(&key.with_period(p)).map(|value| Reference { period: p, value }))
            .collect();
        plausible::assess(ind, input, resolved.value, plain, self.db.lang, &refs)
    }

    /// Refuses, with the reason, a cell that cannot take a figure: a heading, a funding
    /// split on a plain row, a period in no plan, a unit that did not exist then.
    pub fn check_cell(&self, key: &CellKey) -> Result<()> {
        self.cell_refusal(key).map_or(Ok(()), |r| Err(r.into()))
    }

    /// Why a cell cannot take a figure, if it cannot.
    pub fn cell_refusal(&self, key: &CellKey) -> Option<Refused> {
        let ind = self.catalog.get(key.indicator);
        if let Some(total) = ind.mirror {
            let t = self.catalog.get(total);
            return Some(Refused::Mirror {
                name: ind.name.clone(),
                total: t.name.clone(),
                code: t.code.clone(),
            });
        }
        if !ind.has_values {
            return Some(Refused::Heading { name: ind.name.clone() });
        }
        if key.funding != crate::domain::catalog::FundingId::TOTAL && !ind.funded {
            return Some(Refused::NotFunded { name: ind.name.clone() });
        }
        let invalid = |problem, what| Refused::Invalid { problem, what };
        if let Err(e) = validity::check_period(&self.plan_years(), key.period) {
            return Some(invalid(e, crate::i18n::Text::default()));
        }
        let unit = self.db.store.orgs().get(key.org);
        validity::check_unit(self.db.store.orgs(), key.org, key.period)
            .err()
            .map(|e| invalid(e, unit.name.clone()))
    }

    /// Writes typed text into a cell of the active layer, refusing when the cell no longer
    /// shows `seen` (`None`: whatever it shows) or when the figure is not valid.
    pub fn enter(&mut self, key: CellKey, input: &str, seen: Option<Option<Decimal>>) -> Result<Option<Change>> {
        let resolved = self
            .resolve(key, input)
            .map_err(|m| Error::Said(crate::i18n::Text::new(m.clone(), m)))?;
        self.set(key, resolved.value, seen)
    }

    /// Sets a cell of the active layer to a figure (or blank).
    pub fn set(
        &mut self,
        key: CellKey,
        value: Option<Decimal>,
        seen: Option<Option<Decimal>>,
    ) -> Result<Option<Change>> {
        let layer = self.layer();
        self.set_in(layer, key, To::Figure(value), seen)
    }

    /// Writes a cell into an explicit layer (the user chose it, e.g. after the scenario they
    /// were in was closed by someone else).
    pub fn set_in(
        &mut self,
        layer: Layer,
        key: CellKey,
        to: To,
        seen: Option<Option<Decimal>>,
    ) -> Result<Option<Change>> {
        let expect = seen.map_or(Expect::Anything, Expect::Shows);
        let written = self.write_cells(layer, vec![Op { key, expect, to }], None)?;
        Ok(written.first().copied())
    }

    /// Writes figures into the active layer in one transaction (all or none), each refused
    /// when its cell no longer shows what it was worked out from: one undoable step.
    /// `detail` is kept with the write (what the figures follow from).
    pub fn set_figures(
        &mut self,
        cells: &[(CellKey, Option<Decimal>, Option<Decimal>)],
        detail: Option<&str>,
    ) -> Result<Vec<Change>> {
        let ops = cells
            .iter()
            .map(|(key, seen, new)| Op {
                key: *key,
                expect: Expect::Shows(*seen),
                to: To::Figure(*new),
            })
            .collect();
        let layer = self.layer();
        self.write_cells(layer, ops, detail.map(str::to_string))
    }

    /// Writes ops as one batch and keeps it as one undoable step.
    fn write_cells(&mut self, layer: Layer, ops: Vec<Op>, detail: Option<String>) -> Result<Vec<Change>> {
        for op in &ops {
            self.check_access(&op.key)?;
        }
        let written = self.write_batch(Batch {
            action: WriteAction::Set,
            layer,
            detail,
            ops,
        })?;
        if !written.is_empty() {
            self.undo.push(Step::Cells {
                layer,
                cells: written
                    .iter()
                    .map(|ch| StepCell {
                        key: ch.key,
                        before: ch.old_state,
                        after: ch.new_state,
                        shown_after: ch.new,
                    })
                    .collect(),
            });
            self.redo.clear();
        }
        Ok(written)
    }

    /// Whether a figure read from a file would be doubtful if typed: not a figure of its
    /// kind, or ten times (a tenth of) the same cell's neighbours.
    pub fn assess_figure(&self, key: CellKey, value: Option<Decimal>) -> Assessment {
        let input = value.map(|v| crate::domain::number::canonical(&v)).unwrap_or_default();
        self.assess(key, &input, &Resolved { value, explain: None })
    }

    /// Stages figures read from a file as a new scenario named `name` for the session's
    /// unit: the store creates it and writes the cells (action `import`) in one transaction,
    /// so a refused import leaves no scenario; then the session switches to it. Nothing
    /// becomes official until the scenario is applied.
    pub fn import_as_scenario(
        &mut self,
        name: &str,
        cells: &[(CellKey, Option<Decimal>)],
    ) -> Result<crate::store::ScenarioInfo> {
        for (key, _) in cells {
            self.check_access(key)?;
        }
        let ops: Vec<Op> = cells
            .iter()
            .map(|(key, v)| Op {
                key: *key,
                expect: Expect::Anything,
                to: To::Figure(*v),
            })
            .collect();
        let (info, written) = self.db.store.import_scenario(name, Some(self.org), &ops)?;
        self.own.insert(written.batch);
        self.activate(Some(&info.name))?;
        Ok(self.scenario.clone().unwrap_or(info))
    }

    /// A cell the session may write: the unit's own, or one of the units below it that the
    /// session holds (typed in the by-unit view).
    fn check_access(&self, key: &CellKey) -> Result<()> {
        if key.org != self.org && !self.holds(key) {
            return Err(Refused::OtherUnitCell.into());
        }
        Ok(())
    }

    /// Writes a batch through the store and puts what changed into the slice. A write into
    /// a scenario that is gone refreshes what the session knows of it before failing.
    fn write_batch(&mut self, batch: Batch) -> Result<Vec<Change>> {
        match self.db.store.write(&batch) {
            Ok(w) => {
                if w.batch != 0 {
                    self.own.insert(w.batch);
                }
                for ch in &w.changes {
                    self.patch(ch);
                }
                Ok(w.changes)
            }
            Err(crate::store::StoreError::ScenarioClosed { info }) => {
                if self.scenario.as_ref().is_some_and(|s| s.id == info.id) {
                    self.scenario = Some((*info).clone());
                }
                Err(Error::Store(crate::store::StoreError::ScenarioClosed { info }))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Puts one written change into the slice.
    pub(super) fn patch(&mut self, ch: &Change) {
        self.patch_from(ch, crate::domain::values::Source::User);
    }

    /// Puts one written change into the slice, recording where the figure came from.
    pub(super) fn patch_from(&mut self, ch: &Change, source: crate::domain::values::Source) {
        if !self.holds(&ch.key) {
            return;
        }
        self.slice_changed();
        match ch.layer {
            Layer::Official => self.slice.official.set(ch.key, ch.new, source),
            Layer::Scenario(id) if self.scenario.as_ref().is_some_and(|s| s.id == id) => match ch.new_state {
                Some(v) => {
                    self.slice.overlay.changes.insert(ch.key, v);
                }
                None => {
                    self.slice.overlay.changes.remove(&ch.key);
                }
            },
            Layer::Scenario(_) => {}
        }
        if let Some(s) = &mut self.scenario {
            s.changes = self.slice.overlay.changes.len();
        }
    }

    /// How many edits of the active layer can be undone and redone.
    pub fn history_depth(&self) -> (usize, usize) {
        let layer = self.layer();
        (
            self.undo.iter().filter(|s| s.belongs_to(layer)).count(),
            self.redo.iter().filter(|s| s.belongs_to(layer)).count(),
        )
    }

    /// Undoes this session's last step in the layer the user is in, as new audited changes.
    /// Refuses (and keeps the step) when someone changed the cells since.
    pub fn undo(&mut self) -> Result<Option<Undone>> {
        self.step(true)
    }

    /// Redoes the last undone step of the layer the user is in.
    pub fn redo(&mut self) -> Result<Option<Undone>> {
        self.step(false)
    }

    fn step(&mut self, undo: bool) -> Result<Option<Undone>> {
        let layer = self.layer();
        let stack = if undo { &self.undo } else { &self.redo };
        let Some(at) = stack.iter().rposition(|s| s.belongs_to(layer)) else {
            if !stack.is_empty() {
                return Err(self.other_layer_only(undo));
            }
            return Ok(None);
        };
        let step = if undo {
            self.undo.remove(at)
        } else {
            self.redo.remove(at)
        };
        match self.replay(&step, undo) {
            Ok((done, back)) => {
                if undo {
                    self.redo.push(back);
                } else {
                    self.undo.push(back);
                }
                Ok(Some(done))
            }
            Err(e) => {
                let stack = if undo { &mut self.undo } else { &mut self.redo };
                stack.insert(at, step);
                Err(e)
            }
        }
    }

    fn other_layer_only(&self, undo: bool) -> Error {
        match undo {
            true => Refused::NothingToUndo {
                in_scenario: self.scenario.is_some(),
            },
            false => Refused::NothingToRedo,
        }
        .into()
    }

    /// Plays a step backwards (undo) or forwards (redo); returns what was done and the step
    /// that reverses it.
    fn replay(&mut self, step: &Step, undo: bool) -> Result<(Undone, Step)> {
        match step {
            Step::Cells { layer, cells } => {
                let ops: Vec<Op> = cells
                    .iter()
                    .map(|c| {
                        let (from_shown, to) = if undo {
                            (c.shown_after, c.before)
                        } else {
                            (self.shown_before(&c.key, c.before), c.after)
                        };
                        Op {
                            key: c.key,
                            expect: Expect::Shows(from_shown),
                            to: to.map_or(To::Official, To::Figure),
                        }
                    })
                    .collect();
                let action = if undo { WriteAction::Undo } else { WriteAction::Redo };
                self.write_batch(Batch {
                    action,
                    layer: *layer,
                    detail: None,
                    ops,
                })?;
                let back = Step::Cells {
                    layer: *layer,
                    cells: cells.clone(),
                };
                let shown = cells
                    .iter()
                    .map(|c| (c.key, if undo { c.before } else { c.after }))
                    .collect();
                Ok((
                    Undone::Cells {
                        layer: *layer,
                        cells: shown,
                    },
                    back,
                ))
            }
            Step::Apply {
                scenario,
                name,
                batch,
                cells,
            } => {
                if undo {
                    let out = self.db.store.revert_apply(*batch)?;
                    for ch in &out.changes {
                        self.patch(ch);
                    }
                    self.own.insert(out.batch);
                    self.after_scenario_change(*scenario)?;
                    Ok((
                        Undone::Apply {
                            name: name.clone(),
                            changes: out.changes,
                            refused: out.refused,
                        },
                        step.clone(),
                    ))
                } else {
                    match self.db.store.apply_scenario(*scenario, Some(cells), &HashMap::new())? {
                        ApplyOutcome::Applied {
                            batch: b,
                            changes,
                            cells: applied,
                            ..
                        } => {
                            for ch in &changes {
                                self.patch_from(ch, crate::domain::values::Source::Scenario);
                            }
                            self.own.insert(b);
                            self.after_scenario_change(*scenario)?;
                            Ok((
                                Undone::Reapply {
                                    name: name.clone(),
                                    changes,
                                },
                                Step::Apply {
                                    scenario: *scenario,
                                    name: name.clone(),
                                    batch: b,
                                    cells: applied,
                                },
                            ))
                        }
                        ApplyOutcome::Conflicts(c) => Err(Refused::RedoConflicts {
                            cells: c.len(),
                            scenario: name.clone(),
                        }
                        .into()),
                    }
                }
            }
        }
    }

    /// What a cell showed before a step, given what its layer held then (a scenario cell
    /// without a change showed the official figure).
    fn shown_before(&self, key: &CellKey, state: Option<Option<Decimal>>) -> Option<Decimal> {
        match state {
            Some(v) => v,
            None => self.slice.official.value(key),
        }
    }
}
