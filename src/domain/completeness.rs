//! Completeness: which cells of an appendix a unit has entered for a plan, and where that
//! leaves it (not entered, in progress, complete).

use crate::domain::catalog::{Catalog, FundingId, Origin};
use crate::domain::org::OrgId;
use crate::domain::period::PlanFrame;
use crate::domain::sheet::{ColumnKind, columns};
use crate::domain::values::{CellKey, Values};

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
    use crate::domain::values::{Dataset, Source};
    use rust_decimal::Decimal;

    #[test]
    fn a_district_that_entered_some_cells_is_in_progress() {
        let c = Catalog::builtin();
        let o = parse_org_units(crate::assets::ORG_UNITS).unwrap();
        let total = c.find("htx.total").unwrap();
        let ba_be = o.by_code("ba-be").unwrap();
        let mut d = Dataset::new();
        for p in ["KH2019", "UTH2019"] {
            let k = CellKey::new(total, ba_be, Period::parse(p).unwrap(), FundingId::TOTAL);
            d.set(k, Some(Decimal::from(20)), Source::User);
        }
        let done = completeness(&c, &d, ba_be, 0, PlanFrame::new(2020));
        assert_eq!(done.entered, 2);
        assert_eq!(done.state(), EntryState::InProgress);
        assert_eq!(done.expected, done.entered + done.missing.len());
        let none = completeness(&c, &d, o.by_code("na-ri").unwrap(), 0, PlanFrame::new(2020));
        assert_eq!(none.state(), EntryState::NotEntered);
    }
}
