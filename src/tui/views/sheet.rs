//! An appendix as a table: heads and the number/name/unit columns stay put, the period and
//! percentage columns scroll sideways, long names end in `…`.

use crate::domain::catalog::IndicatorId;
use crate::domain::marks::Mark;
use crate::domain::number::{format_cell, format_percent};
use crate::domain::sheet::{CellView, ColumnKind, RowKind, SheetView};
use crate::domain::text::{pad_left, pad_right, truncate, width};
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

const NUMBER_W: usize = 4;
const NAME_MIN: usize = 20;

/// Whether a row's percentages are a live preview of the figure being typed.
fn previewing(app: &App, row: Option<IndicatorId>) -> bool {
    matches!((&app.mode, row), (Mode::Edit(e), Some(id)) if e.key.indicator == id && e.result.is_ok())
}

/// How one cell reads: its text (`194#` when changed), the mark beside it and its style, all
/// from the cell's view.
pub(super) fn cell_text(app: &App, col: &ColumnKind, c: &CellView, row: Option<IndicatorId>) -> (String, char, Style) {
    let th = app.theme;
    let lang = app.session.lang();
    if col.is_computed() {
        let preview = if previewing(app, row) {
            Modifier::ITALIC | Modifier::UNDERLINED
        } else {
            Modifier::empty()
        };
        return match c.value {
            Some(p) => (
                format_percent(&p, lang),
                th.status_mark(c.status),
                th.status(c.status).add_modifier(preview),
            ),
            None => (String::new(), ' ', Style::default()),
        };
    }
    if !c.applicable {
        return (String::new(), ' ', Style::default());
    }
    let mark = Mark::beside(c).map_or(' ', Mark::char);
    let mut style = match c.flag {
        Some(s) => th.flagged(s),
        None => Style::default(),
    };
    if c.changed {
        style = th.changed();
    }
    if let (Mode::Edit(e), Some(k)) = (&app.mode, c.key)
        && e.key == k
    {
        style = th.changed().add_modifier(Modifier::UNDERLINED);
    }
    (Mark::changed_text(format_cell(c.value.as_ref(), lang), c), mark, style)
}

/// Column widths: each wide enough for its head and every cell, plus one for the mark.
fn widths(app: &App, v: &SheetView) -> Vec<usize> {
    let cat = app.session.catalog();
    v.columns
        .iter()
        .enumerate()
        .map(|(j, col)| {
            let (h1, h2) = col.head(cat, app.session.lang());
            let cells = v
                .cells
                .iter()
                .filter_map(|r| r.get(j))
                .map(|c| width(&cell_text(app, col, c, None).0) + 1)
                .max()
                .unwrap_or(0);
            cells.max(width(&h1) + 1).max(width(&h2) + 1).max(5)
        })
        .collect()
}

fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, w: usize, style: Style) {
    buf.set_stringn(x, y, s, w, style);
}

