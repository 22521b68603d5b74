//! Typing a figure into a cell: the field, its live preview, committing and cancelling.

use super::{App, Confirm, ConfirmKind, Mode, OVERVIEW};
use crate::domain::number::format_cell;
use crate::domain::target::Resolved;
use crate::domain::values::{CellKey, Values};
use crate::error::Error;
use crate::tui::action::{Action, Dir};
use crate::tui::editor::LineEditor;
use rust_decimal::Decimal;

/// A cell being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub key: CellKey,
    pub field: LineEditor,
    /// What the cell showed when editing began; the write is refused if that changed.
    pub seen: Option<Decimal>,
    /// What the text means now: the figure (with how it was worked out), or why it is not one.
    pub result: Result<Resolved, String>,
}

impl App {
    /// Why the selected cell cannot be edited, if it cannot.
    fn refuse_edit(&self) -> Option<String> {
        if self.tab == OVERVIEW {
            return Some(
                self.t(
                    "Mở một dòng bằng Enter rồi sửa trong thẻ của nó.",
                    "Open a row with Enter and edit it in its tab.",
                )
                .into(),
            );
        }
        let id = self.selected_indicator()?;
        let ind = self.session.catalog.get(id);
        match self.selected_column() {
            Some(c) if c.is_computed() => Some(
                self.t(
                    "Ô tỷ lệ % được tính tự động từ các ô số liệu, không sửa được. Hãy sửa ô ước thực hiện hoặc kế hoạch.",
                    "Percentage cells are computed from the figures and cannot be edited. Edit the estimate or plan cell.",
                )
                .into(),
            ),
            _ if !ind.has_values => Some(self.t("Dòng tiêu đề, không có số liệu.", "A heading row takes no figures.").into()),
            _ => match self.selected_key() {
                Some(k) if k.funding != crate::domain::catalog::FundingId::TOTAL && !ind.funded => {
                    Some(self.t("Dòng này không chia theo nguồn vốn.", "This row is not split by funding source.").into())
                }
                Some(_) => None,
                None => Some(self.t("Chọn một ô số liệu.", "Select a figure cell.").into()),
            },
        }
    }

    /// Starts editing the selected cell: with its figure (Enter) or with a typed character.
    pub(super) fn start_edit(&mut self, first: Option<char>) {
        if let Some(why) = self.refuse_edit() {
            return self.complain(why);
        }
        let Some(key) = self.selected_key() else { return };
        let seen = self.session.values().value(&key);
        let field = match first {
            Some(c) => LineEditor::new(&c.to_string()),
            None => LineEditor::new(
                &seen
                    .map(|d| crate::domain::number::format(&d, self.session.lang))
                    .unwrap_or_default(),
            ),
        };
        let result = self.session.resolve(key, field.text());
        self.mode = Mode::Edit(Edit {
            key,
            field,
            seen,
            result,
        });
    }

    pub(super) fn edit_action(&mut self, action: Action) {
        let Mode::Edit(mut e) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Input(c) => e.field.insert(c),
            Action::Backspace => e.field.backspace(),
            Action::Delete => e.field.delete(),
            Action::CursorLeft => e.field.left(),
            Action::CursorRight => e.field.right(),
            Action::CursorHome => e.field.home(),
            Action::CursorEnd => e.field.end(),
            Action::ClearField => e.field.clear(),
            Action::Cancel => {
                let m = self.t("Đã huỷ, không ghi gì.", "Cancelled; nothing was written.");
                return self.say(m);
            }
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Commit(dir) => return self.commit(e, dir),
            _ => {}
        }
        e.result = self.session.resolve(e.key, e.field.text());
        self.mode = Mode::Edit(e);
    }

    fn commit(&mut self, mut e: Edit, dir: Dir) {
        let value = match &e.result {
            Ok(r) => r.value,
            Err(m) => {
                let m = m.clone();
                self.mode = Mode::Edit(e);
                return self.complain(m);
            }
        };
        let lang = self.session.lang;
        match self.session.write(e.key, Some(value), Some(e.seen), "set") {
            Ok(Some(ch)) => {
                let into = match &self.session.scenario {
                    Some(sc) => format!(
                        " {} «{}»",
                        self.t("vào phương án", "into scenario"),
                        crate::domain::text::sanitize(&sc.info.name)
                    ),
                    None => String::new(),
                };
                let m = format!(
                    "{}{into} {}: {} → {}",
                    self.t("Đã ghi", "Saved"),
                    self.session.label(&e.key),
                    format_cell(ch.old.as_ref(), lang),
                    format_cell(ch.new.as_ref(), lang)
                );
                self.say(m);
                self.move_cursor(dir);
            }
            Ok(None) => self.move_cursor(dir),
            Err(Error::Conflict { now }) => {
                // Keep what was typed; the next Enter writes over the new figure knowingly.
                let _ = self.session.reload();
                e.seen = now;
                e.result = self.session.resolve(e.key, e.field.text());
                let m = format!(
                    "{} {}. {}",
                    self.t(
                        "Người khác vừa sửa ô này thành",
                        "Someone else just changed this cell to"
                    ),
                    format_cell(now.as_ref(), lang),
                    self.t(
                        "Enter để vẫn ghi số của bạn, Esc để huỷ.",
                        "Enter to write your figure anyway, Esc to cancel."
                    )
                );
                self.mode = Mode::Edit(e);
                self.complain(m);
            }
            Err(err) => {
                self.mode = Mode::Edit(e);
                self.fail(err);
            }
        }
    }

    /// Delete/Backspace on a cell: asks before blanking it.
    pub(super) fn request_blank(&mut self) {
        if let Some(why) = self.refuse_edit() {
            return self.complain(why);
        }
        let Some(key) = self.selected_key() else { return };
        let seen = self.session.values().value(&key);
        let Some(v) = seen else {
            let m = self.t("Ô này đã trống.", "This cell is already blank.");
            return self.say(m);
        };
        let question = format!(
            "{} «{}» ({} {})? {}",
            self.t("Để trống ô", "Blank the cell"),
            self.session.label(&key),
            self.t("đang là", "now"),
            crate::domain::number::format(&v, self.session.lang),
            self.t("Enter/c = có · Esc/k = không", "Enter/y = yes · Esc/n = no")
        );
        self.mode = Mode::Confirm(Confirm {
            kind: ConfirmKind::Blank { key, seen },
            question,
        });
    }
}
