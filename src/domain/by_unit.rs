//! One indicator by unit ("theo đơn vị") for the plan frame: a row per part of the unit (its
//! figure in each period, entered or rolled up, with its marks and percentages), the roll-up
//! row with how many parts it covers, the unit's own entered figure and the difference. The
//! view model of `kttt show --by-unit`, the app's `t` and the workbooks' by-unit sheets.

use crate::domain::catalog::{FundingId, IndicatorId, Layout};
use crate::domain::org::{Level, OrgId, period_end};
use crate::domain::period::PlanFrame;
use crate::domain::rollup::{Rolled, Tree};
use crate::domain::sheet::{CellView, ColumnKind, Facts, Progress, columns};
use crate::domain::values::{CellKey, Values};
use rust_decimal::Decimal;

/// A part of the unit and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct PartRow {
    pub org: OrgId,
    pub cells: Vec<CellView>,
}

/// An indicator by unit: over the unit's parts.
#[derive(Clone, Debug, PartialEq)]
pub struct ByUnit {
    pub org: OrgId,
    pub indicator: IndicatorId,
    pub columns: Vec<ColumnKind>,
    pub parts: Vec<PartRow>,
    /// The roll-up of the parts, column by column.
    pub total: Vec<CellView>,
    /// How many parts the roll-up covers, of how many, per column (zeros for percentages).
    pub coverage: Vec<(usize, usize)>,
    /// Each column's roll-up: what it is built from (the parts, or the former units through
    /// the mapping) and how far it reaches.
    pub rolled: Vec<Option<Rolled>>,
    /// The column goes through the reform's mapping (the unit did not exist yet).
    pub mapped: Vec<bool>,
    /// The column's roll-up is made of the rows shown: the unit existed then, with these
    /// parts on the period's last day (false for percentages).
    pub same_parts: Vec<bool>,
    /// The unit's own entered figure.
    pub own: Vec<CellView>,
    /// Own − roll-up, where both exist.
    pub diff: Vec<Option<Decimal>>,
    /// The level of the parts (`xã`, `huyện`).
    pub level: Option<Level>,
}

/// Fills a row's percentage cells from its figure cells.
fn percent_cells(
    cols: &[ColumnKind],
    cells: &mut [CellView],
    frame: PlanFrame,
    direction: crate::domain::catalog::Direction,
) {
    let value_at = |p| {
        cols.iter()
            .position(|c| matches!(c, ColumnKind::Value { period, .. } if *period == p))
            .and_then(|i| cells[i].value)
    };
    let progress = Progress::of(value_at, frame, direction);
    for (i, c) in cols.iter().enumerate() {
        if let Some(r) = progress.ratio(*c) {
            cells[i] = r.cell();
        }
    }
}

/// An indicator (one funding source) over a unit's parts on the plan's last day, with the
/// marks `facts` give the parts' and the unit's own figures.
pub fn by_unit(
    tree: Tree<'_>,
    values: &impl Values,
    facts: &Facts<'_>,
    org: OrgId,
    indicator: IndicatorId,
    funding: FundingId,
    frame: PlanFrame,
) -> ByUnit {
    let Tree { catalog, orgs } = tree;
    let ind = catalog.get(indicator);
    let cols = columns(catalog, Layout::Plan, frame);
    let parts_at = orgs.children_at(org, &period_end(frame.plan_this()));
    let key = |o: OrgId, c: &ColumnKind| match c {
        ColumnKind::Value { period, .. } => Some(CellKey::new(indicator, o, *period, funding)),
        _ => None,
    };
    let mut parts = Vec::new();
    for p in &parts_at {
        let mut cells: Vec<CellView> = cols
            .iter()
            .map(|c| match key(*p, c) {
                Some(k) => CellView {
                    applicable: ind.has_values,
                    ..CellView::figure(values, k, facts)
                },
                None => CellView::default(),
            })
            .collect();
        percent_cells(&cols, &mut cells, frame, ind.direction);
        parts.push(PartRow { org: *p, cells });
    }
    let mut total = Vec::new();
    let mut own = Vec::new();
    let mut coverage = Vec::new();
    let mut rolled = Vec::new();
    let mut mapped = Vec::new();
    let mut same_parts = Vec::new();
    let level = parts_at.first().map(|p| orgs.get(*p).level);
    for c in &cols {
        match (key(org, c), c) {
            (Some(k), ColumnKind::Value { period, .. }) => {
                let r = values.rolled(&k).unwrap_or_default();
                total.push(CellView {
                    value: r.value,
                    key: Some(k),
                    applicable: ind.has_values,
                    rolled: true,
                    cover: Some(r.cover()),
                    ..CellView::default()
                });
                coverage.push((r.covered, r.expected));
                mapped.push(r.mapped);
                same_parts.push(!r.mapped && orgs.children_at(org, &period_end(*period)) == parts_at);
                rolled.push(Some(r));
                let entered = CellView {
                    value: values.entered(&k),
                    key: Some(k),
                    applicable: ind.has_values,
                    ..CellView::default()
                };
                own.push(facts.mark(values, entered));
            }
            _ => {
                total.push(CellView::default());
                own.push(CellView::default());
                coverage.push((0, 0));
                rolled.push(None);
                mapped.push(false);
                same_parts.push(false);
            }
        }
    }
    percent_cells(&cols, &mut total, frame, ind.direction);
    percent_cells(&cols, &mut own, frame, ind.direction);
    let diff = cols
        .iter()
        .enumerate()
        .map(|(i, c)| match (c, own[i].value, total[i].value) {
            (ColumnKind::Value { .. }, Some(a), Some(b)) => Some(a - b),
            _ => None,
        })
        .collect();
    ByUnit {
        org,
        indicator,
        columns: cols,
        parts,
        total,
        coverage,
        rolled,
        mapped,
        same_parts,
        own,
        diff,
        level,
    }
}

