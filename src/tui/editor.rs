//! A one-line text field that edits whole graphemes, so that a Vietnamese input method's
//! backspace-then-letter sequences come out right, and keeps its text in NFC.

use crate::domain::text::{nfc, width};
use unicode_segmentation::UnicodeSegmentation;

/// A text field with a cursor (counted in graphemes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
}

impl LineEditor {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Self {
        let text = nfc(text);
        let cursor = text.graphemes(true).count();
        LineEditor { text, cursor }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn graphemes(&self) -> Vec<&str> {
        self.text.graphemes(true).collect()
    }

    /// Types a character at the cursor.
    pub fn insert(&mut self, c: char) {
        let g = self.graphemes();
        let before: String = g[..self.cursor].concat();
        let after: String = g[self.cursor..].concat();
        let joined = nfc(&format!("{before}{c}"));
        self.cursor = joined.graphemes(true).count();
        self.text = format!("{joined}{after}");
    }

    /// Deletes the grapheme before the cursor.
    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let mut g = self.graphemes();
        g.remove(self.cursor - 1);
        self.text = g.concat();
        self.cursor -= 1;
    }

    /// Deletes the grapheme under the cursor.
    pub fn delete(&mut self) {
        let mut g = self.graphemes();
        if self.cursor < g.len() {
            g.remove(self.cursor);
            self.text = g.concat();
        }
    }

    /// Moves the cursor one grapheme left.
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves the cursor one grapheme right.
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.graphemes().len());
    }

    /// Moves the cursor to the start.
    pub fn home(&mut self) {
        self.cursor = 0;
    }

    /// Moves the cursor to the end.
    pub fn end(&mut self) {
        self.cursor = self.graphemes().len();
    }

    /// Empties the field.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
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
