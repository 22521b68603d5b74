//! Planning through the session: what a typed target implies and the completion of a
//! scenario that makes the identities between indicators hold again, written into the
//! scenario as one audited, undoable step; goal seek on a cell; scenarios side by side; a
//! scenario from an assumption; a target handed down to the units below.

use super::Session;
use crate::domain::catalog::IndicatorId;
use crate::domain::planning::allocate::{self, AllocateError, Allocation, Method};
use crate::domain::planning::assume::{self, Assumed, Assumption};
use crate::domain::planning::implied::{self, Balanced, Identity, Requirement};
use crate::domain::planning::seek::{self, Measure, SeekError, Sought};
use crate::domain::planning::side::{self, Side};
use crate::domain::rules::tally;
use crate::domain::values::{CellKey, Layered, Overlay, Values};
use crate::error::Result;
use crate::store::ScenarioInfo;
use rust_decimal::Decimal;
use std::collections::HashSet;

impl Session {
    /// The identities among the session unit's cells in its plan frame.
    pub fn identities(&self) -> Vec<Identity> {
        implied::identities(&self.catalog, &self.rules, self.frame(), self.org)
    }

    /// What the identities reading the `typed` cells require of their other cells, as things
    /// stand in the active layer, each with the typed cell it is reported for.
    pub fn implications(&self, typed: &[CellKey]) -> Vec<(CellKey, Requirement)> {
        implied::implications(&self.catalog, &self.identities(), &self.values(), typed)
    }

    /// What the identities reading `cell` require of their other cells while `value` is being
    /// typed into it (the active layer with that figure previewed); none for another unit's cell.
    pub fn implications_typing(&self, cell: CellKey, value: Decimal) -> Vec<Requirement> {
        if cell.org != self.org {
            return Vec::new();
        }
        let v = self.values_with(Some((cell, Some(value))));
        implied::implications(&self.catalog, &self.identities(), &v, &[cell])
            .into_iter()
            .map(|(_, r)| r)
            .collect()
    }

    /// Works out the completion of the open scenario `name` at the session's unit: the cells
    /// it changed are held, the identities they break are met by the others (`prefer`'s
    /// indicators first). With `write`, writes it into the scenario in one transaction that
    /// checks each cell still shows what the completion started from.
    pub fn balance_scenario(&mut self, name: &str, prefer: &[IndicatorId], write: bool) -> Result<Balanced> {
        self.activate(Some(name))?;
        let held: HashSet<CellKey> = self
            .slice
            .overlay
            .changes
            .keys()
            .filter(|k| k.org == self.org)
            .copied()
            .collect();
        let v = self.values();
        let b = implied::balance(&self.catalog, &self.identities(), &v, &held, prefer);
        if write && !b.writes.is_empty() {
            let cells: Vec<_> = b
                .writes
                .iter()
                .map(|w| (w.key, v.entered(&w.key), Some(w.new)))
                .collect();
            self.set_figures(&cells, Some("balance"))?;
        }
        Ok(b)
    }
}

impl Session {
    /// The figure of `cell` (in the active layer) that makes `goal` reach `target`: a count
    /// whole and not negative. A goal on another unit's figures than the cell's (a figure or
    /// a percentage) is measured on their roll-up (the units below, weighted as the indicator
    /// rolls up).
    pub fn seek(&self, cell: CellKey, goal: Measure, target: Decimal) -> std::result::Result<Sought, SeekError> {
        let ind = self.catalog.get(cell.indicator);
        let count = ind.kind == crate::domain::catalog::ValueKind::Count;
        let f = |x: Decimal| {
            let v = self.values_with(Some((cell, Some(x))));
            let at = |k: CellKey| {
                if k.org == cell.org {
                    v.value(&k)
                } else {
                    v.rolled(&k)?.value
                }
            };
            match goal {
                Measure::Value(k) => at(k),
                Measure::Ratio { num, den } => {
                    let d = at(den).filter(|d| !d.is_zero())?;
                    at(num)?.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(d)
                }
            }
        };
        let start = self.values().value(&cell).unwrap_or_default();
        let floor = (!ind.signed).then_some(Decimal::ZERO);
        seek::seek(&f, target, start, count.then_some(Decimal::ONE), floor)
    }
}

/// A scenario read for a side-by-side summary: its changes here and its check tally
/// (errors, warnings, notes).
pub struct ScenarioColumn {
    pub info: ScenarioInfo,
    pub overlay: Overlay,
    pub tally: (usize, usize, usize),
}

impl Session {
    /// Reads each named scenario's changes at the session's unit and its checks, then looks
    /// at the layer it looked at before.
    pub fn scenario_columns(&mut self, names: &[String]) -> Result<Vec<ScenarioColumn>> {
        let back = self.scenario.as_ref().map(|s| s.name.clone());
        let mut out = Vec::with_capacity(names.len());
        for n in names {
            self.activate(Some(n))?;
            let Some(info) = self.scenario.clone() else { continue };
            out.push(ScenarioColumn {
                info,
                overlay: self.slice.overlay.clone(),
                tally: tally(&self.findings(&self.values())),
            });
        }
        self.activate(back.as_deref())?;
        Ok(out)
    }

