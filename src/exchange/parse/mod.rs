//! Understanding a sheet in the appendix layout: which appendix it is, which column holds
//! which period and funding source (by the header text), which row is which indicator (by
//! code, then STT and name, then the name without diacritics), and every figure, with each
//! problem placed by sheet, row and column. Pure: the sheets come from [`super::read`].

use super::layout::CODE_HEADER;
use super::read::{Raw, RawSheet};
use crate::domain::catalog::{Catalog, FundingId, IndicatorId};
use crate::domain::period::{Period, PeriodKind};
use crate::domain::text::fold;
use crate::i18n::{Lang, Text};
use rust_decimal::Decimal;

mod by_unit;
mod figure;

pub use figure::figure;

/// Whose figure a cell of the file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Whose {
    /// The file's unit (an appendix sheet).
    Unit,
    /// A unit below it, by code (a row of a by-unit sheet).
    Part(String),
    /// The unit's own figure as a by-unit sheet repeats it: checked against the
    /// unit's, never read as a new figure (the appendix sheet is where it is entered).
    OwnRow,
    /// The roll-up row of a by-unit sheet: worked out from the parts, checked.
    TotalRow,
}

/// A figure read from the file, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadCell {
    pub indicator: IndicatorId,
    pub period: Period,
    pub funding: FundingId,
    /// `None`: blank (`-` or an empty cell).
    pub value: Option<Decimal>,
    /// The figure as written in a text file (CSV), for its other reading.
    pub written: Option<String>,
    pub whose: Whose,
    pub sheet: String,
    /// 1-based row and the column's letters, as a spreadsheet shows them.
    pub row: u32,
    pub col: String,
}

/// Something in the file that stops the import, placed as a spreadsheet shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub sheet: String,
    /// 1-based; 0 when the problem is the whole sheet.
    pub row: u32,
    /// Column letters; empty when the problem is a whole row or sheet.
    pub col: String,
    pub message: Text,
}

/// What a file holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The plan year its headers name.
    pub year: Option<i32>,
    pub cells: Vec<ReadCell>,
    pub problems: Vec<Problem>,
    /// The appendices found, by index.
    pub appendices: Vec<usize>,
    /// The by-unit sheets read (each part's figures), by appendix.
    pub by_unit: Vec<usize>,
    /// How a text file writes its numbers, decided once for the file.
    pub convention: Option<crate::exchange::read::convention::Convention>,
    /// Sheets left aside on purpose (by-unit sheets), by name.
    pub skipped: Vec<String>,
    /// The issuing body named above the first appendix's table (`UBND TỈNH BẮC KẠN`), with
    /// its sheet: the unit the file is for.
    pub issuer: Option<(String, String)>,
}

fn problem(sheet: &str, row: usize, col: Option<usize>, vi: String, en: String) -> Problem {
    Problem {
        sheet: sheet.to_string(),
        row: row as u32 + 1,
        col: col.map(|c| super::layout::col_name(c as u16)).unwrap_or_default(),
        message: Text::new(vi, en),
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Col {
    Stt,
    Name,
    Unit,
    Code,
    Percent,
    Value(Period, FundingId),
    Unknown,
}

/// Whether a header cell is the STT column's.
pub(crate) fn is_stt(t: &str) -> bool {
    matches!(fold(t).replace(' ', "").as_str(), "stt" | "no." | "no" | "tt")
}

/// The appendix a sheet is, from the rows above its header or its name.
fn which_appendix(cat: &Catalog, sheet: &RawSheet, header: usize) -> Option<usize> {
    let mut texts: Vec<String> = (0..header)
        .flat_map(|r| (0..sheet.row_width(r)).map(move |c| (r, c)))
        .map(|(r, c)| fold(&sheet.text(r, c)))
        .collect();
    texts.push(fold(&sheet.name).replace(['-', '_'], " "));
    for t in &texts {
        for (i, a) in cat.appendices.iter().enumerate() {
            let n = fold(&a.number);
            for p in ["phu luc ", "appendix ", "pl"] {
                if let Some(rest) = t.strip_prefix(p).or_else(|| t.find(p).map(|k| &t[k + p.len()..])) {
                    let rest = rest.trim_start();
                    if rest.starts_with(&n) && !rest[n.len()..].starts_with(|c: char| c.is_ascii_digit()) {
                        return Some(i);
                    }
                }
            }
        }
    }
    None
}

pub(crate) fn year_in(t: &str) -> Option<i32> {
    t.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1900..=2200).contains(y))
}

