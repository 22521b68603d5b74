//! A scenario from an assumption: "every count +5% over UTH2019", "htx.revenue +8%" — the
//! plan figures of the rows it names, for a unit (and the units below it), worked out from a
//! base period's figures (or the plan's own) by a percentage.

use crate::domain::catalog::{Catalog, FundingId, IndicatorId, Layout, ValueKind};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PlanFrame};
use crate::domain::target::{self, Entry};
use crate::domain::text::fold;
use crate::domain::values::{CellKey, Values};
use crate::i18n::Lang;
use rust_decimal::{Decimal, RoundingStrategy};

/// The rows an assumption is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// Every row of a kind (counts, amounts, averages).
    Kind(ValueKind),
    /// One indicator.
    Indicator(IndicatorId),
}

/// An assumption: the rows, the change in percent, the period it is taken over (`None`: the
/// plan's own figures).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assumption {
    pub rows: Rows,
    pub percent: Decimal,
    pub over: Option<Period>,
}

/// Why an assumption cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssumeError {
    /// No `+5%` / `-3%`.
    NoPercent,
    /// Neither an indicator code nor counts, amounts, averages.
    NoRows,
    /// `over` without a period that parses.
    NoPeriod,
}

/// Reads `every count +5% over UTH2019`, `mọi số đếm +5% so với UTH2019`, `htx.revenue +8%`.
pub fn parse(text: &str, catalog: &Catalog) -> Result<Assumption, AssumeError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut percent = None;
    let mut over = None;
    let mut rows = None;
    for (i, w) in words.iter().enumerate() {
        if w.ends_with('%') {
            for lang in [Lang::Vi, Lang::En] {
                if let Ok(Entry::Relative(p)) = target::parse(w, lang) {
                    percent = Some(p);
                    break;
                }
            }
        } else if let Ok(p) = Period::parse(w) {
            over = Some(p);
        } else if let Some(id) = catalog.find(w) {
            rows = Some(Rows::Indicator(id));
        } else if rows.is_none() {
            let f = fold(w);
            let next = words.get(i + 1).map(|n| fold(n)).unwrap_or_default();
            let kind = match f.as_str() {
                "count" | "counts" | "dem" => Some(ValueKind::Count),
                "so" if next == "dem" => Some(ValueKind::Count),
                "amount" | "amounts" | "tien" => Some(ValueKind::Amount),
                "average" | "averages" | "binh" => Some(ValueKind::Average),
                _ => None,
            };
            rows = kind.map(Rows::Kind);
        }
    }
    let said_over = words
        .iter()
        .any(|w| matches!(fold(w).as_str(), "over" | "voi" | "tren"));
    if said_over && over.is_none() {
        return Err(AssumeError::NoPeriod);
    }
    Ok(Assumption {
        rows: rows.ok_or(AssumeError::NoRows)?,
        percent: percent.ok_or(AssumeError::NoPercent)?,
        over,
    })
}

/// A figure an assumption gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assumed {
    pub key: CellKey,
    pub old: Option<Decimal>,
    pub new: Decimal,
}

/// The plan figures (`frame`'s plan) of the rows named, for each of `orgs`: the base figure
/// × (100 + percent) / 100, a count rounded to whole, anything else to one decimal (half away
/// from zero). A cell without a base figure is left as it is, and so is one that would not
/// change.
pub fn assume(catalog: &Catalog, a: &Assumption, frame: PlanFrame, orgs: &[OrgId], v: &impl Values) -> Vec<Assumed> {
    let plan = frame.plan_this();
    let factor = (Decimal::ONE_HUNDRED + a.percent) / Decimal::ONE_HUNDRED;
    let rows = catalog.indicators.iter().filter(|ind| {
        let selected = match a.rows {
            Rows::Kind(k) => ind.kind == k,
            Rows::Indicator(id) => ind.id == id,
        };
        selected
            && ind.in_form
            && ind.has_values
            && ind.mirror.is_none()
            && ind.kind != ValueKind::Percent
            && catalog.appendices[ind.appendix].layout == Layout::Plan
    });
    let mut out = Vec::new();
    for ind in rows {
        for org in orgs {
            let key = CellKey::new(ind.id, *org, plan, FundingId::TOTAL);
            let Some(base) = v.value(&key.with_period(a.over.unwrap_or(plan))) else {
                continue;
            };
            let dp = if ind.kind == ValueKind::Count { 0 } else { 1 };
            let Some(new) = base.checked_mul(factor) else { continue };
            let new = new
                .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            let old = v.value(&key);
            if old != Some(new) {
                out.push(Assumed { key, old, new });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::seed::Seed;

    #[test]
    fn every_count_five_percent_over_the_estimate() {
        let c = Catalog::builtin();
        let a = parse("every count +5% over UTH2019", &c).unwrap();
        assert_eq!(a.rows, Rows::Kind(ValueKind::Count));
        assert_eq!(
            (a.percent, a.over),
            (Decimal::from(5), Some(Period::parse("UTH2019").unwrap()))
        );
        assert_eq!(parse("mọi số đếm +5% so với UTH2019", &c).unwrap(), a);
        let d = Seed::builtin(&c).dataset(OrgId(0));
        let out = assume(&c, &a, PlanFrame::new(2020), &[OrgId(0)], &d);
        let get = |code: &str| out.iter().find(|x| x.key.indicator == c.find(code).unwrap()).copied();
        // 176 × 1.05 = 184.8 → 185; 1.599 members × 1.05 = 1678.95 → 1679.
        let t = get("htx.total").unwrap();
        assert_eq!((t.old, t.new), (Some(Decimal::from(201)), Decimal::from(185)));
        assert_eq!(get("htx.members").unwrap().new, Decimal::from(1679));
        // Averages are not counts: untouched.
        assert!(get("htx.revenue").is_none());
    }

    #[test]
    fn one_indicator_over_its_own_plan_and_bad_text() {
        let c = Catalog::builtin();
        let a = parse("htx.revenue +8%", &c).unwrap();
        assert_eq!(
            (a.rows, a.over),
            (Rows::Indicator(c.find("htx.revenue").unwrap()), None)
        );
        let d = Seed::builtin(&c).dataset(OrgId(0));
        let out = assume(&c, &a, PlanFrame::new(2020), &[OrgId(0)], &d);
        // 650 × 1.08 = 702.
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].new, Decimal::from(702));
        assert_eq!(parse("every count", &c), Err(AssumeError::NoPercent));
        assert_eq!(parse("+5%", &c), Err(AssumeError::NoRows));
        assert_eq!(parse("counts +5% over", &c), Err(AssumeError::NoPeriod));
    }
}
