//! The lines under the table: the selected row's full name and cell, and either the rule a
//! cell breaks, the scenario's difference, the edit being typed, or a message — wrapped to
//! the window, never cut off. The cell and its row's percentages are read from the view model
//! the body draws, never worked out again.

use super::Body;
use crate::domain::marks::Mark;
use crate::domain::number::{format, format_cell, format_percent};
use crate::domain::rules::{Finding, describe};
use crate::domain::sheet::{ColumnKind, RowKind, SheetView};
use crate::domain::text::{sanitize, truncate};
use crate::domain::values::{CellKey, Values};
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The lines under the table, wrapped to the window's width: the selected row's full name
/// with its cell (at most [`FIRST_LINES`] lines; the line being typed stays one line), then
/// the message, the rule a cell breaks or the edit's note (at most [`SECOND_LINES`]).
pub struct Detail {
    lines: Vec<Line<'static>>,
    /// Where the typing cursor goes, relative to the area (column, line).
    cursor: Option<(u16, u16)>,
}

/// At most this many lines for the selected row.
pub const FIRST_LINES: usize = 2;
/// At most this many lines for the message under it.
pub const SECOND_LINES: usize = 3;

impl Detail {
    /// How many lines it takes.
    pub fn height(&self) -> u16 {
        self.lines.len().max(2) as u16
    }
}

/// Lays the detail lines out for a width, from what the body shows.
pub(super) fn prepare(app: &App, body: &Body, findings: &[Finding], width: u16) -> Detail {
    let th = app.theme;
    let w = width as usize;
    let lang = app.session.lang();
    let mut cursor = None;
    let (first, mut second, typing): (Line, Line, bool) = match &app.mode {
        Mode::Edit(e) => {
            let label = format!(" {}: ", truncate(&app.session.label(&e.key), w / 2));
            let field = e.field.text().to_string();
            let x = crate::domain::text::width(&label) + e.field.cursor_column();
            cursor = Some((x.min(w.saturating_sub(1)) as u16, 0));
            let mut spans = vec![
                Span::styled(label, th.head()),
                Span::styled(format!("{field} "), th.cell_selected()),
            ];
            let second = match &e.result {
                Ok(r) => {
                    if let Some(x) = &r.explain {
                        spans.push(Span::raw(format!(" → {}", format_cell(r.value.as_ref(), lang))));
                        spans.push(Span::styled(format!("  ({x})"), th.dim()));
                    }
                    match &e.concern {
                        // A doubtful figure says so while it is typed; Enter will ask. In a
                        // scenario, what it implies follows.
                        Some((c, keep)) => Line::from_iter(
                            [Span::styled(
                                format!(" {} {c}", if *keep { "?" } else { "✗" }),
                                if *keep {
                                    th.flagged(crate::domain::rules::Severity::Warning)
                                } else {
                                    th.error()
                                },
                            )]
                            .into_iter()
                            .chain(
                                e.implied
                                    .as_deref()
                                    .map(|i| Span::styled(format!(" {}", sanitize(i)), th.ok())),
                            ),
                        ),
                        // In a scenario: what the identities then require of the others.
                        None if e.implied.is_some() => Line::from(Span::styled(
                            format!(" {}", sanitize(e.implied.as_deref().unwrap_or_default())),
                            th.ok(),
                        )),
                        None => Line::from(Span::styled(
                            format!(
                                " {}",
                                app.t(
                                    "Các tỷ lệ và kiểm tra đang tính theo số đang gõ. Enter ghi · Esc huỷ.",
                                    "Percentages and checks follow what you type. Enter saves · Esc cancels."
                                )
                            ),
                            th.dim(),
                        )),
                    }
                }
                Err(m) => Line::from(Span::styled(format!(" {m}"), th.error())),
            };
            (Line::from(spans), second, true)
        }
        _ => {
            let (a, b) = browse_lines(app, body, findings);
            (a, b, false)
        }
    };
    if let Some(flash) = &app.flash {
        second = Line::from(Span::styled(
            format!(" {}", sanitize(&flash.text)),
            if flash.error { th.error() } else { th.ok() },
        ));
    }
    let mut lines = if typing {
        // The line being typed keeps its place (the cursor is on it).
        let text: String = first.spans.iter().map(|s| s.content.to_string()).collect();
        if crate::domain::text::width(&text) > w {
            let style = first.spans.first().map(|s| s.style).unwrap_or_default();
            vec![Line::from(Span::styled(truncate(&text, w), style))]
        } else {
            vec![first]
        }
    } else {
        wrap(first.spans, w, FIRST_LINES)
    };
    if lines.is_empty() {
        lines.push(Line::default());
    }
    lines.extend(wrap(second.spans, w, SECOND_LINES));
    Detail { lines, cursor }
}

