//! The one path every figure is written by: inside the caller's transaction, read the cell,
//! check what the user saw, write the figure (official, or in a scenario's layer) and its
//! audit row. Batches, plan start and scenario apply all come through here.

use super::SqlStore;
use super::{Db, DbExt, params};
use crate::domain::catalog::{Catalog, FundingId};
use crate::domain::number::{canonical, parse_canonical};
use crate::domain::org::OrgUnits;
use crate::domain::period::{Period, PeriodKind, PlanFrame};
use crate::domain::validity;
use crate::domain::values::{CellKey, Source};
use crate::i18n::Text;
use crate::store::Refusal;
use crate::store::{
    Batch, BatchId, Change, Expect, Layer, Op, ScenarioId, ScenarioInfo, ScenarioStatus, StoreError, StoreResult, To,
    WriteAction, Written,
};
use rust_decimal::Decimal;

/// The storage codes of a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Codes {
    pub indicator: String,
    pub org: String,
    pub year: i32,
    pub kind: &'static str,
    pub funding: String,
}

impl Codes {
    pub fn of(catalog: &Catalog, orgs: &OrgUnits, key: &CellKey) -> Codes {
        Codes {
            indicator: catalog.get(key.indicator).code.clone(),
            org: orgs.get(key.org).code.clone(),
            year: key.period.year,
            kind: key.period.kind.code(),
            funding: catalog.fundings[key.funding.0 as usize].code.clone(),
        }
    }
}

/// Reads a stored figure; text that is not one reads as blank (it is reported by `check`).
pub(super) fn decimal(s: Option<String>) -> Option<Decimal> {
    s.and_then(|s| parse_canonical(&s))
}

fn text(v: Option<Decimal>) -> Option<String> {
    v.as_ref().map(canonical)
}

/// The layer a write goes into, as read inside the transaction.
pub(super) enum Target {
    Official,
    /// Official figures written from a scenario (apply, and its undoing): the audit names it.
    OfficialFrom {
        name: String,
    },
    Scenario {
        id: ScenarioId,
        name: String,
    },
}

/// Reads a scenario inside the transaction and refuses one that is gone or closed.
pub(super) fn open_scenario(tx: &dyn Db, orgs: &OrgUnits, id: ScenarioId) -> StoreResult<ScenarioInfo> {
    let info = super::scenarios::get(tx, orgs, id)?;
    if info.status != ScenarioStatus::Open {
        return Err(StoreError::ScenarioClosed { info: Box::new(info) });
    }
    Ok(info)
}

/// A batch about a scenario itself (created, renamed, discarded) with its audit row.
pub(super) fn scenario_event(
    tx: &dyn Db,
    now: &str,
    user: &str,
    action: &str,
    scenario: (ScenarioId, &str),
    detail: Option<&str>,
) -> StoreResult<BatchId> {
    let batch = new_batch(tx, now, user, action, Some(scenario.0), None, detail)?;
    let ctx = Ctx { now, user, batch };
    audit_event(tx, &ctx, action, Some(scenario), detail)?;
    Ok(batch)
}

/// Starts a batch: the row that numbers this write in commit order.
pub(crate) fn new_batch(
    tx: &dyn Db,
    now: &str,
    user: &str,
    action: &str,
    scenario: Option<ScenarioId>,
    undoes: Option<BatchId>,
    detail: Option<&str>,
) -> StoreResult<BatchId> {
    tx.insert_id(
        "INSERT INTO batch (at, os_user, action, scenario, undoes, detail, os_account)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![
            now,
            user,
            action,
            scenario.map(|s| s.0),
            undoes,
            detail,
            crate::store::os_account()
        ],
    )
}

/// The context every audited write needs.
pub(super) struct Ctx<'a> {
    pub now: &'a str,
    pub user: &'a str,
    pub batch: BatchId,
}

/// Writes one audit row: the only place kttt writes one for a cell (one argument per column).
#[allow(clippy::too_many_arguments)]
pub(super) fn audit(
    tx: &dyn Db,
    ctx: &Ctx<'_>,
    action: &str,
    target: &Target,
    c: &Codes,
    old: Option<Decimal>,
    new: Option<Decimal>,
    detail: Option<&str>,
) -> StoreResult<i64> {
    let (sid, sname) = match target {
        Target::Official => (None, None),
        Target::OfficialFrom { name } => (None, Some(name.as_str())),
        Target::Scenario { id, name } => (Some(id.0), Some(name.as_str())),
    };
    tx.insert_id(
        "INSERT INTO audit (at, os_user, action, scenario, scenario_id, indicator, org_unit, year, kind, funding,
           old_value, new_value, detail, batch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
        params![
            ctx.now,
            ctx.user,
            action,
            sname,
            sid,
            c.indicator,
            c.org,
            c.year,
            c.kind,
            c.funding,
            text(old),
            text(new),
            detail,
            ctx.batch
        ],
    )
}

