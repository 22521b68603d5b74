//! The list of what-if scenarios (`s`): switch, create, rename, discard, apply, compare.

use super::ListPick;
use super::chrome::{centered, frame, list};
use crate::domain::text::sanitize;
use crate::keys::Action;
use crate::store::ScenarioInfo;
use crate::tui::app::{App, Confirm, ConfirmKind, Mode, NameInput, NamePurpose};
use crate::tui::editor::LineEditor;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

impl App {
    /// Opens the list on the scenario in use.
    pub(in crate::tui) fn open_scenarios(&mut self) {
        let list = self.scenario_list();
        let selected = match self.session.scenario() {
            Some(s) => list.iter().position(|x| x.id == s.id).map_or(0, |i| i + 1),
            None => 0,
        };
        self.mode = Mode::Scenarios(ListPick { selected, offset: 0 });
    }

    fn selected_scenario(&self, p: &ListPick) -> Option<ScenarioInfo> {
        p.selected
            .checked_sub(1)
            .and_then(|i| self.scenario_list().get(i).cloned())
    }

    /// The list's update on an action.
    pub(in crate::tui) fn scenarios_action(&mut self, action: Action) {
        let Mode::Scenarios(mut p) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let n = self.scenario_list().len() + 1;
        let picked = self.selected_scenario(&p);
        let need = |app: &mut App| {
            let m = app.t(
                "Chọn một phương án (không phải số chính thức).",
                "Select a scenario (not the official figures).",
            );
            app.complain(m);
        };
        match action {
            Action::Cancel => {}
            Action::Quit => self.quit = true,
            Action::Accept => self.switch_to(picked.map(|s| s.name)),
            Action::NewScenario => self.ask_scenario_name(NamePurpose::Create),
            Action::RenameScenario => match picked {
                Some(s) => {
                    self.mode = Mode::NameInput(NameInput {
                        field: LineEditor::selected(&s.name, crate::tui::app::NAME_MAX),
                        purpose: NamePurpose::Rename(s.id),
                    })
                }
                None => {
                    self.mode = Mode::Scenarios(p);
                    need(self);
                }
            },
            Action::DeleteScenario => match picked {
                Some(s) => {
                    let question = format!(
                        "{} {}",
                        crate::present::discard_question(&s.name, s.changes, self.session.lang()),
                        self.t("c = có · k, Enter, Esc = không", "y = yes · n, Enter, Esc = no")
                    );
                    self.mode = Mode::Confirm(Confirm {
                        kind: ConfirmKind::DeleteScenario { id: s.id },
                        question,
                    });
                }
                None => {
                    self.mode = Mode::Scenarios(p);
                    need(self);
                }
            },
            Action::ApplyScenario => match picked {
                Some(s) => self.ask_apply(s, None),
                None => {
                    self.mode = Mode::Scenarios(p);
                    need(self);
                }
            },
            Action::OpenCompare => match picked {
                Some(s) => {
                    self.switch_to(Some(s.name));
                    self.open_compare();
                }
                None => {
                    self.mode = Mode::Scenarios(p);
                    need(self);
                }
            },
            a => {
                p.apply(&a, n);
                self.mode = Mode::Scenarios(p);
            }
        }
    }
}

/// Draws the official figures and the scenarios, the one in use marked.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, p: &ListPick) {
    let th = app.theme;
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
