//! Input before it becomes actions: keys through the bindings table (with Alt+key read as
//! the Esc + key it usually is over SSH, and view-changing keys right after a lone Esc held
//! back), bracketed pastes, and bursts of keys that arrive faster than anyone types.

use super::{App, Mode};
use crate::keys::Action;
use crate::keys::{action_for, normalize};
use crate::tui::input::burst::Chunk;
use crate::tui::input::decode::Input;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};

/// How long after a lone Esc a key that changes the view is taken for the tail of a split
/// escape sequence (F2 is ESC [ 1 2 ~; over a slow link the ESC can come alone).
pub const ESC_GUARD: Duration = Duration::from_millis(500);

/// After a burst, text keys arriving within this time still belong to it (a paste can come
/// in several pieces over a slow link).
pub const BURST_TAIL: Duration = Duration::from_millis(150);

/// The most characters a figure field takes (15 digits, separators, a sign, a %).
pub const FIGURE_MAX: usize = 25;
/// The most characters a name or search field takes.
pub const NAME_MAX: usize = 100;

impl App {
    /// Handles a key typed now.
    pub fn on_key(&mut self, key: KeyEvent) {
        self.on_key_at(key, Instant::now());
    }

    /// Handles a key that arrived at `at`.
    pub fn on_key_at(&mut self, key: KeyEvent, at: Instant) {
        let key = normalize(key);
        let lone_esc = key.code == KeyCode::Esc && key.modifiers.is_empty();
        if self.split_tail(&key, at) {
            return;
        }
        if self.burst_until.is_some_and(|t| at <= t) && crate::tui::input::burst::is_text(&key) {
            self.burst_until = Some(at + BURST_TAIL);
            return self.burst(vec![key]);
        }
        // While long work runs, browsing goes on as ever; a key that means nothing there
        // (`Esc` on a tab) is the work's. In the by-unit view `Esc` closes the view first.
        let working = self.job.is_some() && matches!(self.mode, Mode::Browse);
        let found = action_for(self.ctx(), key)
            .or_else(|| working.then(|| action_for(crate::keys::Ctx::Working, key)).flatten());
        if let Some(a) = found {
            self.esc_at = lone_esc.then_some(at);
            return self.update(a);
        }
        if lone_esc {
            self.esc_at = Some(at);
            return;
        }
        // Over SSH, Esc followed quickly by a key arrives as Alt+key. Where Alt+key means
        // nothing, take it for what the user typed: Esc, then the key.
        if key.modifiers.contains(KeyModifiers::ALT) {
            self.on_key_at(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), at);
            let plain = KeyEvent {
                modifiers: key.modifiers - KeyModifiers::ALT,
                ..key
            };
            self.on_key_at(plain, at);
        }
    }

    /// Holds back the rest of an escape sequence a slow link split after its ESC: `[` or `O`
    /// right after a lone Esc (which would change the plan year) and the parameter and final
    /// characters that follow it. `true` when the key was held back.
    fn split_tail(&mut self, key: &KeyEvent, at: Instant) -> bool {
        let recent = |t: Option<Instant>| t.is_some_and(|t| at.saturating_duration_since(t) < ESC_GUARD);
        let KeyCode::Char(c) = key.code else {
            self.tail_at = None;
            return false;
        };
        if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
            self.tail_at = None;
            return false;
        }
        if recent(self.tail_at) && c.is_ascii() && !c.is_ascii_control() {
            // Parameters (digits, `;`) continue the sequence; a final character ends it.
            let last = ('@'..='~').contains(&c) && !c.is_ascii_digit();
            self.tail_at = (!last).then_some(at);
            return true;
        }
        self.tail_at = None;
        if (c == '[' || c == 'O') && recent(self.esc_at) {
            self.esc_at = None;
            self.tail_at = Some(at);
            let m = format!(
                "{} «{c}» {}",
                self.t("Đã bỏ qua", "Ignored"),
                self.t(
                    "ngay sau Esc: có thể là phần sau của một phím chức năng bị tách trên đường truyền chậm. Nhấn lại nếu bạn muốn.",
                    "right after Esc: it may be the rest of a function key split by a slow link. Press it again if you meant it."
                )
            );
            self.say(m);
            return true;
        }
        false
    }

    /// Handles what the terminal sent, grouped.
    pub fn on_chunk(&mut self, chunk: Chunk) {
        match chunk {
            Chunk::One(at, Input::Key(k)) => self.on_key_at(k, at),
            Chunk::One(_, Input::Paste(p)) => self.update(Action::Paste(p)),
            Chunk::One(..) => {}
            Chunk::Burst(at, keys) => {
                self.burst_until = Some(at + BURST_TAIL);
                self.update(Action::Burst(keys))
            }
        }
    }

    fn in_text_field(&self) -> bool {
        matches!(self.mode, Mode::Edit(_) | Mode::Search(_) | Mode::NameInput(_))
    }

    /// A paste goes into the open field (a figure field takes the first figure); anywhere
    /// else it is refused. It never starts an edit, answers a question or runs a command.
    pub(super) fn paste(&mut self, text: &str) {
        if !self.in_text_field() {
            let m = self.t(
                "Chỉ dán được khi đang gõ vào một ô: nhấn Enter trên ô (hoặc / để tìm) rồi dán. Không có gì thay đổi.",
                "Paste works only while typing into a field: press Enter on a cell (or / to search), then paste. Nothing changed.",
            );
            return self.complain(m);
        }
        let clean: String = text
            .chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let (take, rest): (String, String) = if matches!(self.mode, Mode::Edit(_)) {
            let mut tokens = clean
                .split(|c: char| c.is_whitespace() || c == ';')
                .filter(|t| !t.is_empty());
            let first = tokens.next().unwrap_or("").to_string();
            (first, tokens.collect::<Vec<_>>().join(" "))
        } else {
            let mut lines = clean.splitn(2, ['\n', '\t']);
            let first = lines.next().unwrap_or("").trim().to_string();
            (first, lines.next().unwrap_or("").trim().to_string())
        };
        for c in take.chars() {
            self.update(Action::Input(c));
        }
        if !rest.is_empty() {
            let shown = crate::domain::text::truncate(&rest, 40);
            let m = format!(
                "{} «{}»; {} {shown}",
                self.t("Chỉ lấy phần đầu", "Took only the first part"),
                take,
                self.t("bỏ qua:", "dropped:")
            );
            self.say(m);
        }
    }

    /// Keys that came together faster than anyone types: typed into an open field up to the
    /// first key that would save or move (the rest is dropped), ignored anywhere else.
    pub(super) fn burst(&mut self, keys: Vec<KeyEvent>) {
        if !self.in_text_field() {
            let m = format!(
                "{} {} {}",
                self.t("Đã bỏ qua", "Ignored"),
                crate::present::counted(keys.len(), "phím", "key", "keys", self.session.lang()),
                self.t(
                    "đến cùng một lúc (như khi dán văn bản): chúng không được coi là lệnh. Để dán số, nhấn Enter trên ô rồi dán.",
                    "that arrived at once (like a paste): they are not taken as commands. To paste a figure, press Enter on a cell, then paste."
                )
            );
            return self.complain(m);
        }
        let mut dropped = 0;
        for (i, k) in keys.iter().enumerate() {
            let a = action_for(self.ctx(), *k);
            let field_edit = matches!(
                a,
                Some(Action::Input(_) | Action::Backspace | Action::Delete | Action::ClearField)
            );
            if !field_edit {
                dropped = keys.len() - i;
                break;
            }
            if let Some(a) = a {
                self.update(a);
            }
        }
        if dropped > 0 {
            let m = format!(
                "{} {}",
                crate::present::counted(dropped, "phím", "key", "keys", self.session.lang()),
                self.t(
                    "cuối của đoạn đến cùng lúc đã bị bỏ qua (không ghi, không di chuyển). Nhấn Enter để ghi.",
                    "at the end of what arrived at once were dropped (nothing saved or moved). Press Enter to save."
                )
            );
            self.say(m);
        }
    }
}
