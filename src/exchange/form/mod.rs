//! A form as a workbook: reading the ministry's appendix workbook (Phụ lục 1, 2, 3 with
//! their titles, merged headers, STT | Chỉ tiêu | ĐVT and the period and funding columns)
//! into a [`ReadForm`] for `domain::form::propose`, and writing a form back as such a
//! workbook ([`form_workbook`]). Pure: the sheets come from [`super::read`].

#[cfg(test)]
mod tests;
mod write;

pub use write::{form_grids, form_workbook};

use super::layout::{CODE_HEADER, col_name};
use super::parse::{Problem, header_parts, is_numbering, is_stt, kind_in, period_of, year_in};
use super::read::RawSheet;
use crate::domain::form::read::{ColumnRole, Line, ReadAppendix, ReadColumn, ReadForm, Tier, marker, place_rows};
use crate::domain::text::{fold, nfc};
use crate::i18n::Text;

/// The columns a header row is looked for in, and the rows a title is looked for above it.
const SCAN_COLS: usize = 12;

/// The most lines a header is read over.
const HEAD_LINES: usize = 8;

fn problem(sheet: &str, row: usize, col: Option<usize>, message: Text) -> Problem {
    Problem {
        sheet: sheet.to_string(),
        row: row as u32 + 1,
        col: col
            .map(|c| col_name(c.min(usize::from(u16::MAX)) as u16))
            .unwrap_or_default(),
        message,
    }
}

/// What a fixed column's header names, if it is one.
fn fixed_role(head: &str) -> Option<ColumnRole> {
    let h = fold(head);
    if h.is_empty() {
        return None;
    }
    Some(if h == fold(CODE_HEADER) || h.starts_with("ma chi tieu") {
        ColumnRole::Code
    } else if is_stt(head) {
        ColumnRole::Stt
    } else if h.starts_with("chi tieu") || h.starts_with("indicator") || h.starts_with("noi dung") {
        ColumnRole::Name
    } else if h.starts_with("don vi") || h == "dvt" || h == "unit" {
        ColumnRole::Unit
    } else if h.starts_with("ghi chu") || h == "notes" {
        ColumnRole::Notes
    } else {
        return None;
    })
}

/// Whether a header line is about the period (`Năm 2019`, `Kế hoạch`, `Ước thực hiện cả
/// năm`) or the group words around the sources (`Tổng số`, `Trong đó`).
fn period_or_group(part: &str) -> bool {
    let f = fold(part);
    let f = f.trim_end_matches(':').trim();
    year_in(f).is_some()
        || kind_in(f).is_some()
        || matches!(f, "trong do" | "of which" | "tong so" | "total" | "tong cong" | "cong")
}

/// What a header names: a fixed column, a percentage, or a period's figures of a source.
fn role(parts: &[String]) -> Option<ColumnRole> {
    let head = parts.join(" ");
    if let Some(r) = fixed_role(&head) {
        return Some(r);
    }
    if head.contains('%') {
        return Some(ColumnRole::Percent);
    }
    // The period from the lines that name it, so a source's name cannot change it.
    let named: Vec<&str> = parts
        .iter()
        .filter(|p| period_or_group(p))
        .map(String::as_str)
        .collect();
    let period = period_of(&named.join(" ")).or_else(|| period_of(&head))?;
    let source: Vec<String> = parts
        .iter()
        .filter(|p| !period_or_group(p))
        .map(|p| {
            let f = fold(p);
            match f.strip_prefix("trong do:") {
                Some(_) => p.split_once(':').map_or(p.as_str(), |x| x.1).trim().to_string(),
                None => p.trim().to_string(),
            }
        })
        .filter(|p| !p.is_empty())
        .collect();
    let tier = if source.is_empty() {
        Tier::Total
    } else {
        Tier::Part(nfc(&source.join(" ")))
    };
    Some(ColumnRole::Value { period, tier })
}

