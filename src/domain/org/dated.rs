//! The tree at a date: a unit is valid from its first to its last day; a period belongs to
//! the tree valid on its last day (31 December of its year), so the 2025 figures are the new
//! communes' and the 2024 figures the old ones'.

use super::{OrgId, OrgUnit, OrgUnits};
use crate::domain::period::Period;

/// The day a period's figures are counted on: 31 December of its year (ISO date).
pub fn period_end(p: Period) -> String {
    format!("{:04}-12-31", p.year)
}

/// The ISO date before an ISO date (`None` when it is not a date).
pub fn day_before(date: &str) -> Option<String> {
    let d: jiff::civil::Date = date.parse().ok()?;
    d.yesterday().ok().map(|d| d.to_string())
}

/// The ISO date after an ISO date (`None` when it is not a date).
pub fn day_after(date: &str) -> Option<String> {
    let d: jiff::civil::Date = date.parse().ok()?;
    d.tomorrow().ok().map(|d| d.to_string())
}

impl OrgUnit {
    /// Whether the unit existed on a day (ISO date).
    pub fn valid_on(&self, date: &str) -> bool {
        self.valid_from.as_deref().is_none_or(|f| f <= date) && self.valid_to.as_deref().is_none_or(|t| t >= date)
    }

    /// Whether the unit had not begun yet on a day.
    pub fn begins_after(&self, date: &str) -> bool {
        self.valid_from.as_deref().is_some_and(|f| f > date)
    }
}

impl OrgUnits {
    /// The units directly under a unit on a day.
    pub fn children_at(&self, id: OrgId, date: &str) -> Vec<OrgId> {
        self.children(id)
            .iter()
            .copied()
            .filter(|c| self.get(*c).valid_on(date))
            .collect()
    }

    /// The units at the top of the tree on a day (provinces, in display order).
    pub fn roots_at(&self, date: &str) -> Vec<OrgId> {
        self.all()
            .iter()
            .filter(|u| u.parent.is_none() && u.valid_on(date))
            .map(|u| u.id)
            .collect()
    }

    /// A unit and every unit under it on a day, the unit first.
    pub fn subtree_at(&self, id: OrgId, date: &str) -> Vec<OrgId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let next = self.children_at(out[i], date);
            out.extend(next);
            i += 1;
        }
        out
    }

    /// The unit of a code scheme with a statistics code that was valid on a day.
    pub fn find_at(&self, scheme: &str, gso: &str, date: &str) -> Option<OrgId> {
        self.with_gso(gso).find(|id| {
            let u = self.get(*id);
            u.scheme.as_deref() == Some(scheme) && u.valid_on(date)
        })
    }

    /// The units whose figures a unit's figure for a period is made of when the unit did not
    /// exist yet at the period's end: its predecessors, and theirs, back to the units valid
    /// then. Empty when the unit existed (or nothing ended into it).
    pub fn sources_at(&self, id: OrgId, date: &str) -> Vec<(OrgId, super::Link)> {
        let mut out = Vec::new();
        if !self.get(id).begins_after(date) {
            return out;
        }
        let mut todo: Vec<(OrgId, Option<rust_decimal::Decimal>, super::MapKind)> = self
            .predecessors(id)
            .iter()
            .map(|l| (l.unit, l.share, l.kind))
            .collect();
        let mut guard = 0;
        while let Some((u, share, kind)) = todo.pop() {
            guard += 1;
            if guard > 100_000 {
                break;
            }
            if self.get(u).begins_after(date) {
                for l in self.predecessors(u) {
                    let s = match (share, l.share) {
                        (Some(a), Some(b)) => Some(a * b),
                        (a, b) => a
                            .or(b)
                            .filter(|_| kind == super::MapKind::Whole || l.kind == super::MapKind::Whole),
                    };
                    let k = if kind == super::MapKind::Whole && l.kind == super::MapKind::Whole {
                        super::MapKind::Whole
                    } else {
                        super::MapKind::Partial
                    };
                    todo.push((l.unit, s, k));
                }
            } else if self.get(u).valid_on(date) {
                out.push((u, super::Link { unit: u, kind, share }));
            }
        }
        out.sort_by_key(|(u, _)| *u);
        out
    }
}
