//! The by-unit view (`t`): one indicator of the sheet over the unit's parts (districts or
//! communes as rows), with the roll-up, the unit's own figure and the difference. A figure
//! typed for a part moves the roll-up as it is typed; Enter on a part opens its sheet.

use super::{App, OVERVIEW};
use crate::domain::by_unit::ByUnit;
use crate::domain::catalog::{FundingId, IndicatorId};
use crate::domain::sheet::{ColumnKind, RowKind};
use crate::domain::values::CellKey;
use crate::keys::{Action, Dir};

/// Where the by-unit view is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByUnitView {
    pub indicator: IndicatorId,
    /// The selected row: a part, or (after the last part) the unit's own figure.
    pub row: usize,
    /// The selected column of the table (a figure column).
    pub col: usize,
    /// The first part shown (kept by the view).
    pub offset: usize,
}

impl App {
    /// A step of a unit's plan, with what happened in the status line.
    pub(in crate::tui) fn plan_step(
        &mut self,
        org: crate::domain::org::OrgId,
        action: crate::store::PlanAction,
        comment: Option<&str>,
    ) {
        match self.session.plan_step(org, action, comment) {
            Ok(st) => {
                let m = format!(
                    "{} {} {}: {}.",
                    self.t("Kế hoạch", "The plan"),
                    st.year,
                    self.session.orgs().get(org).name(self.session.lang()),
                    st.step.name(self.session.lang())
                );
                self.say(m);
            }
            Err(e) => self.fail(e),
        }
    }

    /// Asks before a step of a unit's plan (or, to return it, for the reason).
    pub(super) fn ask_plan_step(&mut self, org: crate::domain::org::OrgId, action: crate::store::PlanAction) {
        use crate::store::PlanAction as A;
        let name = self.session.orgs().get(org).name(self.session.lang()).to_string();
        if action == A::Return {
            self.mode = super::Mode::NameInput(super::NameInput {
                field: crate::tui::editor::LineEditor::with_max("", 200),
                purpose: super::NamePurpose::ReturnPlan(org),
            });
            return;
        }
        let what = match action {
            A::Submit => self.t("Gửi kế hoạch năm", "Submit the plan for"),
            A::Approve => self.t("Duyệt kế hoạch năm", "Approve the plan for"),
            _ => self.t("Mở lại kế hoạch năm", "Reopen the plan for"),
        };
        let review = match action {
            A::Approve => match self.session.review(org) {
                Ok(r) => format!(
                    "{} ",
                    crate::present::review_text(&r, self.session.catalog(), self.session.lang())
                ),
                Err(e) => return self.fail(e),
            },
            _ => String::new(),
        };
        let after = match action {
            A::Approve => self.t("Số liệu giữ nguyên khoá.", "Its figures stay locked."),
            A::Submit => self.t(
                "Cấp trên sẽ duyệt hoặc trả lại.",
                "The level above approves or returns it.",
            ),
            _ => self.t("Số liệu sẽ sửa được trở lại.", "Its figures can change again."),
        };
        let question = format!(
            "{what} {} {} {name}? {review}{after} {}",
            self.session.year(),
            self.t("của", "of"),
            self.t("c = có · k, Enter, Esc = không", "y = yes · n, Enter, Esc = no")
        );
        self.mode = super::Mode::Confirm(super::Confirm {
            kind: super::ConfirmKind::PlanStep { org, action },
            question,
        });
    }

    /// The table by unit shown (with the figure being typed).
    pub fn by_unit_table(&self) -> Option<ByUnit> {
        let u = self.by_unit?;
        Some(self.session.by_unit_with(&self.values(), u.indicator, FundingId::TOTAL))
    }

    /// Opens the selected row's indicator by unit.
    pub(super) fn open_by_unit(&mut self) {
        if self.tab == OVERVIEW {
            // The selected headline row, in its own tab, by unit.
            if self.overview_items().get(self.overview.selected).is_none() {
                let m = self.t(
                    "Chọn một dòng trong một phụ lục rồi nhấn t để xem theo đơn vị.",
                    "Select a row of an appendix, then press t to see it by unit.",
                );
                return self.complain(m);
            }
            self.open_overview_row();
            if self.tab == OVERVIEW {
                return;
            }
        }
        let Some(id) = self
            .selected_indicator()
            .filter(|i| self.session.catalog().get(*i).has_values)
        else {
            let m = self.t("Chọn một dòng có số liệu.", "Select a row that takes figures.");
            return self.complain(m);
        };
        if self.session.parts().is_empty() {
            let m = format!(
                "{} {}",
                self.session.unit().name(self.session.lang()),
                self.t(
                    "không có đơn vị cấp dưới trong năm kế hoạch (chọn đơn vị khác bằng o).",
                    "has no units below it in the plan year (choose another unit with o)."
                )
            );
            return self.complain(m);
        }
        let col = self.cursors[self.tab - 1].col;
        let cols = crate::domain::sheet::columns(
            self.session.catalog(),
            crate::domain::catalog::Layout::Plan,
            self.session.frame(),
        );
        let col = if cols.get(col).is_some_and(|c| !c.is_computed()) {
            col
        } else {
            cols.iter().rposition(|c| !c.is_computed()).unwrap_or(0)
        };
        self.by_unit = Some(ByUnitView {
            indicator: id,
            row: 0,
            col,
            offset: 0,
        });
    }

    /// How many rows can be selected: the parts, then the unit's own figure.
    fn by_unit_rows(&self) -> usize {
        self.session.parts().len() + 1
    }

