//! The overview: the headline indicators of each section with their attainment as bars, and
//! the count of findings. Enter opens the row in its tab. Each line is a row of the headline
//! table: its figures, marks and percentages as the row's own tab shows them.

use crate::domain::catalog::FundingId;
use crate::domain::number::{format_cell, format_percent};
use crate::domain::rules::{Finding, tally};
use crate::domain::sheet::{CellView, Progress, SheetView};
use crate::domain::text::{pad_left, pad_right, truncate};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A bar of `w` cells filled to `pct` of 100 %.
fn bar(pct: Option<Decimal>, w: usize) -> (String, String) {
    let filled = pct
        .and_then(|p| {
            (p.min(Decimal::ONE_HUNDRED).max(Decimal::ZERO) * Decimal::from(w as u64) / Decimal::ONE_HUNDRED)
                .round()
                .to_usize()
        })
        .unwrap_or(0);
    ("█".repeat(filled), "░".repeat(w - filled))
}

/// Draws the overview from the headline rows `v`.
pub fn draw(f: &mut Frame, area: Rect, app: &mut App, findings: &[Finding], v: &SheetView) {
    let th = app.theme;
    let s = &app.session;
    let lang = s.lang();
    let frame = s.frame();
    let items = app.overview_items();
    let (e, w, i) = tally(findings);
    let mut lines: Vec<(Option<usize>, Line<'static>)> = Vec::new();
    lines.push((
        None,
        Line::from(vec![
            Span::styled(format!(" {} ", app.t("Kiểm tra:", "Checks:")), th.head()),
            Span::styled(
                crate::present::counted(e, "lỗi", "error", "errors", lang),
                if e > 0 { th.error() } else { th.ok() },
            ),
            Span::raw(" · "),
            Span::styled(
                crate::present::counted(w, "cảnh báo", "warning", "warnings", lang),
                th.flagged(crate::domain::rules::Severity::Warning),
            ),
            Span::raw(format!(
                " · {}  ",
                crate::present::counted(i, "lưu ý", "note", "notes", lang)
            )),
            Span::styled("!", th.key()),
            Span::raw(format!(" {}", app.t("để xem", "to list them"))),
        ]),
    ));
    // How far the units below have entered each appendix (never counted as zeros).
    let parts = s.parts();
    if !parts.is_empty() {
        let level = s.orgs().get(parts[0]).level.name(lang);
        let mut spans = vec![Span::styled(
            format!(
                " {} ",
                app.t("Đơn vị cấp dưới đã nhập:", "Units below that have entered:")
            ),
            th.head(),
        )];
        for (a, started) in s.parts_started().into_iter().enumerate() {
            if a > 0 {
                spans.push(Span::raw(" · "));
            }
            spans.push(Span::raw(format!(
                "{}{} {started}/{}",
                app.t("PL", "App."),
                s.catalog().appendices[a].number,
                parts.len()
            )));
        }
        spans.push(Span::raw(format!(" {level}")));
        spans.push(Span::styled(
            format!("  t {}", app.t("theo đơn vị", "by unit")),
            th.dim(),
        ));
        lines.push((None, Line::from(spans)));
    }
    let total = area.width as usize;
    let (num_w, pct_w) = (8usize, 8usize);
    let bar_w = if total >= 100 { 20 } else { 10 };
    let name_w = total.saturating_sub(num_w * 2 + bar_w + pct_w * 2 + 6).max(16);
    let head = format!(
        " {}{} {} {}{}",
        pad_right(app.t("Chỉ tiêu", "Indicator"), name_w),
        pad_left(&frame.estimate_last().label(lang), num_w),
        pad_left(&format!("% {}", frame.plan_last().label(lang)), bar_w + pct_w),
        pad_left(&frame.plan_this().label(lang), num_w),
        pad_left(
            &format!(
                "{}/{}",
                crate::domain::period::PeriodKind::Plan.short(lang),
                crate::domain::period::PeriodKind::Estimate.short(lang)
            ),
            pct_w + 1
        ),
    );
    lines.push((None, Line::from(Span::styled(head, th.head()))));
    let mut last_sheet = usize::MAX;
    for (idx, id) in items.iter().enumerate() {
        let tab = app.tab_of(*id).unwrap_or(1);
        if tab != last_sheet {
            last_sheet = tab;
            let title = app.sheet_def(tab).title.get(lang).to_uppercase();
            lines.push((None, Line::from(Span::styled(format!(" {title}"), th.heading_row()))));
        }
        let ind = s.catalog().get(*id);
        let row = v.row_of(*id);
        let progress = row.map_or_else(Progress::default, |i| v.rows[i].progress);
        let figure = |p| {
            row.zip(v.column_of(p, FundingId::TOTAL))
                .map_or_else(CellView::default, |(i, j)| v.cells[i][j])
        };
        let (est, plan) = (figure(frame.estimate_last()), figure(frame.plan_this()));
        let (att, gro) = (progress.attainment.value, progress.growth.value);
        let st = progress.attainment.status;
        let (full, empty) = bar(att, bar_w);
        let pct = |p: Option<Decimal>| p.map_or_else(String::new, |p| format_percent(&p, lang));
        let selected = idx == app.overview.selected;
        let name_style = if selected { th.row_selected() } else { Style::default() };
        let num_style = |c: &CellView| if c.changed { th.changed() } else { Style::default() };
        lines.push((
            Some(idx),
            Line::from(vec![
                Span::styled(
                    format!(" {}", pad_right(&truncate(ind.short.get(lang), name_w - 1), name_w)),
                    name_style,
                ),
                Span::styled(pad_left(&format_cell(est.value.as_ref(), lang), num_w), num_style(&est)),
                Span::raw(" "),
                Span::styled(full, th.bar(st)),
                Span::styled(empty, th.dim()),
                Span::styled(pad_left(&pct(att), pct_w), th.status(st).add_modifier(Modifier::BOLD)),
                Span::styled(th.status_mark(st).to_string(), th.status(st)),
                Span::styled(
                    pad_left(&format_cell(plan.value.as_ref(), lang), num_w - 1),
                    num_style(&plan),
                ),
                // Growth (next plan over this estimate) is not attainment: no status colour.
                Span::raw(format!("{} ", pad_left(&pct(gro), pct_w + 1))),
            ]),
        ));
    }
    // Keep the selection in view.
    let h = area.height as usize;
    let sel_line = lines
        .iter()
        .position(|(i, _)| *i == Some(app.overview.selected))
        .unwrap_or(0);
    let mut off = app.overview.offset;
    if sel_line < off + 2 {
        off = sel_line.saturating_sub(2);
    }
    if sel_line >= off + h {
        off = sel_line + 1 - h;
    }
    app.overview.offset = off;
    app.page_rows = h.saturating_sub(4).max(1);
    let shown: Vec<Line> = lines.into_iter().skip(off).take(h).map(|(_, l)| l).collect();
    f.render_widget(Paragraph::new(shown), area);
}
