//! The arithmetic of stated figures: how closely a printed figure is known, whether a stated
//! percentage agrees with its parts at the precision it is given, and a part that reads as
//! two figures run together ("2541" for 25 of 41).

use crate::domain::catalog::ValueKind;
use rust_decimal::Decimal;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// A printed figure and how far the true one may be from it: a count is exact; an amount or
/// an average is known to half a unit of its last printed digit (386 is 385,5 to 386,5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known {
    pub value: Decimal,
    pub slack: Decimal,
}

impl Known {
    /// A figure of a kind, as printed.
    pub fn new(value: Decimal, kind: ValueKind) -> Known {
        let slack = match kind {
            ValueKind::Count => Decimal::ZERO,
            _ => Decimal::try_new(5, value.scale() + 1).unwrap_or(Decimal::ZERO),
        };
        Known { value, slack }
    }

    /// An exact figure.
    pub fn exact(value: Decimal) -> Known {
        Known {
            value,
            slack: Decimal::ZERO,
        }
    }

    fn lo(&self) -> Option<Decimal> {
        self.value.checked_sub(self.slack)
    }

    fn hi(&self) -> Option<Decimal> {
        self.value.checked_add(self.slack)
    }

    /// Whether it is surely larger than `other`, whatever the two truly are.
    pub fn exceeds(&self, other: &Known) -> bool {
        matches!((self.lo(), other.hi()), (Some(a), Some(b)) if a > b)
    }
}

/// `part ÷ whole × 100` over what the two may truly be: the least and the most; none when
/// the whole may be zero or less.
pub fn percent_range(part: Known, whole: Known) -> Option<(Decimal, Decimal)> {
    let (wl, wh) = (whole.lo()?, whole.hi()?);
    if wl <= Decimal::ZERO {
        return None;
    }
    let (pl, ph) = (part.lo()?, part.hi()?);
    let corners = [(pl, wl), (pl, wh), (ph, wl), (ph, wh)]
        .into_iter()
        .map(|(p, w)| p.checked_mul(HUNDRED)?.checked_div(w))
        .collect::<Option<Vec<Decimal>>>()?;
    let lo = corners.iter().copied().min()?;
    let hi = corners.iter().copied().max()?;
    Some((lo, hi))
}

/// Whether a stated percentage agrees with the true one at the precision it is given: the
/// true one rounded to the stated decimals, or cut off there, gives the stated one
/// (93,6 for 93,66…; 74 is not 73,3…). `range` is what the true one may be.
pub fn percent_agrees(stated: Decimal, range: (Decimal, Decimal)) -> bool {
    let Ok(unit) = Decimal::try_new(1, stated.scale()) else {
        return false;
    };
    let half = unit / Decimal::TWO;
    // Rounding gives `stated` from stated − half up to stated + half; cutting off, from
    // stated up to stated + unit (towards zero: below it for a negative one).
    let (from, to) = if stated.is_sign_negative() {
        (stated.checked_sub(unit), stated.checked_add(half))
    } else {
        (stated.checked_sub(half), stated.checked_add(unit))
    };
    let (Some(from), Some(to)) = (from, to) else {
        return false;
    };
    let (lo, hi) = range;
    lo < to && hi >= from
}

/// Whether the parts add up to the whole, within what the printed figures may hide.
pub fn sum_agrees(parts: &[Known], whole: Known) -> Option<(Decimal, bool)> {
    let mut sum = Decimal::ZERO;
    let mut slack = whole.slack;
    for p in parts {
        sum = sum.checked_add(p.value)?;
        slack = slack.checked_add(p.slack)?;
    }
    let gap = sum.checked_sub(whole.value)?.abs();
    Some((sum, gap <= slack))
}

