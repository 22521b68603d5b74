//! Figures rounded to a step so that their weighted mean is still exactly a target: the
//! largest-remainder method in weighted space. Each figure is first rounded down to the step;
//! what the weighted sum then lacks (a whole number of "step × weight" units) is made up by
//! raising the figures with the largest remainders whose weights fit. When that cannot hit it
//! exactly, an exact search lets each figure move up to one step further from its share, then
//! two, three…, and among the roundings that reach the target takes the one that strays least
//! from plain rounding (a few units with large, similar weights may need several steps). When
//! nothing is found within the search's budget, the figures are simply the nearest ones and
//! the result says so.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Figures rounded to a step, and whether their weighted mean is exactly the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeanRounded {
    pub values: Vec<Decimal>,
    /// The weighted mean of `values` is exactly the target.
    pub exact: bool,
    /// The most any figure was moved beyond its plain rounding to make the mean exact.
    pub adjusted: Decimal,
}

/// Most work (sums × moves, over every widening) the exact search may do before it gives up.
const BUDGET: u128 = 20_000_000;
/// Farthest (in steps) a figure may move from its share rounded down.
const REACH: i128 = 50;

/// Rounds `shares` to multiples of `step` so that `Σ value·weight / Σ weight = target`
/// exactly where some rounding allows it (the shares' own weighted mean should be the
/// target). A figure with no weight is rounded to the nearest step; with `no_negative`, no
/// figure goes below zero.
pub fn round_to_mean(
    shares: &[Decimal],
    weights: &[Decimal],
    target: Decimal,
    step: Decimal,
    no_negative: bool,
) -> MeanRounded {
    let nearest: Vec<Decimal> = shares
        .iter()
        .map(|s| ((*s / step).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero) * step).normalize())
        .collect();
    let inexact = |values: Vec<Decimal>| MeanRounded {
        values,
        exact: false,
        adjusted: Decimal::ZERO,
    };
    let Some(w) = whole_weights(weights) else {
        return inexact(nearest);
    };
    let sum_w: i128 = w.iter().sum();
    if sum_w == 0 || step <= Decimal::ZERO {
        return inexact(nearest);
    }
    // The weighted sum wanted, in units of step × (scaled) weight.
    let wanted = target / step * Decimal::from_i128_with_scale(sum_w, 0);
    let Some(wanted) = wanted.fract().is_zero().then(|| wanted.to_i128()).flatten() else {
        return inexact(nearest);
    };
    let floors: Option<Vec<i128>> = shares.iter().map(|s| (*s / step).floor().to_i128()).collect();
    let Some(floors) = floors else {
        return inexact(nearest);
    };
    let remainders: Vec<Decimal> = shares
        .iter()
        .zip(&floors)
        .map(|(s, f)| *s / step - Decimal::from(*f))
        .collect();
    let mut order: Vec<usize> = (0..shares.len()).filter(|i| w[*i] > 0).collect();
    order.sort_by(|a, b| remainders[*b].cmp(&remainders[*a]).then(a.cmp(b)));
    let given: i128 = order.iter().map(|i| floors[*i] * w[*i]).sum();
    let lacking = wanted - given;
    let values_of = |delta: &[i128]| -> MeanRounded {
        let values: Vec<Decimal> = (0..shares.len())
            .map(|i| {
                if w[i] == 0 {
                    return nearest[i];
                }
                (Decimal::from_i128_with_scale(floors[i] + delta[i], 0) * step).normalize()
            })
            .collect();
        let adjusted = values
            .iter()
            .zip(&nearest)
            .map(|(v, n)| (*v - *n).abs())
            .max()
            .unwrap_or_default();
        MeanRounded {
            values,
            exact: true,
            adjusted,
        }
    };
    // Largest remainder first: each figure its floor or one step up.
    if let Some(delta) = greedy(&order, &w, lacking) {
        return values_of(&delta);
    }
    // Then the cheapest rounding with each figure within `reach` steps of its floor (up to
    // reach + 1), never below zero when asked; the cost of a figure is how far it strays
    // from its plain rounding.
    let near: Vec<i128> = (0..shares.len())
        .map(|i| (nearest[i] / step).to_i128().unwrap_or(floors[i]) - floors[i])
        .collect();
    let mut budget = BUDGET;
    for reach in 0..REACH {
        let groups: Vec<Group> = order
            .iter()
            .map(|i| Group {
                unit: *i,
                weight: w[*i],
                lo: if no_negative {
                    (-reach).max(-floors[*i].max(0))
                } else {
                    -reach
                },
                hi: reach + 1,
                near: near[*i],
            })
            .collect();
        match cheapest(&groups, lacking, shares.len(), &mut budget) {
            Search::Found(delta) => return values_of(&delta),
            Search::None => continue,
            Search::TooBig => break,
        }
    }
    inexact(nearest)
}