/// The header row of an appendix sheet: a row with STT and a Chỉ tiêu column.
fn header_row(sheet: &RawSheet) -> Option<(usize, usize)> {
    (0..sheet.height()).find_map(|r| {
        let w = sheet.row_width(r).min(SCAN_COLS);
        let stt = (0..w).find(|c| is_stt(&sheet.text(r, *c)))?;
        (0..w)
            .any(|c| fixed_role(&sheet.text(r, c)) == Some(ColumnRole::Name))
            .then_some((r, stt))
    })
}

/// The appendix's number and title from the lines above its header (or the sheet's name).
fn number_and_title(sheet: &RawSheet, header: usize) -> (Option<String>, String) {
    let lines: Vec<String> = (0..header)
        .filter_map(|r| {
            (0..sheet.row_width(r).min(SCAN_COLS))
                .map(|c| sheet.text(r, c))
                .find(|t| !t.is_empty())
        })
        .collect();
    let number_in = |t: &str| -> Option<(String, String)> {
        let f = fold(t).replace(['-', '_'], " ");
        let at = ["phu luc", "appendix", "pl"]
            .iter()
            .find_map(|p| f.find(p).map(|k| k + p.len()))?;
        let rest = f[at..].trim_start();
        let n: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if n.is_empty() || n.chars().any(|c| c.is_ascii_alphabetic()) && !n.chars().all(|c| "ivx".contains(c)) {
            return None;
        }
        // What follows the number in the same cell (`Phụ lục 1: TÌNH HÌNH …`).
        let words_before = f[..at].split_whitespace().count() + 1;
        let tail: String = t
            .split_whitespace()
            .skip(words_before)
            .collect::<Vec<_>>()
            .join(" ")
            .trim_start_matches([':', '-', '.', '–'])
            .trim()
            .to_string();
        Some((n.to_uppercase(), tail))
    };
    for (k, l) in lines.iter().enumerate() {
        if let Some((n, tail)) = number_in(l) {
            let title = if tail.is_empty() {
                lines[k + 1..]
                    .iter()
                    .find(|t| !t.starts_with('('))
                    .cloned()
                    .unwrap_or_default()
            } else {
                tail
            };
            return (Some(n), nfc(title.trim()));
        }
    }
    (number_in(&sheet.name).map(|x| x.0), String::new())
}

/// Reads a workbook's appendix sheets as a form: each sheet that has a header row with STT
/// and Chỉ tiêu is an appendix (its number from `Phụ lục N` above the table or the sheet's
/// name); other sheets are listed as skipped. Whatever cannot be read is a problem placed
/// by sheet, row and column.
pub fn read_form(sheets: &[RawSheet]) -> Result<ReadForm, Vec<Problem>> {
    let mut form = ReadForm::default();
    let mut problems = Vec::new();
    for sheet in sheets {
        let Some((header, stt_col)) = header_row(sheet) else {
            form.skipped.push(sheet.name.clone());
            continue;
        };
        let Some(a) = read_appendix(sheet, header, stt_col, &mut problems) else {
            continue;
        };
        if let Some(other) = form.appendices.iter().find(|x| x.number == a.number) {
            problems.push(problem(
                &sheet.name,
                header,
                None,
                Text::new(
                    format!("Phụ lục {} đã có ở trang “{}”.", a.number, other.sheet),
                    format!("Appendix {} is already in sheet “{}”.", a.number, other.sheet),
                ),
            ));
            continue;
        }
        form.appendices.push(a);
    }
    if form.appendices.is_empty() && problems.is_empty() {
        problems.push(Problem {
            sheet: sheets.first().map(|s| s.name.clone()).unwrap_or_default(),
            row: 0,
            col: String::new(),
            message: Text::new(
                "tệp không có trang phụ lục nào (dòng tiêu đề STT | Chỉ tiêu | Đơn vị tính …).",
                "the file has no appendix sheet (a header row STT | Chỉ tiêu | Đơn vị tính …).",
            ),
        });
    }
    if problems.is_empty() { Ok(form) } else { Err(problems) }
}

