//! Drawing: state in, cells out. One file per part of the screen.

mod detail;
mod overview;
mod popups;
mod sheet;

use super::app::{App, Mode, OVERVIEW};
use crate::domain::rules::tally;
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
        return too_small(f, area, app);
    }
    let findings = app.findings();
    let [header, tabs, body, detail_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, header, app, &findings);
    draw_tabs(f, tabs, app);
    if app.tab == OVERVIEW {
        overview::draw(f, body, app, &findings);
    } else {
        sheet::draw(f, body, app, &findings);
    }
    detail::draw(f, detail_area, app, &findings);
    draw_footer(f, footer, app);
    popups::draw(f, body.union(detail_area), app, &findings);
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
    let org = s.store.orgs.get(s.org);
    let mut left = vec![
        Span::styled(" KTTT ", th.head()),
        Span::raw(format!(
            " {} · {} {} ",
            org.short.get(s.lang),
            app.t("Kế hoạch", "Plan"),
            s.year
        )),
    ];
    if let Some(sc) = &s.scenario {
        left.push(Span::styled(
            format!(
                " {}: {} ",
                app.t("PHƯƠNG ÁN", "SCENARIO"),
                truncate(&sanitize(&sc.info.name), 24)
            ),
            th.scenario(),
        ));
    }
    let (e, w, _) = tally(findings);
    let right = vec![
        Span::styled(
            crate::present::counted(e, "lỗi", "error", "errors", app.session.lang),
            if e > 0 { th.error() } else { th.ok() },
        ),
        Span::raw(" · "),
        Span::styled(
            format!(
                "{} ",
                crate::present::counted(w, "cảnh báo", "warning", "warnings", app.session.lang)
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
            .catalog
            .sheets
            .iter()
            .map(|s| s.title.get(app.session.lang).to_string()),
    );
    let mut spans = Vec::new();
    for (i, t) in titles.iter().enumerate() {
        let label = format!(" {} {t} ", i + 1);
        let style = if i == app.tab { th.tab_active() } else { th.dim() };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_footer(f: &mut Frame, area: Rect, app: &App) {
    let th = app.theme;
    let keys: Vec<(&str, &str)> = match &app.mode {
        Mode::Browse if app.tab == OVERVIEW => vec![
            ("Enter", app.t("mở dòng", "open row")),
            ("Tab", app.t("thẻ", "tabs")),
            ("!", app.t("kiểm tra", "findings")),
            ("s", app.t("phương án", "scenarios")),
            ("?", app.t("trợ giúp", "help")),
            ("q", app.t("thoát", "quit")),
        ],
        Mode::Browse => vec![
            ("Enter/0-9", app.t("sửa", "edit")),
            ("/", app.t("tìm", "find")),
            ("!", app.t("kiểm tra", "findings")),
            ("s", app.t("phương án", "scenarios")),
            ("?", app.t("trợ giúp", "help")),
            ("q", app.t("thoát", "quit")),
            ("[ ]", app.t("năm", "year")),
            ("u", app.t("hoàn tác", "undo")),
        ],
        Mode::Edit(_) => vec![
            ("Enter", app.t("ghi", "save")),
            ("Tab", app.t("ghi, sang phải", "save, right")),
            ("Esc", app.t("huỷ", "cancel")),
            ("110% +10%", app.t("theo %", "by %")),
        ],
        Mode::Confirm(_) => vec![
            ("Enter/c", app.t("có", "yes")),
            ("k", app.t("không", "no")),
            ("Esc", app.t("thôi", "cancel")),
        ],
        Mode::Search(_) => vec![
            ("↑↓", app.t("chọn", "choose")),
            ("Enter", app.t("đến dòng", "go")),
            ("Esc", app.t("đóng", "close")),
        ],
        Mode::NameInput(_) => vec![("Enter", app.t("xong", "done")), ("Esc", app.t("huỷ", "cancel"))],
        Mode::Scenarios(_) => vec![
            ("Enter", app.t("chọn", "switch")),
            ("n", app.t("tạo", "new")),
            ("r", app.t("đổi tên", "rename")),
            ("d", app.t("xoá", "delete")),
            ("a", app.t("áp dụng", "apply")),
            ("c", app.t("so sánh", "compare")),
            ("Esc", app.t("đóng", "close")),
        ],
        Mode::Compare(_) => vec![
            ("Enter", app.t("đến ô", "go to cell")),
            ("a", app.t("áp dụng ô này", "apply this")),
            ("A", app.t("áp dụng tất cả", "apply all")),
            ("Esc", app.t("đóng", "close")),
        ],
        _ => vec![
            ("↑↓", app.t("chọn", "move")),
            ("Enter", app.t("mở", "open")),
            ("Esc", app.t("đóng", "close")),
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (k, d) in keys {
        let piece = width(k) + width(d) + 3;
        if used + piece > area.width as usize {
            break;
        }
        used += piece;
        spans.push(Span::styled(k.to_string(), th.key()));
        spans.push(Span::styled(format!(" {d}  "), Style::default()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
