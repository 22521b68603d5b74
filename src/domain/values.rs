//! Figures: one cell per (indicator, org unit, period, funding source), a value that may be
//! blank, where it came from, and the layers a what-if scenario or a typed preview put over
//! the official data.

use crate::domain::catalog::{FundingId, IndicatorId};
use crate::domain::org::OrgId;
use crate::domain::period::Period;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A figure with the earlier figures its history went through (oldest first): what a bulk
/// load writes, the figure and an audit row per step (synthetic databases).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoricFigure {
    pub key: CellKey,
    pub value: Decimal,
    pub history: Vec<Decimal>,
}

/// The address of one figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub indicator: IndicatorId,
    pub org: OrgId,
    pub period: Period,
    pub funding: FundingId,
}

impl CellKey {
    /// A cell's address.
    pub fn new(indicator: IndicatorId, org: OrgId, period: Period, funding: FundingId) -> Self {
        CellKey {
            indicator,
            org,
            period,
            funding,
        }
    }

    /// The same cell for another indicator.
    pub fn with_indicator(self, indicator: IndicatorId) -> Self {
        CellKey { indicator, ..self }
    }

    /// The same cell in another period.
    pub fn with_period(self, period: Period) -> Self {
        CellKey { period, ..self }
    }

    /// The same cell for another funding source.
    pub fn with_funding(self, funding: FundingId) -> Self {
        CellKey { funding, ..self }
    }
}

/// Where a figure came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Printed in an appendix of the seed document (its number).
    Appendix(u8),
    /// Printed as “-” in an appendix of the seed document: none (a blank, never zero). An
    /// appendix cell left empty there is `Appendix` with no figure: not reported.
    Dash(u8),
    /// Stated in the plan's text.
    Narrative,
    /// Typed by a user.
    User,
    /// Carried forward when a new year's plan was started.
    Carried,
    /// Promoted from a what-if scenario.
    Scenario,
    /// Any other origin, as stored.
    Other(String),
}

impl Source {
    /// The storage code: `phu-luc-1`, `narrative`, `user`, `carried`, `scenario`.
    pub fn code(&self) -> String {
        match self {
            Source::Appendix(n) => format!("phu-luc-{n}"),
            Source::Dash(n) => format!("phu-luc-{n}-none"),
            Source::Narrative => "narrative".into(),
            Source::User => "user".into(),
            Source::Carried => "carried".into(),
            Source::Scenario => "scenario".into(),
            Source::Other(s) => s.clone(),
        }
    }

    /// Reads a storage code.
    pub fn from_code(s: &str) -> Source {
        match s {
            "narrative" => Source::Narrative,
            "user" => Source::User,
            "carried" => Source::Carried,
            "scenario" => Source::Scenario,
            _ => {
                let n = s.strip_prefix("phu-luc-");
                if let Some(n) = n.and_then(|n| n.parse().ok()) {
                    Source::Appendix(n)
                } else if let Some(n) = n.and_then(|n| n.strip_suffix("-none")?.parse().ok()) {
                    Source::Dash(n)
                } else {
                    Source::Other(s.to_string())
                }
            }
        }
    }

    /// What a clerk reads: `Phụ lục 1 (507/KH-UBND)`, `phần thuyết minh`, `nhập tay`.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Source::Appendix(n) => format!("{} {n}", lang.pick("Phụ lục", "Appendix")),
            Source::Dash(n) => format!(
                "{} {n} {}",
                lang.pick("Phụ lục", "Appendix"),
                lang.pick("ghi “-”: không có", "prints “-”: none")
            ),
            Source::Narrative => lang.pick("phần thuyết minh của kế hoạch", "the plan's text").into(),
            Source::User => lang.pick("nhập tay", "typed in").into(),
            Source::Carried => lang
                .pick(
                    "chuyển từ ước thực hiện khi lập kế hoạch năm sau",
                    "carried from the estimate when the next plan was started",
                )
                .into(),
            Source::Scenario => lang.pick("áp dụng từ phương án", "applied from a scenario").into(),
            Source::Other(s) => crate::domain::text::sanitize(s),
        }
    }
}

/// One stored figure with its provenance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// `None` is blank ("-"), which is not zero.
    pub value: Option<Decimal>,
    pub source: Source,
    /// A note kept with the figure, such as the sentence of the text it comes from.
    pub note: Option<String>,
    /// How many times the cell was written; lets a scenario notice a changed official figure.
    pub rev: i64,
}

/// Anything figures can be read from.
pub trait Values {
    /// The figure of a cell as shown; `None` when blank or never given.
    fn value(&self, key: &CellKey) -> Option<Decimal>;

