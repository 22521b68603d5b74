//! Org units in the database: reading them (with the reform's mapping), adding them, and
//! importing a unit list or a mapping — the plan of what changes is worked out inside the
//! write transaction from the units as stored, and every change has its audit row.

use super::write::{Ctx, new_batch};
use super::{Db, DbExt, SqlStore, params};
use crate::domain::org::{ImportPlan, MapKind, MappingList, OrgUnit, OrgUnits, UnitList, plan_import, plan_mapping};
use crate::domain::text;
use crate::store::{Denial, Field, Refusal};
use crate::store::{ImportReport, StoreError, StoreResult};

/// Folds the names of units whose keys are missing (new units, changed names), so a name
/// is found by key; the number of units done.
pub(super) fn fill_keys(db: &dyn Db) -> StoreResult<usize> {
    let rows: Vec<(String, String, String, String)> = db.query_map(
        "SELECT code, name_vi, short_vi, name_en FROM org_unit WHERE key_vi IS NULL",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    for (code, vi, short, en) in &rows {
        db.execute(
            "UPDATE org_unit SET key_vi = ?2, key_short = ?3, key_en = ?4 WHERE code = ?1",
            params![code, text::fold(vi), text::fold(short), text::fold(en)],
        )?;
    }
    Ok(rows.len())
}

/// Every org unit, in display order, with the mapping between ended units and their
/// successors (an import works out its changes from them, inside its transaction).
pub(super) fn load(conn: &dyn Db) -> StoreResult<OrgUnits> {
    let mut orgs = OrgUnits::default();
    super::scope::everything(conn, &orgs)?.add_to(&mut orgs)?;
    Ok(orgs)
}

/// Inserts units after the last one in display order; refuses a code in use or an unknown
/// parent.
pub(super) fn insert(tx: &dyn Db, units: &[OrgUnit]) -> StoreResult<()> {
    for u in units {
        for name in [&u.name.vi, &u.name.en, &u.short.vi] {
            text::check_name(name, 200).map_err(|problem| Refusal::BadName {
                field: Field::UnitName,
                problem,
            })?;
        }
    }
    let start: i64 = tx.query_row("SELECT coalesce(max(position), -1) + 1 FROM org_unit", params![], |r| {
        r.get(0)
    })?;
    for (i, u) in units.iter().enumerate() {
        tx.execute(
            "INSERT INTO org_unit (code, gso_code, level, parent, name_vi, name_en, short_vi, valid_from, valid_to,
               successor, position, scheme) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?11)",
            params![
                u.code,
                u.gso,
                u.level.code(),
                u.parent,
                u.name.vi,
                u.name.en,
                u.short.vi,
                u.valid_from,
                u.valid_to,
                start + i as i64,
                u.scheme
            ],
        )
        .map_err(|e| match e {
            StoreError::Constraint(_) => Refusal::UnitTaken { code: u.code.clone() }.into(),
            e => e,
        })?;
    }
    for u in units.iter().filter(|u| u.successor.is_some()) {
        tx.execute(
            "UPDATE org_unit SET successor = ?2 WHERE code = ?1",
            params![u.code, u.successor],
        )?;
    }
    fill_keys(tx)?;
    super::places::settle(tx)?;
    Ok(())
}

/// Importing units needs `admin` (in a database with users).
pub(super) fn admin(tx: &dyn Db, core: &super::Core) -> StoreResult<()> {
    let (known, user) = (&core.orgs, &core.actor.user);
    if core.owner || !super::access::users_defined(tx)? {
        return Ok(());
    }
    let ok = super::access::grants_of(tx, known, user)?
        .is_some_and(|g| g.allow(known, crate::domain::access::Need::Admin(None)));
    if ok {
        Ok(())
    } else {
        Err(Denial::NotAdmin { user: user.clone() }.into())
    }
}

/// An audit row about a unit.
fn audit_unit(tx: &dyn Db, ctx: &Ctx<'_>, action: &str, code: &str, detail: &str) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO audit (at, os_user, action, org_unit, detail, batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ctx.now, ctx.user, action, code, detail, ctx.batch],
    )?;
    Ok(())
}

fn describe(u: &OrgUnit) -> String {
    format!(
        "{} ({} {}, {}–{})",
        u.name.vi,
        u.scheme.as_deref().unwrap_or("-"),
        u.gso.as_deref().unwrap_or("-"),
        u.valid_from.as_deref().unwrap_or(""),
        u.valid_to.as_deref().unwrap_or("")
    )
}

fn refused(problems: Vec<crate::domain::org::Problem>) -> StoreError {
    Refusal::UnitList { problems }.into()
}

/// How often (in units) importing a unit file tells its watch.
const EVERY: u64 = 256;