/// Draws the detail lines laid out by [`prepare`].
pub fn draw(f: &mut Frame, area: Rect, d: Detail) {
    if let Some((x, y)) = d.cursor {
        f.set_cursor_position(Position::new(area.x + x, area.y + y));
    }
    f.render_widget(Paragraph::new(d.lines), area);
}

/// Breaks styled text into lines of at most `w` columns at spaces (a word longer than a line
/// is cut), at most `max` lines, the last ending in `…` when something did not fit.
fn wrap(spans: Vec<Span<'static>>, w: usize, max: usize) -> Vec<Line<'static>> {
    use crate::domain::text::width;
    let w = w.max(1);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    let mut cut = false;
    'outer: for span in spans {
        let style = span.style;
        // Words with the spaces before them, so a line break drops only spaces.
        let mut words: Vec<String> = Vec::new();
        for piece in span.content.split_inclusive(' ') {
            words.push(piece.to_string());
        }
        for word in words {
            let ww = width(&word);
            let bare = width(word.trim_end());
            if used + bare > w && used > 0 {
                if lines.len() == max {
                    cut = true;
                    break 'outer;
                }
                // Continuation lines start one column in, as the first does.
                lines.push(vec![Span::raw(" ")]);
                used = 1;
                let word = word.trim_start().to_string();
                if word.is_empty() {
                    continue;
                }
                let ww = width(&word);
                let word = if ww > w { truncate(&word, w) } else { word };
                used += width(&word);
                lines.last_mut().expect("a line").push(Span::styled(word, style));
                continue;
            }
            let word = if ww > w { truncate(&word, w) } else { word };
            used += width(&word);
            lines.last_mut().expect("a line").push(Span::styled(word, style));
        }
    }
    if cut && let Some(last) = lines.last_mut() {
        let text: String = last.iter().map(|s| s.content.to_string()).collect();
        let style = last.last().map(|s| s.style).unwrap_or_default();
        let room = w.saturating_sub(1);
        *last = vec![Span::styled(
            format!("{}…", truncate(text.trim_end(), room).trim_end_matches('…')),
            style,
        )];
    }
    lines
        .into_iter()
        .filter(|l| l.iter().any(|s| !s.content.trim().is_empty()))
        .map(Line::from)
        .collect()
}

