//! Drawing: state in, cells out. One file per part of the screen.

mod by_unit;
mod detail;
mod overview;
pub mod progress;
mod sheet;

use super::app::{App, OVERVIEW};
use crate::domain::by_unit::ByUnit;
use crate::domain::rules::{Finding, tally};
use crate::domain::sheet::SheetView;
use crate::domain::text::{sanitize, truncate, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The smallest window the app draws in; below it a note says so.
pub const MIN_WIDTH: u16 = 60;
/// The smallest window height.
pub const MIN_HEIGHT: u16 = 16;

/// Draws the whole screen.
pub fn draw(f: &mut Frame, app: &mut App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, area, app);
        return sanitize_screen(f.buffer_mut());
    }
    let findings = app.findings();
    if app.tab != OVERVIEW && app.by_unit.is_some() && app.session.parts().is_empty() {
        app.by_unit = None;
    }
    let shown = Body::of(app, &findings);
    let lines = detail::prepare(app, &shown, &findings, area.width);
    let working = app.job().map(|j| j.shown(app.session.lang()));
    let [header, tabs, body, detail_area, progress_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(lines.height()),
        Constraint::Length(u16::from(working.is_some())),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, header, app, &findings);
    draw_tabs(f, tabs, app);
    match &shown {
        Body::Overview(v) => overview::draw(f, body, app, &findings, v),
        Body::ByUnit(t) => by_unit::draw(f, body, app, t),
        Body::Sheet(v) => sheet::draw(f, body, app, v),
    }
    detail::draw(f, detail_area, lines);
    if let Some(w) = &working {
        progress::draw(f, progress_area, w, app.session.lang(), app.theme);
    }
    draw_footer(f, footer, app);
    crate::tui::popup::draw(f, body.union(detail_area), app, &findings);
    sanitize_screen(f.buffer_mut());
}

/// The view model of what the body shows, built once a frame: the body and the lines under
/// it draw from the same one.
enum Body {
    /// The headline rows.
    Overview(SheetView),
    /// The selected tab's table.
    Sheet(SheetView),
    /// The selected row's indicator by unit.
    ByUnit(ByUnit),
}

impl Body {
    fn of(app: &App, findings: &[Finding]) -> Body {
        if app.tab == OVERVIEW {
            return Body::Overview(app.headlines(findings));
        }
        match app.by_unit_table() {
            Some(t) => Body::ByUnit(t),
            None => Body::Sheet(app.sheet_view(app.tab, findings)),
        }
    }
}

/// The last pass before anything reaches the terminal: a cell whose text would drive it
/// (a control or invisible character from stored text) shows `?` instead.
fn sanitize_screen(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(crate::domain::text::needs_escape) {
            cell.set_symbol("?");
        }
    }
}

fn too_small(f: &mut Frame, area: Rect, app: &App) {
    let lines = vec![
        Line::from(app.t("Cửa sổ quá nhỏ.", "Window too small.")),
        Line::from(format!(
            "{} {MIN_WIDTH}×{MIN_HEIGHT}",
            app.t("Cần ít nhất", "Needs at least")
        )),
        Line::from(format!("{} {}×{}", app.t("Hiện có", "Now"), area.width, area.height)),
        Line::from(app.t("q để thoát", "q to quit")),
    ];
    f.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), area);
}

/// One line split into a left part and a right part that gives way first.
pub(super) fn left_right(left: Vec<Span<'static>>, right: Vec<Span<'static>>, w: u16) -> Line<'static> {
    let lw: usize = left.iter().map(|s| width(&s.content)).sum();
    let rw: usize = right.iter().map(|s| width(&s.content)).sum();
    let mut spans = left;
    if lw + rw < w as usize {
        spans.push(Span::raw(" ".repeat(w as usize - lw - rw)));
        spans.extend(right);
    }
    Line::from(spans)
}

