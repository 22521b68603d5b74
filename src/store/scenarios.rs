//! What-if scenarios: named layers that hold only the cells they change and never touch the
//! official figures until applied.

use super::Store;
use super::values::{Change, Codes, audit};
use crate::domain::number::{canonical, parse_canonical};
use crate::domain::text;
use crate::domain::values::{CellKey, Overlay, Source};
use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, params};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A scenario and how many cells it changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioInfo {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub created_by: String,
    pub changes: usize,
}

/// A cell whose official figure changed after the scenario changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyConflict {
    pub key: CellKey,
    /// The official figure when the scenario changed the cell.
    pub base: Option<Decimal>,
    /// The official figure now.
    pub official: Option<Decimal>,
    /// The scenario's figure.
    pub scenario: Option<Decimal>,
}

/// What to do with a conflicting cell when applying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Write the scenario's figure over the new official one.
    Overwrite,
    /// Leave the official figure and keep the change in the scenario.
    Skip,
}

/// The result of applying a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyOutcome {
    /// The changes were written; `removed` when the scenario had nothing left and was closed.
    Applied { changes: Vec<Change>, removed: bool },
    /// Nothing was written: these cells need a decision first.
    Conflicts(Vec<ApplyConflict>),
}

/// The longest scenario name, in characters.
pub const MAX_NAME: usize = 60;

fn decimal(s: Option<String>) -> Option<Decimal> {
    s.and_then(|s| parse_canonical(&s))
}

/// Checks a scenario name and returns it in NFC, trimmed.
fn clean_name(name: &str) -> Result<String> {
    let n = text::nfc(name.trim());
    if n.is_empty() {
        return Err(Error::refused(
            "Tên phương án không được để trống.",
            "A scenario needs a name.",
        ));
    }
    if text::has_control(&n) {
        return Err(Error::refused(
            "Tên phương án không được chứa ký tự điều khiển.",
            "A scenario name cannot contain control characters.",
        ));
    }
    if n.chars().count() > MAX_NAME {
        return Err(Error::refused(
            format!("Tên phương án dài quá {MAX_NAME} ký tự."),
            format!("A scenario name has at most {MAX_NAME} characters."),
        ));
    }
    Ok(n)
}

/// Refuses a name another scenario (other than `except`) already has, ignoring case and
/// diacritics.
fn ensure_name_free(tx: &rusqlite::Transaction<'_>, name: &str, except: Option<i64>) -> Result<()> {
    let taken: Option<i64> = tx
        .query_row(
            "SELECT id FROM scenario WHERE name_key = ?1 AND id IS NOT ?2",
            params![text::fold(name), except],
            |r| r.get(0),
        )
        .optional()?;
    match taken {
        Some(_) => Err(Error::refused(
            format!("Đã có phương án tên “{name}”."),
            format!("There is already a scenario called “{name}”."),
        )),
        None => Ok(()),
    }
}

struct Row {
    codes: (String, String, i32, String, String),
    value: Option<Decimal>,
    base: Option<Decimal>,
    base_rev: i64,
}