/// Tells `watch` one more unit gone through (every [`EVERY`]); whether to go on.
fn go_on(watch: &mut crate::work::Watch, done: &mut u64, total: u64) -> bool {
    *done += 1;
    !done.is_multiple_of(EVERY) || watch(*done, total)
}

/// Imports a unit list inside a transaction, with a batch of its own: works out the plan
/// from the units as stored, applies it, audits each change, telling `watch` the units
/// gone through; `None` when it asked to stop (the caller rolls back).
pub(super) fn import_list(
    tx: &dyn Db,
    now: &str,
    user: &str,
    list: &UnitList,
    mut watch: crate::work::Watch,
) -> StoreResult<Option<ImportReport>> {
    let known = load(tx)?;
    let plan: ImportPlan = plan_import(&known, list).map_err(refused)?;
    let mut report = ImportReport {
        unchanged: plan.unchanged,
        ..ImportReport::default()
    };
    if plan.is_empty() {
        return Ok(Some(report));
    }
    let total = (plan.close.len() + plan.update.len() + plan.add.len() + plan.versions.len()) as u64;
    let mut done = 0;
    let detail = list.audit_detail();
    let batch = new_batch(tx, now, user, "units.import", None, None, Some(&detail))?;
    let ctx = Ctx { now, user, batch };
    for (id, date) in &plan.close {
        if !go_on(&mut watch, &mut done, total) {
            return Ok(None);
        }
        let u = known.get(*id);
        tx.execute(
            "UPDATE org_unit SET valid_to = ?2 WHERE code = ?1",
            params![u.code, date],
        )?;
        audit_unit(tx, &ctx, "unit.close", &u.code, &format!("{} → {date}", describe(u)))?;
        report.closed += 1;
    }
    for (id, want) in &plan.update {
        if !go_on(&mut watch, &mut done, total) {
            return Ok(None);
        }
        let u = known.get(*id);
        tx.execute(
            "UPDATE org_unit SET name_vi = ?2, name_en = ?3, short_vi = ?4, level = ?5, parent = ?6, valid_to = ?7,
               valid_from = ?8, key_vi = NULL
             WHERE code = ?1",
            params![
                u.code,
                want.name.vi,
                want.name.en,
                want.short.vi,
                want.level.code(),
                want.parent,
                want.valid_to,
                want.valid_from
            ],
        )?;
        audit_unit(
            tx,
            &ctx,
            "unit.update",
            &u.code,
            &format!("{} → {}", describe(u), describe(want)),
        )?;
        report.updated += 1;
    }
    insert(tx, &plan.add)?;
    for u in &plan.add {
        if !go_on(&mut watch, &mut done, total) {
            return Ok(None);
        }
        audit_unit(tx, &ctx, "unit.add", &u.code, &describe(u))?;
        report.added += 1;
    }
    for (old, new) in &plan.versions {
        if !go_on(&mut watch, &mut done, total) {
            return Ok(None);
        }
        put_mapping(
            tx,
            old,
            new,
            MapKind::Whole,
            None,
            plan.effective.as_deref().unwrap_or(""),
        )?;
        audit_unit(tx, &ctx, "unit.map", old, &format!("{old} → {new} (whole)"))?;
        report.mapped += 1;
    }
    fill_keys(tx)?;
    // Units moved or given another level take their rows' places with them.
    super::places::settle(tx)?;
    Ok(watch(total, total).then_some(report))
}

fn put_mapping(
    tx: &dyn Db,
    old: &str,
    new: &str,
    kind: MapKind,
    share: Option<rust_decimal::Decimal>,
    effective: &str,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO org_mapping (old_unit, new_unit, kind, share, effective) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (old_unit, new_unit) DO UPDATE SET kind = excluded.kind, share = excluded.share,
           effective = excluded.effective",
        params![
            old,
            new,
            kind.code(),
            share.map(|s| crate::domain::number::canonical(&s)),
            effective
        ],
    )?;
    tx.execute(
        "UPDATE org_unit SET successor = ?2 WHERE code = ?1 AND successor IS NULL",
        params![old, new],
    )?;
    Ok(())
}

