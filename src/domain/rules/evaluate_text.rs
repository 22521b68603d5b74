//! Checking the plan's text: its statements about appendix cells (`[[claim]]`) and its own
//! arithmetic (`[[statement]]`), each stated percentage compared at the precision it is
//! given and each printed figure taken as closely as it is printed.

use super::arithmetic::{Known, percent_agrees, percent_range, run_together, sum_agrees};
use super::statement::{Check, Figure, Operand, Statement};
use super::{Claim, Detail};
use crate::domain::attainment::percent;
use crate::domain::catalog::{Catalog, FundingId, IndicatorId};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PeriodKind, PlanFrame};
use crate::domain::values::{CellKey, Values};
use rust_decimal::{Decimal, RoundingStrategy};

/// A finding's cells (the first is where to look) and what it found.
type Found = (Vec<CellKey>, Detail);

/// Whether `part ÷ whole` gives the stated percentage at its precision.
fn gives(stated: Decimal, part: Option<Known>, whole: Option<Known>) -> bool {
    match (part, whole) {
        (Some(p), Some(w)) => percent_range(p, w).is_some_and(|r| percent_agrees(stated, r)),
        _ => false,
    }
}

/// Another period of a row whose figure, as the denominator, gives the stated percentage:
/// the plan the text really divided by.
fn other_denominator(
    (catalog, v, org, frame): (&Catalog, &impl Values, OrgId, PlanFrame),
    row: IndicatorId,
    skip: &[Period],
    stated: Decimal,
    part: Known,
) -> Option<(Period, Decimal)> {
    let kind = catalog.get(row).kind;
    frame.periods().into_iter().filter(|p| !skip.contains(p)).find_map(|p| {
        let w = v.value(&CellKey::new(row, org, p, FundingId::TOTAL))?;
        gives(stated, Some(part), Some(Known::new(w, kind))).then_some((p, w))
    })
}

/// A statement about an appendix cell: the stated figure against the cell, the stated
/// percentage against the cell ÷ its plan (or against the text's own figure ÷ plan when
/// those are the appendix's).
pub(super) fn claim(catalog: &Catalog, c: &Claim, v: &impl Values, org: OrgId, frame: PlanFrame) -> Vec<Found> {
    let mut out = Vec::new();
    if !frame.contains(c.period) {
        return out;
    }
    let key = |p: Period| CellKey::new(c.row, org, p, FundingId::TOTAL);
    let kind = catalog.get(c.row).kind;
    let known = |x: Option<Decimal>| x.map(|x| Known::new(x, kind));
    let (cell, found) = (key(c.period), v.value(&key(c.period)));
    let plan_period = Period::new(c.period.year, PeriodKind::Plan);
    let (plan_cell, plan) = (key(plan_period), v.value(&key(plan_period)));
    // A stated figure agrees when it rounds to the appendix's.
    let agrees = |stated: Decimal, found: Option<Decimal>| {
        found.is_some_and(|x| stated.round_dp_with_strategy(x.scale(), RoundingStrategy::MidpointAwayFromZero) == x)
    };
    let value_ok = c.value.is_none_or(|s| agrees(s, found));
    if let Some(stated) = c.value
        && !value_ok
    {
        let by = c.plan.or(plan);
        let percent_follows = c.percent.and_then(|p| {
            let follows = gives(p, known(found), known(by)) && !gives(p, known(Some(stated)), known(by));
            follows.then_some((p, by?, percent(Some(stated), by)?))
        });
        out.push((
            vec![cell],
            Detail::ClaimValue {
                stated,
                found,
                percent_follows,
            },
        ));
    }
    if let Some(stated) = c.percent {
        let own = match (c.value, c.plan) {
            (Some(a), Some(b)) => agrees(b, plan) && value_ok && gives(stated, known(Some(a)), known(Some(b))),
            _ => false,
        };
        if !gives(stated, known(found), known(plan)) && !own {
            let other = known(found)
                .and_then(|x| other_denominator((catalog, v, org, frame), c.row, &[plan_period, c.period], stated, x));
            out.push((
                vec![cell, plan_cell],
                Detail::ClaimPercent {
                    stated,
                    computed: percent(found, plan),
                    value: found,
                    plan,
                    other,
                },
            ));
        }
    }
    out
}

/// A statement's own arithmetic: its percentage against its numerator and denominator, a
/// part against its whole, parts against their sum. A side whose cell is blank, or outside
/// the plan being looked at, leaves the statement unchecked.
pub(super) fn statement(
    catalog: &Catalog,
    st: &Statement,
    v: &impl Values,
    org: OrgId,
    frame: PlanFrame,
) -> Option<Found> {
    if !frame.contains(st.period) {
        return None;
    }
    let key = |row: IndicatorId, p: Period| CellKey::new(row, org, p, FundingId::TOTAL);
    let resolve = |o: &Operand| -> Option<Known> {
        match &o.figure {
            Figure::Stated { value, kind, .. } => Some(Known::new(*value, *kind)),
            Figure::Cell { row, period } if frame.contains(*period) => v
                .value(&key(*row, *period))
                .map(|x| Known::new(x, catalog.get(*row).kind)),
            Figure::Cell { .. } => None,
        }
    };
    let mut cells = vec![key(st.row, st.period)];
    for o in st.operands() {
        if let Figure::Cell { row, period } = o.figure
            && !cells.contains(&key(row, period))
        {
            cells.push(key(row, period));
        }
    }
    let joined = |part: &Operand, whole: Decimal, pct: Option<Decimal>| match &part.figure {
        Figure::Stated { written, .. } => run_together(written, whole, pct),
        Figure::Cell { .. } => None,
    };
    let detail = match &st.check {
        Check::Percent {
            part,
            whole,
            percent: stated,
            share,
        } => {
            let (p, w) = (resolve(part)?, resolve(whole)?);
            if *share && p.exceeds(&w) {
                Detail::StatedPartExceeds {
                    part: p.value,
                    whole: w.value,
                    joined: joined(part, w.value, Some(*stated)),
                }
            } else if gives(*stated, Some(p), Some(w)) {
                return None;
            } else {
                let other = match whole.figure {
                    Figure::Cell { row, period } => {
                        other_denominator((catalog, v, org, frame), row, &[period], *stated, p)
                    }
                    Figure::Stated { .. } => None,
                };
                Detail::StatedPercent {
                    stated: *stated,
                    part: p.value,
                    whole: w.value,
                    computed: percent(Some(p.value), Some(w.value)),
                    other,
                }
            }
        }
        Check::PartOf { part, whole } => {
            let (p, w) = (resolve(part)?, resolve(whole)?);
            if !p.exceeds(&w) {
                return None;
            }
            Detail::StatedPartExceeds {
                part: p.value,
                whole: w.value,
                joined: joined(part, w.value, None),
            }
        }
        Check::Sum { parts, whole } => {
            let ks = parts.iter().map(resolve).collect::<Option<Vec<Known>>>()?;
            let w = resolve(whole)?;
            let (sum, ok) = sum_agrees(&ks, w)?;
            if ok {
                return None;
            }
            Detail::StatedSum {
                parts: ks.iter().map(|k| k.value).collect(),
                sum,
                whole: w.value,
            }
        }
    };
    Some((cells, detail))
}