/// An audit row about the database itself (a replaced file, a note).
pub(crate) fn audit_note(
    tx: &dyn Db,
    now: &str,
    user: &str,
    batch: BatchId,
    action: &str,
    detail: &str,
) -> StoreResult<()> {
    let ctx = Ctx { now, user, batch };
    audit_event(tx, &ctx, action, None, Some(detail))
}

/// An audit row about a scenario or the database, not about a cell.
pub(super) fn audit_event(
    tx: &dyn Db,
    ctx: &Ctx<'_>,
    action: &str,
    scenario: Option<(ScenarioId, &str)>,
    detail: Option<&str>,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO audit (at, os_user, action, scenario, scenario_id, detail, batch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            ctx.now,
            ctx.user,
            action,
            scenario.map(|s| s.1),
            scenario.map(|s| s.0.0),
            detail,
            ctx.batch
        ],
    )?;
    Ok(())
}

/// The official figure and revision of a cell, read inside the transaction.
pub(super) fn current(tx: &dyn Db, c: &Codes) -> StoreResult<Option<(Option<Decimal>, i64)>> {
    tx.query_opt(
        "SELECT value, rev FROM value
         WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4 AND funding = ?5",
        params![c.indicator, c.org, c.year, c.kind, c.funding],
        |r| Ok((decimal(r.get(0)?), r.get(1)?)),
    )
}

/// A scenario's pending change of a cell, read inside the transaction.
pub(super) fn pending(tx: &dyn Db, id: ScenarioId, c: &Codes) -> StoreResult<Option<Option<Decimal>>> {
    tx.query_opt(
        "SELECT value FROM scenario_value WHERE scenario = ?1 AND indicator = ?2 AND org_unit = ?3 AND year = ?4
         AND kind = ?5 AND funding = ?6",
        params![id.0, c.indicator, c.org, c.year, c.kind, c.funding],
        |r| Ok(decimal(r.get(0)?)),
    )
}

/// Writes an official figure (bumping its revision) with its audit row.
#[allow(clippy::too_many_arguments)]
pub(super) fn put_official(
    tx: &dyn Db,
    ctx: &Ctx<'_>,
    c: &Codes,
    old: Option<Decimal>,
    new: Option<Decimal>,
    source: &Source,
    action: &str,
    by: &Target,
    detail: Option<&str>,
) -> StoreResult<i64> {
    tx.execute(
        "INSERT INTO value (indicator, org_unit, year, kind, funding, value, source, note, rev, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, 1, ?8, ?9)
         ON CONFLICT (org_unit, year, kind, indicator, funding) DO UPDATE SET
           value = excluded.value, source = excluded.source, rev = value.rev + 1,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![
            c.indicator,
            c.org,
            c.year,
            c.kind,
            c.funding,
            text(new),
            source.code(),
            ctx.now,
            ctx.user
        ],
    )?;
    audit(tx, ctx, action, by, c, old, new, detail)
}

/// Writes a scenario's change of a cell (or drops it, `None`), never the official figure.
pub(super) fn put_pending(
    tx: &dyn Db,
    ctx: &Ctx<'_>,
    id: ScenarioId,
    c: &Codes,
    value: Option<Option<Decimal>>,
    base: (Option<Decimal>, i64),
) -> StoreResult<()> {
    match value {
        None => {
            tx.execute(
                "DELETE FROM scenario_value WHERE scenario = ?1 AND indicator = ?2 AND org_unit = ?3 AND year = ?4
                 AND kind = ?5 AND funding = ?6",
                params![id.0, c.indicator, c.org, c.year, c.kind, c.funding],
            )?;
        }
        Some(v) => {
            tx.execute(
                "INSERT INTO scenario_value (scenario, indicator, org_unit, year, kind, funding, value, base_value,
                   base_rev, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (scenario, indicator, org_unit, year, kind, funding) DO UPDATE SET
                   value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                params![
                    id.0,
                    c.indicator,
                    c.org,
                    c.year,
                    c.kind,
                    c.funding,
                    text(v),
                    text(base.0),
                    base.1,
                    ctx.now,
                    ctx.user
                ],
            )?;
        }
    }
    Ok(())
}

