//! Working out what importing a unit list changes: each row matched with the known unit of
//! its scheme and statistics code on the list's date, new units with readable codes, units
//! that changed continuing as new versions (ended the day before, or, for a list of an
//! earlier time, begun the day after), and units the list no longer holds ended. Pure: the
//! store applies the plan in one transaction.

use super::lists::{Problem, UnitList, UnitRow};
use super::{Level, OrgId, OrgUnit, OrgUnits, day_after, day_before};
use crate::domain::text;
use crate::i18n::Text;
use std::collections::{HashMap, HashSet};

/// The storage code kttt gives a new unit: a readable slug of its name (`ba-be`, `tp-bac-kan`,
/// `phung-chi-kien-01843` for a commune, whose names repeat across the country), made unique
/// with the scheme and then a number when `taken` says the code is in use.
pub fn unit_code(level: Level, name: &str, gso: &str, scheme: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let folded = text::fold(name);
    let (prefix, rest) = match level {
        Level::Province | Level::Country => ("", strip_any(&folded, &["tinh ", "thanh pho "])),
        Level::District => {
            if let Some(r) = folded.strip_prefix("thanh pho ") {
                ("tp-", r)
            } else if let Some(r) = folded.strip_prefix("thi xa ") {
                ("tx-", r)
            } else {
                ("", strip_any(&folded, &["huyen ", "quan "]))
            }
        }
        Level::Commune => ("", strip_any(&folded, &["xa ", "phuong ", "thi tran ", "dac khu "])),
    };
    let slug: String = rest
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let mut base = format!("{prefix}{slug}");
    if level == Level::Commune || base.is_empty() {
        base = if base.is_empty() {
            gso.to_string()
        } else {
            format!("{base}-{gso}")
        };
    }
    if !taken(&base) {
        return base;
    }
    let with_scheme = format!("{base}-{scheme}");
    if !taken(&with_scheme) {
        return with_scheme;
    }
    (2..)
        .map(|n| format!("{with_scheme}-{n}"))
        .find(|c| !taken(c))
        .unwrap_or(with_scheme)
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes.iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s)
}

/// What importing a unit list changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPlan {
    /// New units, parents before children (their `parent` is a code).
    pub add: Vec<OrgUnit>,
    /// Units whose name, level or parent is corrected in place, or whose last day is set.
    pub update: Vec<(OrgId, OrgUnit)>,
    /// Units that end the day before the list's first day.
    pub close: Vec<(OrgId, String)>,
    /// Old → new versions of a unit that changed at the list's first day (whole), or, for a
    /// list of an earlier time, the day after its last.
    pub versions: Vec<(String, String)>,
    /// The first day of the new versions.
    pub effective: Option<String>,
    /// Rows that match a unit as it is.
    pub unchanged: usize,
}

impl ImportPlan {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.update.is_empty() && self.close.is_empty()
    }
}

