//! The history of one cell (`h`): who changed it, when, from what to what.

use super::ListPick;
use super::chrome::{centered, frame, list};
use crate::domain::number::format_cell;
use crate::domain::text::{sanitize, truncate};
use crate::domain::values::CellKey;
use crate::keys::Action;
use crate::present::{action_label, local_time};
use crate::store::AuditEntry;
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The history of one cell.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryPanel {
    pub key: CellKey,
    pub entries: Vec<AuditEntry>,
    pub pick: ListPick,
}

impl App {
    /// Opens the history of the selected cell, the newest change selected.
    pub(in crate::tui) fn open_history(&mut self) {
        let Some(key) = self.selected_key() else {
            let m = self.t(
                "Chọn một ô số liệu để xem lịch sử.",
                "Select a figure cell to see its history.",
            );
            return self.complain(m);
        };
        match self.session.history(&key) {
            Ok(entries) => {
                let selected = entries.len().saturating_sub(1);
                self.mode = Mode::History(HistoryPanel {
                    key,
                    entries,
                    pick: ListPick { selected, offset: 0 },
                });
            }
            Err(e) => self.fail(e),
        }
    }

    /// The history's update on an action: it scrolls.
    pub(in crate::tui) fn history_action(&mut self, action: Action) {
        let Mode::History(mut h) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel | Action::Accept => {}
            Action::Quit => self.quit = true,
            a => {
                let n = h.entries.len();
                h.pick.apply(&a, n);
                self.mode = Mode::History(h);
            }
        }
    }
}

/// Draws the changes, oldest first.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, h: &HistoryPanel) {
    let lang = app.session.lang();
    let th = app.theme;
    let r = centered(area, area.width.saturating_sub(4).min(100), area.height);
    let inner = frame(
        f,
        app,
        r,
        &format!("{}: {}", app.t("Lịch sử", "History"), app.session.label(&h.key)),
    );
    let items: Vec<Line> = h
        .entries
        .iter()
        .map(|e| {
            let sc = e
                .scenario
                .as_deref()
                .map(|s| format!(" [{}]", sanitize(s)))
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(format!("{} ", local_time(&e.at, lang)), th.dim()),
                Span::raw(format!("{:<10} ", truncate(&sanitize(&e.user), 10))),
                Span::raw(format!("{}{sc}: ", action_label(&e.action, lang))),
                Span::styled(
                    format!(
                        "{} → {}",
                        format_cell(e.old.as_ref(), lang),
                        format_cell(e.new.as_ref(), lang)
                    ),
                    th.head(),
                ),
            ])
        })
        .collect();
    let lines = if items.is_empty() {
        vec![Line::from(app.t("Chưa có thay đổi nào.", "No changes yet."))]
    } else {
        list(&h.pick, items, inner.height as usize, app)
    };
    f.render_widget(Paragraph::new(lines), inner);
}
