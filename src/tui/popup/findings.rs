//! The list of what the checks found; Enter goes to the cell.

use super::ListPick;
use super::chrome::{centered, frame, list, split_bottom};
use crate::domain::rules::{Finding, describe};
use crate::domain::text::truncate;
use crate::keys::Action;
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

impl App {
    /// Opens the findings, or says there are none.
    pub(in crate::tui) fn open_findings(&mut self) {
        if self.findings().is_empty() {
            let m = self.t(
                "Không có phát hiện nào: số liệu nhất quán.",
                "No findings: the figures are consistent.",
            );
            return self.say(m);
        }
        self.mode = Mode::Findings(ListPick::default());
    }

    /// The findings' update on an action.
    pub(in crate::tui) fn findings_action(&mut self, action: Action) {
        let Mode::Findings(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let findings = self.findings();
        match action {
            Action::Cancel => {}
            Action::Quit => self.quit = true,
            Action::Accept => {
                if let Some(f) = findings.get(p.selected) {
                    let m = crate::domain::rules::describe(
                        self.session.catalog(),
                        self.session.rules(),
                        f,
                        self.session.lang(),
                    );
                    let k = f.primary();
                    self.jump_to(k);
                    self.say(m);
                }
            }
            a => {
                p.apply(&a, findings.len());
                self.mode = Mode::Findings(p);
            }
        }
    }
}

/// Draws the findings, the selected one in full under the list.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &ListPick, findings: &[Finding]) {
    let lang = app.session.lang();
    let th = app.theme;
    let r = centered(area, area.width.saturating_sub(4), area.height.saturating_sub(2));
    let inner = frame(
        f,
        app,
        r,
        &format!("{} ({})", app.t("Phát hiện khi kiểm tra", "Findings"), findings.len()),
    );
    let w = inner.width as usize;
    let items = findings
        .iter()
        .map(|x| {
            let sev = format!("{:<9}", x.severity.label(lang));
            let text = truncate(
                &describe(app.session.catalog(), app.session.rules(), x, lang),
                w.saturating_sub(10),
            );
            Line::from(vec![
                Span::styled(sev, th.flagged(x.severity)),
                Span::raw(" "),
                Span::raw(text),
            ])
        })
        .collect();
    // The selected finding in full under the list.
    let (list_area, full_area) = split_bottom(inner, 3u16.min(inner.height / 3));
    f.render_widget(
        Paragraph::new(list(p, items, list_area.height as usize, app)),
        list_area,
    );
    if let Some(x) = findings.get(p.selected) {
        let text = format!(
            "{}: {}",
            x.severity.label(lang),
            describe(app.session.catalog(), app.session.rules(), x, lang)
        );
        f.render_widget(
            Paragraph::new(Span::styled(text, th.head())).wrap(Wrap { trim: true }),
            full_area,
        );
    }
}