/// Writes one cell of a batch in its layer; `None` when the cell already shows the figure.
fn put(tx: &dyn Db, ctx: &Ctx<'_>, target: &Target, c: &Codes, op: &Op, action: &str) -> StoreResult<Option<Change>> {
    let (official, rev) = current(tx, c)?.unwrap_or((None, 0));
    match target {
        Target::Official | Target::OfficialFrom { .. } => {
            let old = official;
            if let Expect::Shows(seen) = op.expect
                && seen != old
            {
                return Err(StoreError::Conflict { key: op.key, now: old });
            }
            let To::Figure(new) = op.to else {
                return Err(Refusal::BackToOfficial.into());
            };
            if old == new {
                return Ok(None);
            }
            let audit_id = put_official(tx, ctx, c, old, new, &Source::User, action, target, None)?;
            Ok(Some(Change {
                key: op.key,
                layer: Layer::Official,
                old,
                new,
                old_state: Some(old),
                new_state: Some(new),
                audit_id,
            }))
        }
        Target::Scenario { id, .. } => {
            let existing = pending(tx, *id, c)?;
            let old = existing.unwrap_or(official);
            if let Expect::Shows(seen) = op.expect
                && seen != old
            {
                return Err(StoreError::Conflict { key: op.key, now: old });
            }
            let new = match op.to {
                To::Figure(v) => v,
                To::Official => official,
            };
            let drop = op.to == To::Official || new == official;
            if old == new && existing.is_some() != drop {
                return Ok(None);
            }
            let new_state = if drop { None } else { Some(new) };
            put_pending(tx, ctx, *id, c, new_state, (official, rev))?;
            let detail = drop.then_some("back to the official figure");
            let audit_id = audit(tx, ctx, action, target, c, old, new, detail)?;
            Ok(Some(Change {
                key: op.key,
                layer: Layer::Scenario(*id),
                old,
                new,
                old_state: existing,
                new_state,
                audit_id,
            }))
        }
    }
}

/// Refuses a cell that takes no figure (a heading, a funding split on a plain row).
pub(super) fn check_writable(catalog: &Catalog, key: &CellKey) -> StoreResult<()> {
    let ind = catalog.get(key.indicator);
    if !ind.has_values {
        return Err(Refusal::Heading { name: ind.name.clone() }.into());
    }
    if key.funding != FundingId::TOTAL && !ind.funded {
        return Err(Refusal::NotFunded { name: ind.name.clone() }.into());
    }
    Ok(())
}

fn invalid(problem: validity::Invalid, what: (&str, &str)) -> StoreError {
    Refusal::Invalid {
        problem,
        what: Text::new(what.0, what.1),
    }
    .into()
}

/// What a user may type into a cell: a figure of its kind, in a period of a plan the
/// database holds, for a unit that existed then. Checked inside the transaction.
fn check_entry(store: &SqlStore, tx: &dyn Db, op: &Op) -> StoreResult<()> {
    let ind = store.core.catalog.get(op.key.indicator);
    let what = (ind.short.vi.as_str(), ind.short.en.as_str());
    if let To::Figure(Some(v)) = op.to {
        validity::check_value(ind, &v).map_err(|e| invalid(e, what))?;
    }
    let plans: Vec<i32> = super::read::plans(tx)?.into_iter().map(|p| p.year).collect();
    validity::check_period(&plans, op.key.period).map_err(|e| invalid(e, ("", "")))?;
    let unit = store.core.orgs.get(op.key.org);
    validity::check_unit(&store.core.orgs, op.key.org, op.key.period)
        .map_err(|e| invalid(e, (&unit.name.vi, &unit.name.en)))?;
    Ok(())
}

/// Writes a batch: all of its cells in one transaction, or nothing.
pub(super) fn batch(store: &mut SqlStore, b: &Batch) -> StoreResult<Written> {
    for op in &b.ops {
        check_writable(&store.core.catalog, &op.key)?;
    }
    let tx = store.begin()?;
    let written = staged(store, &tx, b, None)?;
    if written.changes.is_empty() {
        // Nothing to record: leave no empty batch behind.
        drop(tx);
        return Ok(Written {
            batch: 0,
            changes: Vec::new(),
        });
    }
    tx.commit()?;
    Ok(written)
}

