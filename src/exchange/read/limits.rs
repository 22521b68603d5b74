//! What an import reads from a file it cannot trust, at most. A plan's appendix is about 60
//! rows × 15 columns and a province's by-unit sheet about 40 indicators × (100 communes
//! and 5 rows of roll-up) × 9 columns;
//! the limits leave room for an office's own extra rows and sheets and refuse what no plan
//! needs, before it costs memory or time: a cell at `XFD1048576` must not make kttt build a
//! grid of seventeen billion cells, nor a 1 MB zip inflate to gigabytes.
//!
//! Only cells that hold something count: styled empty cells far away (LibreOffice and Excel
//! write them) and a sheet's claimed dimension cost nothing.

/// The largest file read (20 MB): the biggest real workbook is a few hundred kilobytes.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// The most entries in a zip container (`.xlsx`, `.xlsm`, `.ods`): a workbook has a few dozen.
pub const MAX_ZIP_ENTRIES: u64 = 1_000;
/// The most bytes a zip container may unpack to (64 MB), counted as really inflated, not
/// as the zip declares.
pub const MAX_UNZIPPED_BYTES: u64 = 64 * 1024 * 1024;
/// The most sheets in a file: three appendices, their by-unit sheets, an office's own.
pub const MAX_SHEETS: usize = 30;
/// The most rows of a sheet holding values (a by-unit sheet of a province of ~170
/// communes: 40 indicators × 175 rows, with room to spare).
pub const MAX_ROWS: u64 = 10_000;
/// The most columns of a sheet holding values.
pub const MAX_COLS: u64 = 200;
/// The most cells holding values in the whole file.
pub const MAX_CELLS: u64 = 200_000;
/// The most cells of all sheets' extents together (rows × columns of the values of each
/// sheet): what the `.ods` and `.xls` readers lay out as dense grids.
pub const MAX_AREA: u64 = 1_000_000;
/// The most text in all cells together (16 MB).
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;
/// The most merged ranges in one sheet (an appendix has a few dozen).
pub const MAX_MERGES: usize = 1_000;
/// The most entries in a workbook's table of shared strings.
pub const MAX_STRINGS: u64 = 200_000;

/// A limit a file went past, with the facts to say where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TooLarge {
    /// The file is larger than [`MAX_FILE_BYTES`] (at least `bytes`).
    File { bytes: u64 },
    /// The zip container lists more than [`MAX_ZIP_ENTRIES`] entries.
    Entries { count: u64 },
    /// The zip container unpacks to more than [`MAX_UNZIPPED_BYTES`]; `entry` is where the
    /// total went past.
    Unzipped { entry: String },
    /// More than [`MAX_SHEETS`] sheets.
    Sheets { count: usize },
    /// A cell holding a value outside [`MAX_ROWS`] × [`MAX_COLS`] (0-based).
    Beyond { sheet: String, row: u64, col: u64 },
    /// More than [`MAX_CELLS`] cells with values; the cell where the count went past.
    Cells { sheet: String, row: u64, col: u64 },
    /// More than [`MAX_AREA`] cells in the sheets' extents; the sheet where it went past.
    Area { sheet: String },
    /// More than [`MAX_TEXT_BYTES`] of text; the cell where it went past.
    Text { sheet: String, row: u64, col: u64 },
    /// More than [`MAX_MERGES`] merged ranges in a sheet.
    Merges { sheet: String, count: usize },
    /// More than [`MAX_STRINGS`] shared strings (at least `count`).
    Strings { count: u64 },
}

/// A cell's name in A1 notation from 0-based row and column, however far.
pub fn cell_name(row: u64, col: u64) -> String {
    format!("{}{}", super::super::layout::col_letters(col), row.saturating_add(1))
}

/// Counts what a file holds against the limits, sheet by sheet and cell by cell, so that a
/// reader refuses at the first cell past them.
#[derive(Debug, Default)]
pub struct Tally {
    sheets: usize,
    cells: u64,
    text: u64,
    area: u64,
}

impl Tally {
    /// One more sheet.
    pub fn sheet(&mut self) -> Result<(), TooLarge> {
        self.sheets += 1;
        if self.sheets > MAX_SHEETS {
            return Err(TooLarge::Sheets { count: self.sheets });
        }
        Ok(())
    }

