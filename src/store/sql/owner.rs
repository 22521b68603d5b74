//! Who a scenario belongs to: its maker and the unit it was made for. Its cells are that
//! unit's or below it; renaming, discarding, applying it or undoing its apply need its maker,
//! or `enter` on its unit and on every unit of its cells. Creating one — empty, or with an
//! imported file's figures in the same transaction, so a refused import leaves none behind.

use super::access::Guard;
use super::scenarios::{clean_name, ensure_name_free, get};
use super::write::{Ctx, audit_event, check_writable, new_batch, scenario_event, staged};
use super::{Core, Db, DbExt, SqlStore, params};
use crate::domain::access::Need;
use crate::domain::org::{OrgId, OrgUnits};
use crate::domain::text;
use crate::domain::values::CellKey;
use crate::store::{
    Batch, Denial, Layer, Op, Refusal, ScenarioId, ScenarioInfo, StoreResult, UnitRef, WriteAction, Written,
};

/// Refuses someone who may not manage the scenario (rename, discard, apply, undo an apply):
/// only its maker, or who enters figures for its unit (every top unit when it has none) and
/// for every unit its pending cells belong to. Read inside the caller's transaction.
pub(super) fn may_manage(tx: &dyn Db, core: &Core, info: &ScenarioInfo) -> StoreResult<()> {
    let guard = Guard::load(tx, core, &[])?;
    if guard.is_open() || info.created_by == core.actor.user {
        return Ok(());
    }
    let orgs = &core.orgs;
    let mut units: Vec<OrgId> = match info.unit {
        Some(u) => vec![u],
        None => orgs.all().iter().filter(|u| u.parent.is_none()).map(|u| u.id).collect(),
    };
    let cells: Vec<String> = tx.query_map(
        "SELECT DISTINCT org_unit FROM scenario_value WHERE scenario = ?1 ORDER BY org_unit",
        params![info.id.0],
        |r| r.get(0),
    )?;
    // A cell of a unit not held is under the scenario's unit, which is held: it is checked
    // through that unit (a role on a unit covers the units under it).
    units.extend(cells.iter().filter_map(|c| orgs.by_code(c)));
    let Some(missing) = units.into_iter().find(|u| !guard.allows(orgs, Need::Enter(*u))) else {
        return Ok(());
    };
    Err(Denial::Scenario {
        name: text::sanitize(&info.name),
        maker: text::sanitize(&info.created_by),
        unit: info.unit.map(|u| UnitRef::of(orgs, u)),
        user: text::sanitize(&core.actor.user),
        missing: UnitRef::of(orgs, missing),
    }
    .into())
}

/// Refuses a cell of a unit outside the scenario's unit (and the units below it).
pub(super) fn within(orgs: &OrgUnits, info: &ScenarioInfo, key: &CellKey) -> StoreResult<()> {
    let Some(top) = info.unit else { return Ok(()) };
    let mut at = Some(key.org);
    for _ in 0..=16 {
        match at {
            Some(u) if u == top => return Ok(()),
            Some(u) => at = orgs.parent_of(u),
            None => break,
        }
    }
    Err(Refusal::OutsideScenario {
        name: text::sanitize(&info.name),
        top: orgs.get(top).name.clone(),
        cell: UnitRef::of(orgs, key.org),
    }
    .into())
}

/// Inserts a new open scenario made by the actor for a unit the actor may see.
fn insert(tx: &dyn Db, core: &Core, name: &str, unit: Option<OrgId>, now: &str) -> StoreResult<ScenarioId> {
    let guard = Guard::load(tx, core, &[])?;
    guard.writer(&core.orgs)?;
    if let Some(u) = unit {
        guard.need(&core.orgs, Need::Read(u))?;
    }
    ensure_name_free(tx, name, None)?;
    let code = unit.map(|u| core.orgs.get(u).code.clone());
    Ok(ScenarioId(tx.insert_id(
        "INSERT INTO scenario (name, name_key, status, created_at, created_by, unit)
         VALUES (?1, ?2, 'open', ?3, ?4, ?5) RETURNING id",
        params![name, text::fold(name), now, core.actor.user, code],
    )?))
}

/// Creates an empty scenario for a unit.
pub(super) fn create(store: &mut SqlStore, name: &str, unit: Option<OrgId>) -> StoreResult<ScenarioInfo> {
    let name = clean_name(name)?;
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let tx = store.begin()?;
    let id = insert(&tx, &store.core, &name, unit, &now)?;
    scenario_event(&tx, &now, &user, "scenario.create", (id, &name), None)?;
    let info = get(&tx, &store.core.orgs, id)?;
    tx.commit()?;
    Ok(info)
}

/// Creates a scenario for a unit with figures in it (an imported file): one transaction and
/// one batch (`import`), so that a refusal anywhere leaves no scenario.
pub(super) fn import(
    store: &mut SqlStore,
    name: &str,
    unit: Option<OrgId>,
    ops: &[Op],
) -> StoreResult<(ScenarioInfo, Written)> {
    for op in ops {
        check_writable(&store.core.catalog, &op.key)?;
    }
    let name = clean_name(name)?;
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let tx = store.begin()?;
    let id = insert(&tx, &store.core, &name, unit, &now)?;
    let batch = new_batch(&tx, &now, &user, "import", Some(id), None, None)?;
    let ctx = Ctx {
        now: &now,
        user: &user,
        batch,
    };
    audit_event(&tx, &ctx, "scenario.create", Some((id, &name)), None)?;
    let b = Batch {
        action: WriteAction::Import,
        layer: Layer::Scenario(id),
        detail: None,
        ops: ops.to_vec(),
    };
    let written = staged(store, &tx, &b, Some(batch))?;
    let info = get(&tx, &store.core.orgs, id)?;
    tx.commit()?;
    Ok((info, written))
}
