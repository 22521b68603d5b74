//! Checking every rule over the figures of some org units in a plan's periods.

use super::{Detail, Finding, Rule, RuleKind, RuleSet, Severity};
use crate::domain::catalog::{Catalog, FundingId, IndicatorId};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PlanFrame};
use crate::domain::values::{CellKey, Values};
use rust_decimal::Decimal;

/// An org unit to check, with its code (statements of a document apply to its own unit).
pub type Unit<'a> = (OrgId, &'a str);

/// Checks every rule for the given org units in the periods of a plan frame.
pub fn evaluate(
    catalog: &Catalog,
    rules: &RuleSet,
    values: &impl Values,
    orgs: &[Unit<'_>],
    frame: PlanFrame,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for &(org, code) in orgs {
        for (ri, rule) in rules.rules.iter().enumerate() {
            let text_of = match &rule.kind {
                RuleKind::Claim(c) => Some(c.org_unit.as_str()),
                RuleKind::Statement(st) => Some(st.org_unit.as_str()),
                _ => None,
            };
            if text_of.is_some_and(|unit| unit != code) {
                continue;
            }
            let from = out.len();
            check(catalog, ri, rule, values, org, frame, &mut out);
            partial_sides(values, &mut out[from..]);
        }
    }
    out.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.org.cmp(&b.org)));
    out
}

/// A finding whose side is a roll-up that misses units below it compares figures that are
/// not all in yet: it is a note, never an error or a warning.
fn partial_sides(v: &impl Values, found: &mut [Finding]) {
    for f in found {
        let partial = f.cells.iter().find_map(|k| {
            if v.entered(k).is_some() || v.value(k).is_none() {
                return None;
            }
            v.rolled(k).filter(|r| !r.complete()).map(|r| r.cover())
        });
        if let Some(c) = partial {
            f.partial = Some(c);
            f.severity = Severity::Info;
        }
    }
}

fn sum_present(vals: &[Option<Decimal>]) -> Option<Decimal> {
    let present: Vec<Decimal> = vals.iter().flatten().copied().collect();
    if present.is_empty() {
        None
    } else {
        present.into_iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
    }
}

/// A whole and its parts: which finding, if any.
fn whole_and_parts(whole: Option<Decimal>, parts: &[Option<Decimal>]) -> Option<(bool, Detail)> {
    let sum = sum_present(parts);
    match (whole, sum) {
        (None, None) => None,
        (Some(w), None) if w.is_zero() => None,
        (Some(w), None) => Some((true, Detail::PartsMissing { whole: w })),
        (None, Some(s)) => Some((true, Detail::WholeMissing { sum: s })),
        (Some(w), Some(s)) if w != s => Some((false, Detail::SumMismatch { sum: s, whole: w })),
        _ => None,
    }
}

/// Whether an appendix has any figure for a unit in a period.
fn appendix_reported(catalog: &Catalog, v: &impl Values, org: OrgId, p: Period, appendix: usize) -> bool {
    catalog
        .indicators
        .iter()
        .filter(|i| i.appendix == appendix && i.has_values)
        .any(|i| {
            catalog
                .fundings_of(i.id)
                .into_iter()
                .any(|f| v.value(&CellKey::new(i.id, org, p, f)).is_some())
        })
}

