//! Targets handed down: a unit's target for an indicator allocated over the units below it —
//! in proportion to their figures of a base period (equal growth: each unit grows by the same
//! rate), equally, or weighted by another indicator. Counts are whole and add up exactly
//! (largest remainder); an average is allocated so that its weighted roll-up is the target
//! (to the rounding of each unit's figure to one decimal).

use super::spread::{spread, step_of};
use crate::domain::catalog::{Aggregation, Catalog, FundingId, IndicatorId, ValueKind};
use crate::domain::org::OrgId;
use crate::domain::period::Period;
use crate::domain::values::{CellKey, Values};
use rust_decimal::{Decimal, RoundingStrategy};

/// How the target is shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// In proportion to each unit's figure of the base period (the same growth for all).
    Proportional,
    /// The same share for every unit (for an average: the target itself).
    Equal,
    /// In proportion to another indicator's figures of the base period.
    Weight(IndicatorId),
}

/// A unit's allocated figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allocated {
    pub key: CellKey,
    pub old: Option<Decimal>,
    pub new: Decimal,
}

/// An allocation and what it rolls up to (exactly the target for a sum; for an average, its
/// weighted mean with the allocated figures rounded to one decimal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    pub cells: Vec<Allocated>,
    pub rolled: Decimal,
    /// No unit had a figure to weigh by: equal shares.
    pub even: bool,
}

/// Why there is no allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocateError {
    /// The unit has no units below it.
    NoParts,
    /// The indicator does not roll up by a sum or a weighted mean (a ratio, a share).
    NotAllocatable,
    /// An average: none of the units has a count to weigh it by.
    NoWeights,
    /// The target does not fit the indicator (a count that is not whole or is negative).
    BadTarget,
}

