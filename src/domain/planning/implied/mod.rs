//! What a target implies: the identities between indicators (read from the rules: stock and
//! flow, "Chia ra" parts and funding sources adding up to their total, the same figure printed
//! twice) as linear equations over cells, what one of them then requires of its other cells,
//! and a completion of a scenario's figures that satisfies them all.

use super::spread::{spread, step_of};
use crate::domain::catalog::{Catalog, FundingId, IndicatorId, ValueKind};
use crate::domain::org::OrgId;
use crate::domain::period::PlanFrame;
use crate::domain::rules::{RuleKind, RuleSet};
use crate::domain::values::{CellKey, Values};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// What an identity says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Stock at the end = stock at the start + inflow − outflow.
    StockFlow,
    /// A total = the sum of its parts (sectors, funding sources).
    Parts,
    /// The same figure printed in two places.
    Same,
}

/// An identity over cells: the sum of `coef × figure` over `terms` is zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub shape: Shape,
    /// The rule it comes from.
    pub rule: String,
    /// Cells with their coefficients (±1), the first being the total (stock at the end, the
    /// whole, the left side).
    pub terms: Vec<(CellKey, Decimal)>,
    /// Cells it never changes (the stock at the start belongs to an earlier period).
    pub fixed: Vec<CellKey>,
}

impl Identity {
    /// Whether the identity reads this cell.
    pub fn reads(&self, key: &CellKey) -> bool {
        self.terms.iter().any(|(k, _)| k == key)
    }

    /// Σ coef × figure, when every cell other than `except` has a figure (`except` counts as 0).
    fn residual(&self, v: &dyn Fn(&CellKey) -> Option<Decimal>, except: Option<&CellKey>) -> Option<Decimal> {
        let mut sum = Decimal::ZERO;
        let mut parts = 0;
        for (i, (k, c)) in self.terms.iter().enumerate() {
            if Some(k) == except {
                continue;
            }
            // A blank part adds nothing (a sector printed “-”), as long as one part has a figure.
            let x = match v(k) {
                Some(x) => x,
                None if self.shape == Shape::Parts && i > 0 => continue,
                None => return None,
            };
            parts += usize::from(i > 0);
            sum = sum.checked_add(x.checked_mul(*c)?)?;
        }
        (parts > 0 || self.shape != Shape::Parts || except.is_some()).then_some(sum)
    }

    /// The figure `key` must have for the identity to hold, the others as they are.
    pub fn solve(&self, v: &dyn Fn(&CellKey) -> Option<Decimal>, key: &CellKey) -> Option<Decimal> {
        let c = self.terms.iter().find(|(k, _)| k == key)?.1;
        let r = self.residual(v, Some(key))?;
        (-r).checked_div(c)
    }

    /// Whether it holds (`None`: a cell is blank).
    pub fn holds(&self, v: &dyn Fn(&CellKey) -> Option<Decimal>) -> Option<bool> {
        self.residual(v, None).map(|r| r.is_zero())
    }
}

