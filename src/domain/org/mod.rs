//! Org units as data: provinces, districts and communes, each with the dates it is valid for
//! and the code scheme its statistics code belongs to, and the mapping from the units that
//! ended to the ones that took their area, so that series stay comparable when units merge.

mod dated;
mod import;
mod lists;
mod mapping;
mod resolve;
pub mod scope;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_thai_nguyen;

pub use dated::{day_after, day_before, period_end};
pub use import::{ImportPlan, plan_import, unit_code};
pub use lists::{MapKind, Mapping, MappingList, Problem, UnitList, UnitRow};
pub use mapping::{MappingPlan, plan_mapping};
pub use resolve::{Unresolved, When, absent_message};

use crate::domain::text;
use crate::i18n::{Lang, Text};
use serde::Deserialize;

/// Index of an org unit in its list. 32 bits: the pre- and post-2025 trees of the whole
/// country together are about 14,200 units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgId(pub u32);

impl OrgId {
    /// The id of the `i`-th unit of a list; `None` past what an id can hold.
    pub fn from_index(i: usize) -> Option<OrgId> {
        u32::try_from(i).ok().map(OrgId)
    }

    /// The position in its list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The level of an org unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Country,
    Province,
    District,
    Commune,
}

impl Level {
    /// The storage code.
    pub fn code(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    /// The level's name: `tỉnh`, `huyện`, `xã` (`province`, `district`, `commune`).
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Level::Country => lang.pick("cả nước", "country"),
            Level::Province => lang.pick("tỉnh", "province"),
            Level::District => lang.pick("huyện", "district"),
            Level::Commune => lang.pick("xã", "commune"),
        }
    }

    /// Reads a storage code.
    pub fn from_code(s: &str) -> Option<Level> {
        [Level::Country, Level::Province, Level::District, Level::Commune]
            .into_iter()
            .find(|l| l.code() == s)
    }
}

/// An administrative unit that figures belong to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgUnit {
    pub id: OrgId,
    pub code: String,
    /// The statistics office's code.
    pub gso: Option<String>,
    pub level: Level,
    pub parent: Option<String>,
    pub name: Text,
    /// A short name for headers.
    pub short: Text,
    /// First day valid (ISO date), when known.
    pub valid_from: Option<String>,
    /// Last day valid (ISO date), when it has ended.
    pub valid_to: Option<String>,
    /// The unit its area went to when it ended.
    pub successor: Option<String>,
    /// The code list its statistics code belongs to: `2004` (Quyết định 124/2004/QĐ-TTg, the
    /// units before 1 July 2025) or `2025` (Quyết định 19/2025/QĐ-TTg); `None` for units
    /// made up (synthetic, or added by hand without a code).
    pub scheme: Option<String>,
}

/// The org units known to a database, in display order, with a hash index by code and each
/// unit's children.
#[derive(Clone, Debug, Default)]
pub struct OrgUnits {
    units: Vec<OrgUnit>,
    by_code: text::CodeMap<OrgId>,
    /// The units with a statistics code (codes are reused across schemes and dates).
    by_gso: text::CodeMap<Vec<OrgId>>,
    children: Vec<Vec<OrgId>>,
    /// For each unit, the units that ended into it (the reform's mapping, new → old).
    predecessors: Vec<Vec<Link>>,
    /// For each unit, the units it ended into (old → new).
    successors: Vec<Vec<Link>>,
    /// For each unit, its place in display order.
    position: Vec<i64>,
    /// For each unit, whether every unit directly under it is held (see [`scope`]).
    complete: Vec<bool>,
}

/// One line of the mapping between units that ended and units that took their area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The unit at the other end.
    pub unit: OrgId,
    pub kind: MapKind,
    /// The share of the old unit that went into the new one, when known (0 < share ≤ 1).
    pub share: Option<rust_decimal::Decimal>,
}

impl OrgUnits {
    /// A list from units in display order; each unit's id becomes its position. Refuses a
    /// list longer than ids can count or with a code twice.
    pub fn new(mut units: Vec<OrgUnit>) -> Result<OrgUnits, String> {
        let mut by_code = text::CodeMap::with_capacity_and_hasher(units.len(), Default::default());
        for (i, u) in units.iter_mut().enumerate() {
            u.id = OrgId::from_index(i).ok_or_else(|| format!("more than {} org units", u32::MAX))?;
            if by_code.insert(u.code.clone(), u.id).is_some() {
                return Err(format!("org unit {} is listed twice", u.code));
            }
        }
        let mut children = vec![Vec::new(); units.len()];
        for u in &units {
            if let Some(p) = u.parent.as_deref().and_then(|p| by_code.get(p)) {
                children[p.index()].push(u.id);
            }
        }
        let n = units.len();
        let mut by_gso: text::CodeMap<Vec<OrgId>> = text::CodeMap::default();
        for u in &units {
            if let Some(g) = &u.gso {
                by_gso.entry(g.clone()).or_default().push(u.id);
            }
        }
        Ok(OrgUnits {
            units,
            by_code,
            by_gso,
            children,
            predecessors: vec![Vec::new(); n],
            successors: vec![Vec::new(); n],
            position: (0..n as i64).collect(),
            complete: vec![true; n],
        })
    }

