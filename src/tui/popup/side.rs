//! Scenarios side by side (`C`): first the choice of columns — the official figures and one
//! to four open scenarios — and of rows — the cells the scenarios change, or chosen
//! indicators whether changed or not —, then the summary: the figures, growth and attainment
//! and the checks of each column. `C` in the summary goes back to the choice.

use super::ListPick;
use super::chrome::{centered, frame, list};
use crate::domain::catalog::{IndicatorId, Layout};
use crate::domain::text::{pad_left, pad_right, sanitize, truncate, width};
use crate::keys::Action;
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// At most this many scenarios side by side.
pub const SIDE_MAX: usize = 4;

/// What to put side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideChoice {
    /// The official figures as the first column.
    pub official: bool,
    /// The open scenarios (the active one first), each with whether it is a column.
    pub scenarios: Vec<(String, bool)>,
    /// Rows: the cells the scenarios change (else the chosen indicators).
    pub only_changed: bool,
    /// The indicators that may be chosen (the selected row's first, then the headline ones).
    pub indicators: Vec<(IndicatorId, bool)>,
    pub pick: ListPick,
}

/// A line of the choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Item {
    Official,
    Scenario(usize),
    Changed,
    Chosen,
    Indicator(usize),
}

impl SideChoice {
    fn items(&self) -> Vec<Item> {
        let mut v = vec![Item::Official];
        v.extend((0..self.scenarios.len()).map(Item::Scenario));
        v.extend([Item::Changed, Item::Chosen]);
        v.extend((0..self.indicators.len()).map(Item::Indicator));
        v
    }

    /// The scenarios chosen, in order.
    pub fn names(&self) -> Vec<String> {
        self.scenarios.iter().filter(|s| s.1).map(|s| s.0.clone()).collect()
    }

    /// The indicators chosen (none: the rows the scenarios change).
    pub fn chosen(&self) -> Vec<IndicatorId> {
        if self.only_changed {
            return Vec::new();
        }
        self.indicators.iter().filter(|i| i.1).map(|i| i.0).collect()
    }
}

/// The summary as drawn: the heads and rows worked out when it was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct SidePanel {
    pub heads: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Some scenario changes a cell shown.
    pub changes: bool,
    pub pick: ListPick,
    /// What it shows, to choose again.
    pub choice: SideChoice,
}

impl App {
    /// Opens the choice of what to put side by side: the official figures and the open
    /// scenarios (the active one first, at most [`SIDE_MAX`] chosen), the rows they change.
    pub(in crate::tui) fn open_side(&mut self) {
        let active = self.session.scenario().map(|s| s.name.clone());
        let mut names: Vec<String> = self.scenario_list().into_iter().map(|s| s.name).collect();
        if let Some(a) = &active {
            names.retain(|n| n != a);
            names.insert(0, a.clone());
        }
        if names.is_empty() {
            let m = self.t(
                "Chưa có phương án nào để đặt cạnh nhau. Nhấn S để tạo.",
                "There is no scenario to put side by side. Press S to create one.",
            );
            return self.complain(m);
        }
        let cat = self.session.catalog();
        let plan = |i: &IndicatorId| {
            let ind = cat.get(*i);
            ind.has_values && cat.appendices[ind.appendix].layout == Layout::Plan
        };
        let mut indicators: Vec<IndicatorId> = self.selected_indicator().filter(plan).into_iter().collect();
        for i in cat.indicators.iter().filter(|i| i.headline).map(|i| i.id) {
            if plan(&i) && !indicators.contains(&i) {
                indicators.push(i);
            }
        }
        self.mode = Mode::SideChoose(Box::new(SideChoice {
            official: true,
            scenarios: names.into_iter().enumerate().map(|(i, n)| (n, i < SIDE_MAX)).collect(),
            only_changed: true,
            indicators: indicators.into_iter().map(|i| (i, false)).collect(),
            pick: ListPick::default(),
        }));
    }

