//! `.ods`: calamine lays out every sheet as a dense grid when it opens the file, repeating
//! cells as `table:number-rows-repeated` and `table:number-columns-repeated` say, so
//! `content.xml` is scanned first for the extent of the cells that hold values, repeats
//! included, and the file refused before calamine reads it. LibreOffice writes huge repeats
//! of empty cells in every file: those cost nothing.

use super::limits::Tally;
use super::{RawSheet, ReadError, broken};
use quick_xml::events::{BytesStart, Event};
use std::io::Cursor;

/// Reads every sheet of a spreadsheet's bytes.
pub fn read(bytes: Vec<u8>) -> Result<Vec<RawSheet>, ReadError> {
    super::unzip::check(&bytes)?;
    scan(&super::unzip::entry(&bytes, "content.xml")?)?;
    let mut wb: calamine::Ods<_> = calamine::Reader::new(Cursor::new(bytes)).map_err(broken)?;
    super::sheets_of(&mut wb)
}

/// The attributes that give a cell a value for calamine.
const VALUE_ATTRS: [&str; 7] = [
    "office:value-type",
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "table:formula",
];

fn repeats(e: &BytesStart, key: &str) -> Result<u64, ReadError> {
    match e.try_get_attribute(key).map_err(broken)? {
        None => Ok(1),
        Some(a) => a
            .value
            .trim()
            .parse::<u64>()
            .map_err(|_| ReadError::Broken(format!("{key} is not a count"))),
    }
}

/// A cell being scanned: where, how often repeated across, and the text it holds.
struct Open {
    col: u64,
    across: u64,
    valued: bool,
    text: u64,
}

fn open(e: &BytesStart, col: u64) -> Result<Open, ReadError> {
    let mut valued = false;
    let mut text = 0u64;
    for a in e.attributes() {
        let a = a.map_err(broken)?;
        if VALUE_ATTRS.contains(&a.key.as_ref()) {
            valued = true;
            text += a.value.len() as u64;
        }
    }
    Ok(Open {
        col,
        across: repeats(e, "table:number-columns-repeated")?,
        valued,
        text,
    })
}

/// Where the scan is in the current sheet.
#[derive(Default)]
struct Place {
    sheet: String,
    row: u64,
    down: u64,
    col: u64,
    extent: (u64, u64),
}

impl Place {
    /// A cell ends: counted when it holds a value, and the next starts after its repeats.
    fn close(&mut self, c: Open, tally: &mut Tally) -> Result<(), ReadError> {
        if c.valued {
            tally.cells(&self.sheet, (self.row, c.col), (self.down, c.across), c.text)?;
            // Within the limits, so neither sum overflows.
            self.extent.0 = self.extent.0.max(self.row + self.down);
            self.extent.1 = self.extent.1.max(c.col + c.across);
        }
        self.col = c.col.saturating_add(c.across);
        Ok(())
    }
}

/// Whether an element is a cell.
fn is_cell(name: &str) -> bool {
    matches!(name, "table:table-cell" | "table:covered-table-cell")
}

/// Scans `content.xml` for values past the limits. Whatever a cell holds (a table inside
/// it too) is its content, as calamine reads it.
fn scan(xml: &[u8]) -> Result<(), ReadError> {
    let mut r = quick_xml::Reader::from_reader(xml);
    let mut tally = Tally::default();
    let mut buf = Vec::new();
    let mut at = Place::default();
    let mut cell: Option<Open> = None;
    // Cells open inside the current one.
    let mut nested = 0usize;
    loop {
        buf.clear();
        match r.read_event_into(&mut buf).map_err(broken)? {
            Event::Start(e) if cell.is_some() => match e.name().as_ref() {
                n if is_cell(n) => nested += 1,
                "text:s" => add_spaces(&mut cell, &e)?,
                _ => {}
            },
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => {
                    tally.sheet()?;
                    let name = e.try_get_attribute("table:name").map_err(broken)?;
                    at = Place {
                        sheet: name.map(|a| a.value.into_owned()).unwrap_or_default(),
                        ..Place::default()
                    };
                }
                "table:table-row" => {
                    at.down = repeats(&e, "table:number-rows-repeated")?;
                    at.col = 0;
                }
                n if is_cell(n) => cell = Some(open(&e, at.col)?),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "text:s" => add_spaces(&mut cell, &e)?,
                "text:line-break" | "text:tab" => add_text(&mut cell, 1),
                _ if cell.is_some() => {}
                "table:table-row" => {
                    at.row = at.row.saturating_add(repeats(&e, "table:number-rows-repeated")?);
                }
                n if is_cell(n) => at.close(open(&e, at.col)?, &mut tally)?,
                _ => {}
            },
            Event::Text(t) => add_text(&mut cell, t.len() as u64),
            Event::GeneralRef(t) => add_text(&mut cell, t.len() as u64 + 2),
            Event::End(e) => match e.name().as_ref() {
                "text:p" => add_text(&mut cell, 1),
                n if is_cell(n) && nested > 0 => nested -= 1,
                n if is_cell(n) => {
                    if let Some(c) = cell.take() {
                        at.close(c, &mut tally)?;
                    }
                }
                _ if cell.is_some() => {}
                "table:table-row" => at.row = at.row.saturating_add(at.down),
                "table:table" => tally.extent(&at.sheet, at.extent.0, at.extent.1)?,
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn add_text(cell: &mut Option<Open>, n: u64) {
    if let Some(c) = cell {
        c.text = c.text.saturating_add(n);
    }
}

/// `<text:s text:c="N"/>`: N spaces, which calamine writes out.
fn add_spaces(cell: &mut Option<Open>, e: &BytesStart) -> Result<(), ReadError> {
    let n = match e.try_get_attribute("text:c").map_err(broken)? {
        None => 1,
        Some(a) => a.value.trim().parse::<u64>().unwrap_or(u64::MAX),
    };
    add_text(cell, n);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::limits::TooLarge;
    use super::*;

    fn content(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        )
    }

    fn refused(body: &str) -> Option<TooLarge> {
        match scan(content(body).as_bytes()) {
            Err(ReadError::TooLarge(t)) => Some(t),
            Ok(()) => None,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn huge_repeats_of_empty_cells_cost_nothing() {
        let body = r#"<table:table table:name="P"><table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
        assert_eq!(refused(body), None);
    }

    #[test]
    fn a_value_far_away_or_repeated_past_the_limits_is_refused_by_place() {
        let far = r#"<table:table table:name="P"><table:table-row table:number-rows-repeated="99999"><table:table-cell table:number-columns-repeated="3"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="701"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
        assert_eq!(
            refused(far),
            Some(TooLarge::Beyond {
                sheet: "P".into(),
                row: 99_999,
                col: 701
            })
        );
        let repeated = r#"<table:table table:name="Q"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(
            refused(repeated),
            Some(TooLarge::Beyond {
                sheet: "Q".into(),
                row: 10_000,
                col: 0
            })
        );
        // A table inside a cell does not move the sheet's rows back.
        let nested = r#"<table:table table:name="N"><table:table-row table:number-rows-repeated="9999"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="string"><table:table table:name="inner"><table:table-row><table:table-cell/></table:table-row></table:table></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(
            refused(nested),
            Some(TooLarge::Beyond {
                sheet: "N".into(),
                row: 10_000,
                col: 0
            })
        );
        let spaces = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row></table:table>"#;
        assert!(matches!(refused(spaces), Some(TooLarge::Text { .. })));
    }
}
