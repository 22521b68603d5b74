//! The app's state and the one place it changes: `App::update(action)`. No terminal here,
//! so every behaviour can be tested by feeding actions and looking at the state and the
//! database.

mod by_unit;
mod edit;
mod exchange;
mod form_import;
mod input;
pub mod job;
mod nav;
mod scenarios;
mod seek;

pub use crate::tui::popup::{
    Choose, ChooseKind, Confirm, ConfirmKind, HistoryPanel, ListPick, LogPanel, NameInput, NamePurpose, OrgPicker,
    PickRow, ProblemsPanel, Search, SearchHit, SideChoice, SidePanel,
};
pub use by_unit::ByUnitView;
pub use edit::{Edit, lock_text};
/// The longest name a field takes.
pub(in crate::tui) use input::NAME_MAX;

use super::theme::Theme;
use crate::domain::catalog::{IndicatorId, Layout, Sheet};
use crate::domain::rules::Finding;
use crate::domain::sheet::{ColumnKind, RowKind, SheetRow, SheetView, columns, rows_with};
use crate::domain::values::{CellKey, Layered};
use crate::error::Error;
use crate::keys::Action;
use crate::keys::Ctx;
use crate::session::{Event, Session};
use crate::store::StoreError;
use rust_decimal::Decimal;
use std::time::Instant;

/// The overview is tab 0; the appendix sheets follow.
pub const OVERVIEW: usize = 0;

/// Where the selection is on a sheet, and how far it is scrolled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Index into the sheet's rows (never a label row).
    pub row: usize,
    /// Index into the sheet's columns.
    pub col: usize,
    /// First row shown.
    pub row_offset: usize,
    /// First scrolling column shown.
    pub col_offset: usize,
}

/// What the keyboard is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    Browse,
    Edit(Edit),
    Confirm(Confirm),
    Choose(Box<Choose>),
    Search(Search),
    Findings(ListPick),
    Help(ListPick),
    OrgPicker(Box<OrgPicker>),
    Scenarios(ListPick),
    NameInput(NameInput),
    History(HistoryPanel),
    Compare(ListPick),
    Log(Box<LogPanel>),
    /// What an import found wrong.
    Problems(Box<ProblemsPanel>),
    /// Choosing what to put side by side.
    SideChoose(Box<SideChoice>),
    /// Scenarios side by side.
    Side(Box<SidePanel>),
}

/// A one-line message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
    /// A change the user did not type in place (an undo, a redo, an apply): its message
    /// stays, with later messages after it, until the next change, so that a stray `u` (an
    /// input method's `uw` sends u, Backspace, ư) is always seen.
    pub lasting: Option<String>,
}

/// The app.
pub struct App {
    pub session: Session,
    pub theme: Theme,
    pub tab: usize,
    /// One cursor per sheet (tab − 1).
    pub cursors: Vec<Cursor>,
    pub overview: ListPick,
    pub mode: Mode,
    pub flash: Option<Flash>,
    pub quit: bool,
    /// Rows of table body shown at the last draw (for paging).
    pub page_rows: usize,
    /// The whole screen is to be repainted at the next draw (Ctrl+L).
    pub repaint: bool,
    /// The last tick brought other sessions' changes: the screen must be drawn again even
    /// when the message about them reads as the one before.
    pub refreshed: bool,
    /// When the message shown was set by the user's own action: news from other sessions
    /// waits behind it for a moment, so that "Đã ghi" is always seen.
    own_flash_at: Option<std::time::Instant>,
    /// News that waits behind the user's own message.
    deferred: Option<String>,
    /// The cell just saved when the cursor could not move on (end of the table): no edit
    /// starts until the user moves, so the next figure cannot overwrite it.
    pub end_stop: Option<CellKey>,
    /// When a lone Esc arrived: a view-changing key right after it may be the rest of a
    /// function key split by a slow link.
    pub esc_at: Option<Instant>,
    /// While the rest of such a split sequence is being held back: when its last key came.
    pub tail_at: Option<Instant>,
    /// Until when text keys still belong to the last burst (the rest of a paste).
    pub burst_until: Option<Instant>,
    /// Why this session writes nothing more (its file was replaced), once known.
    pub stopped: Option<String>,
    /// The by-unit view of an indicator, when open (over the current sheet).
    pub by_unit: Option<ByUnitView>,
    /// Where the app may read and write files (`E`, `I`): an official acting under `--as`
    /// only in a folder of their own, if the server has one.
    pub files: crate::files::Files,
    /// Where the user's last view is kept (none in tests and benchmarks).
    pub keeper: Option<crate::tui::remember::Keeper>,
    /// A form being imported (`F`), between its questions.
    form_import: Option<Box<form_import::FormImport>>,
    /// Long work running off the input thread (`E`, `I`), with its progress.
    job: Option<job::Job>,
}