/// The period a column header names (`Kế hoạch năm 2020`, `Năm 2019 Ước thực hiện cả năm`,
/// `KH 2027`, `ƯTH 2026`, `TH 2025`).
pub(crate) fn period_of(head: &str) -> Option<Period> {
    let h = fold(head);
    let year = year_in(&h)?;
    let kind = kind_in(&h)?;
    Some(Period { year, kind })
}

/// The kind of period folded header words name, if any.
pub(crate) fn kind_in(h: &str) -> Option<PeriodKind> {
    // `uoc` as a word: `quốc` (a programme's name) is no estimate.
    let uoc = h.split(|c: char| !c.is_alphanumeric()).any(|w| w == "uoc");
    Some(if uoc || h.contains("estimate") || h.contains("uth") {
        PeriodKind::Estimate
    } else if h.contains("ke hoach") || h.contains("plan") || h.split(' ').any(|w| w == "kh") {
        PeriodKind::Plan
    } else if h.contains("thuc hien") || h.contains("actual") || h.split(' ').any(|w| w == "th") {
        PeriodKind::Actual
    } else {
        return None;
    })
}

fn classify(cat: &Catalog, head: &str) -> Col {
    let h = fold(head);
    if h.is_empty() {
        return Col::Unknown;
    }
    if h == fold(CODE_HEADER) || h.starts_with("ma chi tieu") || h == "code" {
        return Col::Code;
    }
    if is_stt(head) {
        return Col::Stt;
    }
    if h.starts_with("chi tieu") || h.starts_with("indicator") || h.starts_with("don vi tinh") && h.contains("chi tieu")
    {
        return Col::Name;
    }
    if h.starts_with("don vi tinh") || h == "dvt" || h == "unit" {
        return Col::Unit;
    }
    if h.contains('%') {
        return Col::Percent;
    }
    let Some(Period { year, kind }) = period_of(head) else {
        return Col::Unknown;
    };
    let mut funding = FundingId::TOTAL;
    for f in cat.fundings_printed().filter(|f| f.id != FundingId::TOTAL) {
        let names = [fold(&f.name.vi), fold(&f.name.en), fold(&f.abbr.vi), fold(&f.abbr.en)];
        if names.iter().any(|n| n.len() > 2 && h.contains(n.as_str())) {
            funding = f.id;
        }
    }
    Col::Value(Period { year, kind }, funding)
}

/// The text of a header cell, taking a merged range's text from its first cell, and, in a
/// file without merges, a group head's text from the left when a lower row names a part.
fn header_text(sheet: &RawSheet, rows: std::ops::Range<usize>, col: usize) -> String {
    header_parts(sheet, rows, col).join(" ")
}

/// The lines of a header cell, top first (see [`header_text`]).
pub(crate) fn header_parts(sheet: &RawSheet, rows: std::ops::Range<usize>, col: usize) -> Vec<String> {
    let mut parts = Vec::new();
    for r in rows.clone() {
        let mut t = sheet.text(r, col);
        if let Some(m) = sheet.merges.iter().find(|m| {
            (m.first_row as usize..=m.last_row as usize).contains(&r)
                && (m.first_col as usize..=m.last_col as usize).contains(&col)
        }) {
            t = sheet.text(m.first_row as usize, m.first_col as usize);
            if (m.first_row as usize) < r {
                continue;
            }
        } else if t.is_empty() && sheet.merges.is_empty() {
            let below = (r + 1..rows.end).any(|b| !sheet.text(b, col).is_empty());
            if below {
                t = (0..col)
                    .rev()
                    .map(|c| sheet.text(r, c))
                    .find(|x| !x.is_empty())
                    .unwrap_or_default();
            }
        }
        if !t.is_empty() && parts.last() != Some(&t) {
            parts.push(t);
        }
    }
    parts
}

/// A label row (`Trong đó:`, `Chia ra:`) or a computed one.
fn is_label(name: &str) -> bool {
    let f = fold(name).trim_end_matches(':').trim().to_string();
    matches!(
        f.as_str(),
        "trong do" | "chia ra" | "of which" | "broken down" | "split into"
    ) || name.starts_with('=')
}

