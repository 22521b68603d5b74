//! A form written back as the workbook the ministry sends: one sheet per appendix with the
//! issuer, `Phụ lục N` and its title for the plan year, the merged headers of that year's
//! periods (and funding sources in a funded appendix), every row with its STT, label and
//! unit and the `Trong đó:`/`Chia ra:` lines, blank figure cells, and kttt's hidden code
//! column — the appendix sheet of an export ([`super::super::appendix`]) without figures.

use crate::domain::form::Form;
use crate::domain::period::PlanFrame;
use crate::domain::sheet::{self, CellView, Progress, RowKind, RowView, SheetView};
use crate::error::{Error, Result};
use crate::exchange::appendix::{AppendixInput, appendix_sheet};
use crate::exchange::layout::{Grid, Item, Style};
use crate::i18n::Lang;

/// The table of an appendix of the form for a plan year, without figures.
fn empty_view(form: &Form, appendix: usize, year: i32) -> SheetView {
    let cat = &form.catalog;
    let app = &cat.appendices[appendix];
    let columns = sheet::columns(cat, app.layout, PlanFrame::new(year));
    let shape = sheet::rows_with(cat, &app.rows, false);
    let cells = shape
        .iter()
        .map(|r| match r.kind {
            RowKind::Label(_) => Vec::new(),
            _ => vec![CellView::default(); columns.len()],
        })
        .collect();
    let rows = shape
        .iter()
        .map(|r| RowView {
            kind: r.kind,
            indent: r.indent,
            progress: Progress::default(),
        })
        .collect();
    SheetView { columns, rows, cells }
}

/// The line under the title: the letter the form comes with, else the form's title.
fn subtitle(form: &Form, lang: Lang) -> String {
    let s = &form.source;
    match &s.letter {
        Some(letter) => {
            let date = s
                .date
                .as_deref()
                .map(|d| format!(" {} {}", lang.pick("ngày", "of"), crate::domain::text::date(d, lang)))
                .unwrap_or_default();
            format!(
                "({} {letter}{date} {} {})",
                lang.pick("Kèm theo Công văn số", "With letter"),
                lang.pick("của", "from"),
                s.issuer().get(lang)
            )
        }
        None => format!("({})", s.title().get(lang)),
    }
}

/// The sheets of a form for the plan of `year`.
pub fn form_grids(form: &Form, year: i32, lang: Lang) -> Vec<Grid> {
    (0..form.catalog.appendices.len())
        .map(|a| {
            let view = empty_view(form, a, year);
            let mut g = appendix_sheet(&AppendixInput {
                catalog: &form.catalog,
                appendix: a,
                view: &view,
                year,
                unit_name: "",
                scenario: None,
                lang,
            });
            // The issuer and the letter, in place of a unit's name and its plan; no note
            // about how kttt's own copy of an appendix was rebuilt.
            for c in &mut g.cells {
                match (c.row, c.col) {
                    (0, 0) => c.item = Item::Text(form.source.issuer().get(lang).to_uppercase()),
                    (3, 0) => c.item = Item::Text(subtitle(form, lang)),
                    _ => {}
                }
            }
            g.cells.retain(|c| !(c.row == 4 && c.style == Style::Note));
            g.merges.retain(|m| m.first_row != 4);
            g.heights.retain(|(r, _)| *r != 4);
            g
        })
        .collect()
}

/// The form as the workbook the ministry sends, for the plan of `year`: every text cell is
/// written as text, one that starts like a formula quoted, as in every workbook kttt writes.
pub fn form_workbook(form: &Form, year: i32, lang: Lang) -> Result<Vec<u8>> {
    crate::exchange::xlsx::workbook(&form_grids(form, year, lang), lang).map_err(|e| {
        Error::said(
            format!("Không tạo được sổ Excel của biểu mẫu: {e}."),
            format!("Cannot build the form's workbook: {e}."),
        )
    })
}