/// Beside an allocation: each part's figure of column `col` in `official` (what the unit
/// proposed itself, bottom-up) and the part's figure shown less it, where both exist.
pub fn proposed(t: &ByUnit, col: usize, official: &impl Values) -> Vec<(Option<Decimal>, Option<Decimal>)> {
    t.parts
        .iter()
        .map(|p| {
            let Some(c) = p.cells.get(col) else {
                return (None, None);
            };
            let own = c.key.and_then(|k| official.value(&k));
            let diff = match (c.value, own) {
                (Some(a), Some(b)) => a.checked_sub(b),
                _ => None,
            };
            (own, diff)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;
    use crate::domain::org::parse_org_units;
    use crate::domain::period::Period;
    use crate::domain::values::{Dataset, Layered, Source};

    #[test]
    fn a_province_over_its_districts() {
        let c = Catalog::builtin();
        let o = parse_org_units(crate::assets::ORG_UNITS).unwrap();
        let bk = o.by_code("bac-kan").unwrap();
        let total = c.find("htx.total").unwrap();
        let mut d = Dataset::new();
        let k = |org: &str, p: &str| {
            CellKey::new(
                total,
                o.by_code(org).unwrap(),
                Period::parse(p).unwrap(),
                FundingId::TOTAL,
            )
        };
        d.set(k("ba-be", "KH2019"), Some(Decimal::from(20)), Source::User);
        d.set(k("ba-be", "UTH2019"), Some(Decimal::from(22)), Source::User);
        d.set(k("cho-don", "UTH2019"), Some(Decimal::from(30)), Source::User);
        d.set(k("bac-kan", "UTH2019"), Some(Decimal::from(55)), Source::Narrative);
        let v = Layered {
            tree: Some(Tree::new(&c, &o)),
            ..Layered::official(&d)
        };
        let facts = Facts { stored: &d, plans: &[] };
        let t = by_unit(
            Tree::new(&c, &o),
            &v,
            &facts,
            bk,
            total,
            FundingId::TOTAL,
            PlanFrame::new(2020),
        );
        assert_eq!(t.parts.len(), 8);
        assert_eq!(t.level, Some(Level::District));
        let ba_be = t.parts.iter().find(|r| o.get(r.org).code == "ba-be").unwrap();
        // KH 2019, ƯTH 2019, then ƯTH/KH: 22 ÷ 20 = 110%.
        assert_eq!(ba_be.cells[2].value, Some(Decimal::from(22)));
        assert_eq!(ba_be.cells[4].value, Some(Decimal::new(1100, 1)));
        assert_eq!(t.total[2].value, Some(Decimal::from(52)));
        assert!(t.total[2].partial(), "2 of 8 districts");
        assert_eq!(t.coverage[2], (2, 8));
        assert!(t.same_parts[2] && !t.same_parts[4]);
        assert_eq!(t.own[2].value, Some(Decimal::from(55)));
        assert!(t.own[2].narrative, "the province's own figure is the plan text's");
        assert!(!t.total[2].narrative && !ba_be.cells[2].narrative);
        assert_eq!(t.diff[2], Some(Decimal::from(3)));
        // Beside an allocation of ƯTH 2019 (Ba Bể 30 where it proposed 22): its own, the difference.
        let mut alloc = d.clone();
        alloc.set(k("ba-be", "UTH2019"), Some(Decimal::from(30)), Source::User);
        let va = Layered {
            tree: Some(Tree::new(&c, &o)),
            ..Layered::official(&alloc)
        };
        let ta = by_unit(
            Tree::new(&c, &o),
            &va,
            &facts,
            bk,
            total,
            FundingId::TOTAL,
            PlanFrame::new(2020),
        );
        let p = proposed(&ta, 2, &v);
        let i = ta.parts.iter().position(|r| o.get(r.org).code == "ba-be").unwrap();
        assert_eq!(p[i], (Some(Decimal::from(22)), Some(Decimal::from(8))));
        let j = ta.parts.iter().position(|r| o.get(r.org).code == "na-ri").unwrap();
        assert_eq!(p[j], (None, None), "no figure proposed: no difference");
    }
}
