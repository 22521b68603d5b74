//! What every popup is drawn with: a centred box with a titled border, a list that keeps its
//! selection in view, a strip split off the bottom.

use super::ListPick;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

/// A `w` × `h` box in the middle of an area (shrunk to fit).
pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

/// Clears a box, draws its border and title; returns the inside.
pub(super) fn frame(f: &mut Frame, app: &App, r: Rect, title: &str) -> Rect {
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border())
        .title(Span::styled(format!(" {title} "), app.theme.head()));
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}

/// Splits off the bottom `h` rows of an area.
pub(super) fn split_bottom(r: Rect, h: u16) -> (Rect, Rect) {
    let h = h.min(r.height);
    (
        Rect {
            height: r.height - h,
            ..r
        },
        Rect {
            y: r.y + r.height - h,
            height: h,
            ..r
        },
    )
}

/// Lines of a list with the selection kept in view.
pub(super) fn list(pick: &ListPick, items: Vec<Line<'static>>, h: usize, app: &App) -> Vec<Line<'static>> {
    let off = if pick.selected >= h { pick.selected + 1 - h } else { 0 };
    items
        .into_iter()
        .enumerate()
        .skip(off)
        .take(h)
        .map(|(i, l)| {
            if i == pick.selected {
                l.patch_style(app.theme.cell_selected())
            } else {
                l
            }
        })
        .collect()
}
