//! One indicator over a unit's parts, for the plan frame: a row per part (its figure in each
//! period, entered or rolled up, with its attainment), the roll-up row with how many parts
//! it covers, the unit's own entered figure and the difference. And completeness: which cells
//! of an appendix a unit has entered for a plan.

use crate::domain::attainment::{Thresholds, attainment, growth, status};
use crate::domain::catalog::{Catalog, FundingId, IndicatorId, Origin};
use crate::domain::org::{Level, OrgId, OrgUnits, period_end};
use crate::domain::period::PlanFrame;
use crate::domain::sheet::{CellView, ColumnKind, columns};
use crate::domain::values::{CellKey, Values};
use rust_decimal::Decimal;

/// A part of the unit and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct PartRow {
    pub org: OrgId,
    pub cells: Vec<CellView>,
}

/// An indicator consolidated over a unit's parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Consolidation {
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
    pub rolled: Vec<Option<crate::domain::rollup::Rolled>>,
    /// The column goes through the reform's mapping (the unit did not exist yet).
    pub mapped: Vec<bool>,
    /// The unit's own entered figure.
    pub own: Vec<CellView>,
    /// Own − roll-up, where both exist.
    pub diff: Vec<Option<Decimal>>,
    /// The level of the parts (`xã`, `huyện`).
    pub level: Option<Level>,
}

fn percent_cells(cols: &[ColumnKind], cells: &mut [CellView], direction: crate::domain::catalog::Direction) {
    let value_at = |cells: &[CellView], p| {
        cols.iter()
            .position(|c| matches!(c, ColumnKind::Value { period, .. } if *period == p))
            .and_then(|i| cells[i].value)
    };
    for (i, c) in cols.iter().enumerate() {
        match *c {
            ColumnKind::Attainment { achieved, plan } => {
                let p = attainment(value_at(cells, achieved), value_at(cells, plan));
                cells[i] = CellView {
                    value: p,
                    status: status(p, direction, Thresholds::STANDARD),
                    ..CellView::default()
                };
            }
            ColumnKind::Growth { next, base } => {
                cells[i] = CellView {
                    value: growth(value_at(cells, next), value_at(cells, base)),
                    ..CellView::default()
                };
            }
            ColumnKind::Value { .. } => {}
        }
    }
}

/// Consolidates an indicator (one funding source) over a unit's parts on the plan's last day.
pub fn consolidate(
    catalog: &Catalog,
    orgs: &OrgUnits,
    values: &impl Values,
    org: OrgId,
    indicator: IndicatorId,
    funding: FundingId,
    frame: PlanFrame,
) -> Consolidation {
    let ind = catalog.get(indicator);
    let cols = columns(catalog, crate::domain::catalog::Layout::Plan, frame);
    let parts_at = orgs.children_at(org, &period_end(frame.plan_this()));
    let key = |o: OrgId, c: &ColumnKind| match c {
        ColumnKind::Value { period, .. } => Some(CellKey::new(indicator, o, *period, funding)),
        _ => None,
    };
    let figure = |k: CellKey, value: Option<Decimal>, rolled: bool| CellView {
        value,
        key: Some(k),
        applicable: ind.has_values,
        rolled,
        cover: if rolled {
            values.rolled(&k).map(|r| r.cover())
        } else {
            None
        },
        ..CellView::default()
    };
    let mut parts = Vec::new();
    for p in &parts_at {
        let mut cells: Vec<CellView> = cols
            .iter()
            .map(|c| match key(*p, c) {
                Some(k) => {
                    let v = values.value(&k);
                    figure(k, v, v.is_some() && values.entered(&k).is_none())
                }
                None => CellView::default(),
            })
            .collect();
        percent_cells(&cols, &mut cells, ind.direction);
        parts.push(PartRow { org: *p, cells });
    }
    let mut total = Vec::new();
    let mut own = Vec::new();
    let mut coverage = Vec::new();
    let mut rolled = Vec::new();
    let mut mapped = Vec::new();
    let level = parts_at.first().map(|p| orgs.get(*p).level);
    for c in &cols {
        match key(org, c) {
            Some(k) => {
                let r = values.rolled(&k).unwrap_or_default();
                total.push(CellView {
                    rolled: true,
                    cover: Some(r.cover()),
                    ..figure(k, r.value, false)
                });
                coverage.push((r.covered, r.expected));
                mapped.push(r.mapped);
                rolled.push(Some(r));
                own.push(figure(k, values.entered(&k), false));
            }
            None => {
                total.push(CellView::default());
                own.push(CellView::default());
                coverage.push((0, 0));
                rolled.push(None);
                mapped.push(false);
            }
        }
    }
    percent_cells(&cols, &mut total, ind.direction);
    percent_cells(&cols, &mut own, ind.direction);
    let diff = cols
        .iter()
        .enumerate()
        .map(|(i, c)| match (c, own[i].value, total[i].value) {
            (ColumnKind::Value { .. }, Some(a), Some(b)) => Some(a - b),
            _ => None,
        })
        .collect();
    Consolidation {
        org,
        indicator,
        columns: cols,
        parts,
        total,
        coverage,
        rolled,
        mapped,
        own,
        diff,
        level,
    }
}

