//! The indicator catalog: every row of the appendices as data (code, names, unit, place in
//! the tree, direction, aggregation), read from `assets/catalog.toml`.

use crate::domain::text;
use crate::i18n::{Lang, Text};
use serde::Deserialize;
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
    /// Does not roll up.
    None,
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
    pub headline: bool,
    pub children: Vec<IndicatorId>,
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
    pub fundings: Vec<Funding>,
    pub appendices: Vec<Appendix>,
    pub sheets: Vec<Sheet>,
    by_code: HashMap<String, IndicatorId>,
    /// A fingerprint of the catalog text, to notice a changed catalog.
    pub fingerprint: String,
}

/// A catalog file that cannot be used, with where and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("catalog: {0}")]
pub struct CatalogError(pub String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    version: u32,
    #[serde(default)]
    unit: Vec<RawUnit>,
    #[serde(default)]
    funding: Vec<RawFunding>,
    #[serde(default)]
    appendix: Vec<RawAppendix>,
    #[serde(default)]
    sheet: Vec<RawSheet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    code: String,
    vi: String,
    en: String,
    abbr_vi: Option<String>,
    abbr_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFunding {
    code: String,
    vi: String,
    en: String,
    parent: Option<String>,
    abbr_vi: Option<String>,
    abbr_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAppendix {
    code: String,
    no: String,
    section: String,
    title_vi: String,
    title_en: String,
    title_origin: Option<String>,
    layout: String,
    #[serde(default)]
    row: Vec<RawRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    code: String,
    no: Option<String>,
    section: Option<String>,
    vi: String,
    en: String,
    short_vi: Option<String>,
    short_en: Option<String>,
    parts_vi: Option<String>,
    parts_en: Option<String>,
    unit: Option<String>,
    parent: Option<String>,
    rel: Option<String>,
    label: Option<String>,
    dir: Option<String>,
    agg: Option<String>,
    #[serde(default)]
    heading: bool,
    values: Option<bool>,
    origin: Option<String>,
    #[serde(default)]
    funded: bool,
    whole: Option<bool>,
    #[serde(default)]
    disjoint: bool,
    #[serde(default)]
    headline: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    code: String,
    vi: String,
    en: String,
    appendix: String,
    roots: Option<Vec<String>>,
}

fn relation(s: &str, code: &str) -> Result<Relation, CatalogError> {
    match s {
        "of-which" => Ok(Relation::OfWhich),
        "split" => Ok(Relation::Split),
        _ => Err(CatalogError(format!(
            "row {code}: relation “{s}” is not of-which or split"
        ))),
    }
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn builtin() -> Catalog {
        Catalog::parse(crate::assets::CATALOG).expect("the built-in catalog is checked by tests")
    }

    /// Reads a catalog from its TOML text, checking that it hangs together.
    pub fn parse(src: &str) -> Result<Catalog, CatalogError> {
        let raw: RawCatalog = toml::from_str(src).map_err(|e| CatalogError(e.to_string()))?;
        if raw.version != 1 {
            return Err(CatalogError(format!("version {} is not known", raw.version)));
        }
        let mut units = Vec::new();
        let mut unit_index = HashMap::new();
        for u in raw.unit {
            unit_index.insert(u.code.clone(), units.len());
            units.push(Unit {
                abbr: Text::new(
                    u.abbr_vi.unwrap_or_else(|| u.vi.clone()),
                    u.abbr_en.unwrap_or_else(|| u.en.clone()),
                ),
                name: Text::new(u.vi, u.en),
                code: u.code,
            });
        }
        let mut fundings: Vec<Funding> = Vec::new();
        for (i, f) in raw.funding.into_iter().enumerate() {
            let parent =
                match &f.parent {
                    Some(p) => Some(fundings.iter().find(|x| &x.code == p).map(|x| x.id).ok_or_else(|| {
                        CatalogError(format!("funding {}: parent {p} is not defined above it", f.code))
                    })?),
                    None => None,
                };
            if (i == 0) != parent.is_none() {
                return Err(CatalogError(
                    "the first funding source must be the total, and only it has no parent".into(),
                ));
            }
            fundings.push(Funding {
                id: FundingId(i as u8),
                abbr: Text::new(
                    f.abbr_vi.unwrap_or_else(|| f.vi.clone()),
                    f.abbr_en.unwrap_or_else(|| f.en.clone()),
                ),
                name: Text::new(f.vi, f.en),
                code: f.code,
                parent,
            });
        }
        if fundings.is_empty() {
            return Err(CatalogError("no funding sources: at least the total is needed".into()));
        }

        let mut indicators: Vec<Indicator> = Vec::new();
        let mut by_code: HashMap<String, IndicatorId> = HashMap::new();
        let mut appendices = Vec::new();
        let mut pending_means: Vec<(IndicatorId, String)> = Vec::new();
        for (ai, a) in raw.appendix.into_iter().enumerate() {
            let layout = match a.layout.as_str() {
                "plan" => Layout::Plan,
                "funding" => Layout::Funding,
                other => {
                    return Err(CatalogError(format!(
                        "appendix {}: layout “{other}” is not plan or funding",
                        a.code
                    )));
                }
            };
            let appendix_section = Section::parse(&a.section)
                .ok_or_else(|| CatalogError(format!("appendix {}: section “{}” is not known", a.code, a.section)))?;
            let mut rows = Vec::new();
            for r in a.row {
                if by_code.contains_key(&r.code) {
                    return Err(CatalogError(format!("row {} is defined twice", r.code)));
                }
                for (field, s) in [("vi", &r.vi), ("en", &r.en)] {
                    if text::nfc(s) != *s || text::has_control(s) {
                        return Err(CatalogError(format!(
                            "row {}: {field} must be NFC text without control characters",
                            r.code
                        )));
                    }
                }
                let id = IndicatorId(indicators.len() as u16);
                let parent =
                    match &r.parent {
                        Some(p) => Some(*by_code.get(p).ok_or_else(|| {
                            CatalogError(format!("row {}: parent {p} must be defined above it", r.code))
                        })?),
                        None => None,
                    };
                if let Some(p) = parent
                    && indicators[p.0 as usize].appendix != ai
                {
                    return Err(CatalogError(format!("row {}: parent is in another appendix", r.code)));
                }
                let rel = r.rel.as_deref().map(|s| relation(s, &r.code)).transpose()?;
                if rel.is_some() && parent.is_none() {
                    return Err(CatalogError(format!("row {}: a relation needs a parent", r.code)));
                }
                let unit = match &r.unit {
                    Some(u) => Some(
                        *unit_index
                            .get(u)
                            .ok_or_else(|| CatalogError(format!("row {}: unit {u} is not defined", r.code)))?,
                    ),
                    None => None,
                };
                let direction = match r.dir.as_deref().unwrap_or("higher") {
                    "higher" => Direction::Higher,
                    "lower" => Direction::Lower,
                    "neutral" => Direction::Neutral,
                    other => return Err(CatalogError(format!("row {}: direction “{other}”", r.code))),
                };
                let aggregation = match r.agg.as_deref().unwrap_or("sum") {
                    "sum" => Aggregation::Sum,
                    "none" => Aggregation::None,
                    s if s.starts_with("mean:") => {
                        pending_means.push((id, s["mean:".len()..].to_string()));
                        Aggregation::None
                    }
                    other => return Err(CatalogError(format!("row {}: aggregation “{other}”", r.code))),
                };
                let origin = match r.origin.as_deref().unwrap_or("appendix") {
                    "appendix" => Origin::Appendix,
                    "reconstructed" => Origin::Reconstructed,
                    "narrative" => Origin::Narrative,
                    other => return Err(CatalogError(format!("row {}: origin “{other}”", r.code))),
                };
                if r.funded && layout != Layout::Funding {
                    return Err(CatalogError(format!(
                        "row {}: only a funding appendix has funded rows",
                        r.code
                    )));
                }
                let depth = parent.map_or(0, |p| indicators[p.0 as usize].depth + 1);
                let section = match (&r.section, parent) {
                    (Some(code), _) => Section::parse(code)
                        .ok_or_else(|| CatalogError(format!("row {}: section “{code}” is not known", r.code)))?,
                    (None, Some(p)) => indicators[p.0 as usize].section,
                    (None, None) => appendix_section,
                };
                let name = Text::new(r.vi, r.en);
                let parent_name = parent.map(|p| indicators[p.0 as usize].name.clone());
                let bullet = name.vi.starts_with("- ");
                let short = Text::new(
                    r.short_vi.unwrap_or_else(|| {
                        default_short(&name.vi, bullet, parent_name.as_ref().map(|t| t.vi.as_str()))
                    }),
                    r.short_en.unwrap_or_else(|| {
                        default_short(&name.en, bullet, parent_name.as_ref().map(|t| t.en.as_str()))
                    }),
                );
                let parts_label = match (r.parts_vi, r.parts_en) {
                    (Some(vi), Some(en)) => Some(Text::new(vi, en)),
                    (None, None) => None,
                    _ => {
                        return Err(CatalogError(format!(
                            "row {}: parts_vi and parts_en go together",
                            r.code
                        )));
                    }
                };
                by_code.insert(r.code.clone(), id);
                if let Some(p) = parent {
                    indicators[p.0 as usize].children.push(id);
                }
                indicators.push(Indicator {
                    id,
                    code: r.code.clone(),
                    appendix: ai,
                    section,
                    number: r.no.unwrap_or_default(),
                    name,
                    short,
                    parts_label,
                    unit,
                    parent,
                    relation: rel,
                    label_before: r.label.as_deref().map(|s| relation(s, &r.code)).transpose()?,
                    depth,
                    direction,
                    aggregation,
                    heading: r.heading,
                    has_values: r.values.unwrap_or(!r.heading),
                    origin,
                    funded: r.funded,
                    part_of_whole: r.whole.unwrap_or(true),
                    disjoint: r.disjoint,
                    headline: r.headline,
                    children: Vec::new(),
                });
                rows.push(id);
            }
            appendices.push(Appendix {
                code: a.code,
                number: a.no,
                title: Text::new(a.title_vi, a.title_en),
                title_reconstructed: a.title_origin.as_deref() == Some("reconstructed"),
                layout,
                rows,
            });
        }
        for (id, base) in pending_means {
            let b = *by_code.get(&base).ok_or_else(|| {
                CatalogError(format!(
                    "row {}: mean base {base} is not defined",
                    indicators[id.0 as usize].code
                ))
            })?;
            indicators[id.0 as usize].aggregation = Aggregation::Mean { base: b };
        }
        let mut sheets = Vec::new();
        for s in raw.sheet {
            let appendix = appendices
                .iter()
                .position(|a| a.code == s.appendix)
                .ok_or_else(|| CatalogError(format!("sheet {}: appendix {} is not defined", s.code, s.appendix)))?;
            let rows = match &s.roots {
                None => appendices[appendix].rows.clone(),
                Some(roots) => {
                    let mut ids = Vec::new();
                    for r in roots {
                        let id = *by_code
                            .get(r)
                            .ok_or_else(|| CatalogError(format!("sheet {}: row {r} is not defined", s.code)))?;
                        ids.push(id);
                    }
                    appendices[appendix]
                        .rows
                        .iter()
                        .copied()
                        .filter(|row| {
                            let mut cur = Some(*row);
                            while let Some(c) = cur {
                                if ids.contains(&c) {
                                    return true;
                                }
                                cur = indicators[c.0 as usize].parent;
                            }
                            false
                        })
                        .collect()
                }
            };
            sheets.push(Sheet {
                code: s.code,
                title: Text::new(s.vi, s.en),
                appendix,
                rows,
            });
        }
        Ok(Catalog {
            indicators,
            units,
            fundings,
            appendices,
            sheets,
            by_code,
            fingerprint: fingerprint(src),
        })
    }

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

    /// The funding sources that add up to the total, in column order.
    pub fn funding_parts(&self) -> Vec<FundingId> {
        self.fundings
            .iter()
            .filter(|f| f.parent == Some(FundingId::TOTAL))
            .map(|f| f.id)
            .collect()
    }

    /// The funding sources an indicator carries: all of them when funded, else the total.
    pub fn fundings_of(&self, id: IndicatorId) -> Vec<FundingId> {
        if self.get(id).funded {
            self.fundings.iter().map(|f| f.id).collect()
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
            .filter(|i| {
                text::matches(i.name.get(lang), query)
                    || text::matches(&i.name.vi, query)
                    || text::matches(&i.code, query)
            })
            .map(|i| i.id)
            .collect()
    }
}

/// A row printed as a bullet ("- Số hợp tác xã được hỗ trợ") is named in messages with its
/// heading: "Hỗ trợ về chế biến sản phẩm: số hợp tác xã được hỗ trợ".
fn default_short(name: &str, bullet: bool, parent: Option<&str>) -> String {
    let rest = name.strip_prefix("- ").unwrap_or(name);
    match (bullet.then_some(rest), parent) {
        (Some(rest), Some(p)) => {
            let mut chars = rest.chars();
            let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
            format!("{p}: {first}{}", chars.as_str())
        }
        (Some(rest), None) => rest.to_string(),
        _ => name.to_string(),
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
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_holds_every_appendix_row() {
        let c = Catalog::builtin();
        assert_eq!(c.appendices.len(), 3);
        let count = |a: usize, origin: Origin| {
            c.appendices[a]
                .rows
                .iter()
                .filter(|r| c.get(**r).origin == origin)
                .count()
        };
        // Phụ lục 1 prints 35 rows besides its "Trong đó:" labels; Phụ lục 2, 20; the seed shows 16 of Phụ lục 3.
        assert_eq!(count(0, Origin::Appendix), 35);
        assert_eq!(count(1, Origin::Appendix), 20);
        assert_eq!(count(2, Origin::Appendix), 16);
        assert_eq!(count(2, Origin::Reconstructed), 8);
        let t = c.get(c.find("htx.labour.members").unwrap());
        assert_eq!(t.name.vi, "Số lao động thường xuyên là thành viên hợp tác xã");
        assert_eq!(t.relation, Some(Relation::OfWhich));
        assert_eq!(c.get(c.find("htx.dissolved").unwrap()).direction, Direction::Lower);
        assert_eq!(c.get(c.find("htx.members.left").unwrap()).direction, Direction::Lower);
        let rev = c.get(c.find("htx.revenue").unwrap());
        assert_eq!(
            rev.aggregation,
            Aggregation::Mean {
                base: c.find("htx.total").unwrap()
            }
        );
        assert_eq!(c.unit_name(rev.id, Lang::Vi), "Tr đồng/năm");
        let agri = c.get(c.find("sector.htx.agri").unwrap());
        assert_eq!(agri.relation, Some(Relation::Split));
        assert_eq!(agri.depth, 2);
        let section = |code: &str| c.get(c.find(code).unwrap()).section;
        assert_eq!(section("htx.income"), Section::Htx);
        assert_eq!(section("lh.dissolved"), Section::Lh);
        assert_eq!(section("tht.converted"), Section::Tht);
        assert_eq!(section("sector.lh.agri"), Section::Sector);
        assert_eq!(section("policy.other"), Section::Policy);
    }

    #[test]
    fn sheets_select_their_rows() {
        let c = Catalog::builtin();
        let htx = &c.sheets[0];
        assert!(htx.rows.contains(&c.find("lh.profit").unwrap()));
        assert!(!htx.rows.contains(&c.find("tht.total").unwrap()));
        let tht = &c.sheets[1];
        assert!(tht.rows.contains(&c.find("tht.new").unwrap()));
        assert_eq!(c.sheets.len(), 4);
    }

    #[test]
    fn finds_appendices_and_funding() {
        let c = Catalog::builtin();
        assert_eq!(c.appendix("phu-luc-2"), Some(1));
        assert_eq!(c.appendix("3"), Some(2));
        assert_eq!(c.appendix("Phụ lục 1"), Some(0));
        assert_eq!(c.appendix("phu-luc-9"), None);
        assert_eq!(c.funding_parts().len(), 2);
        assert_eq!(c.funding("ntm"), Some(FundingId(1)));
        assert_eq!(
            c.appendices[0].title(Lang::Vi, 2020),
            "TÌNH HÌNH PHÁT TRIỂN KINH TẾ TẬP THỂ NĂM 2019 VÀ KẾ HOẠCH NĂM 2020"
        );
    }

    #[test]
    fn search_ignores_diacritics() {
        let c = Catalog::builtin();
        let hits = c.search("hop tac xa giai the", Lang::Vi);
        assert_eq!(hits, vec![c.find("htx.dissolved").unwrap()]);
        assert!(c.search("", Lang::Vi).is_empty());
        let funds = c.get(c.find("policy.processing.funds").unwrap());
        assert_eq!(funds.short.vi, "Hỗ trợ về chế biến sản phẩm: tổng kinh phí hỗ trợ");
        assert_eq!(funds.short.en, "Support for product processing: total support funds");
    }

    #[test]
    fn rejects_broken_catalogs() {
        let base = "version = 1\n[[funding]]\ncode='total'\nvi='T'\nen='T'\n[[appendix]]\ncode='a'\nno='1'\nsection='htx'\ntitle_vi='x'\ntitle_en='x'\nlayout='plan'\n";
        assert!(Catalog::parse(base).is_ok());
        let orphan = format!("{base}[[appendix.row]]\ncode='x'\nvi='x'\nen='x'\nparent='nope'\n");
        assert!(Catalog::parse(&orphan).unwrap_err().0.contains("parent nope"));
        let twice =
            format!("{base}[[appendix.row]]\ncode='x'\nvi='x'\nen='x'\n[[appendix.row]]\ncode='x'\nvi='y'\nen='y'\n");
        assert!(Catalog::parse(&twice).unwrap_err().0.contains("twice"));
        let nfd = format!("{base}[[appendix.row]]\ncode='x'\nvi='e\u{323}\u{302}'\nen='x'\n");
        assert!(Catalog::parse(&nfd).unwrap_err().0.contains("NFC"));
        assert!(Catalog::parse("version = 2").is_err());
    }
}