/// Whether a row numbers the columns (`(1)`, `(2)`, `(4)=(5)+(6)`…).
pub(crate) fn is_numbering(sheet: &RawSheet, r: usize) -> bool {
    let texts: Vec<String> = (0..sheet.row_width(r))
        .map(|c| sheet.text(r, c))
        .filter(|t| !t.is_empty())
        .collect();
    !texts.is_empty() && texts.iter().all(|t| t.starts_with('(') && t.contains(')'))
}

fn merged_at(sheet: &RawSheet, r: usize, c: usize) -> bool {
    sheet.merges.iter().any(|m| {
        (m.first_row != m.last_row || m.first_col != m.last_col)
            && (m.first_row as usize..=m.last_row as usize).contains(&r)
            && (m.first_col as usize..=m.last_col as usize).contains(&c)
    })
}

/// Reads the sheets of a file.
pub fn parse(cat: &Catalog, sheets: &[RawSheet]) -> Parsed {
    let mut out = Parsed::default();
    for sheet in sheets {
        parse_sheet(cat, sheet, &mut out);
    }
    finish(sheets, &mut out);
    out
}

/// What is said of a file once every sheet of it is read (see [`parse`]).
pub fn finish(sheets: &[RawSheet], out: &mut Parsed) {
    out.convention = sheets.iter().find_map(|s| s.convention);
    if out.appendices.is_empty() && out.by_unit.is_empty() && out.problems.is_empty() {
        out.problems.push(Problem {
            sheet: sheets.first().map(|s| s.name.clone()).unwrap_or_default(),
            row: 0,
            col: String::new(),
            message: Text::new(
                "tệp không có trang nào theo mẫu phụ lục (dòng tiêu đề STT | Chỉ tiêu | Đơn vị tính …).",
                "the file has no sheet in the appendix layout (a header row STT | Chỉ tiêu | Đơn vị tính …).",
            ),
        });
    }
}