/// Works out what importing a list into the known units changes. A row matches the known unit
/// of the same scheme and statistics code valid on the list's date. A matched unit whose name,
/// level or parent differs is corrected in place when the list starts when it did; a list of
/// an earlier time (a last day and no first day, such as the 2019 tree) whose matched unit
/// lasts beyond it describes that unit before a change: the unit begins the day after the
/// list's last day and the row is added as its earlier version; otherwise the unit ends the
/// day before the list's first day and continues as a new version. Versions carry figures
/// over through a whole mapping. Known units of the same scheme under the list's provinces
/// that the list no longer holds end the day before its first day; for a list of an earlier
/// time, those that outlast it without being in it began the day after its last day.
pub fn plan_import(known: &OrgUnits, list: &UnitList) -> Result<ImportPlan, Vec<Problem>> {
    let date = list
        .match_date()
        .map(str::to_string)
        .unwrap_or_else(|| "9999-12-31".into());
    let mut plan = ImportPlan::default();
    // A list of an earlier time: its units' versions begin the day after its last day.
    let earlier_to = match (&list.valid_from, &list.valid_to) {
        (None, Some(t)) => Some(t.clone()),
        _ => None,
    };
    let outlives = |u: &OrgUnit| {
        earlier_to
            .as_deref()
            .is_some_and(|t| u.valid_to.as_deref().is_some_and(|v| v > t))
    };
    let after = earlier_to.as_deref().and_then(day_after);
    let mut taken: HashSet<String> = known.all().iter().map(|u| u.code.clone()).collect();
    let mut code_of: HashMap<String, String> = HashMap::new();
    let mut matched: HashSet<OrgId> = HashSet::new();
    let mut problems = Vec::new();
    // Parents first: provinces, then districts, then communes.
    let mut rows: Vec<&UnitRow> = list.rows.iter().collect();
    rows.sort_by_key(|r| match r.level {
        Level::Country => 0,
        Level::Province => 1,
        Level::District => 2,
        Level::Commune => 3,
    });
    for r in rows {
        let parent = match &r.parent_gso {
            None => None,
            Some(p) => match code_of.get(p).cloned().or_else(|| {
                known
                    .find_at(&list.scheme, p, &date)
                    .map(|id| known.get(id).code.clone())
            }) {
                Some(c) => Some(c),
                None => {
                    problems.push(Problem::new(
                        r.line,
                        format!("không có đơn vị cấp trên mã {p} (trong tệp hoặc đã có)"),
                        format!("no parent unit with code {p} (in the file or known)"),
                    ));
                    continue;
                }
            },
        };
        let existing = known.find_at(&list.scheme, &r.gso, &date);
        match existing {
            Some(id) => {
                matched.insert(id);
                let u = known.get(id);
                code_of.insert(r.gso.clone(), u.code.clone());
                let same = u.name.vi == r.name && u.level == r.level && u.parent == parent;
                let mut want = u.clone();
                if !same {
                    want.name = Text::new(r.name.clone(), r.name.clone());
                    want.short = Text::new(short_name(&r.name), r.name.clone());
                    want.level = r.level;
                    want.parent = parent.clone();
                }
                let starts_here = list.valid_from.is_none() || u.valid_from == list.valid_from;
                if !same && outlives(u) {
                    // The row is the unit as it was before it changed.
                    let mut begun = u.clone();
                    begun.valid_from = after.clone();
                    plan.update.push((id, begun));
                    let code = unit_code(r.level, &r.name, &r.gso, list.match_date().unwrap_or_default(), &|c| {
                        taken.contains(c)
                    });
                    taken.insert(code.clone());
                    plan.versions.push((code.clone(), u.code.clone()));
                    plan.effective = after.clone();
                    code_of.insert(r.gso.clone(), code.clone());
                    let mut old = new_unit(list, r, code, parent);
                    old.valid_from = u.valid_from.clone();
                    plan.add.push(old);
                } else if same {
                    if list.valid_to.is_some() && u.valid_to.is_none() {
                        want.valid_to = list.valid_to.clone();
                        plan.update.push((id, want));
                    } else {
                        plan.unchanged += 1;
                    }
                } else if starts_here {
                    want.valid_to = want.valid_to.or(list.valid_to.clone());
                    plan.update.push((id, want));
                } else {
                    let from = list.valid_from.clone().unwrap_or_default();
                    plan.close.push((id, day_before(&from).unwrap_or_default()));
                    let code = unit_code(r.level, &r.name, &r.gso, &list.scheme, &|c| taken.contains(c));
                    taken.insert(code.clone());
                    plan.versions.push((u.code.clone(), code.clone()));
                    plan.effective = list.valid_from.clone();
                    code_of.insert(r.gso.clone(), code.clone());
                    plan.add.push(new_unit(list, r, code, parent));
                }
            }
            None => {
                let code = unit_code(r.level, &r.name, &r.gso, &list.scheme, &|c| taken.contains(c));
                taken.insert(code.clone());
                code_of.insert(r.gso.clone(), code.clone());
                plan.add.push(new_unit(list, r, code, parent));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Units of a later time the list of an earlier time does not hold began after it.
    if let (Some(t), Some(next)) = (&earlier_to, &after) {
        for u in in_provinces(known, list, t) {
            if !matched.contains(&u.id) && outlives(u) && u.valid_from.as_deref().is_none_or(|f| f < next.as_str()) {
                let mut begun = u.clone();
                begun.valid_from = Some(next.clone());
                plan.update.push((u.id, begun));
            }
        }
    }
    // Units the list no longer holds, under the provinces it covers, end before it starts.
    if let Some(from) = &list.valid_from {
        for u in in_provinces(known, list, from) {
            if !matched.contains(&u.id) {
                plan.close.push((u.id, day_before(from).unwrap_or_default()));
            }
        }
    }
    Ok(plan)
}

/// The known units of the list's scheme valid on a day under the provinces the list holds.
fn in_provinces<'a>(known: &'a OrgUnits, list: &UnitList, date: &str) -> Vec<&'a OrgUnit> {
    let provinces: HashSet<String> = list
        .rows
        .iter()
        .filter(|r| r.level == Level::Province)
        .filter_map(|r| known.find_at(&list.scheme, &r.gso, date))
        .map(|id| known.get(id).code.clone())
        .collect();
    known
        .all()
        .iter()
        .filter(|u| {
            u.scheme.as_deref() == Some(list.scheme.as_str())
                && u.valid_on(date)
                && provinces.contains(&known.get(root_of(known, u.id)).code)
        })
        .collect()
}

fn root_of(known: &OrgUnits, mut id: OrgId) -> OrgId {
    let mut guard = 0;
    while let Some(p) = known.parent_of(id) {
        id = p;
        guard += 1;
        if guard > 10 {
            break;
        }
    }
    id
}

/// The name without its administrative prefix, for headers: `Ba Bể`, `Phùng Chí Kiên`.
fn short_name(name: &str) -> String {
    for p in ["Tỉnh ", "Huyện ", "Quận ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu "] {
        if let Some(r) = name.strip_prefix(p) {
            return r.to_string();
        }
    }
    name.to_string()
}

fn new_unit(list: &UnitList, r: &UnitRow, code: String, parent: Option<String>) -> OrgUnit {
    OrgUnit {
        id: OrgId(0),
        code,
        gso: Some(r.gso.clone()),
        level: r.level,
        parent,
        name: Text::new(r.name.clone(), r.name.clone()),
        short: Text::new(short_name(&r.name), r.name.clone()),
        valid_from: list.valid_from.clone(),
        valid_to: list.valid_to.clone(),
        successor: None,
        scheme: Some(list.scheme.clone()),
    }
}
