//! An office's own rows (a provincial indicator, a relabelled or retired row, a split or a
//! merge): a form file with `office = UNIT`, written as the changes it makes to a ministry
//! form (or to an earlier layer: its own office's, or an office's above it, which the store
//! checks). It is a layer over the ministry's form,
//! never an edit of it: it applies to the office's unit and the units under it, in the plan
//! years its ministry form is in force from its own first year on. Its new indicators join
//! the registry after every ministry form's, so an indicator keeps one id in every catalog.

use super::{Form, FormFile, Series};
use crate::domain::catalog::{Catalog, CatalogError};
use crate::domain::rules::RuleSet;
use std::sync::{Arc, OnceLock};

/// Builds the offices' layers, in the order they were added, over the ministry's `forms`;
/// their new indicators are added to `registry`.
pub(super) fn build(
    forms: &[Form],
    registry: &mut Catalog,
    files: Vec<(FormFile, &str)>,
) -> Result<Vec<Form>, CatalogError> {
    let mut layers: Vec<Form> = Vec::new();
    for (file, src) in files {
        let id = file.form.id.clone();
        let office = file.form.office.clone().unwrap_or_default();
        if office.trim().is_empty() {
            return Err(CatalogError(format!(
                "form {id}: “office” names the unit whose office adds it"
            )));
        }
        let based = file.form.based_on.clone().ok_or_else(|| {
            CatalogError(format!(
                "form {id}: an office's rows name the form they are based on (based_on)"
            ))
        })?;
        let base: &Form = forms
            .iter()
            .find(|f| f.source.id == based)
            .or_else(|| layers.iter().find(|l| l.source.id == based))
            .ok_or_else(|| {
                CatalogError(format!(
                    "form {id}: it is based on {based}, which is neither a ministry form nor an office's earlier rows"
                ))
            })?;
        if file.form.from_year < base.source.from_year {
            return Err(CatalogError(format!(
                "form {id}: it must apply from the year of the form it is based on, {}, or later",
                base.source.from_year
            )));
        }
        let ministry = ministry_of(forms, &layers, base);
        let end = forms
            .iter()
            .position(|f| f.source.id == ministry.source.id)
            .and_then(|at| forms.get(at + 1))
            .map(|next| next.source.from_year);
        if end.is_some_and(|e| file.form.from_year >= e) {
            return Err(CatalogError(format!(
                "form {id}: the ministry's form {} is no longer in force in {}; base the office's rows on the form in force then",
                ministry.source.id, file.form.from_year
            )));
        }
        if !file.changes.new_funding.is_empty() {
            return Err(CatalogError(format!(
                "form {id}: funding sources are the ministry's; an office's rows cannot add one"
            )));
        }
        let (own, raw) = Catalog::derive(&base.catalog, &base.raw, &file.changes, src)?;
        // Its new codes: never one the ministry or another office uses; the same office may
        // add its own indicator again over a newer form (the series runs on).
        let mut new_codes: Vec<String> = Vec::new();
        for i in own.indicators.iter().filter(|i| i.in_form) {
            if base.catalog.find(&i.code).is_some() {
                continue;
            }
            if registry.find(&i.code).is_some() {
                let its_own = layers.iter().any(|l| {
                    l.source.office == file.form.office
                        && l.catalog.find(&i.code).is_some_and(|x| l.catalog.get(x).in_form)
                });
                if !its_own {
                    return Err(CatalogError(format!(
                        "add {}: the code is taken by the ministry's form or another office's rows",
                        i.code
                    )));
                }
                continue;
            }
            new_codes.push(i.code.clone());
        }
        registry.extend_out_of_form(&own, &new_codes);
        let catalog = own.renumbered(registry);
        let series = Series::read(&file.series, &base.catalog, &catalog, file.form.from_year)?;
        layers.push(Form {
            series: Arc::new(series),
            rules: OnceLock::<Arc<RuleSet>>::new(),
            catalog: Arc::new(catalog),
            source: file.form,
            changes: file.changes,
            raw: Arc::new(raw),
            text: src.to_string(),
        });
    }
    Ok(layers)
}

/// The ministry form a form is (or is a layer over).
fn ministry_of<'a>(forms: &'a [Form], layers: &'a [Form], f: &'a Form) -> &'a Form {
    let mut cur = f;
    for _ in 0..=layers.len() {
        if cur.source.office.is_none() {
            return cur;
        }
        let based = cur.source.based_on.as_deref().unwrap_or_default();
        match forms.iter().chain(layers).find(|x| x.source.id == based) {
            Some(next) => cur = next,
            None => break,
        }
    }
    &forms[0]
}

impl super::Forms {
    /// The ministry form an office's rows are over (the form itself for a ministry form).
    pub fn ministry_form_of<'a>(&'a self, f: &'a Form) -> &'a Form {
        ministry_of(&self.forms, &self.layers, f)
    }

    /// The form a unit reports on in a plan year: the ministry's form in force then, with the
    /// rows of the nearest office over it (`path`: the codes of the unit and the units above
    /// it, nearest first) — that office's newest layer in force that year.
    pub fn for_unit(&self, year: i32, path: &[&str]) -> &Form {
        let ministry = self.for_year(year);
        let depth = |l: &Form| {
            l.source
                .office
                .as_deref()
                .and_then(|o| path.iter().position(|p| *p == o))
        };
        self.layers
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                l.source.from_year <= year
                    && depth(l).is_some()
                    && std::ptr::eq(self.ministry_form_of(l), ministry)
                    && self.chain_applies(l, year, path)
            })
            .min_by_key(|(at, l)| (depth(l), std::cmp::Reverse(*at)))
            .map_or(ministry, |(_, l)| l)
    }

    /// Whether every layer a layer is built on applies to the unit too.
    fn chain_applies(&self, l: &Form, year: i32, path: &[&str]) -> bool {
        let mut cur = l;
        for _ in 0..=self.layers.len() {
            if cur.source.office.is_none() {
                return true;
            }
            if cur.source.from_year > year || !cur.source.office.as_deref().is_some_and(|o| path.contains(&o)) {
                return false;
            }
            match cur.source.based_on.as_deref().and_then(|b| self.get(b)) {
                Some(next) => cur = next,
                None => return false,
            }
        }
        false
    }
}