/// Reads one sheet of a file into what was read of the sheets before it (see [`parse`]).
pub fn parse_sheet(cat: &Catalog, sheet: &RawSheet, out: &mut Parsed) {
    let name = sheet.name.as_str();
    // `Phụ lục 1 theo đơn vị`, or a CSV file named `…-phu-luc-1-theo-don-vi.csv`.
    let folded = fold(name).replace(['-', '_'], " ");
    if folded.contains("theo don vi") || folded.contains("by unit") {
        return by_unit::parse(cat, sheet, out);
    }
    if sheet.is_blank() {
        out.skipped.push(sheet.name.clone());
        return;
    }
    let Some(header) = (0..sheet.height()).find(|&r| is_stt(&sheet.text(r, 0))) else {
        out.problems.push(Problem {
            sheet: sheet.name.clone(),
            row: 0,
            col: String::new(),
            message: Text::new(
                "không phải trang phụ lục: không thấy dòng tiêu đề bắt đầu bằng STT. kttt không bỏ qua trang nào mà không đọc: xoá trang này khỏi tệp (hoặc chép các phụ lục sang một tệp riêng) rồi nhập lại.",
                "not an appendix sheet: no header row starting with STT. kttt leaves no sheet unread: remove this sheet from the file (or copy the appendices to a file of their own) and import again.",
            ),
        });
        return;
    };
    let Some(appendix) = which_appendix(cat, sheet, header) else {
        out.problems.push(problem(
            name,
            header,
            None,
            "không biết trang này là phụ lục nào: cần dòng “Phụ lục 1/2/3” phía trên bảng hoặc tên trang như vậy.".into(),
            "cannot tell which appendix this sheet is: it needs a line “Phụ lục 1/2/3” above the table or such a sheet name.".into(),
        ));
        return;
    };
    if out.appendices.contains(&appendix) {
        let a = &cat.appendices[appendix];
        out.problems
            .push(twice(name, header, &a.name(Lang::Vi), &a.name(Lang::En)));
        return;
    }
    out.appendices.push(appendix);
    if out.issuer.is_none() {
        out.issuer = (0..header).map(|r| sheet.text(r, 0)).find_map(|t| {
            let f = fold(&t);
            (f.starts_with("ubnd ") || f.starts_with("uy ban nhan dan ") || f.starts_with("people's committee of "))
                .then(|| (sheet.name.clone(), t))
        });
    }
    // The data starts at the first row below the header with a name (or a code).
    let width = sheet.width();
    let data = (header + 1..sheet.height())
        .find(|&r| !is_numbering(sheet, r) && !sheet.text(r, 1).is_empty())
        .unwrap_or(sheet.height());
    let head_end = (header + 1..data).find(|&r| is_numbering(sheet, r)).unwrap_or(data);
    let cols: Vec<Col> = (0..width)
        .map(|c| match c {
            0 => Col::Stt,
            _ => classify(cat, &header_text(sheet, header..head_end, c)),
        })
        .collect();
    plan_year(sheet, header..head_end, &cols, out);
    let code_col = cols.iter().position(|c| *c == Col::Code);
    let name_col = cols.iter().position(|c| *c == Col::Name).unwrap_or(1);
    let rows = &cat.appendices[appendix].rows;
    let mut last_pos: Option<usize> = None;
    for r in data..sheet.height() {
        let code = code_col.map(|c| sheet.text(r, c)).unwrap_or_default();
        let label = sheet.text(r, name_col);
        let stt = sheet.text(r, 0);
        let has_figures = cols
            .iter()
            .enumerate()
            .any(|(c, k)| matches!(k, Col::Value(..)) && !matches!(sheet.get(r, c), Raw::Empty));
        if code.starts_with('=') || is_label(&label) || (label.is_empty() && code.is_empty() && !has_figures) {
            continue;
        }
        let found = if !code.is_empty() {
            match cat.find(&code) {
                Some(id) if rows.contains(&id) => Some(id),
                _ => {
                    out.problems.push(not_in(cat, appendix, name, (r, code_col), &code));
                    continue;
                }
            }
        } else {
            match_row(cat, rows, &stt, &label, last_pos)
        };
        let Some(id) = found else {
            out.problems.push(problem(
                name,
                r,
                Some(name_col),
                format!(
                    "dòng “{label}” không khớp chỉ tiêu nào của {} (theo STT và tên).",
                    cat.appendices[appendix].name(Lang::Vi)
                ),
                format!(
                    "row “{label}” matches no indicator of {} (by STT and name).",
                    cat.appendices[appendix].name(Lang::En)
                ),
            ));
            continue;
        };
        last_pos = rows.iter().position(|x| *x == id);
        let ind = cat.get(id);
        if !ind.has_values {
            continue;
        }
        for (c, k) in cols.iter().enumerate() {
            let Col::Value(period, funding) = *k else { continue };
            if funding != FundingId::TOTAL && !ind.funded {
                continue;
            }
            if merged_at(sheet, r, c) {
                out.problems.push(problem(
                    name,
                    r,
                    Some(c),
                    "ô số liệu nằm trong vùng gộp ô; hãy bỏ gộp để mỗi kỳ có ô riêng.".into(),
                    "a figure cell is inside merged cells; unmerge them so each period has its own cell.".into(),
                ));
                continue;
            }
            read_cell(cat, sheet, (r, c), (id, period, funding), Whose::Unit, out);
        }
    }
    // Unknown header columns that carry figures.
    for (c, k) in cols.iter().enumerate() {
        if *k == Col::Unknown && c > 2 && (data..sheet.height()).any(|r| is_figure(sheet, r, c)) {
            out.problems.push(problem(
                name,
                header,
                Some(c),
                format!(
                    "không hiểu tiêu đề cột “{}” (cần kỳ và năm, ví dụ “Kế hoạch năm 2020”).",
                    header_text(sheet, header..head_end, c)
                ),
                format!(
                    "cannot read the column header “{}” (a period and year are needed, e.g. “Kế hoạch năm 2020”).",
                    header_text(sheet, header..head_end, c)
                ),
            ));
        }
    }
}

/// The plan year a sheet's headers name, checked against the sheets before it; every period
/// column must belong to that plan.
fn plan_year(sheet: &RawSheet, heads: std::ops::Range<usize>, cols: &[Col], out: &mut Parsed) -> Option<i32> {
    let name = sheet.name.as_str();
    let header = heads.start;
    let head_end = heads.end;
    let year = cols
        .iter()
        .filter_map(|c| match c {
            Col::Value(p, _) if p.kind == PeriodKind::Plan => Some(p.year),
            _ => None,
        })
        .max();
    match (out.year, year) {
        (_, None) => out.problems.push(problem(
            name,
            header,
            None,
            "tiêu đề cột không cho biết năm kế hoạch (cần “Kế hoạch năm N”).".into(),
            "the column headers do not name the plan year (“Kế hoạch năm N” is needed).".into(),
        )),
        (Some(a), Some(b)) if a != b => out.problems.push(problem(
            name,
            header,
            None,
            format!("trang này là kế hoạch năm {b}, các trang trước là năm {a}."),
            format!("this sheet is the plan for {b}, the sheets before are for {a}."),
        )),
        _ => out.year = year,
    }
    let frame = year.map(crate::domain::period::PlanFrame::new);
    for (c, col) in cols.iter().enumerate() {
        if let Col::Value(p, _) = col
            && frame.is_some_and(|f| !f.periods().contains(p))
        {
            out.problems.push(problem(
                name,
                header,
                Some(c),
                format!(
                    "cột “{}” không thuộc kế hoạch năm {}.",
                    header_text(sheet, header..head_end, c),
                    year.unwrap_or(0)
                ),
                format!(
                    "column “{}” is not part of the plan for {}.",
                    header_text(sheet, header..head_end, c),
                    year.unwrap_or(0)
                ),
            ));
        }
    }
    year
}

