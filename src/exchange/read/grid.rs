//! A sheet as read, kept sparse: only the cells that hold something, row by row, so that its
//! cost follows what the file holds and never the range it claims.

use super::limits::{Tally, TooLarge};
use crate::exchange::layout::Merge;

/// A cell as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    Empty,
    /// A number as the file stores it (a double in a workbook; `text` keeps CSV's digits).
    Number {
        value: f64,
        text: Option<String>,
    },
    Text(String),
    /// A formula error (`#DIV/0!`), a date or a truth value: never a figure.
    Other(String),
    /// A formula the file holds no result for (a workbook a program wrote without computing
    /// it), with its text: worked out when simple, else never taken as a blank.
    Formula(String),
}

impl Raw {
    /// The bytes of text the cell keeps.
    fn text_len(&self) -> u64 {
        match self {
            Raw::Empty => 0,
            Raw::Number { text, .. } => text.as_ref().map_or(0, |t| t.len() as u64),
            Raw::Text(t) | Raw::Other(t) | Raw::Formula(t) => t.len() as u64,
        }
    }
}

/// A sheet as read: the cells that hold something (row by row, each row by column), and
/// its merged ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawSheet {
    pub name: String,
    rows: Vec<Vec<(u32, Raw)>>,
    pub merges: Vec<Merge>,
    /// How a text file writes its numbers (CSV: decided once for the file); `None` for a
    /// workbook, whose figures are numbers.
    pub convention: Option<super::convention::Convention>,
}

impl RawSheet {
    /// An empty sheet.
    pub fn new(name: impl Into<String>) -> RawSheet {
        RawSheet {
            name: name.into(),
            ..RawSheet::default()
        }
    }

    /// The rows up to the last that holds something.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// The columns of a row up to its last cell that holds something.
    pub fn row_width(&self, row: usize) -> usize {
        self.rows
            .get(row)
            .and_then(|r| r.last())
            .map_or(0, |(c, _)| *c as usize + 1)
    }

    /// The columns up to the last that holds something in any row.
    pub fn width(&self) -> usize {
        (0..self.rows.len()).map(|r| self.row_width(r)).max().unwrap_or(0)
    }

    /// Whether no cell holds anything.
    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(Vec::is_empty)
    }

    /// The cell at a place (empty beyond the data).
    pub fn get(&self, row: usize, col: usize) -> &Raw {
        let Some(cells) = self.rows.get(row) else {
            return &Raw::Empty;
        };
        match cells.binary_search_by_key(&col, |(c, _)| *c as usize) {
            Ok(i) => &cells[i].1,
            Err(_) => &Raw::Empty,
        }
    }

    /// The cell's text, trimmed (numbers as written).
    pub fn text(&self, row: usize, col: usize) -> String {
        match self.get(row, col) {
            Raw::Empty => String::new(),
            Raw::Number { value, text } => text.clone().unwrap_or_else(|| format!("{value}")),
            Raw::Text(t) | Raw::Other(t) => t.trim().to_string(),
            Raw::Formula(f) => format!("={f}"),
        }
    }

    /// Replaces a cell's content (a formula worked out).
    pub fn set(&mut self, row: usize, col: usize, raw: Raw) {
        if let Some(cells) = self.rows.get_mut(row)
            && let Ok(i) = cells.binary_search_by_key(&col, |(c, _)| *c as usize)
        {
            cells[i].1 = raw;
        }
    }

    /// The places of the formulas without a result.
    pub fn formulas(&self) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for (r, cells) in self.rows.iter().enumerate() {
            for (c, raw) in cells {
                if let Raw::Formula(f) = raw {
                    out.push((r, *c as usize, f.clone()));
                }
            }
        }
        out
    }
}

/// Builds a [`RawSheet`] from cells in any order, each counted against the limits first.
pub struct SheetBuilder<'t> {
    sheet: RawSheet,
    tally: &'t mut Tally,
}

impl<'t> SheetBuilder<'t> {
    /// A new sheet of the file that `tally` counts.
    pub fn new(name: impl Into<String>, tally: &'t mut Tally) -> Result<SheetBuilder<'t>, TooLarge> {
        tally.sheet()?;
        Ok(SheetBuilder {
            sheet: RawSheet::new(name),
            tally,
        })
    }

    /// Puts a cell (0-based); an empty one is left out, one past the limits is refused.
    pub fn put(&mut self, row: u64, col: u64, raw: Raw) -> Result<(), TooLarge> {
        if raw == Raw::Empty {
            return Ok(());
        }
        self.tally.cells(&self.sheet.name, (row, col), (1, 1), raw.text_len())?;
        // Within the limits, so both fit.
        let (row, col) = (row as usize, col as u32);
        if self.sheet.rows.len() <= row {
            self.sheet.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.sheet.rows[row];
        match cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => cells[i].1 = raw,
            Err(i) => cells.insert(i, (col, raw)),
        }
        Ok(())
    }

    /// The sheet, its extent counted; `merges` are its merged ranges.
    pub fn finish(mut self, merges: Vec<Merge>) -> Result<RawSheet, TooLarge> {
        super::limits::merges(&self.sheet.name, merges.len())?;
        let (h, w) = (self.sheet.height() as u64, self.sheet.width() as u64);
        self.tally.extent(&self.sheet.name, h, w)?;
        self.sheet.merges = merges;
        Ok(self.sheet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_in_any_order_read_back_by_place() {
        let mut t = Tally::default();
        let mut b = SheetBuilder::new("S", &mut t).unwrap();
        b.put(3, 2, Raw::Text("c".into())).unwrap();
        b.put(0, 0, Raw::Text("a".into())).unwrap();
        b.put(3, 0, Raw::Text("b".into())).unwrap();
        b.put(5, 9, Raw::Empty).unwrap();
        let s = b.finish(Vec::new()).unwrap();
        assert_eq!((s.height(), s.width(), s.row_width(3), s.row_width(1)), (4, 3, 3, 0));
        assert_eq!(
            (s.text(3, 0), s.text(3, 2), s.text(3, 1)),
            ("b".into(), "c".into(), String::new())
        );
        assert!(!s.is_blank());
        assert!(RawSheet::new("x").is_blank());
    }

    #[test]
    fn a_far_cell_is_refused_before_anything_is_laid_out() {
        let mut t = Tally::default();
        let mut b = SheetBuilder::new("S", &mut t).unwrap();
        let e = b.put(1_048_575, 16_383, Raw::Text("x".into())).unwrap_err();
        assert!(matches!(
            e,
            TooLarge::Beyond {
                row: 1_048_575,
                col: 16_383,
                ..
            }
        ));
        assert_eq!(b.sheet.height(), 0);
    }
}
