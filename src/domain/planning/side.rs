//! Scenarios side by side, like a spreadsheet's scenario summary: the official figures and
//! two to four scenarios as columns; as rows the cells any of them changes (and the figures
//! their percentages are worked from), then the growth and attainment they move.

use crate::domain::attainment::percent;
use crate::domain::catalog::{Catalog, FundingId, IndicatorId, Layout};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PlanFrame};
use crate::domain::values::{CellKey, Values};
use rust_decimal::Decimal;

/// A figure row: one cell in every column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureRow {
    pub key: CellKey,
    /// Some scenario changes it (else it is shown because a percentage is worked from it).
    pub changed: bool,
    pub figures: Vec<Option<Decimal>>,
}

/// Which percentage a result row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ratio {
    /// The plan ÷ the estimate of the year before (KH N / ƯTH N−1).
    Growth,
    /// The estimate ÷ the plan of the year before (ƯTH N−1 / KH N−1).
    Attainment,
}

/// A result row: a percentage of one indicator in every column, worked from two figure rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultRow {
    pub indicator: IndicatorId,
    pub org: OrgId,
    pub ratio: Ratio,
    /// The figure rows (indices) of the numerator and the denominator.
    pub num: usize,
    pub den: usize,
    /// `num ÷ den × 100`, to one decimal as the tables show it.
    pub percents: Vec<Option<Decimal>>,
}

/// The summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    pub figures: Vec<FigureRow>,
    pub results: Vec<ResultRow>,
}

/// Builds the summary over `columns` (the official figures first) for the `changed` cells.
pub fn side_by_side(catalog: &Catalog, frame: PlanFrame, columns: &[&dyn Values], changed: &[CellKey]) -> Side {
    let mut rows: Vec<(IndicatorId, OrgId)> = changed
        .iter()
        .filter(|k| k.funding == FundingId::TOTAL)
        .filter(|k| catalog.appendices[catalog.get(k.indicator).appendix].layout == Layout::Plan)
        .map(|k| (k.indicator, k.org))
        .collect();
    rows.sort();
    rows.dedup();
    // A percentage is shown when a scenario changes one of its figures; both are then rows.
    let shown: Vec<Shown> = rows
        .iter()
        .flat_map(|(i, o)| pairs(frame, *i, *o))
        .filter(|s| changed.contains(&s.num) || changed.contains(&s.den))
        .collect();
    build(columns, changed.to_vec(), shown, changed)
}

/// Builds the summary for chosen indicators of one unit, whether or not a scenario changes
/// them: for each, the plan of last year, its estimate and this year's plan, then its growth
/// and attainment (`changed` marks the cells a scenario changes).
pub fn side_by_side_of(
    catalog: &Catalog,
    frame: PlanFrame,
    columns: &[&dyn Values],
    changed: &[CellKey],
    indicators: &[IndicatorId],
    org: OrgId,
) -> Side {
    let shown: Vec<Shown> = indicators
        .iter()
        .filter(|i| catalog.appendices[catalog.get(**i).appendix].layout == Layout::Plan)
        .flat_map(|i| pairs(frame, *i, org))
        .collect();
    build(columns, Vec::new(), shown, changed)
}

/// A percentage to show: its indicator, unit and kind, and the cells it is worked from.
struct Shown {
    indicator: IndicatorId,
    org: OrgId,
    ratio: Ratio,
    num: CellKey,
    den: CellKey,
}

/// An indicator's growth (plan ÷ last estimate) and attainment (last estimate ÷ last plan).
fn pairs(frame: PlanFrame, indicator: IndicatorId, org: OrgId) -> [Shown; 2] {
    let at = |p: Period| CellKey::new(indicator, org, p, FundingId::TOTAL);
    let shown = |ratio, num, den| Shown {
        indicator,
        org,
        ratio,
        num: at(num),
        den: at(den),
    };
    [
        shown(Ratio::Growth, frame.plan_this(), frame.estimate_last()),
        shown(Ratio::Attainment, frame.estimate_last(), frame.plan_last()),
    ]
}

