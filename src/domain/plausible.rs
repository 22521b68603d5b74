//! Figures that are valid but suspicious, found before they are saved: a number typed with a
//! separator that reads better the other way (`1,859` people, `45.600` million đồng against
//! last year's 43,2), and a change of ten times or more against the same cell last period or
//! the neighbouring period.

use crate::domain::catalog::Indicator;
use crate::domain::number;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::validity::{Invalid, check_value};
use crate::i18n::Lang;
use rust_decimal::{Decimal, RoundingStrategy};

/// A figure a new one is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub period: Period,
    pub value: Decimal,
}

/// A change of ten times or more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    /// The nearest figure it was compared with.
    pub reference: Reference,
    /// New ÷ reference, rounded to one decimal.
    pub factor: Decimal,
}

/// What is known about a figure before it is saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// The figure as typed (blank is `None`).
    pub value: Option<Decimal>,
    /// Why the figure cannot be saved as typed at all.
    pub invalid: Option<Invalid>,
    /// A better reading of what was typed, when there is one.
    pub suggestion: Option<Decimal>,
    /// The figure as typed is ten times (or a tenth of) its neighbours.
    pub jump: Option<Jump>,
}

impl Assessment {
    /// Nothing to ask or refuse.
    pub fn is_clear(&self) -> bool {
        self.invalid.is_none() && self.suggestion.is_none() && self.jump.is_none()
    }

    /// Whether the figure may be saved as typed after the user confirms it.
    pub fn may_keep(&self) -> bool {
        self.invalid.is_none()
    }
}

/// The periods a figure of `period` is compared with: its neighbours in the plan, the same
/// kind a year before, then the next period of the plan (what an actual at the start of a
/// plan frame has as its only neighbours).
pub fn references(period: Period) -> [Period; 4] {
    let y = period.year;
    let p = |year, kind| Period::new(year, kind);
    match period.kind {
        PeriodKind::Plan => [
            p(y - 1, PeriodKind::Estimate),
            p(y - 1, PeriodKind::Actual),
            p(y - 1, PeriodKind::Plan),
            p(y, PeriodKind::Estimate),
        ],
        PeriodKind::Estimate => [
            p(y, PeriodKind::Plan),
            p(y - 1, PeriodKind::Actual),
            p(y - 1, PeriodKind::Estimate),
            p(y + 1, PeriodKind::Plan),
        ],
        PeriodKind::Actual => [
            p(y, PeriodKind::Estimate),
            p(y, PeriodKind::Plan),
            p(y - 1, PeriodKind::Actual),
            p(y + 1, PeriodKind::Plan),
        ],
    }
}

/// The other reading of a number written with one separator before exactly three digits:
/// `1,859` is 1,859 (a decimal) in Vietnamese but 1.859 (one thousand …) in English;
/// `45.600` the other way round. `None` when the text can only be read one way.
pub fn other_reading(input: &str, lang: Lang) -> Option<Decimal> {
    let s = input.trim();
    let (negative, body) = match s.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let sep_at = body.find([',', '.'])?;
    let (int, rest) = body.split_at(sep_at);
    let sep = rest.chars().next()?;
    let frac = &rest[1..];
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if !(1..=3).contains(&int.len()) || frac.len() != 3 || !digits(int) || !digits(frac) {
        return None;
    }
    let decimal_sep = lang.pick(",", ".").chars().next()?;
    let other = if sep == decimal_sep {
        // Typed as a decimal; the other reading groups thousands.
        Decimal::from_str_exact(&format!("{int}{frac}")).ok()?
    } else {
        Decimal::from_str_exact(&format!("{int}.{frac}")).ok()?
    };
    Some(if negative { -other } else { other })
}