fn browse_lines(app: &App, body: &Body, findings: &[Finding]) -> (Line<'static>, Line<'static>) {
    let th = app.theme;
    let s = &app.session;
    let lang = s.lang();
    let v = match body {
        Body::ByUnit(_) => return by_unit_lines(app),
        Body::Overview(_) => {
            let Some(head) = app.selected_indicator().map(|id| row_head(app, id)) else {
                return (Line::default(), Line::default());
            };
            return (
                Line::from(Span::styled(head, th.head())),
                Line::from(Span::styled(
                    format!(
                        " {}",
                        app.t(
                            "Enter để mở dòng này trong thẻ của nó.",
                            "Enter opens this row in its tab."
                        )
                    ),
                    th.dim(),
                )),
            );
        }
        Body::Sheet(v) => v,
    };
    let cursor = app.cursors[app.tab - 1];
    let Some((row, id)) = selected_row(v, cursor.row) else {
        return (Line::default(), Line::default());
    };
    let mut head = row_head(app, id);
    let Some((col, c)) = v.columns.get(cursor.col).zip(v.cells[row].get(cursor.col)) else {
        return (Line::from(Span::styled(head, th.head())), Line::default());
    };
    let mut second: Vec<Span<'static>> = Vec::new();
    match *col {
        ColumnKind::Value { .. } => {
            head.push_str(&format!(
                " · {}: {}",
                col.title(s.catalog(), lang),
                format_cell(c.value.as_ref(), lang)
            ));
            let Some(key) = c.key else {
                return (Line::from(Span::styled(head, th.head())), Line::default());
            };
            // A scenario's change: the official figure and the difference.
            if c.changed {
                let official = s.official().value(&key);
                let delta = match (official, c.value) {
                    (Some(a), Some(b)) => b.checked_sub(a).map(|d| {
                        format!(
                            " ({}{})",
                            if d.is_sign_positive() && !d.is_zero() { "+" } else { "" },
                            format(&d, lang)
                        )
                    }),
                    _ => None,
                };
                second.push(Span::styled(
                    format!(" {} ", app.t("Chính thức:", "Official:")),
                    th.head(),
                ));
                second.push(Span::raw(format!(
                    "{} → {} {}{}",
                    format_cell(official.as_ref(), lang),
                    app.t("phương án:", "scenario:"),
                    format_cell(c.value.as_ref(), lang),
                    delta.unwrap_or_default()
                )));
            }
            if c.noted
                && let Some(n) = s.note(&key)
            {
                second.push(Span::styled(
                    format!(" {} {}", Mark::Noted.char(), sanitize(n)),
                    th.flagged(crate::domain::rules::Severity::Info),
                ));
            }
            if let Some(l) = c.lock.and_then(|l| s.lock_state(l)) {
                second.push(Span::styled(
                    format!(" {} {}", Mark::Locked.char(), crate::tui::app::lock_text(s, l)),
                    th.dim(),
                ));
            }
            // A figure nobody entered for the unit: what it is added up from, and how far it
            // reaches (`~` when not every unit below is in it: said before anything else).
            let coverage = |mark: Mark, cover: crate::domain::rollup::Cover| {
                let from = if cover.mapped {
                    app.t(
                        "Cộng từ các đơn vị cũ qua bảng ánh xạ (đơn vị chưa thành lập vào kỳ này)",
                        "Added up from the former units through the mapping (the unit did not exist then)",
                    )
                } else {
                    app.t(
                        "Chưa nhập cho đơn vị này; cộng từ các đơn vị cấp dưới",
                        "Not entered for this unit; added up from the units below",
                    )
                };
                Span::styled(
                    format!(
                        " {} {from}: {}{}",
                        mark.char(),
                        cover.text(lang),
                        if mark == Mark::Partial {
                            app.t(
                                " (chưa đủ, không phải số của cả đơn vị)",
                                " (not all reported: not the unit's whole figure)",
                            )
                        } else {
                            ""
                        }
                    ),
                    th.dim(),
                )
            };
            let rolled = match (Mark::origin(c), c.cover) {
                (Some(m @ (Mark::Rolled | Mark::Partial)), Some(cover)) => Some((m, cover)),
                _ => None,
            };
            if let Some((m, cover)) = rolled.filter(|(m, _)| *m == Mark::Partial) {
                second.push(coverage(m, cover));
            }
            // The rule the cell breaks, in words.
            let mine: Vec<&Finding> = findings.iter().filter(|f| f.cells.contains(&key)).collect();
            if let Some(f) = mine.first() {
                let more = if mine.len() > 1 {
                    format!(" (+{})", mine.len() - 1)
                } else {
                    String::new()
                };
                let sep = if second.is_empty() { " " } else { " · " };
                second.push(Span::styled(
                    format!("{sep}{}: ", f.severity.label(lang)),
                    th.flagged(f.severity),
                ));
                second.push(Span::raw(format!(
                    "{}{more}",
                    describe(s.catalog(), s.rules(), f, lang)
                )));
            } else if second.is_empty()
                && let Some((m, cover)) = rolled
            {
                second.push(coverage(m, cover));
            } else if second.is_empty()
                && let Some(cell) = s.official().cell(&key)
            {
                let mut t = format!(" {} {}", app.t("Nguồn:", "Source:"), cell.source.describe(lang));
                if let Some(n) = &cell.note {
                    t.push_str(&format!(" — {}", sanitize(n)));
                }
                second.push(Span::styled(t, th.dim()));
            }
        }
        ColumnKind::Attainment { achieved: a, plan: b } | ColumnKind::Growth { next: a, base: b } => {
            // The row's ratio, as its view model worked it out.
            let r = v.rows[row].progress.ratio(*col).unwrap_or_default();
            head.push_str(&format!(" · {}", col.title(s.catalog(), lang)));
            second.push(Span::raw(format!(
                " {} ÷ {} = {}  ({} ÷ {} × 100)",
                format_cell(r.over.as_ref(), lang),
                format_cell(r.under.as_ref(), lang),
                r.value.map_or_else(
                    || app.t("không tính được", "cannot be computed").to_string(),
                    |p| format_percent(&p, lang)
                ),
                a.label(lang),
                b.label(lang)
            )));
        }
    }
    (Line::from(Span::styled(head, th.head())), Line::from(second))
}

