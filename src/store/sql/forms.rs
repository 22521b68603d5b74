//! The forms added to a database (a ministry's workbook imported, an office's own rows): read
//! when the store opens, after the forms kttt carries; added by an administrator of every top
//! unit in one audited transaction, their new indicators joining the catalog mirror.

use super::{Db, DbExt, SqlStore, params};
use crate::domain::form::{FormFile, Forms};
use crate::store::{Refusal, StoreResult};
use std::sync::Arc;

/// The added forms' texts, in the order they were added. A form's text names the office
/// whose rows it holds as the row does (the row is what the server's policy checked).
pub(super) fn added(db: &dyn Db) -> StoreResult<Vec<String>> {
    let rows: Vec<(String, String, Option<String>)> =
        db.query_map("SELECT id, body, office FROM form ORDER BY position", params![], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, body, office) in rows {
        if FormFile::parse(&body).is_ok_and(|f| f.form.office != office) {
            return Err(Refusal::Form {
                problem: format!("form {id}: its text and its row name different offices"),
            }
            .into());
        }
        out.push(body);
    }
    Ok(out)
}

/// Reads the added forms into the store (nothing to do for a database without any).
pub(super) fn load(store: &mut SqlStore) -> StoreResult<()> {
    let texts = added(store.db())?;
    if texts.is_empty() {
        return Ok(());
    }
    let forms = Forms::with_added(&texts).map_err(|e| Refusal::Form { problem: e.0 })?;
    store.core.catalog = forms.registry().clone();
    store.core.forms = Arc::new(forms);
    Ok(())
}

/// What adding a form did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormAdded {
    pub id: String,
    pub from_year: i32,
    /// Indicators new to the database.
    pub new_indicators: usize,
}

/// Adds a form (its file's text): a ministry form after the newest one, by an administrator
/// of every top unit; an office's own rows over a ministry form, by an administrator of the
/// office's unit (they apply to it and the units under it). Checked to build, audited with why.
pub(super) fn add(store: &mut SqlStore, text: &str, why: &str) -> StoreResult<FormAdded> {
    let file = FormFile::parse(text).map_err(|e| Refusal::Form { problem: e.0 })?;
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    // Who may add it: the units it applies to, held so their grants can be read.
    let over: Vec<String> = match &file.form.office {
        Some(office) => vec![office.clone()],
        None => super::scope::roots(store.db())?,
    };
    store.hold(&over)?;
    let tx = store.begin()?;
    let guard = super::access::Guard::load(&tx, &store.core, &[])?;
    let tops = match &file.form.office {
        Some(_) => over.clone(),
        // Read again inside the transaction: a top unit added meanwhile needs its admin too.
        None => super::scope::roots(&tx)?,
    };
    for code in &tops {
        let id = store
            .core
            .orgs
            .by_code(code)
            .ok_or_else(|| Refusal::FormOffice { code: code.clone() })?;
        guard.need(&store.core.orgs, crate::domain::access::Need::Admin(Some(id)))?;
    }
    // Read inside the transaction: the forms another process may have added meanwhile.
    let mut texts = added(&tx)?;
    if texts
        .iter()
        .any(|t| FormFile::parse(t).is_ok_and(|f| f.form.id == file.form.id))
        || Forms::builtin().get(&file.form.id).is_some()
    {
        return Err(Refusal::FormTaken {
            id: file.form.id.clone(),
        }
        .into());
    }
    texts.push(text.to_string());
    let forms = Forms::with_added(&texts).map_err(|e| Refusal::Form { problem: e.0 })?;
    // An office builds on the ministry's form, its own earlier rows, or the rows of an
    // office above it — never on another branch's.
    if let (Some(office), Some(based)) = (&file.form.office, &file.form.based_on)
        && let Some(base_office) = forms
            .layers()
            .iter()
            .find(|l| l.source.id == *based)
            .and_then(|l| l.source.office.clone())
    {
        let orgs = &store.core.orgs;
        let mut at = orgs.by_code(office);
        let mut above = false;
        for _ in 0..16 {
            let Some(u) = at else { break };
            if orgs.get(u).code == base_office {
                above = true;
                break;
            }
            at = orgs.parent_of(u);
        }
        if !above {
            return Err(Refusal::Form {
                problem: format!(
                    "form {}: it is based on {based}, the rows of {base_office}, which is not {office} nor above it",
                    file.form.id
                ),
            }
            .into());
        }
    }
    let position: i64 = tx.query_row("SELECT COALESCE(MAX(position), 0) + 1 FROM form", params![], |r| {
        r.get(0)
    })?;
    tx.execute(
        "INSERT INTO form (id, position, from_year, based_on, body, why, created_at, created_by, office)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            file.form.id,
            position,
            file.form.from_year,
            file.form.based_on.clone().unwrap_or_default(),
            text,
            why,
            now,
            user,
            file.form.office.clone()
        ],
    )?;
    let registry = forms.registry().clone();
    for (pos, f) in registry.fundings.iter().enumerate() {
        if store.core.catalog.funding(&f.code).is_none() {
            super::reference::mirror_funding(&tx, &registry, pos)?;
        }
    }
    let mut new_indicators = 0;
    for (pos, i) in registry.indicators.iter().enumerate() {
        if store.core.catalog.find(&i.code).is_none() {
            super::reference::mirror_indicator(&tx, &forms, &registry, pos, &i.code)?;
            new_indicators += 1;
        }
    }
    let detail = format!(
        "form {} from {} (based on {}): {} new indicators; why: {why}",
        file.form.id,
        file.form.from_year,
        file.form.based_on.as_deref().unwrap_or("-"),
        new_indicators
    );
    let batch = super::write::new_batch(&tx, &now, &user, "form.add", None, None, Some(&detail))?;
    super::write::audit_note(&tx, &now, &user, batch, "form.add", &detail)?;
    tx.commit()?;
    store.core.catalog = registry;
    store.core.forms = Arc::new(forms);
    Ok(FormAdded {
        id: file.form.id,
        from_year: file.form.from_year,
        new_indicators,
    })
}
