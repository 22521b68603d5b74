//! Keys as the help and the footer write them: each key named from its code (`Ctrl+R`,
//! `Shift+Tab`, `↑`, `PgUp`, `F1`, `q`), a binding's keys two spaces apart unless the table
//! writes them otherwise.

use super::{Binding, Key};
use crossterm::event::{KeyCode, KeyModifiers};
use std::borrow::Cow;

/// One key as the help writes it.
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(ch) if key.mods.contains(KeyModifiers::CONTROL) => {
            return format!("Ctrl+{}", ch.to_ascii_uppercase());
        }
        KeyCode::Char(ch) if key.mods.contains(KeyModifiers::ALT) => return format!("Alt+{ch}"),
        KeyCode::Char(ch) => return ch.to_string(),
        KeyCode::F(n) => return format!("F{n}"),
        KeyCode::Enter => "Enter",
        KeyCode::Esc => "Esc",
        KeyCode::Tab => "Tab",
        KeyCode::BackTab => "Shift+Tab",
        KeyCode::Delete => "Delete",
        KeyCode::Backspace => "Backspace",
        KeyCode::Up => "↑",
        KeyCode::Down => "↓",
        KeyCode::Left => "←",
        KeyCode::Right => "→",
        KeyCode::PageUp => "PgUp",
        KeyCode::PageDown => "PgDn",
        KeyCode::Home => "Home",
        KeyCode::End => "End",
        _ => "?",
    };
    name.to_string()
}

impl Binding {
    /// The keys as the help writes them: as the table gives them, else each key two spaces apart.
    pub fn keys_in_help(&self) -> Cow<'static, str> {
        match self.label {
            Some(l) => Cow::Borrowed(l),
            None => Cow::Owned(self.keys.iter().map(key_label).collect::<Vec<_>>().join("  ")),
        }
    }

    /// The keys as the footer shows them: as the table gives them, else the help's first group
    /// (`Esc` of `Esc  q`).
    pub fn keys_in_footer(&self) -> Cow<'static, str> {
        if let Some(keys) = self.footer.and_then(|f| f.keys) {
            return Cow::Borrowed(keys);
        }
        match self.keys_in_help() {
            Cow::Borrowed(l) => Cow::Borrowed(l.split("  ").next().unwrap_or(l)),
            Cow::Owned(l) => Cow::Owned(l.split("  ").next().unwrap_or_default().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{alt, c, ctrl, k};
    use super::*;

    #[test]
    fn keys_are_named_from_their_codes() {
        assert_eq!(key_label(&ctrl('r')), "Ctrl+R");
        assert_eq!(key_label(&alt('1')), "Alt+1");
        assert_eq!(key_label(&c('G')), "G");
        assert_eq!(key_label(&k(KeyCode::BackTab)), "Shift+Tab");
        assert_eq!(key_label(&k(KeyCode::PageDown)), "PgDn");
        assert_eq!(key_label(&k(KeyCode::F(3))), "F3");
    }
}
