//! The changes a form file holds to print a workbook read: rows kept (relabelled, moved,
//! given another unit), rows retired, new rows and units, each new row coded from its
//! parent's code and its label and printed after the row read before it.

use super::{Item, Kind, Proposal};
use crate::domain::catalog::{
    AddedRow, Changes, IndicatorId, Move, NewFunding, NewRow, NewUnit, Relabel, Retire, UnitChange, ValueKind,
};
use crate::domain::form::SeriesLink;
use crate::domain::form::similar::{slug, unit_slug};
use crate::domain::text::fold;
use std::collections::{HashMap, HashSet};

impl Proposal {
    /// The changes and the series links of a form file for the workbook read, with the
    /// doubtful matches and the units changed by a known factor the office accepted (their
    /// codes). A row whose unit changed by a factor is a new indicator whose earlier figures
    /// are carried by that factor (never the old indicator measured in a new unit).
    pub fn changes_and_series(&self, accepted: &[&str]) -> (Changes, Vec<SeriesLink>) {
        let mut factors: Vec<(String, String, String)> = Vec::new();
        for r in &self.rows {
            for k in &r.kinds {
                if let (Kind::Unit { factor: Some(f), .. }, Some(code)) = (k, &r.code)
                    && accepted.contains(&code.as_str())
                {
                    factors.push((code.clone(), r.label.clone(), format!("{}/{}", f.num, f.den)));
                }
            }
        }
        let same: Vec<&str> = accepted
            .iter()
            .copied()
            .filter(|c| !factors.iter().any(|(x, _, _)| x == c))
            .collect();
        let changes = self.changes(&same);
        let mut series = Vec::new();
        for (old, label, by) in &factors {
            if let Some(a) = changes.add.iter().find(|a| a.label() == label) {
                series.push(SeriesLink {
                    code: a.code().to_string(),
                    from: vec![old.clone()],
                    how: "factor".into(),
                    by: Some(by.clone()),
                });
            }
        }
        (changes, series)
    }

    /// The changes a form file based on the form in force holds to print the workbook's
    /// rows: rows matched keep their indicator (relabelled, moved, given another unit), a
    /// doubtful row only when its candidate's code is in `accept_doubtful` (else it is new
    /// and the candidate is retired), new rows get a code from their parent's and their
    /// label, each printed after the row read before it.
    pub fn changes(&self, accept_doubtful: &[&str]) -> Changes {
        let cat = &*self.catalog;
        let items = &self.items;
        let kept: Vec<Option<IndicatorId>> = items
            .iter()
            .map(|it| {
                it.matched
                    .filter(|id| !self.doubtful_row(it) || accept_doubtful.contains(&cat.get(*id).code.as_str()))
            })
            .collect();
        let mut out = Changes::default();
        // Units the workbook names that the form lacks.
        let mut new_units: Vec<(String, String)> = Vec::new();
        let unit_code = |it: &Item, new_units: &mut Vec<(String, String)>, out: &mut Changes| -> Option<String> {
            if let Some(u) = it.unit {
                return Some(cat.units[u].code.clone());
            }
            if it.read.unit.is_empty() {
                return None;
            }
            let f = fold(&it.read.unit);
            if let Some((_, code)) = new_units.iter().find(|(x, _)| *x == f) {
                return Some(code.clone());
            }
            let base = unit_slug(&it.read.unit);
            let mut code = base.clone();
            let mut n = 2;
            while cat.units.iter().any(|u| u.code == code) || new_units.iter().any(|(_, c)| *c == code) {
                code = format!("{base}-{n}");
                n += 1;
            }
            out.new_unit.push(NewUnit::new(
                &code,
                &it.read.unit,
                &it.read.unit,
                guess_kind(&it.read.unit),
            ));
            new_units.push((f, code.clone()));
            Some(code)
        };
        // Each row's code in the new form.
        let mut codes: Vec<String> = Vec::with_capacity(items.len());
        let mut used: HashSet<String> = HashSet::new();
        for (i, it) in items.iter().enumerate() {
            let code = match kept[i] {
                Some(id) => cat.get(id).code.clone(),
                None => {
                    // Under the parent's code, unless that is long already (a deep nest).
                    let head = match it.place.parent.filter(|p| codes[*p].len() <= 60) {
                        Some(p) => codes[p].clone(),
                        None => cat
                            .appendices
                            .iter()
                            .find(|a| a.number == it.number)
                            .and_then(|a| a.rows.first())
                            .map_or("form".to_string(), |r| cat.get(*r).section.code().to_string()),
                    };
                    let base = format!("{head}.{}", slug(&it.read.label));
                    let mut code = base.clone();
                    let mut n = 2;
                    while cat.find(&code).is_some() || used.contains(&code) {
                        code = format!("{base}_{n}");
                        n += 1;
                    }
                    code
                }
            };
            used.insert(code.clone());
            codes.push(code);
        }
        let kept_ids: HashSet<IndicatorId> = kept.iter().flatten().copied().collect();
        for a in &cat.appendices {
            for id in &a.rows {
                if !kept_ids.contains(id) {
                    out.retire.push(Retire {
                        code: cat.get(*id).code.clone(),
                    });
                }
            }
        }
        // Rows kept out of their order move (the fewest: all but a longest run in order).
        let printed: HashMap<IndicatorId, usize> = cat
            .appendices
            .iter()
            .flat_map(|a| a.rows.iter().copied())
            .enumerate()
            .map(|(i, id)| (id, i))
            .collect();
        let order: Vec<(usize, usize)> = items
            .iter()
            .enumerate()
            .filter_map(|(i, _)| kept[i].map(|id| (i, printed[&id])))
            .collect();
        let in_order = longest_run(&order.iter().map(|x| x.1).collect::<Vec<_>>());
        let stays: HashSet<usize> = in_order.iter().map(|k| order[*k].0).collect();
        for (i, it) in items.iter().enumerate() {
            let Some(id) = kept[i] else { continue };
            let ind = cat.get(id);
            if ind.name.vi != it.read.label {
                out.relabel.push(Relabel {
                    code: ind.code.clone(),
                    vi: it.read.label.clone(),
                    en: ind.name.en.clone(),
                    short_vi: None,
                    short_en: None,
                });
            }
            if (ind.unit != it.unit || (it.unit.is_none() && !it.read.unit.is_empty()))
                && let Some(u) = unit_code(it, &mut new_units, &mut out)
            {
                out.unit.push(UnitChange {
                    code: ind.code.clone(),
                    unit: u,
                });
            }
            let parent = it.place.parent.map(|p| codes[p].clone());
            let old_parent = ind.parent.map(|p| cat.get(p).code.clone());
            let elsewhere =
                cat.appendices[ind.appendix].number != it.number || parent != old_parent || ind.number != it.read.stt;
            if !elsewhere && stays.contains(&i) {
                continue;
            }
            let after = (0..i).rev().find(|k| kept[*k].is_some()).map(|k| codes[k].clone());
            let Some(after) = after else { continue };
            out.moves.push(Move {
                code: ind.code.clone(),
                after,
                parent: parent.filter(|p| Some(p) != old_parent.as_ref()),
                no: (ind.number != it.read.stt).then(|| it.read.stt.clone()),
            });
        }
        for (i, it) in items.iter().enumerate() {
            if kept[i].is_some() || i == 0 {
                continue;
            }
            let unit = unit_code(it, &mut new_units, &mut out);
            let kind = unit
                .as_deref()
                .and_then(|u| cat.units.iter().find(|x| x.code == u).and_then(|x| x.kind))
                .or_else(|| unit.as_ref().and_then(|_| guess_kind(&it.read.unit)));
            out.add.push(AddedRow::new(NewRow {
                code: codes[i].clone(),
                after: codes[i - 1].clone(),
                no: (!it.read.stt.is_empty()).then(|| it.read.stt.clone()),
                vi: it.read.label.clone(),
                en: it.read.label.clone(),
                unit,
                parent: it.place.parent.map(|p| codes[p].clone()),
                relation: it.place.relation,
                label: it.read.label_before,
                agg: matches!(kind, Some(ValueKind::Average | ValueKind::Percent)).then(|| "none".to_string()),
                heading: it.read.heading,
                funded: it.funded_layout && !it.read.heading,
            }));
        }
        out.new_funding = self.new_fundings();
        out
    }