/// The selected row of a table and its indicator (`None` on a label or sum row).
fn selected_row(v: &SheetView, row: usize) -> Option<(usize, crate::domain::catalog::IndicatorId)> {
    match v.rows.get(row)?.kind {
        RowKind::Indicator(id) => Some((row, id)),
        RowKind::Label(_) | RowKind::PartsSum(_) => None,
    }
}

/// A row's number, full name and unit: ` 1 Tổng số hợp tác xã (HTX)`.
fn row_head(app: &App, id: crate::domain::catalog::IndicatorId) -> String {
    let s = &app.session;
    let lang = s.lang();
    let ind = s.catalog().get(id);
    let unit = s.catalog().unit_name(id, lang);
    let mut head = format!(" {} {}", ind.number, ind.name.get(lang));
    if !unit.is_empty() {
        head.push_str(&format!(" ({unit})"));
    }
    head
}

/// The by-unit view: the selected unit's cell, and what its figure is made of.
fn by_unit_lines(app: &App) -> (Line<'static>, Line<'static>) {
    let th = app.theme;
    let s = &app.session;
    let lang = s.lang();
    let Some(key) = app.selected_key() else {
        return (Line::default(), Line::default());
    };
    let v = app.values();
    let value = v.value(&key);
    let head = format!(
        " {} · {}: {}",
        s.orgs().get(key.org).name(lang),
        s.label(&CellKey { org: s.org(), ..key }),
        format_cell(value.as_ref(), lang)
    );
    let r = v.rolled(&key).unwrap_or_default();
    let level = r.level.map_or(String::new(), |l| l.name(lang).to_string());
    let entered = v.entered(&key);
    let second = if r.expected == 0 {
        app.t(
            "Số nhập của đơn vị này. Enter: mở bảng của đơn vị.",
            "This unit's own figure. Enter: open its sheet.",
        )
        .to_string()
    } else {
        let made = match r.value {
            Some(x) => format!(
                "{} {} {} ({}){}",
                if r.mapped {
                    app.t("các đơn vị cũ", "the former units")
                } else {
                    app.t("các đơn vị cấp dưới", "the units below")
                },
                app.t("cộng lại", "add up to"),
                format_cell(Some(&x), lang),
                crate::domain::marks::built_from(&r, lang),
                match Mark::of_rolled(&r) {
                    Mark::Partial => app.t(" — ~ chưa đủ", " — ~ not all reported"),
                    _ => "",
                }
            ),
            None if !r.not_comparable.is_empty() => app
                .t(
                    "không so sánh được: có đơn vị cũ chỉ nhập một phần, chưa biết tỷ lệ",
                    "not comparable: a former unit went in only in part, share unknown",
                )
                .to_string(),
            None => format!(
                "{} (0/{} {level})",
                app.t("chưa đơn vị cấp dưới nào nhập", "none of the units below has reported"),
                r.expected
            ),
        };
        match entered {
            Some(e) => format!(
                "{} {} · {made}",
                app.t("Số nhập:", "Entered:"),
                format_cell(Some(&e), lang)
            ),
            None => format!(
                "{} {made}",
                app.t("Chưa nhập; số hiện là số cộng:", "Not entered; shown is the total:")
            ),
        }
    };
    (
        Line::from(Span::styled(head, th.head())),
        Line::from(Span::styled(format!(" {second}"), th.dim())),
    )
}
