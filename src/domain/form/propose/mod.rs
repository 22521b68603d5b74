//! What a workbook read as a form changes against the form in force, row by row, and the
//! changes a form file would hold to make it: each row read is matched to an indicator by
//! kttt's code, else by its label without diacritics, else by a close label (doubtful: the
//! office decides), else it is new; rows of the form not read are gone. A matched row may be
//! relabelled, moved (another appendix, parent or STT) or measured in another unit; a unit
//! per year turned per month is doubtful too: a new series unless the office accepts the
//! factor.

mod changes;

use super::Form;
use super::read::{ColumnRole, Place, ReadForm, ReadRow, Tier};
use super::similar::{close, close_words, key, words};
use crate::domain::catalog::{Catalog, IndicatorId, Layout};
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_a_month_apart() {
        assert_eq!(factor("Tr đồng/năm", "Tr đồng/tháng"), Some(Factor { num: 1, den: 12 }));
        assert_eq!(factor("HTX", "Người"), None);
    }
}
