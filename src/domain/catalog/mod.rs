//! The indicator catalog: every row of the appendices as data (code, names, unit, place in
//! the tree, direction, aggregation), read from `assets/catalog.toml`.

use crate::domain::text;
use crate::i18n::{Lang, Text};
use std::collections::HashMap;

/// Index of an indicator in its catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorId(pub u16);

/// Index of a funding source (Phụ lục 3's column groups) in its catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FundingId(pub u8);

impl FundingId {
    /// The total of all sources, column (4), (7), (10).
    pub const TOTAL: FundingId = FundingId(0);
}

/// How a row belongs to its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// "Trong đó": a part singled out; parts need not cover the whole.
    OfWhich,
    /// "Chia ra": a breakdown; the parts add up to the whole.
    Split,
}

impl Relation {
    /// The printed label: `Trong đó:` / `Chia ra:`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Relation::OfWhich => lang.pick("Trong đó:", "of which:"),
            Relation::Split => lang.pick("Chia ra:", "broken down:"),
        }
    }
}

/// The part of the collective economy a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// Hợp tác xã: cooperatives.
    Htx,
    /// Liên hiệp hợp tác xã: unions of cooperatives.
    Lh,
    /// Tổ hợp tác: cooperative groups.
    Tht,
    /// The breakdown by sector.
    Sector,
    /// State policy support.
    Policy,
}

impl Section {
    /// The storage code.
    pub fn code(self) -> &'static str {
        match self {
            Section::Htx => "htx",
            Section::Lh => "lh",
            Section::Tht => "tht",
            Section::Sector => "sector",
            Section::Policy => "policy",
        }
    }

    fn parse(s: &str) -> Option<Section> {
        [
            Section::Htx,
            Section::Lh,
            Section::Tht,
            Section::Sector,
            Section::Policy,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
}

/// Which way is good for an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// More is better (cooperatives, members, revenue).
    Higher,
    /// Less is better (cooperatives dissolved, members leaving).
    Lower,
    /// Neither (a breakdown by sector, money spent).
    Neutral,
}

/// How an indicator rolls up from smaller org units to larger ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregation {
    /// Counts and amounts add up.
    Sum,
    /// An average per unit of the base indicator, weighted by that base.
    Mean { base: IndicatorId },
    /// A ratio of two indicators (×100 for a percentage), worked out again from the unit's
    /// own numerator and denominator, never averaged.
    Ratio { num: IndicatorId, den: IndicatorId },
    /// Does not roll up.
    None,
}

/// What kind of figure a row holds, which decides what input is valid for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    /// Units or people: whole numbers, never negative.
    Count,
    /// An amount of money or area.
    Amount,
    /// An average per cooperative or per worker.
    Average,
    /// A share in percent, 0 to 100.
    Percent,
}

impl ValueKind {
    /// The catalog code: `count`, `amount`, `average`, `percent`.
    pub fn code(self) -> &'static str {
        match self {
            ValueKind::Count => "count",
            ValueKind::Amount => "amount",
            ValueKind::Average => "average",
            ValueKind::Percent => "percent",
        }
    }

    /// Reads a catalog code.
    pub fn parse(s: &str) -> Option<ValueKind> {
        [
            ValueKind::Count,
            ValueKind::Amount,
            ValueKind::Average,
            ValueKind::Percent,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
}

/// Where a row comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Printed in the appendix.
    Appendix,
    /// Printed in the appendix but cut off in the seed; reconstructed from the template.
    Reconstructed,
    /// A figure given only in the plan's text.
    Narrative,
}

impl Origin {
    fn code(self) -> &'static str {
        match self {
            Origin::Appendix => "appendix",
            Origin::Reconstructed => "reconstructed",
            Origin::Narrative => "narrative",
        }
    }
}

/// How an appendix lays out its columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Phụ lục 1 and 2: actual N-2, plan N-1, estimate N-1, plan N and the percentages.
    Plan,
    /// Phụ lục 3: actual N-2, estimate N-1, plan N, each split by funding source.
    Funding,
}

