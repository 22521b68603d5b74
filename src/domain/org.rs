//! Org units as data: the province and its districts, with the dates they are valid for, so
//! that series stay comparable when units merge.

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
}

/// The org units known to a database, in display order, with a hash index by code and each
/// unit's children.
#[derive(Clone, Debug, Default)]
pub struct OrgUnits {
    units: Vec<OrgUnit>,
    by_code: text::CodeMap<OrgId>,
    children: Vec<Vec<OrgId>>,
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
        Ok(OrgUnits {
            units,
            by_code,
            children,
        })
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

    /// Every unit, in display order.
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

    /// The unit with this storage code.
    pub fn by_code(&self, code: &str) -> Option<OrgId> {
        self.by_code.get(code).copied()
    }

    /// Finds a unit by code, statistics code or name (diacritics and case ignored).
    pub fn lookup(&self, query: &str) -> Option<OrgId> {
        if let Some(id) = self.by_code(query) {
            return Some(id);
        }
        if let Some(u) = self.units.iter().find(|u| u.gso.as_deref() == Some(query)) {
            return Some(u.id);
        }
        let q = text::fold(query);
        let named = self
            .units
            .iter()
            .find(|u| text::fold(&u.name.vi) == q || text::fold(&u.short.vi) == q || text::fold(&u.name.en) == q);
        named.map(|u| u.id)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_units_are_the_province_and_its_eight_districts() {
        let units = parse_org_units(crate::assets::ORG_UNITS).unwrap();
        let bk = units.by_code("bac-kan").unwrap();
        assert_eq!(units.default_unit(), Some(bk));
        let districts: Vec<&str> = units
            .all()
            .iter()
            .filter(|u| u.parent.as_deref() == Some("bac-kan"))
            .map(|u| u.name.vi.as_str())
            .collect();
        assert_eq!(districts.len(), 8);
        for name in [
            "Thành phố Bắc Kạn",
            "Huyện Ba Bể",
            "Huyện Bạch Thông",
            "Huyện Chợ Đồn",
            "Huyện Chợ Mới",
            "Huyện Na Rì",
            "Huyện Ngân Sơn",
            "Huyện Pác Nặm",
        ] {
            assert!(districts.contains(&name), "{name}");
        }
        assert_eq!(units.lookup("cho don"), units.by_code("cho-don"));
        assert_eq!(units.lookup("061"), units.by_code("ba-be"));
        assert_eq!(units.get(bk).successor.as_deref(), Some("thai-nguyen"));
        assert_eq!(units.lookup("Hà Nội"), None);
        assert_eq!(units.children(bk).len(), 8);
        assert_eq!(units.subtree(bk).len(), 9);
        assert_eq!(units.parent_of(units.by_code("ba-be").unwrap()), Some(bk));
    }
}
