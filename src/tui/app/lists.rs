//! Dialogs and lists: confirmations, search, findings, help, org units, names.

use super::{App, Mode};
use crate::domain::catalog::IndicatorId;
use crate::domain::sheet::RowKind;
use crate::domain::text;
use crate::domain::values::CellKey;
use crate::store::{Resolution, ScenarioId};
use crate::tui::action::Action;
use crate::tui::editor::LineEditor;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The selection in a list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListPick {
    pub selected: usize,
    /// First item shown (kept by the view).
    pub offset: usize,
}

impl ListPick {
    /// One up.
    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }
    /// One down, within `n` items.
    pub fn down(&mut self, n: usize) {
        if self.selected + 1 < n {
            self.selected += 1;
        }
    }
    /// A page (`rows`) up or down within `n` items.
    pub fn page(&mut self, n: usize, rows: usize, down: bool) {
        self.selected = if down {
            (self.selected + rows).min(n.saturating_sub(1))
        } else {
            self.selected.saturating_sub(rows)
        };
    }

    /// Applies a list movement among `n` items.
    pub fn apply(&mut self, a: &Action, n: usize) {
        match a {
            Action::ListUp => self.up(),
            Action::ListDown => self.down(n),
            Action::ListPageUp => self.page(n, 10, false),
            Action::ListPageDown => self.page(n, 10, true),
            _ => {}
        }
    }
}

/// What a confirmation is about.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfirmKind {
    /// Blank a cell that showed `seen`.
    Blank { key: CellKey, seen: Option<Decimal> },
    /// Start the plan after `from`.
    StartPlan { from: i32 },
    /// Close a scenario without applying it.
    DeleteScenario { id: ScenarioId },
    /// A step of a unit's plan: submit, approve, reopen.
    PlanStep {
        org: crate::domain::org::OrgId,
        action: crate::store::PlanAction,
    },
    /// Import a file whose doubtful figures the user was asked about.
    ImportDoubts { path: std::path::PathBuf },
    /// Apply a scenario (all, or some cells), with the decisions made so far.
    Apply {
        id: ScenarioId,
        only: Option<Vec<CellKey>>,
        resolutions: HashMap<CellKey, Resolution>,
        pending: Option<CellKey>,
    },
}

/// A yes/no question.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub kind: ConfirmKind,
    pub question: String,
}

/// One search result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchHit {
    pub tab: usize,
    pub row: usize,
    pub indicator: IndicatorId,
}

/// The search box and its results.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    pub field: LineEditor,
    pub hits: Vec<SearchHit>,
    pub pick: ListPick,
}

/// What a typed name is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamePurpose {
    Create,
    Rename(ScenarioId),
    /// The reason a unit's plan goes back.
    ReturnPlan(crate::domain::org::OrgId),
    /// The comment on a figure.
    Note(crate::domain::values::CellKey),
    /// The file an export writes.
    Export,
    /// The file an import reads.
    Import,
}

/// A name being typed.
#[derive(Clone, Debug, PartialEq)]
pub struct NameInput {
    pub field: LineEditor,
    pub purpose: NamePurpose,
}

impl App {
    pub(super) fn confirm_action(&mut self, action: Action) {
        let Mode::Confirm(c) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let yes = match action {
            Action::Answer(y) => y,
            Action::Cancel => {
                let m = self.t("Đã thôi, không thay đổi gì.", "Nothing was changed.");
                return self.say(m);
            }
            Action::Quit => {
                self.quit = true;
                return;
            }
            _ => {
                self.mode = Mode::Confirm(c);
                return;
            }
        };
        match c.kind {
            ConfirmKind::Blank { key, seen } => {
                if !yes {
                    let m = self.t("Không xoá.", "Not blanked.");
                    return self.say(m);
                }
                match self.session.set(key, None, Some(seen)) {
                    Ok(_) => {
                        let m = format!("{} {}", self.t("Đã để trống", "Blanked"), self.session.label(&key));
                        self.say(m);
                    }
                    Err(e) => self.fail(e),
                }
            }
            ConfirmKind::StartPlan { from } => {
                if !yes {
                    return;
                }
                match self.session.start_plan(from) {
                    Ok(next) => {
                        let m = format!(
                            "{} {next}. {}",
                            self.t("Đã lập kế hoạch năm", "Started the plan for"),
                            self.t(
                                "Số ƯTH được chuyển thành số TH tạm tính; hãy nhập ƯTH và KH mới.",
                                "Estimates were carried over as provisional actuals; enter the new estimates and targets."
                            )
                        );
                        self.say(m);
                    }
                    Err(e) => self.fail(e),
                }
            }
            ConfirmKind::DeleteScenario { id } => {
                if yes {
                    self.delete_scenario(id);
                }
            }
            ConfirmKind::PlanStep { org, action } => {
                if yes {
                    self.plan_step(org, action, None);
                }
            }
            ConfirmKind::ImportDoubts { path } => {
                if !yes {
                    let m = self.t("Không nhập; chưa ghi gì.", "Not imported; nothing was written.");
                    return self.say(m);
                }
                if let Err(e) = self.import_path(&path, true) {
                    self.fail(e);
                }
            }
            ConfirmKind::Apply {
                id,
                only,
                mut resolutions,
                pending,
            } => {
                if let Some(k) = pending {
                    resolutions.insert(k, if yes { Resolution::Overwrite } else { Resolution::Skip });
                } else if !yes {
                    return;
                }
                self.run_apply(id, only, resolutions);
            }
        }
    }

