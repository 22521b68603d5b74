//! A one-line field: a scenario's name, a reason, a comment, a file.

use super::chrome::{centered, frame};
use crate::domain::text::width;
use crate::keys::Action;
use crate::store::ScenarioId;
use crate::tui::app::{App, Mode};
use crate::tui::editor::LineEditor;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
    /// The workbook a new form is read from.
    FormFile,
    /// Why the form is added.
    FormWhy,
    /// The goal a cell's figure is sought for.
    Seek(crate::domain::values::CellKey),
}

/// A name being typed.
#[derive(Clone, Debug, PartialEq)]
pub struct NameInput {
    pub field: LineEditor,
    pub purpose: NamePurpose,
}

impl App {
    /// The field's update on an action; Enter submits it.
    pub(in crate::tui) fn name_action(&mut self, action: Action) {
        let Mode::NameInput(mut n) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Cancel if matches!(n.purpose, NamePurpose::FormFile | NamePurpose::FormWhy) => {
                return self.leave_form();
            }
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

/// Draws the field, titled by what it is for.
pub(super) fn draw(f: &mut Frame, area: Rect, app: &App, n: &NameInput) {
    let th = app.theme;
    let seek = match n.purpose {
        NamePurpose::Seek(key) => Some(key),
        _ => None,
    };
    let r = centered(
        area,
        if seek.is_some() { 76 } else { 60 },
        if seek.is_some() { 7 } else { 5 },
    );
    let title = match n.purpose {
        NamePurpose::Create => app.t("Tạo phương án giả định", "New what-if scenario"),
        NamePurpose::Rename(_) => app.t("Đổi tên phương án", "Rename the scenario"),
        NamePurpose::ReturnPlan(_) => app.t("Trả lại kế hoạch", "Return the plan"),
        NamePurpose::Note(_) => app.t("Ghi chú (để trống: xoá)", "Comment (empty: remove)"),
        NamePurpose::Export => app.t("Ghi ra sổ Excel", "Export to a workbook"),
        NamePurpose::Import => app.t("Nhập từ sổ Excel hoặc CSV", "Import a workbook or CSV"),
        NamePurpose::FormFile => app.t(
            "Biểu mẫu mới từ sổ Excel của Bộ",
            "A new form from the ministry's workbook",
        ),
        NamePurpose::FormWhy => app.t("Lý do thêm biểu mẫu", "Why the form is added"),
        NamePurpose::Seek(_) => app.t("Tìm số theo mục tiêu", "Goal seek"),
    };
    let inner = frame(f, app, r, title);
    let label = match n.purpose {
        NamePurpose::ReturnPlan(_) | NamePurpose::FormWhy => app.t("Lý do: ", "Reason: "),
        NamePurpose::Note(_) => app.t("Ghi chú: ", "Comment: "),
        NamePurpose::Seek(_) => app.t("Mục tiêu: ", "Goal: "),
        NamePurpose::Export | NamePurpose::Import | NamePurpose::FormFile => app.t("Tệp: ", "File: "),
        _ => app.t("Tên: ", "Name: "),
    };
    f.set_cursor_position(Position::new(
        inner.x + width(label) as u16 + n.field.cursor_column() as u16,
        inner.y,
    ));
    let lines = vec![Line::from(vec![
        Span::styled(label, th.head()),
        Span::raw(n.field.text().to_string()),
    ])];
    // Goal seek: the cell, and the figure found as the goal is typed.
    let mut lines = lines;
    if let Some(key) = seek {
        lines.push(Line::from(Span::styled(app.session.label(&key), th.dim())));
        lines.push(match app.seeking(key, n.field.text()) {
            Ok(s) => Line::from(Span::styled(app.seeking_line(key, &s), th.ok())),
            Err(m) => Line::from(Span::styled(m, th.error())),
        });
    } else {
        lines.push(Line::default());
    }
    lines.extend([Line::from(Span::styled(
        app.t("Enter xong · Esc huỷ", "Enter done · Esc cancel"),
        th.dim(),
    ))]);
    f.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), inner);
}