/// The identities among a unit's cells in a plan frame, from the rules that are equations
/// (a stock-flow rule without an outflow only bounds the stock, so it is none).
pub fn identities(catalog: &Catalog, rules: &RuleSet, frame: PlanFrame, org: OrgId) -> Vec<Identity> {
    let one = Decimal::ONE;
    let key = |i: IndicatorId, p, f| CellKey::new(i, org, p, f);
    let mut out = Vec::new();
    for rule in &rules.rules {
        let mut push = |shape, terms: Vec<(CellKey, Decimal)>, fixed: Vec<CellKey>| {
            out.push(Identity {
                shape,
                rule: rule.id.clone(),
                terms,
                fixed,
            })
        };
        match &rule.kind {
            RuleKind::StockFlow {
                stock,
                inflow,
                outflow: Some(outflow),
            } => {
                for (from, to) in frame.steps() {
                    let f = FundingId::TOTAL;
                    let start = key(*stock, from, f);
                    push(
                        Shape::StockFlow,
                        vec![
                            (key(*stock, to, f), one),
                            (start, -one),
                            (key(*inflow, to, f), -one),
                            (key(*outflow, to, f), one),
                        ],
                        vec![start],
                    );
                }
            }
            RuleKind::SplitSum { whole, parts, .. } => {
                for p in frame.periods() {
                    for f in catalog.fundings_of(*whole) {
                        let mut terms = vec![(key(*whole, p, f), one)];
                        terms.extend(parts.iter().map(|x| (key(*x, p, f), -one)));
                        push(Shape::Parts, terms, Vec::new());
                    }
                }
            }
            RuleKind::FundingSum { row, .. } => {
                for p in frame.periods() {
                    let mut terms = vec![(key(*row, p, FundingId::TOTAL), one)];
                    terms.extend(catalog.funding_parts().into_iter().map(|f| (key(*row, p, f), -one)));
                    push(Shape::Parts, terms, Vec::new());
                }
            }
            RuleKind::Equal {
                left,
                right,
                periods: None,
                ..
            } => {
                for p in frame.periods() {
                    let f = FundingId::TOTAL;
                    push(
                        Shape::Same,
                        vec![(key(*left, p, f), one), (key(*right, p, f), -one)],
                        Vec::new(),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// One way to meet an identity: set `key` to `value`, the cells `given` as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternative {
    pub key: CellKey,
    pub value: Decimal,
    pub given: Vec<(CellKey, Decimal)>,
}

/// What an identity requires after a figure was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// One of the other cells set so that it holds (each alternative one way).
    Solve { rule: String, ways: Vec<Alternative> },
    /// The typed total spread over its parts in proportion to their figures.
    Spread {
        rule: String,
        total: CellKey,
        shares: Vec<(CellKey, Decimal)>,
    },
}

/// Whether a figure fits its indicator: a count is whole and, unless signed, not negative.
fn fits(catalog: &Catalog, key: &CellKey, v: Decimal) -> bool {
    let ind = catalog.get(key.indicator);
    let whole = ind.kind != ValueKind::Count || v.fract().is_zero();
    whole && (ind.signed || !v.is_sign_negative() || v.is_zero())
}

/// What the identities that read a `typed` cell and do not hold now require of their other
/// cells, each identity once, with the typed cell it is reported for: each cell not typed
/// that alone would restore it (keeping only figures its indicator can take), the others as
/// they are; or, for a typed total, its parts spread in proportion.
pub fn implications(
    catalog: &Catalog,
    ids: &[Identity],
    v: &impl Values,
    typed: &[CellKey],
) -> Vec<(CellKey, Requirement)> {
    let get = |k: &CellKey| v.value(k);
    let held: HashSet<CellKey> = typed.iter().copied().collect();
    let mut out = Vec::new();
    for id in ids {
        let Some(t) = typed.iter().find(|t| id.reads(t)) else {
            continue;
        };
        if id.holds(&get) != Some(false) {
            continue;
        }
        if id.shape == Shape::Parts && held.contains(&id.terms[0].0) {
            if let Some(shares) = spread_parts(catalog, id, v, &held) {
                let rule = id.rule.clone();
                out.push((
                    id.terms[0].0,
                    Requirement::Spread {
                        rule,
                        total: id.terms[0].0,
                        shares,
                    },
                ));
            }
            continue;
        }
        let ways: Vec<Alternative> = id
            .terms
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| !held.contains(k) && !id.fixed.contains(k))
            .filter_map(|k| {
                let value = id.solve(&get, &k)?.normalize();
                fits(catalog, &k, value).then(|| Alternative {
                    key: k,
                    value,
                    given: id
                        .terms
                        .iter()
                        .filter(|(o, _)| *o != k && o != t && !id.fixed.contains(o))
                        .filter_map(|(o, _)| Some((*o, v.value(o)?)))
                        .collect(),
                })
            })
            .collect();
        if !ways.is_empty() {
            out.push((
                *t,
                Requirement::Solve {
                    rule: id.rule.clone(),
                    ways,
                },
            ));
        }
    }
    out
}

/// The parts of a Parts identity that are not `held`, given shares of what the total leaves
/// after the held parts, in proportion to their figures (equal shares when all are blank or
/// zero), to the precision of the figures.
fn spread_parts(
    catalog: &Catalog,
    id: &Identity,
    v: &impl Values,
    held: &HashSet<CellKey>,
) -> Option<Vec<(CellKey, Decimal)>> {
    let total = v.value(&id.terms[0].0)?;
    let parts: Vec<CellKey> = id.terms[1..].iter().map(|(k, _)| *k).collect();
    let (kept, free): (Vec<CellKey>, Vec<CellKey>) = parts.into_iter().partition(|k| held.contains(k));
    if free.is_empty() {
        return None;
    }
    let mut left = total;
    for k in &kept {
        left = left.checked_sub(v.value(k).unwrap_or_default())?;
    }
    let weights: Vec<Decimal> = free
        .iter()
        .map(|k| v.value(k).unwrap_or_default().max(Decimal::ZERO))
        .collect();
    let whole = free.iter().all(|k| catalog.get(k.indicator).kind == ValueKind::Count);
    let mut figures = weights.clone();
    figures.push(left);
    let step = step_of(&figures, whole);
    let shares = spread(left, &weights, step)?;
    // A blank part given nothing stays blank (none is not zero).
    let pairs: Vec<(CellKey, Decimal)> = free
        .into_iter()
        .zip(shares)
        .filter(|(k, x)| !(x.is_zero() && v.value(k).is_none()))
        .collect();
    pairs.iter().all(|(k, x)| fits(catalog, k, *x)).then_some(pairs)
}

/// A figure the completion writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    pub key: CellKey,
    pub old: Option<Decimal>,
    pub new: Decimal,
    /// The rule it follows from, and what that rule says.
    pub rule: String,
    pub shape: Shape,
}

/// A completion: what it writes, and the identities it could not meet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Balanced {
    pub writes: Vec<Write>,
    pub unmet: Vec<String>,
}

/// Figures with a completion's writes over them.
struct Over<'a, V: Values> {
    base: &'a V,
    writes: &'a HashMap<CellKey, Decimal>,
}

