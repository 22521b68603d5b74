//! What-if scenarios in the app: the list, names, apply with conflict questions, the compare
//! view, undo/redo and the history panel.

use super::{App, Confirm, ConfirmKind, Mode, NameInput, NamePurpose};
use crate::domain::compare::{Difference, compare};
use crate::domain::number::format_cell;
use crate::domain::text::sanitize;
use crate::domain::values::CellKey;
use crate::session::Undone;
use crate::store::{ApplyOutcome, Layer, Resolution, ScenarioId, ScenarioInfo};
use crate::tui::editor::LineEditor;
use std::collections::HashMap;

impl App {
    /// The scenarios, for the list (the official figures come first in the view).
    pub fn scenario_list(&self) -> Vec<ScenarioInfo> {
        self.session.scenarios(false).unwrap_or_default()
    }

    /// The active scenario's differences from the official figures.
    pub fn differences(&self) -> Vec<Difference> {
        match self.session.scenario() {
            Some(_) => compare(
                self.session.catalog(),
                self.session.official(),
                self.session.overlay(),
                self.session.frame(),
            ),
            None => Vec::new(),
        }
    }

    /// Errors, warnings and notes on the official figures and in the active scenario.
    pub fn tallies(&self) -> ((usize, usize, usize), (usize, usize, usize)) {
        let official = self
            .session
            .findings(&crate::domain::values::Layered::official(self.session.official()));
        let scenario = self.session.findings(&self.session.values());
        (
            crate::domain::rules::tally(&official),
            crate::domain::rules::tally(&scenario),
        )
    }

    /// `1 → 3 lỗi` when a scenario changes how many errors the checks find, else nothing.
    pub fn errors_change(&self) -> Option<String> {
        let ((e0, _, _), (e1, _, _)) = self.tallies();
        (e0 != e1).then(|| {
            format!(
                "{} {e0} → {}",
                self.t("Kiểm tra:", "Checks:"),
                crate::present::counted(e1, "lỗi", "error", "errors", self.session.lang())
            )
        })
    }

    /// Switches to a scenario by name, or to the official figures.
    pub fn switch_to(&mut self, name: Option<String>) {
        match self.session.activate(name.as_deref()) {
            Ok(()) => {
                let m = match self.session.scenario() {
                    Some(s) => format!(
                        "{} «{}». {}",
                        self.t("Đang xem phương án", "Now in scenario"),
                        sanitize(&s.name),
                        self.t(
                            "Các thay đổi chỉ ghi vào phương án.",
                            "Edits go into the scenario only."
                        )
                    ),
                    None => self
                        .t("Đang xem số chính thức.", "Now on the official figures.")
                        .to_string(),
                };
                self.say(m);
            }
            Err(e) => self.fail(e),
        }
    }

    pub(in crate::tui) fn ask_scenario_name(&mut self, purpose: NamePurpose) {
        let n = self.scenario_list().len() + 1;
        let default = format!("{} {n}", self.t("Phương án", "Scenario"));
        self.mode = Mode::NameInput(NameInput {
            field: LineEditor::selected(&default, super::input::NAME_MAX),
            purpose,
        });
    }

    pub(in crate::tui) fn submit_name(&mut self, n: NameInput) {
        let name = n.field.text().to_string();
        let result = match n.purpose {
            NamePurpose::Create => self.session.create_scenario(&name).map(|s| Some(s.name)),
            NamePurpose::Rename(id) => self.session.rename_scenario(id, &name).map(|_| None),
            NamePurpose::Note(key) => {
                self.save_note(key, &name);
                return;
            }
            NamePurpose::Export => return self.export_to(n),
            NamePurpose::Import => return self.import_from(n),
            NamePurpose::FormFile => return self.form_from(n),
            NamePurpose::FormWhy => return self.add_form_with(n),
            NamePurpose::Seek(key) => return self.seek_with(n, key),
            NamePurpose::ReturnPlan(org) => {
                if name.trim().is_empty() {
                    self.mode = Mode::NameInput(n);
                    let m = self.t("Hãy ghi lý do trả lại.", "Say why it goes back.");
                    return self.complain(m);
                }
                self.plan_step(org, crate::store::PlanAction::Return, Some(&name));
                return;
            }
        };
        match result {
            Ok(Some(created)) => self.switch_to(Some(created)),
            Ok(None) => {
                let m = self.t("Đã đổi tên phương án.", "Scenario renamed.");
                self.say(m);
            }
            Err(e) => {
                self.mode = Mode::NameInput(n);
                self.fail(e);
            }
        }
    }

