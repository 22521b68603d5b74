//! The report's data from the plan as shown ([`PlanView`], built with [`VIEW`]): the appendix
//! tables as `kttt show` builds them (their cells say which figures come from the plan's text
//! and which blanks the published appendix prints as “-”), how far the units below have
//! reported (and what each rolled-up headline figure covers), and the findings `kttt check`
//! prints for the unit.

use super::{Coverage, FindingLine, ReportData};
use crate::domain::completeness::EntryState;
use crate::domain::rules::{RuleSet, describe};
use crate::domain::sheet::ColumnKind;
use crate::domain::view::{ByUnitRows, PlanView, ViewOptions};
use std::collections::HashMap;

/// What a report's plan view holds: every appendix as printed (no sum rows), the headline
/// rows by unit, and how far the units below have entered each appendix.
pub const VIEW: ViewOptions = ViewOptions {
    only: None,
    sums: false,
    by_unit: ByUnitRows::Headlines,
    entry: true,
};

/// Collects everything the report says about the unit and plan year of `view` (built with
/// [`VIEW`]); `rules` words the findings.
pub fn gather(view: &PlanView, rules: &RuleSet) -> ReportData {
    let lang = view.lang;
    let cat = view.catalog.clone();
    let sheets: Vec<_> = view.sheets.iter().map(|(_, v)| v.clone()).collect();
    let parts = &view.parts;
    let coverage = (!parts.is_empty()).then(|| {
        let appendices = view
            .entry
            .iter()
            .map(|states| {
                (
                    states.iter().filter(|x| **x != EntryState::NotEntered).count(),
                    states.iter().filter(|x| **x == EntryState::Complete).count(),
                )
            })
            .collect();
        // What each rolled-up headline figure covers.
        let mut cells = HashMap::new();
        for ind in cat
            .indicators
            .iter()
            .filter(|i| (i.headline || i.written) && i.has_values)
        {
            let Some(sheet) = view.sheet(ind.appendix) else {
                continue;
            };
            let Some(i) = sheet.row_of(ind.id) else { continue };
            if !sheet.cells[i].iter().any(|c| c.rolled) {
                continue;
            }
            let Some(t) = view.by_unit.get(&ind.id) else { continue };
            for (col, cover) in t.columns.iter().zip(&t.coverage) {
                if let ColumnKind::Value { period, .. } = col {
                    cells.insert((ind.id, *period), *cover);
                }
            }
        }
        Coverage {
            level: view.orgs.get(parts[0]).level.name(lang).to_string(),
            parts: parts.len(),
            appendices,
            cells,
        }
    });
    let mut findings: Vec<FindingLine> = view
        .unreadable
        .iter()
        .map(|k| FindingLine {
            severity: crate::domain::rules::Severity::Error,
            message: crate::present::unreadable_text(&view.label(k), lang),
        })
        .collect();
    findings.extend(view.findings.iter().map(|f| FindingLine {
        severity: f.severity,
        message: describe(&cat, rules, f, lang),
    }));
    findings.sort_by_key(|f| f.severity);
    let unit = view.unit();
    ReportData {
        lang,
        catalog: cat,
        year: view.year,
        unit_name: unit.name(lang).to_string(),
        level: unit.level,
        scenario: view.scenario.clone(),
        sheets,
        coverage,
        findings,
    }
}
