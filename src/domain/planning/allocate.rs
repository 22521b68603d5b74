//! Targets handed down: a unit's target for an indicator allocated over the units below it —
//! in proportion to their figures of a base period (equal growth: each unit grows by the same
//! rate), equally, or weighted by another indicator. Counts are whole and add up exactly
//! (largest remainder); an average is allocated so that its weighted roll-up is the target
//! exactly, each unit's figure rounded to the average's precision (`weighted.rs`), or says
//! that no rounding reaches it.

use super::spread::{spread, step_of};
use super::weighted::round_to_mean;
use crate::domain::catalog::{Aggregation, Catalog, FundingId, IndicatorId, ValueKind};
use crate::domain::org::OrgId;
use crate::domain::period::Period;
use crate::domain::values::{CellKey, Values};
use rust_decimal::Decimal;

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

/// An allocation and what it rolls up to (exactly the target for a sum; for an average, the
/// weighted mean of the allocated figures as rounded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    pub cells: Vec<Allocated>,
    pub rolled: Decimal,
    /// No unit had a figure to weigh by: equal shares.
    pub even: bool,
    /// `rolled` is exactly the target (false only for an average no rounding reaches).
    pub exact: bool,
    /// The step each figure is a multiple of (1 for counts; an average's precision).
    pub step: Decimal,
    /// The most an average's figure was moved beyond plain rounding to make it exact.
    pub adjusted: Decimal,
}

/// The precision an average is allocated to: a tenth, or finer when the target has more
/// decimals (so that the target itself is a reachable mean).
pub fn average_step(target: Decimal) -> Decimal {
    step_of(&[target], false).min(Decimal::new(1, 1))
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
                exact: true,
                step,
                adjusted: Decimal::ZERO,
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
            let shares: Vec<Decimal> = (0..parts.len()).map(scaled).collect();
            let step = average_step(target);
            let r = round_to_mean(&shares, &counts, target, step, !ind.signed);
            let rolled = r.values.iter().zip(&counts).map(|(a, w)| *a * *w).sum::<Decimal>() / total;
            Ok(Allocation {
                cells: cells(r.values),
                rolled: rolled.normalize(),
                even,
                exact: r.exact && rolled == target,
                step,
                adjusted: r.adjusted,
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

    /// `code`'s KH2027 target over units 1, 2 (and 3 when given) from their UTH2026 figures.
    fn over(
        figures: &[(&str, u32, &str, &str)],
        code: &str,
        target: &str,
        method: Method,
        parts: &[OrgId],
    ) -> Result<Allocation, AllocateError> {
        let (c, d) = setup(figures);
        let id = c.find(code).unwrap();
        let target = target.parse().unwrap();
        allocate(&c, id, target, p("KH2027"), p("UTH2026"), method, parts, &d)
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn news(a: &Allocation) -> Vec<Decimal> {
        a.cells.iter().map(|x| x.new).collect()
    }

    #[test]
    fn a_count_over_districts_in_proportion_adds_up_exactly() {
        // Estimates 30, 20, 10 (sum 60): 100 → 50, 33.3, 16.7 → 50, 33, 17 (largest remainder).
        let est = [
            ("htx.total", 1, "UTH2026", "30"),
            ("htx.total", 2, "UTH2026", "20"),
            ("htx.total", 3, "UTH2026", "10"),
        ];
        let parts = [OrgId(1), OrgId(2), OrgId(3)];
        let a = over(&est, "htx.total", "100", Method::Proportional, &parts).unwrap();
        assert_eq!(news(&a), vec![dec("50"), dec("33"), dec("17")]);
        // Equally: 34, 33, 33; a count target that is not whole is refused.
        let a = over(&est, "htx.total", "100", Method::Equal, &parts).unwrap();
        assert_eq!(news(&a), vec![dec("34"), dec("33"), dec("33")]);
        let bad = over(&est, "htx.total", "10.5", Method::Equal, &parts);
        assert_eq!(bad, Err(AllocateError::BadTarget));
    }

    #[test]
    fn an_average_is_allocated_so_its_weighted_roll_up_is_the_target() {
        // Revenue per cooperative 400 (20 coops) and 600 (30 coops): weighted 520. Target 650:
        // factor 1.25 → 500 and 750; (500·20 + 750·30) / 50 = 650.
        let parts = [OrgId(1), OrgId(2)];
        let figures = |n1, n2, r1, r2| {
            [
                ("htx.total", 1, "KH2027", n1),
                ("htx.total", 2, "KH2027", n2),
                ("htx.revenue", 1, "UTH2026", r1),
                ("htx.revenue", 2, "UTH2026", r2),
            ]
        };
        let a = over(
            &figures("20", "30", "400", "600"),
            "htx.revenue",
            "650",
            Method::Proportional,
            &parts,
        )
        .unwrap();
        assert_eq!(news(&a), vec![dec("500"), dec("750")]);
        assert_eq!((a.rolled, a.exact), (dec("650"), true));
        // 3 and 7 cooperatives at 100 and 200 (weighted 170) to 180: factor 18/17 gives
        // 105,88… and 211,76…; the nearest tenths (105,9 and 211,8) would roll up to 180,03.
        // Exactly: 105,8 and 211,8 — (317,4 + 1 482,6) / 10 = 180.
        let small = figures("3", "7", "100", "200");
        let a = over(&small, "htx.revenue", "180", Method::Proportional, &parts).unwrap();
        assert_eq!(news(&a), vec![dec("105.8"), dec("211.8")]);
        assert_eq!((a.rolled, a.exact, a.step), (dec("180"), true, dec("0.1")));
        // A target with two decimals is allocated to hundredths.
        let a = over(&small, "htx.revenue", "180.05", Method::Proportional, &parts).unwrap();
        assert_eq!((a.rolled, a.exact, a.step), (dec("180.05"), true, dec("0.01")));
        // Without a count in any unit there is nothing to weigh an average by.
        let e = over(
            &[("htx.revenue", 1, "UTH2026", "400")],
            "htx.revenue",
            "650",
            Method::Proportional,
            &parts,
        );
        assert_eq!(e, Err(AllocateError::NoWeights));
    }
}
