//! Typing a figure into a cell: the field, its live preview, committing (with the questions
//! a doubtful figure, a changed cell or a closed scenario raise) and moving on.

use super::input::FIGURE_MAX;
use super::{App, ChooseKind, Confirm, ConfirmKind, Mode, OVERVIEW};
use crate::domain::catalog::FundingId;
use crate::domain::number::format_cell;
use crate::domain::sheet::{ColumnKind, RowKind};
use crate::domain::target::Resolved;
use crate::domain::values::{CellKey, Values};
use crate::error::Error;
use crate::keys::{Action, Dir};
use crate::store::StoreError;
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
    /// What is doubtful about the figure (its kind, a better reading, a tenfold change), and
    /// whether it can be saved as typed at all; shown while typing.
    pub concern: Option<(String, bool)>,
    /// In a scenario: what the identities then require of the other cells, on one line.
    pub implied: Option<String>,
}

impl App {
    /// Whether a row of the current sheet takes figures in a column.
    pub(super) fn editable(&self, row: usize, col: usize) -> bool {
        let rows = self.sheet_rows(self.tab);
        let cols = self.sheet_columns(self.tab);
        let (Some(r), Some(c)) = (rows.get(row), cols.get(col)) else {
            return false;
        };
        let RowKind::Indicator(id) = r.kind else {
            return false;
        };
        let ind = self.session.catalog().get(id);
        match c {
            ColumnKind::Value { funding, .. } => ind.has_values && (*funding == FundingId::TOTAL || ind.funded),
            _ => false,
        }
    }

    /// Why the selected cell cannot be edited, if it cannot.
    pub(super) fn refuse_edit(&self) -> Option<String> {
        if self.tab == OVERVIEW {
            return Some(
                self.t(
                    "Mở một dòng bằng Enter rồi sửa trong thẻ của nó.",
                    "Open a row with Enter and edit it in its tab.",
                )
                .into(),
            );
        }
        if let Some(why) = &self.stopped {
            return Some(why.clone());
        }
        if self.end_stop.is_some() {
            return Some(
                self.t(
                    "Hết bảng: ô vừa ghi là ô cuối cùng. Hãy di chuyển (↑, ←, hoặc sang thẻ khác) trước khi gõ tiếp, để không ghi đè lên nó.",
                    "End of the table: the cell just saved is the last one. Move (↑, ←, or another tab) before typing on, so as not to overwrite it.",
                )
                .into(),
            );
        }
        match self.selected_column() {
            Some(c) if c.is_computed() => {
                return Some(
                    self.t(
                        "Ô tỷ lệ % được tính tự động từ các ô số liệu, không sửa được. Hãy sửa ô ước thực hiện hoặc kế hoạch.",
                        "Percentage cells are computed from the figures and cannot be edited. Edit the estimate or plan cell.",
                    )
                    .into(),
                );
            }
            None => return Some(self.t("Chọn một ô số liệu.", "Select a figure cell.").into()),
            _ => {}
        }
        let key = self.selected_key()?;
        if self.session.scenario().is_none()
            && let Some(l) = self.session.lock(&key)
        {
            return Some(lock_text(&self.session, l));
        }
        let ind = self.session.catalog().get(key.indicator);
        if key.funding != FundingId::TOTAL && !ind.funded {
            return Some(
                self.t(
                    "Dòng này không chia theo nguồn vốn.",
                    "This row is not split by funding source.",
                )
                .into(),
            );
        }
        self.session
            .check_cell(&key)
            .err()
            .map(|e| e.message_in(self.session.lang(), crate::present::Shell::App))
    }

