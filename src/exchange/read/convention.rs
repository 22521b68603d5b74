//! How a text file writes its numbers, decided once for the whole file: `1.559,5` (the
//! Vietnamese way: a point between thousands, a comma before decimals — what Excel writes in
//! a Vietnamese locale, with `;` between fields) or `1,559.5` / `1559.5` (a point before
//! decimals — kttt's own CSV, and Excel in English). The figures decide when they can only
//! be read one way (`43,2`, `1.559.000`; `43.2`, `1,559,000`); else the separator between
//! fields and the language of the headers do. Every figure of the file is then read that way.

use super::grid::{Raw, RawSheet};
use crate::domain::number;
use crate::i18n::Lang;

/// A file's way of writing numbers and why it was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Convention {
    /// `Vi`: `1.559,5`; `En`: `1,559.5` (and plain `1559.5`).
    pub lang: Lang,
    /// The separator between fields.
    pub separator: char,
    /// Whether the headers are in Vietnamese.
    pub vietnamese_headers: bool,
    /// Figures that read only the Vietnamese way (`43,2`, `1.559.000`).
    pub only_vi: usize,
    /// Figures that read only the other way (`43.2`, `1,559,000`).
    pub only_en: usize,
}

impl Convention {
    /// The way chosen and why, in words: `số viết kiểu Việt Nam (1.559,5): dấu “;” giữa các
    /// cột, tiêu đề tiếng Việt, 3 số chỉ đọc được theo kiểu này`.
    pub fn describe(&self, lang: Lang) -> String {
        let way = match self.lang {
            Lang::Vi => lang.pick(
                "số viết kiểu Việt Nam (1.559,5)",
                "numbers written the Vietnamese way (1.559,5)",
            ),
            Lang::En => lang.pick(
                "số viết với dấu chấm thập phân (1559.5)",
                "numbers written with a decimal point (1559.5)",
            ),
        };
        let mut why = vec![format!(
            "{} “{}” {}",
            lang.pick("dấu", "a"),
            self.separator,
            lang.pick("giữa các cột", "between fields")
        )];
        why.push(
            if self.vietnamese_headers {
                lang.pick("tiêu đề tiếng Việt", "Vietnamese headers")
            } else {
                lang.pick("tiêu đề không dấu", "headers without Vietnamese letters")
            }
            .to_string(),
        );
        let own = match self.lang {
            Lang::Vi => self.only_vi,
            Lang::En => self.only_en,
        };
        if own > 0 {
            why.push(format!(
                "{own} {}",
                lang.pick("số chỉ đọc được theo cách này", "figures that read only this way")
            ));
        }
        format!("{way}: {}", why.join(", "))
    }

    /// A figure written in this file's way: `Ok(None)` for a blank (`-`), `Err` when the text
    /// is not a number written this way.
    pub fn read(&self, text: &str) -> Result<Option<rust_decimal::Decimal>, number::NumberError> {
        match number::parse(text, self.lang) {
            Ok(d) => Ok(d),
            // Plain digits with more decimals than a typed figure keeps (kttt's own CSV).
            Err(e) => match (self.lang, number::parse_canonical(text.trim())) {
                (Lang::En, Some(d)) => Ok(Some(d)),
                _ => Err(e),
            },
        }
    }
}

/// Whether a text is made of a number's characters only (digits, separators, a sign).
pub fn numeric(t: &str) -> bool {
    let t = t.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '−' | ' ' | '\u{a0}'))
}

/// Whether a text has letters only Vietnamese writes.
fn vietnamese(t: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    t.nfd()
        .any(|c| matches!(c, 'đ' | 'Đ' | 'ư' | 'Ư' | 'ơ' | 'Ơ') || ('\u{300}'..='\u{323}').contains(&c))
}