    /// The figure entered for the cell itself (without roll-up).
    fn entered(&self, key: &CellKey) -> Option<Decimal> {
        self.value(key)
    }

    /// The roll-up of the cell from its unit's parts, when these figures roll up.
    fn rolled(&self, _key: &CellKey) -> Option<crate::domain::rollup::Rolled> {
        None
    }

    /// Whether the figure shown is the one the plan's text states (not typed, not rolled up).
    fn stated_in_text(&self, _key: &CellKey) -> bool {
        false
    }

    /// Whether the figure shown is carried from an indicator of the form before, through the
    /// year's form's links (worked out, not stored).
    fn carried(&self, _key: &CellKey) -> bool {
        false
    }
}

/// The official figures, in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dataset {
    cells: HashMap<CellKey, Cell, std::hash::BuildHasherDefault<crate::domain::text::CodeHasher>>,
}

impl Dataset {
    /// An empty dataset.
    pub fn new() -> Self {
        Dataset::default()
    }

    /// The stored cell, if any.
    pub fn cell(&self, key: &CellKey) -> Option<&Cell> {
        self.cells.get(key)
    }

    /// Stores a cell.
    pub fn insert(&mut self, key: CellKey, cell: Cell) {
        self.cells.insert(key, cell);
    }

    /// Forgets a cell.
    pub fn remove(&mut self, key: &CellKey) {
        self.cells.remove(key);
    }

    /// Sets a figure, keeping the cell's provenance bookkeeping.
    pub fn set(&mut self, key: CellKey, value: Option<Decimal>, source: Source) {
        let rev = self.cells.get(&key).map_or(0, |c| c.rev) + 1;
        self.cells.insert(
            key,
            Cell {
                value,
                source,
                note: None,
                rev,
            },
        );
    }

    /// Keeps only the cells `keep` says yes to.
    pub fn retain(&mut self, keep: impl Fn(&CellKey) -> bool) {
        self.cells.retain(|k, _| keep(k));
    }

    /// Every stored cell.
    pub fn into_cells(self) -> impl Iterator<Item = (CellKey, Cell)> {
        self.cells.into_iter()
    }

    /// Every stored cell, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&CellKey, &Cell)> {
        self.cells.iter()
    }

    /// How many cells are stored.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The years that have any figure.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.cells.keys().map(|k| k.period.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    }
}

impl Values for Dataset {
    fn value(&self, key: &CellKey) -> Option<Decimal> {
        self.cells.get(key).and_then(|c| c.value)
    }

    fn stated_in_text(&self, key: &CellKey) -> bool {
        self.cells
            .get(key)
            .is_some_and(|c| c.value.is_some() && c.source == Source::Narrative)
    }
}

/// A what-if layer: only the cells a scenario changed, each to a figure or to blank.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overlay {
    pub changes: HashMap<CellKey, Option<Decimal>>,
}

/// The figures as a user sees them: the official ones, under the active scenario's changes,
/// under a figure being typed (the live preview); with a unit tree, a cell nobody entered
/// shows the roll-up of its unit's parts (themselves seen through the same layers).
#[derive(Clone, Copy, Debug)]
pub struct Layered<'a> {
    pub base: &'a Dataset,
    pub overlay: Option<&'a Overlay>,
    pub preview: Option<(CellKey, Option<Decimal>)>,
    pub tree: Option<crate::domain::rollup::Tree<'a>>,
    /// Roll-ups worked out beforehand (for the unit being looked at), used unless the
    /// preview moves them.
    pub cache: Option<&'a crate::domain::rollup::Rollups>,
    /// The year's form's links to the form before: a new indicator's figures before the
    /// form, worked out from the old indicators' (never stored).
    pub series: Option<&'a crate::domain::form::Series>,
}

impl<'a> Layered<'a> {
    /// The official figures alone.
    pub fn official(base: &'a Dataset) -> Self {
        Layered {
            base,
            overlay: None,
            preview: None,
            tree: None,
            cache: None,
            series: None,
        }
    }

    /// The official figures under the same roll-up (what a changed cell is compared with).
    pub fn official_view(&self) -> Layered<'a> {
        Layered {
            base: self.base,
            overlay: None,
            preview: None,
            tree: self.tree,
            cache: None,
            series: self.series,
        }
    }

    /// The same layers without roll-up.
    fn flat(&self) -> Layered<'a> {
        Layered {
            tree: None,
            cache: None,
            ..*self
        }
    }

    /// The worked-out roll-up of a cell, when the preview cannot have moved it.
    fn cached(&self, key: &CellKey) -> Option<&'a crate::domain::rollup::Rolled> {
        let r = self.cache?.get(key)?;
        match (self.preview, self.tree) {
            (Some((p, _)), Some(t)) if t.depends(key, &p) => None,
            _ => Some(r),
        }
    }

    /// Whether a cell shows something other than its official figure.
    pub fn differs(&self, key: &CellKey) -> bool {
        self.value(key) != self.official_view().value(key)
    }
}

