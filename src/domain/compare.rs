//! Official figures against a what-if scenario: every changed cell with both figures, the
//! difference and the effect on each percentage it feeds.

use crate::domain::attainment::{attainment, growth};
use crate::domain::catalog::{Catalog, FundingId};
use crate::domain::period::PlanFrame;
use crate::domain::sheet::{ColumnKind, columns};
use crate::domain::values::{CellKey, Dataset, Layered, Overlay, Values};
use rust_decimal::Decimal;

/// A percentage before and after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Effect {
    pub column: ColumnKind,
    pub before: Option<Decimal>,
    pub after: Option<Decimal>,
}

/// One changed cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub key: CellKey,
    pub official: Option<Decimal>,
    pub scenario: Option<Decimal>,
    /// Scenario − official, when both are figures.
    pub delta: Option<Decimal>,
    /// The percentages of the row that use this cell, in the plan frame.
    pub effects: Vec<Effect>,
}

fn computed(col: ColumnKind, key: CellKey, v: &impl Values) -> Option<Decimal> {
    let at = |p| {
        v.value(&CellKey {
            period: p,
            funding: FundingId::TOTAL,
            ..key
        })
    };
    match col {
        ColumnKind::Attainment { achieved, plan } => attainment(at(achieved), at(plan)),
        ColumnKind::Growth { next, base } => growth(at(next), at(base)),
        ColumnKind::Value { .. } => None,
    }
}

/// The differences of a scenario, in catalog order.
pub fn compare(catalog: &Catalog, official: &Dataset, overlay: &Overlay, frame: PlanFrame) -> Vec<Difference> {
    let layered = Layered {
        tree: None,
        cache: None,
        base: official,
        overlay: Some(overlay),
        preview: None,
        series: None,
    };
    let mut keys: Vec<CellKey> = overlay.changes.keys().copied().collect();
    keys.sort();
    keys.into_iter()
        .map(|key| {
            let o = official.value(&key);
            let s = layered.value(&key);
            let layout = catalog.appendices[catalog.get(key.indicator).appendix].layout;
            let effects = if key.funding == FundingId::TOTAL {
                columns(catalog, layout, frame)
                    .into_iter()
                    .filter(|c| match *c {
                        ColumnKind::Attainment { achieved, plan } => key.period == achieved || key.period == plan,
                        ColumnKind::Growth { next, base } => key.period == next || key.period == base,
                        ColumnKind::Value { .. } => false,
                    })
                    .map(|c| Effect {
                        column: c,
                        before: computed(c, key, official),
                        after: computed(c, key, &layered),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Difference {
                key,
                official: o,
                scenario: s,
                delta: match (o, s) {
                    (Some(a), Some(b)) => b.checked_sub(a),
                    _ => None,
                },
                effects,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::OrgId;
    use crate::domain::period::Period;
    use crate::domain::seed::Seed;

    #[test]
    fn a_target_change_shows_its_effect_on_growth() {
        let c = Catalog::builtin();
        let d = Seed::builtin(&c).dataset(OrgId(0));
        let key = CellKey::new(
            c.find("htx.total").unwrap(),
            OrgId(0),
            Period::parse("KH2020").unwrap(),
            FundingId::TOTAL,
        );
        let mut o = Overlay::default();
        o.changes.insert(key, Some(Decimal::from(210)));
        let diff = compare(&c, &d, &o, PlanFrame::new(2020));
        assert_eq!(diff.len(), 1);
        assert_eq!(diff[0].official, Some(Decimal::from(201)));
        assert_eq!(diff[0].delta, Some(Decimal::from(9)));
        assert_eq!(diff[0].effects.len(), 1);
        assert_eq!(diff[0].effects[0].before, Some(Decimal::new(1142, 1)));
        assert_eq!(diff[0].effects[0].after, Some(Decimal::new(1193, 1)));
        // An estimate feeds both percentages.
        let est = key.with_period(Period::parse("UTH2019").unwrap());
        let mut o = Overlay::default();
        o.changes.insert(est, None);
        let diff = compare(&c, &d, &o, PlanFrame::new(2020));
        assert_eq!(diff[0].effects.len(), 2);
        assert_eq!(diff[0].effects[0].after, None);
        assert_eq!(diff[0].delta, None);
    }
}