/// Draws the selected tab's table `v` and keeps the selection in view.
pub fn draw(f: &mut Frame, area: Rect, app: &mut App, v: &SheetView) {
    let tab = app.tab;
    let th = app.theme;
    let lang = app.session.lang();
    let cat = app.session.catalog().clone();
    let col_w = widths(app, v);
    let total = area.width as usize;
    // Below 100 columns the unit moves to the detail line, leaving room for the names.
    let unit_w = if total < 100 {
        0
    } else {
        v.rows
            .iter()
            .filter_map(|r| match r.kind {
                RowKind::Indicator(id) => Some(width(cat.unit_abbr(id, lang))),
                _ => None,
            })
            .max()
            .unwrap_or(0)
            .max(width(app.t("ĐVT", "Unit")))
    };
    // number, space, name, space, unit, space; then the scrolling columns, each followed by a space.
    let fixed = NUMBER_W + 1 + 1 + if unit_w > 0 { unit_w + 1 } else { 0 };
    let all_cols: usize = col_w.iter().map(|w| w + 1).sum();
    let longest_name = v
        .rows
        .iter()
        .map(|r| match r.kind {
            RowKind::Indicator(id) => width(cat.get(id).name.get(lang)) + 2 * r.indent as usize,
            RowKind::Label(rel) => width(rel.label(lang)) + 2 * r.indent as usize,
            RowKind::PartsSum(w) => {
                width(&crate::domain::sheet::parts_sum_label(&cat, w, lang)) + 2 * r.indent as usize
            }
        })
        .max()
        .unwrap_or(NAME_MIN);
    let name_w = if total >= fixed + all_cols + NAME_MIN {
        (total - fixed - all_cols).min(longest_name.max(NAME_MIN))
    } else {
        NAME_MIN.min(total.saturating_sub(fixed + 8))
    };
    let name_x = area.x + NUMBER_W as u16 + 1;
    let unit_x = name_x + name_w as u16 + 1;
    let scroll_x = if unit_w > 0 { unit_x + unit_w as u16 + 1 } else { unit_x };
    let scroll_w = total.saturating_sub(fixed + name_w);

    // Keep the selected column and row in view.
    let cur = &mut app.cursors[tab - 1];
    cur.col = cur.col.min(v.columns.len().saturating_sub(1));
    if cur.col < cur.col_offset {
        cur.col_offset = cur.col;
    }
    while cur.col_offset < cur.col && col_w[cur.col_offset..=cur.col].iter().map(|w| w + 1).sum::<usize>() > scroll_w {
        cur.col_offset += 1;
    }
    // Use spare room on the right to show earlier columns again.
    while cur.col_offset > 0 && col_w[cur.col_offset - 1..].iter().map(|w| w + 1).sum::<usize>() <= scroll_w {
        cur.col_offset -= 1;
    }
    let body_h = (area.height as usize).saturating_sub(2);
    app.page_rows = body_h.saturating_sub(1).max(1);
    let cur = &mut app.cursors[tab - 1];
    cur.row = cur.row.min(v.rows.len().saturating_sub(1));
    if cur.row < cur.row_offset {
        cur.row_offset = cur.row;
    }
    // While a figure is typed the row below it stays in view: a refusal is drawn there, so
    // it never covers the row above or the row being typed.
    let margin = usize::from(matches!(app.mode, crate::tui::app::Mode::Edit(_)) && body_h > 2);
    if cur.row + margin >= cur.row_offset + body_h {
        cur.row_offset = cur.row + 1 + margin - body_h;
    }
    // A label row just above the selection comes into view with it.
    if cur.row_offset > 0 && cur.row_offset == cur.row && matches!(v.rows[cur.row - 1].kind, RowKind::Label(_)) {
        cur.row_offset -= 1;
    }
    let cur = *cur;

    let buf = f.buffer_mut();
    let (x0, y0) = (area.x, area.y);
    // Column heads, two lines.
    let head = th.head();
    put(buf, x0, y0, app.t("STT", "No."), NUMBER_W, head);
    put(buf, name_x, y0, app.t("Chỉ tiêu", "Indicator"), name_w, head);
    if unit_w > 0 {
        put(buf, unit_x, y0, app.t("ĐVT", "Unit"), unit_w, head);
    }
    let mut x = scroll_x as usize;
    let mut last_shown = cur.col_offset;
    for (j, (col, &w)) in v.columns.iter().zip(&col_w).enumerate().skip(cur.col_offset) {
        if x + w > area.x as usize + total {
            break;
        }
        let (h1, h2) = col.head(&cat, lang);
        let style = if j == cur.col {
            head.add_modifier(Modifier::UNDERLINED)
        } else {
            head
        };
        put(buf, x as u16, y0, &pad_left(&h1, w - 1), w, style);
        put(buf, x as u16, y0 + 1, &pad_left(&h2, w - 1), w, style);
        last_shown = j;
        x += w + 1;
    }
    if cur.col_offset > 0 {
        put(buf, scroll_x - 1, y0 + 1, "<", 1, th.key());
    }
    if last_shown + 1 < v.columns.len() {
        put(buf, area.x + area.width - 1, y0 + 1, ">", 1, th.key());
    }

    // Rows. While editing, note where the cell is for the caret and the error under it.
    let mut edit_at: Option<(u16, u16, usize, Option<String>)> = None;
    for (i, r) in v.rows.iter().enumerate().skip(cur.row_offset).take(body_h) {
        let y = y0 + 2 + (i - cur.row_offset) as u16;
        let indent = "  ".repeat(r.indent as usize);
        let selected = i == cur.row;
        match r.kind {
            RowKind::Label(rel) => {
                let style = th.dim().add_modifier(Modifier::ITALIC);
                put(buf, name_x, y, &format!("{indent}{}", rel.label(lang)), name_w, style);
            }
            RowKind::PartsSum(whole) => {
                let label = crate::domain::sheet::parts_sum_label(&cat, whole, lang);
                put(
                    buf,
                    name_x,
                    y,
                    &truncate(&format!("{indent}{label}"), name_w),
                    name_w,
                    th.dim().add_modifier(Modifier::ITALIC),
                );
                let shown_cols = v.columns.iter().zip(&col_w).zip(&v.cells[i]).enumerate();
                let mut x = scroll_x as usize;
                for (_, ((col, &w), cell)) in shown_cols.skip(cur.col_offset).take(last_shown + 1 - cur.col_offset) {
                    let (text, mark, style) = cell_text(app, col, cell, None);
                    let style = if cell.flag.is_some() {
                        style
                    } else {
                        style.patch(th.dim())
                    };
                    put(buf, x as u16, y, &format!("{}{mark}", pad_left(&text, w - 1)), w, style);
                    x += w + 1;
                }
            }
            RowKind::Indicator(id) => {
                let ind = cat.get(id);
                let mut name_style = if ind.heading {
                    th.heading_row()
                } else {
                    Style::default()
                };
                if selected {
                    name_style = name_style.patch(th.row_selected());
                }
                put(buf, x0, y, &truncate(&ind.number, NUMBER_W), NUMBER_W, name_style);
                let name = truncate(&format!("{indent}{}", ind.name.get(lang)), name_w);
                put(buf, name_x, y, &pad_right(&name, name_w), name_w, name_style);
                if unit_w > 0 {
                    put(buf, unit_x, y, cat.unit_abbr(id, lang), unit_w, th.dim());
                }
                let mut x = scroll_x as usize;
                let shown_cols = v.columns.iter().zip(&col_w).zip(&v.cells[i]).enumerate();
                for (j, ((col, &w), cell)) in shown_cols.skip(cur.col_offset).take(last_shown + 1 - cur.col_offset) {
                    let (text, mark, mut style) = cell_text(app, col, cell, Some(id));
                    let here = selected && j == cur.col;
                    if here {
                        style = style.patch(app.theme.cell_selected());
                    }
                    let editing = match &app.mode {
                        Mode::Edit(e) if here && cell.key == Some(e.key) => Some(e),
                        _ => None,
                    };
                    let shown = match editing {
                        // In place: what is being typed, its end in view, the caret after it.
                        Some(e) => {
                            let typed = e.field.text();
                            let keep = w.saturating_sub(1);
                            let mut tail = typed.to_string();
                            while width(&tail) > keep {
                                tail.remove(0);
                            }
                            edit_at = Some((y, x as u16, w, e.result.as_ref().err().cloned()));
                            pad_right(&tail, keep)
                        }
                        None if here && text.is_empty() => " ".repeat(w - 1),
                        None => pad_left(&text, w - 1),
                    };
                    let mark = if editing.is_some() { ' ' } else { mark };
                    put(buf, x as u16, y, &format!("{shown}{mark}"), w, style);
                    x += w + 1;
                }
            }
        }
    }
    if let Some((y, cell_x, w, Some(msg))) = edit_at {
        {
            // The error right under the cell (above it on the last row), as wide as fits.
            let y_err = if y + 1 < area.y + area.height {
                y + 1
            } else {
                y.saturating_sub(1)
            };
            let msg = format!(" ✗ {msg} ");
            let room = area.width as usize;
            let want = width(&msg).min(room.saturating_sub(2)).max(1);
            let right = (cell_x as usize + w).min(area.x as usize + room);
            let x = right.saturating_sub(want).max(area.x as usize);
            put(
                buf,
                x as u16,
                y_err,
                &truncate(&msg, want),
                want,
                app.theme.error().add_modifier(Modifier::REVERSED),
            );
        }
    }
}
