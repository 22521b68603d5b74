//! A form as read from the ministry's appendix workbook, before it is matched to a form kttt
//! knows: each appendix's number, title and columns, and its rows in printed order with the
//! place the layout gives them (a numbered row under the row its STT nests in, a row after
//! "Trong đó:"/"Chia ra:" under the row above). The layout does not always say one thing —
//! "Chia ra:" after a "Trong đó" row may break down that row or the row above it — so each
//! row also keeps the other places the layout allows, for the match to pick the one the form
//! in force agrees with. Pure: `exchange::form` reads the workbook into [`Line`]s.

use crate::domain::catalog::Relation;
use crate::domain::period::Period;
use crate::domain::text::fold;

/// A workbook read as a form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadForm {
    /// The appendices, in the workbook's order.
    pub appendices: Vec<ReadAppendix>,
    /// Sheets that are no appendix (instructions, notes), by name.
    pub skipped: Vec<String>,
}

/// One appendix sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadAppendix {
    pub sheet: String,
    /// `1` of `Phụ lục 1`.
    pub number: String,
    /// The title printed under `Phụ lục N` (NFC, trimmed).
    pub title: String,
    /// The plan year its period columns name (the latest plan's year).
    pub year: Option<i32>,
    pub columns: Vec<ReadColumn>,
    pub rows: Vec<ReadRow>,
}

impl ReadAppendix {
    /// Whether its figures are split by funding source (Phụ lục 3).
    pub fn funded(&self) -> bool {
        self.columns.iter().any(|c| {
            matches!(
                &c.role,
                ColumnRole::Value {
                    tier: Tier::Part(_),
                    ..
                }
            )
        })
    }
}

/// A column of an appendix and what its header says it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadColumn {
    /// The column's letters (`E`).
    pub col: String,
    /// The header's text, its lines joined.
    pub head: String,
    pub role: ColumnRole,
}

/// What a column holds.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnRole {
    Stt,
    Name,
    Unit,
    /// kttt's own code column.
    Code,
    /// `Ghi chú`.
    Notes,
    /// A percentage worked out from other columns.
    Percent,
    /// Figures of a period, of all sources or of one funding source.
    Value {
        period: Period,
        tier: Tier,
    },
}

/// Which funding source a figure column is of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tier {
    /// `Tổng số`, or a layout without sources.
    Total,
    /// A source named under `Trong đó` (`CTMTQG XD Nông thôn mới`), as printed.
    Part(String),
}

/// A place the layout gives a row: the row it belongs to (an index into the appendix's
/// rows) and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub parent: Option<usize>,
    pub relation: Option<Relation>,
}

/// One row of an appendix as printed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadRow {
    /// 1-based row of the sheet.
    pub row: u32,
    /// STT as printed (`I`, `1`, `3.1`, `a`, `*`), empty when none.
    pub stt: String,
    /// The indicator's label (NFC, trimmed).
    pub label: String,
    /// ĐVT as printed, empty when none.
    pub unit: String,
    /// kttt's code, when the sheet has kttt's code column and the row one.
    pub code: Option<String>,
    /// A heading: no unit, and numbered or written in capitals.
    pub heading: bool,
    /// The place the layout most plainly gives it.
    pub place: Place,
    /// Other places the layout allows (nearest first).
    pub also: Vec<Place>,
    /// A `Trong đó:`/`Chia ra:` line is printed just before it.
    pub label_before: Option<Relation>,
    /// How deep it sits under [`ReadRow::place`] (0 for a top row).
    pub depth: u8,
}

/// A line of an appendix's table as the workbook has it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub row: u32,
    pub stt: String,
    pub label: String,
    pub unit: String,
    pub code: Option<String>,
}

/// The most places a row keeps (a form nests a few levels deep; a hostile sheet may nest
/// thousands).
const MAX_PLACES: usize = 8;

/// The relation a label line names (`Trong đó:`, `Chia ra:`), when the whole label is one.
pub fn marker(label: &str) -> Option<Relation> {
    let f = fold(label);
    match f.trim_end_matches(':').trim() {
        "trong do" | "of which" => Some(Relation::OfWhich),
        "chia ra" | "broken down" | "split into" => Some(Relation::Split),
        _ => None,
    }
}

/// The relation a label starts with (`Trong đó: Doanh thu …`), the row's own words after it.
pub fn inline_marker(label: &str) -> Option<Relation> {
    let f = fold(label);
    let (head, rest) = f.split_once(':')?;
    if rest.trim().is_empty() {
        return None;
    }
    marker(head)
}