fn draw_header(f: &mut Frame, area: Rect, app: &App, findings: &[crate::domain::rules::Finding]) {
    let th = app.theme;
    let s = &app.session;
    let org = s.unit();
    let mut left = vec![
        Span::styled(" KTTT ", th.head()),
        Span::raw(format!(
            " {} · {} {} ",
            org.short.get(s.lang()),
            app.t("Kế hoạch", "Plan"),
            s.year()
        )),
    ];
    if let Some(sc) = s.scenario() {
        // A scenario closed elsewhere stays named, with its state, until the user moves on.
        let state = match sc.status {
            crate::store::ScenarioStatus::Open => String::new(),
            crate::store::ScenarioStatus::Applied => format!(" ({})", app.t("ĐÃ ÁP DỤNG", "APPLIED")),
            crate::store::ScenarioStatus::Discarded => format!(" ({})", app.t("ĐÃ HUỶ", "DISCARDED")),
        };
        left.push(Span::styled(
            format!(
                " {}: {}{state} ",
                app.t("PHƯƠNG ÁN", "SCENARIO"),
                truncate(&sanitize(&sc.name), 24)
            ),
            if state.is_empty() { th.scenario() } else { th.error() },
        ));
    }
    let (e, w, _) = tally(findings);
    let right = vec![
        Span::styled(
            crate::present::counted(e, "lỗi", "error", "errors", app.session.lang()),
            if e > 0 { th.error() } else { th.ok() },
        ),
        Span::raw(" · "),
        Span::styled(
            format!(
                "{} ",
                crate::present::counted(w, "cảnh báo", "warning", "warnings", app.session.lang())
            ),
            th.flagged(crate::domain::rules::Severity::Warning),
        ),
    ];
    f.render_widget(Paragraph::new(left_right(left, right, area.width)), area);
}

fn draw_tabs(f: &mut Frame, area: Rect, app: &App) {
    let th = app.theme;
    let mut titles = vec![app.t("Tổng quan", "Overview").to_string()];
    titles.extend(
        app.session
            .catalog()
            .sheets
            .iter()
            .map(|s| s.title.get(app.session.lang()).to_string()),
    );
    // The digits switch tabs only on the overview (on a table they start an edit): the
    // numbers are shown there only.
    let numbered = app.tab == crate::tui::app::OVERVIEW && app.by_unit.is_none();
    let labels: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if numbered {
                format!(" {} {t} ", i + 1)
            } else {
                format!(" {t} ")
            }
        })
        .collect();
    // More tabs than fit (a form with an appendix of its own): start late enough that the
    // active tab is whole, and say that tabs are left out on either side.
    let room = area.width as usize;
    let upto = |from: usize| {
        labels[from..=app.tab.min(labels.len() - 1)]
            .iter()
            .map(|l| width(l) + 1)
            .sum::<usize>()
    };
    let mut first = 0;
    while first < app.tab && upto(first) + 1 > room {
        first += 1;
    }
    let mut spans = Vec::new();
    if first > 0 {
        spans.push(Span::styled("‹ ", th.dim()));
    }
    let mut used = if first > 0 { 2 } else { 0 };
    for (i, label) in labels.iter().enumerate().skip(first) {
        let w = width(label) + 1;
        if used + w - 1 > room {
            if used < room {
                spans.push(Span::styled("›", th.dim()));
            }
            break;
        }
        used += w;
        let style = if i == app.tab { th.tab_active() } else { th.dim() };
        spans.push(Span::styled(label.clone(), style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_footer(f: &mut Frame, area: Rect, app: &App) {
    let th = app.theme;
    // Drawn from the bindings table: the keys of this context, the most needed first, as
    // many as fit.
    let keys = crate::tui::keys::footer(app.ctx(), app.session.lang());
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (k, d) in keys {
        let piece = width(&k) + width(d) + 3;
        if used + piece > area.width as usize {
            continue;
        }
        used += piece;
        spans.push(Span::styled(k, th.key()));
        spans.push(Span::styled(format!(" {d}  "), Style::default()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
