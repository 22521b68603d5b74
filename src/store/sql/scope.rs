//! Reading the units a view needs, not the whole tree: the unit in view with everything
//! under it, the units it was formed from (and everything under those: its figures before a
//! reform), the units those ended into, the units above all of these, and the top units.
//! Each step is a lookup by key for a list of units (one JSON parameter joined first), so what
//! a process reads at start does not grow with the units outside its scope.

use super::{Db, DbExt, Dialect, Value, params};
use crate::domain::org::scope::MappingLine;
use crate::domain::org::{Level, MapKind, OrgId, OrgUnit, OrgUnits};
use crate::domain::text::fold;
use crate::i18n::Text;
use crate::store::StoreResult;
use std::collections::HashSet;

/// Past this many units below a scope's start, the whole tree is read in one scan instead
/// (a view of the country: listing its codes costs more than reading every row).
const WHOLE: usize = 2_000;

const COLS: &str = "o.code, o.gso_code, o.level, o.parent, o.name_vi, o.name_en, o.short_vi, o.valid_from, o.valid_to,
    o.successor, o.position, o.scheme";

/// Units and mapping lines read for a scope, and the units whose children are all among them.
#[derive(Default)]
pub struct Scoped {
    pub units: Vec<(i64, OrgUnit)>,
    pub lines: Vec<MappingLine>,
    pub complete: Vec<String>,
    /// Every unit was read.
    pub whole: bool,
}

impl Scoped {
    /// Adds what was read to the units held (those held already keep their ids); a whole
    /// tree marks every unit complete. The ids of the units added.
    pub fn add_to(self, orgs: &mut OrgUnits) -> StoreResult<Vec<OrgId>> {
        let added = orgs
            .extend(self.units, &self.lines, &self.complete)
            .map_err(crate::store::StoreError::Backend)?;
        if self.whole {
            orgs.all_complete();
        }
        Ok(added)
    }
}

/// A list of codes passed as one parameter (`?1`): a table of one column, `column1`, joined
/// first. The statement's text is the same for every list, so it is prepared once per
/// process (a `VALUES` list of hundreds of codes was parsed anew each time). SQLite reads a
/// JSON array; PostgreSQL an array, whose length its planner knows (it took a JSON list for
/// a hundred codes and scanned the whole table instead of its index).
fn code_list(db: &dyn Db) -> &'static str {
    match db.dialect() {
        Dialect::Sqlite => "(SELECT value AS column1 FROM json_each(?1))",
        Dialect::Postgres => "(SELECT unnest(?1::text::text[]) AS column1)",
    }
}

/// The codes as the one parameter [`code_list`] reads.
fn codes_arg(db: &dyn Db, codes: &[String]) -> Value {
    match db.dialect() {
        Dialect::Sqlite => Value::Text(serde_json::to_string(codes).unwrap_or_else(|_| "[]".to_string())),
        Dialect::Postgres => Value::Text(array_literal(codes)),
    }
}

/// PostgreSQL's text of an array of texts: every element quoted, `"` and `\` escaped.
fn array_literal(codes: &[String]) -> String {
    let mut out = String::from("{");
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for ch in c.chars() {
            if ch == '"' || ch == '\\' {
                out.push('\\');
            }
            out.push(ch);
        }
        out.push('"');
    }
    out.push('}');
    out
}

/// Runs a query over `codes`, joined as `u.column1` (`{codes} AS u`); the first column of
/// each row, as text.
fn per_code(db: &dyn Db, codes: &[String], sql: &str) -> StoreResult<Vec<String>> {
    let mut out = Vec::new();
    if codes.is_empty() {
        return Ok(out);
    }
    let q = sql.replace("(VALUES {codes})", code_list(db));
    db.query_each(&q, &[codes_arg(db, codes)], &mut |r| {
        if let Some(t) = r.text(0) {
            out.push(t);
        }
        Ok(())
    })?;
    Ok(out)
}

