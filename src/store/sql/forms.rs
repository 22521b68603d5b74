//! The forms added to a database (a ministry's workbook imported, an office's own rows): read
//! when the store opens, after the forms kttt carries; added by an administrator of every top
//! unit in one audited transaction, their new indicators joining the catalog mirror.

use super::{Db, DbExt, SqlStore, params};
use crate::domain::form::{FormFile, Forms};
use crate::store::{Refusal, StoreResult};
use std::sync::Arc;

/// The added forms' texts, in the order they were added.
pub(super) fn added(db: &dyn Db) -> StoreResult<Vec<String>> {
    db.query_map("SELECT body FROM form ORDER BY position", params![], |r| r.get(0))
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

/// Adds a form (its file's text) after the newest one: checked to build on it, by an
/// administrator of every top unit, audited with why.
pub(super) fn add(store: &mut SqlStore, text: &str, why: &str) -> StoreResult<FormAdded> {
    let file = FormFile::parse(text).map_err(|e| Refusal::Form { problem: e.0 })?;
    let now = crate::store::now();
    let user = store.core.actor.user.clone();
    let tx = store.begin()?;
    super::access::Guard::load(&tx, &store.core, &[])?
        .need(&store.core.orgs, crate::domain::access::Need::Admin(None))?;
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
    let position: i64 = tx.query_row("SELECT COALESCE(MAX(position), 0) + 1 FROM form", params![], |r| {
        r.get(0)
    })?;
    tx.execute(
        "INSERT INTO form (id, position, from_year, based_on, body, why, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            file.form.id,
            position,
            file.form.from_year,
            file.form.based_on.clone().unwrap_or_default(),
            text,
            why,
            now,
            user
        ],
    )?;
    let registry = forms.registry().clone();
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
