//! Text as Vietnamese users type and read it: NFC normalisation, diacritic-insensitive search
//! keys, display widths and making foreign control bytes harmless.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Text in composed form (NFC), the form kttt stores and draws.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// A search key: no diacritics (every combining mark is dropped after NFD, including the dot
/// below), `đ` as `d`, lower case, runs of white space as one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        out.extend(c.to_lowercase());
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True when every word of `query` occurs in `text`, ignoring case and diacritics.
pub fn matches(text: &str, query: &str) -> bool {
    let hay = fold(text);
    fold(query).split(' ').all(|w| hay.contains(w))
}

/// Replaces control characters with visible caret notation (`^[` for ESC) so that text from
/// a user or a file can never drive the terminal. Tabs and newlines become spaces.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            '\u{7f}' => out.push_str("^?"),
            c if ('\u{80}'..='\u{9f}').contains(&c) => {
                out.push_str(&format!("<U+{:04X}>", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// True when the text contains a control character.
pub fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || ('\u{80}'..='\u{9f}').contains(&c))
}

/// Columns the text takes on a terminal (East-Asian ambiguous characters count as narrow).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts the text to at most `max` columns, ending with `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Pads on the right to exactly `w` columns (cutting first if longer).
pub fn pad_right(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    let n = w.saturating_sub(width(&s));
    format!("{s}{}", " ".repeat(n))
}

/// Pads on the left to exactly `w` columns (cutting first if longer).
pub fn pad_left(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    let n = w.saturating_sub(width(&s));
    format!("{}{s}", " ".repeat(n))
}

/// Removes the last grapheme (what a user sees as one letter, with its marks).
pub fn pop_grapheme(s: &mut String) {
    if let Some((i, _)) = s.grapheme_indices(true).next_back() {
        s.truncate(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_diacritics() {
        assert_eq!(fold("Hợp tác xã"), "hop tac xa");
        assert_eq!(fold("ĐỒNG  Ưu đãi"), "dong uu dai");
        // Decomposed input (e + dot below + circumflex) folds the same way.
        assert_eq!(fold("Nghe\u{323}\u{302} An"), "nghe an");
        assert!(matches("Tổng số hợp tác xã", "hop tac xa"));
        assert!(matches("Tổng số hợp tác xã", "TONG xa"));
        assert!(!matches("Tổng số hợp tác xã", "lien hiep"));
    }

    #[test]
    fn normalises_to_nfc() {
        let decomposed = "e\u{323}\u{302}";
        assert_eq!(nfc(decomposed), "ệ");
        assert_eq!(nfc("ệ").chars().count(), 1);
    }

    #[test]
    fn control_bytes_become_visible() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a^[[2Jb");
        assert_eq!(sanitize("x\u{7}"), "x^G");
        assert!(has_control("a\u{1b}"));
        assert!(!has_control("Phương án 1"));
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("Tổng số hợp tác xã", 8), "Tổng số…");
        assert_eq!(width(&truncate("Tổng số hợp tác xã", 8)), 8);
        assert_eq!(truncate("HTX", 8), "HTX");
        assert_eq!(pad_left("43,2", 6), "  43,2");
        assert_eq!(width(&pad_right("Người", 7)), 7);
    }

    #[test]
    fn pops_whole_graphemes() {
        let mut s = nfc("gặp");
        pop_grapheme(&mut s);
        assert_eq!(s, "gặ");
        let mut d = String::from("ga\u{323}\u{306}");
        pop_grapheme(&mut d);
        assert_eq!(d, "g");
    }
}