/// A change of ten times or more against every reference that has a figure (zero and
/// figures of the other sign say nothing).
pub fn jump(value: Decimal, refs: &[Reference]) -> Option<Jump> {
    if value.is_zero() {
        return None;
    }
    let ten = Decimal::TEN;
    let usable: Vec<&Reference> = refs
        .iter()
        .filter(|r| !r.value.is_zero() && r.value.is_sign_negative() == value.is_sign_negative())
        .collect();
    let first = usable.first()?;
    let factor = |r: &Reference| value.abs().checked_div(r.value.abs());
    let far = usable
        .iter()
        .all(|r| factor(r).is_some_and(|f| f >= ten || f * ten <= Decimal::ONE));
    if !far {
        return None;
    }
    Some(Jump {
        reference: **first,
        factor: factor(first)?.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero),
    })
}

/// Looks at a figure about to be saved: `plain` when it was typed as a number (not worked
/// out from a % shortcut), so its text can be read the other way.
pub fn assess(
    ind: &Indicator,
    input: &str,
    value: Option<Decimal>,
    plain: bool,
    lang: Lang,
    refs: &[Reference],
) -> Assessment {
    let Some(v) = value else {
        return Assessment {
            value,
            invalid: None,
            suggestion: None,
            jump: None,
        };
    };
    let invalid = check_value(ind, &v).err();
    let jumped = if invalid.is_none() { jump(v, refs) } else { None };
    let suggestion = if plain && (invalid.is_some() || jumped.is_some()) {
        other_reading(input, lang).filter(|a| check_value(ind, a).is_ok() && jump(*a, refs).is_none())
    } else {
        None
    };
    Assessment {
        value,
        invalid,
        suggestion,
        jump: jumped,
    }
}

