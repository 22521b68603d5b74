//! The windows over the table, one file each: its state, its update on actions (methods of
//! `App`, called from `App::update`) and its drawing. What they are all drawn with is in
//! `chrome`.

mod chrome;
mod compare;
mod confirm;
mod findings;
mod help;
mod history;
mod log;
mod name;
mod picker;
mod problems;
mod questions;
mod scenarios;
mod search;
mod side;

pub use confirm::{Confirm, ConfirmKind};
pub use history::HistoryPanel;
pub use log::LogPanel;
pub use name::{NameInput, NamePurpose};
pub use picker::{OrgPicker, PickRow};
pub use problems::ProblemsPanel;
pub use questions::{Choose, ChooseKind};
pub use search::{Search, SearchHit};
pub use side::{SideChoice, SidePanel};

use crate::domain::rules::Finding;
use crate::keys::Action;
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;

/// The selection in a list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListPick {
    pub selected: usize,
    /// First item shown (kept by the view).
    pub offset: usize,
}

impl ListPick {
    /// One up.
    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }
    /// One down, within `n` items.
    pub fn down(&mut self, n: usize) {
        if self.selected + 1 < n {
            self.selected += 1;
        }
    }
    /// A page (`rows`) up or down within `n` items.
    pub fn page(&mut self, n: usize, rows: usize, down: bool) {
        self.selected = if down {
            (self.selected + rows).min(n.saturating_sub(1))
        } else {
            self.selected.saturating_sub(rows)
        };
    }

    /// Applies a list movement among `n` items.
    pub fn apply(&mut self, a: &Action, n: usize) {
        match a {
            Action::ListUp => self.up(),
            Action::ListDown => self.down(n),
            Action::ListPageUp => self.page(n, 10, false),
            Action::ListPageDown => self.page(n, 10, true),
            _ => {}
        }
    }
}
/// Draws the window of the current mode, if it has one.
pub fn draw(f: &mut Frame, area: Rect, app: &App, findings: &[Finding]) {
    match &app.mode {
        Mode::Findings(p) => findings::draw(f, area, app, p, findings),
        Mode::Search(s) => search::draw(f, area, app, s),
        Mode::Help(p) => help::draw(f, area, app, p),
        Mode::OrgPicker(p) => picker::draw(f, area, app, p),
        Mode::Scenarios(p) => scenarios::draw(f, area, app, p),
        Mode::NameInput(n) => name::draw(f, area, app, n),
        Mode::History(h) => history::draw(f, area, app, h),
        Mode::Problems(p) => problems::draw(f, area, app, p),
        Mode::Log(p) => log::draw(f, area, app, p),
        Mode::Compare(p) => compare::draw(f, area, app, p),
        Mode::Side(p) => side::draw(f, area, app, p),
        Mode::SideChoose(c) => side::draw_choice(f, area, app, c),
        Mode::Confirm(c) => confirm::draw(f, area, app, c),
        Mode::Choose(q) => questions::draw(f, area, app, q),
        Mode::Browse | Mode::Edit(_) => {}
    }
}
