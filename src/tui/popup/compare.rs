//! The compare view (`c`): the cells a scenario changes against the official figures, with
//! the percentages they move; Enter goes to the cell, `a`/`A` apply one or all.

use super::ListPick;
use super::chrome::{centered, frame};
use crate::domain::number::{format, format_cell, format_percent};
use crate::domain::text::{pad_left, pad_right, sanitize, truncate};
use crate::keys::Action;
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

impl App {
    /// Opens the comparison, when a scenario is in use.
    pub(in crate::tui) fn open_compare(&mut self) {
        if self.session.scenario().is_none() {
            let m = self.t(
                "Chưa mở phương án nào. Nhấn s để chọn hoặc S để tạo.",
                "No scenario is active. Press s to choose one or S to create one.",
            );
            return self.complain(m);
        }
        self.mode = Mode::Compare(ListPick::default());
    }

    /// The comparison's update on an action: Enter goes to the cell, `a`/`A` apply.
    pub(in crate::tui) fn compare_action(&mut self, action: Action) {
        let Mode::Compare(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let diffs = self.differences();
        let info = self.session.scenario().cloned();
        match action {
            Action::Cancel => {}
            Action::Quit => self.quit = true,
            Action::Accept => {
                if let Some(d) = diffs.get(p.selected) {
                    self.jump_to(d.key);
                }
            }
            Action::ApplySelected => match (diffs.get(p.selected), info) {
                (Some(d), Some(s)) => self.ask_apply(s, Some(vec![d.key])),
                _ => self.mode = Mode::Compare(p),
            },
            Action::ApplyScenario => match info {
                Some(s) => self.ask_apply(s, None),
                None => self.mode = Mode::Compare(p),
            },
            a => {
                p.apply(&a, diffs.len());
                self.mode = Mode::Compare(p);
            }
        }
    }
}

/// Draws the differences, one line each when wide enough, else two.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &ListPick) {
    let lang = app.session.lang();
    let th = app.theme;
    let diffs = app.differences();
    let r = centered(area, area.width.saturating_sub(2), area.height);
    let name = app.session.scenario().map(|s| sanitize(&s.name)).unwrap_or_default();
    let inner = frame(
        f,
        app,
        r,
        &format!(
            "{} «{name}» {} ({})",
            app.t("So sánh phương án", "Scenario"),
            app.t("với số chính thức", "against the official figures"),
            diffs.len()
        ),
    );
    let w = inner.width as usize;
    // Indicator, period, official, scenario, difference; the percentages beside them
    // when there is room, else on a second line.
    let two_lines = w < 110;
    let nw = if two_lines {
        w.saturating_sub(10 + 10 + 10 + 8 + 1).clamp(12, 40)
    } else {
        36
    };
    let pct = |x: Option<rust_decimal::Decimal>| x.map_or_else(|| "-".into(), |x| format_percent(&x, lang));
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{}{}{}  {}",
            pad_right(app.t("Chỉ tiêu", "Indicator"), nw + 1),
            pad_right(app.t("Kỳ", "Period"), 10),
            pad_left(app.t("Chính thức", "Official"), 10),
            pad_left(app.t("Phương án", "Scenario"), 10),
            pad_left(app.t("Chênh", "Diff."), 8),
            if two_lines {
                ""
            } else {
                app.t("Tỷ lệ %: trước → sau", "Percentages: before → after")
            }
        ),
        th.head(),
    ))];
    if diffs.is_empty() {
        lines.push(Line::from(app.t(
            "Phương án chưa thay đổi ô nào. Sửa một ô để bắt đầu.",
            "The scenario changes no cell yet. Edit a cell to start.",
        )));
    }
    // When the scenario changes how many errors the checks find, say so first.
    let errors = app.errors_change();
    if let Some(e) = &errors {
        lines.insert(0, Line::from(Span::styled(e.clone(), th.error())));
    }
    let used = usize::from(errors.is_some());
    let per_item = if two_lines { 2 } else { 1 };
    let room = (inner.height as usize).saturating_sub(1 + used) / per_item;
    let off = if p.selected >= room { p.selected + 1 - room } else { 0 };
    for (i, d) in diffs.iter().enumerate().skip(off).take(room) {
        let effects: Vec<String> = d
            .effects
            .iter()
            .map(|e| {
                let (h1, _) = e.column.head(app.session.catalog(), lang);
                format!("{h1} {} → {}", pct(e.before), pct(e.after))
            })
            .collect();
        let delta = d
            .delta
            .map(|x| {
                format!(
                    "{}{}",
                    if x.is_sign_positive() && !x.is_zero() { "+" } else { "" },
                    format(&x, lang)
                )
            })
            .unwrap_or_default();
        // A figure of a unit below names its unit.
        let mut what = app.session.catalog().get(d.key.indicator).short.get(lang).to_string();
        if d.key.org != app.session.org() {
            what = format!("{what} — {}", app.session.orgs().get(d.key.org).short.get(lang));
        }
        let mut main = Line::from(vec![
            Span::raw(pad_right(&truncate(&what, nw), nw + 1)),
            Span::raw(pad_right(&d.key.period.label(lang), 10)),
            Span::raw(pad_left(&format_cell(d.official.as_ref(), lang), 10)),
            Span::styled(pad_left(&format_cell(d.scenario.as_ref(), lang), 10), th.changed()),
            Span::raw(pad_left(&delta, 8)),
        ]);
        let effects = effects.join("; ");
        let mut second = None;
        if two_lines {
            second = Some(Line::from(Span::styled(format!("  {effects}"), th.dim())));
        } else {
            main.spans.push(Span::raw(format!("  {effects}")));
        }
        if i == p.selected {
            main = main.patch_style(th.cell_selected());
        }
        lines.push(main);
        lines.extend(second);
    }
    f.render_widget(Paragraph::new(lines), inner);
}