    /// The official figures and the named scenarios side by side at the session's unit (the
    /// cells they change here or in the units directly below), with each scenario's column.
    pub fn side_by_side(&mut self, names: &[String]) -> Result<(Side, Vec<ScenarioColumn>)> {
        self.side_by_side_of(names, &[])
    }

    /// As [`Session::side_by_side`], but with `indicators` given: those indicators of the
    /// session's unit (their figures, growth and attainment), changed by a scenario or not.
    pub fn side_by_side_of(
        &mut self,
        names: &[String],
        indicators: &[IndicatorId],
    ) -> Result<(Side, Vec<ScenarioColumn>)> {
        let cols = self.scenario_columns(names)?;
        let mut changed: Vec<CellKey> = cols.iter().flat_map(|c| c.overlay.changes.keys().copied()).collect();
        let org = self.org;
        changed.retain(|k| k.org == org || self.orgs().parent_of(k.org) == Some(org));
        changed.sort();
        changed.dedup();
        let official = self.values_official();
        let layers: Vec<_> = cols.iter().map(|c| self.values_over(&c.overlay)).collect();
        let mut columns: Vec<&dyn Values> = vec![&official];
        columns.extend(layers.iter().map(|l| l as &dyn Values));
        let side = if indicators.is_empty() {
            side::side_by_side(&self.catalog, self.frame(), &columns, &changed)
        } else {
            side::side_by_side_of(&self.catalog, self.frame(), &columns, &changed, indicators, org)
        };
        Ok((side, cols))
    }

    /// The figures under another scenario's changes than the active one's (rolled up on
    /// demand, through the same form links).
    pub fn values_over<'a>(&'a self, overlay: &'a Overlay) -> Layered<'a> {
        Layered {
            base: &self.slice.official,
            overlay: Some(overlay),
            preview: None,
            tree: Some(crate::domain::rollup::Tree::new(&self.catalog, self.db.store.orgs())),
            cache: None,
            series: (!self.series.links.is_empty()).then_some(&*self.series),
        }
    }

    /// The official figures, rolled up as the session shows them.
    pub fn values_official(&self) -> Layered<'_> {
        self.values().official_view()
    }
}

impl Session {
    /// Writes what an assumption gives into the open scenario `name`, for the session's unit
    /// (and, with `parts`, the units below it that the session holds), as one write that
    /// records the assumption as typed (`text`).
    pub fn assume_scenario(
        &mut self,
        name: &str,
        a: &Assumption,
        text: &str,
        parts: bool,
        write: bool,
    ) -> Result<Vec<Assumed>> {
        self.activate(Some(name))?;
        let mut orgs = vec![self.org];
        if parts {
            orgs.extend(self.parts());
        }
        let v = self.values();
        let out = assume::assume(&self.catalog, a, self.frame(), &orgs, &v);
        if write && !out.is_empty() {
            let cells: Vec<_> = out.iter().map(|x| (x.key, v.entered(&x.key), Some(x.new))).collect();
            let detail = format!("assume: {}", crate::domain::text::sanitize(text));
            self.set_figures(&cells, Some(&detail))?;
        }
        Ok(out)
    }
}

/// A target handed down: the unit's figure before, the target, the allocation.
pub struct HandedDown {
    pub was: Option<Decimal>,
    pub target: Decimal,
    pub allocation: Allocation,
}

impl Session {
    /// Allocates `target` for a cell of the session's unit over the units directly below it,
    /// into the open scenario `name` (with the unit's own figure set to the target), one
    /// write that records how it was allocated (`how`).
    #[allow(clippy::too_many_arguments)]
    pub fn allocate_scenario(
        &mut self,
        name: &str,
        cell: CellKey,
        target: Option<Decimal>,
        by: crate::domain::period::Period,
        method: Method,
        how: &str,
        write: bool,
    ) -> Result<std::result::Result<HandedDown, AllocateError>> {
        self.activate(Some(name))?;
        let parts = self.parts();
        let v = self.values();
        let own = v.value(&cell);
        let Some(target) = target.or(own) else {
            return Ok(Err(AllocateError::BadTarget));
        };
        let a = match allocate::allocate(
            &self.catalog,
            cell.indicator,
            target,
            cell.period,
            by,
            method,
            &parts,
            &v,
        ) {
            Ok(a) => a,
            Err(e) => return Ok(Err(e)),
        };
        if write {
            let mut cells: Vec<_> = a
                .cells
                .iter()
                .filter(|x| x.old != Some(x.new))
                .map(|x| (x.key, v.entered(&x.key), Some(x.new)))
                .collect();
            if v.entered(&cell) != Some(target) {
                cells.push((cell, v.entered(&cell), Some(target)));
            }
            if !cells.is_empty() {
                let detail = format!("allocate: {}", crate::domain::text::sanitize(how));
                self.set_figures(&cells, Some(&detail))?;
            }
        }
        Ok(Ok(HandedDown {
            was: own,
            target,
            allocation: a,
        }))
    }
}
