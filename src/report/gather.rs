//! The report's data from a session: the appendix tables as `kttt show` builds them, which
//! figures come from the plan's text and which blanks the published appendix prints as “-”
//! (none), how far the units below have reported (and what each
//! rolled-up headline figure covers), and the findings `kttt check` prints for the unit.

use super::{Coverage, FindingLine, ReportData};
use crate::domain::catalog::FundingId;
use crate::domain::consolidate::EntryState;
use crate::domain::rules::describe;
use crate::domain::sheet::ColumnKind;
use crate::domain::values::Source;
use crate::error::Result;
use crate::session::Session;
use std::collections::{HashMap, HashSet};

/// Collects everything the report says about the session's unit and plan year.
pub fn gather(s: &mut Session) -> Result<ReportData> {
    let lang = s.lang();
    let cat = s.catalog().clone();
    let (sheets, narrative, none, coverage) = {
        let values = s.values();
        let findings = s.findings(&values);
        let sheets: Vec<_> = (0..cat.appendices.len())
            .map(|a| s.sheet_with(a, &cat.appendices[a].rows, &values, &findings, false))
            .collect();
        let (mut narrative, mut none) = (HashSet::new(), HashSet::new());
        for c in sheets.iter().flat_map(|v| v.cells.iter().flatten()) {
            let Some(k) = c.key else { continue };
            match (c.value, s.cell(&k).map(|x| &x.source)) {
                (Some(_), Some(Source::Narrative)) => {
                    narrative.insert(k);
                }
                (None, Some(Source::Dash(_))) => {
                    none.insert(k);
                }
                _ => {}
            }
        }
        let parts = s.parts();
        let coverage = (!parts.is_empty()).then(|| {
            let appendices = (0..cat.appendices.len())
                .map(|a| {
                    let states: Vec<EntryState> = parts.iter().map(|p| s.completeness(*p, a).state()).collect();
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
                let sheet = &sheets[ind.appendix];
                let Some(i) = sheet
                    .rows
                    .iter()
                    .position(|r| r.kind == crate::domain::sheet::RowKind::Indicator(ind.id))
                else {
                    continue;
                };
                if !sheet.cells[i].iter().any(|c| c.rolled) {
                    continue;
                }
                let cons = s.consolidation_with(&values, ind.id, FundingId::TOTAL);
                for (col, cover) in cons.columns.iter().zip(&cons.coverage) {
                    if let ColumnKind::Value { period, .. } = col {
                        cells.insert((ind.id, *period), *cover);
                    }
                }
            }
            Coverage {
                level: s.orgs().get(parts[0]).level.name(lang).to_string(),
                parts: parts.len(),
                appendices,
                cells,
            }
        });
        (sheets, narrative, none, coverage)
    };
    let org = s.org();
    let (found, unreadable) = s.check_unit(org)?;
    let mut findings: Vec<FindingLine> = unreadable
        .iter()
        .map(|k| FindingLine {
            severity: crate::domain::rules::Severity::Error,
            message: crate::present::unreadable_text(&s.label(k), lang),
        })
        .collect();
    findings.extend(found.iter().map(|f| FindingLine {
        severity: f.severity,
        message: describe(&cat, s.rules(), f, lang),
    }));
    findings.sort_by_key(|f| f.severity);
    Ok(ReportData {
        lang,
        catalog: cat,
        year: s.year(),
        unit_name: s.unit().name(lang).to_string(),
        level: s.unit().level,
        scenario: s.scenario().map(|x| x.name.clone()),
        sheets,
        narrative,
        none,
        coverage,
        findings,
    })
}