impl<V: Values> Values for Over<'_, V> {
    fn value(&self, key: &CellKey) -> Option<Decimal> {
        self.writes.get(key).copied().or_else(|| self.base.value(key))
    }
}

/// Completes figures so that every identity touching the `held` cells (what the planner
/// typed) or a cell the completion wrote holds again, never changing a held cell. Each broken
/// identity is met by the first cell that can take the figure: an indicator of `prefer`
/// first, then the flow in (new cooperatives), the flow out, the total; a typed total's parts
/// share what it leaves in proportion to their figures.
pub fn balance(
    catalog: &Catalog,
    ids: &[Identity],
    v: &impl Values,
    held: &HashSet<CellKey>,
    prefer: &[IndicatorId],
) -> Balanced {
    let mut writes: HashMap<CellKey, Decimal> = HashMap::new();
    let mut order: Vec<Write> = Vec::new();
    let mut unmet: Vec<String> = Vec::new();
    let touched = |k: &CellKey, w: &HashMap<CellKey, Decimal>| held.contains(k) || w.contains_key(k);
    for _ in 0..=ids.len() {
        let mut moved = false;
        for id in ids {
            let over = Over {
                base: v,
                writes: &writes,
            };
            let get = |k: &CellKey| over.value(k);
            if !id.terms.iter().any(|(k, _)| touched(k, &writes)) || id.holds(&get) != Some(false) {
                continue;
            }
            let frozen: HashSet<CellKey> = id
                .terms
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| touched(k, &writes))
                .collect();
            let mut found: Vec<(CellKey, Decimal)> = Vec::new();
            if id.shape == Shape::Parts && frozen.contains(&id.terms[0].0) {
                found = spread_parts(catalog, id, &over, &frozen).unwrap_or_default();
            } else {
                let mut candidates: Vec<CellKey> = id
                    .terms
                    .iter()
                    .map(|(k, _)| *k)
                    .filter(|k| !frozen.contains(k) && !id.fixed.contains(k))
                    .collect();
                // Stock-flow terms are [stock, start, inflow, outflow]: try the flows first.
                let stock = (id.shape == Shape::StockFlow).then_some(id.terms[0].0);
                candidates.sort_by_key(|k| (!prefer.contains(&k.indicator), Some(*k) == stock));
                if let Some((k, x)) = candidates.into_iter().find_map(|k| {
                    let x = id.solve(&get, &k)?.normalize();
                    fits(catalog, &k, x).then_some((k, x))
                }) {
                    found.push((k, x));
                }
            }
            if found.is_empty() {
                if !unmet.contains(&id.rule) {
                    unmet.push(id.rule.clone());
                }
                continue;
            }
            let found: Vec<(CellKey, Decimal)> = found.into_iter().filter(|(k, x)| over.value(k) != Some(*x)).collect();
            for (k, x) in found {
                let old = v.value(&k);
                writes.insert(k, x);
                order.retain(|w| w.key != k);
                order.push(Write {
                    key: k,
                    old,
                    new: x,
                    rule: id.rule.clone(),
                    shape: id.shape,
                });
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    // An identity first unmet may have been met by a later write.
    let over = Over {
        base: v,
        writes: &writes,
    };
    unmet.retain(|r| {
        ids.iter()
            .filter(|i| &i.rule == r)
            .any(|i| i.terms.iter().any(|(k, _)| touched(k, &writes)) && i.holds(&|k| over.value(k)) == Some(false))
    });
    Balanced { writes: order, unmet }
}

#[cfg(test)]
mod tests;