fn unit_row(r: &mut super::Row) -> StoreResult<(i64, OrgUnit)> {
    let name_en: String = r.take(5)?;
    let level = Level::from_code(r.str(2));
    Ok((
        r.get::<i64>(10)?,
        OrgUnit {
            id: OrgId(0),
            code: r.take(0)?,
            gso: r.take(1)?,
            level: level.unwrap_or(Level::Commune),
            parent: r.take(3)?,
            name: Text::new(r.take::<String>(4)?, name_en.clone()),
            short: Text::new(r.take::<String>(6)?, name_en),
            valid_from: r.take(7)?,
            valid_to: r.take(8)?,
            successor: r.take(9)?,
            scheme: r.take(11)?,
        },
    ))
}

/// The units of these codes, in display order.
fn rows(db: &dyn Db, codes: &[String]) -> StoreResult<Vec<(i64, OrgUnit)>> {
    let mut out = Vec::new();
    if !codes.is_empty() {
        let sql = format!(
            "SELECT {COLS} FROM {} AS u CROSS JOIN org_unit o WHERE o.code = u.column1",
            code_list(db)
        );
        out.extend(db.query_owned(&sql, &[codes_arg(db, codes)], unit_row)?);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    Ok(out)
}

fn line_row(r: &mut super::Row) -> StoreResult<MappingLine> {
    let kind = MapKind::from_code(r.str(2)).unwrap_or(MapKind::Partial);
    let share: Option<String> = r.take(3)?;
    Ok((
        r.take::<String>(0)?,
        r.take::<String>(1)?,
        kind,
        share.and_then(|s| s.parse().ok()),
    ))
}

/// The mapping lines into or out of these units.
fn lines(db: &dyn Db, codes: &[String]) -> StoreResult<Vec<MappingLine>> {
    let mut out = Vec::new();
    if codes.is_empty() {
        return Ok(out);
    }
    for side in ["new_unit", "old_unit"] {
        let sql = format!(
            "SELECT m.old_unit, m.new_unit, m.kind, m.share FROM {} AS u
             CROSS JOIN org_mapping m WHERE m.{side} = u.column1",
            code_list(db)
        );
        out.extend(db.query_owned(&sql, &[codes_arg(db, codes)], line_row)?);
    }
    Ok(out)
}

/// The top units (those above nobody).
pub fn roots(db: &dyn Db) -> StoreResult<Vec<String>> {
    db.query_map("SELECT code FROM org_unit WHERE parent IS NULL", params![], |r| {
        r.get(0)
    })
}

/// Adds the units above `set`'s units to it, up to the top.
fn with_ancestors(db: &dyn Db, set: &mut Vec<String>, seen: &mut HashSet<String>) -> StoreResult<()> {
    let mut frontier = set.clone();
    while !frontier.is_empty() {
        let up = per_code(
            db,
            &frontier,
            "SELECT o.parent FROM (VALUES {codes}) AS u CROSS JOIN org_unit o
             WHERE o.code = u.column1 AND o.parent IS NOT NULL",
        )?;
        frontier = up.into_iter().filter(|c| seen.insert(c.clone())).collect();
        set.extend(frontier.iter().cloned());
    }
    Ok(())
}

/// The start, every unit under it and every unit it was formed from (and theirs); `None`
/// past [`WHOLE`] units. SQLite walks it in one recursive query with a recursive term per
/// kind of edge, each by its index; PostgreSQL, whose recursive query takes one term (a join
/// with both kinds of edge it plans and runs slower), a query per level and kind.
fn below_of(db: &dyn Db, start: &[String]) -> StoreResult<Option<Vec<String>>> {
    if db.dialect() == Dialect::Sqlite {
        let below: Vec<String> = db.query_map(
            "WITH RECURSIVE below (code) AS (
                 SELECT value FROM json_each(?1)
                 UNION SELECT o.code FROM below b JOIN org_unit o ON o.parent = b.code
                 UNION SELECT m.old_unit FROM below b JOIN org_mapping m ON m.new_unit = b.code)
             SELECT code FROM below LIMIT ?2",
            &[codes_arg(db, start), Value::Int((WHOLE + 1) as i64)],
            |r| r.get(0),
        )?;
        return Ok((below.len() <= WHOLE).then_some(below));
    }
    let mut seen: HashSet<String> = start.iter().cloned().collect();
    let mut below: Vec<String> = start.to_vec();
    let mut frontier: Vec<String> = start.to_vec();
    while !frontier.is_empty() {
        if below.len() > WHOLE {
            return Ok(None);
        }
        let mut next = per_code(
            db,
            &frontier,
            "SELECT o.code FROM (VALUES {codes}) AS u CROSS JOIN org_unit o WHERE o.parent = u.column1",
        )?;
        next.extend(per_code(
            db,
            &frontier,
            "SELECT m.old_unit FROM (VALUES {codes}) AS u CROSS JOIN org_mapping m WHERE m.new_unit = u.column1",
        )?);
        frontier = next.into_iter().filter(|c| seen.insert(c.clone())).collect();
        below.extend(frontier.iter().cloned());
    }
    Ok(Some(below))
}

