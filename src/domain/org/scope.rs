//! The units a process holds are the ones it looks at: the unit in view with everything
//! under it, what that was formed from, and the units above — not the whole country. More
//! are added as the user moves (another unit, a branch opened in the picker, a name looked
//! up); the ids of those already held never change, so figures, undo steps and selections
//! keep pointing at the same units.

use super::{MapKind, OrgId, OrgUnit, OrgUnits};
use rust_decimal::Decimal;

/// A mapping line between two units, as codes.
pub type MappingLine = (String, String, MapKind, Option<Decimal>);

impl OrgUnits {
    /// Whether every unit directly under `id` is held (a unit in view, or a branch opened).
    pub fn children_known(&self, id: OrgId) -> bool {
        self.complete.get(id.index()).copied().unwrap_or(false)
    }

    /// Whether a unit of this code is held.
    pub fn holds(&self, code: &str) -> bool {
        self.by_code(code).is_some()
    }

    /// Every unit held has all those directly under it held (the whole tree was read).
    pub fn all_complete(&mut self) {
        self.complete.iter_mut().for_each(|c| *c = true);
    }

    /// The units held, in display order.
    pub fn in_order(&self) -> Vec<OrgId> {
        let mut ids: Vec<OrgId> = self.units.iter().map(|u| u.id).collect();
        ids.sort_by_key(|i| (self.position[i.index()], i.0));
        ids
    }

    /// The place of a unit in display order.
    pub fn position(&self, id: OrgId) -> i64 {
        self.position.get(id.index()).copied().unwrap_or(i64::MAX)
    }

    /// Adds units read from the store (with their place in display order) and the mapping
    /// lines between held units; `complete` names the units whose children are now all held.
    /// Units already held are left as they are, so their ids stay.
    pub fn extend(
        &mut self,
        units: Vec<(i64, OrgUnit)>,
        lines: &[MappingLine],
        complete: &[String],
    ) -> Result<Vec<OrgId>, String> {
        let mut added = Vec::with_capacity(units.len());
        self.units.reserve(units.len());
        self.position.reserve(units.len());
        self.complete.reserve(units.len());
        self.by_code.reserve(units.len());
        self.children.reserve(units.len());
        self.predecessors.reserve(units.len());
        self.successors.reserve(units.len());
        for (pos, mut u) in units {
            if self.by_code.contains_key(&u.code) {
                continue;
            }
            let id = OrgId::from_index(self.units.len()).ok_or_else(|| format!("more than {} org units", u32::MAX))?;
            u.id = id;
            self.by_code.insert(u.code.clone(), id);
            if let Some(g) = &u.gso {
                self.by_gso.entry(g.clone()).or_default().push(id);
            }
            self.units.push(u);
            self.children.push(Vec::new());
            self.predecessors.push(Vec::new());
            self.successors.push(Vec::new());
            self.position.push(pos);
            self.complete.push(false);
            added.push(id);
        }
        // Each new unit under its parent, in display order (a parent is always held with
        // its units: they are read with the units above them).
        for id in &added {
            let Some(p) = self.units[id.index()].parent.as_deref().and_then(|p| self.by_code(p)) else {
                continue;
            };
            // Units come in display order: most go at the end.
            let kids = &self.children[p.index()];
            let here = self.position[id.index()];
            let at = match kids.last() {
                Some(last) if self.position[last.index()] > here => kids
                    .iter()
                    .position(|c| self.position[c.index()] > here)
                    .unwrap_or(kids.len()),
                _ => kids.len(),
            };
            self.children[p.index()].insert(at, *id);
        }
        for (old, new, kind, share) in lines {
            let (Some(o), Some(n)) = (self.by_code(old), self.by_code(new)) else {
                continue;
            };
            if self.predecessors[n.index()].iter().any(|l| l.unit == o) {
                continue;
            }
            self.link(o, n, *kind, *share);
        }
        for code in complete {
            if let Some(id) = self.by_code(code) {
                self.complete[id.index()] = true;
            }
        }
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::Level;
    use crate::i18n::Text;

    fn unit(code: &str, parent: Option<&str>) -> OrgUnit {
        OrgUnit {
            id: OrgId(0),
            code: code.into(),
            gso: None,
            level: if parent.is_some() {
                Level::District
            } else {
                Level::Province
            },
            parent: parent.map(String::from),
            name: Text::new(code, code),
            short: Text::new(code, code),
            valid_from: None,
            valid_to: None,
            successor: None,
            scheme: None,
        }
    }

    #[test]
    fn units_are_added_in_display_order_and_ids_stay() {
        let mut o = OrgUnits::default();
        o.extend(vec![(0, unit("p", None)), (5, unit("b", Some("p")))], &[], &[])
            .unwrap();
        let b = o.by_code("b").unwrap();
        assert!(!o.children_known(o.by_code("p").unwrap()));
        o.extend(
            vec![
                (3, unit("a", Some("p"))),
                (5, unit("b", Some("p"))),
                (9, unit("c", Some("p"))),
            ],
            &[("a".into(), "c".into(), MapKind::Whole, None)],
            &["p".into()],
        )
        .unwrap();
        let p = o.by_code("p").unwrap();
        assert_eq!(o.by_code("b"), Some(b), "an id never changes");
        let names: Vec<&str> = o.children(p).iter().map(|c| o.get(*c).code.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(o.children_known(p));
        assert_eq!(o.predecessors(o.by_code("c").unwrap()).len(), 1);
        // A line read twice is one link.
        o.extend(vec![], &[("a".into(), "c".into(), MapKind::Whole, None)], &[])
            .unwrap();
        assert_eq!(o.predecessors(o.by_code("c").unwrap()).len(), 1);
    }
}