impl Layered<'_> {
    /// The figure entered or rolled up, without what the form's links carry.
    fn own(&self, key: &CellKey) -> Option<Decimal> {
        let Some(t) = self.tree else {
            return self.entered(key);
        };
        if let Some(v) = self.entered(key) {
            return Some(v);
        }
        if self.cache.is_some_and(|c| !c.covers(key.period)) {
            return None;
        }
        match self.cached(key) {
            Some(r) => r.value,
            None => t.effective(&self.flat(), key),
        }
    }

    /// The figure the form's links carry from the form before (only where the cell has no
    /// figure of its own).
    fn carry(&self, key: &CellKey) -> Option<Decimal> {
        let s = self.series?;
        if !s.applies(key) {
            return None;
        }
        s.value(key, |k| self.own(k))
    }
}

impl Values for Layered<'_> {
    fn value(&self, key: &CellKey) -> Option<Decimal> {
        self.own(key).or_else(|| self.carry(key))
    }

    fn carried(&self, key: &CellKey) -> bool {
        self.series.is_some_and(|s| s.applies(key)) && self.own(key).is_none() && self.carry(key).is_some()
    }

    fn rolled(&self, key: &CellKey) -> Option<crate::domain::rollup::Rolled> {
        let t = self.tree?;
        if self.cache.is_some_and(|c| !c.covers(key.period)) {
            return None;
        }
        Some(match self.cached(key) {
            Some(r) => r.clone(),
            None => t.rolled(&self.flat(), key),
        })
    }

    fn stated_in_text(&self, key: &CellKey) -> bool {
        let changed =
            self.preview.is_some_and(|(k, _)| k == *key) || self.overlay.is_some_and(|o| o.changes.contains_key(key));
        !changed && self.base.stated_in_text(key)
    }

    fn entered(&self, key: &CellKey) -> Option<Decimal> {
        if let Some((k, v)) = self.preview
            && k == *key
        {
            return v;
        }
        if let Some(o) = self.overlay
            && let Some(v) = o.changes.get(key)
        {
            return *v;
        }
        self.base.value(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::PeriodKind;

    fn key(i: u16) -> CellKey {
        CellKey::new(
            IndicatorId(i),
            OrgId(0),
            Period::new(2019, PeriodKind::Plan),
            FundingId::TOTAL,
        )
    }

    #[test]
    fn layers_stack_preview_over_scenario_over_official() {
        let mut base = Dataset::new();
        base.set(key(1), Some(Decimal::from(172)), Source::User);
        base.set(key(2), Some(Decimal::from(5)), Source::User);
        let mut overlay = Overlay::default();
        overlay.changes.insert(key(1), Some(Decimal::from(180)));
        overlay.changes.insert(key(2), None);
        let l = Layered {
            base: &base,
            overlay: Some(&overlay),
            preview: None,
            tree: None,
            cache: None,
            series: None,
        };
        assert_eq!(l.value(&key(1)), Some(Decimal::from(180)));
        assert_eq!(l.value(&key(2)), None, "a scenario may blank a figure");
        assert!(l.differs(&key(2)));
        let p = Layered {
            preview: Some((key(1), Some(Decimal::from(200)))),
            ..l
        };
        assert_eq!(p.value(&key(1)), Some(Decimal::from(200)));
        assert_eq!(Layered::official(&base).value(&key(1)), Some(Decimal::from(172)));
    }

    #[test]
    fn set_counts_revisions() {
        let mut d = Dataset::new();
        d.set(key(1), None, Source::User);
        d.set(key(1), Some(Decimal::ZERO), Source::User);
        assert_eq!(d.cell(&key(1)).unwrap().rev, 2);
        assert_eq!(d.value(&key(1)), Some(Decimal::ZERO));
    }

    #[test]
    fn source_codes_round_trip() {
        for s in [
            Source::Appendix(3),
            Source::Dash(2),
            Source::Narrative,
            Source::User,
            Source::Carried,
            Source::Scenario,
            Source::Other("x".into()),
        ] {
            assert_eq!(Source::from_code(&s.code()), s);
        }
    }
}