/// A stated part larger than its whole that reads as two figures run together: "2541" of
/// a whole of 41 read as 25 and 41, when 25 is not larger than 41 and, if a percentage is
/// stated, 25 ÷ 41 gives it. `written` is the part as printed.
pub fn run_together(written: &str, whole: Decimal, percent: Option<Decimal>) -> Option<Decimal> {
    let digits: String = written.chars().filter(|c| *c != '.' && !c.is_whitespace()).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || !whole.fract().is_zero() {
        return None;
    }
    let tail = whole.normalize().to_string();
    let head = digits.strip_suffix(tail.as_str()).filter(|h| !h.is_empty())?;
    let first = Decimal::from_str_exact(head).ok()?;
    if first > whole {
        return None;
    }
    let gives = match percent {
        Some(p) => percent_range(Known::exact(first), Known::exact(whole)).is_some_and(|r| percent_agrees(p, r)),
        None => true,
    };
    gives.then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn exact(a: &str, b: &str) -> (Decimal, Decimal) {
        percent_range(Known::exact(d(a)), Known::exact(d(b))).unwrap()
    }

    #[test]
    fn a_percentage_is_read_at_its_own_precision() {
        // 133 ÷ 142 = 93,66…: 93,6 (cut off) and 93,7 (rounded) both agree; 93,5 does not.
        assert!(percent_agrees(d("93.6"), exact("133", "142")));
        assert!(percent_agrees(d("93.7"), exact("133", "142")));
        assert!(!percent_agrees(d("93.5"), exact("133", "142")));
        assert!(!percent_agrees(d("93.8"), exact("133", "142")));
        // 22 ÷ 30 = 73,3…: 73 agrees, 74 does not.
        assert!(percent_agrees(d("73"), exact("22", "30")));
        assert!(!percent_agrees(d("74"), exact("22", "30")));
        // 107 ÷ 80 = 133,75 said as 134; 44 ÷ 8 = 550.
        assert!(percent_agrees(d("134"), exact("107", "80")));
        assert!(percent_agrees(d("550"), exact("44", "8")));
        assert!(!percent_agrees(d("96.2"), exact("625", "850")));
    }

    #[test]
    fn averages_are_known_to_half_their_last_digit() {
        // 204 ÷ 386 = 52,849…, but 204 and 386 are rounded averages: 52,9 is within reach.
        let avg = |s: &str| Known::new(d(s), ValueKind::Average);
        assert!(percent_agrees(
            d("52.9"),
            percent_range(avg("204"), avg("386")).unwrap()
        ));
        assert!(!percent_agrees(d("52.9"), exact("204", "386")));
        assert!(!percent_agrees(d("55"), percent_range(avg("204"), avg("386")).unwrap()));
        assert_eq!(avg("447.2").slack, d("0.05"));
        assert_eq!(Known::new(d("1098"), ValueKind::Count).slack, Decimal::ZERO);
    }

    #[test]
    fn sums_and_parts() {
        let n = |s: &str| Known::exact(d(s));
        assert_eq!(sum_agrees(&[n("45"), n("99")], n("156")), Some((d("144"), false)));
        assert_eq!(sum_agrees(&[n("126"), n("41")], n("167")), Some((d("167"), true)));
        let amount = |s: &str| Known::new(d(s), ValueKind::Amount);
        assert_eq!(
            sum_agrees(&[amount("27"), amount("37.2")], amount("64.2")),
            Some((d("64.2"), true))
        );
        assert!(n("1142").exceeds(&n("1098")));
        assert!(!n("1098").exceeds(&n("1098")));
        assert_eq!(percent_range(n("5"), n("0")), None);
    }

    #[test]
    fn figures_run_together() {
        assert_eq!(run_together("2541", d("41"), Some(d("61"))), Some(d("25")));
        assert_eq!(run_together("2541", d("41"), None), Some(d("25")));
        // The first figure would not give the stated percentage, or is larger than the whole.
        assert_eq!(run_together("2541", d("41"), Some(d("70"))), None);
        assert_eq!(run_together("9941", d("41"), None), None);
        assert_eq!(run_together("1.142", d("1098"), None), None);
        assert_eq!(run_together("41", d("41"), None), None);
    }
}
