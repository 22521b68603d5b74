//! Reference data in the database: the catalog mirror (so foreign keys and other tools see
//! the indicators), the org units, and the seed figures of a new database.

use super::write::{Codes, Ctx, Target, audit, audit_note, new_batch};
use super::{Db, DbExt, SqlStore, params};
use crate::domain::catalog::{Aggregation, Catalog, Relation};
use crate::domain::number::canonical;
use crate::domain::org::{MappingList, UnitList, parse_org_units};
use crate::domain::seed::Seed;
use crate::store::{StoreError, StoreResult};

/// Mirrors the embedded catalog and org units into the database when they changed, in one
/// audited transaction. Indicators no longer in the catalog are marked retired; their
/// figures stay.
pub(super) fn sync(this: &SqlStore) -> StoreResult<()> {
    let want = wanted();
    if stored(this)?.as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    write(this, &want)
}

/// Whether the database's reference data is this kttt's (nothing to sync).
pub(super) fn current(this: &SqlStore) -> StoreResult<bool> {
    Ok(stored(this)?.as_deref() == Some(wanted().as_str()))
}

fn stored(this: &SqlStore) -> StoreResult<Option<String>> {
    this.db()
        .query_opt("SELECT value FROM meta WHERE key = 'reference'", params![], |r| {
            r.get(0)
        })
}

/// The fingerprint of this kttt's catalog and unit lists.
fn wanted() -> String {
    let mut units_text = crate::assets::ORG_UNITS.to_string();
    for f in crate::assets::UNIT_LISTS
        .iter()
        .chain(crate::assets::UNIT_MAPPINGS.iter())
    {
        units_text.push_str(f);
    }
    format!(
        "{}:{}",
        crate::domain::form::Forms::builtin().registry().fingerprint,
        crate::domain::catalog::fingerprint(&units_text)
    )
}

fn write(this: &SqlStore, want: &str) -> StoreResult<()> {
    let units = parse_org_units(crate::assets::ORG_UNITS).map_err(StoreError::Backend)?;
    let now = crate::store::now();
    let tx = this.begin()?;
    let c: &Catalog = &this.core.catalog;
    for pos in 0..c.fundings.len() {
        mirror_funding(&tx, c, pos)?;
    }
    tx.execute("UPDATE indicator SET retired = 1", params![])?;
    // Every indicator of every form, as the newest form holding it prints it (an indicator
    // a later form dropped keeps its last row; its figures stay).
    let forms = this.core.forms.clone();
    for (pos, r) in c.indicators.iter().enumerate() {
        mirror_indicator(&tx, &forms, c, pos, &r.code)?;
    }
    // Org units are data users may extend: add the missing ones, leave the rest alone.
    let mut added = 0;
    let existing: i64 = tx.query_row("SELECT count(*) FROM org_unit", params![], |r| r.get(0))?;
    for (pos, u) in units.all().iter().enumerate() {
        added += tx.execute(
            "INSERT INTO org_unit (code, gso_code, level, parent, name_vi, name_en, short_vi, valid_from,
                   valid_to, successor, position)
                 VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, NULL, ?9) ON CONFLICT DO NOTHING",
            params![
                u.code,
                u.gso,
                u.level.code(),
                u.name.vi,
                u.name.en,
                u.short.vi,
                u.valid_from,
                u.valid_to,
                existing + pos as i64
            ],
        )?;
    }
    for u in units.all() {
        tx.execute(
            "UPDATE org_unit SET parent = ?2, successor = ?3 WHERE code = ?1 AND parent IS NULL AND successor IS NULL",
            params![u.code, u.parent, u.successor],
        )?;
        tx.execute(
            "UPDATE org_unit SET scheme = ?2 WHERE code = ?1 AND scheme IS NULL",
            params![u.code, u.scheme],
        )?;
    }
    // The real trees and the reform's mapping, through the same import as `kttt units import`.
    for src in crate::assets::UNIT_LISTS {
        let list = UnitList::parse(src).map_err(|p| StoreError::Backend(format!("built-in unit list: {p:?}")))?;
        super::units::import_list(&tx, &now, &this.core.actor.user, &list, &mut crate::work::unwatched)?;
    }
    for src in crate::assets::UNIT_MAPPINGS {
        let m = MappingList::parse(src).map_err(|p| StoreError::Backend(format!("built-in mapping: {p:?}")))?;
        super::units::import_mapping(&tx, &now, &this.core.actor.user, &m, &mut crate::work::unwatched)?;
    }
    super::units::fill_keys(&tx)?;
    super::places::settle(&tx)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('reference', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![want],
    )?;
    let detail = format!("{} indicators, {} org units added", c.indicators.len(), added);
    let batch = new_batch(
        &tx,
        &now,
        &this.core.actor.user,
        "catalog.sync",
        None,
        None,
        Some(&detail),
    )?;
    audit_note(&tx, &now, &this.core.actor.user, batch, "catalog.sync", &detail)?;
    tx.commit()?;
    Ok(())
}

