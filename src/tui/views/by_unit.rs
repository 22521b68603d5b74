//! The by-unit view: an indicator over the unit's parts, the roll-up row (with how many parts
//! it covers), the unit's own figure and the difference; how far each part has entered the
//! appendix; the selection and a figure being typed in place. Drawn from the table by unit,
//! each cell with the marks its view gives it.

use super::sheet::cell_text;
use crate::domain::by_unit::ByUnit;
use crate::domain::completeness::EntryState;
use crate::domain::marks::{Mark, cover_summary, partial_total_legend};
use crate::domain::number::format_cell;
use crate::domain::sheet::CellView;
use crate::domain::text::{pad_left, pad_right, truncate, width};
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

const NAME_MIN: usize = 14;

/// Draws the table by unit `t` and keeps the selection in view.
pub fn draw(f: &mut Frame, area: Rect, app: &mut App, t: &ByUnit) {
    let Some(mut u) = app.by_unit else { return };
    let th = app.theme;
    let lang = app.session.lang();
    let cat = app.session.catalog().clone();
    let ind = cat.get(t.indicator);
    let appendix = ind.appendix;
    let entry: Vec<String> = t
        .parts
        .iter()
        .map(|p| {
            if let Some(st) = app.session.plan_state(p.org) {
                return st.step.name(lang).to_string();
            }
            let c = app.session.completeness(p.org, appendix);
            match c.state() {
                EntryState::NotEntered => app.t("chưa nhập", "none").to_string(),
                EntryState::Complete => app.t("đủ", "complete").to_string(),
                EntryState::InProgress => app.t("đang nhập", "in progress").to_string(),
            }
        })
        .collect();
    let mut entry_head = app.t("Trạng thái", "State").to_string();
    // In a scenario (an allocation handed down), the last column is what each unit proposed
    // itself in the selected column, and the scenario's figure less it.
    let mut entry = entry;
    if app.session.scenario().is_some() && t.columns.get(u.col).is_some_and(|c| !c.is_computed()) {
        let official = app.session.values_official();
        entry_head = app.t("Tự đề xuất (chênh)", "Proposed (diff)").to_string();
        entry = crate::domain::by_unit::proposed(t, u.col, &official)
            .into_iter()
            .map(|(own, diff)| {
                let d = match diff {
                    Some(d) if d.is_sign_positive() && !d.is_zero() => format!(" (+{})", format_cell(Some(&d), lang)),
                    Some(d) => format!(" ({})", format_cell(Some(&d), lang)),
                    None => String::new(),
                };
                format!("{}{d}", format_cell(own.as_ref(), lang))
            })
            .collect();
    }
    let entry_w = entry
        .iter()
        .map(|e| width(e))
        .max()
        .unwrap_or(0)
        .max(width(&entry_head))
        .max(9);
    // Column widths: the heads and every cell's text with its mark.
    let col_w: Vec<usize> = t
        .columns
        .iter()
        .enumerate()
        .map(|(j, col)| {
            let (h1, h2) = col.head(&cat, lang);
            let rows = t.parts.iter().map(|p| &p.cells[j]).chain([&t.total[j], &t.own[j]]);
            rows.map(|c| width(&cell_text(app, col, c, Some(t.indicator)).0) + 1)
                .max()
                .unwrap_or(0)
                .max(width(&h1) + 1)
                .max(width(&h2) + 1)
                .max(6)
        })
        .collect();
    let total_w = area.width as usize;
    let cols_w: usize = col_w.iter().map(|w| w + 1).sum::<usize>() + entry_w;
    let name_w = total_w.saturating_sub(cols_w + 1).max(NAME_MIN);
    let buf = f.buffer_mut();
    let (x0, y0) = (area.x, area.y);
    let put = |buf: &mut ratatui::buffer::Buffer, x: usize, y: u16, s: &str, w: usize, st: Style| {
        if x < (area.x + area.width) as usize {
            let w = w.min((area.x + area.width) as usize - x);
            buf.set_stringn(x as u16, y, s, w, st);
        }
    };
    // Title.
    let level = t.level.map_or(String::new(), |l| l.name(lang).to_string());
    let title = format!(
        "{} ({}) — {} {}: {}",
        ind.name.get(lang),
        cat.unit_abbr(t.indicator, lang),
        app.t("theo", "by"),
        level,
        app.session.unit().name(lang)
    );
    put(
        buf,
        x0 as usize,
        y0,
        &truncate(&title, total_w),
        total_w,
        th.heading_row(),
    );
    // Heads.
    let head = th.head();
    put(buf, x0 as usize, y0 + 1, app.t("Đơn vị", "Unit"), name_w, head);
    let mut x = x0 as usize + name_w + 1;
    for (j, (col, w)) in t.columns.iter().zip(&col_w).enumerate() {
        let (h1, h2) = col.head(&cat, lang);
        let st = if j == u.col {
            head.add_modifier(Modifier::UNDERLINED)
        } else {
            head
        };
        put(buf, x, y0 + 1, &pad_left(&h1, w - 1), *w, st);
        put(buf, x, y0 + 2, &pad_left(&h2, w - 1), *w, st);
        x += w + 1;
    }
    put(buf, x, y0 + 1, &pad_left(&entry_head, entry_w), entry_w, head);
    // The parts scroll; the total, the unit's own figure and the difference stay at the foot.
    let body_h = (area.height as usize).saturating_sub(3 + 4).max(1);
    app.page_rows = body_h;
    let rows = t.parts.len() + 1;
    u.row = u.row.min(rows - 1);
    if u.row < t.parts.len() {
        if u.row < u.offset {
            u.offset = u.row;
        }
        if u.row >= u.offset + body_h {
            u.offset = u.row + 1 - body_h;
        }
    }
    u.offset = u.offset.min(t.parts.len().saturating_sub(body_h));
    app.by_unit = Some(u);
    let app: &App = app;
    // The total row is a roll-up by definition: only a partial one is marked (`~`).
    let draw_cells =
        |buf: &mut ratatui::buffer::Buffer, y: u16, cells: &[CellView], selected_row: bool, total: bool| {
            let mut x = x0 as usize + name_w + 1;
            for (j, (col, w)) in t.columns.iter().zip(&col_w).enumerate() {
                let c = &cells[j];
                let (text, mark, mut style) = cell_text(app, col, c, Some(t.indicator));
                let here = selected_row && j == u.col;
                if here {
                    style = style.patch(th.cell_selected());
                }
                let editing = match &app.mode {
                    Mode::Edit(e) if here && c.key == Some(e.key) => Some(e),
                    _ => None,
                };
                let shown = match editing {
                    Some(e) => {
                        let mut tail = e.field.text().to_string();
                        while width(&tail) > w - 1 {
                            tail.remove(0);
                        }
                        pad_right(&tail, w - 1)
                    }
                    None => pad_left(&text, w - 1),
                };
                let mark = match editing {
                    Some(_) => ' ',
                    None if total => Mark::total(c).map_or(' ', Mark::char),
                    None => mark,
                };
                put(buf, x, y, &format!("{shown}{mark}"), *w, style);
                x += w + 1;
            }
            x
        };
    for (y, (i, p)) in (y0 + 3..).zip(t.parts.iter().enumerate().skip(u.offset).take(body_h)) {
        let selected = i == u.row;
        let name_style = if selected { th.row_selected() } else { Style::default() };
        let name = truncate(app.session.orgs().get(p.org).name(lang), name_w);
        put(buf, x0 as usize, y, &pad_right(&name, name_w), name_w, name_style);
        let x = draw_cells(buf, y, &p.cells, selected, false);
        let st = if entry[i] == app.t("chưa nhập", "none") {
            th.dim()
        } else {
            Style::default()
        };
        put(buf, x, y, &pad_left(&entry[i], entry_w), entry_w, st);
    }
    let foot = y0 + area.height.saturating_sub(4);
    // The total: what it is built from in its label (or, when the columns differ, on the
    // line under the table), partial columns marked `~`.
    let items: Vec<(String, &crate::domain::rollup::Rolled)> = t
        .columns
        .iter()
        .zip(&t.rolled)
        .filter_map(|(c, r)| Some((c.title(&cat, lang), r.as_ref()?)))
        .collect();
    let summary = cover_summary(&items, lang);
    let (label, line) = if summary.contains(" — ") {
        (app.t("Cộng", "Total").to_string(), Some(summary))
    } else {
        (summary, None)
    };
    let line = line.or_else(|| {
        t.total
            .iter()
            .any(|c| Mark::total(c).is_some())
            .then(|| partial_total_legend(lang).to_string())
    });
    if let Some(line) = line {
        put(buf, x0 as usize, foot + 3, &truncate(&line, total_w), total_w, th.dim());
    }
    put(
        buf,
        x0 as usize,
        foot,
        &pad_right(&truncate(&label, name_w), name_w),
        name_w,
        th.head(),
    );
    draw_cells(buf, foot, &t.total, false, true);
    let own_label = format!(
        "{} {}",
        app.t("Số nhập của", "Entered for"),
        app.session.unit().short.get(lang)
    );
    let own_selected = u.row == t.parts.len();
    let own_style = if own_selected {
        th.row_selected()
    } else {
        Style::default()
    };
    put(
        buf,
        x0 as usize,
        foot + 1,
        &pad_right(&truncate(&own_label, name_w), name_w),
        name_w,
        own_style,
    );
    draw_cells(buf, foot + 1, &t.own, own_selected, false);
    put(
        buf,
        x0 as usize,
        foot + 2,
        &pad_right(
            &truncate(app.t("Chênh lệch (nhập − cộng)", "Difference"), name_w),
            name_w,
        ),
        name_w,
        th.dim(),
    );
    let mut x = x0 as usize + name_w + 1;
    for (j, w) in col_w.iter().enumerate() {
        let d = t.diff[j].map(|d| format_cell(Some(&d), lang)).unwrap_or_default();
        let st = if t.diff[j].is_some_and(|d| !d.is_zero()) {
            th.flagged(crate::domain::rules::Severity::Warning)
        } else {
            th.dim()
        };
        put(buf, x, foot + 2, &pad_left(&d, w - 1), *w, st);
        x += w + 1;
    }
}
