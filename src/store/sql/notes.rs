//! Comments on figures: kept with the figure (`value.note`), written by someone who enters
//! the unit's figures or approves them, each change audited with the old and new text.

use super::access::Guard;
use super::write::{Ctx, new_batch};
use super::{Db, DbExt, SqlStore, params};
use crate::domain::access::Need;
use crate::domain::text;
use crate::domain::values::CellKey;
use crate::store::StoreResult;
use crate::store::{Field, Refusal};

/// Sets (or, with `None`, clears) the comment on a cell, in one audited transaction.
pub(super) fn set_note(store: &mut SqlStore, key: &CellKey, note: Option<&str>) -> StoreResult<()> {
    let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
        None => None,
        Some(n) => Some(text::check_text(n, 500).map_err(|problem| Refusal::BadName {
            field: Field::Comment,
            problem,
        })?),
    };
    super::write::check_writable(&store.core.catalog, key)?;
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let orgs = store.core.orgs.clone();
    let c = store.core.codes(key);
    let tx = store.begin()?;
    let guard = Guard::load(&tx, &store.core, &[])?;
    // Who enters the unit's figures, or approves them from above, may comment on them.
    if guard.need(&orgs, Need::Enter(key.org)).is_err() {
        guard.need(&orgs, Need::Approve(key.org))?;
    }
    let old: Option<Option<String>> = tx.query_opt(
        "SELECT note FROM value WHERE indicator = ?1 AND org_unit = ?2 AND year = ?3 AND kind = ?4 AND funding = ?5",
        params![c.indicator, c.org, c.year, c.kind, c.funding],
        |r| r.get(0),
    )?;
    if old.clone().flatten() == note {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO value (indicator, org_unit, year, kind, funding, value, source, note, rev, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, NULL, 'user', ?6, 1, ?7, ?8)
         ON CONFLICT (org_unit, year, kind, indicator, funding) DO UPDATE SET note = excluded.note",
        params![c.indicator, c.org, c.year, c.kind, c.funding, note, now, user],
    )?;
    let detail = format!(
        "{} → {}",
        old.flatten().unwrap_or_default(),
        note.clone().unwrap_or_default()
    );
    let batch = new_batch(&tx, &now, &user, "note", None, None, Some(&detail))?;
    let ctx = Ctx {
        now: &now,
        user: &user,
        batch,
    };
    tx.execute(
        "INSERT INTO audit (at, os_user, action, indicator, org_unit, year, kind, funding, detail, batch)
         VALUES (?1, ?2, 'note', ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            ctx.now,
            ctx.user,
            c.indicator,
            c.org,
            c.year,
            c.kind,
            c.funding,
            detail,
            ctx.batch
        ],
    )?;
    tx.commit()?;
    Ok(())
}