/// Loads the embedded seed document's figures into a new database, with a plan row and an
/// audit row per figure, in one transaction.
pub(super) fn seed(this: &SqlStore) -> StoreResult<()> {
    let seed = Seed::builtin(&this.core.catalog);
    let now = crate::store::now();
    let user = this.core.actor.user.clone();
    let tx = this.begin()?;
    tx.execute(
        "INSERT INTO plan (year, title, based_on, created_at, created_by) VALUES (?1, ?2, NULL, ?3, ?4)",
        params![
            seed.plan_year,
            format!("{} ({})", seed.title.vi, seed.document),
            now,
            user
        ],
    )?;
    let batch = new_batch(&tx, &now, &user, "seed", None, None, Some(&seed.document))?;
    let ctx = Ctx {
        now: &now,
        user: &user,
        batch,
    };
    let org: String = tx
        .query_opt(
            "SELECT code FROM org_unit WHERE code = ?1",
            params![seed.org_unit],
            |r| r.get(0),
        )?
        .ok_or_else(|| StoreError::Backend(format!("seed unit {} is missing", seed.org_unit)))?;
    {
        for v in &seed.values {
            let c = Codes {
                indicator: this.core.catalog.get(v.indicator).code.clone(),
                org: org.clone(),
                year: v.period.year,
                kind: v.period.kind.code(),
                funding: this.core.catalog.fundings[v.funding.0 as usize].code.clone(),
            };
            tx.execute(
                "INSERT INTO value (indicator, org_unit, year, kind, funding, value, source, note, rev, updated_at,
                   updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10)",
                params![
                    c.indicator,
                    c.org,
                    c.year,
                    c.kind,
                    c.funding,
                    v.value.as_ref().map(canonical),
                    v.source.code(),
                    v.note,
                    now,
                    user
                ],
            )?;
            let detail = format!("{} {}", seed.document, v.source.code());
            audit(&tx, &ctx, "seed", &Target::Official, &c, None, v.value, Some(&detail))?;
        }
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('seed', ?1)",
        params![seed.document],
    )?;
    tx.commit()?;
    Ok(())
}

/// Writes one indicator's row of the catalog mirror, as the newest form holding it prints it.
/// Writes (or updates) the catalog's funding source at `pos` into the mirror.
pub(super) fn mirror_funding(tx: &dyn Db, c: &Catalog, pos: usize) -> StoreResult<()> {
    let f = &c.fundings[pos];
    tx.execute(
        "INSERT INTO funding_source (code, parent, name_vi, name_en, position) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (code) DO UPDATE SET parent = excluded.parent, name_vi = excluded.name_vi,
             name_en = excluded.name_en, position = excluded.position",
        params![
            f.code,
            f.parent.map(|p| c.fundings[p.0 as usize].code.clone()),
            f.name.vi,
            f.name.en,
            pos as i64
        ],
    )?;
    Ok(())
}

pub(super) fn mirror_indicator(
    tx: &dyn Db,
    forms: &crate::domain::form::Forms,
    registry: &Catalog,
    pos: usize,
    code: &str,
) -> StoreResult<()> {
    let c: &Catalog = forms.defining(code).map_or(registry, |f| &f.catalog);
    let Some(i) = c.find(code).map(|id| c.get(id)) else {
        return Ok(());
    };
    let rel = i.relation.map(|r| match r {
        Relation::OfWhich => "of-which",
        Relation::Split => "split",
    });
    let agg = match i.aggregation {
        Aggregation::Sum => "sum".to_string(),
        Aggregation::Mean { base } => format!("mean:{}", c.get(base).code),
        Aggregation::Ratio { num, den } => format!("ratio:{}/{}", c.get(num).code, c.get(den).code),
        Aggregation::None => "none".to_string(),
    };
    let dir = match i.direction {
        crate::domain::catalog::Direction::Higher => "higher",
        crate::domain::catalog::Direction::Lower => "lower",
        crate::domain::catalog::Direction::Neutral => "neutral",
    };
    tx.execute(
        "INSERT INTO indicator (code, appendix, position, number, name_vi, name_en, unit, parent, relation,
               direction, aggregation, origin, section, retired)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0)
             ON CONFLICT (code) DO UPDATE SET appendix = excluded.appendix, position = excluded.position,
               section = excluded.section,
               number = excluded.number, name_vi = excluded.name_vi, name_en = excluded.name_en,
               unit = excluded.unit, parent = excluded.parent, relation = excluded.relation,
               direction = excluded.direction, aggregation = excluded.aggregation,
               origin = excluded.origin, retired = 0",
        params![
            i.code,
            c.appendices[i.appendix].code,
            pos as i64,
            i.number,
            i.name.vi,
            i.name.en,
            i.unit.map(|u| c.units[u].code.clone()),
            i.parent.map(|p| c.get(p).code.clone()),
            rel,
            dir,
            agg,
            Catalog::origin_code(i.origin),
            i.section.code(),
        ],
    )?;
    Ok(())
}
