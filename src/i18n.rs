//! Interface language. Vietnamese is the default; English on request.

use serde::Serialize;

/// The language of everything a user reads: labels, messages and number notation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Lang {
    /// Tiếng Việt: `1.559`, `43,2`.
    #[default]
    Vi,
    /// English: `1,559`, `43.2`.
    En,
}

impl Lang {
    /// Picks the text for this language; both texts stand side by side at the call site.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// Reads `vi`/`en` (also `vn`, `vietnamese`, `english`, any case).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vie" | "vietnamese" | "tieng-viet" => Some(Lang::Vi),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language code, `vi` or `en`.
    pub fn code(self) -> &'static str {
        self.pick("vi", "en")
    }
}

/// A text in both languages, as the catalog and the rules carry it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    /// A text given in both languages.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`; falls back to Vietnamese when the English is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.vi,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_language_codes() {
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse(" vi "), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn text_falls_back_to_vietnamese() {
        let t = Text::new("Hợp tác xã", "");
        assert_eq!(t.get(Lang::En), "Hợp tác xã");
        assert_eq!(Text::new("a", "b").get(Lang::En), "b");
    }
}
