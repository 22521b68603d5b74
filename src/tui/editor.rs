//! A one-line text field that edits whole graphemes, so that a Vietnamese input method's
//! backspace-then-letter sequences come out right, and keeps its text in NFC.

use crate::domain::text::{nfc, width};
use unicode_segmentation::UnicodeSegmentation;

/// A text field with a cursor (counted in graphemes), a length limit (typing costs grow
/// with the text; a figure needs 25 characters, a name 100) and an optional selection of
/// its whole text, which typing replaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
    max: usize,
    selected: bool,
}

impl Default for LineEditor {
    fn default() -> Self {
        LineEditor::new("")
    }
}

impl LineEditor {
    /// A field holding `text`, the cursor at its end, at most 100 characters.
    pub fn new(text: &str) -> Self {
        LineEditor::with_max(text, 100)
    }

    /// A field of at most `max` characters (longer text is cut).
    pub fn with_max(text: &str, max: usize) -> Self {
        let text: String = nfc(text).graphemes(true).take(max).collect();
        let cursor = text.graphemes(true).count();
        LineEditor {
            text,
            cursor,
            max,
            selected: false,
        }
    }

    /// A field whose text is selected: the first key typed replaces it.
    pub fn selected(text: &str, max: usize) -> Self {
        LineEditor {
            selected: true,
            ..LineEditor::with_max(text, max)
        }
    }

    /// Whether the whole text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected && !self.text.is_empty()
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn graphemes(&self) -> Vec<&str> {
        self.text.graphemes(true).collect()
    }

    /// Types a character at the cursor (replacing a selection); `false` when the field is
    /// full and the character was not taken.
    pub fn insert(&mut self, c: char) -> bool {
        if std::mem::take(&mut self.selected) {
            self.clear();
        }
        let g = self.graphemes();
        // A combining mark joins the letter before it; anything else needs room.
        if g.len() >= self.max && !unicode_normalization::char::is_combining_mark(c) {
            return false;
        }
        let before: String = g[..self.cursor].concat();
        let after: String = g[self.cursor..].concat();
        let joined = nfc(&format!("{before}{c}"));
        self.cursor = joined.graphemes(true).count();
        self.text = format!("{joined}{after}");
        true
    }

    /// Deletes the grapheme before the cursor (or the selected text).
    pub fn backspace(&mut self) {
        if std::mem::take(&mut self.selected) {
            return self.clear();
        }
        if self.cursor == 0 {
            return;
        }
        let mut g = self.graphemes();
        g.remove(self.cursor - 1);
        self.text = g.concat();
        self.cursor -= 1;
    }

    /// Deletes the grapheme under the cursor (or the selected text).
    pub fn delete(&mut self) {
        if std::mem::take(&mut self.selected) {
            return self.clear();
        }
        let mut g = self.graphemes();
        if self.cursor < g.len() {
            g.remove(self.cursor);
            self.text = g.concat();
        }
    }

    /// Moves the cursor one grapheme left.
    pub fn left(&mut self) {
        self.selected = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves the cursor one grapheme right.
    pub fn right(&mut self) {
        self.selected = false;
        self.cursor = (self.cursor + 1).min(self.graphemes().len());
    }

    /// Moves the cursor to the start.
    pub fn home(&mut self) {
        self.selected = false;
        self.cursor = 0;
    }

    /// Moves the cursor to the end.
    pub fn end(&mut self) {
        self.selected = false;
        self.cursor = self.graphemes().len();
    }

    /// Empties the field.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
        self.selected = false;
    }

    /// The cursor's position in display columns.
    pub fn cursor_column(&self) -> usize {
        width(&self.graphemes()[..self.cursor].concat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_methods_backspace_sequence_makes_the_word() {
        // Typing "gặp" with Telex: g, a, (BS, ă), (BS, ặ), p.
        let mut e = LineEditor::default();
        e.insert('g');
        e.insert('a');
        e.backspace();
        e.insert('ă');
        e.backspace();
        e.insert('ặ');
        e.insert('p');
        assert_eq!(e.text(), "gặp");
    }

    #[test]
    fn decomposed_input_is_stored_composed_and_deleted_whole() {
        let mut e = LineEditor::default();
        for c in "Nghe\u{323}\u{302}".chars() {
            e.insert(c);
        }
        assert_eq!(e.text(), "Nghệ");
        e.backspace();
        assert_eq!(e.text(), "Ngh");
    }

    #[test]
    fn a_selected_suggestion_is_replaced_by_typing() {
        let mut e = LineEditor::selected("Phương án 1", 100);
        assert!(e.is_selected());
        for c in "Cao".chars() {
            e.insert(c);
        }
        assert_eq!(e.text(), "Cao");
        let mut e = LineEditor::selected("Phương án 1", 100);
        e.end();
        e.insert('!');
        assert_eq!(e.text(), "Phương án 1!", "moving first keeps the text");
        let mut e = LineEditor::selected("Phương án 1", 100);
        e.backspace();
        assert_eq!(e.text(), "");
    }

    #[test]
    fn fields_have_a_limit() {
        let mut e = LineEditor::with_max("", 5);
        for c in "1234567".chars() {
            e.insert(c);
        }
        assert_eq!(e.text(), "12345");
        assert!(!e.insert('8'));
        let long = "x".repeat(10_000);
        assert_eq!(LineEditor::with_max(&long, 25).text().len(), 25);
    }

    #[test]
    fn cursor_moves_and_edits_in_place() {
        let mut e = LineEditor::new("1.59");
        e.left();
        e.left();
        e.insert('5');
        assert_eq!(e.text(), "1.559");
        assert_eq!(e.cursor_column(), 3);
        e.home();
        e.delete();
        assert_eq!(e.text(), ".559");
        e.end();
        e.backspace();
        e.clear();
        assert_eq!(e.text(), "");
        e.backspace();
        e.delete();
    }
}
