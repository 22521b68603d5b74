//! The change log: audit rows matching a query, newest (a listing) or oldest (a follower)
//! first. A unit with everything under it is read along one index, whatever the size of its
//! subtree: a commune's rows by their unit (`audit (org_unit, id)`), a district's and a
//! province's by their place (`audit_place`, see `places`), the whole country by the trail
//! itself, newest first, keeping its units' rows. Each is bounded by the rows it lists
//! (and those its other filters pass over). A unit below another of its own level (a tree
//! that is not shaped as the levels say) is read as a part of its own, and the parts merged.

use super::read::audit_row;
use super::{DbExt, Dialect, SqlStore, Value, params};
use crate::domain::org::{Level, OrgId, OrgUnits};
use crate::store::{LogEntry, LogQuery, StoreResult};

/// One bounded read of the trail.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// The rows of the units in this province (or district): itself and those under it that
    /// are not under another of its level.
    Placed(Level, OrgId),
    /// The rows of this unit alone.
    Unit(OrgId),
    /// The rows of these units (`inside`) or of every unit but these (codes), the trail
    /// walked newest first: for a subtree that is most of the tree.
    Walk { codes: Vec<String>, inside: bool },
}

/// How deep a tree may be before a chain of parents is taken for a loop.
const DEPTH: usize = 16;

/// The unit at `level` that `id` is in (itself included), if any.
fn nearest(orgs: &OrgUnits, id: OrgId, level: Level) -> Option<OrgId> {
    let mut at = Some(id);
    for _ in 0..DEPTH {
        let u = at?;
        if orgs.get(u).level == level {
            return Some(u);
        }
        at = orgs.parent_of(u);
    }
    None
}

/// The reads that together give the rows of `top` and every unit under it, each once.
fn parts(orgs: &OrgUnits, top: OrgId) -> Vec<Part> {
    let level = orgs.get(top).level;
    let below = |covered: &dyn Fn(OrgId) -> bool| -> Vec<Part> {
        // The units under `top` that the first read misses, from the highest down.
        orgs.subtree(top)
            .into_iter()
            .skip(1)
            .filter(|u| !covered(*u) && orgs.parent_of(*u).is_some_and(covered))
            .flat_map(|u| parts(orgs, u))
            .collect()
    };
    match level {
        Level::Province | Level::District => {
            let mut out = vec![Part::Placed(level, top)];
            out.extend(below(&|u| nearest(orgs, u, level) == Some(top)));
            out
        }
        Level::Country => {
            let all = orgs.subtree(top);
            if all.len() * 2 < orgs.len() {
                let mut out = vec![Part::Unit(top)];
                out.extend(below(&|u| u == top));
                return out;
            }
            // Most of the tree: walk the trail, naming the shorter list of units.
            let inside: std::collections::HashSet<OrgId> = all.iter().copied().collect();
            let outside: Vec<OrgId> = orgs
                .all()
                .iter()
                .map(|u| u.id)
                .filter(|u| !inside.contains(u))
                .collect();
            let codes = |ids: Vec<OrgId>| ids.into_iter().map(|u| orgs.get(u).code.clone()).collect();
            if outside.len() < all.len() {
                vec![Part::Walk {
                    codes: codes(outside),
                    inside: false,
                }]
            } else {
                vec![Part::Walk {
                    codes: codes(all),
                    inside: true,
                }]
            }
        }
        Level::Commune => {
            let mut out = vec![Part::Unit(top)];
            out.extend(below(&|u| u == top));
            out
        }
    }
}

