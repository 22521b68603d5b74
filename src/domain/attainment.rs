//! Plan attainment: the percentages of the appendices and whether each is good news, taking
//! the indicator's direction into account.

use crate::domain::catalog::Direction;
use rust_decimal::{Decimal, RoundingStrategy};

/// How a percentage is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The target is reached (or, for a "fewer is better" row, not exceeded).
    Met,
    /// Within the close band of the target.
    Close,
    /// Further off than the close band.
    Behind,
}

/// The thresholds of the statuses, in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// Percentage points around 100 that count as close: 10 means 90–100 % (or 100–110 % for
    /// a lower-is-better row) is close.
    pub close_band: Decimal,
}

impl Thresholds {
    /// kttt's thresholds: within 10 points of the target is close.
    pub const STANDARD: Thresholds = Thresholds {
        close_band: Decimal::from_parts(10, 0, 0, false, 0),
    };
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// `part ÷ whole × 100`, rounded to one decimal, half away from zero. A blank figure or a
/// zero denominator gives no figure (never an error, infinity or NaN).
pub fn percent(part: Option<Decimal>, whole: Option<Decimal>) -> Option<Decimal> {
    let (p, w) = (part?, whole?);
    if w.is_zero() {
        return None;
    }
    let ratio = p.checked_mul(HUNDRED)?.checked_div(w)?;
    let mut r = ratio.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(1);
    Some(r)
}

/// % of plan: the estimate (or actual) for a year ÷ that year's plan.
pub fn attainment(achieved: Option<Decimal>, plan: Option<Decimal>) -> Option<Decimal> {
    percent(achieved, plan)
}

/// Growth: next year's plan ÷ this year's estimate.
pub fn growth(next_plan: Option<Decimal>, estimate: Option<Decimal>) -> Option<Decimal> {
    percent(next_plan, estimate)
}

/// Judges a percentage for an indicator of the given direction. Neutral rows get no status.
pub fn status(pct: Option<Decimal>, direction: Direction, t: Thresholds) -> Option<Status> {
    let p = pct?;
    match direction {
        Direction::Neutral => None,
        Direction::Higher => Some(if p >= HUNDRED {
            Status::Met
        } else if p >= HUNDRED - t.close_band {
            Status::Close
        } else {
            Status::Behind
        }),
        Direction::Lower => Some(if p <= HUNDRED {
            Status::Met
        } else if p <= HUNDRED + t.close_band {
            Status::Close
        } else {
            Status::Behind
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str_exact(s).unwrap())
    }

    #[test]
    fn figures_from_the_seed() {
        assert_eq!(attainment(d("176"), d("172")), d("102.3"));
        assert_eq!(attainment(d("1599"), d("1520")), d("105.2"));
        assert_eq!(attainment(d("704"), d("530")), d("132.8"));
        assert_eq!(attainment(d("43.2"), d("42")), d("102.9"));
        assert_eq!(attainment(d("167"), d("172")), d("97.1"));
        assert_eq!(growth(d("201"), d("176")), d("114.2"));
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(percent(d("1"), d("8")), d("12.5"));
        assert_eq!(percent(d("0.00125"), d("0.01")), d("12.5"));
        assert_eq!(percent(d("1.0005"), d("1")), d("100.1"));
        assert_eq!(percent(d("2.0005"), d("2")), d("100.0"));
        assert_eq!(percent(d("-1.0005"), d("1")), d("-100.1"));
        assert_eq!(percent(d("100"), d("100")).unwrap().to_string(), "100.0");
    }

    #[test]
    fn blank_or_zero_gives_no_figure() {
        assert_eq!(percent(None, d("5")), None);
        assert_eq!(percent(d("5"), None), None);
        assert_eq!(percent(d("5"), d("0")), None);
        assert_eq!(percent(d("0"), d("5")), d("0.0"));
        let big = Some(Decimal::MAX);
        assert_eq!(percent(big, d("0.0001")), None, "overflow is no figure, not a panic");
    }

    #[test]
    fn status_follows_direction() {
        let t = Thresholds::STANDARD;
        assert_eq!(status(d("102.3"), Direction::Higher, t), Some(Status::Met));
        assert_eq!(status(d("93.4"), Direction::Higher, t), Some(Status::Close));
        assert_eq!(status(d("90.0"), Direction::Higher, t), Some(Status::Close));
        assert_eq!(status(d("73.5"), Direction::Higher, t), Some(Status::Behind));
        // 15 dissolved against 10 planned is bad news.
        assert_eq!(status(d("150.0"), Direction::Lower, t), Some(Status::Behind));
        assert_eq!(status(d("105.0"), Direction::Lower, t), Some(Status::Close));
        assert_eq!(status(d("80.0"), Direction::Lower, t), Some(Status::Met));
        assert_eq!(status(d("80.0"), Direction::Neutral, t), None);
        assert_eq!(status(None, Direction::Higher, t), None);
    }
}
