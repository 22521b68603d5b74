//! Scenarios side by side (`C`): the official figures and up to four open scenarios as
//! columns, for the cells they change, with growth, attainment and the checks of each.

use super::ListPick;
use super::chrome::{centered, frame};
use crate::domain::text::{pad_left, pad_right, truncate, width};
use crate::keys::Action;
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// At most this many scenarios side by side.
pub const SIDE_MAX: usize = 4;

/// The summary as drawn: the heads and rows worked out when the view opened.
#[derive(Clone, Debug, PartialEq)]
pub struct SidePanel {
    pub heads: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Some scenario changes a cell of this unit.
    pub changes: bool,
    pub pick: ListPick,
}

impl App {
    /// Opens the side-by-side view of the open scenarios (the active one first, at most
    /// [`SIDE_MAX`]).
    pub(in crate::tui) fn open_side(&mut self) {
        let active = self.session.scenario().map(|s| s.name.clone());
        let mut names: Vec<String> = self.scenario_list().into_iter().map(|s| s.name).collect();
        if let Some(a) = &active {
            names.retain(|n| n != a);
            names.insert(0, a.clone());
        }
        names.truncate(SIDE_MAX);
        if names.is_empty() {
            let m = self.t(
                "Chưa có phương án nào để đặt cạnh nhau. Nhấn S để tạo.",
                "There is no scenario to put side by side. Press S to create one.",
            );
            return self.complain(m);
        }
        let lang = self.session.lang();
        match self.session.side_by_side(&names) {
            Ok((side, cols)) => {
                let official = crate::domain::rules::tally(&self.session.findings(&self.session.values_official()));
                let (heads, rows) = crate::present::planning::side_table(&self.session, &side, &cols, official, lang);
                self.mode = Mode::Side(Box::new(SidePanel {
                    heads,
                    rows,
                    changes: !side.figures.is_empty(),
                    pick: ListPick::default(),
                }));
            }
            Err(e) => self.fail(e),
        }
    }

    /// The view's update on an action: it scrolls.
    pub(in crate::tui) fn side_action(&mut self, action: Action) {
        let Mode::Side(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel | Action::Accept => {}
            Action::Quit => self.quit = true,
            a => {
                let n = p.rows.len();
                p.pick.apply(&a, n);
                self.mode = Mode::Side(p);
            }
        }
    }
}

/// Draws the summary as a table: the label column takes what the figure columns leave.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &SidePanel) {
    let th = app.theme;
    // As tall as the rows with the heads, the note and the border, within the screen.
    let tall = (p.rows.len() + 4).min(u16::MAX as usize) as u16;
    let r = centered(
        area,
        area.width.saturating_sub(2).min(110),
        tall.min(area.height.saturating_sub(2)),
    );
    let inner = frame(
        f,
        app,
        r,
        app.t(
            "Các phương án so với số chính thức — Esc đóng",
            "Scenarios against the official figures — Esc closes",
        ),
    );
    let w = inner.width as usize;
    let ncols = p.heads.len().saturating_sub(1);
    // Each figure column as wide as its widest cell (heads may be cut), 7 to 10 columns.
    let cw: Vec<usize> = (1..=ncols)
        .map(|c| {
            p.rows
                .iter()
                .map(|r| r.get(c).map_or(0, |x| width(x)))
                .chain([width(&p.heads[c]).min(10)])
                .max()
                .unwrap_or(0)
                .clamp(7, 10)
        })
        .collect();
    let lw = w.saturating_sub(cw.iter().map(|x| x + 1).sum::<usize>()).max(8);
    let line = |cells: &[String], style| {
        let mut s = pad_right(&truncate(cells.first().map_or("", |x| x), lw), lw);
        for (c, cwid) in cw.iter().enumerate() {
            s.push(' ');
            s.push_str(&pad_left(&truncate(cells.get(c + 1).map_or("", |x| x), *cwid), *cwid));
        }
        Line::from(Span::styled(s, style))
    };
    let mut lines = vec![line(&p.heads, th.head())];
    let h = (inner.height as usize).saturating_sub(2);
    let top = p.pick.selected.min(p.rows.len().saturating_sub(h));
    let last = p.rows.len().saturating_sub(1);
    for (i, r) in p.rows.iter().enumerate().skip(top).take(h) {
        lines.push(line(r, if i == last { th.head() } else { Default::default() }));
    }
    let note = if p.changes {
        app.t(
            "* ô được ít nhất một phương án thay đổi · ↑↓ cuộn",
            "* a cell at least one scenario changes · ↑↓ scroll",
        )
    } else {
        app.t(
            "Các phương án chưa thay đổi ô nào của đơn vị này.",
            "The scenarios change no cell of this unit yet.",
        )
    };
    lines.push(Line::from(Span::styled(note, th.dim())));
    f.render_widget(Paragraph::new(lines), inner);
}