/// A unit of measure.
#[derive(Clone, Debug)]
pub struct Unit {
    pub code: String,
    pub name: Text,
    /// A short form for narrow tables.
    pub abbr: Text,
    /// What a figure in this unit is.
    pub kind: Option<ValueKind>,
}

/// A funding source of Phụ lục 3.
#[derive(Clone, Debug)]
pub struct Funding {
    pub id: FundingId,
    pub code: String,
    pub name: Text,
    pub abbr: Text,
    pub parent: Option<FundingId>,
}

/// One row of an appendix.
#[derive(Clone, Debug)]
pub struct Indicator {
    pub id: IndicatorId,
    pub code: String,
    pub appendix: usize,
    pub section: Section,
    /// The printed number (STT): `I`, `1`, `3.1`; empty when none is printed.
    pub number: String,
    pub name: Text,
    /// A short name for messages.
    pub short: Text,
    /// The name of the sum of this row's "Chia ra" parts.
    pub parts_label: Option<Text>,
    pub unit: Option<usize>,
    pub parent: Option<IndicatorId>,
    pub relation: Option<Relation>,
    /// A label row ("Trong đó:") is printed just before this row.
    pub label_before: Option<Relation>,
    /// Nesting depth in the appendix tree (0 for top rows).
    pub depth: u8,
    pub direction: Direction,
    pub aggregation: Aggregation,
    /// What the figure is (whole count, amount, average, share).
    pub kind: ValueKind,
    /// The figure may be negative.
    pub signed: bool,
    pub heading: bool,
    /// Whether the row takes figures (headings mostly do not).
    pub has_values: bool,
    pub origin: Origin,
    /// Carries the funding split (Phụ lục 3).
    pub funded: bool,
    /// For a "Trong đó" row: it is a part of its parent's figure (checked ≤).
    pub part_of_whole: bool,
    /// Its "Trong đó" parts do not overlap.
    pub disjoint: bool,
    /// Shown on the overview, and said in the written plan.
    pub headline: bool,
    /// A heading line that repeats this row's figures, computed (the published table prints
    /// the total on the heading line "II Liên hiệp hợp tác xã"): typing there goes below.
    pub mirror: Option<IndicatorId>,
    /// Said in the written plan (`kttt report`) besides the headline rows.
    pub written: bool,
    pub children: Vec<IndicatorId>,
    /// The form this catalog is of holds the row (false: an indicator of another year's form,
    /// kept so its figures and series stay readable; it is neither shown nor asked for).
    pub in_form: bool,
}

/// An appendix of the plan.
#[derive(Clone, Debug)]
pub struct Appendix {
    pub code: String,
    pub number: String,
    title: Text,
    pub title_reconstructed: bool,
    pub layout: Layout,
    /// Its rows in printed order.
    pub rows: Vec<IndicatorId>,
}

impl Appendix {
    /// The title for the plan of `year` (`… NĂM 2019 VÀ KẾ HOẠCH NĂM 2020`).
    pub fn title(&self, lang: Lang, year: i32) -> String {
        self.title
            .get(lang)
            .replace("{prev}", &(year - 1).to_string())
            .replace("{year}", &year.to_string())
    }

    /// `Phụ lục 1` / `Appendix 1`.
    pub fn name(&self, lang: Lang) -> String {
        format!("{} {}", lang.pick("Phụ lục", "Appendix"), self.number)
    }
}

/// A tab of the app: an appendix or the part of it under some rows.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub code: String,
    pub title: Text,
    pub appendix: usize,
    /// The rows shown, in printed order.
    pub rows: Vec<IndicatorId>,
}

/// The whole catalog.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub indicators: Vec<Indicator>,
    pub units: Vec<Unit>,
    /// The funding sources by id (an id is kept in every form).
    pub fundings: Vec<Funding>,
    /// The form's funding sources in printed order (a source it lacks is not printed).
    funding_order: Vec<FundingId>,
    pub appendices: Vec<Appendix>,
    pub sheets: Vec<Sheet>,
    by_code: text::CodeMap<IndicatorId>,
    /// A fingerprint of the catalog text, to notice a changed catalog.
    pub fingerprint: String,
}

