//! What a workbook read as a form changes against the form in force, row by row, and the
//! changes a form file would hold to make it: each row read is matched to an indicator by
//! kttt's code, else by its label without diacritics, else by a close label (doubtful: the
//! office decides), else it is new; rows of the form not read are gone. A matched row may be
//! relabelled, moved (another appendix, parent or STT) or measured in another unit; a unit
//! per year turned per month is doubtful too: a new series unless the office accepts the
//! factor.

use super::Form;
use super::read::{ColumnRole, Place, ReadForm, ReadRow, Tier};
use super::similar::{close, close_words, key, slug, unit_slug, words};
use crate::domain::catalog::{
    AddedRow, Catalog, Changes, IndicatorId, Layout, Move, NewRow, NewUnit, Relabel, Retire, UnitChange, ValueKind,
};
use crate::domain::text::fold;
use crate::i18n::Text;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Figures in the new unit are the old ones × `num` / `den`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Factor {
    pub num: u32,
    pub den: u32,
}

/// How a row read differs from the form in force.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Printed the same.
    Same,
    /// The same indicator under another label.
    Relabelled { from: String, to: String },
    /// Not in the form in force.
    New,
    /// In the form in force, not in the workbook.
    Gone,
    /// Printed elsewhere: another appendix, parent or STT (`appendix · parent · STT`).
    Moved { from: String, to: String },
    /// Measured in another unit, with the factor that converts the figures when one is known.
    Unit {
        from: String,
        to: String,
        factor: Option<Factor>,
    },
    /// Perhaps the indicator `candidate`, for the reason given: new unless the office accepts.
    Doubtful { candidate: String, why: Text },
}

/// A row of the proposal: a row read (or, gone, a row of the form in force).
#[derive(Clone, Debug, PartialEq)]
pub struct ProposedRow {
    /// The appendix's number (`1`).
    pub appendix: String,
    /// The sheet and 1-based row it was read from (empty and 0 for a row gone).
    pub sheet: String,
    pub row: u32,
    pub stt: String,
    pub label: String,
    pub unit: String,
    /// The indicator of the form in force it is (the candidate of a doubtful match).
    pub code: Option<String>,
    pub kinds: Vec<Kind>,
}

impl ProposedRow {
    /// Whether one of its kinds is `pick`.
    pub fn is(&self, pick: fn(&Kind) -> bool) -> bool {
        self.kinds.iter().any(pick)
    }
}

/// A funding source column of the workbook and the source of the form it is, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundingColumn {
    pub appendix: String,
    pub sheet: String,
    pub col: String,
    pub name: String,
    /// The form's funding code; `None`: a source the form does not have.
    pub known: Option<String>,
}

/// What the workbook changes, and the form file's changes that would make it.
#[derive(Clone, Debug)]
pub struct Proposal {
    /// The rows read, in the workbook's order, then the rows gone.
    pub rows: Vec<ProposedRow>,
    /// The funding source columns read.
    pub fundings: Vec<FundingColumn>,
    /// What the changes cannot say (a new funding source, an appendix the form lacks…).
    pub notes: Vec<Text>,
    catalog: Arc<Catalog>,
    items: Vec<Item>,
}

/// A row read, as matched.
#[derive(Clone, Debug)]
struct Item {
    number: String,
    read: ReadRow,
    /// The place chosen among the layout's, the parent as an index into the items.
    place: Place,
    matched: Option<IndicatorId>,
    doubtful: bool,
    /// The unit of the form its ĐVT is, if any.
    unit: Option<usize>,
    funded_layout: bool,
}

