//! The unit picker: the tree of units valid in the plan year (every unit ever with Tab), the
//! current unit's branch open and marked; typing searches the units that existed in the plan
//! year (every unit with Tab) by name (diacritics optional), statistics code or kttt code, so
//! two units of the year with one name (Huyện Ba Bể until 30/06/2025, Xã Ba Bể from
//! 01/07/2025) are both listed to choose from. Built for the whole country: a branch's units
//! are read from the store when it is opened, and a search is a query in the store, so the
//! picker holds only what it shows.

use super::ListPick;
use super::chrome::{centered, frame, list};
use crate::domain::org::{OrgId, OrgUnits, period_end};
use crate::domain::text::{pad_right, truncate, width};
use crate::keys::{Action, Dir};
use crate::tui::app::{App, Mode};
use crate::tui::editor::LineEditor;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::HashSet;

/// How many matches a search shows at most.
const MAX_HITS: usize = 500;

/// The picker's state.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgPicker {
    pub field: LineEditor,
    pub pick: ListPick,
    pub expanded: HashSet<OrgId>,
    /// Every unit, whatever its dates (else the tree of the plan year's last day).
    pub all_dates: bool,
    /// The day the tree is shown for.
    pub date: String,
    /// The plan year: a search finds the units that existed in it.
    pub year: i32,
    /// The units the search found (in display order), while something is typed.
    hits: Option<Vec<OrgId>>,
    /// Which of the units shown have units under them (on the day shown).
    branches: HashSet<OrgId>,
}

/// A row of the picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PickRow {
    pub org: OrgId,
    pub depth: usize,
    /// It has units under it (on the day shown).
    pub branch: bool,
}

impl OrgPicker {
    /// The rows shown: the open branches of the tree, or the matches of the search.
    pub fn rows(&self, orgs: &OrgUnits) -> Vec<PickRow> {
        let shown = |u: OrgId| self.all_dates || orgs.get(u).valid_on(&self.date);
        let row = |org: OrgId, depth: usize| PickRow {
            org,
            depth,
            branch: self.branches.contains(&org),
        };
        if let Some(hits) = &self.hits {
            return hits.iter().map(|u| row(*u, 0)).collect();
        }
        let mut out = Vec::new();
        let mut stack: Vec<(usize, OrgId)> = orgs
            .in_order()
            .into_iter()
            .filter(|u| orgs.get(*u).parent.is_none() && shown(*u))
            .map(|u| (0, u))
            .rev()
            .collect();
        while let Some((d, u)) = stack.pop() {
            out.push(row(u, d));
            if self.expanded.contains(&u) {
                for c in orgs.children(u).iter().copied().filter(|c| shown(*c)).rev() {
                    stack.push((d + 1, c));
                }
            }
        }
        out
    }
}

impl App {
    /// Opens the picker on the current unit, its branch open.
    pub(in crate::tui) fn open_org_picker(&mut self) {
        let orgs = self.session.orgs();
        let date = period_end(self.session.frame().plan_this());
        let current = self.session.org();
        // The current unit's branch is open.
        let mut expanded = HashSet::from([current]);
        let mut at = orgs.parent_of(current);
        while let Some(p) = at {
            expanded.insert(p);
            at = orgs.parent_of(p);
        }
        let mut p = OrgPicker {
            field: LineEditor::with_max("", 60),
            pick: ListPick::default(),
            expanded,
            all_dates: !orgs.get(current).valid_on(&date),
            date,
            year: self.session.year(),
            hits: None,
            branches: HashSet::new(),
        };
        self.picker_read(&mut p);
        p.pick.selected = p
            .rows(self.session.orgs())
            .iter()
            .position(|r| r.org == current)
            .unwrap_or(0);
        self.mode = Mode::OrgPicker(Box::new(p));
    }

    /// Reads what the picker shows from the store: the units of the open branches, or the
    /// search's matches; then which of the rows have units under them.
    fn picker_read(&mut self, p: &mut OrgPicker) {
        let read = |app: &mut App, p: &mut OrgPicker| -> crate::error::Result<()> {
            let text = p.field.text().trim().to_string();
            p.hits = if text.is_empty() {
                let open: Vec<OrgId> = p.expanded.iter().copied().collect();
                for u in open {
                    app.session.db_mut().open_branch(u)?;
                }
                None
            } else {
                let year = (!p.all_dates).then_some(p.year);
                Some(app.session.db_mut().search_units(&text, year, MAX_HITS)?)
            };
            let ids: Vec<OrgId> = p.rows(app.session.orgs()).iter().map(|r| r.org).collect();
            let date = (!p.all_dates).then_some(p.date.as_str());
            p.branches = app.session.db().branches(&ids, date)?;
            Ok(())
        };
        if let Err(e) = read(self, p) {
            self.fail(e);
        }
    }