/// A catalog file that cannot be used, with where and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("catalog: {0}")]
pub struct CatalogError(pub String);

mod derive;
mod parse;
pub(crate) use derive::builtin_raw;
pub use derive::{AddedRow, Changes, Move, NewFunding, NewRow, NewUnit, Relabel, Retire, UnitChange};
pub(crate) use parse::RawCatalog;

impl Catalog {
    /// The indicator with this code.
    pub fn find(&self, code: &str) -> Option<IndicatorId> {
        self.by_code.get(code).copied()
    }

    /// The indicator of an id from this catalog.
    pub fn get(&self, id: IndicatorId) -> &Indicator {
        &self.indicators[id.0 as usize]
    }

    /// The unit's name for an indicator, or `""`.
    pub fn unit_name(&self, id: IndicatorId, lang: Lang) -> &str {
        self.get(id).unit.map_or("", |u| self.units[u].name.get(lang))
    }

    /// The unit's short form for an indicator, or `""`.
    pub fn unit_abbr(&self, id: IndicatorId, lang: Lang) -> &str {
        self.get(id).unit.map_or("", |u| self.units[u].abbr.get(lang))
    }

    /// The appendix with this code (`phu-luc-1`, also `1`, `pl1`).
    pub fn appendix(&self, code: &str) -> Option<usize> {
        let c = text::fold(code).replace([' ', '-', '_'], "");
        self.appendices.iter().position(|a| {
            let own = a.code.replace('-', "");
            c == own || c == a.number || c == format!("pl{}", a.number) || c == format!("appendix{}", a.number)
        })
    }

    /// The funding source with this code.
    pub fn funding(&self, code: &str) -> Option<FundingId> {
        self.fundings.iter().find(|f| f.code == code).map(|f| f.id)
    }

    /// An indicator's "Chia ra" parts, which add up to it, in printed order.
    pub fn split_parts(&self, id: IndicatorId) -> Vec<IndicatorId> {
        self.get(id)
            .children
            .iter()
            .copied()
            .filter(|c| self.get(*c).relation == Some(Relation::Split))
            .collect()
    }

    /// The funding sources that add up to the total, in column order.
    pub fn funding_parts(&self) -> Vec<FundingId> {
        self.funding_order
            .iter()
            .copied()
            .filter(|f| self.fundings[f.0 as usize].parent == Some(FundingId::TOTAL))
            .collect()
    }

    /// The form's funding sources in printed order: the total, then the "Trong đó" sources.
    pub fn fundings_printed(&self) -> impl Iterator<Item = &Funding> {
        self.funding_order.iter().map(|f| &self.fundings[f.0 as usize])
    }

    /// The funding sources an indicator carries: all of them when funded, else the total.
    pub fn fundings_of(&self, id: IndicatorId) -> Vec<FundingId> {
        if self.get(id).funded {
            self.funding_order.clone()
        } else {
            vec![FundingId::TOTAL]
        }
    }

    /// The storage code of an origin.
    pub fn origin_code(o: Origin) -> &'static str {
        o.code()
    }

    /// Indicators whose names match a diacritic-insensitive query, in catalog order.
    pub fn search(&self, query: &str, lang: Lang) -> Vec<IndicatorId> {
        if text::fold(query).is_empty() {
            return Vec::new();
        }
        self.indicators
            .iter()
            .filter(|i| i.in_form)
            .filter(|i| {
                text::matches(i.name.get(lang), query)
                    || text::matches(&i.name.vi, query)
                    || text::matches(&i.code, query)
            })
            .map(|i| i.id)
            .collect()
    }
}

/// A short stable fingerprint (FNV-1a, 64 bits) of a text.
pub fn fingerprint(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests;
