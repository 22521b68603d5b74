//! Following other sessions: the batches committed after the session's cursor say which
//! cells changed; only those are read again (and only when they are in the slice). Nothing
//! is read when nothing was committed, and the session's own writes never hide others'.

use super::Session;
use crate::domain::values::CellKey;
use crate::error::Result;
use crate::store::{BatchRecord, Layer, ScenarioInfo, ScenarioStatus};
use std::collections::BTreeSet;

/// Past this many batches behind, reading everything again is cheaper than catching up.
const CATCH_UP_LIMIT: u64 = 2_000;

/// Something another session did that the user should hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Figures this session shows were changed.
    Figures { count: usize, users: Vec<String> },
    /// The active scenario was applied or discarded by someone else.
    ScenarioClosed(ScenarioInfo),
    /// The active scenario came back (its apply was undone) or was renamed.
    ScenarioChanged(ScenarioInfo),
    /// A new plan year was started.
    PlanStarted { year: i32, user: String },
    /// So much changed that everything was read again.
    Reloaded,
    /// Someone imported org units (the list was read again).
    UnitsChanged { user: String },
    /// Someone submitted, approved, returned or reopened a plan (`plan.submit`, …).
    PlanStep {
        action: String,
        user: String,
        unit: Option<crate::domain::org::OrgId>,
        year: i32,
        comment: Option<String>,
    },
}

/// What a refresh found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refresh {
    pub events: Vec<Event>,
    /// Cells of the slice that were read again.
    pub cells: Vec<CellKey>,
}

impl Refresh {
    /// Whether anything the user sees changed.
    pub fn changed(&self) -> bool {
        !self.events.is_empty()
    }
}

impl Session {
    /// A watch that wakes a waiting loop when another session may have committed: poll its
    /// descriptor, then [`Session::refresh`]. `None` where the store cannot be watched (in
    /// memory, off Unix, or a watch could not start): then look on a timer.
    pub fn watch(&self) -> Option<crate::store::watch::Watch> {
        self.db.watch()
    }

    /// Catches up with what other sessions committed since the cursor.
    pub fn refresh(&mut self) -> Result<Refresh> {
        if !self.db.store.maybe_changed()? {
            return Ok(Refresh::default());
        }
        let behind = self.db.store.count_since(self.cursor)?;
        if behind == 0 {
            return Ok(Refresh::default());
        }
        if behind > CATCH_UP_LIMIT {
            self.reload()?;
            return Ok(Refresh {
                events: vec![Event::Reloaded],
                cells: Vec::new(),
            });
        }
        let records = self.db.store.changes_since(self.cursor, behind as usize)?;
        if self.parts_unread && records.iter().any(|r| r.cells.iter().any(|(_, k)| k.org != self.org)) {
            // The kept roll-ups may have moved: work them out from the parts from now on.
            self.need_parts()?;
        }
        self.catch_up(records)
    }

    fn catch_up(&mut self, records: Vec<BatchRecord>) -> Result<Refresh> {
        let active = self.scenario.as_ref().map(|s| s.id);
        let mut touched: BTreeSet<CellKey> = BTreeSet::new();
        let mut users: Vec<String> = Vec::new();
        let mut count = 0;
        let mut scenario_moved = false;
        let mut plans_moved = None;
        let mut units_moved = None;
        let mut scenarios_made = false;
        let mut steps: Vec<(String, String, String)> = Vec::new();
        for r in &records {
            self.cursor = self.cursor.max(r.id);
            if self.own.remove(&r.id) {
                continue;
            }
            for (layer, key) in &r.cells {
                let shown = match layer {
                    Layer::Official => true,
                    Layer::Scenario(id) => Some(*id) == active,
                };
                if shown && self.holds(key) {
                    touched.insert(*key);
                    count += 1;
                    if !users.contains(&r.user) {
                        users.push(r.user.clone());
                    }
                }
            }
            if r.scenario.is_some() && r.scenario == active && r.action != "scenario.set" {
                scenario_moved = true;
            }
            if r.action == "plan.start" {
                plans_moved = Some(r.user.clone());
            }
            if r.action.starts_with("scenario") || r.action == "import" {
                scenarios_made = true;
            }
            if r.action.starts_with("units.") {
                units_moved = Some(r.user.clone());
            }
            if r.action.starts_with("plan.") && r.action != "plan.start" {
                steps.push((r.action.clone(), r.user.clone(), r.detail.clone().unwrap_or_default()));
            }
        }
        if scenarios_made {
            // A scenario made elsewhere is listed with its unit.
            self.db.store.hold_scenarios()?;
        }
        let mut events = Vec::new();
        let cells: Vec<CellKey> = touched.into_iter().collect();
        if !cells.is_empty() {
            self.slice_changed();
            let fresh = self.db.store.read_cells(&cells, active)?;
            self.rows_read += fresh.official.len() + fresh.overlay.changes.len();
            for key in &cells {
                match fresh.official.cell(key) {
                    Some(c) => self.slice.official.insert(*key, c.clone()),
                    None => self.slice.official.remove(key),
                }
                if active.is_some() {
                    match fresh.overlay.changes.get(key) {
                        Some(v) => {
                            self.slice.overlay.changes.insert(*key, *v);
                        }
                        None => {
                            self.slice.overlay.changes.remove(key);
                        }
                    }
                }
            }
            events.push(Event::Figures { count, users });
        }
        if let (true, Some(id)) = (scenario_moved, active) {
            let info = self.db.store.scenario(id)?;
            self.scenario = Some(info.clone());
            // Its pending changes may have moved (applied, or back after an undone apply).
            let mut overlay = self.db.store.read(&self.scope)?.overlay;
            if let Some(w) = &self.wide {
                overlay.changes.extend(self.db.store.read(w)?.overlay.changes);
            }
            self.rows_read += overlay.changes.len();
            self.slice.overlay = overlay;
            self.slice_changed();
            events.push(if info.status == ScenarioStatus::Open {
                Event::ScenarioChanged(info)
            } else {
                Event::ScenarioClosed(info)
            });
        }
        if !steps.is_empty() {
            self.reload_states()?;
            for (action, user, detail) in steps {
                // `2020 ba-be: comment`
                let mut words = detail.splitn(2, ' ');
                let year = words.next().and_then(|y| y.parse().ok()).unwrap_or(self.year);
                let rest = words.next().unwrap_or("");
                let (code, comment) = match rest.split_once(": ") {
                    Some((c, m)) => (c, Some(m.to_string())),
                    None => (rest, None),
                };
                let unit = self.db.store.orgs().by_code(code);
                events.push(Event::PlanStep {
                    action,
                    user,
                    unit,
                    year,
                    comment,
                });
            }
        }
        if let Some(user) = units_moved {
            self.db.store.reload_units()?;
            self.load()?;
            events.push(Event::UnitsChanged { user });
        }
        if let Some(user) = plans_moved {
            self.plans = self.db.store.plans()?;
            if let Some(p) = self.plans.last() {
                events.push(Event::PlanStarted { year: p.year, user });
            }
        }
        Ok(Refresh { events, cells })
    }
}
