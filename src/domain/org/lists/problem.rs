//! A problem in a unit list or a mapping file, by line, in both languages.

use crate::i18n::Lang;

/// A problem in a file, by line, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub vi: String,
    pub en: String,
}

impl Problem {
    pub(in crate::domain::org) fn new(line: usize, vi: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            line,
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The message with its line: `dòng 5: …` / `line 5: …`.
    pub fn message(&self, lang: Lang) -> String {
        if self.line == 0 {
            lang.pick(&self.vi, &self.en).to_string()
        } else {
            format!(
                "{} {}: {}",
                lang.pick("dòng", "line"),
                self.line,
                lang.pick(&self.vi, &self.en)
            )
        }
    }
}
