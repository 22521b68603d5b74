//! Whether a figure may be written at all: it fits its indicator's kind (a count is whole and
//! not negative, a share is 0–100), it is within the limits every figure has, its period lies
//! in a plan the database holds, and its org unit existed at the end of that period.

use crate::domain::catalog::{Indicator, ValueKind};
use crate::domain::number::{self, MAX_DECIMALS, MAX_INTEGER_DIGITS};
use crate::domain::org::{OrgId, OrgUnits};
use crate::domain::period::{Period, PeriodKind, PlanFrame};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// The largest count kttt takes (people or units of a whole country fit easily).
pub const MAX_COUNT: i64 = 999_999_999;
/// The largest amount or average (million đồng, hectares).
pub const MAX_AMOUNT: i64 = 999_999_999_999;

/// Why a figure cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// A count with a fraction (`2,5` cooperatives).
    NotWhole { value: Decimal },
    /// A negative figure where none can be.
    Negative { value: Decimal },
    /// Larger than the kind allows.
    TooLarge { value: Decimal, max: Decimal },
    /// A share outside 0–100.
    NotAShare { value: Decimal },
    /// More digits than any figure keeps (a shortcut can produce them).
    TooManyDigits { value: Decimal },
    /// The period is in no plan the database holds.
    NoPlan { period: Period, plans: Vec<i32> },
    /// The org unit did not exist at the end of the period.
    UnitNotValid {
        period: Period,
        from: Option<String>,
        to: Option<String>,
        /// Whether the unit had not begun yet (else it had ended).
        not_yet: bool,
        /// The units the figures belong to instead: its successors, or its predecessors.
        instead: Vec<String>,
    },
}

fn shown(d: &Decimal, lang: Lang) -> String {
    number::format(d, lang)
}

impl Invalid {
    /// The message, naming the indicator (its short name) where it helps.
    pub fn message(&self, what: &str, lang: Lang) -> String {
        let mut chars = what.chars();
        let what = &chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default();
        match self {
            Invalid::NotWhole { value } => format!(
                "{what} {} {} {}.",
                lang.pick(
                    "là số đếm, phải là số nguyên; không nhận",
                    "is a count and must be whole; not"
                ),
                shown(value, lang),
                lang.pick("(gõ số nguyên, ví dụ 1.859)", "(type a whole number, e.g. 1,859)")
            ),
            Invalid::Negative { value } => format!(
                "{what} {} {}.",
                lang.pick("không thể âm; không nhận", "cannot be negative; not"),
                shown(value, lang)
            ),
            Invalid::TooLarge { value, max } => format!(
                "{} {} {what}: {} {}.",
                shown(value, lang),
                lang.pick("quá lớn cho", "is too large for"),
                lang.pick("tối đa", "at most"),
                shown(max, lang)
            ),
            Invalid::NotAShare { value } => format!(
                "{what} {} {}.",
                lang.pick("là tỷ lệ %, phải từ 0 đến 100; không nhận", "is a share, 0 to 100; not"),
                shown(value, lang)
            ),
            Invalid::TooManyDigits { value } => format!(
                "{} {} {MAX_INTEGER_DIGITS} {} {MAX_DECIMALS} {}.",
                shown(value, lang),
                lang.pick("quá dài: tối đa", "is too long: at most"),
                lang.pick("chữ số phần nguyên và", "digits before the decimal point and"),
                lang.pick("chữ số thập phân", "decimals")
            ),
            Invalid::NoPlan { period, plans } => {
                let list: Vec<String> = plans.iter().map(|y| y.to_string()).collect();
                let list = if list.is_empty() {
                    lang.pick("(chưa có)", "(none)").to_string()
                } else {
                    list.join(", ")
                };
                format!(
                    "{} {}: {list}. {}",
                    period.label(lang),
                    lang.pick(
                        "không thuộc kế hoạch nào trong cơ sở dữ liệu. Các năm kế hoạch",
                        "is in no plan of this database. Plan years"
                    ),
                    lang.pick(
                        "Lập kế hoạch năm sau: kttt plan start (hoặc N trong ứng dụng).",
                        "Start the next plan: kttt plan start (or N in the app)."
                    )
                )
            }
            Invalid::UnitNotValid {
                period,
                from,
                to,
                not_yet,
                instead,
            } => {
                // The same words as a unit named for a time it did not exist in.
                let at = format!("{} {}", lang.pick("vào cuối kỳ", "at the end of"), period.label(lang));
                let dates = (from.as_deref(), to.as_deref());
                crate::domain::org::absent_message(what, dates, *not_yet, instead, &at, lang)
            }
        }
    }
}

/// Checks a figure against its indicator's kind and the limits of every figure.
pub fn check_value(ind: &Indicator, value: &Decimal) -> Result<(), Invalid> {
    let v = *value;
    let int_digits = v.trunc().abs().to_string().trim_start_matches('0').len();
    if int_digits > MAX_INTEGER_DIGITS || v.scale() > MAX_DECIMALS {
        return Err(Invalid::TooManyDigits { value: v });
    }
    if v.is_sign_negative() && !v.is_zero() && !ind.signed {
        return Err(Invalid::Negative { value: v });
    }
    let max = |m: i64| {
        let m = Decimal::from(m);
        if v.abs() > m {
            Err(Invalid::TooLarge { value: v, max: m })
        } else {
            Ok(())
        }
    };
    match ind.kind {
        ValueKind::Count => {
            if !v.fract().is_zero() {
                return Err(Invalid::NotWhole { value: v });
            }
            max(MAX_COUNT)
        }
        ValueKind::Amount | ValueKind::Average => max(MAX_AMOUNT),
        ValueKind::Percent => {
            if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE_HUNDRED {
                Err(Invalid::NotAShare { value: v })
            } else {
                Ok(())
            }
        }
    }
}

