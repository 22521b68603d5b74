//! What an import found wrong, listed for reading.

use super::ListPick;
use super::chrome::{centered, frame, list};
use crate::keys::Action;
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// What an import found wrong, listed for reading.
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemsPanel {
    pub title: String,
    pub lines: Vec<String>,
    pub pick: ListPick,
    /// A new form's proposal: Enter goes on to add it (asks why), Esc leaves it.
    pub then_form: bool,
}

impl App {
    /// The panel's update on an action: it scrolls.
    pub(in crate::tui) fn problems_action(&mut self, action: Action) {
        let Mode::Problems(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Accept if p.then_form => self.ask_form_why(),
            Action::Cancel if p.then_form => self.leave_form(),
            Action::Cancel | Action::Accept => {}
            Action::Quit => self.quit = true,
            a => {
                let n = p.lines.len();
                p.pick.apply(&a, n);
                self.mode = Mode::Problems(p);
            }
        }
    }
}

/// Draws the problems, wrapped.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &ProblemsPanel) {
    let r = centered(area, area.width.saturating_sub(4).min(110), area.height);
    let inner = frame(f, app, r, &p.title);
    let items: Vec<Line> = p.lines.iter().map(|l| Line::from(l.clone())).collect();
    let lines = list(&p.pick, items, inner.height as usize, app);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