    /// Starts editing the selected cell: with its figure (Enter) or with a typed character.
    /// On a heading or label row the edit goes to the first cell below that takes figures.
    pub(super) fn start_edit(&mut self, first: Option<char>) {
        if self.tab != OVERVIEW && self.stopped.is_none() && self.end_stop.is_none() && self.by_unit.is_none() {
            let c = self.cursors[self.tab - 1];
            if !self.editable(c.row, c.col) && !self.selected_column().is_some_and(|x| x.is_computed()) {
                let rows = self.sheet_rows(self.tab).len();
                match (c.row + 1..rows).find(|r| self.editable(*r, c.col)) {
                    Some(r) => self.cursors[self.tab - 1].row = r,
                    None => {
                        let m = self.t(
                            "Dòng tiêu đề, không có số liệu; bên dưới cũng không còn ô nào nhập được.",
                            "A heading row takes no figures, and there is no cell below that does.",
                        );
                        return self.complain(m);
                    }
                }
            }
        }
        if let Some(why) = self.refuse_edit() {
            return self.complain(why);
        }
        let Some(key) = self.selected_key() else { return };
        let seen = self.session.values().value(&key);
        let field = match first {
            Some(c) => LineEditor::with_max(&c.to_string(), FIGURE_MAX),
            None => LineEditor::with_max(
                &seen
                    .map(|d| crate::domain::number::format(&d, self.session.lang()))
                    .unwrap_or_default(),
                FIGURE_MAX,
            ),
        };
        let mut e = Edit {
            key,
            field,
            seen,
            result: Ok(Resolved {
                value: None,
                explain: None,
            }),
            concern: None,
            implied: None,
        };
        self.reassess(&mut e);
        self.mode = Mode::Edit(e);
    }

    /// Works out what the field's text means and what is doubtful about it.
    pub(super) fn reassess(&self, e: &mut Edit) {
        e.result = self.session.resolve(e.key, e.field.text());
        e.concern = e.result.as_ref().ok().and_then(|r| {
            let a = self.session.assess(e.key, e.field.text(), r);
            let lang = self.session.lang();
            let cat = self.session.catalog();
            let what = cat.get(e.key.indicator).short.get(lang);
            a.concern(what, cat.unit_name(e.key.indicator, lang), lang)
                .map(|c| (c, a.may_keep()))
        });
        e.implied = self.implied_line(e);
    }

    /// What the figure being typed implies of the other cells, when a scenario is active.
    fn implied_line(&self, e: &Edit) -> Option<String> {
        self.session.scenario()?;
        let value = e.result.as_ref().ok()?.value?;
        let lang = self.session.lang();
        let cat = self.session.catalog();
        let lines: Vec<String> = self
            .session
            .implications_typing(e.key, value)
            .iter()
            .map(|r| crate::present::planning::implication_line(cat, &e.key, &value, r, lang))
            .collect();
        (!lines.is_empty()).then(|| lines.join("; "))
    }

    pub(super) fn edit_action(&mut self, action: Action) {
        let Mode::Edit(mut e) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        match action {
            Action::Input(c) => {
                let taken = e.field.insert(c);
                if !taken {
                    let m = self.t("Ô số liệu đã đủ dài.", "The figure field is full.");
                    self.complain(m);
                }
            }
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
            Action::Commit(dir) => return self.commit(e, dir),
            _ => {}
        }
        self.reassess(&mut e);
        self.mode = Mode::Edit(e);
    }

    /// Enter (or Tab, ↑, ↓) on an edit: checks the figure, asks about a doubtful one, writes.
    fn commit(&mut self, e: Edit, dir: Dir) {
        let resolved = match &e.result {
            Ok(r) => r.clone(),
            Err(m) => {
                let m = m.clone();
                self.mode = Mode::Edit(e);
                return self.complain(m);
            }
        };
        let a = self.session.assess(e.key, e.field.text(), &resolved);
        if a.is_clear() {
            return self.write(e, resolved.value, dir);
        }
        let cat = self.session.catalog();
        let what = cat.get(e.key.indicator).short.get(self.session.lang()).to_string();
        let unit = cat.unit_name(e.key.indicator, self.session.lang()).to_string();
        let concern = a.concern(&what, &unit, self.session.lang()).unwrap_or_default();
        if !a.may_keep() && a.suggestion.is_none() {
            self.mode = Mode::Edit(e);
            return self.complain(concern);
        }
        self.ask_doubt(
            e,
            dir,
            concern,
            a.suggestion,
            a.may_keep().then_some(resolved.value).flatten(),
        );
    }

    /// Writes a figure into the layer the user is in, then moves on.
    pub(in crate::tui) fn write(&mut self, e: Edit, value: Option<Decimal>, dir: Dir) {
        let lang = self.session.lang();
        match self.session.set(e.key, value, Some(e.seen)) {
            Ok(Some(ch)) => {
                let into = match self.session.scenario() {
                    Some(sc) => format!(" {} «{}»", self.t("vào phương án", "into scenario"), sc.name),
                    None => String::new(),
                };
                let m = format!(
                    "{}{into} {}: {} → {}",
                    self.t("Đã ghi", "Saved"),
                    self.session.label(&e.key),
                    format_cell(ch.old.as_ref(), lang),
                    format_cell(ch.new.as_ref(), lang)
                );
                self.changed();
                self.say(m);
                self.advance(dir, e.key);
            }
            Ok(None) => self.advance(dir, e.key),
            Err(Error::Store(StoreError::Conflict { now, .. })) => self.ask_conflict(e, value, now),
            Err(Error::Store(StoreError::ScenarioClosed { info })) => self.ask_layer(e, value, *info),
            Err(err) => {
                self.mode = Mode::Edit(e);
                self.fail(err);
            }
        }
    }