    /// The choice's update: move, tick a line, show the summary.
    pub(in crate::tui) fn side_choose_action(&mut self, action: Action) {
        let Mode::SideChoose(mut c) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel => {}
            Action::Quit => self.quit = true,
            Action::Toggle => {
                let item = c.items().get(c.pick.selected).copied();
                match item {
                    Some(Item::Official) => c.official = !c.official,
                    Some(Item::Scenario(i)) => {
                        let on = c.scenarios[i].1;
                        if !on && c.names().len() >= SIDE_MAX {
                            self.mode = Mode::SideChoose(c);
                            let m = self.t(
                                "Tối đa 4 phương án cạnh nhau: bỏ chọn một phương án trước.",
                                "At most 4 scenarios side by side: untick one first.",
                            );
                            return self.complain(m);
                        }
                        c.scenarios[i].1 = !on;
                    }
                    Some(Item::Changed) => c.only_changed = true,
                    Some(Item::Chosen) => {
                        c.only_changed = false;
                        if !c.indicators.iter().any(|i| i.1)
                            && let Some(first) = c.indicators.first_mut()
                        {
                            first.1 = true;
                        }
                    }
                    Some(Item::Indicator(i)) => {
                        c.indicators[i].1 = !c.indicators[i].1;
                        c.only_changed = !c.indicators.iter().any(|i| i.1);
                    }
                    None => {}
                }
                self.mode = Mode::SideChoose(c);
            }
            Action::Accept => self.show_side(*c),
            a => {
                let n = c.items().len();
                c.pick.apply(&a, n);
                self.mode = Mode::SideChoose(c);
            }
        }
    }

    /// Works out the summary of a choice and shows it (or says what the choice lacks).
    fn show_side(&mut self, choice: SideChoice) {
        let names = choice.names();
        if names.is_empty() {
            self.mode = Mode::SideChoose(Box::new(choice));
            let m = self.t(
                "Chọn ít nhất một phương án (Space).",
                "Tick at least one scenario (Space).",
            );
            return self.complain(m);
        }
        let lang = self.session.lang();
        match self.session.side_by_side_of(&names, &choice.chosen()) {
            Ok((side, cols)) => {
                let official = choice
                    .official
                    .then(|| crate::domain::rules::tally(&self.session.findings(&self.session.values_official())));
                let (heads, rows) = crate::present::planning::side_table(&self.session, &side, &cols, official, lang);
                self.mode = Mode::Side(Box::new(SidePanel {
                    heads,
                    rows,
                    changes: side.figures.iter().any(|r| r.changed),
                    pick: ListPick::default(),
                    choice,
                }));
            }
            Err(e) => self.fail(e),
        }
    }

    /// The summary's update on an action: it scrolls; `C` chooses again.
    pub(in crate::tui) fn side_action(&mut self, action: Action) {
        let Mode::Side(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel | Action::Accept => {}
            Action::Quit => self.quit = true,
            Action::OpenSide => self.mode = Mode::SideChoose(Box::new(p.choice)),
            a => {
                let n = p.rows.len();
                p.pick.apply(&a, n);
                self.mode = Mode::Side(p);
            }
        }
    }
}

