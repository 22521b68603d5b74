//! Yes/no questions: blank a cell, start the next plan, discard or apply a scenario, a step
//! of a unit's plan, an import with doubtful figures. `c`/`y` answers yes; `k`/`n`, Enter and
//! Esc answer no.

use super::chrome::{centered, frame};
use crate::domain::text::{sanitize, width};
use crate::domain::values::CellKey;
use crate::keys::Action;
use crate::store::{Resolution, ScenarioId};
use crate::tui::app::{App, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};
use rust_decimal::Decimal;
use std::collections::HashMap;

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
    /// A new form's doubtful match: the same indicator (yes) or a new row.
    FormDoubt,
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

impl App {
    /// The confirmation's update on an action.
    pub(in crate::tui) fn confirm_action(&mut self, action: Action) {
        let Mode::Confirm(c) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let yes = match action {
            Action::Answer(y) => y,
            Action::Cancel if c.kind == ConfirmKind::FormDoubt => return self.leave_form(),
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
            ConfirmKind::FormDoubt => self.answer_form_doubt(yes),
            ConfirmKind::ImportDoubts { path } => {
                if !yes {
                    let m = self.t("Không nhập; chưa ghi gì.", "Not imported; nothing was written.");
                    return self.say(m);
                }
                self.import_path(&path, true, None);
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

    /// Asks whether to start the plan after the last one.
    pub(in crate::tui) fn ask_start_plan(&mut self) {
        let years = self.session.plan_years();
        let from = years.last().copied().unwrap_or(self.session.year() - 1);
        // A year on another form says so first: which form, and what it changes.
        let (db, org) = (self.session.db(), self.session.org());
        let (a, b) = (db.form_for(org, from), db.form_for(org, from + 1));
        let form = if a.source.id == b.source.id {
            String::new()
        } else {
            use crate::domain::form::RowChange;
            let d = crate::domain::form::diff(a, b);
            format!(
                " {} {} {} {} ({}): {} {}, {} {}, {} {}; {}",
                self.t("Năm", "The year"),
                from + 1,
                self.t("dùng biểu mẫu", "uses form"),
                b.source.id,
                if b.source.checked {
                    self.t("đã đối chiếu văn bản của Bộ", "checked against the ministry's text")
                } else {
                    self.t(
                        "CHƯA đối chiếu văn bản của Bộ",
                        "NOT checked against the ministry's text",
                    )
                },
                d.count(|c| *c == RowChange::New),
                self.t("dòng mới", "new rows"),
                d.count(|c| matches!(c, RowChange::Relabelled { .. })),
                self.t("đổi tên", "relabelled"),
                d.count(|c| *c == RowChange::Gone),
                self.t("dòng bỏ", "dropped"),
                self.t(
                    "các dòng khác nối tiếp số liệu cũ.",
                    "the other rows carry their series on."
                ),
            )
        };
        let question = format!(
            "{} {} {} {from}?{form} {} {}",
            self.t("Lập kế hoạch năm", "Start the plan for"),
            from + 1,
            self.t("từ kế hoạch năm", "from the plan for"),
            self.t(
                "Số ƯTH sẽ được chuyển thành số TH tạm tính.",
                "Estimates become provisional actuals."
            ),
            self.t("c = có · k, Enter, Esc = không", "y = yes · n, Enter, Esc = no")
        );
        self.mode = Mode::Confirm(Confirm {
            kind: ConfirmKind::StartPlan { from },
            question,
        });
    }
}

/// Draws the question in a box just wide and tall enough for it.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, c: &Confirm) {
    let w = (width(&c.question) as u16 + 4).clamp(30, area.width.saturating_sub(4).min(76));
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let h = (width(&c.question).div_ceil(inner_w) as u16 + 2).min(area.height);
    let r = centered(area, w, h + 1);
    let inner = frame(f, app, r, app.t("Xác nhận", "Confirm"));
    f.render_widget(Paragraph::new(sanitize(&c.question)).wrap(Wrap { trim: true }), inner);
}