    /// Adds the mapping between ended units and their successors (codes; an unknown code is
    /// refused).
    pub fn with_mapping(
        mut self,
        lines: &[(String, String, MapKind, Option<rust_decimal::Decimal>)],
    ) -> Result<OrgUnits, String> {
        for (old, new, kind, share) in lines {
            let o = self
                .by_code(old)
                .ok_or_else(|| format!("mapping: unit {old} is not defined"))?;
            let n = self
                .by_code(new)
                .ok_or_else(|| format!("mapping: unit {new} is not defined"))?;
            self.link(o, n, *kind, *share);
        }
        Ok(self)
    }

    /// Records that `old` ended into `new`.
    fn link(&mut self, old: OrgId, new: OrgId, kind: MapKind, share: Option<rust_decimal::Decimal>) {
        self.predecessors[new.index()].push(Link { unit: old, kind, share });
        self.successors[old.index()].push(Link { unit: new, kind, share });
    }

    /// The units that ended into a unit (empty for one that replaced nothing).
    pub fn predecessors(&self, id: OrgId) -> &[Link] {
        self.predecessors.get(id.index()).map_or(&[], |p| p.as_slice())
    }

    /// The units a unit ended into.
    pub fn successors(&self, id: OrgId) -> &[Link] {
        self.successors.get(id.index()).map_or(&[], |p| p.as_slice())
    }

    /// Every mapping line, old → new, as codes.
    pub fn mapping(&self) -> Vec<(OrgId, &Link)> {
        self.successors
            .iter()
            .enumerate()
            .flat_map(|(i, links)| links.iter().map(move |l| (OrgId(i as u32), l)))
            .collect()
    }

    /// The units directly under a unit.
    pub fn children(&self, id: OrgId) -> &[OrgId] {
        self.children.get(id.index()).map_or(&[], |c| c.as_slice())
    }

    /// A unit and every unit under it, the unit first.
    pub fn subtree(&self, id: OrgId) -> Vec<OrgId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            out.extend_from_slice(self.children(out[i]));
            i += 1;
        }
        out
    }

    /// The unit a unit belongs to.
    pub fn parent_of(&self, id: OrgId) -> Option<OrgId> {
        self.get(id).parent.as_deref().and_then(|p| self.by_code(p))
    }

    /// Every unit held (a whole list in display order; units added later come after).
    pub fn all(&self) -> &[OrgUnit] {
        &self.units
    }

    /// How many units there are.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The unit of an id from this list.
    pub fn get(&self, id: OrgId) -> &OrgUnit {
        &self.units[id.index()]
    }

    /// The units that have had a statistics code.
    pub fn with_gso(&self, gso: &str) -> impl Iterator<Item = OrgId> + '_ {
        self.by_gso.get(gso).into_iter().flatten().copied()
    }

    /// The unit with this storage code.
    pub fn by_code(&self, code: &str) -> Option<OrgId> {
        self.by_code.get(code).copied()
    }

    /// The top unit (the first province), where the seed's figures sit.
    pub fn default_unit(&self) -> Option<OrgId> {
        self.units.first().map(|u| u.id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnits {
    unit: Vec<RawUnit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    code: String,
    gso: Option<String>,
    level: String,
    parent: Option<String>,
    vi: String,
    en: String,
    short_vi: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    successor: Option<String>,
    scheme: Option<String>,
}

/// Reads the org units file (`assets/org_units.toml`).
pub fn parse_org_units(src: &str) -> Result<OrgUnits, String> {
    let raw: RawUnits = toml::from_str(src).map_err(|e| e.to_string())?;
    let mut units = Vec::new();
    for u in raw.unit {
        let level = Level::from_code(&u.level).ok_or_else(|| format!("unit {}: level {}", u.code, u.level))?;
        for d in [&u.valid_from, &u.valid_to].into_iter().flatten() {
            if d.parse::<jiff::civil::Date>().is_err() {
                return Err(format!("unit {}: {d} is not a date (YYYY-MM-DD)", u.code));
            }
        }
        units.push(OrgUnit {
            id: OrgId(0),
            short: Text::new(u.short_vi.unwrap_or_else(|| u.vi.clone()), u.en.clone()),
            name: Text::new(u.vi, u.en),
            code: u.code,
            gso: u.gso,
            level,
            parent: u.parent,
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            successor: u.successor,
            scheme: u.scheme,
        });
    }
    let list = OrgUnits::new(units)?;
    for u in &list.units {
        for r in [&u.parent, &u.successor].into_iter().flatten() {
            if list.by_code(r).is_none() {
                return Err(format!("unit {}: {r} is not defined", u.code));
            }
        }
    }
    Ok(list)
}

impl OrgUnit {
    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        self.name.get(lang)
    }
}