/// A figure in the search: its weight, how many steps it may move from its floor (`lo` to
/// `hi`) and the move that is its plain rounding.
struct Group {
    unit: usize,
    weight: i128,
    lo: i128,
    hi: i128,
    near: i128,
}

/// What the search gives: each figure's move, no move reaching the sum, or too much work.
enum Search {
    Found(Vec<i128>),
    None,
    TooBig,
}

/// The moves (one per group, within its range) whose weighted sum is `need`, straying least
/// in all from plain rounding: a knapsack with one choice per group, over the sums shifted
/// so that every group's lowest move is zero. Its work is taken from `budget`.
fn cheapest(groups: &[Group], need: i128, units: usize, budget: &mut u128) -> Search {
    let base: i128 = groups.iter().map(|g| g.lo * g.weight).sum();
    let top: i128 = groups.iter().map(|g| g.hi * g.weight).sum();
    if need < base || need > top {
        return Search::None;
    }
    let span = need - base;
    let work: u128 = groups.iter().map(|g| (g.hi - g.lo + 1) as u128).sum::<u128>() * span as u128;
    let Ok(span) = usize::try_from(span) else {
        return Search::TooBig;
    };
    if work > *budget {
        return Search::TooBig;
    }
    *budget -= work;
    const INF: u64 = u64::MAX;
    let mut cost = vec![INF; span + 1];
    cost[0] = 0;
    let mut chose: Vec<Vec<u16>> = Vec::with_capacity(groups.len());
    for g in groups {
        let mut next = vec![INF; span + 1];
        let mut pick = vec![0u16; span + 1];
        let w = g.weight as usize;
        for (s, &here) in cost.iter().enumerate() {
            if here == INF {
                continue;
            }
            for e in 0..=(g.hi - g.lo) {
                let t = s + e as usize * w;
                if t > span {
                    break;
                }
                let c = here + (g.lo + e - g.near).unsigned_abs() as u64;
                if c < next[t] {
                    next[t] = c;
                    pick[t] = e as u16;
                }
            }
        }
        cost = next;
        chose.push(pick);
    }
    if cost[span] == INF {
        return Search::None;
    }
    let mut delta = vec![0i128; units];
    let mut s = span;
    for (g, pick) in groups.iter().zip(&chose).rev() {
        let e = pick[s] as usize;
        delta[g.unit] = g.lo + e as i128;
        s -= e * g.weight as usize;
    }
    Search::Found(delta)
}

/// The weights as whole numbers (scaled by a power of ten when some has decimals); a
/// negative weight counts as none.
fn whole_weights(weights: &[Decimal]) -> Option<Vec<i128>> {
    let scale = weights.iter().map(|w| w.normalize().scale()).max().unwrap_or(0);
    let factor = Decimal::from_i128_with_scale(10i128.checked_pow(scale)?, 0);
    weights
        .iter()
        .map(|w| w.max(&Decimal::ZERO).checked_mul(factor)?.trunc().to_i128())
        .collect()
}

