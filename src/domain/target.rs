//! What a clerk types into a cell: a figure, blank, a change of the figure shown (`+10`: ten
//! more, `-5`: five fewer), or for a plan cell a target shortcut: `110%` (110 % of the base
//! period's figure) or `+10%` / `-5%` (relative to the current target). A negative figure
//! itself is written as accountants do, in brackets: `(5)`. The result of a percentage is
//! rounded like the figure it is taken from.

use crate::domain::number::{self, NumberError};
use crate::domain::period::{Period, PeriodKind};
use crate::i18n::Lang;
use rust_decimal::{Decimal, RoundingStrategy};

/// Parsed cell input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A figure, or blank.
    Figure(Option<Decimal>),
    /// `110%`: a share of the base period's figure.
    OfBase(Decimal),
    /// `+10%`, `-5%`: a change of the current figure.
    Relative(Decimal),
    /// `+10`, `-5`: the current figure plus or minus this.
    Change(Decimal),
}

/// Reads cell input.
pub fn parse(input: &str, lang: Lang) -> Result<Entry, NumberError> {
    let s = input.trim();
    match s.strip_suffix('%') {
        Some(body) => {
            let body = body.trim_end();
            let (relative, digits) = match body.chars().next() {
                Some('+') => (true, &body[1..]),
                Some('-') | Some('−') => (true, body),
                _ => (false, body),
            };
            let p = number::parse(digits, lang)?.ok_or(NumberError {
                input: input.to_string(),
                kind: number::NumberErrorKind::NoDigits,
                lang,
            })?;
            Ok(if relative { Entry::Relative(p) } else { Entry::OfBase(p) })
        }
        None => {
            if let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
                // `(5)`: a negative figure, as accountants write it.
                let v = number::parse(inner.trim(), lang)?.ok_or(NumberError {
                    input: input.to_string(),
                    kind: number::NumberErrorKind::NoDigits,
                    lang,
                })?;
                return Ok(Entry::Figure(Some(-v)));
            }
            match s.chars().next() {
                Some('+') | Some('-') | Some('−') if s.chars().count() > 1 => {
                    let negative = !s.starts_with('+');
                    let body = s.trim_start_matches(['+', '-', '−']).trim_start();
                    let v = number::parse(body, lang)?.ok_or(NumberError {
                        input: input.to_string(),
                        kind: number::NumberErrorKind::NoDigits,
                        lang,
                    })?;
                    Ok(Entry::Change(if negative { -v } else { v }))
                }
                _ => Ok(Entry::Figure(number::parse(s, lang)?)),
            }
        }
    }
}

/// The period a plan's shortcut `110%` refers to: the year before's estimate (or actual).
pub fn base_periods(plan: Period) -> [Period; 2] {
    [
        Period::new(plan.year - 1, PeriodKind::Estimate),
        Period::new(plan.year - 1, PeriodKind::Actual),
    ]
}

/// Why a shortcut cannot be worked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetError {
    /// `110%` or `+10%` typed into a cell that is not a plan.
    NotAPlan,
    /// `110%` with no base figure to take it of.
    NoBase(Period),
    /// `+10%` or `+10` on a blank cell.
    NoCurrent,
    /// The result is too large.
    Overflow,
}

impl TargetError {
    /// The message for a clerk.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TargetError::NotAPlan => lang
                .pick(
                    "Cách nhập theo % (110%, +10%) chỉ dùng cho ô kế hoạch.",
                    "Percent entries (110%, +10%) are for plan cells only.",
                )
                .to_string(),
            TargetError::NoBase(p) => format!(
                "{} {} {}",
                lang.pick("Không có số", "There is no"),
                p.label(lang),
                lang.pick("để tính theo %.", "figure to take the percentage of.")
            ),
            TargetError::NoCurrent => lang
                .pick(
                    "Ô đang trống, không tăng/giảm được (+10, +10% là thêm vào số đang có). Gõ số cần ghi.",
                    "The cell is blank; there is nothing to add to (+10 and +10% change the figure shown). Type the figure itself.",
                )
                .to_string(),
            TargetError::Overflow => lang.pick("Kết quả quá lớn.", "The result is too large.").to_string(),
        }
    }
}

/// A worked-out shortcut: the figure and how it was reached, for the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub value: Option<Decimal>,
    /// `110% × 176 = 193,6 → 194` (None for a plain figure).
    pub explain: Option<String>,
}