    pub(in crate::tui) fn delete_scenario(&mut self, id: ScenarioId) {
        match self.session.discard_scenario(id) {
            Ok(count) => {
                let m = format!(
                    "{} ({count} {}). {}",
                    self.t(
                        "Đã huỷ phương án (giữ làm hồ sơ)",
                        "Scenario discarded (kept as a record)"
                    ),
                    self.t("thay đổi", "changes"),
                    self.t("Số chính thức giữ nguyên.", "The official figures are unchanged.")
                );
                self.say(m);
            }
            Err(e) => self.fail(e),
        }
    }

    pub(in crate::tui) fn ask_apply(&mut self, s: ScenarioInfo, only: Option<Vec<CellKey>>) {
        let what = match &only {
            Some(k) => format!("{} {}", k.len(), self.t("thay đổi đã chọn", "selected change(s)")),
            None => format!("{} {}", s.changes, self.t("thay đổi", "changes")),
        };
        let errors = self.errors_change().map(|e| format!(" {e}.")).unwrap_or_default();
        let question = format!(
            "{} {what} {} «{}» {}?{errors} {}",
            self.t("Áp dụng", "Apply"),
            self.t("của phương án", "of scenario"),
            sanitize(&s.name),
            self.t("thành số chính thức", "to the official figures"),
            self.t(
                "c = có (u để hoàn tác) · k, Enter, Esc = không",
                "y = yes (u undoes it) · n, Enter, Esc = no"
            )
        );
        self.mode = Mode::Confirm(Confirm {
            kind: ConfirmKind::Apply {
                id: s.id,
                only,
                resolutions: HashMap::new(),
                pending: None,
            },
            question,
        });
    }

    /// Applies, asking about each conflicting cell in turn.
    pub(in crate::tui) fn run_apply(
        &mut self,
        id: ScenarioId,
        only: Option<Vec<CellKey>>,
        resolutions: HashMap<CellKey, Resolution>,
    ) {
        let lang = self.session.lang();
        match self.session.apply_scenario(id, only.as_deref(), &resolutions) {
            Ok(ApplyOutcome::Applied { changes, closed, .. }) => {
                let m = format!(
                    "{} {} {}{} {}",
                    self.t("Đã áp dụng", "Applied"),
                    changes.len(),
                    self.t("thay đổi thành số chính thức", "changes to the official figures"),
                    if closed {
                        self.t(
                            "; phương án đã xong và được giữ làm hồ sơ.",
                            "; the scenario is done and kept as a record.",
                        )
                    } else {
                        "."
                    },
                    self.t("u để hoàn tác.", "u undoes it.")
                );
                self.announce(m, false);
            }
            Ok(ApplyOutcome::Conflicts(list)) => {
                let c = &list[0];
                let question = format!(
                    "«{}»: {} {} → {} {}. {} {}? {}",
                    self.session.label(&c.key),
                    self.t("số chính thức đã đổi từ", "the official figure changed from"),
                    format_cell(c.base.as_ref(), lang),
                    format_cell(c.official.as_ref(), lang),
                    self.t("sau khi phương án sửa", "after the scenario changed it"),
                    self.t("Vẫn ghi số của phương án", "Write the scenario's figure"),
                    format_cell(c.scenario.as_ref(), lang),
                    self.t(
                        "c = ghi · k, Enter = giữ số chính thức · Esc = thôi",
                        "y = write · n, Enter = keep official · Esc = stop"
                    )
                );
                self.mode = Mode::Confirm(Confirm {
                    kind: ConfirmKind::Apply {
                        id,
                        only,
                        resolutions,
                        pending: Some(c.key),
                    },
                    question,
                });
            }
            Err(e) => self.fail(e),
        }
    }