#[allow(clippy::too_many_arguments)]
fn check(
    catalog: &Catalog,
    ri: usize,
    rule: &Rule,
    v: &impl Values,
    org: OrgId,
    frame: PlanFrame,
    out: &mut Vec<Finding>,
) {
    let key = |i: IndicatorId, p: Period, f: FundingId| CellKey::new(i, org, p, f);
    let mut push = |severity: Severity, period: Period, funding: FundingId, cells: Vec<CellKey>, detail: Detail| {
        out.push(Finding {
            rule: ri,
            severity,
            org,
            period,
            funding,
            cells,
            detail,
            partial: None,
        });
    };
    match &rule.kind {
        RuleKind::SplitSum { whole, parts, missing } => {
            for p in frame.periods() {
                for f in catalog.fundings_of(*whole) {
                    let w = v.value(&key(*whole, p, f));
                    let pv: Vec<Option<Decimal>> = parts.iter().map(|x| v.value(&key(*x, p, f))).collect();
                    if let Some((is_missing, detail)) = whole_and_parts(w, &pv) {
                        let sev = if is_missing { *missing } else { rule.severity };
                        let mut cells = vec![key(*whole, p, f)];
                        cells.extend(parts.iter().map(|x| key(*x, p, f)));
                        push(sev, p, f, cells, detail);
                    }
                }
            }
        }
        RuleKind::PartOfWhole { whole, part } => {
            for p in frame.periods() {
                for f in catalog.fundings_of(*whole) {
                    if let (Some(w), Some(x)) = (v.value(&key(*whole, p, f)), v.value(&key(*part, p, f)))
                        && x > w
                    {
                        push(
                            rule.severity,
                            p,
                            f,
                            vec![key(*part, p, f), key(*whole, p, f)],
                            Detail::PartExceeds { part: x, whole: w },
                        );
                    }
                }
            }
        }
        RuleKind::DisjointParts { whole, parts } => {
            for p in frame.periods() {
                for f in catalog.fundings_of(*whole) {
                    let pv: Vec<Option<Decimal>> = parts.iter().map(|x| v.value(&key(*x, p, f))).collect();
                    if pv.iter().flatten().count() < 2 {
                        continue;
                    }
                    if let (Some(w), Some(s)) = (v.value(&key(*whole, p, f)), sum_present(&pv))
                        && s > w
                    {
                        let mut cells = vec![key(*whole, p, f)];
                        cells.extend(parts.iter().map(|x| key(*x, p, f)));
                        push(rule.severity, p, f, cells, Detail::PartsExceed { sum: s, whole: w });
                    }
                }
            }
        }
        RuleKind::FundingSum { row, missing } => {
            let sources = catalog.funding_parts();
            for p in frame.periods() {
                let t = v.value(&key(*row, p, FundingId::TOTAL));
                let pv: Vec<Option<Decimal>> = sources.iter().map(|f| v.value(&key(*row, p, *f))).collect();
                let Some((is_missing, detail)) = whole_and_parts(t, &pv) else {
                    continue;
                };
                let detail = match detail {
                    Detail::SumMismatch { sum, whole } => Detail::FundingMismatch { total: whole, sum },
                    Detail::PartsMissing { whole } => Detail::FundingPartsMissing {
                        total: whole,
                        from_text: v.stated_in_text(&key(*row, p, FundingId::TOTAL)),
                    },
                    Detail::WholeMissing { sum } => Detail::FundingTotalMissing { sum },
                    other => other,
                };
                let sev = if is_missing { *missing } else { rule.severity };
                let mut cells = vec![key(*row, p, FundingId::TOTAL)];
                cells.extend(sources.iter().map(|f| key(*row, p, *f)));
                push(sev, p, FundingId::TOTAL, cells, detail);
            }
        }
        RuleKind::StockFlow { stock, inflow, outflow } => {
            for (from, to) in frame.steps() {
                let f = FundingId::TOTAL;
                let (Some(before), Some(after), Some(inf)) = (
                    v.value(&key(*stock, from, f)),
                    v.value(&key(*stock, to, f)),
                    v.value(&key(*inflow, to, f)),
                ) else {
                    continue;
                };
                let out_v = outflow.and_then(|o| v.value(&key(o, to, f)));
                let Some(expected) = before
                    .checked_add(inf)
                    .and_then(|x| x.checked_sub(out_v.unwrap_or_default()))
                else {
                    continue;
                };
                let broken = match out_v {
                    Some(_) => after != expected,
                    None => after > expected,
                };
                if broken {
                    let mut cells = vec![key(*stock, to, f), key(*stock, from, f), key(*inflow, to, f)];
                    if let Some(o) = outflow {
                        cells.push(key(*o, to, f));
                    }
                    push(
                        rule.severity,
                        to,
                        f,
                        cells,
                        Detail::StockFlow {
                            from,
                            before,
                            inflow: inf,
                            outflow: out_v,
                            after,
                            expected,
                        },
                    );
                }
            }
        }
        RuleKind::Equal {
            left,
            right,
            periods,
            unreported,
        } => {
            let ps: Vec<Period> = match periods {
                Some(ps) => ps.iter().copied().filter(|p| frame.contains(*p)).collect(),
                None => frame.periods().to_vec(),
            };
            for p in ps {
                let f = FundingId::TOTAL;
                let (l, r) = (v.value(&key(*left, p, f)), v.value(&key(*right, p, f)));
                let blank_side = match (l, r) {
                    (None, Some(x)) => Some((*left, true, x)),
                    (Some(x), None) => Some((*right, false, x)),
                    _ => None,
                };
                if let Some((blank, left_blank, other)) = blank_side
                    && !appendix_reported(catalog, v, org, p, catalog.get(blank).appendix)
                {
                    push(
                        *unreported,
                        p,
                        f,
                        vec![key(*left, p, f), key(*right, p, f)],
                        Detail::SideNotReported {
                            appendix: catalog.get(blank).appendix,
                            left_blank,
                            other,
                        },
                    );
                } else if l != r {
                    push(
                        rule.severity,
                        p,
                        f,
                        vec![key(*left, p, f), key(*right, p, f)],
                        Detail::NotEqual { left: l, right: r },
                    );
                }
            }
        }
        RuleKind::Kind { row } => {
            let ind = catalog.get(*row);
            for p in frame.periods() {
                for f in catalog.fundings_of(*row) {
                    if let Some(x) = v.value(&key(*row, p, f))
                        && let Err(e) = crate::domain::validity::check_value(ind, &x)
                    {
                        push(rule.severity, p, f, vec![key(*row, p, f)], Detail::BadKind(e));
                    }
                }
            }
        }
        RuleKind::Jump { row } => {
            for p in frame.periods() {
                for f in catalog.fundings_of(*row) {
                    let Some(x) = v.value(&key(*row, p, f)) else { continue };
                    let refs: Vec<crate::domain::plausible::Reference> = crate::domain::plausible::references(p)
                        .into_iter()
                        .filter_map(|rp| {
                            v.value(&key(*row, rp, f))
                                .map(|value| crate::domain::plausible::Reference { period: rp, value })
                        })
                        .collect();
                    if let Some(j) = crate::domain::plausible::jump(x, &refs) {
                        let mut cells = vec![key(*row, p, f)];
                        cells.push(key(*row, j.reference.period, f));
                        push(rule.severity, p, f, cells, Detail::Jump { value: x, jump: j });
                    }
                }
            }
        }
        RuleKind::RollUp { row } => {
            let sum = catalog.get(*row).aggregation == crate::domain::catalog::Aggregation::Sum;
            for p in frame.periods() {
                for f in catalog.fundings_of(*row) {
                    let k = key(*row, p, f);
                    let (Some(e), Some(r)) = (v.entered(&k), v.rolled(&k)) else {
                        continue;
                    };
                    let Some(rv) = r.value else { continue };
                    if rv != e && (r.complete() || (sum && rv > e)) {
                        push(
                            rule.severity,
                            p,
                            f,
                            vec![k],
                            Detail::RollUpDiffers {
                                entered: e,
                                rolled: rv,
                                covered: r.cover().covered,
                                expected: r.cover().expected,
                                level: r.cover().level,
                                mapped: r.mapped,
                            },
                        );
                    }
                }
            }
        }
        RuleKind::Claim(c) => {
            for (cells, detail) in super::evaluate_text::claim(catalog, c, v, org, frame) {
                push(rule.severity, c.period, FundingId::TOTAL, cells, detail);
            }
        }
        RuleKind::Statement(st) => {
            if let Some((cells, detail)) = super::evaluate_text::statement(catalog, st, v, org, frame) {
                push(rule.severity, st.period, FundingId::TOTAL, cells, detail);
            }
        }
    }
}