/// The change log. A time bound is turned into an id bound first (the trail is written in
/// time order), so a listing reads only the rows it prints and the ones its other filters
/// pass over.
pub(super) fn log(store: &SqlStore, q: &LogQuery) -> StoreResult<Vec<LogEntry>> {
    let mut after = q.after.unwrap_or(0);
    if let Some(since) = &q.since {
        after = after.max(first_id_at(store, since)? - 1);
    }
    let reads = match q.unit {
        None => vec![None],
        // A country whose tree is not held: every unit's rows but those of the trees beside
        // it, found by their parents (a few hundred units), not by holding the country.
        Some(u) if store.core.orgs.get(u).level == Level::Country && !store.all_held => {
            vec![Some(Part::Walk {
                codes: beside(store, &store.core.orgs.get(u).code)?,
                inside: false,
            })]
        }
        Some(u) => parts(&store.core.orgs, u).into_iter().map(Some).collect(),
    };
    let mut out: Vec<LogEntry> = Vec::new();
    for part in &reads {
        read_part(store, q, after, part.as_ref(), &mut out)?;
    }
    if reads.len() > 1 {
        out.sort_by_key(|e| e.entry.id);
        out.dedup_by_key(|e| e.entry.id);
        if q.newest_first {
            out.reverse();
        }
        out.truncate(q.limit);
    }
    Ok(out)
}

/// Every unit in the trees beside the country `code` (under the other top units).
fn beside(store: &SqlStore, code: &str) -> StoreResult<Vec<String>> {
    store.db().query_map(
        "WITH RECURSIVE t (code, depth) AS (
             SELECT code, 0 FROM org_unit WHERE parent IS NULL AND code <> ?1
             UNION ALL
             SELECT o.code, t.depth + 1 FROM org_unit o JOIN t ON o.parent = t.code WHERE t.depth < 16)
         SELECT code FROM t",
        params![code],
        |r| r.get(0),
    )
}

const COLS: &str = "a.id, a.at, a.os_user, a.action, a.scenario, a.year, a.kind, a.old_value, a.new_value, a.detail,
    a.batch, a.indicator, a.org_unit, a.funding";

/// One bounded read: at most `q.limit` rows, in the query's order.
fn read_part(
    store: &SqlStore,
    q: &LogQuery,
    after: i64,
    part: Option<&Part>,
    out: &mut Vec<LogEntry>,
) -> StoreResult<()> {
    let orgs = &store.core.orgs;
    let mut args = vec![Value::Int(after)];
    let mut filters = String::new();
    if let Some(user) = &q.user {
        args.push(Value::Text(user.clone()));
        filters.push_str(&format!(" AND a.os_user = ?{}", args.len()));
    }
    if let Some(since) = &q.since {
        // Belt and braces for a clock that went back while the trail was written.
        args.push(Value::Text(since.clone()));
        filters.push_str(&format!(" AND a.at >= ?{}", args.len()));
    }
    let order = if q.newest_first { " DESC" } else { "" };
    let mut arg = |v: Value| {
        args.push(v);
        args.len()
    };
    let sql = match part {
        None => format!("SELECT {COLS} FROM audit a WHERE a.id > ?1{filters} ORDER BY a.id{order}"),
        Some(Part::Unit(u)) => {
            let k = arg(Value::Text(orgs.get(*u).code.clone()));
            format!("SELECT {COLS} FROM audit a WHERE a.org_unit = ?{k} AND a.id > ?1{filters} ORDER BY a.id{order}")
        }
        Some(Part::Placed(level, u)) => {
            let column = if *level == Level::Province {
                "in_province"
            } else {
                "in_district"
            };
            let k = arg(Value::Text(orgs.get(*u).code.clone()));
            // The place's index gives the ids in order; each row is then read by its id
            // (SQLite's CROSS JOIN keeps that order of the two tables).
            let join = match store.db().dialect() {
                Dialect::Sqlite => "CROSS JOIN",
                Dialect::Postgres => "JOIN",
            };
            format!(
                "SELECT {COLS} FROM audit_place p {join} audit a ON a.id = p.id
                 WHERE p.{column} = ?{k} AND p.id > ?1{filters} ORDER BY p.id{order}"
            )
        }
        Some(Part::Walk { codes, inside }) => {
            let list: Vec<&str> = codes.iter().map(String::as_str).collect();
            let k = arg(Value::Text(
                serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()),
            ));
            let (table, set) = match store.db().dialect() {
                // NOT INDEXED: the trail by id, never the unit index (which would read every
                // row of every unit and sort them).
                Dialect::Sqlite => ("audit a NOT INDEXED", format!("SELECT value FROM json_each(?{k})")),
                Dialect::Postgres => (
                    "audit a",
                    format!("SELECT jsonb_array_elements_text(CAST(CAST(?{k} AS text) AS jsonb))"),
                ),
            };
            let not = if *inside { "" } else { "NOT " };
            format!(
                "SELECT {COLS} FROM {table} WHERE a.id > ?1 AND a.org_unit IS NOT NULL AND a.org_unit {not}IN ({set})
                 {filters} ORDER BY a.id{order}"
            )
        }
    };
    let limit = arg(Value::Int(i64::try_from(q.limit).unwrap_or(i64::MAX)));
    let sql = format!("{sql} LIMIT ?{limit}");
    for r in &store.db().query(&sql, &args)? {
        let entry = audit_row(r)?;
        let indicator = r.text(11);
        let org = r.text(12);
        let funding = r.text(13);
        let key = match (&indicator, &org, entry.period, &funding) {
            (Some(i), Some(o), Some(p), Some(f)) => store.core.key_of(i, o, p.year, p.kind.code(), f),
            _ => None,
        };
        out.push(LogEntry {
            entry,
            batch: r.get::<Option<i64>>(10).ok().flatten(),
            key,
            indicator,
            org,
            funding,
        });
    }
    Ok(())
}