fn read_appendix(sheet: &RawSheet, header: usize, stt_col: usize, problems: &mut Vec<Problem>) -> Option<ReadAppendix> {
    let name = sheet.name.as_str();
    let (number, title) = number_and_title(sheet, header);
    let Some(number) = number else {
        problems.push(problem(
            name,
            header,
            None,
            Text::new(
                "không biết trang này là phụ lục nào: cần dòng “Phụ lục N” phía trên bảng hoặc tên trang như vậy.",
                "cannot tell which appendix this sheet is: it needs a line “Phụ lục N” above the table or such a sheet name.",
            ),
        ));
        return None;
    };
    let width = sheet.width();
    // The header's lines: down to the column numbers, or to the first row with a name.
    let name_col = (0..sheet.row_width(header).min(SCAN_COLS))
        .find(|c| fixed_role(&sheet.text(header, *c)) == Some(ColumnRole::Name))
        .unwrap_or(stt_col + 1);
    let data = (header + 1..sheet.height())
        .find(|&r| !is_numbering(sheet, r) && !sheet.text(r, name_col).is_empty())
        .unwrap_or(sheet.height());
    // A header is a few lines; a sheet without names below it is read no deeper.
    let head_end = (header + 1..data)
        .find(|&r| is_numbering(sheet, r))
        .unwrap_or(data)
        .min(header + HEAD_LINES);
    let mut columns = Vec::new();
    for c in 0..width {
        let parts = header_parts(sheet, header..head_end, c);
        if parts.is_empty() {
            continue;
        }
        let role = if c == stt_col {
            Some(ColumnRole::Stt)
        } else {
            role(&parts)
        };
        let Some(role) = role else {
            problems.push(problem(
                name,
                header,
                Some(c),
                Text::new(
                    format!(
                        "không hiểu tiêu đề cột “{}” (cần STT, Chỉ tiêu, Đơn vị tính, Ghi chú, hoặc kỳ và năm như “KH 2027”).",
                        parts.join(" ")
                    ),
                    format!(
                        "cannot read the column header “{}” (STT, Chỉ tiêu, Đơn vị tính, Ghi chú, or a period and year such as “KH 2027”, are needed).",
                        parts.join(" ")
                    ),
                ),
            ));
            continue;
        };
        columns.push((
            c,
            ReadColumn {
                col: col_name(c.min(usize::from(u16::MAX)) as u16),
                head: nfc(&parts.join(" ")),
                role,
            },
        ));
    }
    let col_of = |want: ColumnRole| columns.iter().find(|(_, x)| x.role == want).map(|(c, _)| *c);
    let unit_col = col_of(ColumnRole::Unit);
    let code_col = col_of(ColumnRole::Code);
    let year = columns
        .iter()
        .filter_map(|(_, c)| match &c.role {
            ColumnRole::Value { period, .. } if period.kind == crate::domain::period::PeriodKind::Plan => {
                Some(period.year)
            }
            _ => None,
        })
        .max();
    let mut lines = Vec::new();
    for r in data..sheet.height() {
        let text = |c: Option<usize>| c.map(|c| nfc(&sheet.text(r, c))).unwrap_or_default();
        let label = text(Some(name_col));
        let code = text(code_col);
        let stt = text(Some(stt_col));
        // A computed sum row, a note under the table, an empty line.
        if label.starts_with('=') || code.starts_with('=') || label.is_empty() || is_numbering(sheet, r) {
            continue;
        }
        lines.push(Line {
            row: r as u32 + 1,
            stt,
            label,
            unit: text(unit_col),
            code: (!code.is_empty()).then_some(code),
        });
    }
    if lines.iter().all(|l| marker(&l.label).is_some()) {
        problems.push(problem(
            name,
            header,
            None,
            Text::new(
                "phụ lục không có dòng chỉ tiêu nào.",
                "the appendix has no indicator rows.",
            ),
        ));
        return None;
    }
    Some(ReadAppendix {
        sheet: name.to_string(),
        number,
        title,
        year,
        columns: columns.into_iter().map(|(_, c)| c).collect(),
        rows: place_rows(&lines),
    })
}
