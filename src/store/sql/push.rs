//! Receiving approved figures from another database (`kttt push`), in one transaction:
//! every unit and indicator must be known here, the sender's grants are checked here, a
//! figure held differently is a conflict (nothing is written then), the sender's audit rows
//! are copied once (a second push adds nothing), and the plans are recorded as approved
//! here too, so the figures are locked in this database as in the sender's.

use super::access::Guard;
use super::write::{Codes, Ctx, Target, current, new_batch, put_official};
use super::{Db, DbExt, SqlStore, params};
use crate::domain::access::Need;
use crate::domain::values::Source;
use crate::store::Refusal;
use crate::store::{Push, PushConflict, PushReport, StoreResult};

/// This database's id: made once (random), kept in `meta`.
pub(super) fn database_id(store: &SqlStore) -> StoreResult<String> {
    let read = |db: &dyn Db| {
        db.query_opt("SELECT value FROM meta WHERE key = 'database_id'", params![], |r| {
            r.get(0)
        })
    };
    if let Some(id) = read(store.db())? {
        return Ok(id);
    }
    let tx = store.begin()?;
    let id: String = match read(&tx)? {
        Some(id) => id,
        None => {
            let seed = format!(
                "{:?}{}{}",
                std::time::SystemTime::now(),
                std::process::id(),
                crate::store::now()
            );
            let id = crate::domain::catalog::fingerprint(&seed);
            tx.execute("INSERT INTO meta (key, value) VALUES ('database_id', ?1)", params![id])?;
            id
        }
    };
    tx.commit()?;
    Ok(id)
}

fn codes(c: &crate::store::PushedCell) -> Codes {
    Codes {
        indicator: c.indicator.clone(),
        org: c.unit.clone(),
        year: c.period.year,
        kind: c.period.kind.code(),
        funding: c.funding.clone(),
    }
}

/// How often (in rows) receiving a push tells its watch.
const EVERY: u64 = 512;

