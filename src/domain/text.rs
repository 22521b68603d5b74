//! Text as Vietnamese users type and read it: NFC normalisation, diacritic-insensitive search
//! keys, display widths and making foreign control bytes harmless.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Text in composed form (NFC), the form kttt stores and draws.
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// Whether text is already in composed form (NFC).
pub fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc(s)
}

/// A fast hasher for short keys (codes): FNV-1a. Codes come from the catalog and the unit
/// lists, not from an attacker choosing collisions, and are hashed on every row read.
#[derive(Clone, Copy, Debug)]
pub struct CodeHasher(u64);

impl Default for CodeHasher {
    fn default() -> Self {
        CodeHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A hash map keyed by codes.
pub type CodeMap<V> = std::collections::HashMap<String, V, std::hash::BuildHasherDefault<CodeHasher>>;

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

/// Replaces control characters with visible caret notation (`^[` for ESC) and invisible
/// format characters (bidi overrides, zero-width spaces) with `<U+202E>`, so that text from a
/// user or a file can never drive the terminal or pass for other text. Tabs and newlines
/// become spaces. The one sanitiser for text that leaves kttt for a terminal.
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            '\u{7f}' => out.push_str("^?"),
            c if needs_escape(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Like [`sanitize`], but keeps line breaks: for a multi-line text.
pub fn sanitize_lines(s: &str) -> String {
    s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// Whether a character must not reach a terminal as it is (controls, C1, invisible format
/// characters).
pub fn needs_escape(c: char) -> bool {
    (c as u32) < 0x20 || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || is_invisible(c)
}

/// Characters that change how text is shown without being seen: bidi controls and
/// zero-width characters. Two names differing only by them would look the same.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// True when the text contains a control character.
pub fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || ('\u{80}'..='\u{9f}').contains(&c))
}

/// Why a name (of a scenario, an org unit, a user) cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    Control,
    /// A bidi control or zero-width character.
    Invisible(char),
    TooLong(usize),
    /// Starts as a spreadsheet formula does (`=`, `+`, `-`, `@`).
    FormulaStart(char),
}

impl NameProblem {
    /// The message, for a name of `what` (`Tên phương án` / `A scenario name`).
    pub fn message(&self, what: (&str, &str), lang: crate::i18n::Lang) -> String {
        let w = lang.pick(what.0, what.1);
        match self {
            NameProblem::Empty => format!("{w} {}", lang.pick("không được để trống.", "cannot be empty.")),
            NameProblem::Control => format!(
                "{w} {}",
                lang.pick(
                    "không được chứa ký tự điều khiển.",
                    "cannot contain control characters."
                )
            ),
            NameProblem::Invisible(c) => format!(
                "{w} {} (U+{:04X}).",
                lang.pick(
                    "không được chứa ký tự vô hình hoặc ký tự đảo chiều",
                    "cannot contain invisible or direction-changing characters"
                ),
                *c as u32
            ),
            NameProblem::TooLong(max) => format!(
                "{w} {} {max} {}.",
                lang.pick("dài quá", "is longer than"),
                lang.pick("ký tự", "characters")
            ),
            NameProblem::FormulaStart(c) => format!(
                "{w} {} “{c}” {}",
                lang.pick("không được bắt đầu bằng", "cannot start with"),
                lang.pick(
                    "(bảng tính sẽ coi nó là công thức). Hãy bắt đầu bằng chữ hoặc số.",
                    "(a spreadsheet would take it for a formula). Start with a letter or a digit."
                )
            ),
        }
    }
}

/// Checks a name and returns it trimmed, in NFC: not empty, no control characters, nothing
/// invisible, at most `max` characters, and not starting as a spreadsheet formula does.
pub fn check_name(name: &str, max: usize) -> Result<String, NameProblem> {
    let n = check_text(name, max)?;
    match n.chars().next() {
        Some(c) if formula_like(&n) => Err(NameProblem::FormulaStart(c)),
        _ => Ok(n),
    }
}

/// Whether a spreadsheet opening this text as a cell (a CSV file) would take it for a
/// formula: it starts with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a
/// plain number (`-5`, `+3,5`, `-12.5%`) or a lone `-` (kttt's blank).
pub fn formula_like(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    if s == "-" {
        return false;
    }
    let rest = s.strip_prefix(['+', '-']).unwrap_or(s);
    let number = rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%'))
        && rest.starts_with(|c: char| c.is_ascii_digit());
    !number
}

/// Text as a cell of a CSV file that can never become a formula: a `'` before it when a
/// spreadsheet would otherwise compute it (`=1+1` → `'=1+1`).
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A cell read back from a CSV file kttt wrote: the `'` it put before formula-like text
/// taken off again.
pub fn undefuse(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => s,
    }
}

