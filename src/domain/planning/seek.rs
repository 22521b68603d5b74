//! Goal seek: the figure of one cell that makes something derived from it reach a goal — a
//! growth or attainment percentage, a roll-up total, the weighted average of the units below.
//! Exact where the relation is linear (checked at three points), else by bisection; a count
//! is whole, so the nearest whole figure is taken and what it reaches is said.

use crate::domain::values::{CellKey, Values};
use rust_decimal::Decimal;

/// What the goal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// A cell's figure (a unit's own, or rolled up from the units below it).
    Value(CellKey),
    /// `num ÷ den × 100`, unrounded: growth (KH2020/UTH2019) or attainment (UTH2019/KH2019).
    Ratio { num: CellKey, den: CellKey },
}

impl Measure {
    /// The measure's figure.
    pub fn of(&self, v: &impl Values) -> Option<Decimal> {
        match *self {
            Measure::Value(k) => v.value(&k),
            Measure::Ratio { num, den } => {
                let d = v.value(&den)?;
                if d.is_zero() {
                    return None;
                }
                v.value(&num)?.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(d)
            }
        }
    }
}

/// How the figure was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Linear,
    Bisection,
}

/// A found figure and what it reaches (a count rounded to whole may miss the goal a little).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sought {
    pub value: Decimal,
    pub reached: Decimal,
    pub method: Method,
}

/// Why no figure was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeekError {
    /// The measure does not move with the cell (or has no figure).
    NoEffect,
    /// No figure in reach (not negative for a count) gives the goal.
    Unreachable,
}

/// The figure of the cell that makes `f` reach `goal`, starting from `start`, a multiple of
/// `step` (1 for counts; `None`: as exact as decimals go), never below `floor` when given.
pub fn seek(
    f: &dyn Fn(Decimal) -> Option<Decimal>,
    goal: Decimal,
    start: Decimal,
    step: Option<Decimal>,
    floor: Option<Decimal>,
) -> Result<Sought, SeekError> {
    let a = start;
    let b = a + a.abs().max(Decimal::ONE);
    let (fa, fb) = (f(a).ok_or(SeekError::NoEffect)?, f(b).ok_or(SeekError::NoEffect)?);
    if fa == fb {
        return Err(SeekError::NoEffect);
    }
    let two = Decimal::TWO;
    let mid = (a + b) / two;
    let linear = f(mid).is_some_and(|fm| close(fm, (fa + fb) / two))
        && f(a + (b - a) * Decimal::from(7)).is_some_and(|f7| close(f7, fa + (fb - fa) * Decimal::from(7)));
    let (x, method) = if linear {
        let x = (goal - fa)
            .checked_mul(b - a)
            .and_then(|n| n.checked_div(fb - fa))
            .ok_or(SeekError::Unreachable)?;
        (a + x, Method::Linear)
    } else {
        (bisect(f, goal, a, fa).ok_or(SeekError::Unreachable)?, Method::Bisection)
    };
    // The nearest figure of the step that reaches closest to the goal.
    let candidates: Vec<Decimal> = match step {
        Some(s) => {
            let down = (x / s).floor() * s;
            vec![down, down + s]
        }
        // As few decimals as reach the goal as closely as the exact figure does.
        None => (0..=12).map(|dp| x.round_dp(dp)).chain([x]).collect(),
    };
    let best = candidates
        .into_iter()
        .filter(|c| floor.is_none_or(|fl| *c >= fl))
        .filter_map(|c| Some((c, f(c)?)))
        .min_by_key(|(_, r)| (*r - goal).abs())
        .ok_or(SeekError::Unreachable)?;
    Ok(Sought {
        value: best.0.normalize(),
        reached: best.1,
        method,
    })
}

/// Equal to 20 significant digits (decimal division is exact to 28).
fn close(x: Decimal, y: Decimal) -> bool {
    let tol = x.abs().max(y.abs()).max(Decimal::ONE) * Decimal::new(1, 20);
    (x - y).abs() <= tol
}

/// A bracket around the goal grown outward from `a`, then halved until it is narrow.
fn bisect(f: &dyn Fn(Decimal) -> Option<Decimal>, goal: Decimal, a: Decimal, fa: Decimal) -> Option<Decimal> {
    let side = |x: Decimal| f(x).map(|y| (y - goal).is_sign_positive());
    let sa = (fa - goal).is_sign_positive();
    let mut width = a.abs().max(Decimal::ONE);
    let mut other = None;
    for _ in 0..60 {
        for cand in [a + width, a - width] {
            if side(cand).is_some_and(|s| s != sa) {
                other = Some(cand);
                break;
            }
        }
        if other.is_some() {
            break;
        }
        width = width.checked_mul(Decimal::TWO)?;
    }
    let (mut lo, mut hi) = (a, other?);
    for _ in 0..90 {
        let m = (lo + hi) / Decimal::TWO;
        if close(lo, hi) {
            break;
        }
        if side(m)? == sa {
            lo = m;
        } else {
            hi = m;
        }
    }
    Some((lo + hi) / Decimal::TWO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn growth_of_110_percent_over_176_is_194_cooperatives() {
        // KH2020 / UTH2019 × 100 = 110 → 193.6; a count is whole: 194 reaches 110.2…%.
        let f = |x: Decimal| Some(x * Decimal::ONE_HUNDRED / d("176"));
        let s = seek(&f, d("110"), d("201"), Some(Decimal::ONE), Some(Decimal::ZERO)).unwrap();
        assert_eq!((s.value, s.method), (d("194"), Method::Linear));
        assert_eq!(s.reached.round_dp(1), d("110.2"));
        // An amount is as exact as it goes: 193.6.
        let s = seek(&f, d("110"), d("201"), None, None).unwrap();
        assert_eq!(s.value, d("193.6"));
    }

    #[test]
    fn a_weighted_average_over_districts_is_linear_in_a_districts_figure() {
        // Revenue per cooperative of three districts (20, 30, 50 cooperatives): 400, 500, x.
        // (400·20 + 500·30 + x·50) / 100 = 600 → x = (60000 − 23000) / 50 = 740.
        let f = |x: Decimal| Some((d("400") * d("20") + d("500") * d("30") + x * d("50")) / d("100"));
        let s = seek(&f, d("600"), d("550"), None, None).unwrap();
        assert_eq!((s.value, s.reached, s.method), (d("740"), d("600"), Method::Linear));
    }

    #[test]
    fn a_weight_moves_the_average_not_linearly_so_it_is_bisected() {
        // The third district's cooperatives n: (23000 + 900·n) / (50 + n) = 700
        // → 23000 + 900n = 35000 + 700n → n = 60.
        let f = |n: Decimal| Some((d("23000") + d("900") * n) / (d("50") + n));
        let s = seek(&f, d("700"), d("50"), Some(Decimal::ONE), Some(Decimal::ZERO)).unwrap();
        assert_eq!((s.value, s.reached, s.method), (d("60"), d("700"), Method::Bisection));
    }

    #[test]
    fn no_effect_and_out_of_reach_are_said() {
        let flat = |_: Decimal| Some(d("5"));
        assert_eq!(seek(&flat, d("6"), d("1"), None, None), Err(SeekError::NoEffect));
        // An average of 400 and x weighted 1:1 can't be 100 with x ≥ 0.
        let f = |x: Decimal| Some((d("400") + x) / d("2"));
        assert_eq!(
            seek(&f, d("100"), d("10"), Some(Decimal::ONE), Some(Decimal::ZERO)),
            Err(SeekError::Unreachable)
        );
    }
}
