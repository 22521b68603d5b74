//! The change log panel (`L`): recent changes across every cell of the unit and the units
//! below it, newest first; Enter goes to the cell. And the comment on a figure (`m`).

use super::ListPick;
use super::chrome::{centered, frame, list};
use crate::domain::text::{sanitize, truncate};
use crate::keys::Action;
use crate::present::local_time;
use crate::session::LogFilter;
use crate::store::LogEntry;
use crate::tui::app::{App, Mode, NameInput, NamePurpose};
use crate::tui::editor::LineEditor;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// How many changes the panel lists.
const LOG_ROWS: usize = 200;

/// The change log panel's state.
#[derive(Clone, Debug, PartialEq)]
pub struct LogPanel {
    pub entries: Vec<LogEntry>,
    pub pick: ListPick,
}

impl App {
    /// Opens the panel on the latest changes of the unit and the units below it.
    pub(in crate::tui) fn open_log(&mut self) {
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

    /// The panel's update on an action: Enter goes to the cell.
    pub(in crate::tui) fn log_action(&mut self, action: Action) {
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
                    self.tab = crate::tui::app::OVERVIEW;
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
    pub(in crate::tui) fn edit_note(&mut self) {
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
    pub(in crate::tui) fn save_note(&mut self, key: crate::domain::values::CellKey, text: &str) {
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

/// Draws the changes, the selected one in full under the list.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &LogPanel) {
    let lang = app.session.lang();
    let th = app.theme;
    let r = centered(area, area.width.saturating_sub(2), area.height);
    let inner = frame(
        f,
        app,
        r,
        &format!(
            "{} — {} {}",
            app.t("Thay đổi gần đây", "Recent changes"),
            app.session.unit().name(lang),
            app.t("và cấp dưới · Enter: đến ô", "and below · Enter: go to the cell")
        ),
    );
    let cat = app.session.catalog();
    let orgs = app.session.orgs();
    let words: Vec<crate::present::LogWords> = p
        .entries
        .iter()
        .map(|e| crate::present::log_words(e, cat, orgs, lang))
        .collect();
    let items: Vec<Line> = p
        .entries
        .iter()
        .zip(&words)
        .map(|(e, w)| {
            let a = &e.entry;
            let what = if w.cell.is_empty() {
                String::new()
            } else {
                format!(" {}", w.cell)
            };
            Line::from(vec![
                Span::styled(format!("{} ", local_time(&a.at, lang)), th.dim()),
                Span::raw(format!("{:<8} ", truncate(&sanitize(&a.user), 8))),
                Span::raw(format!("{} · ", truncate(&w.unit, 16))),
                Span::raw(format!("{}:{what} ", w.action)),
                Span::styled(w.change.clone(), th.head()),
            ])
        })
        .collect();
    // The selected row in full under the list: a reason is read to its end.
    let full = words.get(p.pick.selected).map(|w| {
        let what = if w.cell.is_empty() {
            String::new()
        } else {
            format!(" {}", w.cell)
        };
        format!("{} · {}:{what} {}", w.unit, w.action, w.change)
    });
    let foot = full.as_ref().map_or(0, |t| {
        let room = inner.width.max(1) as usize;
        (crate::domain::text::width(t).div_ceil(room)).clamp(1, 3) as u16
    });
    let list_h = inner.height.saturating_sub(foot + 1);
    let lines = if items.is_empty() {
        vec![Line::from(app.t("Chưa có thay đổi nào.", "No changes yet."))]
    } else {
        list(&p.pick, items, list_h as usize, app)
    };
    f.render_widget(
        Paragraph::new(lines),
        Rect {
            height: list_h,
            ..inner
        },
    );
    if let Some(t) = full {
        let at = Rect {
            y: inner.y + inner.height.saturating_sub(foot),
            height: foot,
            ..inner
        };
        f.render_widget(Paragraph::new(Span::styled(t, th.head())).wrap(Wrap { trim: true }), at);
    }
}