    /// The cell selected in the by-unit view.
    pub(super) fn by_unit_key(&self) -> Option<CellKey> {
        let u = self.by_unit?;
        let parts = self.session.parts();
        let org = parts.get(u.row).copied().unwrap_or(self.session.org());
        match self.by_unit_column()? {
            ColumnKind::Value { period, funding } => Some(CellKey::new(u.indicator, org, period, funding)),
            _ => None,
        }
    }

    /// The column selected in the by-unit view.
    pub(super) fn by_unit_column(&self) -> Option<ColumnKind> {
        let u = self.by_unit?;
        crate::domain::sheet::columns(
            self.session.catalog(),
            crate::domain::catalog::Layout::Plan,
            self.session.frame(),
        )
        .get(u.col)
        .copied()
    }

    /// The figure columns of the view, in order.
    fn by_unit_value_cols(&self) -> Vec<usize> {
        crate::domain::sheet::columns(
            self.session.catalog(),
            crate::domain::catalog::Layout::Plan,
            self.session.frame(),
        )
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_computed())
        .map(|(i, _)| i)
        .collect()
    }

    /// Moves in the view; `false` when it moved nowhere.
    pub(super) fn by_unit_move(&mut self, d: Dir) -> bool {
        let Some(mut u) = self.by_unit else { return false };
        let rows = self.by_unit_rows();
        let cols = self.by_unit_value_cols();
        let before = u;
        match d {
            Dir::Up => u.row = u.row.saturating_sub(1),
            Dir::Down => u.row = (u.row + 1).min(rows - 1),
            Dir::Left => {
                if let Some(c) = cols.iter().rev().find(|c| **c < u.col) {
                    u.col = *c;
                }
            }
            Dir::Right => {
                if let Some(c) = cols.iter().find(|c| **c > u.col) {
                    u.col = *c;
                }
            }
            Dir::Stay => {}
        }
        self.by_unit = Some(u);
        u != before
    }

    /// The view's keys; `false` for the ones the sheet's browsing handles (quit, help, years).
    pub(super) fn by_unit_action(&mut self, action: &Action) -> bool {
        let Some(mut u) = self.by_unit else { return false };
        match action {
            Action::Cancel | Action::OpenByUnit => {
                self.by_unit = None;
                let m = self.t("Đã đóng bảng theo đơn vị.", "Closed the by-unit view.");
                self.say(m);
            }
            Action::Move(d) => {
                self.by_unit_move(*d);
            }
            Action::PageDown | Action::PageUp => {
                let step = self.page_rows.max(1);
                let rows = self.by_unit_rows();
                u.row = if *action == Action::PageDown {
                    (u.row + step).min(rows - 1)
                } else {
                    u.row.saturating_sub(step)
                };
                self.by_unit = Some(u);
            }
            Action::Top => {
                u.row = 0;
                self.by_unit = Some(u);
            }
            Action::Bottom => {
                u.row = self.by_unit_rows() - 1;
                self.by_unit = Some(u);
            }
            Action::NextTab | Action::PrevTab => self.by_unit_next_indicator(*action == Action::NextTab),
            Action::Activate => {
                let parts = self.session.parts();
                let Some(org) = parts.get(u.row).copied() else {
                    let m = self.t(
                        "Đây là số nhập của chính đơn vị này: gõ số để sửa.",
                        "This is the unit's own figure: type to edit it.",
                    );
                    self.say(m);
                    return true;
                };
                let id = u.indicator;
                self.by_unit = None;
                match self.session.set_org(org) {
                    Ok(()) => {
                        let m = format!(
                            "{}: {}",
                            self.t("Đơn vị", "Org unit"),
                            self.session.unit().name(self.session.lang())
                        );
                        self.say(m);
                        if let Some(tab) = self.tab_of(id) {
                            self.tab = tab;
                            if let Some(r) = self
                                .sheet_rows(tab)
                                .iter()
                                .position(|r| r.kind == RowKind::Indicator(id))
                            {
                                self.cursors[tab - 1].row = r;
                            }
                        }
                    }
                    Err(e) => self.fail(e),
                }
            }
            Action::GoTab(_) => {
                self.by_unit = None;
                return false;
            }
            Action::PlanApprove | Action::PlanReturn | Action::PlanReopen => {
                let Some(org) = self.session.parts().get(u.row).copied() else {
                    let m = self.t("Chọn một đơn vị cấp dưới.", "Choose a unit below.");
                    self.complain(m);
                    return true;
                };
                let a = match action {
                    Action::PlanApprove => crate::store::PlanAction::Approve,
                    Action::PlanReturn => crate::store::PlanAction::Return,
                    _ => crate::store::PlanAction::Reopen,
                };
                self.ask_plan_step(org, a);
            }
            _ => return false,
        }
        true
    }

    /// The next (or previous) row of the sheet that takes figures.
    fn by_unit_next_indicator(&mut self, forward: bool) {
        let Some(mut u) = self.by_unit else { return };
        let ids: Vec<IndicatorId> = self
            .sheet_rows(self.tab)
            .iter()
            .filter_map(|r| match r.kind {
                RowKind::Indicator(id) if self.session.catalog().get(id).has_values => Some(id),
                _ => None,
            })
            .collect();
        let Some(i) = ids.iter().position(|x| *x == u.indicator) else {
            return;
        };
        let next = if forward {
            (i + 1) % ids.len()
        } else {
            (i + ids.len() - 1) % ids.len()
        };
        u.indicator = ids[next];
        self.by_unit = Some(u);
        if let Some(r) = self
            .sheet_rows(self.tab)
            .iter()
            .position(|r| r.kind == RowKind::Indicator(u.indicator))
        {
            self.cursors[self.tab - 1].row = r;
        }
    }
}