impl Store {
    /// All scenarios, oldest first.
    pub fn scenarios(&self) -> Result<Vec<ScenarioInfo>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.id, s.name, s.created_at, s.created_by, (SELECT count(*) FROM scenario_value v WHERE v.scenario = s.id)
             FROM scenario s ORDER BY s.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(ScenarioInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                created_at: r.get(2)?,
                created_by: r.get(3)?,
                changes: r.get::<_, i64>(4)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The scenario of this name (case and diacritics are ignored).
    pub fn scenario(&self, name: &str) -> Result<ScenarioInfo> {
        let key = text::fold(name);
        self.scenarios()?
            .into_iter()
            .find(|s| text::fold(&s.name) == key)
            .ok_or_else(|| {
                let safe = text::sanitize(name);
                Error::refused(
                    format!("Không có phương án “{safe}”. Xem danh sách: kttt scenario list"),
                    format!("There is no scenario “{safe}”. See: kttt scenario list"),
                )
            })
    }

    fn scenario_by_id(&self, id: i64) -> Result<ScenarioInfo> {
        self.scenarios()?.into_iter().find(|s| s.id == id).ok_or_else(|| {
            Error::refused(
                "Phương án này không còn nữa (có thể đã bị xoá).",
                "That scenario no longer exists (it may have been deleted).",
            )
        })
    }

    /// Creates an empty scenario.
    pub fn create_scenario(&mut self, name: &str) -> Result<ScenarioInfo> {
        let name = clean_name(name)?;
        let now = self.actor.now();
        let tx = self.begin()?;
        ensure_name_free(&tx, &name, None)?;
        tx.execute(
            "INSERT INTO scenario (name, name_key, created_at, created_by) VALUES (?1, ?2, ?3, ?4)",
            params![name, text::fold(&name), now, self.actor.user],
        )?;
        let id = tx.last_insert_rowid();
        audit(
            &tx,
            &now,
            &self.actor.user,
            "scenario.create",
            Some(&name),
            None,
            None,
            None,
            None,
        )?;
        tx.commit()?;
        self.scenario_by_id(id)
    }

    /// Renames a scenario.
    pub fn rename_scenario(&mut self, id: i64, new_name: &str) -> Result<()> {
        let name = clean_name(new_name)?;
        let old = self.scenario_by_id(id)?;
        let now = self.actor.now();
        let tx = self.begin()?;
        ensure_name_free(&tx, &name, Some(id))?;
        tx.execute(
            "UPDATE scenario SET name = ?2, name_key = ?3 WHERE id = ?1",
            params![id, name, text::fold(&name)],
        )?;
        audit(
            &tx,
            &now,
            &self.actor.user,
            "scenario.rename",
            Some(&name),
            None,
            None,
            None,
            Some(&format!("{} → {name}", old.name)),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a scenario and its changes; the official figures are untouched. Returns how
    /// many changes were dropped.
    pub fn discard_scenario(&mut self, id: i64) -> Result<usize> {
        let info = self.scenario_by_id(id)?;
        let now = self.actor.now();
        let tx = self.begin()?;
        let n = tx.execute("DELETE FROM scenario_value WHERE scenario = ?1", params![id])?;
        tx.execute("DELETE FROM scenario WHERE id = ?1", params![id])?;
        audit(
            &tx,
            &now,
            &self.actor.user,
            "scenario.discard",
            Some(&info.name),
            None,
            None,
            None,
            Some(&format!("{n} changes dropped")),
        )?;
        tx.commit()?;
        Ok(n)
    }

    fn scenario_rows(&self, id: i64) -> Result<Vec<Row>> {
        let mut st = self.conn.prepare_cached(
            "SELECT indicator, org_unit, year, kind, funding, value, base_value, base_rev FROM scenario_value WHERE scenario = ?1",
        )?;
        let rows = st.query_map(params![id], |r| {
            Ok(Row {
                codes: (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                value: decimal(r.get(5)?),
                base: decimal(r.get(6)?),
                base_rev: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The cells a scenario changes.
    pub fn load_overlay(&self, id: i64) -> Result<Overlay> {
        let mut o = Overlay::default();
        for r in self.scenario_rows(id)? {
            let (i, org, y, k, f) = &r.codes;
            if let Some(key) = self.key_of(i, org, *y, k, f) {
                o.changes.insert(key, r.value);
            }
        }
        Ok(o)
    }

    /// The official figure each changed cell had when the scenario first changed it.
    pub fn overlay_bases(&self, id: i64) -> Result<HashMap<CellKey, Option<Decimal>>> {
        let mut m = HashMap::new();
        for r in self.scenario_rows(id)? {
            let (i, org, y, k, f) = &r.codes;
            if let Some(key) = self.key_of(i, org, *y, k, f) {
                m.insert(key, r.base);
            }
        }
        Ok(m)
    }

    /// Changes a cell in a scenario (never the official figure). `state` `None` drops the
    /// scenario's change so the cell shows the official figure again; a figure equal to the
    /// official one does the same. With `expect`, refuses when the cell no longer shows what
    /// the user saw. `Ok(None)`: nothing to change.
    pub fn set_scenario_value(
        &mut self,
        id: i64,
        key: CellKey,
        state: Option<Option<Decimal>>,
        expect: Option<Option<Decimal>>,
        action: &str,
    ) -> Result<Option<Change>> {
        self.check_writable(&key)?;
        let info = self.scenario_by_id(id)?;
        let c = self.codes(&key);
        let now = self.actor.now();
        let tx = self.begin()?;
        let (official, rev) = Store::current(&tx, &c)?.unwrap_or((None, 0));
        let existing: Option<Option<Decimal>> = tx
            .query_row(
                "SELECT value FROM scenario_value WHERE scenario = ?1 AND indicator = ?2 AND org_unit = ?3 AND year = ?4
                 AND kind = ?5 AND funding = ?6",
                params![id, c.indicator, c.org, c.year, c.kind, c.funding],
                |r| Ok(decimal(r.get(0)?)),
            )
            .optional()?;
        let old = existing.unwrap_or(official);
        if let Some(seen) = expect
            && seen != old
        {
            return Err(Error::Conflict { now: old });
        }
        let new = state.unwrap_or(official);
        let drop = state.is_none() || new == official;
        if old == new && (existing.is_some() != drop) {
            return Ok(None);
        }
        if drop {
            delete_row(&tx, id, &c)?;
        } else {
            tx.execute(
                "INSERT INTO scenario_value (scenario, indicator, org_unit, year, kind, funding, value, base_value, base_rev,
                   updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (scenario, indicator, org_unit, year, kind, funding) DO UPDATE SET
                   value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                params![
                    id,
                    c.indicator,
                    c.org,
                    c.year,
                    c.kind,
                    c.funding,
                    new.as_ref().map(canonical),
                    official.as_ref().map(canonical),
                    rev,
                    now,
                    self.actor.user
                ],
            )?;
        }
        let detail = drop.then_some("back to the official figure");
        let audit_id = audit(
            &tx,
            &now,
            &self.actor.user,
            action,
            Some(&info.name),
            Some(&c),
            old,
            new,
            detail,
        )?;
        tx.commit()?;
        Ok(Some(Change {
            key,
            old,
            new,
            audit_id,
        }))
    }

    /// Promotes a scenario's changes (all, or the cells in `only`) to official figures in
    /// one transaction, with audit rows naming the scenario. A cell whose official figure
    /// changed after the scenario changed it needs a resolution; without one nothing is
    /// written and the conflicts are returned. The scenario is closed when nothing is left.
    pub fn apply_scenario(
        &mut self,
        id: i64,
        only: Option<&[CellKey]>,
        resolutions: &HashMap<CellKey, Resolution>,
    ) -> Result<ApplyOutcome> {
        let info = self.scenario_by_id(id)?;
        let rows = self.scenario_rows(id)?;
        let now = self.actor.now();
        let tx = self.begin()?;
        let mut conflicts = Vec::new();
        let mut todo = Vec::new();
        for r in &rows {
            let (i, org, y, k, f) = &r.codes;
            let Some(key) = self.key_of(i, org, *y, k, f) else {
                continue;
            };
            if only.is_some_and(|o| !o.contains(&key)) {
                continue;
            }
            let c = self.codes(&key);
            let (official, rev) = Store::current(&tx, &c)?.unwrap_or((None, 0));
            if rev != r.base_rev {
                match resolutions.get(&key) {
                    Some(Resolution::Skip) => continue,
                    Some(Resolution::Overwrite) => {}
                    None => {
                        conflicts.push(ApplyConflict {
                            key,
                            base: r.base,
                            official,
                            scenario: r.value,
                        });
                        continue;
                    }
                }
            }
            todo.push((key, c, official, r.value));
        }
        if !conflicts.is_empty() {
            conflicts.sort_by_key(|c| c.key);
            return Ok(ApplyOutcome::Conflicts(conflicts));
        }
        let mut changes = Vec::new();
        todo.sort_by_key(|t| t.0);
        for (key, c, official, value) in todo {
            if official != value {
                let audit_id = self.write_official(
                    &tx,
                    &c,
                    value,
                    official,
                    &Source::Scenario,
                    "apply",
                    Some(&info.name),
                    None,
                    &now,
                )?;
                changes.push(Change {
                    key,
                    old: official,
                    new: value,
                    audit_id,
                });
            }
            delete_row(&tx, id, &c)?;
        }
        let left: i64 = tx.query_row(
            "SELECT count(*) FROM scenario_value WHERE scenario = ?1",
            params![id],
            |r| r.get(0),
        )?;
        let removed = left == 0;
        if removed {
            tx.execute("DELETE FROM scenario WHERE id = ?1", params![id])?;
        }
        let detail = format!(
            "{} applied{}",
            changes.len(),
            if removed { ", scenario closed" } else { "" }
        );
        audit(
            &tx,
            &now,
            &self.actor.user,
            "scenario.apply",
            Some(&info.name),
            None,
            None,
            None,
            Some(&detail),
        )?;
        tx.commit()?;
        Ok(ApplyOutcome::Applied { changes, removed })
    }
}

fn delete_row(tx: &rusqlite::Transaction<'_>, id: i64, c: &Codes) -> Result<()> {
    tx.execute(
        "DELETE FROM scenario_value WHERE scenario = ?1 AND indicator = ?2 AND org_unit = ?3 AND year = ?4 AND kind = ?5
         AND funding = ?6",
        params![id, c.indicator, c.org, c.year, c.kind, c.funding],
    )?;
    Ok(())
}
