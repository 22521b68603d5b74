//! The change log panel (`L`): recent changes across every cell of the unit and the units
//! below it, newest first; Enter goes to the cell. And the comment on a figure (`m`).

use super::{App, ListPick, Mode, NameInput, NamePurpose};
use crate::session::LogFilter;
use crate::store::LogEntry;
use crate::tui::action::Action;
use crate::tui::editor::LineEditor;

/// How many changes the panel lists.
const LOG_ROWS: usize = 200;

/// The change log panel's state.
#[derive(Clone, Debug, PartialEq)]
pub struct LogPanel {
    pub entries: Vec<LogEntry>,
    pub pick: ListPick,
}

impl App {
    pub(super) fn open_log(&mut self) {
        let filter = LogFilter {
            unit: Some(self.session.org()),
            ..LogFilter::default()
        };
        match self.session.db_mut().log(&filter, LOG_ROWS) {
            Ok(entries) => {
                self.mode = Mode::Log(Box::new(LogPanel {
                    entries,
                    pick: ListPick::default(),
                }))
            }
            Err(e) => self.fail(e),
        }
    }

    pub(super) fn log_action(&mut self, action: Action) {
        let Mode::Log(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel => {}
            Action::Quit => self.quit = true,
            Action::Accept => {
                let Some(key) = p.entries.get(p.pick.selected).and_then(|e| e.key) else {
                    // A plan step, a comment on a unit, a user's role: go to that unit.
                    let entry = p.entries.get(p.pick.selected);
                    let unit = entry
                        .and_then(|e| e.org.as_deref())
                        .and_then(|c| self.session.orgs().by_code(c));
                    let Some(org) = unit else {
                        let m = self.t(
                            "Thay đổi này không thuộc ô số liệu hay đơn vị nào.",
                            "That change is about no figure and no unit.",
                        );
                        self.complain(m);
                        self.mode = Mode::Log(p);
                        return;
                    };
                    self.by_unit = None;
                    if org != self.session.org()
                        && let Err(e) = self.session.set_org(org)
                    {
                        return self.fail(e);
                    }
                    self.tab = super::OVERVIEW;
                    let w = entry.map(|e| {
                        crate::present::log_words(e, self.session.catalog(), self.session.orgs(), self.session.lang())
                    });
                    if let Some(w) = w {
                        self.say(format!("{}: {} — {}", w.unit, w.action, w.change));
                    }
                    return;
                };
                self.by_unit = None;
                if key.org != self.session.org()
                    && let Err(e) = self.session.set_org(key.org)
                {
                    return self.fail(e);
                }
                if let Err(e) = self.session.focus(key.period) {
                    return self.fail(e);
                }
                self.jump_to(key);
                let m = self.session.label(&key);
                self.say(m);
            }
            a => {
                let n = p.entries.len();
                p.pick.apply(&a, n);
                self.mode = Mode::Log(p);
            }
        }
    }

    /// Opens the comment on the selected figure for editing.
    pub(super) fn edit_note(&mut self) {
        let Some(key) = self.selected_key() else {
            let m = self.t("Chọn một ô số liệu để ghi chú.", "Select a figure cell to comment on.");
            return self.complain(m);
        };
        let now = self.session.note(&key).unwrap_or("").to_string();
        self.mode = Mode::NameInput(NameInput {
            field: LineEditor::with_max(&now, 500),
            purpose: NamePurpose::Note(key),
        });
    }

    /// Saves (or, empty, clears) the comment typed.
    pub(super) fn save_note(&mut self, key: crate::domain::values::CellKey, text: &str) {
        let note = Some(text).filter(|t| !t.trim().is_empty());
        match self.session.set_note(&key, note) {
            Ok(()) => {
                let m = format!(
                    "{} {}",
                    if note.is_some() {
                        self.t("Đã ghi chú:", "Comment saved:")
                    } else {
                        self.t("Đã xoá ghi chú:", "Comment cleared:")
                    },
                    self.session.label(&key)
                );
                self.say(m);
            }
            Err(e) => self.fail(e),
        }
    }
}