    /// The funding sources the workbook's columns name that the form lacks, each printed
    /// after the column before it (in the first period that shows it).
    fn new_fundings(&self) -> Vec<NewFunding> {
        let cat = &*self.catalog;
        let mut out: Vec<NewFunding> = Vec::new();
        let mut before = cat.fundings[0].code.clone();
        for c in &self.fundings {
            match &c.known {
                Some(k) => before = k.clone(),
                None => {
                    let f = fold(&c.name);
                    if let Some(n) = out.iter().find(|n| fold(&n.vi) == f) {
                        before = n.code.clone();
                        continue;
                    }
                    let stem = slug(&c.name);
                    let mut code = stem.clone();
                    let mut n = 2;
                    while cat.funding(&code).is_some() || out.iter().any(|x| x.code == code) {
                        code = format!("{stem}_{n}");
                        n += 1;
                    }
                    out.push(NewFunding {
                        code: code.clone(),
                        vi: c.name.clone(),
                        en: c.name.clone(),
                        abbr_vi: None,
                        abbr_en: None,
                        after: before.clone(),
                    });
                    before = code;
                }
            }
        }
        out
    }
}

/// What a new unit's figures are, from its name: a share, an average per period, an amount
/// of money or land, else a count.
fn guess_kind(unit: &str) -> Option<ValueKind> {
    let f = fold(unit);
    Some(if f.contains('%') {
        ValueKind::Percent
    } else if f.contains('/') {
        ValueKind::Average
    } else if f.contains("dong") || f == "ha" || f.contains("m2") {
        ValueKind::Amount
    } else {
        ValueKind::Count
    })
}

/// The indices of a longest strictly increasing run of `xs` (patience sorting).
fn longest_run(xs: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; xs.len()];
    for (i, x) in xs.iter().enumerate() {
        let k = tails.partition_point(|t| xs[*t] < *x);
        if k > 0 {
            prev[i] = Some(tails[k - 1]);
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(c) = cur {
        out.push(c);
        cur = prev[c];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_longest_run_in_order_and_kinds_of_new_units() {
        assert_eq!(longest_run(&[0, 1, 5, 2, 3, 4]), vec![0, 1, 3, 4, 5]);
        assert!(longest_run(&[]).is_empty());
        assert_eq!(guess_kind("%"), Some(ValueKind::Percent));
        assert_eq!(guess_kind("Tỷ đồng"), Some(ValueKind::Amount));
    }
}