    /// Moves on after a save. Tab at the end of a row goes on to the next row's first cell;
    /// where the table ends the cursor stays and no edit starts until the user moves.
    fn advance(&mut self, dir: Dir, saved: CellKey) {
        if self.tab == OVERVIEW {
            return;
        }
        if self.by_unit.is_some() {
            self.by_unit_move(dir);
            return;
        }
        let before = self.cursors[self.tab - 1];
        match dir {
            Dir::Right => {
                let ncols = self.sheet_columns(self.tab).len();
                let nrows = self.sheet_rows(self.tab).len();
                let next_col = (before.col + 1..ncols).find(|c| self.editable(before.row, *c));
                match next_col {
                    Some(c) => self.cursors[self.tab - 1].col = c,
                    None => {
                        let next = (before.row + 1..nrows)
                            .find_map(|r| (0..ncols).find(|c| self.editable(r, *c)).map(|c| (r, c)));
                        if let Some((r, c)) = next {
                            self.cursors[self.tab - 1].row = r;
                            self.cursors[self.tab - 1].col = c;
                        }
                    }
                }
            }
            d => self.move_cursor(d),
        }
        let after = self.cursors[self.tab - 1];
        if dir != Dir::Stay && (after.row, after.col) == (before.row, before.col) {
            self.end_stop = Some(saved);
            let m = format!(
                "{} {}",
                self.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default(),
                self.t("— Hết bảng.", "— End of the table.")
            );
            self.say(m.trim().to_string());
        }
    }

    /// Delete/Backspace on a cell: asks before blanking it; only an explicit yes blanks.
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
            crate::domain::number::format(&v, self.session.lang()),
            self.t("c = có · k, Enter, Esc = không", "y = yes · n, Enter, Esc = no")
        );
        self.mode = Mode::Confirm(Confirm {
            kind: ConfirmKind::Blank { key, seen },
            question,
        });
    }

    /// Back to typing, with what was typed.
    pub(in crate::tui) fn back_to_edit(&mut self, mut e: Edit, seen: Option<Decimal>) {
        e.seen = seen;
        self.reassess(&mut e);
        if self.by_unit.is_none() {
            self.jump_to(e.key);
        }
        self.mode = Mode::Edit(e);
    }

    /// Keeps `kind` for the question helpers.
    pub(in crate::tui) fn choose_mode(
        &mut self,
        kind: ChooseKind,
        question: String,
        options: Vec<String>,
        default: Option<u8>,
    ) {
        self.mode = Mode::Choose(Box::new(super::Choose {
            kind,
            question,
            options,
            default,
        }));
    }
}

/// Why a locked cell cannot be edited, in words.
pub fn lock_text(s: &crate::session::Session, l: &crate::domain::access::PlanState) -> String {
    let lang = s.lang();
    let sent = l.step == crate::domain::access::PlanStep::Submitted;
    format!(
        "{} {} {} {} {} ({}, {}). {}",
        lang.pick("Khoá: kế hoạch năm", "Locked: the plan for"),
        l.year,
        lang.pick("của", "of"),
        s.orgs().get(l.org).name(lang),
        if sent {
            lang.pick("đã gửi lên, chờ duyệt", "was sent up and waits for approval")
        } else {
            lang.pick("đã được duyệt", "was approved")
        },
        crate::domain::text::sanitize(&l.by),
        crate::present::local_time(&l.at, lang),
        if sent {
            lang.pick(
                "Cấp trên trả lại (r) hoặc mở lại (m) thì sửa được; hoặc thử số trong một phương án (s).",
                "It takes figures again once the level above returns (r) or reopens (m) it; or try figures in a scenario (s).",
            )
        } else {
            lang.pick(
                "Người duyệt ở cấp trên có thể mở lại (m trong bảng theo đơn vị), hoặc thử số trong một phương án (s).",
                "The approver above can reopen it (m in the by-unit view), or try figures in a scenario (s).",
            )
        }
    )
}
