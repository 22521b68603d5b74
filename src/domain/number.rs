//! Numbers the Vietnamese way (`1.559`, `43,2`, `97,1%`) or the English way (`1,559`,
//! `43.2`): formatting, and parsing what a clerk types with messages that say what was
//! expected. Blank (`-` or nothing) is `None`, never zero.

use crate::i18n::Lang;
use rust_decimal::Decimal;
use std::fmt;

/// Most digits before the decimal separator that a figure may have.
pub const MAX_INTEGER_DIGITS: usize = 15;
/// Most digits after the decimal separator that a figure may have.
pub const MAX_DECIMALS: u32 = 4;

/// The separators of a language: (thousands, decimal).
fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// Formats a figure with thousands grouping, keeping its stored decimals (`43,2`, `4,0`).
pub fn format(d: &Decimal, lang: Lang) -> String {
    let (group, dec) = separators(lang);
    let plain = normalize_zero(*d).to_string();
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(plain.len() + 6);
    out.push_str(sign);
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(dec);
        out.push_str(f);
    }
    out
}

/// Formats a cell: the figure, or `-` when blank.
pub fn format_cell(v: Option<&Decimal>, lang: Lang) -> String {
    v.map_or_else(|| "-".to_string(), |d| format(d, lang))
}

/// Formats a percentage with one decimal: `97,1%`.
pub fn format_percent(p: &Decimal, lang: Lang) -> String {
    let mut p = p.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    p.rescale(1);
    format!("{}%", format(&p, lang))
}

/// The storage form of a figure: plain digits, `.` for decimals (`1559`, `43.2`). Zero has
/// no sign: `-0` is stored as `0`.
pub fn canonical(d: &Decimal) -> String {
    normalize_zero(*d).to_string()
}

/// Zero without a sign (`-0` and `-0,0` are `0` and `0,0`), so that one figure has one form.
pub fn normalize_zero(mut d: Decimal) -> Decimal {
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    d
}

/// Reads the storage form back: text that is exactly what [`canonical`] writes, else `None`.
/// The form is checked by its shape (`-?(0|[1-9][0-9]*)(\.[0-9]+)?`, zero without a sign)
/// rather than by writing the figure again: a roll-up over a country reads tens of
/// thousands of them.
pub fn parse_canonical(s: &str) -> Option<Decimal> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || (int.len() > 1 && int.starts_with('0')) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let d = Decimal::from_str_exact(s).ok()?;
    (!(d.is_zero() && s.starts_with('-'))).then_some(d)
}

/// Why typed text is not a figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberErrorKind {
    /// A character that has no place in a number.
    UnexpectedChar(char),
    /// Two or more decimal separators (`1,2,3` in Vietnamese).
    ManyDecimalSeparators,
    /// A thousands group that is not three digits (`1.55` in Vietnamese).
    BadGrouping,
    /// No digits at all.
    NoDigits,
    /// More decimals than are kept.
    TooManyDecimals,
    /// Larger than any figure kttt keeps.
    TooLarge,
}

/// Typed text that is not a figure, with what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberError {
    pub input: String,
    pub kind: NumberErrorKind,
    pub lang: Lang,
}