/// What a view of `start` needs (see the module comment); `known` are held already and not
/// read again (their children are, when asked for).
pub fn closure(db: &dyn Db, start: &[String], known: &OrgUnits) -> StoreResult<Scoped> {
    let Some(below) = below_of(db, start)? else {
        // Most of a country: one scan of the tree costs less than lists of codes.
        return everything(db, known);
    };
    let mut seen: HashSet<String> = below.iter().cloned().collect();
    // Every unit read had its units below it read too.
    let complete = below.clone();
    // Where the units went (a unit that ended says which took its place).
    let after = per_code(
        db,
        &below,
        "SELECT m.new_unit FROM (VALUES {codes}) AS u CROSS JOIN org_mapping m WHERE m.old_unit = u.column1",
    )?;
    let mut all = below;
    all.extend(after.into_iter().filter(|c| seen.insert(c.clone())));
    for r in roots(db)? {
        if seen.insert(r.clone()) {
            all.push(r);
        }
    }
    with_ancestors(db, &mut all, &mut seen)?;
    let fresh: Vec<String> = all.iter().filter(|c| !known.holds(c)).cloned().collect();
    Ok(Scoped {
        units: rows(db, &fresh)?,
        lines: lines(db, &all)?,
        complete,
        whole: false,
    })
}

/// Just these units, the units they were formed from or ended into (a message names them),
/// and those above them all (a name looked up, a grant, a row of the log).
pub fn units(db: &dyn Db, codes: &[String], known: &OrgUnits) -> StoreResult<Scoped> {
    let mut seen: HashSet<String> = codes.iter().cloned().collect();
    let mut all = codes.to_vec();
    for (old, new, _, _) in lines(db, codes)? {
        for c in [old, new] {
            if seen.insert(c.clone()) {
                all.push(c);
            }
        }
    }
    with_ancestors(db, &mut all, &mut seen)?;
    let fresh: Vec<String> = all.iter().filter(|c| !known.holds(c)).cloned().collect();
    Ok(Scoped {
        units: rows(db, &fresh)?,
        lines: lines(db, &all)?,
        complete: Vec::new(),
        whole: false,
    })
}

/// The top units (those above none) and their mapping lines: what a process holds at start.
pub fn top(db: &dyn Db, known: &OrgUnits) -> StoreResult<Scoped> {
    let mut units = db.query_owned(
        &format!("SELECT {COLS} FROM org_unit o WHERE o.parent IS NULL"),
        params![],
        unit_row,
    )?;
    units.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    let codes: Vec<String> = units.iter().map(|(_, u)| u.code.clone()).collect();
    units.retain(|(_, u)| !known.holds(&u.code));
    Ok(Scoped {
        lines: lines(db, &codes)?,
        units,
        complete: Vec::new(),
        whole: false,
    })
}