    /// A block of `rows` × `cols` equal cells holding a value from (`row`, `col`), each with
    /// `text` bytes of text (a `.ods` file repeats a cell; elsewhere the block is 1 × 1).
    pub fn cells(
        &mut self,
        sheet: &str,
        (row, col): (u64, u64),
        (rows, cols): (u64, u64),
        text: u64,
    ) -> Result<(), TooLarge> {
        let (rows, cols) = (rows.max(1), cols.max(1));
        let at = |row: u64, col: u64| (sheet.to_string(), row, col);
        if row.saturating_add(rows - 1) >= MAX_ROWS {
            let (sheet, row, col) = at(row.max(MAX_ROWS), col);
            return Err(TooLarge::Beyond { sheet, row, col });
        }
        if col.saturating_add(cols - 1) >= MAX_COLS {
            let (sheet, row, col) = at(row, col.max(MAX_COLS));
            return Err(TooLarge::Beyond { sheet, row, col });
        }
        // Within the sheet's size, so neither product overflows.
        let n = rows * cols;
        self.cells += n;
        if self.cells > MAX_CELLS {
            let (sheet, row, col) = at(row, col);
            return Err(TooLarge::Cells { sheet, row, col });
        }
        self.text(sheet, (row, col), text.saturating_mul(n))
    }

    /// Text a cell already counted holds besides (an `.xls` formula's string result).
    pub fn text(&mut self, sheet: &str, (row, col): (u64, u64), text: u64) -> Result<(), TooLarge> {
        self.text = self.text.saturating_add(text);
        if self.text > MAX_TEXT_BYTES {
            return Err(TooLarge::Text {
                sheet: sheet.to_string(),
                row,
                col,
            });
        }
        Ok(())
    }

    /// A sheet's extent: the rows and columns up to its last value.
    pub fn extent(&mut self, sheet: &str, rows: u64, cols: u64) -> Result<(), TooLarge> {
        self.area = self.area.saturating_add(rows.saturating_mul(cols));
        if self.area > MAX_AREA {
            return Err(TooLarge::Area {
                sheet: sheet.to_string(),
            });
        }
        Ok(())
    }
}

/// A sheet's merged ranges, refused past [`MAX_MERGES`].
pub fn merges(sheet: &str, count: usize) -> Result<(), TooLarge> {
    if count > MAX_MERGES {
        return Err(TooLarge::Merges {
            sheet: sheet.to_string(),
            count,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_cell_past_the_limits_is_named() {
        let mut t = Tally::default();
        assert!(t.cells("P", (1999, 199), (1, 1), 3).is_ok());
        assert_eq!(
            t.cells("P", (1_048_575, 16_383), (1, 1), 0),
            Err(TooLarge::Beyond {
                sheet: "P".into(),
                row: 1_048_575,
                col: 16_383
            })
        );
        // A repeated block that starts inside and runs past: the first cell outside.
        assert_eq!(
            t.cells("P", (10, 2), (u64::MAX, 1), 0),
            Err(TooLarge::Beyond {
                sheet: "P".into(),
                row: MAX_ROWS,
                col: 2
            })
        );
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(cell_name(99_999, 701), "ZZ100000");
    }

    #[test]
    fn cells_text_and_area_add_up_across_sheets() {
        let mut t = Tally::default();
        assert!(t.cells("A", (0, 0), (1000, 199), 0).is_ok());
        assert!(matches!(
            t.cells("B", (0, 0), (1000, 199), 0),
            Err(TooLarge::Cells { .. })
        ));
        let mut t = Tally::default();
        assert!(matches!(
            t.cells("A", (0, 0), (100, 100), 2000),
            Err(TooLarge::Text { .. })
        ));
        let mut t = Tally::default();
        for _ in 0..2 {
            assert!(t.extent("A", 2000, 200).is_ok());
        }
        assert_eq!(t.extent("C", 2000, 200), Err(TooLarge::Area { sheet: "C".into() }));
        let mut t = Tally::default();
        for _ in 0..MAX_SHEETS {
            assert!(t.sheet().is_ok());
        }
        assert!(t.sheet().is_err());
    }
}
