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
    let mut keys: Vec<CellKey> = changed.to_vec();
    let mut rows: Vec<(IndicatorId, OrgId)> = changed
        .iter()
        .filter(|k| k.funding == FundingId::TOTAL)
        .filter(|k| catalog.appendices[catalog.get(k.indicator).appendix].layout == Layout::Plan)
        .map(|k| (k.indicator, k.org))
        .collect();
    rows.sort();
    rows.dedup();
    let at = |i, o, p: Period| CellKey::new(i, o, p, FundingId::TOTAL);
    let pairs = |i, o| {
        [
            (
                Ratio::Growth,
                at(i, o, frame.plan_this()),
                at(i, o, frame.estimate_last()),
            ),
            (
                Ratio::Attainment,
                at(i, o, frame.estimate_last()),
                at(i, o, frame.plan_last()),
            ),
        ]
    };
    // A percentage is shown when a scenario changes one of its figures; both are then rows.
    let shown: Vec<(IndicatorId, OrgId, Ratio, CellKey, CellKey)> = rows
        .iter()
        .flat_map(|(i, o)| pairs(*i, *o).map(|(r, n, d)| (*i, *o, r, n, d)))
        .filter(|(.., n, d)| changed.contains(n) || changed.contains(d))
        .collect();
    for (.., n, d) in &shown {
        keys.extend([*n, *d]);
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
    let mut results = Vec::new();
    for (indicator, org, ratio, n, d) in shown {
        let (num, den) = (index(&n), index(&d));
        let percents = (0..columns.len())
            .map(|c| percent(figures[num].figures[c], figures[den].figures[c]))
            .collect();
        results.push(ResultRow {
            indicator,
            org,
            ratio,
            num,
            den,
            percents,
        });
    }
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
}