    /// Asks which unit a name meant when several units of the plan year have it: the picker
    /// opens with the name typed, listing them (with their level, parent and dates).
    pub fn ask_unit(&mut self, query: &str, units: &[OrgId]) {
        self.open_org_picker();
        if let Mode::OrgPicker(p) = &mut self.mode {
            p.all_dates = false;
            for c in query.chars().take(60) {
                p.field.insert(c);
            }
        }
        if let Mode::OrgPicker(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) {
            self.picker_read(&mut p);
            let rows = p.rows(self.session.orgs());
            p.pick.selected = rows.iter().position(|r| units.contains(&r.org)).unwrap_or(0);
            self.mode = Mode::OrgPicker(p);
        }
        let lang = self.session.lang();
        let m = format!(
            "{} “{}” {} {} {} {}.",
            lang.pick("Tên", "The name"),
            crate::domain::text::sanitize(query),
            lang.pick("là tên của", "belongs to"),
            units.len(),
            lang.pick("đơn vị trong năm", "units in"),
            self.session.year()
        ) + lang.pick(" Chọn một (Enter).", " Choose one (Enter).");
        self.say(m);
    }

    /// The picker's update on an action.
    pub(in crate::tui) fn org_action(&mut self, action: Action) {
        let Mode::OrgPicker(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let rows = p.rows(self.session.orgs());
        let selected = rows.get(p.pick.selected).copied();
        match action {
            Action::Cancel => return,
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Accept => {
                let Some(row) = selected else {
                    let m = self.t("Không có đơn vị nào khớp.", "No unit matches.");
                    self.complain(m);
                    self.mode = Mode::OrgPicker(p);
                    return;
                };
                match self.session.set_org(row.org) {
                    Ok(()) => {
                        self.keep_view();
                        let name = self.session.unit().name(self.session.lang()).to_string();
                        let m = format!("{}: {name}", self.t("Đơn vị", "Org unit"));
                        self.say(m);
                    }
                    Err(e) => self.fail(e),
                }
                return;
            }
            Action::Move(Dir::Right) | Action::CursorRight if p.field.text().is_empty() => {
                if let Some(r) = selected.filter(|r| r.branch) {
                    p.expanded.insert(r.org);
                    self.picker_read(&mut p);
                }
            }
            Action::Move(Dir::Left) | Action::CursorLeft if p.field.text().is_empty() => {
                if let Some(r) = selected {
                    if p.expanded.remove(&r.org) {
                    } else if let Some(parent) = self.session.orgs().parent_of(r.org) {
                        // On a closed unit, ← goes to (and closes) its parent.
                        p.expanded.remove(&parent);
                        let rows = p.rows(self.session.orgs());
                        p.pick.selected = rows.iter().position(|x| x.org == parent).unwrap_or(0);
                    }
                }
            }
            Action::NextTab | Action::PrevTab => {
                p.all_dates = !p.all_dates;
                self.picker_read(&mut p);
                let rows = p.rows(self.session.orgs());
                p.pick.selected = selected
                    .and_then(|s| rows.iter().position(|r| r.org == s.org))
                    .unwrap_or(0);
            }
            Action::Input(c) => {
                p.field.insert(c);
                p.pick.selected = 0;
                self.picker_read(&mut p);
            }
            Action::Backspace => {
                p.field.backspace();
                p.pick.selected = 0;
                self.picker_read(&mut p);
            }
            Action::Delete => {
                p.field.delete();
                self.picker_read(&mut p);
            }
            Action::ClearField => {
                p.field.clear();
                p.pick.selected = 0;
                self.picker_read(&mut p);
            }
            Action::CursorLeft => p.field.left(),
            Action::CursorRight => p.field.right(),
            a => p.pick.apply(&a, rows.len()),
        }
        self.mode = Mode::OrgPicker(p);
    }
}

/// Draws the picker: the search field over the rows.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &OrgPicker) {
    let lang = app.session.lang();
    let th = app.theme;
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