impl App {
    /// The app over a session, on the overview.
    pub fn new(session: Session, theme: Theme) -> App {
        let n = session.catalog().sheets.len();
        let files = crate::files::Files::local(session.location());
        let mut app = App {
            session,
            theme,
            tab: OVERVIEW,
            cursors: vec![Cursor::default(); n],
            overview: ListPick::default(),
            mode: Mode::Browse,
            flash: None,
            quit: false,
            page_rows: 10,
            repaint: false,
            refreshed: false,
            own_flash_at: None,
            deferred: None,
            end_stop: None,
            esc_at: None,
            tail_at: None,
            burst_until: None,
            stopped: None,
            files,
            keeper: None,
            form_import: None,
            by_unit: None,
            job: None,
        };
        for t in 1..=n {
            app.reset_cursor(t);
        }
        if let Some(p) = app.session.created() {
            let m = crate::present::created_text(p, app.session.lang());
            app.say(m);
        }
        app
    }

    /// The key context of the current mode (which bindings apply).
    pub fn ctx(&self) -> Ctx {
        match &self.mode {
            Mode::Browse if self.tab == OVERVIEW => Ctx::Overview,
            Mode::Browse if self.by_unit.is_some() => Ctx::ByUnit,
            Mode::Browse => Ctx::Sheet,
            Mode::Edit(_) => Ctx::Edit,
            Mode::Confirm(_) => Ctx::Confirm,
            Mode::Choose(_) => Ctx::Choose,
            Mode::Search(_) | Mode::NameInput(_) => Ctx::Field,
            // A new form's changes: a list whose Enter goes on to add it.
            Mode::Problems(p) if p.then_form => Ctx::Review,
            Mode::Help(_) | Mode::History(_) | Mode::Problems(_) => Ctx::Reader,
            Mode::SideChoose(_) => Ctx::SideChoose,
            Mode::Side(_) => Ctx::Side,
            Mode::Findings(_) | Mode::Log(_) => Ctx::List,
            Mode::OrgPicker(_) => Ctx::Picker,
            Mode::Scenarios(_) => Ctx::Scenarios,
            Mode::Compare(_) => Ctx::Compare,
        }
    }

    /// The one place state changes.
    pub fn update(&mut self, action: Action) {
        // Time passing refreshes the figures (not while a figure is being typed: the write
        // itself checks for a newer figure).
        match action {
            Action::Tick => {
                if !matches!(self.mode, Mode::Edit(_)) {
                    self.tick();
                }
                return;
            }
            Action::Redraw => {
                self.repaint = true;
                return;
            }
            Action::Paste(text) => return self.paste(&text),
            Action::Burst(keys) => return self.burst(keys),
            _ => {}
        }
        self.flash = self.flash.take().and_then(|f| f.lasting).map(|l| Flash {
            text: l.clone(),
            error: false,
            lasting: Some(l),
        });
        self.dispatch(action);
        self.own_flash_at = self.flash.is_some().then(std::time::Instant::now);
    }

    fn dispatch(&mut self, action: Action) {
        match &self.mode {
            Mode::Browse => self.browse(action),
            Mode::Edit(_) => self.edit_action(action),
            Mode::Confirm(_) => self.confirm_action(action),
            Mode::Choose(_) => self.choose_action(action),
            Mode::Search(_) => self.search_action(action),
            Mode::Findings(_) => self.findings_action(action),
            Mode::Help(_) => self.help_action(action),
            Mode::Side(_) => self.side_action(action),
            Mode::SideChoose(_) => self.side_choose_action(action),
            Mode::OrgPicker(_) => self.org_action(action),
            Mode::Scenarios(_) => self.scenarios_action(action),
            Mode::NameInput(_) => self.name_action(action),
            Mode::History(_) => self.history_action(action),
            Mode::Compare(_) => self.compare_action(action),
            Mode::Log(_) => self.log_action(action),
            Mode::Problems(_) => self.problems_action(action),
        }
    }