/// How an STT numbers: rows numbered alike are siblings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Roman,
    Arabic,
    /// `3.1` (two parts), `3.1.2` (three).
    Dotted(usize),
    Letter,
    Upper,
    Star,
    Other,
}

fn class(stt: &str) -> Option<Class> {
    let s = stt.trim().trim_end_matches(['.', ')']);
    if s.is_empty() || matches!(s, "-" | "+" | "•" | "–") {
        return None;
    }
    Some(if s == "*" {
        Class::Star
    } else if s.chars().all(|c| c.is_ascii_digit()) {
        Class::Arabic
    } else if s
        .split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        Class::Dotted(s.split('.').count())
    } else if s.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        Class::Roman
    } else if s.chars().count() == 1 && s.chars().all(|c| c.is_lowercase()) {
        Class::Letter
    } else if s.chars().count() == 1 && s.chars().all(|c| c.is_uppercase()) {
        Class::Upper
    } else {
        Class::Other
    })
}

/// Whether a label is written in capitals (`HỢP TÁC XÃ`).
fn capitals(label: &str) -> bool {
    let letters: Vec<char> = label.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

/// The rows of an appendix with their places, from its lines in order: label lines become
/// the next row's `label_before`.
pub fn place_rows(lines: &[Line]) -> Vec<ReadRow> {
    let mut out: Vec<ReadRow> = Vec::with_capacity(lines.len());
    // The numbered rows open above, each with how it is numbered.
    let mut stack: Vec<(Class, usize)> = Vec::new();
    let mut in_group = false;
    let mut pending: Option<Relation> = None;
    for line in lines {
        let numbered = class(&line.stt);
        if numbered.is_none()
            && line.unit.is_empty()
            && line.code.is_none()
            && let Some(rel) = marker(&line.label)
        {
            pending = Some(rel);
            continue;
        }
        let idx = out.len();
        let last = idx.checked_sub(1);
        let label_before = pending.take().filter(|_| last.is_some());
        let places: Vec<Place> = match (numbered, label_before, last) {
            (Some(c), Some(rel), Some(l)) => {
                stack.push((c, idx));
                in_group = false;
                anchors(&out, l, rel)
            }
            (Some(c), _, _) => {
                if c == Class::Star {
                    stack.clear();
                } else if let Some(k) = stack.iter().rposition(|(x, _)| *x == c) {
                    stack.truncate(k);
                }
                let parent = stack.last().map(|s| s.1);
                stack.push((c, idx));
                in_group = false;
                vec![Place { parent, relation: None }]
            }
            (None, Some(rel), Some(l)) => {
                in_group = true;
                anchors(&out, l, rel)
            }
            (None, None, Some(l)) if inline_marker(&line.label).is_some() => {
                in_group = true;
                anchors(&out, l, inline_marker(&line.label).unwrap_or(Relation::OfWhich))
            }
            (None, None, Some(l)) if in_group => {
                let mut p = continuing(&out, l);
                for x in fallback(&out, &stack) {
                    if !p.contains(&x) {
                        p.push(x);
                    }
                }
                p
            }
            _ => fallback(&out, &stack),
        };
        let place = places.first().copied().unwrap_or(Place {
            parent: None,
            relation: None,
        });
        let depth = place.parent.map_or(0, |p| out[p].depth.saturating_add(1));
        out.push(ReadRow {
            row: line.row,
            stt: line.stt.clone(),
            label: line.label.clone(),
            unit: line.unit.clone(),
            code: line.code.clone(),
            heading: line.unit.is_empty() && (numbered.is_some() || capitals(&line.label)),
            place,
            also: places.into_iter().skip(1).collect(),
            label_before,
            depth,
        });
    }
    out
}

/// The places of a row after a label line: under the row above, or — when that row is
/// itself a part — under the row that one is a part of, and so on up.
fn anchors(out: &[ReadRow], last: usize, rel: Relation) -> Vec<Place> {
    let mut p = vec![Place {
        parent: Some(last),
        relation: Some(rel),
    }];
    let mut cur = last;
    while out[cur].place.relation.is_some()
        && p.len() < MAX_PLACES
        && let Some(up) = out[cur].place.parent
    {
        p.push(Place {
            parent: Some(up),
            relation: Some(rel),
        });
        cur = up;
    }
    p
}

/// The places of an unnumbered row in a group: beside the row above, or in the group that
/// row's parent belongs to, and so on up.
fn continuing(out: &[ReadRow], last: usize) -> Vec<Place> {
    let mut p = vec![out[last].place];
    let mut cur = out[last].place.parent;
    while let Some(c) = cur {
        if out[c].place.relation.is_none() || p.len() >= MAX_PLACES {
            break;
        }
        p.push(out[c].place);
        cur = out[c].place.parent;
    }
    p
}

/// The places of an unnumbered row outside a group: under the nearest heading open above,
/// or under a numbered row below that heading.
fn fallback(out: &[ReadRow], stack: &[(Class, usize)]) -> Vec<Place> {
    let heading = stack.iter().rposition(|(_, i)| out[*i].heading);
    let mut p = vec![Place {
        parent: heading.map(|k| stack[k].1),
        relation: None,
    }];
    let above = heading.map_or(0, |k| k + 1);
    for (_, i) in stack[above..].iter().rev().take(MAX_PLACES) {
        p.push(Place {
            parent: Some(*i),
            relation: None,
        });
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(rows: &[(&str, &str, &str)]) -> Vec<Line> {
        rows.iter()
            .enumerate()
            .map(|(i, (stt, label, unit))| Line {
                row: i as u32 + 1,
                stt: stt.to_string(),
                label: label.to_string(),
                unit: unit.to_string(),
                code: None,
            })
            .collect()
    }

    #[test]
    fn numbers_nest_by_how_they_are_written_and_labels_open_groups() {
        let rows = place_rows(&lines(&[
            ("I", "Hợp tác xã", ""),
            ("1", "Tổng số hợp tác xã", "HTX"),
            ("", "Trong đó:", ""),
            ("", "Số hợp tác xã đang hoạt động", "HTX"),
            ("", "Số hợp tác xã giải thể", "HTX"),
            ("", "Chia ra:", ""),
            ("", "Xếp loại tốt", "HTX"),
            ("2", "Tổng số thành viên", "Người"),
            ("", "Trong đó: Doanh thu với thành viên", "Tr đồng/năm"),
            ("II", "Liên hiệp", ""),
            ("*", "Theo thuyết minh", ""),
            ("", "Số tổ hợp tác thành lập mới", "THT"),
            ("3", "Ưu đãi về tín dụng", ""),
            ("3.1", "Số hợp tác xã được vay", "HTX"),
            ("", "Số tiền được vay", "Tr đồng"),
            ("3.2", "Số hợp tác xã được hỗ trợ lãi suất", "HTX"),
        ]));
        let parent = |i: usize| rows[i].place.parent;
        assert_eq!(rows.len(), 14);
        assert!(rows[0].heading && !rows[1].heading);
        assert_eq!((parent(0), parent(1), rows[1].depth), (None, Some(0), 1));
        assert_eq!(rows[2].place.relation, Some(Relation::OfWhich));
        assert_eq!((parent(2), parent(3)), (Some(1), Some(1)));
        assert_eq!(rows[2].label_before, Some(Relation::OfWhich));
        assert_eq!(rows[3].label_before, None);
        // "Chia ra" after a part: that part, or the whole it is a part of.
        assert_eq!(parent(4), Some(3));
        assert_eq!(rows[4].also[0].parent, Some(1));
        assert_eq!((parent(5), rows[6].place.relation), (Some(0), Some(Relation::OfWhich)));
        assert_eq!(parent(6), Some(5));
        assert_eq!((parent(7), parent(8), parent(9)), (None, None, Some(8)));
        assert!(rows[8].heading);
        // 3 opens under *, an unnumbered row after 3.1 is under the heading 3 (or 3.1).
        assert_eq!((parent(10), parent(11), parent(12)), (Some(8), Some(10), Some(10)));
        assert_eq!(rows[12].also[0].parent, Some(11));
        assert_eq!(parent(13), Some(10));
    }

    #[test]
    fn markers_are_read_with_or_without_their_colon() {
        assert_eq!(marker("Trong đó:"), Some(Relation::OfWhich));
        assert_eq!(marker(" chia ra "), Some(Relation::Split));
        assert_eq!(marker("Trong đó: Doanh thu"), None);
        assert_eq!(inline_marker("Trong đó: Doanh thu"), Some(Relation::OfWhich));
        assert_eq!(inline_marker("Trong đó:"), None);
    }
}