/// Matches a workbook read as a form to the form in force.
pub fn propose(current: &Form, read: &ReadForm) -> Proposal {
    let cat = &current.catalog;
    let printed: Vec<IndicatorId> = cat.appendices.iter().flat_map(|a| a.rows.iter().copied()).collect();
    let pos: HashMap<IndicatorId, usize> = printed.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut notes = Vec::new();
    let mut items = Vec::new();
    for a in &read.appendices {
        let base = items.len();
        let layout = cat.appendices.iter().find(|x| x.number == a.number).map(|x| x.layout);
        if layout.is_none() {
            notes.push(Text::new(
                format!("Phụ lục {} (trang “{}”) không có trong biểu mẫu đang áp dụng: các dòng của nó chưa đặt được vào biểu mẫu.", a.number, a.sheet),
                format!("Appendix {} (sheet “{}”) is not in the form in force: its rows cannot be placed in the form yet.", a.number, a.sheet),
            ));
        }
        for r in &a.rows {
            let shift = |p: Place| Place {
                parent: p.parent.map(|x| x + base),
                relation: p.relation,
            };
            let mut read = r.clone();
            read.place = shift(r.place);
            read.also = r.also.iter().map(|p| shift(*p)).collect();
            items.push(Item {
                number: a.number.clone(),
                place: read.place,
                unit: unit_of(cat, &read.unit),
                read,
                matched: None,
                doubtful: false,
                funded_layout: layout == Some(Layout::Funding) || a.funded(),
            });
        }
    }
    // Each printed row's label as compared, worked out once.
    let keys: HashMap<IndicatorId, (String, String, Vec<String>)> = printed
        .iter()
        .map(|id| {
            let n = &cat.get(*id).name;
            (*id, (key(&n.vi), key(&n.en), words(&n.vi)))
        })
        .collect();
    let mut taken: HashSet<IndicatorId> = HashSet::new();
    // By code.
    for it in &mut items {
        if let Some(id) = it.read.code.as_deref().and_then(|c| cat.find(c))
            && cat.get(id).in_form
            && taken.insert(id)
        {
            it.matched = Some(id);
        }
    }
    // By label without diacritics, then by a close label.
    for close_pass in [false, true] {
        let mut last: Option<usize> = None;
        for i in 0..items.len() {
            if let Some(m) = items[i].matched {
                last = pos.get(&m).copied();
                continue;
            }
            let parents: Vec<Option<IndicatorId>> = std::iter::once(items[i].read.place)
                .chain(items[i].read.also.iter().copied())
                .map(|p| p.parent.and_then(|x| items[x].matched))
                .collect();
            let it = &items[i];
            let want = key(&it.read.label);
            let want_words = words(&it.read.label);
            let mut best: Option<(i64, f64, usize, IndicatorId, Option<Text>)> = None;
            for id in printed.iter().copied().filter(|id| !taken.contains(id)) {
                let ind = cat.get(id);
                let (vi, en, form_words) = &keys[&id];
                let (share, why) = if close_pass {
                    match close_words(&want_words, form_words) {
                        Some((s, w)) => (s, Some(w)),
                        None => continue,
                    }
                } else if *vi == want || *en == want {
                    (1.0, None)
                } else {
                    continue;
                };
                let same_app = cat.appendices[ind.appendix].number == it.number;
                let score = 4 * i64::from(same_app)
                    + 2 * i64::from(parents.contains(&ind.parent) && ind.parent.is_some())
                    + i64::from(fold(&ind.number) == fold(&it.read.stt));
                let p = pos[&id];
                let ahead = usize::from(last.is_some_and(|l| p <= l));
                let better = match &best {
                    None => true,
                    Some((s, sh, a, bid, _)) => {
                        (score, share) > (*s, *sh) || ((score, share) == (*s, *sh) && (ahead, p) < (*a, pos[bid]))
                    }
                };
                if better {
                    best = Some((score, share, ahead, id, why));
                }
            }
            if let Some((_, _, _, id, why)) = best {
                taken.insert(id);
                items[i].matched = Some(id);
                items[i].doubtful = why.is_some();
                last = Some(pos[&id]);
            }
        }
    }
    // The place the form in force agrees with, among those the layout allows.
    for i in 0..items.len() {
        let Some(id) = items[i].matched else { continue };
        let ind = cat.get(id);
        let places: Vec<Place> = std::iter::once(items[i].read.place)
            .chain(items[i].read.also.iter().copied())
            .collect();
        let parent_of = |p: &Place| p.parent.and_then(|x| items[x].matched);
        let pick = places
            .iter()
            .find(|p| parent_of(p) == ind.parent && p.relation == ind.relation)
            .or_else(|| places.iter().find(|p| parent_of(p) == ind.parent))
            .copied();
        if let Some(p) = pick {
            items[i].place = p;
        }
    }
    let mut rows: Vec<ProposedRow> = Vec::with_capacity(items.len());
    let sheet_of = |number: &str| {
        read.appendices
            .iter()
            .find(|a| a.number == number)
            .map_or(String::new(), |a| a.sheet.clone())
    };
    for it in &items {
        rows.push(ProposedRow {
            appendix: it.number.clone(),
            sheet: sheet_of(&it.number),
            row: it.read.row,
            stt: it.read.stt.clone(),
            label: it.read.label.clone(),
            unit: it.read.unit.clone(),
            code: it.matched.map(|id| cat.get(id).code.clone()),
            kinds: kinds(cat, &items, it),
        });
    }
    for id in printed.iter().copied().filter(|id| !taken.contains(id)) {
        let ind = cat.get(id);
        rows.push(ProposedRow {
            appendix: cat.appendices[ind.appendix].number.clone(),
            sheet: String::new(),
            row: 0,
            stt: ind.number.clone(),
            label: ind.name.vi.clone(),
            unit: cat.unit_name(id, crate::i18n::Lang::Vi).to_string(),
            code: Some(ind.code.clone()),
            kinds: vec![Kind::Gone],
        });
    }
    let mut fundings = Vec::new();
    for a in &read.appendices {
        for c in &a.columns {
            let ColumnRole::Value {
                tier: Tier::Part(name), ..
            } = &c.role
            else {
                continue;
            };
            let f = fold(name);
            let known = cat
                .fundings
                .iter()
                .find(|x| {
                    [&x.name.vi, &x.name.en, &x.abbr.vi, &x.abbr.en]
                        .iter()
                        .any(|n| fold(n) == f)
                })
                .map(|x| x.code.clone());
            if known.is_none()
                && !fundings
                    .iter()
                    .any(|x: &FundingColumn| x.known.is_none() && fold(&x.name) == f)
            {
                notes.push(Text::new(
                    format!("{}, cột {}: nguồn vốn “{name}” không có trong biểu mẫu đang áp dụng; tệp biểu mẫu chưa ghi được nguồn vốn mới, cần thêm bằng tay.", a.sheet, c.col),
                    format!("{}, column {}: the funding source “{name}” is not in the form in force; a form file cannot add a source yet: it must be added by hand.", a.sheet, c.col),
                ));
            }
            fundings.push(FundingColumn {
                appendix: a.number.clone(),
                sheet: a.sheet.clone(),
                col: c.col.clone(),
                name: name.clone(),
                known,
            });
        }
    }
    Proposal {
        rows,
        fundings,
        notes,
        catalog: Arc::clone(cat),
        items,
    }
}