/// Draws the choice: a tick for each column and each indicator, a dot for the kind of rows.
pub(super) fn draw_choice(f: &mut Frame, area: Rect, app: &App, c: &SideChoice) {
    let th = app.theme;
    let items = c.items();
    let r = centered(
        area,
        area.width.saturating_sub(2).min(64),
        (items.len() as u16 + 2).min(area.height.saturating_sub(2)),
    );
    let inner = frame(
        f,
        app,
        r,
        app.t(
            "Đặt cạnh nhau: chọn cột và dòng — Enter xem",
            "Side by side: choose columns and rows — Enter shows",
        ),
    );
    let tick = |on: bool| if on { "[x] " } else { "[ ] " };
    let dot = |on: bool| if on { "(•) " } else { "( ) " };
    let cat = app.session.catalog();
    let lang = app.session.lang();
    let lines: Vec<Line<'static>> = items
        .iter()
        .map(|it| match *it {
            Item::Official => Line::from(format!(
                "{}{}",
                tick(c.official),
                app.t("Cột: số chính thức", "Column: the official figures")
            )),
            Item::Scenario(i) => Line::from(format!(
                "{}{} {}",
                tick(c.scenarios[i].1),
                app.t("Cột: phương án", "Column: scenario"),
                sanitize(&c.scenarios[i].0)
            )),
            Item::Changed => Line::from(format!(
                "{}{}",
                dot(c.only_changed),
                app.t(
                    "Dòng: các ô các phương án thay đổi",
                    "Rows: the cells the scenarios change"
                )
            )),
            Item::Chosen => Line::from(format!(
                "{}{}",
                dot(!c.only_changed),
                app.t("Dòng: các chỉ tiêu chọn dưới đây", "Rows: the indicators ticked below")
            )),
            Item::Indicator(i) => Line::from(vec![
                Span::raw(format!("    {}", tick(c.indicators[i].1))),
                Span::styled(
                    cat.get(c.indicators[i].0).short.get(lang).to_string(),
                    if c.only_changed { th.dim() } else { th.text() },
                ),
            ]),
        })
        .collect();
    let h = inner.height as usize;
    f.render_widget(Paragraph::new(list(&c.pick, lines, h, app)), inner);
}

/// Draws the summary as a table: the label column takes what the figure columns leave.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &SidePanel) {
    let th = app.theme;
    // As tall as the rows with the heads, the note and the border, within the screen.
    let tall = (p.rows.len() + 4).min(u16::MAX as usize) as u16;
    let r = centered(
        area,
        area.width.saturating_sub(2).min(110),
        tall.min(area.height.saturating_sub(2)),
    );
    let title = if p.choice.official {
        app.t(
            "Các phương án so với số chính thức — Esc đóng",
            "Scenarios against the official figures — Esc closes",
        )
    } else {
        app.t(
            "Các phương án cạnh nhau — Esc đóng",
            "Scenarios side by side — Esc closes",
        )
    };
    let inner = frame(f, app, r, title);
    let w = inner.width as usize;
    let ncols = p.heads.len().saturating_sub(1);
    // Each figure column as wide as its widest cell (heads may be cut), 7 to 10 columns.
    let cw: Vec<usize> = (1..=ncols)
        .map(|c| {
            p.rows
                .iter()
                .map(|r| r.get(c).map_or(0, |x| width(x)))
                .chain([width(&p.heads[c]).min(10)])
                .max()
                .unwrap_or(0)
                .clamp(7, 10)
        })
        .collect();
    let lw = w.saturating_sub(cw.iter().map(|x| x + 1).sum::<usize>()).max(8);
    let line = |cells: &[String], style| {
        let mut s = pad_right(&truncate(cells.first().map_or("", |x| x), lw), lw);
        for (c, cwid) in cw.iter().enumerate() {
            s.push(' ');
            s.push_str(&pad_left(&truncate(cells.get(c + 1).map_or("", |x| x), *cwid), *cwid));
        }
        Line::from(Span::styled(s, style))
    };
    // The rows scroll between the heads and the checks, which stay in view.
    let mut lines = vec![line(&p.heads, th.head())];
    let (checks, body) = p.rows.split_last().map_or((None, &p.rows[..]), |(l, b)| (Some(l), b));
    let h = (inner.height as usize).saturating_sub(3);
    let top = p.pick.selected.min(body.len().saturating_sub(h));
    for r in body.iter().skip(top).take(h) {
        lines.push(line(r, Default::default()));
    }
    if let Some(c) = checks {
        lines.push(line(c, th.head()));
    }
    let note = if p.changes {
        app.t(
            "* ô được ít nhất một phương án thay đổi",
            "* a cell at least one scenario changes",
        )
    } else if p.choice.only_changed {
        app.t(
            "Các phương án chưa thay đổi ô nào của đơn vị này.",
            "The scenarios change no cell of this unit yet.",
        )
    } else {
        app.t(
            "Các phương án không thay đổi các chỉ tiêu này.",
            "The scenarios change none of these indicators.",
        )
    };
    lines.push(Line::from(Span::styled(note, th.dim())));
    f.render_widget(Paragraph::new(lines), inner);
}
