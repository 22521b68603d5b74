//! The plan as shown — one unit, one plan year, one layer — with each appendix's table and,
//! when asked, its rows by unit and how far the units below have entered it: the view model
//! exports and the report draw from, built once by the session. Nothing behind it reads the
//! database.

use crate::domain::by_unit::ByUnit;
use crate::domain::catalog::{Catalog, FundingId, IndicatorId};
use crate::domain::completeness::EntryState;
use crate::domain::org::{OrgId, OrgUnit, OrgUnits};
use crate::domain::period::PlanFrame;
use crate::domain::rules::Finding;
use crate::domain::sheet::SheetView;
use crate::domain::values::CellKey;
use crate::i18n::Lang;
use std::collections::HashMap;
use std::sync::Arc;

/// Which rows a plan view has by unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ByUnitRows {
    /// None.
    #[default]
    None,
    /// Every row of the appendices shown that takes figures (a workbook's by-unit sheets).
    Every,
    /// The headline rows and those the written plan speaks of (the report).
    Headlines,
}

/// What a plan view holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ViewOptions {
    /// Only this appendix (its index), else all.
    pub only: Option<usize>,
    /// A computed sum row under each "Chia ra" group (the app's tables and workbooks; not
    /// the printed appendix).
    pub sums: bool,
    /// Which rows by unit.
    pub by_unit: ByUnitRows,
    /// How far each unit below has entered each appendix (only for a unit with parts).
    pub entry: bool,
}

/// The plan as shown.
#[derive(Clone, Debug)]
pub struct PlanView {
    pub catalog: Arc<Catalog>,
    /// The unit tree (names and codes of the unit and its parts).
    pub orgs: Arc<OrgUnits>,
    /// The language of the words and the numbers.
    pub lang: Lang,
    /// The plan year N.
    pub year: i32,
    /// The unit shown.
    pub org: OrgId,
    /// The scenario shown, if not the official figures.
    pub scenario: Option<String>,
    /// The appendices shown (their indexes, in catalog order), each with its table.
    pub sheets: Vec<(usize, SheetView)>,
    /// The units directly below on the plan's last day.
    pub parts: Vec<OrgId>,
    /// Rows by unit, as asked.
    pub by_unit: HashMap<IndicatorId, ByUnit>,
    /// How far each part has entered each appendix (per appendix, per part), when asked.
    pub entry: Vec<Vec<EntryState>>,
    /// The findings of the figures shown.
    pub findings: Vec<Finding>,
    /// The unit's stored cells that hold no readable figure.
    pub unreadable: Vec<CellKey>,
}

impl PlanView {
    /// The unit shown.
    pub fn unit(&self) -> &OrgUnit {
        self.orgs.get(self.org)
    }

    /// The plan frame.
    pub fn frame(&self) -> PlanFrame {
        PlanFrame::new(self.year)
    }

    /// The table of an appendix, if shown.
    pub fn sheet(&self, appendix: usize) -> Option<&SheetView> {
        self.sheets.iter().find(|(a, _)| *a == appendix).map(|(_, v)| v)
    }

    /// A cell in words (see [`cell_label`]).
    pub fn label(&self, key: &CellKey) -> String {
        cell_label(&self.catalog, &self.orgs, self.org, key, self.lang)
    }
}

/// A cell in words: `Tổng số hợp tác xã, KH 2020`, with the unit's name when it is not `here`
/// and the funding source when not the total.
pub fn cell_label(catalog: &Catalog, orgs: &OrgUnits, here: OrgId, key: &CellKey, lang: Lang) -> String {
    let ind = catalog.get(key.indicator);
    let mut s = format!("{}, {}", ind.name.get(lang), key.period.label(lang));
    if key.org != here {
        s = format!("{}: {s}", orgs.get(key.org).name(lang));
    }
    if key.funding != FundingId::TOTAL {
        s.push_str(&format!(
            ", {}",
            catalog.fundings[key.funding.0 as usize].abbr.get(lang)
        ));
    }
    s
}