/// Decides the way a sheet read from text with `separator` between fields writes numbers.
pub fn decide(sheet: &RawSheet, separator: char) -> Convention {
    let (mut only_vi, mut only_en, mut vi_text, mut other_text) = (0, 0, 0, 0);
    for r in 0..sheet.height() {
        for c in 0..sheet.row_width(r) {
            let Raw::Text(t) = sheet.get(r, c) else { continue };
            if numeric(t) {
                let vi = number::parse(t, Lang::Vi).is_ok();
                let en = number::parse(t, Lang::En).is_ok() || number::parse_canonical(t.trim()).is_some();
                match (vi, en) {
                    (true, false) => only_vi += 1,
                    (false, true) => only_en += 1,
                    _ => {}
                }
            } else if vietnamese(t) {
                vi_text += 1;
            } else if t.chars().any(char::is_alphabetic) {
                other_text += 1;
            }
        }
    }
    let vietnamese_headers = vi_text > 0 && vi_text * 4 >= other_text;
    // The figures first; without them, a `;` file and Vietnamese headers go the Vietnamese way.
    let score: i64 = 10 * (only_vi as i64 - only_en as i64)
        + if separator == ';' { 2 } else { -2 }
        + if vietnamese_headers { 1 } else { -1 };
    Convention {
        lang: if score > 0 { Lang::Vi } else { Lang::En },
        separator,
        vietnamese_headers,
        only_vi,
        only_en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::read::SheetBuilder;
    use crate::exchange::read::limits::Tally;

    fn sheet(cells: &[&[&str]]) -> RawSheet {
        let mut t = Tally::default();
        let mut b = SheetBuilder::new("s", &mut t).unwrap();
        for (r, row) in cells.iter().enumerate() {
            for (c, x) in row.iter().enumerate() {
                b.put(r as u64, c as u64, Raw::Text((*x).into())).unwrap();
            }
        }
        b.finish(Vec::new()).unwrap()
    }

    #[test]
    fn the_figures_decide_then_the_separator_and_the_headers() {
        let vi = sheet(&[
            &["STT", "Chỉ tiêu", "Kế hoạch năm 2020"],
            &["1", "Tổng số", "1.200"],
            &["2", "Thu nhập", "43,2"],
        ]);
        let c = decide(&vi, ';');
        assert_eq!((c.lang, c.only_vi, c.vietnamese_headers), (Lang::Vi, 1, true));
        assert_eq!(c.read("1.200").unwrap(), Some(rust_decimal::Decimal::from(1200)));
        assert_eq!(c.read("43,2").unwrap(), Some(rust_decimal::Decimal::new(432, 1)));
        assert!(
            c.describe(Lang::Vi)
                .starts_with("số viết kiểu Việt Nam (1.559,5): dấu “;” giữa các cột")
        );
        // kttt's own CSV: commas between fields, Vietnamese headers, plain figures.
        let own = sheet(&[
            &["STT", "Chỉ tiêu", "Kế hoạch năm 2020"],
            &["1", "Thu nhập", "43.2"],
            &["2", "Tổng số", "1559"],
        ]);
        let c = decide(&own, ',');
        assert_eq!(c.lang, Lang::En);
        assert_eq!(c.read("43.2").unwrap(), Some(rust_decimal::Decimal::new(432, 1)));
        // Only figures that read both ways: the separator and the headers decide.
        let both = sheet(&[&["STT", "Chỉ tiêu"], &["1", "1.270"]]);
        assert_eq!(decide(&both, ';').lang, Lang::Vi);
        assert_eq!(decide(&both, ',').lang, Lang::En);
        let english = sheet(&[&["No.", "Indicator"], &["1", "1.270"]]);
        assert_eq!(decide(&english, ',').lang, Lang::En);
        // A figure that cannot be read the file's way is an error, not a guess.
        assert!(decide(&vi, ';').read("43.2").is_err());
        assert!(!numeric("Tổng số") && numeric("-1.200,5") && !numeric("-"));
    }
}
