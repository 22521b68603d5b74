//! Working out what importing a mapping changes: each line's old unit is the one of the old
//! scheme valid the day before the new units begin, its new unit the one of the new scheme
//! valid on that day. A line whose old and new unit are one unit that lasts across the day
//! (a commune that took in another and kept its name and code, like Xã Cường Lợi in 2020)
//! says the unit changed: it begins that day and its earlier version, ending the day before,
//! is added, so its figures before the change count through the mapping like the others'.

use super::lists::{MappingList, Problem};
use super::{MapKind, OrgId, OrgUnit, OrgUnits, day_before, unit_code};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// What importing a mapping changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappingPlan {
    /// Units that changed at the effective day: each begins then, and its earlier version
    /// (ending the day before) is added.
    pub split: Vec<(OrgId, OrgUnit)>,
    /// The mapping lines as unit codes, old → new, with the file's line numbers.
    pub lines: Vec<(String, String, MapKind, Option<Decimal>, usize)>,
}

/// Works out a mapping's lines against the known units; a line naming a unit that is not known
/// is reported, and nothing is planned.
pub fn plan_mapping(known: &OrgUnits, m: &MappingList) -> Result<MappingPlan, Vec<Problem>> {
    let before = day_before(&m.effective).unwrap_or_default();
    let mut problems = Vec::new();
    let mut resolved = Vec::new();
    for r in &m.rows {
        let old = known.find_at(&m.from_scheme, &r.old_gso, &before);
        let new = known.find_at(&m.to_scheme, &r.new_gso, &m.effective);
        match (old, new) {
            (Some(o), Some(n)) => resolved.push((o, n, r)),
            _ => problems.push(Problem::new(
                r.line,
                format!(
                    "không có đơn vị {} {} (bảng mã {}) hoặc {} {} (bảng mã {}); nhập danh sách đơn vị trước",
                    r.old_gso, r.old_name, m.from_scheme, r.new_gso, r.new_name, m.to_scheme
                ),
                format!(
                    "no unit {} {} (scheme {}) or {} {} (scheme {}); import the unit lists first",
                    r.old_gso, r.old_name, m.from_scheme, r.new_gso, r.new_name, m.to_scheme
                ),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut plan = MappingPlan::default();
    let mut taken: HashSet<String> = known.all().iter().map(|u| u.code.clone()).collect();
    let mut earlier: HashMap<OrgId, String> = HashMap::new();
    for (o, n, r) in &resolved {
        if o != n || earlier.contains_key(o) {
            continue;
        }
        let u = known.get(*o);
        if u.valid_from.as_deref().is_some_and(|f| f >= m.effective.as_str()) {
            return Err(vec![Problem::new(
                r.line,
                format!(
                    "{} bắt đầu từ {}, không thể đổi vào ngày {}",
                    u.name.vi,
                    u.valid_from.as_deref().unwrap_or(""),
                    m.effective
                ),
                format!(
                    "{} begins on {}, it cannot change on {}",
                    u.name.vi,
                    u.valid_from.as_deref().unwrap_or(""),
                    m.effective
                ),
            )]);
        }
        let code = unit_code(u.level, &u.name.vi, u.gso.as_deref().unwrap_or(""), &before, &|c| {
            taken.contains(c)
        });
        taken.insert(code.clone());
        let mut old = u.clone();
        old.code = code.clone();
        old.valid_to = Some(before.clone());
        old.successor = None;
        plan.split.push((*o, old));
        earlier.insert(*o, code);
    }
    for (o, n, r) in resolved {
        let old = earlier.get(&o).cloned().unwrap_or_else(|| known.get(o).code.clone());
        plan.lines
            .push((old, known.get(n).code.clone(), r.kind, r.share, r.line));
    }
    Ok(plan)
}