/// How far a unit has entered an appendix for a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completeness {
    pub entered: usize,
    pub expected: usize,
    /// The cells still blank.
    pub missing: Vec<CellKey>,
}

/// Where a unit stands with an appendix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryState {
    /// Nothing entered.
    NotEntered,
    /// Some cells entered.
    InProgress,
    /// Every cell entered.
    Complete,
}

impl EntryState {
    /// The state in words: `chưa nhập`, `đang nhập`, `đủ`.
    pub fn name(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            EntryState::NotEntered => lang.pick("chưa nhập", "not entered"),
            EntryState::InProgress => lang.pick("đang nhập", "in progress"),
            EntryState::Complete => lang.pick("đủ", "complete"),
        }
    }
}

impl Completeness {
    /// The state it amounts to.
    pub fn state(&self) -> EntryState {
        match self.entered {
            0 => EntryState::NotEntered,
            n if n >= self.expected => EntryState::Complete,
            _ => EntryState::InProgress,
        }
    }
}

/// The cells of an appendix a unit enters for a plan: every row that takes figures (not the
/// plan's own text), its total funding source, in the periods the appendix shows; how many are
/// entered (in `values`, without roll-up) and which are missing.
pub fn completeness(
    catalog: &Catalog,
    values: &impl Values,
    org: OrgId,
    appendix: usize,
    frame: PlanFrame,
) -> Completeness {
    let a = &catalog.appendices[appendix];
    let periods: Vec<_> = columns(catalog, a.layout, frame)
        .into_iter()
        .filter_map(|c| match c {
            ColumnKind::Value { period, funding } if funding == FundingId::TOTAL => Some(period),
            _ => None,
        })
        .collect();
    let mut out = Completeness::default();
    for id in &a.rows {
        let ind = catalog.get(*id);
        if !ind.has_values || ind.origin == Origin::Narrative {
            continue;
        }
        for p in &periods {
            let k = CellKey::new(*id, org, *p, FundingId::TOTAL);
            out.expected += 1;
            // A funded row is entered when its total or any of its funding sources is (a
            // unit may give only the sources; the total is then their sum).
            let sources = catalog
                .fundings
                .iter()
                .filter(|f| ind.funded || f.id == FundingId::TOTAL)
                .map(|f| CellKey::new(*id, org, *p, f.id));
            if sources.clone().any(|k| values.entered(&k).is_some()) {
                out.entered += 1;
            } else {
                out.missing.push(k);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::parse_org_units;
    use crate::domain::period::Period;
    use crate::domain::rollup::Tree;
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
        d.set(k("bac-kan", "UTH2019"), Some(Decimal::from(55)), Source::User);
        let v = Layered {
            tree: Some(Tree::new(&c, &o)),
            ..Layered::official(&d)
        };
        let t = consolidate(&c, &o, &v, bk, total, FundingId::TOTAL, PlanFrame::new(2020));
        assert_eq!(t.parts.len(), 8);
        assert_eq!(t.level, Some(Level::District));
        let ba_be = t.parts.iter().find(|r| o.get(r.org).code == "ba-be").unwrap();
        // KH 2019, ƯTH 2019, then ƯTH/KH: 22 ÷ 20 = 110%.
        assert_eq!(ba_be.cells[2].value, Some(Decimal::from(22)));
        assert_eq!(ba_be.cells[4].value, Some(Decimal::new(1100, 1)));
        assert_eq!(t.total[2].value, Some(Decimal::from(52)));
        assert_eq!(t.coverage[2], (2, 8));
        assert_eq!(t.own[2].value, Some(Decimal::from(55)));
        assert_eq!(t.diff[2], Some(Decimal::from(3)));
        let done = completeness(&c, &d, o.by_code("ba-be").unwrap(), 0, PlanFrame::new(2020));
        assert_eq!(done.entered, 2);
        assert_eq!(done.state(), EntryState::InProgress);
        assert_eq!(done.expected, done.entered + done.missing.len());
        let none = completeness(&c, &d, o.by_code("na-ri").unwrap(), 0, PlanFrame::new(2020));
        assert_eq!(none.state(), EntryState::NotEntered);
    }
}