/// Works out an entry for a cell of `period`, given the base figure (the year before's
/// estimate or actual) and the current figure.
pub fn resolve(
    entry: Entry,
    period: Period,
    base: Option<(Period, Decimal)>,
    current: Option<Decimal>,
    lang: Lang,
) -> Result<Resolved, TargetError> {
    let hundred = Decimal::ONE_HUNDRED;
    let (pct, reference, sign) = match entry {
        Entry::Figure(v) => {
            return Ok(Resolved {
                value: v,
                explain: None,
            });
        }
        Entry::Change(d) => {
            let cur = current.ok_or(TargetError::NoCurrent)?;
            let value = cur.checked_add(d).ok_or(TargetError::Overflow)?;
            let f = |d: &Decimal| number::format(d, lang);
            let op = if d.is_sign_negative() { "−" } else { "+" };
            return Ok(Resolved {
                value: Some(value),
                explain: Some(format!("{} {op} {} = {}", f(&cur), f(&d.abs()), f(&value))),
            });
        }
        _ if period.kind != PeriodKind::Plan => return Err(TargetError::NotAPlan),
        Entry::OfBase(p) => {
            let (_, b) = base.ok_or(TargetError::NoBase(base_periods(period)[0]))?;
            (p, b, None)
        }
        Entry::Relative(p) => (p, current.ok_or(TargetError::NoCurrent)?, Some(p.is_sign_negative())),
    };
    let factor = match sign {
        None => pct,
        Some(_) => hundred.checked_add(pct).ok_or(TargetError::Overflow)?,
    };
    let exact = reference
        .checked_mul(factor)
        .and_then(|x| x.checked_div(hundred))
        .ok_or(TargetError::Overflow)?
        .normalize();
    let mut rounded = exact.round_dp_with_strategy(reference.scale(), RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(reference.scale());
    let f = |d: &Decimal| number::format(d, lang);
    let p = f(&pct.abs());
    let head = match sign {
        None => format!("{p}% × {}", f(&reference)),
        Some(neg) => format!("{} {} {p}%", f(&reference), if neg { "−" } else { "+" }),
    };
    let explain = if exact == rounded.normalize() {
        format!("{head} = {}", f(&rounded))
    } else {
        format!("{head} = {} → {}", f(&exact), f(&rounded))
    };
    Ok(Resolved {
        value: Some(rounded),
        explain: Some(explain),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn parses_entries() {
        assert_eq!(parse("201", Lang::Vi), Ok(Entry::Figure(Some(d("201")))));
        assert_eq!(parse("-", Lang::Vi), Ok(Entry::Figure(None)));
        assert_eq!(parse("110%", Lang::Vi), Ok(Entry::OfBase(d("110"))));
        assert_eq!(parse("+10%", Lang::Vi), Ok(Entry::Relative(d("10"))));
        assert_eq!(parse("-5%", Lang::Vi), Ok(Entry::Relative(d("-5"))));
        assert_eq!(parse("+2,5%", Lang::Vi), Ok(Entry::Relative(d("2.5"))));
        assert_eq!(parse("+10", Lang::Vi), Ok(Entry::Change(d("10"))));
        assert_eq!(parse("-5", Lang::Vi), Ok(Entry::Change(d("-5"))));
        assert_eq!(parse("+ 1.200", Lang::Vi), Ok(Entry::Change(d("1200"))));
        assert_eq!(parse("(5)", Lang::Vi), Ok(Entry::Figure(Some(d("-5")))));
        assert_eq!(parse("(43,2)", Lang::Vi), Ok(Entry::Figure(Some(d("-43.2")))));
        assert!(parse("+", Lang::Vi).is_err());
        assert!(parse("%", Lang::Vi).is_err());
        assert!(parse("1,2,3%", Lang::Vi).is_err());
    }

    #[test]
    fn works_out_targets() {
        let plan = Period::new(2020, PeriodKind::Plan);
        let base = Some((Period::new(2019, PeriodKind::Estimate), d("176")));
        let r = resolve(Entry::OfBase(d("110")), plan, base, Some(d("201")), Lang::Vi).unwrap();
        assert_eq!(r.value, Some(d("194")));
        assert_eq!(r.explain.as_deref(), Some("110% × 176 = 193,6 → 194"));
        let r = resolve(Entry::Relative(d("10")), plan, base, Some(d("201")), Lang::Vi).unwrap();
        assert_eq!(r.value, Some(d("221")));
        assert_eq!(r.explain.as_deref(), Some("201 + 10% = 221,1 → 221"));
        let r = resolve(Entry::Relative(d("-5")), plan, base, Some(d("200")), Lang::Vi).unwrap();
        assert_eq!(r.value, Some(d("190")));
        assert_eq!(r.explain.as_deref(), Some("200 − 5% = 190"));
        let income = resolve(
            Entry::OfBase(d("105")),
            plan,
            Some((Period::new(2019, PeriodKind::Estimate), d("43.2"))),
            None,
            Lang::Vi,
        )
        .unwrap();
        assert_eq!(income.value, Some(d("45.4")));
        // `+10` is ten more than the figure shown, in any period.
        let est = Period::new(2019, PeriodKind::Estimate);
        let r = resolve(Entry::Change(d("10")), est, None, Some(d("176")), Lang::Vi).unwrap();
        assert_eq!(r.value, Some(d("186")));
        assert_eq!(r.explain.as_deref(), Some("176 + 10 = 186"));
        let r = resolve(Entry::Change(d("-0.5")), plan, None, Some(d("43.2")), Lang::Vi).unwrap();
        assert_eq!(r.explain.as_deref(), Some("43,2 − 0,5 = 42,7"));
        assert_eq!(
            resolve(Entry::Change(d("10")), plan, None, None, Lang::Vi),
            Err(TargetError::NoCurrent)
        );
        let r = resolve(Entry::Figure(None), plan, None, Some(d("1")), Lang::Vi).unwrap();
        assert_eq!(
            r,
            Resolved {
                value: None,
                explain: None
            }
        );
    }

    #[test]
    fn refuses_what_cannot_be_worked_out() {
        let plan = Period::new(2020, PeriodKind::Plan);
        let est = Period::new(2019, PeriodKind::Estimate);
        assert_eq!(
            resolve(Entry::OfBase(d("110")), est, None, None, Lang::Vi),
            Err(TargetError::NotAPlan)
        );
        assert_eq!(
            resolve(Entry::OfBase(d("110")), plan, None, None, Lang::Vi),
            Err(TargetError::NoBase(est))
        );
        assert_eq!(
            resolve(Entry::Relative(d("10")), plan, None, None, Lang::Vi),
            Err(TargetError::NoCurrent)
        );
        assert!(TargetError::NoBase(est).message(Lang::Vi).contains("ƯTH 2019"));
    }
}
