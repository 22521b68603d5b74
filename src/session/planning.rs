//! Planning through the session: what a typed target implies and the completion of a
//! scenario that makes the identities between indicators hold again, written into the
//! scenario as one audited, undoable step.

use super::Session;
use crate::domain::catalog::IndicatorId;
use crate::domain::planning::implied::{self, Balanced, Identity, Requirement};
use crate::domain::values::{CellKey, Values};
use crate::error::Result;
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
            self.set_figures(&cells)?;
        }
        Ok(b)
    }
}
