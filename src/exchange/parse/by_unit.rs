//! A by-unit sheet (`Phụ lục 1 theo đơn vị`) read back: each part's row is that unit's
//! figures; the unit's own row and the roll-up row are read to be checked, never as new
//! figures; what the hidden code columns do not name cannot be read, and says so.

use super::{
    Col, Parsed, Whose, classify, header_text, is_stt, not_in, plan_year, problem, read_cell, twice, which_appendix,
};
use crate::domain::catalog::Catalog;
use crate::domain::text::fold;
use crate::exchange::by_unit::{OWN_ROW, TOTAL_ROW, UNIT_HEADER};
use crate::exchange::layout::CODE_HEADER;
use crate::exchange::read::RawSheet;
use crate::i18n::Lang;

/// Reads a by-unit sheet into `out`.
pub(super) fn parse(cat: &Catalog, sheet: &RawSheet, out: &mut Parsed) {
    let name = sheet.name.as_str();
    if sheet.is_blank() {
        out.skipped.push(sheet.name.clone());
        return;
    }
    let header = (0..sheet.height()).find(|&r| is_stt(&sheet.text(r, 0)));
    let appendix = header.and_then(|h| which_appendix(cat, sheet, h));
    let (Some(header), Some(appendix)) = (header, appendix) else {
        out.problems.push(problem(
            name,
            header.unwrap_or(0),
            None,
            "trang tổng hợp theo đơn vị này không có dòng tiêu đề STT hoặc không ghi là phụ lục nào; không đọc được số của các đơn vị.".into(),
            "this consolidation sheet has no STT header row or does not say which appendix it is; the units' figures cannot be read.".into(),
        ));
        return;
    };
    let width = sheet.width();
    let cols: Vec<Col> = (0..width)
        .map(|c| classify(cat, &header_text(sheet, header..header + 1, c)))
        .collect();
    let code_col = cols.iter().position(|c| *c == Col::Code);
    let unit_col = (0..width).find(|c| fold(&sheet.text(header, *c)) == fold(UNIT_HEADER));
    let (Some(code_col), Some(unit_col)) = (code_col, unit_col) else {
        let a = &cat.appendices[appendix];
        let say = |lang: Lang| {
            format!(
                "{} “{CODE_HEADER}” {} “{UNIT_HEADER}” {} {}.",
                lang.pick("trang tổng hợp theo đơn vị thiếu cột", "the consolidation sheet lacks the column"),
                lang.pick("hoặc", "or"),
                lang.pick(
                    "(các cột ẩn kttt ghi), nên không biết số nào của đơn vị nào; xoá trang này khỏi tệp, hoặc nhập số ở trang",
                    "(the hidden columns kttt writes), so which figure is whose cannot be told; remove this sheet from the file, or enter the figures on the sheet"
                ),
                a.name(lang)
            )
        };
        out.problems
            .push(problem(name, header, None, say(Lang::Vi), say(Lang::En)));
        return;
    };
    if out.by_unit.contains(&appendix) {
        let a = &cat.appendices[appendix];
        out.problems.push(twice(
            name,
            header,
            &format!("Trang tổng hợp theo đơn vị của {}", a.name(Lang::Vi)),
            &format!("The consolidation sheet of {}", a.name(Lang::En)),
        ));
        return;
    }
    out.by_unit.push(appendix);
    plan_year(sheet, header..header + 1, &cols, out);
    let rows = &cat.appendices[appendix].rows;
    for r in header + 1..sheet.height() {
        let (code, unit) = (sheet.text(r, code_col), sheet.text(r, unit_col));
        if code.is_empty() || unit.is_empty() {
            // A block's heading, a note, or an empty row.
            continue;
        }
        let whose = match unit.as_str() {
            OWN_ROW => Whose::OwnRow,
            TOTAL_ROW => Whose::TotalRow,
            u if u.starts_with('=') => continue,
            u => Whose::Part(u.to_string()),
        };
        let Some(id) = cat.find(&code).filter(|id| rows.contains(id)) else {
            out.problems
                .push(not_in(cat, appendix, name, (r, Some(code_col)), &code));
            continue;
        };
        for (c, k) in cols.iter().enumerate() {
            let Col::Value(period, funding) = *k else { continue };
            read_cell(cat, sheet, (r, c), (id, period, funding), whose.clone(), out);
        }
    }
}