/// The unit of the form a printed ĐVT names.
fn unit_of(cat: &Catalog, text: &str) -> Option<usize> {
    let f = fold(text);
    if f.is_empty() {
        return None;
    }
    cat.units.iter().position(|u| {
        [&u.name.vi, &u.name.en, &u.abbr.vi, &u.abbr.en]
            .iter()
            .any(|n| fold(n) == f)
    })
}

/// The factor between two units of the same money over a year and over a month.
fn factor(from: &str, to: &str) -> Option<Factor> {
    let (a, b) = (fold(from).replace(' ', ""), fold(to).replace(' ', ""));
    let (sa, pa) = a.rsplit_once('/')?;
    let (sb, pb) = b.rsplit_once('/')?;
    if sa != sb {
        return None;
    }
    match (pa, pb) {
        ("nam", "thang") | ("year", "month") => Some(Factor { num: 1, den: 12 }),
        ("thang", "nam") | ("month", "year") => Some(Factor { num: 12, den: 1 }),
        _ => None,
    }
}

/// `Phụ lục · parent · STT` of a place.
fn place_text(number: &str, parent: Option<&str>, stt: &str) -> String {
    format!("{number} · {} · {stt}", parent.unwrap_or("—"))
}

/// The kinds of a row read.
fn kinds(cat: &Catalog, items: &[Item], it: &Item) -> Vec<Kind> {
    let Some(id) = it.matched else { return vec![Kind::New] };
    let ind = cat.get(id);
    let mut out = Vec::new();
    if it.doubtful {
        let why = close(&it.read.label, &ind.name.vi).map(|x| x.1).unwrap_or_default();
        out.push(Kind::Doubtful {
            candidate: ind.code.clone(),
            why,
        });
    }
    if ind.name.vi != it.read.label {
        out.push(Kind::Relabelled {
            from: ind.name.vi.clone(),
            to: it.read.label.clone(),
        });
    }
    let parent = it.place.parent.map(|p| &items[p]);
    let parent_id = parent.and_then(|p| p.matched);
    let number = &cat.appendices[ind.appendix].number;
    if *number != it.number
        || parent_id != ind.parent
        || parent.is_some() && parent_id.is_none()
        || ind.number != it.read.stt
    {
        let read_parent = parent.map(|p| p.matched.map_or(p.read.label.clone(), |m| cat.get(m).code.clone()));
        out.push(Kind::Moved {
            from: place_text(number, ind.parent.map(|p| cat.get(p).code.as_str()), &ind.number),
            to: place_text(&it.number, read_parent.as_deref(), &it.read.stt),
        });
    }
    let had = ind.unit;
    if had != it.unit || (it.unit.is_none() && !it.read.unit.is_empty()) {
        let from = had.map_or(String::new(), |u| cat.units[u].name.vi.clone());
        let f = factor(&from, &it.read.unit);
        out.push(Kind::Unit {
            from: from.clone(),
            to: it.read.unit.clone(),
            factor: f,
        });
        if let Some(f) = f {
            let to = &it.read.unit;
            out.push(Kind::Doubtful {
                candidate: ind.code.clone(),
                why: Text::new(
                    format!("ĐVT đổi từ “{from}” sang “{to}”: số liệu cũ nhân {}/{} mới so được với số liệu mới; không nhận hệ số này thì là chỉ tiêu mới (chuỗi số liệu mới).", f.num, f.den),
                    format!("the unit changes from “{from}” to “{to}”: old figures compare only × {}/{}; unless the factor is accepted it is a new indicator (a new series).", f.num, f.den),
                ),
            });
        }
    }
    if out.is_empty() {
        out.push(Kind::Same);
    }
    out
}