    /// `=`: completes the active scenario so the identities its changed figures touch hold,
    /// one undoable write, and says what it wrote.
    pub(super) fn balance(&mut self) {
        let Some(name) = self.session.scenario().map(|s| s.name.clone()) else {
            let m = self.t(
                "Chưa mở phương án nào. Nhấn s để chọn hoặc S để tạo.",
                "No scenario is active. Press s to choose one or S to create one.",
            );
            return self.complain(m);
        };
        let lang = self.session.lang();
        match self.session.balance_scenario(&name, &[], true) {
            Ok(b) if b.writes.is_empty() => {
                let m = self.t(
                    "Các số của phương án đã khớp với nhau: không cần ghi thêm.",
                    "The scenario's figures already agree: nothing to write.",
                );
                self.announce(m.to_string(), false);
            }
            Ok(b) => {
                let cat = self.session.catalog().clone();
                // The first few, so that the message stays on the lines it has.
                let mut what: Vec<String> = b
                    .writes
                    .iter()
                    .take(3)
                    .map(|w| {
                        format!(
                            "{} {}",
                            cat.get(w.key.indicator).short.get(lang),
                            crate::domain::number::format(&w.new, lang)
                        )
                    })
                    .collect();
                if b.writes.len() > 3 {
                    what.push(format!("{} {}", self.t("và", "and"), b.writes.len() - 3) + self.t(" ô khác", " more"));
                }
                let m = format!(
                    "{} {} {}: {}. {}",
                    self.t("Đã cân đối", "Balanced"),
                    b.writes.len(),
                    self.t("ô", "cells"),
                    what.join(", "),
                    self.t("u để hoàn tác.", "u undoes it.")
                );
                self.announce(m, false);
            }
            Err(e) => self.fail(e),
        }
    }

    pub(super) fn undo(&mut self) {
        self.step(true);
    }

    pub(super) fn redo(&mut self) {
        self.step(false);
    }

    /// Undoes or redoes one step of the layer the user is in and says what it did.
    fn step(&mut self, undo: bool) {
        let lang = self.session.lang();
        let result = if undo { self.session.undo() } else { self.session.redo() };
        let verb = if undo {
            self.t("Đã hoàn tác", "Undone")
        } else {
            self.t("Đã làm lại", "Redone")
        };
        let again = if undo {
            self.t("(Ctrl+R để làm lại)", "(Ctrl+R redoes it)")
        } else {
            self.t("(u để hoàn tác)", "(u undoes it)")
        };
        match result {
            Ok(Some(Undone::Cells { layer, cells })) => {
                if let Some((k, _)) = cells.first() {
                    self.jump_to(*k);
                }
                let what: Vec<String> = cells
                    .iter()
                    .map(|(k, state)| format!("{}: {}", self.session.label(k), state_text(*state, lang)))
                    .collect();
                let into = match layer {
                    Layer::Official => self.t("số chính thức", "official figure").to_string(),
                    Layer::Scenario(_) => self.t("trong phương án", "in the scenario").to_string(),
                };
                let m = format!("{verb} ({into}) {} {again}", what.join("; "));
                self.announce(m, false);
            }
            Ok(Some(Undone::Apply { name, changes, refused })) => {
                let mut m = format!(
                    "{verb} {} «{name}»: {} {}",
                    self.t("việc áp dụng phương án", "the apply of scenario"),
                    changes.len(),
                    self.t(
                        "ô trở lại số cũ; phương án mở lại.",
                        "cells put back; the scenario is open again."
                    )
                );
                if !refused.is_empty() {
                    m.push_str(&format!(
                        " {} {}",
                        refused.len(),
                        self.t(
                            "ô giữ nguyên vì đã bị sửa sau khi áp dụng.",
                            "cells kept because they changed after the apply."
                        )
                    ));
                }
                m.push(' ');
                m.push_str(again);
                if refused.is_empty() {
                    self.announce(m, false);
                } else {
                    self.announce(m, true);
                }
            }
            Ok(Some(Undone::Reapply { name, changes })) => {
                let m = format!(
                    "{verb} {} «{name}»: {} {}. {again}",
                    self.t("việc áp dụng phương án", "the apply of scenario"),
                    changes.len(),
                    self.t("ô", "cells")
                );
                self.announce(m, false);
            }
            Ok(None) => {
                let m = if undo {
                    self.t("Không còn gì để hoàn tác.", "Nothing to undo.")
                } else {
                    self.t("Không còn gì để làm lại.", "Nothing to redo.")
                };
                self.announce(m, false);
            }
            Err(e) => self.fail(e),
        }
    }
}

fn state_text(s: Option<Option<rust_decimal::Decimal>>, lang: crate::i18n::Lang) -> String {
    match s {
        Some(v) => format_cell(v.as_ref(), lang),
        None => lang.pick("như số chính thức", "back to official").to_string(),
    }
}
