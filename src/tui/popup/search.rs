//! The search for an indicator by name or code (diacritics optional), over every sheet.

use super::ListPick;
use super::chrome::{centered, frame, list};
use crate::domain::catalog::IndicatorId;
use crate::domain::sheet::RowKind;
use crate::domain::text::{self, truncate, width};
use crate::keys::Action;
use crate::tui::app::{App, Mode};
use crate::tui::editor::LineEditor;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// One search result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchHit {
    pub tab: usize,
    pub row: usize,
    pub indicator: IndicatorId,
}

/// The search box and its results.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    pub field: LineEditor,
    pub hits: Vec<SearchHit>,
    pub pick: ListPick,
}

impl App {
    /// Opens an empty search.
    pub(in crate::tui) fn open_search(&mut self) {
        self.mode = Mode::Search(Search {
            field: LineEditor::default(),
            hits: Vec::new(),
            pick: ListPick::default(),
        });
    }

    /// Rows whose names match the query (diacritics ignored), over every sheet.
    pub fn search_hits(&self, query: &str) -> Vec<SearchHit> {
        if text::fold(query).is_empty() {
            return Vec::new();
        }
        let cat = self.session.catalog();
        let lang = self.session.lang();
        let mut hits = Vec::new();
        for tab in 1..self.tab_count() {
            for (row, r) in self.sheet_rows(tab).iter().enumerate() {
                if let RowKind::Indicator(id) = r.kind {
                    let ind = cat.get(id);
                    if text::matches(ind.name.get(lang), query)
                        || text::matches(&ind.name.vi, query)
                        || text::matches(&ind.code, query)
                    {
                        hits.push(SearchHit {
                            tab,
                            row,
                            indicator: id,
                        });
                    }
                }
            }
        }
        hits
    }

    /// The search's update on an action.
    pub(in crate::tui) fn search_action(&mut self, action: Action) {
        let Mode::Search(mut s) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let refresh = matches!(
            action,
            Action::Input(_) | Action::Backspace | Action::Delete | Action::ClearField
        );
        match action {
            Action::Cancel => return,
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Accept => {
                match s.hits.get(s.pick.selected) {
                    Some(h) => {
                        self.tab = h.tab;
                        self.cursors[h.tab - 1].row = h.row;
                    }
                    None => {
                        let m = self.t("Không tìm thấy chỉ tiêu nào.", "No indicator found.");
                        self.say(m);
                    }
                }
                return;
            }
            Action::Input(c) => {
                s.field.insert(c);
            }
            Action::Backspace => s.field.backspace(),
            Action::Delete => s.field.delete(),
            Action::CursorLeft => s.field.left(),
            Action::CursorRight => s.field.right(),
            Action::CursorHome => s.field.home(),
            Action::CursorEnd => s.field.end(),
            Action::ClearField => s.field.clear(),
            a => s.pick.apply(&a, s.hits.len()),
        }
        if refresh {
            s.hits = self.search_hits(s.field.text());
            s.pick = ListPick::default();
        }
        self.mode = Mode::Search(s);
    }
}

/// Draws the field over the matches.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, s: &Search) {
    let lang = app.session.lang();
    let th = app.theme;
    let r = centered(
        area,
        area.width.saturating_sub(6).min(90),
        area.height.saturating_sub(2),
    );
    let inner = frame(
        f,
        app,
        r,
        app.t(
            "Tìm chỉ tiêu (không cần dấu)",
            "Find an indicator (diacritics optional)",
        ),
    );
    let prompt = "/ ";
    let mut lines = vec![Line::from(vec![
        Span::styled(prompt, th.key()),
        Span::raw(s.field.text().to_string()),
    ])];
    f.set_cursor_position(Position::new(
        inner.x + width(prompt) as u16 + s.field.cursor_column() as u16,
        inner.y,
    ));
    let w = inner.width as usize;
    let items: Vec<Line> = s
        .hits
        .iter()
        .map(|h| {
            let tab = app.sheet_def(h.tab).title.get(lang).to_string();
            let name = app.session.catalog().get(h.indicator).name.get(lang).to_string();
            Line::from(vec![
                Span::styled(format!("{} › ", tab), th.dim()),
                Span::raw(truncate(&name, w.saturating_sub(width(&tab) + 4))),
            ])
        })
        .collect();
    if items.is_empty() && !s.field.text().is_empty() {
        lines.push(Line::from(Span::styled(
            app.t("Không có chỉ tiêu nào khớp.", "No indicator matches."),
            th.dim(),
        )));
    }
    lines.extend(list(&s.pick, items, inner.height.saturating_sub(1) as usize, app));
    f.render_widget(Paragraph::new(lines), inner);
}