    fn browse(&mut self, action: Action) {
        if self.by_unit.is_some() && self.tab != OVERVIEW && self.by_unit_action(&action) {
            return;
        }
        if matches!(
            action,
            Action::Move(_)
                | Action::PageUp
                | Action::PageDown
                | Action::RowStart
                | Action::RowEnd
                | Action::Top
                | Action::Bottom
                | Action::NextTab
                | Action::PrevTab
                | Action::GoTab(_)
        ) {
            self.end_stop = None;
        }
        match action {
            Action::Quit => {
                self.abandon_job();
                self.quit = true;
            }
            Action::StopWork => self.stop_job(),
            Action::NextTab => self.go_tab((self.tab + 1) % self.tab_count()),
            Action::PrevTab => self.go_tab((self.tab + self.tab_count() - 1) % self.tab_count()),
            Action::GoTab(t) if t < self.tab_count() => self.go_tab(t),
            Action::Move(d) => {
                self.move_cursor(d);
            }
            Action::PageUp => self.page(false),
            Action::PageDown => self.page(true),
            Action::RowStart => self.row_edge(false),
            Action::RowEnd => self.row_edge(true),
            Action::Top => self.vertical_edge(false),
            Action::Bottom => self.vertical_edge(true),
            Action::Activate if self.tab == OVERVIEW => self.open_overview_row(),
            Action::Activate => self.start_edit(None),
            Action::StartEdit(c) if self.tab != OVERVIEW => self.start_edit(Some(c)),
            Action::RequestBlank => self.request_blank(),
            Action::OpenSearch => self.open_search(),
            Action::OpenFindings => self.open_findings(),
            Action::NextFinding => self.step_finding(true),
            Action::PrevFinding => self.step_finding(false),
            Action::OpenHelp => self.mode = Mode::Help(ListPick::default()),
            Action::PrevYear => self.change_year(false),
            Action::NextYear => self.change_year(true),
            Action::StartNextPlan => self.ask_start_plan(),
            Action::OpenOrgPicker => self.open_org_picker(),
            Action::OpenByUnit => self.open_by_unit(),
            Action::OpenLog => self.open_log(),
            Action::EditNote => self.edit_note(),
            Action::PlanSubmit => self.ask_plan_step(self.session.org(), crate::store::PlanAction::Submit),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::OpenScenarios => self.open_scenarios(),
            Action::NewScenario => self.ask_scenario_name(NamePurpose::Create),
            Action::Export => self.ask_file(NamePurpose::Export),
            Action::Import => self.ask_file(NamePurpose::Import),
            Action::FormImport => self.ask_form_file(),
            Action::OpenCompare => self.open_compare(),
            Action::Balance => self.balance(),
            Action::OpenSeek => self.open_seek(),
            Action::OpenSide => self.open_side(),
            Action::OpenHistory => self.open_history(),
            _ => {}
        }
    }

    /// Shows a message.
    pub fn say(&mut self, text: impl Into<String>) {
        self.show(text.into(), false);
    }

    /// Shows an error message.
    pub fn complain(&mut self, text: impl Into<String>) {
        self.show(text.into(), true);
    }

    /// Shows a message after the lasting one, if any.
    fn show(&mut self, text: String, error: bool) {
        let lasting = self.flash.as_ref().and_then(|f| f.lasting.clone());
        let text = match &lasting {
            Some(l) if *l != text => format!("{l} · {text}"),
            _ => text,
        };
        self.flash = Some(Flash { text, error, lasting });
    }

    /// Reports a change the user did not type in place (undo, redo, apply): the message
    /// lasts until the next change.
    pub fn announce(&mut self, text: impl Into<String>, error: bool) {
        let text = text.into();
        self.flash = Some(Flash {
            lasting: Some(text.clone()),
            text,
            error,
        });
    }

