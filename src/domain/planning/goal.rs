//! A goal as typed in the app: `[CODE] [PERIOD[/PERIOD]] = FIGURE[%]`. The code and the
//! periods may be left out (the row's indicator; for a percentage, growth `KH/ƯTH`), and a
//! period may be bare: `KH` is this year's plan, `ƯTH` (or `UTH`) last year's estimate.

use crate::domain::period::{Period, PlanFrame};
use crate::domain::text::nfc;
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// A goal read from its text, the indicator still by its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalText {
    /// The indicator's code, when one was written.
    pub code: Option<String>,
    /// The period measured (`None`: the default), and the one it is divided by.
    pub num: Option<Period>,
    pub den: Option<Period>,
    pub target: Decimal,
    /// The figure was written as a percentage.
    pub percent: bool,
}

/// A period written in full (`KH2020`) or bare (`KH`, `ƯTH`) in the plan frame.
fn period(word: &str, frame: PlanFrame) -> Option<Period> {
    match nfc(word).to_uppercase().as_str() {
        "KH" => Some(frame.plan_this()),
        "ƯTH" | "UTH" => Some(frame.estimate_last()),
        w => Period::parse(w).ok(),
    }
}

/// `A/B` or `A` as periods.
fn periods(word: &str, frame: PlanFrame) -> Option<(Period, Option<Period>)> {
    match word.split_once('/') {
        Some((a, b)) => Some((period(a, frame)?, Some(period(b, frame)?))),
        None => Some((period(word, frame)?, None)),
    }
}

/// Reads a goal; `None` when it does not follow the grammar.
pub fn read(text: &str, frame: PlanFrame, lang: Lang) -> Option<GoalText> {
    let (left, right) = text.split_once('=')?;
    let words: Vec<&str> = left.split_whitespace().collect();
    let (code, ps) = match words.as_slice() {
        [] => (None, None),
        [w] => match periods(w, frame) {
            Some(p) => (None, Some(p)),
            None if !w.contains('/') => (Some(w.to_string()), None),
            None => return None,
        },
        [c, w] => (Some(c.to_string()), Some(periods(w, frame)?)),
        _ => return None,
    };
    let right = right.trim();
    let percent = right.ends_with('%');
    let number = right.strip_suffix('%').unwrap_or(right).trim();
    let target = crate::domain::number::parse(number, lang).ok().flatten()?;
    Some(GoalText {
        code,
        num: ps.map(|p| p.0),
        den: ps.and_then(|p| p.1),
        target,
        percent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> PlanFrame {
        PlanFrame::new(2020)
    }

    #[test]
    fn bare_periods_are_this_plan_and_last_estimate() {
        let g = read("KH/ƯTH = 110%", frame(), Lang::Vi).unwrap();
        assert_eq!(g.code, None);
        assert_eq!(g.num, Some(Period::parse("KH2020").unwrap()));
        assert_eq!(g.den, Some(Period::parse("UTH2019").unwrap()));
        assert_eq!(g.target, Decimal::from(110));
        assert!(g.percent);
    }

    #[test]
    fn a_code_and_full_periods_and_a_plain_figure() {
        let g = read("htx.total KH2020 = 1.234", frame(), Lang::Vi).unwrap();
        assert_eq!(g.code.as_deref(), Some("htx.total"));
        assert_eq!(g.num, Some(Period::parse("KH2020").unwrap()));
        assert_eq!(g.den, None);
        assert_eq!(g.target, Decimal::from(1234));
        assert!(!g.percent);
        let g = read("= 110%", frame(), Lang::Vi).unwrap();
        assert_eq!((g.code, g.num, g.den), (None, None, None));
        let g = read("htx.total = 5", frame(), Lang::Vi).unwrap();
        assert_eq!(g.code.as_deref(), Some("htx.total"));
    }

    #[test]
    fn what_is_not_a_goal() {
        for t in ["110%", "KH/XX = 1", "a b c = 1", "KH = ", "KH = abc"] {
            assert_eq!(read(t, frame(), Lang::Vi), None, "{t}");
        }
    }
}
