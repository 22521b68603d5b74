//! CSV text, read a field at a time (csv-core), so that a line of millions of separators
//! costs nothing but the fields that hold something, each counted against the limits. Every
//! field is kept as written; the file's way of writing numbers is decided once
//! ([`super::convention`]) and its figures are read that way when the sheet is understood.

use super::grid::SheetBuilder;
use super::limits::Tally;
use super::{Raw, RawSheet, ReadError};
use csv_core::ReadFieldResult;

/// Reads CSV text (a UTF-8 byte-order mark is skipped; `,` or `;` separated, as Excel
/// writes in locales whose decimal mark is a comma) as one sheet named `name`.
pub fn read(name: &str, bytes: &[u8]) -> Result<RawSheet, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ReadError::Broken("not UTF-8 text (save the CSV as “CSV UTF-8”)".into()))?;
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv_core::ReaderBuilder::new().delimiter(sep).build();
    let mut tally = Tally::default();
    let mut sheet = SheetBuilder::new(name, &mut tally)?;
    let mut input = text.as_bytes();
    let mut field = vec![0u8; 256];
    let (mut len, mut row, mut col) = (0usize, 0u64, 0u64);
    loop {
        let (res, nin, nout) = rdr.read_field(input, &mut field[len..]);
        input = &input[nin..];
        len += nout;
        match res {
            // All the text is given at once: what is left is its end.
            ReadFieldResult::InputEmpty => {}
            // The field's bytes are within the file's, which is bounded.
            ReadFieldResult::OutputFull => field.resize(field.len() * 2, 0),
            ReadFieldResult::Field { record_end } => {
                let t = String::from_utf8_lossy(&field[..len]);
                sheet.put(row, col, raw(t.trim()))?;
                len = 0;
                col += 1;
                if record_end {
                    (row, col) = (row + 1, 0);
                }
            }
            ReadFieldResult::End => break,
        }
    }
    let mut sheet = sheet.finish(Vec::new())?;
    sheet.convention = Some(super::convention::decide(&sheet, char::from(sep)));
    Ok(sheet)
}

/// A field as text: its figures are read later, all in the file's one way of writing numbers.
fn raw(t: &str) -> Raw {
    if t.is_empty() {
        Raw::Empty
    } else {
        // kttt's own CSV puts a `'` before text a spreadsheet would compute.
        Raw::Text(crate::domain::text::undefuse(t).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::super::limits::TooLarge;
    use super::*;

    #[test]
    fn fields_quotes_semicolons_and_blank_lines_read_as_before() {
        let s = read(
            "x",
            "\u{feff}STT;Chỉ tiêu;\"a;b\"\r\n\r\n1;\"Tổng \"\"số\"\"\";1.559\n".as_bytes(),
        )
        .unwrap();
        assert_eq!((s.height(), s.width()), (2, 3));
        assert_eq!(s.text(0, 2), "a;b");
        assert_eq!(s.text(1, 1), "Tổng \"số\"");
        assert_eq!(s.get(1, 2), &Raw::Text("1.559".into()));
        assert_eq!(s.convention.map(|c| c.lang), Some(crate::i18n::Lang::Vi));
    }

    #[test]
    fn a_line_of_separators_costs_nothing_and_a_far_value_is_refused() {
        let line = ",".repeat(1_000_000);
        let s = read("x", format!("a{line}\nb\n").as_bytes()).unwrap();
        assert_eq!((s.height(), s.width()), (2, 1));
        let far = read("x", format!("a{line}x\n").as_bytes()).unwrap_err();
        assert!(matches!(
            far,
            ReadError::TooLarge(TooLarge::Beyond {
                row: 0,
                col: 1_000_000,
                ..
            })
        ));
        let rows = "x\n".repeat(10_001);
        assert!(matches!(
            read("x", rows.as_bytes()),
            Err(ReadError::TooLarge(TooLarge::Beyond {
                row: 10_000,
                col: 0,
                ..
            }))
        ));
    }
}