/// Checks free text (a comment) and returns it trimmed, in NFC: not empty, no control
/// characters, nothing invisible, at most `max` characters. Unlike a name it may start with
/// `-` or `+`; it is made harmless wherever it is written to a spreadsheet.
pub fn check_text(name: &str, max: usize) -> Result<String, NameProblem> {
    let n = nfc(name.trim());
    if n.is_empty() {
        return Err(NameProblem::Empty);
    }
    if has_control(&n) {
        return Err(NameProblem::Control);
    }
    if let Some(c) = n.chars().find(|c| is_invisible(*c)) {
        return Err(NameProblem::Invisible(c));
    }
    if n.chars().count() > max {
        return Err(NameProblem::TooLong(max));
    }
    Ok(n)
}

/// At most `max` characters of the text (whole graphemes), ending in `…` when cut.
pub fn shorten_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for g in s.graphemes(true) {
        if out.chars().count() + g.chars().count() + 1 > max {
            break;
        }
        out.push_str(g);
    }
    out.push('…');
    out
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

/// Cuts the text to at most `max` columns from its start, beginning with `…` when something
/// was cut: a path keeps its file name.
pub fn truncate_start(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut kept = Vec::new();
    let mut used = 0;
    for g in s.graphemes(true).rev() {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        kept.push(g);
        used += w;
    }
    kept.reverse();
    format!("…{}", kept.concat())
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

/// A date as a clerk writes it: `30/06/2025` (`2025-06-30`).
pub fn date(iso: &str, lang: crate::i18n::Lang) -> String {
    match (iso.parse::<jiff::civil::Date>(), lang) {
        (Ok(d), crate::i18n::Lang::Vi) => d.strftime("%d/%m/%Y").to_string(),
        (Ok(d), crate::i18n::Lang::En) => d.to_string(),
        (Err(_), _) => sanitize(iso),
    }
}

/// When an org unit is valid: `(đến 30/06/2025)`, `(từ 01/07/2025)`, or nothing.
pub fn validity(from: Option<&str>, to: Option<&str>, lang: crate::i18n::Lang) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!(" ({} – {})", date(f, lang), date(t, lang)),
        (None, Some(t)) => format!(" ({} {})", lang.pick("đến", "until"), date(t, lang)),
        (Some(f), None) => format!(" ({} {})", lang.pick("từ", "from"), date(f, lang)),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_path_cut_from_its_start_keeps_its_file_name() {
        use super::truncate_start;
        assert_eq!(
            truncate_start("/srv/kttt/files/lan/kế-hoạch.xlsx", 19),
            "…/lan/kế-hoạch.xlsx"
        );
        assert_eq!(truncate_start("ngắn.xlsx", 20), "ngắn.xlsx");
        assert_eq!(truncate_start("abc", 0), "");
    }

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
    fn names_with_invisible_characters_are_refused() {
        assert_eq!(check_name("  Phương án 1 ", 60), Ok("Phương án 1".to_string()));
        assert_eq!(check_name("", 60), Err(NameProblem::Empty));
        assert_eq!(check_name("a\u{1b}b", 60), Err(NameProblem::Control));
        assert_eq!(check_name("Cao\u{202E}", 60), Err(NameProblem::Invisible('\u{202E}')));
        assert_eq!(check_name("Ca\u{200B}o", 60), Err(NameProblem::Invisible('\u{200B}')));
        assert_eq!(check_name("x".repeat(61).as_str(), 60), Err(NameProblem::TooLong(60)));
        assert_eq!(sanitize("a\u{202E}b\u{200B}"), "a<U+202E>b<U+200B>");
        assert_eq!(sanitize("\u{9b}31m"), "<U+009B>31m");
        assert_eq!(sanitize_lines("a\u{7}\nb"), "a^G\nb");
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

    #[test]
    fn text_a_spreadsheet_would_compute_is_defused_and_names_refuse_it() {
        for f in [
            "=1+1",
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\r=1",
            "- Tổng kinh phí",
        ] {
            assert!(formula_like(f), "{f}");
            assert_eq!(defuse(f), format!("'{f}"));
            assert_eq!(undefuse(&defuse(f)), f);
        }
        for plain in ["-", "-5", "+3,5", "-12.5%", "1.599", "Ba Bể", "", "'=1", "a=b"] {
            assert!(!formula_like(plain), "{plain}");
            assert_eq!(defuse(plain), plain);
        }
        assert_eq!(undefuse("'abc"), "'abc", "an apostrophe kttt did not add stays");
        assert_eq!(check_name("=1+1", 60), Err(NameProblem::FormulaStart('=')));
        assert_eq!(check_name("@x", 60), Err(NameProblem::FormulaStart('@')));
        assert_eq!(check_name("Tăng 10%", 60).unwrap(), "Tăng 10%");
        assert_eq!(check_text("- theo báo cáo quý 3", 500).unwrap(), "- theo báo cáo quý 3");
    }
}