impl Assessment {
    /// What to ask (or why to refuse) in words, naming the indicator: `1,859 người? Có phải
    /// 1.859?`; `None` when the figure is clear.
    pub fn concern(&self, what: &str, unit: &str, lang: Lang) -> Option<String> {
        let f = |d: &Decimal| number::format(d, lang);
        let typed = self.value.as_ref().map(f).unwrap_or_default();
        let mut parts = Vec::new();
        if let Some(inv) = &self.invalid {
            parts.push(inv.message(what, lang));
        }
        if let Some(j) = &self.jump {
            let smaller = self
                .value
                .and_then(|v| (!v.is_zero()).then(|| j.reference.value.abs().checked_div(v.abs())))
                .flatten()
                .filter(|_| j.factor < Decimal::ONE);
            parts.push(match smaller {
                // Ten times smaller or more: `2 chỉ bằng 1/250 của ƯTH 2019 (500)`.
                Some(inv) => format!(
                    "{typed} {} 1/{} {} {} ({}).",
                    lang.pick("chỉ bằng", "is only"),
                    f(&inv.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)),
                    lang.pick("của", "of"),
                    j.reference.period.label(lang),
                    f(&j.reference.value)
                ),
                None => format!(
                    "{typed} {} {} {} {} ({}).",
                    lang.pick("gấp", "is"),
                    f(&j.factor),
                    lang.pick("lần", "times"),
                    j.reference.period.label(lang),
                    f(&j.reference.value)
                ),
            });
        }
        if let Some(s) = &self.suggestion {
            let unit = if unit.is_empty() {
                String::new()
            } else {
                format!(" {}", in_sentence(unit))
            };
            parts.push(format!("{} {}{unit}?", lang.pick("Có phải", "Did you mean"), f(s)));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// A unit name inside a sentence: `Người` → `người`; an abbreviation (`HTX`) stays.
fn in_sentence(unit: &str) -> String {
    if unit.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) {
        return unit.to_string();
    }
    let mut chars = unit.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn r(p: &str, v: &str) -> Reference {
        Reference {
            period: Period::parse(p).unwrap(),
            value: d(v),
        }
    }

    #[test]
    fn separators_can_be_read_the_other_way() {
        assert_eq!(other_reading("1,859", Lang::Vi), Some(d("1859")));
        assert_eq!(other_reading("45.600", Lang::Vi), Some(d("45.6")));
        assert_eq!(other_reading("1,859", Lang::En), Some(d("1.859")));
        assert_eq!(other_reading("-1,500", Lang::Vi), Some(d("-1500")));
        assert_eq!(other_reading("2,5", Lang::Vi), None);
        assert_eq!(other_reading("1.234.567", Lang::Vi), None);
        assert_eq!(other_reading("1859", Lang::Vi), None);
        assert_eq!(other_reading("1234,567", Lang::Vi), None);
    }

    #[test]
    fn the_issues_figures_are_caught() {
        let c = Catalog::builtin();
        let members = c.get(c.find("htx.members").unwrap());
        let income = c.get(c.find("htx.income").unwrap());
        let total = c.get(c.find("htx.total").unwrap());
        // `1,859` members: not a whole number of people; 1.859 is what was meant.
        let refs = [r("UTH2019", "1599"), r("KH2019", "1520")];
        let a = assess(members, "1,859", Some(d("1.859")), true, Lang::Vi, &refs);
        assert!(a.invalid.is_some());
        assert_eq!(a.suggestion, Some(d("1859")));
        assert!(!a.may_keep());
        let q = a.concern("Tổng số thành viên", "Người", Lang::Vi).unwrap();
        assert!(q.contains("Có phải 1.859 người?"), "{q}");
        // `45.600` million đồng against 43,2: a thousand times; 45,6 reads right.
        let refs = [r("UTH2019", "43.2"), r("KH2019", "42")];
        let a = assess(income, "45.600", Some(d("45600")), true, Lang::Vi, &refs);
        assert!(a.invalid.is_none() && a.may_keep());
        assert_eq!(a.jump.map(|j| j.factor), Some(d("1055.6")));
        assert_eq!(a.suggestion, Some(d("45.6")));
        // Ten times smaller is said as a fraction, never as "0,0 times".
        let small = assess(total, "2", Some(d("2")), true, Lang::Vi, &[r("UTH2019", "500")]);
        let said = small.concern("Tổng số HTX", "HTX", Lang::Vi).unwrap();
        assert!(said.contains("2 chỉ bằng 1/250 của ƯTH 2019 (500)"), "{said}");
        assert!(!said.contains("0,0"), "{said}");
        // Clear figures stay clear; blank is clear.
        let refs = [r("UTH2019", "176")];
        assert!(assess(total, "201", Some(d("201")), true, Lang::Vi, &refs).is_clear());
        assert!(assess(total, "", None, true, Lang::Vi, &refs).is_clear());
        // A jump without a better reading is still asked about.
        let a = assess(total, "2010", Some(d("2010")), true, Lang::Vi, &refs);
        assert!(a.jump.is_some() && a.suggestion.is_none());
        // Hard refusals.
        assert!(
            assess(total, "-5", Some(d("-5")), true, Lang::Vi, &refs)
                .invalid
                .is_some()
        );
        assert!(
            assess(total, "2,5", Some(d("2.5")), true, Lang::Vi, &refs)
                .invalid
                .is_some()
        );
        assert!(
            assess(members, "0,0001", Some(d("0.0001")), true, Lang::Vi, &refs)
                .invalid
                .is_some()
        );
    }

    #[test]
    fn jumps_need_every_neighbour_to_agree() {
        // Ten times one neighbour but close to another: the first may be the wrong one.
        assert_eq!(jump(d("500"), &[r("UTH2019", "45"), r("KH2019", "480")]), None);
        assert!(jump(d("500"), &[r("UTH2019", "45")]).is_some());
        assert!(
            jump(d("4"), &[r("UTH2019", "45")]).is_some(),
            "a tenth is as suspicious"
        );
        assert_eq!(jump(d("500"), &[r("UTH2019", "0")]), None, "zero says nothing");
        assert_eq!(jump(d("0"), &[r("UTH2019", "45")]), None);
        assert_eq!(jump(d("500"), &[]), None);
    }

    #[test]
    fn references_are_the_neighbours_then_last_year() {
        let tags = |p: &str| references(Period::parse(p).unwrap()).map(|x| x.tag());
        assert_eq!(tags("KH2020"), ["UTH2019", "TH2019", "KH2019", "UTH2020"]);
        assert_eq!(tags("UTH2019"), ["KH2019", "TH2018", "UTH2018", "KH2020"]);
        assert_eq!(tags("TH2018"), ["UTH2018", "KH2018", "TH2017", "KH2019"]);
    }
}