/// The units directly under one unit.
pub fn children(db: &dyn Db, code: &str, known: &OrgUnits) -> StoreResult<Scoped> {
    let kids = per_code(
        db,
        &[code.to_string()],
        "SELECT o.code FROM (VALUES {codes}) AS u CROSS JOIN org_unit o WHERE o.parent = u.column1",
    )?;
    let fresh: Vec<String> = kids.iter().filter(|c| !known.holds(c)).cloned().collect();
    Ok(Scoped {
        units: rows(db, &fresh)?,
        lines: lines(db, &kids)?,
        complete: vec![code.to_string()],
        whole: false,
    })
}

/// Every unit and mapping line (an administrator's import, a push, a list of all units).
pub fn everything(db: &dyn Db, known: &OrgUnits) -> StoreResult<Scoped> {
    let mut units = db.query_owned(&format!("SELECT {COLS} FROM org_unit o"), params![], unit_row)?;
    units.retain(|(_, u)| !known.holds(&u.code));
    units.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    // Read in the table's own order and sorted here: ordered by the index on `new_unit`,
    // SQLite sought every line's kind and share in the table, one look-up per line.
    let mut lines = db.query_owned(
        "SELECT old_unit, new_unit, kind, share FROM org_mapping",
        params![],
        line_row,
    )?;
    lines.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    // Every unit has all its units below among them (`whole`: no list of them is kept).
    Ok(Scoped {
        units,
        lines,
        complete: Vec::new(),
        whole: true,
    })
}

/// The units whose names have not been folded into keys yet (a database opened read-only
/// before kttt could fill them): code and the three names.
fn unkeyed(db: &dyn Db) -> StoreResult<Vec<(String, [String; 3])>> {
    db.query_map(
        "SELECT code, name_vi, short_vi, name_en FROM org_unit WHERE key_vi IS NULL",
        params![],
        |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?])),
    )
}