/// A sheet that repeats one already read (`what` names it in each language).
fn twice(sheet: &str, header: usize, vi: &str, en: &str) -> Problem {
    problem(
        sheet,
        header,
        None,
        format!("{vi} đã có ở một trang khác của tệp."),
        format!("{en} is already in another sheet of the file."),
    )
}

/// An indicator code that is not of the sheet's appendix.
fn not_in(cat: &Catalog, appendix: usize, sheet: &str, (r, c): (usize, Option<usize>), code: &str) -> Problem {
    let a = &cat.appendices[appendix];
    problem(
        sheet,
        r,
        c,
        format!("mã chỉ tiêu “{code}” không thuộc {}.", a.name(Lang::Vi)),
        format!("indicator code “{code}” is not in {}.", a.name(Lang::En)),
    )
}

/// Reads one figure cell — of an indicator in a period and funding source, for `whose`
/// unit — or says what is wrong with it.
fn read_cell(
    cat: &Catalog,
    sheet: &RawSheet,
    (r, c): (usize, usize),
    (indicator, period, funding): (IndicatorId, Period, FundingId),
    whose: Whose,
    out: &mut Parsed,
) {
    let name = sheet.name.as_str();
    let ind = cat.get(indicator);
    match figure(sheet.get(r, c), sheet.convention.as_ref()) {
        Ok((value, written)) => {
            let checked = matches!(whose, Whose::Unit | Whose::Part(_));
            if checked
                && let Some(v) = value
                && let Err(e) = crate::domain::validity::check_value(ind, &v)
            {
                out.problems.push(problem(
                    name,
                    r,
                    Some(c),
                    e.message(&ind.name.vi, Lang::Vi),
                    e.message(&ind.name.en, Lang::En),
                ));
                return;
            }
            out.cells.push(ReadCell {
                indicator,
                period,
                funding,
                value,
                written,
                whose,
                sheet: sheet.name.clone(),
                row: r as u32 + 1,
                col: super::layout::col_name(c as u16),
            })
        }
        Err((vi, en)) => out.problems.push(problem(name, r, Some(c), vi, en)),
    }
}

/// Whether a cell holds a figure (a number, or in a text file a number written its way).
fn is_figure(sheet: &RawSheet, r: usize, c: usize) -> bool {
    match sheet.get(r, c) {
        Raw::Number { .. } => true,
        Raw::Text(t) => sheet.convention.is_some() && crate::exchange::read::convention::numeric(t),
        _ => false,
    }
}

/// The indicator of a row without a code: STT and the exact name, else the name without
/// diacritics (the first such row after the last one matched, as names repeat).
fn match_row(cat: &Catalog, rows: &[IndicatorId], stt: &str, label: &str, last: Option<usize>) -> Option<IndicatorId> {
    let clean = |s: &str| s.trim().trim_start_matches(['-', '+', '•']).trim().to_lowercase();
    let want = clean(label);
    let exact = rows.iter().copied().find(|id| {
        let i = cat.get(*id);
        fold(&i.number) == fold(stt) && (clean(&i.name.vi) == want || clean(&i.name.en) == want)
    });
    if exact.is_some() {
        return exact;
    }
    let folded = fold(&want);
    let same: Vec<(usize, IndicatorId)> = rows
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, id)| {
            let i = cat.get(*id);
            fold(&clean(&i.name.vi)) == folded || fold(&clean(&i.name.en)) == folded
        })
        .collect();
    same.iter()
        .find(|(p, _)| last.is_none_or(|l| *p > l))
        .or(same.first())
        .map(|(_, id)| *id)
}