    pub(super) fn open_search(&mut self) {
        self.mode = Mode::Search(Search {
            field: LineEditor::default(),
            hits: Vec::new(),
            pick: ListPick::default(),
        });
    }

    /// Rows whose names match the query (diacritics ignored), over every sheet.
    pub fn search_hits(&self, query: &str) -> Vec<SearchHit> {
        if text::fold(query).is_empty() {
            return Vec::new();
        }
        let cat = self.session.catalog();
        let lang = self.session.lang();
        let mut hits = Vec::new();
        for tab in 1..self.tab_count() {
            for (row, r) in self.sheet_rows(tab).iter().enumerate() {
                if let RowKind::Indicator(id) = r.kind {
                    let ind = cat.get(id);
                    if text::matches(ind.name.get(lang), query)
                        || text::matches(&ind.name.vi, query)
                        || text::matches(&ind.code, query)
                    {
                        hits.push(SearchHit {
                            tab,
                            row,
                            indicator: id,
                        });
                    }
                }
            }
        }
        hits
    }

    pub(super) fn search_action(&mut self, action: Action) {
        let Mode::Search(mut s) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let refresh = matches!(
            action,
            Action::Input(_) | Action::Backspace | Action::Delete | Action::ClearField
        );
        match action {
            Action::Cancel => return,
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Accept => {
                match s.hits.get(s.pick.selected) {
                    Some(h) => {
                        self.tab = h.tab;
                        self.cursors[h.tab - 1].row = h.row;
                    }
                    None => {
                        let m = self.t("Không tìm thấy chỉ tiêu nào.", "No indicator found.");
                        self.say(m);
                    }
                }
                return;
            }
            Action::Input(c) => {
                s.field.insert(c);
            }
            Action::Backspace => s.field.backspace(),
            Action::Delete => s.field.delete(),
            Action::CursorLeft => s.field.left(),
            Action::CursorRight => s.field.right(),
            Action::CursorHome => s.field.home(),
            Action::CursorEnd => s.field.end(),
            Action::ClearField => s.field.clear(),
            a => s.pick.apply(&a, s.hits.len()),
        }
        if refresh {
            s.hits = self.search_hits(s.field.text());
            s.pick = ListPick::default();
        }
        self.mode = Mode::Search(s);
    }

    pub(super) fn open_findings(&mut self) {
        if self.findings().is_empty() {
            let m = self.t(
                "Không có phát hiện nào: số liệu nhất quán.",
                "No findings: the figures are consistent.",
            );
            return self.say(m);
        }
        self.mode = Mode::Findings(ListPick::default());
    }

    pub(super) fn findings_action(&mut self, action: Action) {
        let Mode::Findings(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let findings = self.findings();
        match action {
            Action::Cancel => {}
            Action::Quit => self.quit = true,
            Action::Accept => {
                if let Some(f) = findings.get(p.selected) {
                    let m = crate::domain::rules::describe(
                        self.session.catalog(),
                        self.session.rules(),
                        f,
                        self.session.lang(),
                    );
                    let k = f.primary();
                    self.jump_to(k);
                    self.say(m);
                }
            }
            a => {
                p.apply(&a, findings.len());
                self.mode = Mode::Findings(p);
            }
        }
    }

    pub(super) fn help_action(&mut self, action: Action) {
        let Mode::Help(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel | Action::Accept => {}
            Action::Quit => self.quit = true,
            a => {
                p.apply(&a, crate::tui::keys::help_lines(self.session.lang()).len());
                self.mode = Mode::Help(p);
            }
        }
    }

    pub(super) fn ask_start_plan(&mut self) {
        let years = self.session.plan_years();
        let from = years.last().copied().unwrap_or(self.session.year() - 1);
        let question = format!(
            "{} {} {} {from}? {} {}",
            self.t("Lập kế hoạch năm", "Start the plan for"),
            from + 1,
            self.t("từ kế hoạch năm", "from the plan for"),
            self.t(
                "Số ƯTH sẽ được chuyển thành số TH tạm tính.",
                "Estimates become provisional actuals."
            ),
            self.t("c = có · k, Enter, Esc = không", "y = yes · n, Enter, Esc = no")
        );
        self.mode = Mode::Confirm(super::Confirm {
            kind: ConfirmKind::StartPlan { from },
            question,
        });
    }

    pub(super) fn name_action(&mut self, action: Action) {
        let Mode::NameInput(mut n) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel => return,
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Accept => return self.submit_name(n),
            Action::Input(c) => {
                n.field.insert(c);
            }
            Action::Backspace => n.field.backspace(),
            Action::Delete => n.field.delete(),
            Action::CursorLeft => n.field.left(),
            Action::CursorRight => n.field.right(),
            Action::CursorHome => n.field.home(),
            Action::CursorEnd => n.field.end(),
            Action::ClearField => n.field.clear(),
            _ => {}
        }
        self.mode = Mode::NameInput(n);
    }
}