impl NumberError {
    /// The message in the language the input was read in.
    pub fn message(&self) -> String {
        let lang = self.lang;
        let input = crate::domain::text::sanitize(&self.input);
        let example = lang.pick("ví dụ 1.559 hoặc 43,2", "for example 1,559 or 43.2");
        let why = match &self.kind {
            NumberErrorKind::UnexpectedChar(c) => format!(
                "{} “{}”",
                lang.pick("có ký tự không phải chữ số", "has a character that is not a digit"),
                crate::domain::text::sanitize(&c.to_string())
            ),
            NumberErrorKind::ManyDecimalSeparators => lang
                .pick("chỉ được có một dấu phẩy thập phân", "may have only one decimal point")
                .to_string(),
            NumberErrorKind::BadGrouping => lang
                .pick(
                    "dấu chấm phân cách hàng nghìn phải đứng trước đúng 3 chữ số; phần thập phân dùng dấu phẩy",
                    "thousands separators (commas) must stand before exactly 3 digits; decimals use a point",
                )
                .to_string(),
            NumberErrorKind::NoDigits => lang.pick("không có chữ số nào", "has no digits").to_string(),
            NumberErrorKind::TooManyDecimals => format!(
                "{} {MAX_DECIMALS} {}",
                lang.pick("chỉ giữ tối đa", "keeps at most"),
                lang.pick("chữ số thập phân", "decimal places")
            ),
            NumberErrorKind::TooLarge => format!(
                "{} {MAX_INTEGER_DIGITS} {}",
                lang.pick("số quá lớn: tối đa", "is too large: at most"),
                lang.pick("chữ số phần nguyên", "digits before the decimal point")
            ),
        };
        format!(
            "“{input}” {} {why}. {} {example}; {}",
            lang.pick("không phải là số hợp lệ:", "is not a valid number:"),
            lang.pick("Hãy nhập số,", "Type a number,"),
            lang.pick(
                "để trống hoặc “-” là không có số liệu.",
                "empty or “-” means no figure."
            )
        )
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for NumberError {}

/// Reads a figure as a clerk types it. `""` and `"-"` are blank (`Ok(None)`).
pub fn parse(input: &str, lang: Lang) -> Result<Option<Decimal>, NumberError> {
    let err = |kind| NumberError {
        input: input.to_string(),
        kind,
        lang,
    };
    let s = input.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if s.is_empty() || s == "-" || s == "–" {
        return Ok(None);
    }
    let (group, dec) = separators(lang);
    let (negative, body) = match s.chars().next() {
        Some('-') | Some('−') => (true, &s[s.char_indices().nth(1).map_or(s.len(), |(i, _)| i)..]),
        Some('+') => (false, &s[1..]),
        _ => (false, s),
    };
    if let Some(c) = body.chars().find(|c| !c.is_ascii_digit() && *c != group && *c != dec) {
        return Err(err(NumberErrorKind::UnexpectedChar(c)));
    }
    let mut parts = body.split(dec);
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    if parts.next().is_some() {
        return Err(err(NumberErrorKind::ManyDecimalSeparators));
    }
    if let Some(f) = frac_part {
        if f.contains(group) {
            return Err(err(NumberErrorKind::BadGrouping));
        }
        if f.is_empty() {
            return Err(err(NumberErrorKind::NoDigits));
        }
    }
    let int_digits: String = if int_part.contains(group) {
        let groups: Vec<&str> = int_part.split(group).collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(err(NumberErrorKind::BadGrouping));
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    if int_digits.is_empty() && frac_part.is_none() {
        return Err(err(NumberErrorKind::NoDigits));
    }
    let frac = frac_part.unwrap_or("");
    if frac.len() > MAX_DECIMALS as usize {
        return Err(err(NumberErrorKind::TooManyDecimals));
    }
    let significant = int_digits.trim_start_matches('0');
    if significant.len() > MAX_INTEGER_DIGITS {
        return Err(err(NumberErrorKind::TooLarge));
    }
    let int_digits = if int_digits.is_empty() { "0" } else { &int_digits };
    let text = if frac.is_empty() {
        int_digits.to_string()
    } else {
        format!("{int_digits}.{frac}")
    };
    let mut d = Decimal::from_str_exact(&text).map_err(|_| err(NumberErrorKind::TooLarge))?;
    if negative && !d.is_zero() {
        d.set_sign_negative(true);
    }
    Ok(Some(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros_free::dec;

    /// Tiny helper so tests read like the appendix.
    mod rust_decimal_macros_free {
        pub fn dec(s: &str) -> rust_decimal::Decimal {
            rust_decimal::Decimal::from_str_exact(s).unwrap()
        }
    }

    #[test]
    fn formats_the_vietnamese_way() {
        assert_eq!(format(&dec("1559"), Lang::Vi), "1.559");
        assert_eq!(format(&dec("43.2"), Lang::Vi), "43,2");
        assert_eq!(format(&dec("9500"), Lang::Vi), "9.500");
        assert_eq!(format(&dec("4.0"), Lang::Vi), "4,0");
        assert_eq!(format(&dec("-1200"), Lang::Vi), "-1.200");
        assert_eq!(format(&dec("1234567.25"), Lang::Vi), "1.234.567,25");
        assert_eq!(format(&dec("0"), Lang::Vi), "0");
        assert_eq!(format_percent(&dec("97.1"), Lang::Vi), "97,1%");
        assert_eq!(format_percent(&dec("100"), Lang::Vi), "100,0%");
        assert_eq!(format_cell(None, Lang::Vi), "-");
    }

    #[test]
    fn formats_the_english_way() {
        assert_eq!(format(&dec("1559"), Lang::En), "1,559");
        assert_eq!(format(&dec("43.2"), Lang::En), "43.2");
        assert_eq!(format_percent(&dec("102.3"), Lang::En), "102.3%");
    }

    #[test]
    fn parses_what_clerks_type() {
        assert_eq!(parse("1.559", Lang::Vi), Ok(Some(dec("1559"))));
        assert_eq!(parse("1559", Lang::Vi), Ok(Some(dec("1559"))));
        assert_eq!(parse("43,2", Lang::Vi), Ok(Some(dec("43.2"))));
        assert_eq!(parse(" 1.234.567,5 ", Lang::Vi), Ok(Some(dec("1234567.5"))));
        assert_eq!(parse("-", Lang::Vi), Ok(None));
        assert_eq!(parse("", Lang::Vi), Ok(None));
        assert_eq!(parse("0", Lang::Vi), Ok(Some(dec("0"))));
        assert_eq!(parse("-5", Lang::Vi), Ok(Some(dec("-5"))));
        // Zero has no sign: a typed -0 is the figure 0, stored and shown as 0.
        let z = parse("-0", Lang::Vi).unwrap().unwrap();
        assert!(z.is_zero() && !z.is_sign_negative());
        assert_eq!(canonical(&z), "0");
        assert_eq!(format(&parse("-0,0", Lang::Vi).unwrap().unwrap(), Lang::Vi), "0,0");
        assert_eq!(canonical(&normalize_zero(dec("-0.00"))), "0.00");
        assert_eq!(parse("1,559", Lang::En), Ok(Some(dec("1559"))));
        assert_eq!(parse("43.2", Lang::En), Ok(Some(dec("43.2"))));
        // Zero and blank stay different.
        assert_ne!(parse("0", Lang::Vi), parse("-", Lang::Vi));
    }

    #[test]
    fn rejects_malformed_input_with_a_reason() {
        let e = parse("1,2,3", Lang::Vi).unwrap_err();
        assert_eq!(e.kind, NumberErrorKind::ManyDecimalSeparators);
        assert!(e.message().contains("một dấu phẩy thập phân"), "{}", e.message());
        let e = parse("12abc", Lang::Vi).unwrap_err();
        assert_eq!(e.kind, NumberErrorKind::UnexpectedChar('a'));
        assert!(e.message().contains("ví dụ 1.559 hoặc 43,2"));
        assert_eq!(parse("43.2", Lang::Vi).unwrap_err().kind, NumberErrorKind::BadGrouping);
        assert_eq!(parse("1.55", Lang::Vi).unwrap_err().kind, NumberErrorKind::BadGrouping);
        assert_eq!(
            parse("1.5590", Lang::Vi).unwrap_err().kind,
            NumberErrorKind::BadGrouping
        );
        assert_eq!(parse("1,5", Lang::En).unwrap_err().kind, NumberErrorKind::BadGrouping);
        assert_eq!(
            parse("1234567890123456", Lang::Vi).unwrap_err().kind,
            NumberErrorKind::TooLarge
        );
        assert_eq!(
            parse("1,23456", Lang::Vi).unwrap_err().kind,
            NumberErrorKind::TooManyDecimals
        );
        assert_eq!(parse("12,", Lang::Vi).unwrap_err().kind, NumberErrorKind::NoDigits);
        assert_eq!(parse("+", Lang::Vi).unwrap_err().kind, NumberErrorKind::NoDigits);
        let e = parse("1\u{1b}2", Lang::Vi).unwrap_err();
        assert!(!e.message().contains('\u{1b}'));
        assert!(
            parse("12abc", Lang::En)
                .unwrap_err()
                .message()
                .contains("not a valid number")
        );
    }

    #[test]
    fn canonical_form_is_lossless() {
        for s in ["1559", "43.2", "4.0", "-7", "0.0001"] {
            assert_eq!(canonical(&parse_canonical(s).unwrap()), s);
        }
        assert_eq!(parse_canonical("1.559,2"), None);
    }

    fn decimal_strategy() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..=MAX_DECIMALS).prop_map(|(m, scale)| {
            let m = m % 1_000_000_000_000_000_000; // at most 15 integer digits at scale 4
            let d = Decimal::new(m, scale);
            let limit = Decimal::new(10i64.pow(15), 0);
            if d.abs() >= limit { d % limit } else { d }
        })
    }

    #[test]
    fn only_the_storage_form_is_read_back() {
        for t in ["0", "0.00", "-1.50", "1599", "43.2", "-0.5"] {
            assert_eq!(parse_canonical(t).map(|d| canonical(&d)).as_deref(), Some(t), "{t}");
        }
        for t in [
            "", "-", "007", "-0", "-0.0", "1.", ".5", "1_000", "+1", "1e3", " 1", "1,5", "--1",
        ] {
            assert_eq!(parse_canonical(t), None, "{t}");
        }
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(d in decimal_strategy(), en in any::<bool>()) {
            let lang = if en { Lang::En } else { Lang::Vi };
            let shown = format(&d, lang);
            let back = parse(&shown, lang).unwrap().unwrap();
            prop_assert_eq!(back, d);
            prop_assert_eq!(back.scale(), d.scale());
            prop_assert_eq!(format(&back, lang), shown);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}", en in any::<bool>()) {
            let lang = if en { Lang::En } else { Lang::Vi };
            let _ = parse(&s, lang);
        }

        #[test]
        fn storage_form_round_trips(d in decimal_strategy()) {
            prop_assert_eq!(parse_canonical(&canonical(&d)), Some(d));
        }

        /// The shape check takes exactly the texts that write back as themselves.
        #[test]
        fn the_storage_form_is_what_writes_back_as_itself(s in "[-+0-9._eE ]{0,14}|-?[0-9]{1,31}(\\.[0-9]{1,31})?") {
            let by_writing = Decimal::from_str_exact(&s).ok().filter(|d| canonical(d) == s);
            prop_assert_eq!(parse_canonical(&s), by_writing);
        }
    }
}
