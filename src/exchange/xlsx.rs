//! Writes grids as an Excel workbook with rust_xlsxwriter: merged headers, number formats,
//! formulas with their computed results cached, frozen headers, widths and A4-landscape
//! print set-up with the header rows repeated.

use super::layout::{Grid, Item, Style};
use crate::domain::marks::Mark;
use crate::i18n::Lang;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;

/// The number format of a figure with `decimals` decimals, and its mark after it (`6*`,
/// `0~`). Vietnamese workbooks carry the Vietnamese locale (`[$-42A]`), so LibreOffice and
/// Excel show `1.559` and `43,2` whatever the reader's own settings; the value stays a number.
fn figure_format(decimals: u32, lang: Lang, mark: Option<Mark>) -> String {
    let mut base = if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals as usize))
    };
    if let Some(m) = mark {
        base.push_str(&format!("\"{}\"", m.char()));
    }
    match lang {
        Lang::Vi => format!("[$-42A]{base}"),
        Lang::En => base,
    }
}

fn percent_format(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "[$-42A]#,##0.0%",
        Lang::En => "#,##0.0%",
    }
}

fn format_of(style: Style, lang: Lang, mark: Option<Mark>) -> Format {
    let base = Format::new().set_font_name("Times New Roman").set_font_size(11);
    let boxed = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
    match style {
        Style::Issuer => base.set_bold(),
        Style::Title => base
            .set_bold()
            .set_font_size(12)
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        Style::Subtitle => base.set_italic().set_align(FormatAlign::Center),
        Style::Header => boxed
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        Style::Numbering => boxed.set_italic().set_align(FormatAlign::Center),
        Style::Stt { bold } => {
            let f = boxed.set_align(FormatAlign::Center).set_align(FormatAlign::Top);
            if bold { f.set_bold() } else { f }
        }
        Style::Name { indent, bold } => {
            let f = boxed.set_indent(indent).set_align(FormatAlign::Top);
            if bold { f.set_bold() } else { f }
        }
        Style::Label => boxed.set_italic().set_align(FormatAlign::Top),
        Style::Unit => boxed.set_align(FormatAlign::Center).set_align(FormatAlign::Top),
        Style::Figure { decimals, bold } => {
            let f = boxed
                .set_num_format(figure_format(decimals, lang, mark))
                .set_align(FormatAlign::Top);
            if bold { f.set_bold() } else { f }
        }
        Style::Sum { decimals } => boxed
            .set_italic()
            .set_num_format(figure_format(decimals, lang, mark))
            .set_align(FormatAlign::Right)
            .set_align(FormatAlign::Top),
        // Right-aligned, so that "-" (no figure) stands where a percentage would.
        Style::Percent => boxed
            .set_num_format(percent_format(lang))
            .set_align(FormatAlign::Right)
            .set_align(FormatAlign::Top),
        Style::Dash => boxed.set_align(FormatAlign::Center).set_align(FormatAlign::Top),
        Style::Note => base
            .set_italic()
            .set_font_size(10)
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        Style::Remark => boxed.set_italic().set_font_size(10).set_align(FormatAlign::Top),
        Style::Code => base.set_font_size(9),
    }
}