/// The codes of the units a user may mean by `query`: its kttt code, its statistics code, or
/// its name (full, short or English; diacritics and case ignored).
pub fn named(db: &dyn Db, query: &str) -> StoreResult<Vec<String>> {
    let q = query.trim();
    let key = fold(q);
    let mut out: Vec<String> = db.query_map(
        "SELECT code FROM org_unit WHERE code = ?1 OR gso_code = ?1 OR key_vi = ?2 OR key_short = ?2 OR key_en = ?2",
        params![q, key],
        |r| r.get(0),
    )?;
    for (code, names) in unkeyed(db)? {
        if names.iter().any(|n| fold(n) == key) && !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

/// The codes of at most `limit` units, in display order, whose name holds `text`
/// (diacritics, case and spaces ignored) or whose statistics code starts with it or kttt
/// code holds it; with `days` (first, last), only units that existed on one of those days.
pub fn search(db: &dyn Db, text: &str, days: Option<(&str, &str)>, limit: usize) -> StoreResult<Vec<String>> {
    let key: String = fold(text.trim()).split_whitespace().collect();
    let raw = text.trim();
    if key.is_empty() && raw.is_empty() {
        return Ok(Vec::new());
    }
    let clean = |s: &str| s.replace(['%', '_', '\\'], "");
    let (first, last) = days.unwrap_or(("0000-01-01", "9999-12-31"));
    let mut out: Vec<String> = db.query_map(
        &format!(
            "SELECT code FROM org_unit
             WHERE (replace(key_vi, ' ', '') LIKE ?1 OR gso_code LIKE ?2 OR code LIKE ?3)
               AND (valid_from IS NULL OR valid_from <= ?5) AND (valid_to IS NULL OR valid_to >= ?4)
             ORDER BY position, code LIMIT {limit}"
        ),
        params![
            format!("%{}%", clean(&key)),
            format!("{}%", clean(raw)),
            format!("%{}%", clean(raw)),
            first,
            last
        ],
        |r| r.get(0),
    )?;
    for (code, names) in unkeyed(db)? {
        let k: String = fold(&names[0]).split_whitespace().collect();
        if out.len() < limit && !key.is_empty() && k.contains(&key) && !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

/// Which of these units have units under them that existed on `date` (any, without one).
pub fn branches(db: &dyn Db, codes: &[String], date: Option<&str>) -> StoreResult<Vec<String>> {
    let date = date.unwrap_or("");
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    // The list is `?1` (see `code_list`), the date `?2`.
    let sql = format!(
        "SELECT u.column1 FROM {} AS u WHERE EXISTS (SELECT 1 FROM org_unit o WHERE o.parent = u.column1
           AND (?2 = '' OR ((o.valid_from IS NULL OR o.valid_from <= ?2) AND (o.valid_to IS NULL OR o.valid_to >= ?2))))",
        code_list(db)
    );
    db.query_map(&sql, &[codes_arg(db, codes), Value::Text(date.to_string())], |r| {
        r.get(0)
    })
}

impl super::SqlStore {
    /// The codes of the units held.
    fn known(&self) -> &OrgUnits {
        &self.core.orgs
    }

    /// Adds what was read to the units held (ids of units held already stay).
    fn take(&mut self, s: Scoped) -> StoreResult<Vec<OrgId>> {
        self.units_read += s.units.len();
        s.add_to(std::sync::Arc::make_mut(&mut self.core.orgs))
    }

    /// Holds what a view of these units needs: each with every unit under it, the units it
    /// was formed from (and theirs), the units those ended into, and the units above.
    pub fn hold(&mut self, codes: &[String]) -> StoreResult<()> {
        if self.all_held {
            return Ok(());
        }
        let start: Vec<String> = codes.iter().filter(|c| !self.deep.contains(*c)).cloned().collect();
        if start.is_empty() && !self.core.orgs.is_empty() {
            return Ok(());
        }
        // The country is the whole tree: read in one scan, not level by level.
        if start.iter().any(|c| {
            self.core
                .orgs
                .by_code(c)
                .is_some_and(|u| self.core.orgs.get(u).level == Level::Country)
        }) {
            return self.hold_all();
        }
        let s = closure(self.db(), &start, self.known())?;
        let below = s.complete.clone();
        let whole = s.whole;
        self.take(s)?;
        self.deep.extend(below);
        self.all_held |= whole;
        Ok(())
    }

    /// Holds these units and those above them; the ids of those found, in the order asked.
    pub fn hold_units(&mut self, codes: &[String]) -> StoreResult<Vec<OrgId>> {
        if codes.iter().any(|c| !self.known().holds(c)) {
            let s = units(self.db(), codes, self.known())?;
            self.take(s)?;
        }
        Ok(codes.iter().filter_map(|c| self.core.orgs.by_code(c)).collect())
    }

    /// Whether a unit is held with every unit under it (see [`Self::hold`]).
    pub fn holds_tree(&self, code: &str) -> bool {
        self.all_held || self.deep.contains(code)
    }

    /// Holds the units directly under a unit (a branch opened in the picker).
    pub fn hold_children(&mut self, id: OrgId) -> StoreResult<()> {
        if self.core.orgs.children_known(id) {
            return Ok(());
        }
        let code = self.core.orgs.get(id).code.clone();
        let s = children(self.db(), &code, self.known())?;
        self.take(s).map(|_| ())
    }

    /// Holds the top units (see [`top`]).
    pub fn hold_top(&mut self) -> StoreResult<()> {
        let s = top(self.db(), self.known())?;
        self.take(s).map(|_| ())
    }

    /// Holds every unit (an import of units, a push, a list of all units).
    pub fn hold_all(&mut self) -> StoreResult<()> {
        if self.all_held {
            return Ok(());
        }
        // Every unit is held with all those below it: no list of them is kept.
        let s = everything(self.db(), self.known())?;
        self.take(s)?;
        self.all_held = true;
        Ok(())
    }

    /// Reads the units held again (another session changed units): same ids for the units
    /// held, new units under the branches held appended.
    pub fn refresh_units(&mut self) -> StoreResult<()> {
        let held: Vec<String> = self.core.orgs.all().iter().map(|u| u.code.clone()).collect();
        let complete: Vec<String> = self
            .core
            .orgs
            .all()
            .iter()
            .filter(|u| self.core.orgs.children_known(u.id))
            .map(|u| u.code.clone())
            .collect();
        let mut fresh = rows(self.db(), &held)?;
        let order: std::collections::HashMap<&str, usize> =
            held.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
        fresh.sort_by_key(|(_, u)| order.get(u.code.as_str()).copied().unwrap_or(usize::MAX));
        let lines = lines(self.db(), &held)?;
        let mut orgs = crate::domain::org::OrgUnits::default();
        orgs.extend(fresh, &lines, &[])
            .map_err(crate::store::StoreError::Backend)?;
        self.core.orgs = std::sync::Arc::new(orgs);
        let (deep, all) = (std::mem::take(&mut self.deep), self.all_held);
        self.all_held = false;
        if all {
            self.hold_all()?;
        } else {
            for code in &complete {
                let s = children(self.db(), code, self.known())?;
                self.take(s)?;
            }
            let deep: Vec<String> = deep.into_iter().collect();
            self.hold(&deep)?;
        }
        Ok(())
    }

    /// Holds the units a user has grants on (all users' with `None`).
    pub fn hold_grants(&mut self, user: Option<&str>) -> StoreResult<()> {
        let codes: Vec<String> = match user {
            Some(u) => self
                .db()
                .query_map("SELECT org_unit FROM app_grant WHERE user_name = ?1", params![u], |r| {
                    r.get(0)
                })?,
            None => self
                .db()
                .query_map("SELECT DISTINCT org_unit FROM app_grant", params![], |r| r.get(0))?,
        };
        self.hold_units(&codes).map(|_| ())
    }

    /// Holds the units scenarios were made for (a scenario's unit bounds what it may change).
    pub fn hold_scenarios(&mut self) -> StoreResult<()> {
        let codes: Vec<String> = self.db().query_map(
            "SELECT DISTINCT unit FROM scenario WHERE unit IS NOT NULL",
            params![],
            |r| r.get(0),
        )?;
        self.hold_units(&codes).map(|_| ())
    }

    /// The units a user may mean by a name or code, held; their ids.
    pub fn find_units(&mut self, query: &str) -> StoreResult<Vec<OrgId>> {
        let codes = named(self.db(), query)?;
        self.hold_units(&codes)
    }

    /// At most `limit` units whose name holds `text` (or whose codes match it), held; with
    /// `days`, only units that existed on one of them.
    pub fn search_units(&mut self, text: &str, days: Option<(&str, &str)>, limit: usize) -> StoreResult<Vec<OrgId>> {
        let codes = search(self.db(), text, days, limit)?;
        self.hold_units(&codes)
    }

    /// Which of these units have units under them on `date` (any date without one).
    pub fn with_branches(&self, ids: &[OrgId], date: Option<&str>) -> StoreResult<HashSet<OrgId>> {
        let codes: Vec<String> = ids.iter().map(|i| self.core.orgs.get(*i).code.clone()).collect();
        Ok(branches(self.db(), &codes, date)?
            .iter()
            .filter_map(|c| self.core.orgs.by_code(c))
            .collect())
    }

    /// How many unit rows were read since the store opened (tests and benchmarks).
    pub fn units_read(&self) -> usize {
        self.units_read
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_array_literal_quotes_every_code_and_escapes_quotes_and_backslashes() {
        let codes = ["ba-be".to_string(), r#"a"b\c,{d}"#.to_string(), String::new()];
        assert_eq!(super::array_literal(&codes), r#"{"ba-be","a\"b\\c,{d}",""}"#);
        assert_eq!(super::array_literal(&[]), "{}");
    }
}