/// Checks that a period lies in a plan the database holds: in the frame of one of its plan
/// years, or the actual of a year whose estimate one of them shows.
pub fn check_period(plans: &[i32], period: Period) -> Result<(), Invalid> {
    let shown = plans.iter().any(|y| {
        let f = PlanFrame::new(*y);
        f.contains(period) || (period.kind == PeriodKind::Actual && period.year == f.estimate_last().year)
    });
    if shown {
        Ok(())
    } else {
        Err(Invalid::NoPlan {
            period,
            plans: plans.to_vec(),
        })
    }
}

/// Checks that an org unit existed at the end of the period (a period belongs to the tree
/// valid on its last day).
pub fn check_unit(orgs: &OrgUnits, id: OrgId, period: Period) -> Result<(), Invalid> {
    let unit = orgs.get(id);
    let end = crate::domain::org::period_end(period);
    if unit.valid_on(&end) {
        return Ok(());
    }
    let not_yet = unit.begins_after(&end);
    let instead = orgs.instead_of(id, not_yet);
    Err(Invalid::UnitNotValid {
        period,
        from: unit.valid_from.clone(),
        to: unit.valid_to.clone(),
        not_yet,
        instead,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;
    use crate::domain::org::parse_org_units;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn kinds_decide_what_a_figure_may_be() {
        let c = Catalog::builtin();
        let count = c.get(c.find("htx.total").unwrap());
        let income = c.get(c.find("htx.income").unwrap());
        let profit = c.get(c.find("htx.profit").unwrap());
        assert_eq!(check_value(count, &d("201")), Ok(()));
        assert_eq!(check_value(count, &d("0")), Ok(()));
        assert_eq!(
            check_value(count, &d("2.5")),
            Err(Invalid::NotWhole { value: d("2.5") })
        );
        assert_eq!(
            check_value(count, &d("0.0001")),
            Err(Invalid::NotWhole { value: d("0.0001") })
        );
        assert_eq!(check_value(count, &d("-5")), Err(Invalid::Negative { value: d("-5") }));
        assert!(matches!(
            check_value(count, &d("123456789012345")),
            Err(Invalid::TooLarge { .. })
        ));
        assert!(matches!(
            check_value(count, &d("1000000.5")),
            Err(Invalid::NotWhole { .. })
        ));
        assert_eq!(check_value(income, &d("43.2")), Ok(()));
        assert!(matches!(check_value(income, &d("-1")), Err(Invalid::Negative { .. })));
        assert_eq!(check_value(profit, &d("-12")), Ok(()), "a loss is a figure");
        assert!(matches!(
            check_value(income, &d("9999999999999999")),
            Err(Invalid::TooManyDigits { .. })
        ));
        let m = Invalid::NotWhole { value: d("2.5") }.message("Tổng số HTX", Lang::Vi);
        assert!(m.contains("phải là số nguyên") && m.contains("2,5"), "{m}");
    }

    #[test]
    fn periods_must_belong_to_a_plan() {
        let plans = [2020];
        assert!(check_period(&plans, Period::parse("KH2020").unwrap()).is_ok());
        assert!(check_period(&plans, Period::parse("TH2018").unwrap()).is_ok());
        assert!(
            check_period(&plans, Period::parse("TH2019").unwrap()).is_ok(),
            "last year's actual, once known"
        );
        assert!(check_period(&plans, Period::parse("UTH2020").unwrap()).is_err());
        let e = check_period(&plans, Period::parse("KH1920").unwrap()).unwrap_err();
        assert!(e.message("", Lang::Vi).contains("2020"), "{}", e.message("", Lang::Vi));
    }

    #[test]
    fn units_exist_for_their_dates() {
        let units = parse_org_units(crate::assets::ORG_UNITS).unwrap();
        let ba_be = units.by_code("ba-be").unwrap();
        assert!(check_unit(&units, ba_be, Period::parse("KH2024").unwrap()).is_ok());
        let e = check_unit(&units, ba_be, Period::parse("KH2026").unwrap()).unwrap_err();
        assert!(e.message("Huyện Ba Bể", Lang::Vi).contains("30/06/2025"), "{e:?}");
        let bk = units.by_code("bac-kan").unwrap();
        let e = check_unit(&units, bk, Period::parse("KH2026").unwrap()).unwrap_err();
        assert_eq!(
            e.message("Tỉnh Bắc Kạn", Lang::Vi),
            "Tỉnh Bắc Kạn (đến 30/06/2025) không còn tồn tại vào cuối kỳ KH 2026. Số liệu sau đó thuộc: Tỉnh Thái Nguyên."
        );
        let tn = units.by_code("thai-nguyen").unwrap();
        let e = check_unit(&units, tn, Period::parse("TH2024").unwrap()).unwrap_err();
        assert!(
            e.message("Tỉnh Thái Nguyên", Lang::Vi)
                .contains("chưa tồn tại vào cuối kỳ TH 2024"),
            "{e:?}"
        );
    }
}