/// A decimal as a number for the file (figures have at most 15 digits, which a double
/// holds exactly enough to read back the same decimal).
fn number(d: &Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The cached result of a formula as the file stores it.
fn result_text(v: &Decimal) -> String {
    // A double's shortest text reads back as the same double Excel would compute.
    format!("{}", number(v))
}

/// How often (in cells) writing a sheet tells its watch.
const EVERY: usize = 2048;

/// Writes a grid into a worksheet, telling `watch` every [`EVERY`] cells how many of the
/// grid's cells are written; `false` when it answered false.
fn write_grid(ws: &mut Worksheet, g: &Grid, lang: Lang, watch: &mut dyn FnMut(u64) -> bool) -> Result<bool, XlsxError> {
    ws.set_name(&g.name)?;
    let bordered_blank = Format::new().set_border(FormatBorder::Thin);
    let mut merged_tl = HashSet::new();
    for m in &g.merges {
        let tl = g.at(m.first_row, m.first_col);
        let (text, style) = match tl {
            Some(c) => (
                match &c.item {
                    Item::Text(t) => t.clone(),
                    _ => String::new(),
                },
                c.style,
            ),
            None => (String::new(), Style::Header),
        };
        ws.merge_range(
            m.first_row,
            m.first_col,
            m.last_row,
            m.last_col,
            &text,
            &format_of(style, lang, None),
        )?;
        merged_tl.insert((m.first_row, m.first_col));
    }
    for (i, c) in g.cells.iter().enumerate() {
        if i % EVERY == EVERY - 1 && !watch(i as u64) {
            return Ok(false);
        }
        if merged_tl.contains(&(c.row, c.col)) {
            continue;
        }
        let f = format_of(c.style, lang, c.mark);
        match &c.item {
            // A text cell is a string, never a formula; one that starts as a formula does
            // also gets the quote prefix, so that editing it in Excel keeps it text.
            Item::Text(t) if crate::domain::text::formula_like(t) => {
                ws.write_string_with_format(c.row, c.col, t, &f.clone().set_quote_prefix())?;
            }
            Item::Text(t) => {
                ws.write_string_with_format(c.row, c.col, t, &f)?;
            }
            Item::Number(v) => {
                ws.write_number_with_format(c.row, c.col, number(v), &f)?;
            }
            Item::Formula { expr, result } => {
                let mut formula = Formula::new(format!("={expr}"));
                // No figure reads "-" as in the appendix (an empty cached result would be
                // stored as 0).
                formula = match result {
                    Some(v) => formula.set_result(result_text(v)),
                    None => formula.set_result("-"),
                };
                ws.write_formula_with_format(c.row, c.col, formula, &f)?;
            }
        }
    }
    // Borders on the empty cells of the table (heading rows without figures), down to its
    // last row (the notes under it have none).
    let (first, _) = g.header;
    let ncols = g.width().saturating_sub(g.hidden.len() as u16);
    let end = g
        .cells
        .iter()
        .filter(|c| c.style != Style::Note || c.col > 0)
        .map(|c| c.row + 1)
        .max()
        .unwrap_or(0);
    // The cells taken, by a value or a merged range, looked up once each (a by-unit sheet
    // has thousands of rows).
    let mut taken: HashSet<(u32, u16)> = g.cells.iter().map(|c| (c.row, c.col)).collect();
    for m in &g.merges {
        for r in m.first_row..=m.last_row.min(end) {
            taken.extend((m.first_col..=m.last_col).map(|col| (r, col)));
        }
    }
    for r in first..end {
        for col in 0..ncols {
            if !taken.contains(&(r, col)) {
                ws.write_blank(r, col, &bordered_blank)?;
            }
        }
    }
    for (i, w) in g.widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    for c in &g.hidden {
        ws.set_column_hidden(*c)?;
    }
    ws.set_row_height(2, 33)?;
    for (r, h) in &g.heights {
        ws.set_row_height(*r, *h)?;
    }
    ws.set_freeze_panes(g.header.1 + 1, g.frozen)?;
    // A4 landscape, one page wide (an appendix on one page), the header rows on every page.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_repeat_rows(g.header.0, g.header.1)?;
    ws.set_print_fit_to_pages(1, if g.one_page { 1 } else { 0 });
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C&P/&N");
    Ok(true)
}

/// The workbook as bytes.
pub fn workbook(grids: &[Grid], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    Ok(workbook_watched(grids, lang, &mut |_, _| true)?.unwrap_or_default())
}

/// [`workbook`], telling `watch` how many cells are written of all (packing the workbook
/// at the end counts as a third more); `None` when it answered false.
pub fn workbook_watched(
    grids: &[Grid],
    lang: Lang,
    watch: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Option<Vec<u8>>, XlsxError> {
    let cells: u64 = grids.iter().map(|g| g.cells.len() as u64).sum();
    let total = cells + cells / 3;
    let mut wb = Workbook::new();
    let mut before = 0;
    for g in grids {
        let ws = wb.add_worksheet();
        if !write_grid(ws, g, lang, &mut |n| watch(before + n, total))? {
            return Ok(None);
        }
        before += g.cells.len() as u64;
        if !watch(before, total) {
            return Ok(None);
        }
    }
    let bytes = wb.save_to_buffer()?;
    Ok(watch(total, total).then_some(bytes))
}