impl Proposal {
    /// The rows that change.
    pub fn changed(&self) -> impl Iterator<Item = &ProposedRow> {
        self.rows.iter().filter(|r| r.kinds != [Kind::Same])
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
        out
    }

    /// Whether a row's match is doubtful (a close label, or a unit with a factor).
    fn doubtful_row(&self, it: &Item) -> bool {
        it.doubtful
            || kinds(&self.catalog, &self.items, it)
                .iter()
                .any(|k| matches!(k, Kind::Doubtful { .. }))
    }

    /// The rows read whose match the office must decide, with their candidate codes.
    pub fn doubtful(&self) -> Vec<&str> {
        self.rows
            .iter()
            .flat_map(|r| r.kinds.iter())
            .filter_map(|k| match k {
                Kind::Doubtful { candidate, .. } => Some(candidate.as_str()),
                _ => None,
            })
            .collect()
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
    fn a_longest_run_in_order_and_units_a_month_apart() {
        assert_eq!(longest_run(&[0, 1, 5, 2, 3, 4]), vec![0, 1, 3, 4, 5]);
        assert!(longest_run(&[]).is_empty());
        assert_eq!(factor("Tr đồng/năm", "Tr đồng/tháng"), Some(Factor { num: 1, den: 12 }));
        assert_eq!(factor("HTX", "Người"), None);
        assert_eq!(guess_kind("%"), Some(ValueKind::Percent));
        assert_eq!(guess_kind("Tỷ đồng"), Some(ValueKind::Amount));
    }
}
