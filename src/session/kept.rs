//! A lean session's roll-ups: those kept for its unit and plan year (see
//! `store::sql::rollups`) stand in for its parts' figures until something needs them.

use super::{Scope, Session};
use crate::domain::rollup::stored;
use crate::error::Result;

/// What kept roll-ups depend on of kttt itself: its version and build.
const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("KTTT_COMMIT"));

impl Session {
    /// Takes the roll-ups kept for the unit and plan year when they are current (`stamp`
    /// read before any figure): the parts' figures stay unread. Whether it did.
    pub(super) fn use_kept(&mut self, stamp: &str) -> Result<bool> {
        let form = stored::form_key(&self.catalog, BUILD);
        let mut kept = self.kept_rollups(stamp, &form)?;
        if kept.is_none() && !self.tree_held() {
            // It may name a unit further down (one not comparable): with the whole tree held.
            self.hold_tree()?;
            kept = self.kept_rollups(stamp, &form)?;
        }
        let Some((rollups, started)) = kept else {
            return Ok(false);
        };
        // Nothing below is read or followed until the parts are needed.
        self.wide = None;
        let _ = self.rollups.set(rollups);
        self.kept_started = started;
        self.parts_unread = true;
        Ok(true)
    }

    /// Reads the parts' figures the unit's roll-ups are made of (into the slice) and
    /// follows those units.
    pub(super) fn read_all_parts(&mut self) -> Result<()> {
        self.hold_tree()?;
        let scenario = self.scenario.as_ref().map(|s| s.id);
        let parts = self.read_parts(scenario)?;
        self.wide = self.parts_scope(parts, scenario);
        self.parts_unread = false;
        Ok(())
    }

    /// Whether every unit under the unit in view is held (a lean session holds only the
    /// units near it — those above, directly under and it was formed from or ended into —
    /// while kept roll-ups serve).
    fn tree_held(&self) -> bool {
        self.db.store.holds_tree(&self.unit().code)
    }

    /// Holds every unit under the unit in view (the store reads it once).
    fn hold_tree(&mut self) -> Result<()> {
        let code = self.unit().code.clone();
        Ok(self.db.store.hold(&[code])?)
    }

    /// The figures of these parts the unit's roll-ups read: the frame's periods (`None`
    /// for no parts).
    fn parts_scope(
        &self,
        parts: Vec<crate::domain::org::OrgId>,
        scenario: Option<crate::store::ScenarioId>,
    ) -> Option<Scope> {
        let frame = self.frame();
        (!parts.is_empty()).then(|| Scope {
            orgs: Some(parts),
            years: frame.actual_before_last().year..=self.year,
            periods: Some(frame.periods().to_vec()),
            indicators: None,
            scenario,
        })
    }

    /// Works out the unit's roll-ups from the figures read and keeps them under `stamp`
    /// (a session that shows sheets; official figures only; a unit with parts), when the
    /// database takes it at once.
    pub(super) fn keep(&mut self, stamp: String) {
        if !self.keeps || self.wide.is_none() || self.scenario.is_some() {
            return;
        }
        let _ = self.rollups.set(self.compute_rollups());
        let started = self.parts_started();
        let Some(made) = self.rollups.get() else { return };
        let kept = crate::store::sql::KeptRollups {
            form: stored::form_key(&self.catalog, BUILD),
            stamp,
            cells: stored::encode(made, &started, &self.catalog, self.db.store.orgs()),
        };
        let _ = self.db.store.keep_rollups(self.org, self.year, &kept);
    }

    /// The roll-ups kept for the unit and plan year when they are current (same stamp, same
    /// form) and read back whole for this frame.
    pub(super) fn kept_rollups(
        &self,
        stamp: &str,
        form: &str,
    ) -> Result<Option<(crate::domain::rollup::Rollups, Vec<usize>)>> {
        let Some(kept) = self.db.store.kept_rollups(self.org, self.year)? else {
            return Ok(None);
        };
        if kept.stamp != stamp || kept.form != form {
            return Ok(None);
        }
        Ok(
            stored::decode(&kept.cells, self.org, &self.catalog, self.db.store.orgs()).filter(|(r, started)| {
                started.len() == self.catalog.appendices.len() && self.frame().periods().iter().all(|p| r.covers(*p))
            }),
        )
    }

    /// Reads the parts' figures a lean session left unread (and from now on always reads
    /// them): what a view of the parts, an edit below the unit or a goal on a roll-up needs.
    pub fn need_parts(&mut self) -> Result<()> {
        self.lean = false;
        self.own_only = false;
        if !self.parts_unread {
            return Ok(());
        }
        self.read_all_parts()?;
        self.rollups = Default::default();
        Ok(())
    }

    /// How many of the units directly under this one have entered anything of each
    /// appendix (never counting a unit that has not reported as zero).
    pub fn parts_started(&self) -> Vec<usize> {
        if self.parts_unread {
            return self.kept_started.clone();
        }
        let parts = self.parts();
        (0..self.catalog.appendices.len())
            .map(|a| parts.iter().filter(|p| self.completeness(**p, a).entered > 0).count())
            .collect()
    }

    /// Whether the parts' figures are unread (the roll-ups are the kept ones).
    pub fn parts_unread(&self) -> bool {
        self.parts_unread
    }
}