/// Imports a mapping inside a transaction: each line's old unit is the one of the old scheme
/// valid the day before the new units begin, its new unit the one of the new scheme valid on
/// that day; a unit mapped into itself changed that day (it begins then, and its earlier
/// version is added). A line naming a unit that is not known is reported, and nothing is
/// written.
/// Tells `watch` how far it has come; `None` when it asked to stop (the caller rolls back).
pub(super) fn import_mapping(
    tx: &dyn Db,
    now: &str,
    user: &str,
    m: &MappingList,
    mut watch: crate::work::Watch,
) -> StoreResult<Option<ImportReport>> {
    let known = load(tx)?;
    let plan = plan_mapping(&known, m).map_err(refused)?;
    let lines: Vec<_> = plan
        .lines
        .iter()
        .map(|(o, n, k, s, _)| (o.clone(), n.clone(), (*k, *s)))
        .collect();
    let mut report = ImportReport::default();
    let have: std::collections::HashSet<(String, String, String, Option<String>)> = known
        .mapping()
        .into_iter()
        .map(|(o, l)| {
            (
                known.get(o).code.clone(),
                known.get(l.unit).code.clone(),
                l.kind.code().to_string(),
                l.share.map(|s| crate::domain::number::canonical(&s)),
            )
        })
        .collect();
    let fresh: Vec<_> = lines
        .into_iter()
        .filter(|(o, n, (kind, share))| {
            !have.contains(&(
                o.clone(),
                n.clone(),
                kind.code().to_string(),
                share.map(|s| crate::domain::number::canonical(&s)),
            ))
        })
        .collect();
    report.unchanged = m.rows.len() - fresh.len();
    if fresh.is_empty() && plan.split.is_empty() {
        return Ok(Some(report));
    }
    let total = (2 * plan.split.len() + fresh.len()) as u64;
    let mut done = 0;
    let detail = m.audit_detail(fresh.len());
    let batch = new_batch(tx, now, user, "units.map", None, None, Some(&detail))?;
    let ctx = Ctx { now, user, batch };
    // A unit that changed begins on the day; its earlier version ends the day before.
    for (id, _) in &plan.split {
        if !go_on(&mut watch, &mut done, total) {
            return Ok(None);
        }
        let u = known.get(*id);
        tx.execute(
            "UPDATE org_unit SET valid_from = ?2 WHERE code = ?1",
            params![u.code, m.effective],
        )?;
        audit_unit(
            tx,
            &ctx,
            "unit.update",
            &u.code,
            &format!("{} → {}", describe(u), m.effective),
        )?;
        report.updated += 1;
    }
    let earlier: Vec<OrgUnit> = plan.split.iter().map(|(_, o)| o.clone()).collect();
    insert(tx, &earlier)?;
    for u in &earlier {
        if !go_on(&mut watch, &mut done, total) {
            return Ok(None);
        }
        audit_unit(tx, &ctx, "unit.add", &u.code, &describe(u))?;
        report.added += 1;
    }
    for (o, n, (kind, share)) in fresh {
        if !go_on(&mut watch, &mut done, total) {
            return Ok(None);
        }
        put_mapping(tx, &o, &n, kind, share, &m.effective)?;
        let share = share
            .map(|s| format!(" {}", crate::domain::number::canonical(&s)))
            .unwrap_or_default();
        audit_unit(tx, &ctx, "unit.map", &o, &format!("{o} → {n} ({}{share})", kind.code()))?;
        report.mapped += 1;
    }
    super::places::settle(tx)?;
    Ok(watch(total, total).then_some(report))
}

/// An import of units or of a mapping inside a transaction: (the transaction, the time
/// now, who imports) → its report, `None` when it was stopped.
type UnitsImport<'a> = dyn FnMut(&dyn Db, &str, &str) -> StoreResult<Option<ImportReport>> + 'a;

impl SqlStore {
    /// Imports a unit list (a tree with its code scheme and dates): adds the new units,
    /// corrects or versions changed ones, ends the ones it no longer holds; one audited
    /// transaction that works out the changes from the units as stored. `watch` is told the
    /// units gone through; `None` when it asked to stop (rolled back, nothing written).
    pub fn import_units(
        &mut self,
        list: &crate::domain::org::UnitList,
        watch: crate::work::Watch,
    ) -> StoreResult<Option<ImportReport>> {
        self.import_in_one_tx(&mut |tx, now, user| import_list(tx, now, user, list, watch))
    }

    /// Imports a mapping between ended units and the units that took their area (`watch`
    /// as for [`SqlStore::import_units`]).
    pub fn import_mapping(
        &mut self,
        mapping: &crate::domain::org::MappingList,
        watch: crate::work::Watch,
    ) -> StoreResult<Option<ImportReport>> {
        self.import_in_one_tx(&mut |tx, now, user| import_mapping(tx, now, user, mapping, watch))
    }

    /// An import of units or of a mapping: every unit held, one transaction checked for an
    /// administrator, committed unless the import was stopped, then the units read again.
    fn import_in_one_tx(&mut self, import: &mut UnitsImport<'_>) -> StoreResult<Option<ImportReport>> {
        self.hold_all()?;
        let now = crate::store::now();
        let r = (|| {
            let tx = self.begin()?;
            admin(&tx, &self.core)?;
            let r = import(&tx, &now, &self.core.actor.user)?;
            if r.is_some() {
                tx.commit()?;
            }
            Ok(r)
        })()
        .map_err(|e| self.locate(e))?;
        self.refresh_units()?;
        Ok(r)
    }
}