/// Receives a push; see [`crate::store::SqlStore::receive`]. `None` when `watch` asked
/// to stop: the transaction is rolled back, nothing was written.
pub(super) fn receive(store: &mut SqlStore, push: &Push, watch: crate::work::Watch) -> StoreResult<Option<PushReport>> {
    let core = &store.core;
    // The figures are of the sender's form: the receiver must hold it (and so its indicators).
    if !push.form.is_empty() && core.forms.get(&push.form).is_none() {
        return Err(Refusal::UnknownForm {
            id: push.form.clone(),
            year: push.year,
        }
        .into());
    }
    // Everything named must be known here before anything is read.
    let mut unknown: Vec<String> = Vec::new();
    for c in &push.cells {
        let key = core.key_of(&c.indicator, &c.unit, c.period.year, c.period.kind.code(), &c.funding);
        if key.is_none() {
            unknown.push(format!("{} / {}", c.unit, c.indicator));
        }
    }
    for p in &push.plans {
        if core.orgs.by_code(&p.unit).is_none() {
            unknown.push(p.unit.clone());
        }
    }
    if !unknown.is_empty() {
        unknown.sort();
        unknown.dedup();
        return Err(Refusal::UnknownUnits { codes: unknown }.into());
    }
    let now = crate::store::now();
    let user = core.actor.user.clone();
    let tx = store.begin()?;
    let guard = Guard::load(&tx, core, &[push.year])?;
    // The pushing user writes only the units it enters (its province's subtree): the plans,
    // the figures and the audit rows it sends are all about those.
    let units = push
        .plans
        .iter()
        .map(|p| p.unit.as_str())
        .chain(push.cells.iter().map(|c| c.unit.as_str()))
        .chain(push.audit.iter().map(|a| a.unit.as_str()));
    for org in units.filter_map(|u| core.orgs.by_code(u)) {
        guard.need(&core.orgs, Need::Enter(org))?;
    }
    let mut report = PushReport::default();
    let mut fresh = Vec::new();
    // The rows gone through of about how many: each cell compared, then each written, then
    // each audit row copied.
    let total = 2 * push.cells.len() as u64 + push.audit.len() as u64;
    let mut done = 0u64;
    let mut go_on = |done: &mut u64| {
        *done += 1;
        !done.is_multiple_of(EVERY) || watch(*done, total)
    };
    for c in &push.cells {
        if !go_on(&mut done) {
            return Ok(None);
        }
        let k = codes(c);
        match current(&tx, &k)? {
            Some((held, _)) if held == c.value => report.unchanged += 1,
            Some((held, _)) => report.conflicts.push(PushConflict { cell: c.clone(), held }),
            None => fresh.push((c, k)),
        }
    }
    if !report.conflicts.is_empty() {
        return Ok(Some(report));
    }
    let copied: std::collections::HashSet<i64> = tx
        .query_map(
            "SELECT audit_id FROM push_received WHERE source = ?1",
            params![push.source],
            |r| r.get(0),
        )?
        .into_iter()
        .collect();
    let audit: Vec<_> = push.audit.iter().filter(|a| !copied.contains(&a.id)).collect();
    let states = super::access::plan_states(&tx, &core.orgs, &[push.year])?;
    let plans: Vec<_> = push
        .plans
        .iter()
        .filter(|p| {
            !states.iter().any(|s| {
                core.orgs.get(s.org).code == p.unit
                    && s.step == crate::domain::access::PlanStep::Approved
                    && s.at == p.approved_at
            })
        })
        .collect();
    if fresh.is_empty() && audit.is_empty() && plans.is_empty() {
        return Ok(Some(report));
    }
    done = push.cells.len() as u64 + (push.cells.len() - fresh.len()) as u64;
    let detail = format!(
        "{} {} ({}): {}",
        push.source_name,
        push.year,
        push.source,
        push.plans
            .iter()
            .map(|p| p.unit.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    // The batch first: on a server, the database lets a pushing role record the plan year
    // and its units' approval only inside its own push.
    let batch = new_batch(&tx, &now, &user, "push", None, None, Some(&detail))?;
    tx.execute(
        "INSERT INTO plan (year, title, based_on, created_at, created_by) VALUES (?1, ?2, NULL, ?3, ?4)
         ON CONFLICT (year) DO NOTHING",
        params![push.year, crate::domain::period::plan_title(push.year), now, user],
    )?;
    let ctx = Ctx {
        now: &now,
        user: &user,
        batch,
    };
    let from = format!("{} ({})", push.source_name, push.source);
    for (c, k) in fresh {
        if !go_on(&mut done) {
            return Ok(None);
        }
        put_official(
            &tx,
            &ctx,
            &k,
            None,
            c.value,
            &Source::from_code(&c.source),
            "push",
            &Target::Official,
            Some(&from),
        )?;
        report.written += 1;
    }
    for a in audit {
        if !go_on(&mut done) {
            return Ok(None);
        }
        let detail = format!(
            "{from} #{}: {} {} {}{}",
            a.id,
            a.action,
            a.at,
            a.user,
            a.detail.as_deref().map(|d| format!(" — {d}")).unwrap_or_default()
        );
        tx.execute(
            "INSERT INTO audit (at, os_user, action, scenario, indicator, org_unit, year, kind, funding, old_value,
               new_value, detail, batch)
             VALUES (?1, ?2, 'received', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                now,
                user,
                a.scenario,
                a.indicator,
                a.unit,
                a.period.year,
                a.period.kind.code(),
                a.funding,
                a.old,
                a.new,
                detail,
                batch
            ],
        )?;
        tx.execute(
            "INSERT INTO push_received (source, audit_id, batch) VALUES (?1, ?2, ?3)",
            params![push.source, a.id, batch],
        )?;
        report.audit_copied += 1;
    }
    for p in plans {
        let comment = format!(
            "{} ({}{})",
            from,
            p.approved_by,
            p.comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default()
        );
        tx.execute(
            "INSERT INTO plan_state (org_unit, year, state, comment, at, by_user) VALUES (?1, ?2, 'approved', ?3, ?4, ?5)
             ON CONFLICT (org_unit, year) DO UPDATE SET state = excluded.state, comment = excluded.comment,
               at = excluded.at, by_user = excluded.by_user",
            params![p.unit, push.year, comment, p.approved_at, p.approved_by],
        )?;
        tx.execute(
            "INSERT INTO audit (at, os_user, action, org_unit, detail, batch) VALUES (?1, ?2, 'plan.approve', ?3, ?4, ?5)",
            params![now, user, p.unit, format!("{} {}: {comment}", push.year, p.unit), batch],
        )?;
        report.plans += 1;
    }
    // The last moment to stop: after it, everything is written.
    if !watch(total, total) {
        return Ok(None);
    }
    tx.commit()?;
    report.batch = batch;
    Ok(Some(report))
}
