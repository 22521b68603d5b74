//! The keys, drawn from the bindings table, and what the marks after figures mean.

use super::ListPick;
use super::chrome::{centered, frame, split_bottom};
use crate::domain::text::{pad_right, width};
use crate::keys::Action;
use crate::tui::app::{App, Mode};
use crate::tui::keys::help_lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

impl App {
    /// The help's update on an action: it scrolls.
    pub(in crate::tui) fn help_action(&mut self, action: Action) {
        let Mode::Help(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel | Action::Accept => {}
            Action::Quit => self.quit = true,
            a => {
                p.apply(&a, help_lines(self.session.lang()).len());
                self.mode = Mode::Help(p);
            }
        }
    }
}

/// Draws the keys (scrolled to `p.selected`) over the legend of the marks.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &ListPick) {
    let lang = app.session.lang();
    let th = app.theme;
    let r = centered(area, area.width.saturating_sub(4).min(100), area.height);
    let all = help_lines(lang);
    let kw = all.iter().map(|(k, _)| width(k)).max().unwrap_or(10);
    let items: Vec<Line> = all
        .into_iter()
        .map(|(k, d)| {
            if k.is_empty() {
                Line::from(Span::styled(d, th.head()))
            } else {
                Line::from(vec![Span::styled(pad_right(&k, kw + 2), th.key()), Span::raw(d)])
            }
        })
        .collect();
    let total = items.len();
    let legend = app.t(
        "Dấu sau số: ! lỗi · ? cảnh báo · # khác số chính thức (phương án) · * từ phần thuyết minh · + cộng từ các đơn vị cấp dưới (đơn vị chưa nhập; ~ chưa đủ đơn vị). Tỷ lệ ƯTH/KH: xanh = đạt, vàng = gần đạt, đỏ = chưa đạt (không màu: ~ gần đạt, ! chưa đạt); KH/ƯTH là mức tăng, không tô màu.",
        "Marks after figures: ! error · ? warning · # differs from official (scenario) · * from the plan's text · + added up from the units below (none entered; ~ not all reported). Est./Plan: green = met, yellow = close, red = behind (no colour: ~ close, ! behind); Plan/Est. is growth, not coloured.",
    );
    // The title says where in the help the window is, and that there is more.
    let inner_h = r.height.saturating_sub(2);
    let legend_h = (width(legend).div_ceil(r.width.saturating_sub(2).max(1) as usize) as u16).min(inner_h / 2);
    let h = inner_h.saturating_sub(legend_h) as usize;
    let top = p.selected.min(total.saturating_sub(h));
    let more = match (top > 0, top + h < total) {
        (false, true) => format!(" — ↓ {} {}", total - top - h, app.t("dòng nữa", "more lines")),
        (true, true) => format!(" — ↑↓ {}–{}/{total}", top + 1, top + h),
        (true, false) => format!(" — ↑ {}–{total}/{total}", top + 1),
        (false, false) => String::new(),
    };
    let inner = frame(
        f,
        app,
        r,
        &format!("{}{more}", app.t("Phím tắt — Esc để đóng", "Keys — Esc to close")),
    );
    let (list_area, legend_area) = split_bottom(inner, legend_h);
    // Help scrolls rather than selects: ↑ ↓ PgUp PgDn move the first line shown.
    let shown: Vec<Line> = items.into_iter().skip(top).take(h).collect();
    f.render_widget(Paragraph::new(shown), list_area);
    f.render_widget(
        Paragraph::new(Span::styled(legend, th.dim())).wrap(Wrap { trim: true }),
        legend_area,
    );
}
