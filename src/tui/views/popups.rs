//! Windows over the table: findings, search, help, org units, scenarios, names, history,
//! the compare view and questions.

use crate::domain::number::{format, format_cell, format_percent};
use crate::domain::rules::{Finding, describe};
use crate::domain::text::{pad_left, pad_right, sanitize, truncate, width};
use crate::present::{action_label, local_time};
use crate::tui::app::{App, ListPick, Mode, NamePurpose};
use crate::tui::keys::help_lines;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

fn frame(f: &mut Frame, app: &App, r: Rect, title: &str) -> Rect {
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border())
        .title(Span::styled(format!(" {title} "), app.theme.head()));
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}

/// Splits off the bottom `h` rows of an area.
fn split_bottom(r: Rect, h: u16) -> (Rect, Rect) {
    let h = h.min(r.height);
    (
        Rect {
            height: r.height - h,
            ..r
        },
        Rect {
            y: r.y + r.height - h,
            height: h,
            ..r
        },
    )
}

/// Lines of a list with the selection kept in view.
fn list(pick: &ListPick, items: Vec<Line<'static>>, h: usize, app: &App) -> Vec<Line<'static>> {
    let off = if pick.selected >= h { pick.selected + 1 - h } else { 0 };
    items
        .into_iter()
        .enumerate()
        .skip(off)
        .take(h)
        .map(|(i, l)| {
            if i == pick.selected {
                l.patch_style(app.theme.cell_selected())
            } else {
                l
            }
        })
        .collect()
}

/// Draws the window of the current mode, if it has one.
pub fn draw(f: &mut Frame, area: Rect, app: &App, findings: &[Finding]) {
    let lang = app.session.lang();
    let th = app.theme;
    match &app.mode {
        Mode::Findings(p) => {
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
        Mode::Search(s) => {
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
        Mode::Help(p) => {
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
        Mode::OrgPicker(p) => {
            let orgs = app.session.orgs();
            let rows = p.rows(orgs);
            let r = centered(
                area,
                area.width.saturating_sub(4).min(76),
                area.height.saturating_sub(1),
            );
            let title = if p.all_dates {
                app.t("Chọn đơn vị — mọi thời kỳ", "Choose the unit — all dates")
            } else {
                app.t("Chọn đơn vị — năm kế hoạch", "Choose the unit — the plan year")
            };
            let inner = frame(f, app, r, title);
            let prompt = app.t("Tìm: ", "Find: ");
            let count = if p.field.text().trim().is_empty() {
                String::new()
            } else {
                format!("  ({} {})", rows.len(), app.t("kết quả", "found"))
            };
            let mut lines = vec![Line::from(vec![
                Span::styled(prompt, th.key()),
                Span::raw(p.field.text().to_string()),
                Span::styled(count, th.dim()),
            ])];
            f.set_cursor_position(Position::new(
                inner.x + width(prompt) as u16 + p.field.cursor_column() as u16,
                inner.y,
            ));
            let w = inner.width as usize;
            let current = app.session.org();
            let searching = !p.field.text().trim().is_empty();
            let items: Vec<Line> = rows
                .iter()
                .map(|row| {
                    let u = orgs.get(row.org);
                    let mark = if row.org == current { "● " } else { "  " };
                    let twig = match (row.branch, p.expanded.contains(&row.org), searching) {
                        (true, _, true) | (false, _, _) => "  ",
                        (true, true, false) => "▾ ",
                        (true, false, false) => "▸ ",
                    };
                    let mut name = format!("{mark}{}{twig}{}", "  ".repeat(row.depth), u.name(lang));
                    if searching && let Some(parent) = orgs.parent_of(row.org) {
                        name.push_str(&format!(" — {}", orgs.get(parent).short.get(lang)));
                    }
                    let until = crate::present::validity(u.valid_from.as_deref(), u.valid_to.as_deref(), lang);
                    let right = format!(
                        "{}{until}",
                        u.gso.as_deref().map(|g| format!(" {g}")).unwrap_or_default()
                    );
                    let room = w.saturating_sub(width(&right) + 1);
                    Line::from(vec![
                        Span::raw(pad_right(&truncate(&name, room), room)),
                        Span::styled(format!(" {right}"), th.dim()),
                    ])
                })
                .collect();
            if items.is_empty() {
                lines.push(Line::from(Span::styled(
                    app.t("  Không có đơn vị nào khớp.", "  No unit matches."),
                    th.dim(),
                )));
            }
            lines.extend(list(&p.pick, items, (inner.height as usize).saturating_sub(1), app));
            f.render_widget(Paragraph::new(lines), inner);
        }
        Mode::Scenarios(p) => {
            let scenarios = app.scenario_list();
            let r = centered(area, 64, (scenarios.len() as u16 + 5).min(area.height));
            let inner = frame(f, app, r, app.t("Phương án giả định", "What-if scenarios"));
            let active = app.session.scenario().map(|s| s.id);
            let mut items = vec![Line::from(format!(
                "{}{}",
                if active.is_none() { "● " } else { "  " },
                app.t("Số liệu chính thức", "Official figures")
            ))];
            for s in &scenarios {
                items.push(Line::from(vec![
                    Span::raw(format!(
                        "{}{}",
                        if active == Some(s.id) { "● " } else { "  " },
                        sanitize(&s.name)
                    )),
                    Span::styled(
                        format!("  ({} {})", s.changes, app.t("ô thay đổi", "changed cells")),
                        th.dim(),
                    ),
                ]));
            }
            let h = inner.height.saturating_sub(2) as usize;
            let mut lines = list(p, items, h, app);
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                app.t(
                    "Enter chọn · n tạo · r đổi tên · d huỷ · a áp dụng · c so sánh",
                    "Enter switch · n new · r rename · d discard · a apply · c compare",
                ),
                th.dim(),
            )));
            f.render_widget(Paragraph::new(lines), inner);
        }
        Mode::NameInput(n) => {
            let r = centered(area, 60, 5);
            let title = match n.purpose {
                NamePurpose::Create => app.t("Tạo phương án giả định", "New what-if scenario"),
                NamePurpose::Rename(_) => app.t("Đổi tên phương án", "Rename the scenario"),
                NamePurpose::ReturnPlan(_) => app.t("Trả lại kế hoạch", "Return the plan"),
                NamePurpose::Note(_) => app.t("Ghi chú (để trống: xoá)", "Comment (empty: remove)"),
                NamePurpose::Export => app.t("Ghi ra sổ Excel", "Export to a workbook"),
                NamePurpose::Import => app.t("Nhập từ sổ Excel hoặc CSV", "Import a workbook or CSV"),
            };
            let inner = frame(f, app, r, title);
            let label = match n.purpose {
                NamePurpose::ReturnPlan(_) => app.t("Lý do: ", "Reason: "),
                NamePurpose::Note(_) => app.t("Ghi chú: ", "Comment: "),
                NamePurpose::Export | NamePurpose::Import => app.t("Tệp: ", "File: "),
                _ => app.t("Tên: ", "Name: "),
            };
            f.set_cursor_position(Position::new(
                inner.x + width(label) as u16 + n.field.cursor_column() as u16,
                inner.y,
            ));
            let lines = vec![
                Line::from(vec![
                    Span::styled(label, th.head()),
                    Span::raw(n.field.text().to_string()),
                ]),
                Line::default(),
                Line::from(Span::styled(
                    app.t("Enter xong · Esc huỷ", "Enter done · Esc cancel"),
                    th.dim(),
                )),
            ];
            f.render_widget(Paragraph::new(lines), inner);
        }
        Mode::History(h) => {
            let r = centered(area, area.width.saturating_sub(4).min(100), area.height);
            let inner = frame(
                f,
                app,
                r,
                &format!("{}: {}", app.t("Lịch sử", "History"), app.session.label(&h.key)),
            );
            let items: Vec<Line> = h
                .entries
                .iter()
                .map(|e| {
                    let sc = e
                        .scenario
                        .as_deref()
                        .map(|s| format!(" [{}]", sanitize(s)))
                        .unwrap_or_default();
                    Line::from(vec![
                        Span::styled(format!("{} ", local_time(&e.at, lang)), th.dim()),
                        Span::raw(format!("{:<10} ", truncate(&sanitize(&e.user), 10))),
                        Span::raw(format!("{}{sc}: ", action_label(&e.action, lang))),
                        Span::styled(
                            format!(
                                "{} → {}",
                                format_cell(e.old.as_ref(), lang),
                                format_cell(e.new.as_ref(), lang)
                            ),
                            th.head(),
                        ),
                    ])
                })
                .collect();
            let lines = if items.is_empty() {
                vec![Line::from(app.t("Chưa có thay đổi nào.", "No changes yet."))]
            } else {
                list(&h.pick, items, inner.height as usize, app)
            };
            f.render_widget(Paragraph::new(lines), inner);
        }
        Mode::Problems(p) => {
            let r = centered(area, area.width.saturating_sub(4).min(110), area.height);
            let inner = frame(f, app, r, &p.title);
            let items: Vec<Line> = p.lines.iter().map(|l| Line::from(l.clone())).collect();
            let lines = list(&p.pick, items, inner.height as usize, app);
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        Mode::Log(p) => {
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
        Mode::Compare(p) => {
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
        Mode::Confirm(c) => {
            let w = (width(&c.question) as u16 + 4).clamp(30, area.width.saturating_sub(4).min(76));
            let inner_w = w.saturating_sub(2).max(1) as usize;
            let h = (width(&c.question).div_ceil(inner_w) as u16 + 2).min(area.height);
            let r = centered(area, w, h + 1);
            let inner = frame(f, app, r, app.t("Xác nhận", "Confirm"));
            f.render_widget(Paragraph::new(sanitize(&c.question)).wrap(Wrap { trim: true }), inner);
        }
        Mode::Choose(q) => {
            let w = area.width.saturating_sub(4).min(76);
            let inner_w = w.saturating_sub(2).max(1) as usize;
            let mut lines = vec![Line::from(sanitize(&q.question))];
            lines.push(Line::default());
            for (i, o) in q.options.iter().enumerate() {
                let n = i + 1;
                let mark = if q.default == Some(n as u8) { " (Enter)" } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {n} "), th.key()),
                    Span::raw(format!(" {}{mark}", sanitize(o))),
                ]));
            }
            lines.push(Line::from(vec![
                Span::styled(" Esc ", th.key()),
                Span::raw(format!(
                    " {}",
                    app.t("quay lại sửa, chưa ghi gì", "back to the edit, nothing saved")
                )),
            ]));
            let text_h: usize = lines
                .iter()
                .map(|l| {
                    let t: String = l.spans.iter().map(|s| s.content.to_string()).collect();
                    width(&t).max(1).div_ceil(inner_w)
                })
                .sum();
            let r = centered(area, w, (text_h as u16 + 2).min(area.height));
            let inner = frame(f, app, r, app.t("Cần bạn chọn", "Your choice"));
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        _ => {}
    }
}