/// The smallest id from which every audit row was written at or after `at` (one past the
/// last when none), by binary search over ids: primary-key look-ups only, whatever the
/// trail's size.
fn first_id_at(store: &SqlStore, at: &str) -> StoreResult<i64> {
    let conn = store.db();
    let max: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM audit", params![], |r| r.get(0))?;
    // Lower bound of ids whose next row is at or after `at` (a missing row counts as after).
    let (mut lo, mut hi) = (1i64, max + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let t: Option<String> = conn.query_opt(
            "SELECT at FROM audit WHERE id >= ?1 ORDER BY id LIMIT 1",
            params![mid],
            |r| Ok(r.text(0).unwrap_or_default()),
        )?;
        match t {
            Some(t) if t.as_str() < at => lo = mid + 1,
            _ => hi = mid,
        }
    }
    Ok(lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::OrgUnit;
    use crate::i18n::Text;

    fn unit(code: &str, level: Level, parent: Option<&str>) -> OrgUnit {
        OrgUnit {
            id: OrgId(0),
            code: code.into(),
            gso: None,
            level,
            parent: parent.map(str::to_string),
            name: Text::new(code.to_string(), code.to_string()),
            short: Text::new(code.to_string(), code.to_string()),
            valid_from: None,
            valid_to: None,
            successor: None,
            scheme: None,
        }
    }

    #[test]
    fn each_level_is_one_read_and_a_unit_below_one_of_its_own_level_a_part_of_its_own() {
        let orgs = OrgUnits::new(vec![
            unit("VN", Level::Country, None),
            unit("P1", Level::Province, Some("VN")),
            unit("D1", Level::District, Some("P1")),
            unit("C1", Level::Commune, Some("D1")),
            unit("C2", Level::Commune, Some("P1")),
            // A district filed under another district.
            unit("D2", Level::District, Some("D1")),
            unit("C3", Level::Commune, Some("D2")),
            unit("other", Level::Province, None),
        ])
        .unwrap();
        let id = |c: &str| orgs.by_code(c).unwrap();
        assert_eq!(parts(&orgs, id("P1")), vec![Part::Placed(Level::Province, id("P1"))]);
        assert_eq!(parts(&orgs, id("C1")), vec![Part::Unit(id("C1"))]);
        assert_eq!(
            parts(&orgs, id("D1")),
            vec![
                Part::Placed(Level::District, id("D1")),
                Part::Placed(Level::District, id("D2"))
            ]
        );
        // The country is most of the tree: the trail walked, keeping all but the others.
        assert_eq!(
            parts(&orgs, id("VN")),
            vec![Part::Walk {
                codes: vec!["other".to_string()],
                inside: false
            }]
        );
    }
}
