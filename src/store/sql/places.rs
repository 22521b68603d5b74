//! Where each unit is — the province and the district it is in, itself included
//! (`org_unit.in_province`, `in_district`) — and so where each audit row is (`audit_place`,
//! filled by a trigger as rows are written): kept in line with the tree whenever units are
//! added, moved or given another level, so that `kttt log --unit` reads a province's or a
//! district's rows along one index, newest first.

use super::{Db, DbExt, params};
use crate::store::StoreResult;
use std::collections::HashMap;

/// A unit as the places are worked out from: its level, its parent, its place as stored.
struct Stored {
    level: String,
    parent: Option<String>,
    place: (Option<String>, Option<String>),
}

/// How deep a tree may be before a chain of parents is taken for a loop.
const DEPTH: usize = 16;

/// Brings every unit's place in line with the tree, and the places of the audit rows of each
/// unit whose place changed with it (their rows move with them). How many units changed.
pub(super) fn settle(tx: &dyn Db) -> StoreResult<usize> {
    let units: HashMap<String, Stored> = tx
        .query_owned(
            "SELECT code, level, parent, in_province, in_district FROM org_unit",
            params![],
            |r| {
                Ok((
                    r.take::<String>(0)?,
                    Stored {
                        level: r.take(1)?,
                        parent: r.take(2)?,
                        place: (r.take(3)?, r.take(4)?),
                    },
                ))
            },
        )?
        .into_iter()
        .collect();
    let mut memo: HashMap<&str, (Option<String>, Option<String>)> = HashMap::new();
    let mut changed = 0;
    for (code, u) in &units {
        let want = place(code, &units, &mut memo, 0);
        if want == u.place {
            continue;
        }
        tx.execute(
            "UPDATE org_unit SET in_province = ?2, in_district = ?3 WHERE code = ?1",
            params![code, want.0, want.1],
        )?;
        tx.execute(
            "INSERT INTO audit_place (id, in_province, in_district)
                 SELECT id, CAST(?2 AS TEXT), CAST(?3 AS TEXT) FROM audit WHERE org_unit = ?1
             ON CONFLICT (id) DO UPDATE SET in_province = excluded.in_province, in_district = excluded.in_district",
            params![code, want.0, want.1],
        )?;
        changed += 1;
    }
    Ok(changed)
}

/// A unit's place: itself for its own level, else its parent's.
fn place<'a>(
    code: &'a str,
    units: &'a HashMap<String, Stored>,
    memo: &mut HashMap<&'a str, (Option<String>, Option<String>)>,
    depth: usize,
) -> (Option<String>, Option<String>) {
    if let Some(p) = memo.get(code) {
        return p.clone();
    }
    let Some(u) = units.get(code) else {
        return (None, None);
    };
    let (p, d) = match &u.parent {
        Some(parent) if depth < DEPTH => place(parent, units, memo, depth + 1),
        _ => (None, None),
    };
    let own = |level: &str, up: Option<String>| if u.level == level { Some(code.to_string()) } else { up };
    let here = (own("province", p), own("district", d));
    memo.insert(code, here.clone());
    here
}