/// Writes a batch's cells inside the caller's transaction (checked as [`batch`] checks
/// them), as a new batch or into one this transaction started (`into`).
pub(super) fn staged(store: &SqlStore, tx: &dyn Db, b: &Batch, into: Option<BatchId>) -> StoreResult<Written> {
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let orgs = &store.core.orgs;
    let scenario = match b.layer {
        Layer::Official => None,
        Layer::Scenario(id) => Some(open_scenario(tx, orgs, id)?),
    };
    if matches!(b.action, WriteAction::Set | WriteAction::Import) {
        for op in &b.ops {
            check_entry(store, tx, op)?;
        }
    }
    // The grants and the approval locks, read inside this transaction.
    let years: Vec<i32> = b.ops.iter().map(|o| o.key.period.year).collect();
    let guard = super::access::Guard::load(tx, &store.core, &years)?;
    for op in &b.ops {
        guard.cell(orgs, &op.key, b.layer == Layer::Official)?;
    }
    let target = match scenario {
        None => Target::Official,
        Some(info) => {
            // A scenario holds only its unit's cells (and those of the units below it).
            for op in &b.ops {
                super::owner::within(orgs, &info, &op.key)?;
            }
            Target::Scenario {
                id: info.id,
                name: info.name,
            }
        }
    };
    let action = b.action.code(b.layer);
    let scenario = match b.layer {
        Layer::Official => None,
        Layer::Scenario(id) => Some(id),
    };
    let id = match into {
        Some(id) => id,
        None => new_batch(tx, &now, &user, action, scenario, None, b.detail.as_deref())?,
    };
    let ctx = Ctx {
        now: &now,
        user: &user,
        batch: id,
    };
    let mut changes = Vec::new();
    for op in &b.ops {
        let c = store.core.codes(&op.key);
        if let Some(ch) = put(tx, &ctx, &target, &c, op, action)? {
            changes.push(ch);
        }
    }
    Ok(Written { batch: id, changes })
}

/// Starts the plan for the year after `from`; see [`crate::store::SqlStore::start_plan`].
pub(super) fn start_plan(store: &mut SqlStore, from: i32) -> StoreResult<i32> {
    let next = from + 1;
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let tx = store.begin()?;
    super::access::Guard::load(&tx, &store.core, &[])?
        .need(&store.core.orgs, crate::domain::access::Need::Admin(None))?;
    let plans: Vec<i32> = super::read::plans(&tx)?.into_iter().map(|p| p.year).collect();
    // The first plan of an empty database needs nothing to start from.
    if !plans.contains(&from) && !plans.is_empty() {
        return Err(Refusal::NoPlanToStartFrom { year: from }.into());
    }
    if plans.contains(&next) {
        return Err(Refusal::PlanExists { year: next }.into());
    }
    let estimate = Period::new(from - 1, PeriodKind::Estimate);
    let actual = PlanFrame::new(next).actual_before_last();
    tx.execute(
        "INSERT INTO plan (year, title, based_on, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            next,
            crate::domain::period::plan_title(next),
            plans.contains(&from).then_some(from),
            now,
            user
        ],
    )?;
    let detail = format!("plan {next} from plan {from}");
    let id = new_batch(&tx, &now, &user, "plan.start", None, None, Some(&detail))?;
    audit_note(&tx, &now, &user, id, "plan.start", &detail)?;
    // The estimates to carry, read inside the lock: a newer estimate cannot slip past.
    let carried: Vec<(String, String, String, Option<String>)> = tx.query_map(
        "SELECT e.indicator, e.org_unit, e.funding, e.value FROM value e
             WHERE e.year = ?1 AND e.kind = 'estimate' AND e.value IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM value a WHERE a.indicator = e.indicator AND a.org_unit = e.org_unit
                 AND a.funding = e.funding AND a.year = ?2 AND a.kind = 'actual' AND a.value IS NOT NULL)
             ORDER BY e.indicator, e.org_unit, e.funding",
        params![estimate.year, actual.year],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let ctx = Ctx {
        now: &now,
        user: &user,
        batch: id,
    };
    let step = format!("{} → {}", estimate.tag(), actual.tag());
    for (indicator, org, funding, value) in carried {
        let Some(value) = decimal(value) else { continue };
        let c = Codes {
            indicator,
            org,
            year: actual.year,
            kind: actual.kind.code(),
            funding,
        };
        let old = current(&tx, &c)?.and_then(|(v, _)| v);
        put_official(
            &tx,
            &ctx,
            &c,
            old,
            Some(value),
            &Source::Carried,
            "plan.start",
            &Target::Official,
            Some(&step),
        )?;
    }
    tx.commit()?;
    Ok(next)
}