/// Each figure its floor or one step up, in order of remainder while its weight fits, so
/// the raised weights add up to `need`: each figure's move, or nothing.
fn greedy(order: &[usize], w: &[i128], need: i128) -> Option<Vec<i128>> {
    let mut delta = vec![0i128; w.len()];
    let mut left = need;
    for i in order {
        if w[*i] <= left {
            delta[*i] = 1;
            left -= w[*i];
        }
    }
    (left == 0).then_some(delta)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn mean(values: &[Decimal], weights: &[Decimal]) -> Decimal {
        let sw: Decimal = weights.iter().sum();
        values.iter().zip(weights).map(|(v, w)| v * w).sum::<Decimal>() / sw
    }

    #[test]
    fn the_largest_remainder_that_fits_its_weight_makes_the_mean_exact() {
        // 3 and 7 cooperatives at 100 and 200 (mean 170), scaled to 180: 105,88… and 211,76….
        // The nearest tenths (105,9; 211,8) give 180,03. In tenths × cooperatives the sum
        // wanted is 1800 × 10 = 18 000; the floors give 1058·3 + 2117·7 = 17 993, 7 short.
        // The largest remainder (,82 on weight 3) leaves 4 that the other (weight 7) cannot
        // fill, so the search takes the weight 7 alone: 105,8 and 211,8 → 180 exactly.
        let f = d("180") * d("10") / d("1700");
        let shares = [d("100") * f, d("200") * f];
        let weights = [d("3"), d("7")];
        let r = round_to_mean(&shares, &weights, d("180"), d("0.1"), true);
        assert!(r.exact);
        assert_eq!(r.values, vec![d("105.8"), d("211.8")]);
        assert_eq!(mean(&r.values, &weights), d("180"));
    }

    #[test]
    fn figures_move_further_when_one_step_cannot_reach() {
        // Weights 3 and 5 at the same share 10,02 (mean 10,02, target 10,02 at a step of
        // 0,1 is not a tenth: the step must be the target's, 0,01, so it is exact at once).
        let r = round_to_mean(
            &[d("10.02"), d("10.02")],
            &[d("3"), d("5")],
            d("10.02"),
            d("0.01"),
            true,
        );
        assert!(r.exact);
        assert_eq!(r.values, vec![d("10.02"), d("10.02")]);
        // Shares 1,0125 and 0,9925 (weights 3 and 5: 3,0375 + 4,9625 = 8, mean 1), at 0,1:
        // the floors 1,0 and 0,9 give 7,5, five tenths short; the largest remainder (,925,
        // weight 5) makes them up: 1,0 and 1,0.
        let w = [d("3"), d("5")];
        let r = round_to_mean(&[d("1.0125"), d("0.9925")], &w, d("1"), d("0.1"), true);
        assert!(r.exact);
        assert_eq!(r.values, vec![d("1"), d("1")]);
        // Shares 1,2 and 0,88 (3,6 + 4,4 = 8): the floors 1,2 and 0,8 give 7,6, four tenths
        // short. No figure one step up or down makes 4 of weights 3 and 5 (3, 5, 8, −2 …);
        // within three steps 5·2 − 3·2 = 4 does (1,2 → 1,0 and 0,8 → 1,0), or 3·3 − 5 = 4.
        let shares = [d("1.2"), d("0.88")];
        let r = round_to_mean(&shares, &w, d("1"), d("0.1"), true);
        assert!(r.exact, "{r:?}");
        assert_eq!(mean(&r.values, &w), d("1"));
        for (v, s) in r.values.iter().zip(shares) {
            assert!((v - s).abs() <= d("0.3"), "{r:?}");
        }
    }

    #[test]
    fn similar_large_weights_need_a_figure_two_steps_up_and_another_one_down() {
        // 27 and 28 cooperatives at shares 99,95 and 100,2446… (mean 100,1: 27·99,95 +
        // 28·100,2446… = 5 505,5 = 100,1 × 55). In tenths the floors 999 and 1 002 give
        // 27·999 + 28·1 002 = 55 029, 26 short of 55 055: no step up of 27 or 28 makes 26, and
        // neither does one step up or down each; 2·27 − 28 = 26 does: 100,1 and 100,1. The
        // nearest tenths (100,0 and 100,2) would give 100,10…; each moved 0,1 beyond them.
        let s1 = (d("5505.5") - d("27") * d("99.95")) / d("28");
        let w = [d("27"), d("28")];
        let r = round_to_mean(&[d("99.95"), s1], &w, d("100.1"), d("0.1"), true);
        assert!(r.exact, "{r:?}");
        assert_eq!(r.values, vec![d("100.1"), d("100.1")]);
        assert_eq!(r.adjusted, d("0.1"));
        assert_eq!(mean(&r.values, &w), d("100.1"));
    }

    #[test]
    fn when_nothing_reaches_the_target_the_nearest_figures_are_given_and_said() {
        // One cooperative at a share of 0,04 and none can go below zero: the mean 0,04 is no
        // tenth, and the step given (0,1) cannot reach it.
        let r = round_to_mean(&[d("0.04")], &[d("1")], d("0.04"), d("0.1"), true);
        assert!(!r.exact);
        assert_eq!(r.values, vec![d("0")]);
        // A unit without a weight is rounded to the nearest step and does not count.
        let r = round_to_mean(&[d("5"), d("3.27")], &[d("2"), d("0")], d("5"), d("0.1"), true);
        assert!(r.exact);
        assert_eq!(r.values, vec![d("5"), d("3.3")]);
    }
}