    /// Keeps where the user looks now, for the next time the app opens.
    pub fn keep_view(&mut self) {
        if let Some(k) = self.keeper.clone() {
            k.keep(&mut self.session);
        }
    }

    /// Ends a lasting message: a new change was made.
    pub fn changed(&mut self) {
        if let Some(f) = &mut self.flash {
            f.lasting = None;
        }
    }

    /// Shows an error from the store in the user's language; a replaced file stops writes.
    pub fn fail(&mut self, e: Error) {
        let m = e.message_in(self.session.lang(), crate::present::Shell::App);
        if matches!(e, Error::Store(StoreError::Replaced { .. })) {
            self.stopped = Some(m.clone());
        }
        self.complain(m);
    }

    /// Picks Vietnamese or English.
    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.session.lang().pick(vi, en)
    }

    /// Number of tabs (the overview and the sheets).
    pub fn tab_count(&self) -> usize {
        1 + self.session.catalog().sheets.len()
    }

    /// The sheet of a tab (not the overview).
    pub fn sheet_def(&self, tab: usize) -> &Sheet {
        &self.session.catalog().sheets[tab - 1]
    }

    /// The rows of a tab's sheet, with label rows.
    pub fn sheet_rows(&self, tab: usize) -> Vec<SheetRow> {
        rows_with(self.session.catalog(), &self.sheet_def(tab).rows, true)
    }

    /// The layout of a tab's sheet.
    pub fn layout(&self, tab: usize) -> Layout {
        self.session.catalog().appendices[self.sheet_def(tab).appendix].layout
    }

    /// The columns of a tab's sheet for the plan year being looked at.
    pub fn sheet_columns(&self, tab: usize) -> Vec<ColumnKind> {
        columns(self.session.catalog(), self.layout(tab), self.session.frame())
    }

    /// The figure being typed, when it parses: shown as a live preview everywhere.
    pub fn preview(&self) -> Option<(CellKey, Option<Decimal>)> {
        match &self.mode {
            Mode::Edit(e) => e.result.as_ref().ok().map(|r| (e.key, r.value)),
            _ => None,
        }
    }

    /// The figures as shown: official, under the scenario, under the preview.
    pub fn values(&self) -> Layered<'_> {
        self.session.values_with(self.preview())
    }

    /// The findings for what is shown.
    pub fn findings(&self) -> Vec<Finding> {
        self.session.findings(&self.values())
    }

    /// A tab's table, computed from what is shown.
    pub fn sheet_view(&self, tab: usize, findings: &[Finding]) -> SheetView {
        let s = self.sheet_def(tab);
        self.session
            .sheet_with(s.appendix, &s.rows, &self.values(), findings, true)
    }

    /// The overview's headline rows, computed from what is shown.
    pub fn headlines(&self, findings: &[Finding]) -> SheetView {
        self.session.headlines(&self.values(), findings)
    }

    /// The indicator on the selected row of a sheet tab.
    pub fn selected_indicator(&self) -> Option<IndicatorId> {
        if self.tab == OVERVIEW {
            return self.overview_items().get(self.overview.selected).copied();
        }
        match self.sheet_rows(self.tab).get(self.cursors[self.tab - 1].row)?.kind {
            RowKind::Indicator(id) => Some(id),
            RowKind::Label(_) | RowKind::PartsSum(_) => None,
        }
    }

    /// The selected column of a sheet tab.
    pub fn selected_column(&self) -> Option<ColumnKind> {
        if self.tab == OVERVIEW {
            return None;
        }
        if self.by_unit.is_some() {
            return self.by_unit_column();
        }
        self.sheet_columns(self.tab)
            .get(self.cursors[self.tab - 1].col)
            .copied()
    }

    /// The stored cell under the cursor, when the cursor is on a figure column.
    pub fn selected_key(&self) -> Option<CellKey> {
        if self.by_unit.is_some() && self.tab != OVERVIEW {
            return self.by_unit_key();
        }
        let id = self.selected_indicator()?;
        match self.selected_column()? {
            ColumnKind::Value { period, funding } => Some(self.session.key(id, period, funding)),
            _ => None,
        }
    }

    /// The headline indicators shown on the overview, in catalog order.
    pub fn overview_items(&self) -> Vec<IndicatorId> {
        self.session
            .catalog()
            .indicators
            .iter()
            .filter(|i| i.headline)
            .map(|i| i.id)
            .collect()
    }

    /// Catches up with what other sessions wrote, and says what happened.
    fn tick(&mut self) {
        if self.stopped.is_some() {
            return;
        }
        let refresh = match self.session.refresh() {
            Ok(r) => r,
            Err(e) => return self.fail(e),
        };
        let lang = self.session.lang();
        self.refreshed |= !refresh.events.is_empty() || !refresh.cells.is_empty();
        if !self.own_message_fresh()
            && let Some(m) = self.deferred.take()
        {
            self.say(m);
            self.refreshed = true;
        }
        for ev in refresh.events {
            let m = match ev {
                Event::Figures { count, users } => format!(
                    "{} {} {}: {}.",
                    crate::present::counted(count, "ô", "cell", "cells", lang),
                    self.t("vừa được cập nhật bởi", "just updated by"),
                    self.t("phiên làm việc khác", "another session"),
                    users.join(", ")
                ),
                Event::ScenarioClosed(info) => {
                    let m = crate::present::scenario_closed(&info, lang);
                    self.complain(format!(
                        "{m} {}",
                        self.t(
                            "Ô bạn nhập tiếp theo sẽ hỏi ghi vào đâu.",
                            "The next figure you type will ask where it should go."
                        )
                    ));
                    continue;
                }
                Event::ScenarioChanged(info) => format!(
                    "{} «{}» {}.",
                    self.t("Phương án", "Scenario"),
                    info.name,
                    self.t("vừa được thay đổi ở phiên khác", "was just changed in another session")
                ),
                Event::PlanStarted { year, user } => format!(
                    "{user} {} {year}.",
                    self.t("vừa lập kế hoạch năm", "just started the plan for")
                ),
                Event::PlanStep {
                    action,
                    user,
                    unit,
                    year,
                    comment,
                } => {
                    let what = match action.as_str() {
                        "plan.submit" => self.t("vừa gửi kế hoạch", "just submitted the plan"),
                        "plan.approve" => self.t("vừa duyệt kế hoạch", "just approved the plan"),
                        "plan.return" => self.t("vừa trả lại kế hoạch", "just returned the plan"),
                        "plan.reopen" => self.t("vừa mở lại kế hoạch", "just reopened the plan"),
                        _ => self.t("vừa thay đổi kế hoạch", "just changed the plan"),
                    };
                    let name = unit
                        .map(|u| self.session.orgs().get(u).name(lang).to_string())
                        .unwrap_or_default();
                    let why = comment.map(|c| format!(": {c}")).unwrap_or_default();
                    format!("{user} {what} {year} {} {name}{why}", self.t("của", "of"))
                }
                Event::UnitsChanged { user } => format!(
                    "{user} {}",
                    self.t(
                        "vừa cập nhật danh sách đơn vị; đã đọc lại.",
                        "just updated the org units; they were read again."
                    )
                ),
                Event::Reloaded => self
                    .t(
                        "Số liệu vừa được cập nhật nhiều từ phiên khác; đã đọc lại.",
                        "Much changed in other sessions; everything was read again.",
                    )
                    .to_string(),
            };
            self.news(m);
        }
    }

    /// Whether news from other sessions waits behind the user's own message (the loop
    /// looks again soon to show it).
    pub fn news_waiting(&self) -> bool {
        self.deferred.is_some()
    }

    /// Whether the message on screen is the user's own and was set less than a moment ago.
    fn own_message_fresh(&self) -> bool {
        self.flash.is_some() && self.own_flash_at.is_some_and(|t| t.elapsed() < OWN_MESSAGE_HOLD)
    }

    /// Says what another session did, unless the user's own message was just set: then it
    /// waits (the figures themselves are on screen already).
    fn news(&mut self, m: String) {
        if self.own_message_fresh() {
            self.deferred = Some(m);
        } else {
            self.deferred = None;
            self.say(m);
        }
    }
}

/// How long the user's own message stays before news from other sessions replaces it.
const OWN_MESSAGE_HOLD: std::time::Duration = std::time::Duration::from_millis(1500);