/// Allocates `target` for `indicator` in `period` over `parts`, from the figures of `by`.
#[allow(clippy::too_many_arguments)]
pub fn allocate(
    catalog: &Catalog,
    indicator: IndicatorId,
    target: Decimal,
    period: Period,
    by: Period,
    method: Method,
    parts: &[OrgId],
    v: &impl Values,
) -> Result<Allocation, AllocateError> {
    if parts.is_empty() {
        return Err(AllocateError::NoParts);
    }
    let ind = catalog.get(indicator);
    let key = |i: IndicatorId, o: OrgId, p: Period| CellKey::new(i, o, p, FundingId::TOTAL);
    let weight = |o: OrgId| match method {
        Method::Proportional => v.value(&key(indicator, o, by)),
        Method::Weight(w) => v.value(&key(w, o, by)),
        Method::Equal => Some(Decimal::ONE),
    };
    let cells = |values: Vec<Decimal>| -> Vec<Allocated> {
        parts
            .iter()
            .zip(values)
            .map(|(o, new)| Allocated {
                key: key(indicator, *o, period),
                old: v.value(&key(indicator, *o, period)),
                new,
            })
            .collect()
    };
    match ind.aggregation {
        Aggregation::Sum => {
            let count = ind.kind == ValueKind::Count;
            if count && (!target.fract().is_zero() || target.is_sign_negative()) {
                return Err(AllocateError::BadTarget);
            }
            let weights: Vec<Decimal> = parts
                .iter()
                .map(|o| weight(*o).unwrap_or_default().max(Decimal::ZERO))
                .collect();
            let step = step_of(&[target], count);
            let shares = spread(target, &weights, step).ok_or(AllocateError::BadTarget)?;
            Ok(Allocation {
                cells: cells(shares),
                rolled: target,
                even: weights.iter().all(|w| w.is_zero()),
            })
        }
        Aggregation::Mean { base } => {
            // Each unit weighs by its count in the period (else the base period's).
            let counts: Vec<Decimal> = parts
                .iter()
                .map(|o| {
                    v.value(&key(base, *o, period))
                        .or_else(|| v.value(&key(base, *o, by)))
                        .unwrap_or_default()
                })
                .collect();
            let total: Decimal = counts.iter().copied().sum();
            if total.is_zero() {
                return Err(AllocateError::NoWeights);
            }
            // Scale each unit's own average by one factor; a unit without one (or, equally,
            // every unit) gets the target itself.
            let own: Vec<Option<Decimal>> = match method {
                Method::Equal => vec![None; parts.len()],
                _ => parts.iter().map(|o| weight(*o)).collect(),
            };
            let even = own.iter().all(Option::is_none);
            let own: Vec<Decimal> = own.iter().map(|a| a.unwrap_or(target)).collect();
            // Units with their own figure are scaled by f, the others given the target:
            // (f·Σ own·w + T·Σ w of the others) / Σ w = T  ⇒  f = T·Σ w (own) / Σ own·w.
            let has = |i: usize| weight(parts[i]).is_some() && method != Method::Equal;
            let (mut sum_aw, mut sum_w) = (Decimal::ZERO, Decimal::ZERO);
            for i in (0..parts.len()).filter(|i| has(*i)) {
                sum_aw += own[i] * counts[i];
                sum_w += counts[i];
            }
            let factor = if sum_aw.is_zero() {
                Decimal::ONE
            } else {
                target * sum_w / sum_aw
            };
            let scaled = |i: usize| if has(i) { own[i] * factor } else { target };
            let values: Vec<Decimal> = (0..parts.len())
                .map(|i| {
                    scaled(i)
                        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                        .normalize()
                })
                .collect();
            let rolled = values.iter().zip(&counts).map(|(a, w)| *a * *w).sum::<Decimal>() / total;
            Ok(Allocation {
                cells: cells(values),
                rolled,
                even,
            })
        }
        Aggregation::Ratio { .. } | Aggregation::None => Err(AllocateError::NotAllocatable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::{Dataset, Source};

    fn setup(figures: &[(&str, u32, &str, &str)]) -> (Catalog, Dataset) {
        let c = Catalog::builtin();
        let mut d = Dataset::new();
        for (code, org, period, v) in figures {
            let k = CellKey::new(
                c.find(code).unwrap(),
                OrgId(*org),
                Period::parse(period).unwrap(),
                FundingId::TOTAL,
            );
            d.set(k, Some(v.parse().unwrap()), Source::User);
        }
        (c, d)
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn a_count_over_districts_in_proportion_adds_up_exactly() {
        // Estimates 30, 20, 10 (sum 60): 100 → 50, 33.3, 16.7 → 50, 33, 17 (largest remainder).
        let (c, d) = setup(&[
            ("htx.total", 1, "UTH2026", "30"),
            ("htx.total", 2, "UTH2026", "20"),
            ("htx.total", 3, "UTH2026", "10"),
        ]);
        let parts = [OrgId(1), OrgId(2), OrgId(3)];
        let id = c.find("htx.total").unwrap();
        let a = allocate(
            &c,
            id,
            Decimal::from(100),
            p("KH2027"),
            p("UTH2026"),
            Method::Proportional,
            &parts,
            &d,
        )
        .unwrap();
        let got: Vec<Decimal> = a.cells.iter().map(|x| x.new).collect();
        assert_eq!(got, vec![Decimal::from(50), Decimal::from(33), Decimal::from(17)]);
        // Equally: 34, 33, 33; a count target that is not whole is refused.
        let a = allocate(
            &c,
            id,
            Decimal::from(100),
            p("KH2027"),
            p("UTH2026"),
            Method::Equal,
            &parts,
            &d,
        )
        .unwrap();
        let got: Vec<Decimal> = a.cells.iter().map(|x| x.new).collect();
        assert_eq!(got, vec![Decimal::from(34), Decimal::from(33), Decimal::from(33)]);
        let bad = allocate(
            &c,
            id,
            "10.5".parse().unwrap(),
            p("KH2027"),
            p("UTH2026"),
            Method::Equal,
            &parts,
            &d,
        );
        assert_eq!(bad, Err(AllocateError::BadTarget));
    }

    #[test]
    fn an_average_is_allocated_so_its_weighted_roll_up_is_the_target() {
        // Revenue per cooperative 400 (20 coops) and 600 (30 coops): weighted 520. Target 650:
        // factor 1.25 → 500 and 750; (500·20 + 750·30) / 50 = 650.
        let (c, d) = setup(&[
            ("htx.total", 1, "KH2027", "20"),
            ("htx.total", 2, "KH2027", "30"),
            ("htx.revenue", 1, "UTH2026", "400"),
            ("htx.revenue", 2, "UTH2026", "600"),
        ]);
        let id = c.find("htx.revenue").unwrap();
        let parts = [OrgId(1), OrgId(2)];
        let a = allocate(
            &c,
            id,
            Decimal::from(650),
            p("KH2027"),
            p("UTH2026"),
            Method::Proportional,
            &parts,
            &d,
        )
        .unwrap();
        let got: Vec<Decimal> = a.cells.iter().map(|x| x.new).collect();
        assert_eq!(got, vec![Decimal::from(500), Decimal::from(750)]);
        assert_eq!(a.rolled, Decimal::from(650));
        // Without a count in any unit there is nothing to weigh an average by.
        let (c, d) = setup(&[("htx.revenue", 1, "UTH2026", "400")]);
        let e = allocate(
            &c,
            id,
            Decimal::from(650),
            p("KH2027"),
            p("UTH2026"),
            Method::Proportional,
            &parts,
            &d,
        );
        assert_eq!(e, Err(AllocateError::NoWeights));
    }
}