/// The figure rows (`keys` and the cells the percentages are worked from, in order) and the
/// result rows, over every column.
fn build(columns: &[&dyn Values], mut keys: Vec<CellKey>, shown: Vec<Shown>, changed: &[CellKey]) -> Side {
    for s in &shown {
        keys.extend([s.num, s.den]);
    }
    keys.sort();
    keys.dedup();
    let figures: Vec<FigureRow> = keys
        .iter()
        .map(|k| FigureRow {
            key: *k,
            changed: changed.contains(k),
            figures: columns.iter().map(|v| v.value(k)).collect(),
        })
        .collect();
    let index = |k: &CellKey| keys.iter().position(|x| x == k).unwrap_or_default();
    let results = shown
        .into_iter()
        .map(|s| {
            let (num, den) = (index(&s.num), index(&s.den));
            ResultRow {
                indicator: s.indicator,
                org: s.org,
                ratio: s.ratio,
                num,
                den,
                percents: (0..columns.len())
                    .map(|c| percent(figures[num].figures[c], figures[den].figures[c]))
                    .collect(),
            }
        })
        .collect();
    Side { figures, results }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::seed::Seed;
    use crate::domain::values::{Dataset, Layered, Overlay};

    #[test]
    fn two_scenarios_beside_the_official_figures() {
        let c = Catalog::builtin();
        let d: Dataset = Seed::builtin(&c).dataset(OrgId(0));
        let total = CellKey::new(
            c.find("htx.total").unwrap(),
            OrgId(0),
            Period::parse("KH2020").unwrap(),
            FundingId::TOTAL,
        );
        let layer = |v: i64| {
            let mut o = Overlay::default();
            o.changes.insert(total, Some(Decimal::from(v)));
            o
        };
        let (a, b) = (layer(220), layer(194));
        let (la, lb) = (
            Layered {
                overlay: Some(&a),
                ..Layered::official(&d)
            },
            Layered {
                overlay: Some(&b),
                ..Layered::official(&d)
            },
        );
        let off = Layered::official(&d);
        let side = side_by_side(&c, PlanFrame::new(2020), &[&off, &la, &lb], &[total]);
        // UTH2019 and KH2020: growth moves, attainment (UTH/KH 2019) does not.
        assert_eq!(side.figures.len(), 2);
        assert_eq!(side.results.len(), 1);
        let row = side.figures.iter().find(|r| r.changed).unwrap();
        assert_eq!(
            row.figures,
            vec![
                Some(Decimal::from(201)),
                Some(Decimal::from(220)),
                Some(Decimal::from(194))
            ]
        );
        // Growth over 176: 114.2%, 125.0%, 110.2%.
        let g = &side.results[0];
        assert_eq!(g.ratio, Ratio::Growth);
        let want: Vec<Option<Decimal>> = ["114.2", "125.0", "110.2"]
            .iter()
            .map(|s| Some(s.parse().unwrap()))
            .collect();
        assert_eq!(g.percents, want);
    }

    #[test]
    fn chosen_indicators_whether_or_not_a_scenario_changes_them() {
        let c = Catalog::builtin();
        let d: Dataset = Seed::builtin(&c).dataset(OrgId(0));
        let (total, members) = (c.find("htx.total").unwrap(), c.find("htx.members").unwrap());
        let k = |i, p: &str| CellKey::new(i, OrgId(0), Period::parse(p).unwrap(), FundingId::TOTAL);
        let mut o = Overlay::default();
        o.changes.insert(k(total, "KH2020"), Some(Decimal::from(220)));
        let la = Layered {
            overlay: Some(&o),
            ..Layered::official(&d)
        };
        let off = Layered::official(&d);
        let side = side_by_side_of(
            &c,
            PlanFrame::new(2020),
            &[&off, &la],
            &[k(total, "KH2020")],
            &[total, members],
            OrgId(0),
        );
        // Three figures each (KH 2019, ƯTH 2019, KH 2020), growth and attainment each.
        assert_eq!(side.figures.len(), 6);
        assert_eq!(side.results.len(), 4);
        let changed: Vec<_> = side.figures.iter().filter(|r| r.changed).map(|r| r.key).collect();
        assert_eq!(changed, vec![k(total, "KH2020")]);
        // The members are the same in both columns: 1.809 planned for 2020.
        let m = side.figures.iter().find(|r| r.key == k(members, "KH2020")).unwrap();
        assert_eq!(m.figures, vec![Some(Decimal::from(1809)), Some(Decimal::from(1809))]);
        let g = side
            .results
            .iter()
            .find(|r| r.indicator == total && r.ratio == Ratio::Growth)
            .unwrap();
        assert_eq!(g.percents[1], Some("125.0".parse().unwrap()));
    }
}
