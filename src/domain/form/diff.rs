//! What one form changes against another, row by row: the same, relabelled, new, gone,
//! moved, or measured in another unit — what an office reads before a form is applied.

use super::Form;
use crate::domain::catalog::{Catalog, IndicatorId};

/// How a row differs between two forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowChange {
    /// Printed the same.
    Same,
    /// The same indicator under another label.
    Relabelled { from: String, to: String },
    /// Only in the newer form.
    New,
    /// Only in the older form (its figures stay; its series ends there).
    Gone,
    /// Printed elsewhere: another appendix, another parent or another number.
    Moved { from: String, to: String },
    /// Measured in another unit.
    Unit { from: String, to: String },
}

/// The rows of two forms side by side, in the newer form's order and then the rows gone.
#[derive(Clone, Debug)]
pub struct Diff {
    pub rows: Vec<(String, Vec<RowChange>)>,
}

impl Diff {
    /// The rows that change.
    pub fn changed(&self) -> impl Iterator<Item = &(String, Vec<RowChange>)> {
        self.rows
            .iter()
            .filter(|(_, c)| c.iter().any(|x| *x != RowChange::Same))
    }

    /// How many rows change in some way.
    pub fn count(&self, pick: fn(&RowChange) -> bool) -> usize {
        self.rows.iter().filter(|(_, c)| c.iter().any(pick)).count()
    }
}

fn printed(c: &Catalog) -> Vec<IndicatorId> {
    c.appendices.iter().flat_map(|a| a.rows.iter().copied()).collect()
}

fn place(c: &Catalog, id: IndicatorId) -> String {
    let i = c.get(id);
    let parent = i.parent.map_or("—".to_string(), |p| c.get(p).code.clone());
    format!("{} · {} · {}", c.appendices[i.appendix].number, parent, i.number)
}

fn unit(c: &Catalog, id: IndicatorId) -> String {
    c.get(id).unit.map_or(String::new(), |u| c.units[u].code.clone())
}

/// What `new` changes against `old`.
pub fn diff(old: &Form, new: &Form) -> Diff {
    let (a, b) = (&old.catalog, &new.catalog);
    let mut rows = Vec::new();
    for id in printed(b) {
        let code = b.get(id).code.clone();
        let Some(oid) = a.find(&code).filter(|o| a.get(*o).in_form) else {
            rows.push((code, vec![RowChange::New]));
            continue;
        };
        let mut changes = Vec::new();
        if a.get(oid).name.vi != b.get(id).name.vi {
            changes.push(RowChange::Relabelled {
                from: a.get(oid).name.vi.clone(),
                to: b.get(id).name.vi.clone(),
            });
        }
        let (pa, pb) = (place(a, oid), place(b, id));
        let parent_of = |c: &Catalog, id: IndicatorId| c.get(id).parent.map(|p| c.get(p).code.clone());
        if a.appendices[a.get(oid).appendix].code != b.appendices[b.get(id).appendix].code
            || parent_of(a, oid) != parent_of(b, id)
            || a.get(oid).number != b.get(id).number
        {
            changes.push(RowChange::Moved { from: pa, to: pb });
        }
        if unit(a, oid) != unit(b, id) {
            changes.push(RowChange::Unit {
                from: unit(a, oid),
                to: unit(b, id),
            });
        }
        if changes.is_empty() {
            changes.push(RowChange::Same);
        }
        rows.push((code, changes));
    }
    for id in printed(a) {
        let code = &a.get(id).code;
        if b.find(code).is_none_or(|n| !b.get(n).in_form) {
            rows.push((code.clone(), vec![RowChange::Gone]));
        }
    }
    Diff { rows }
}
