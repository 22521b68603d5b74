//! A sheet as a grid, before any file format: cells with their items (text, numbers, formulas
//! that carry their computed results) and looks, merged ranges, widths, heights, the header
//! rows printed on every page, hidden columns. A figure keeps the mark its view model gives it
//! (`*` from the plan's text, `+` added up from every unit below, `~` from only some). Pure:
//! [`super::appendix`] and [`super::by_unit`] build grids, the xlsx and CSV writers only
//! translate them.

use crate::domain::marks::Mark;
use crate::domain::rollup::Cover;
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// How a cell looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// The issuing body (top left).
    Issuer,
    /// `Phụ lục 1` and the appendix's title: bold, centred over the table.
    Title,
    /// `(Kèm theo …)`: italic, centred.
    Subtitle,
    /// A column head: bold, centred, wrapped, bordered.
    Header,
    /// Phụ lục 3's column numbers `(1)`…`(12)`: italic, centred.
    Numbering,
    /// STT: centred; bold on headings.
    Stt { bold: bool },
    /// The indicator's name, indented by steps; bold on headings.
    Name { indent: u8, bold: bool },
    /// `Trong đó:` / `Chia ra:` (italic).
    Label,
    /// The unit of measure: centred.
    Unit,
    /// A figure with this many decimals (`#,##0`, `#,##0.0`…).
    Figure { decimals: u32, bold: bool },
    /// A percentage with one decimal (`0.0%`).
    Percent,
    /// A computed sum row's figure (italic).
    Sum { decimals: u32 },
    /// `-` for a blank figure, centred.
    Dash,
    /// A note or legend line under or above the table: italic, wrapped.
    Note,
    /// A note in the table's notes column: italic, wrapped, bordered.
    Remark,
    /// The indicator code in the hidden last column (what an import matches first).
    Code,
}

/// What a cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(String),
    Number(Decimal),
    /// A formula (without `=`) with the result it computes, `None` for an empty result.
    Formula {
        expr: String,
        result: Option<Decimal>,
    },
}

/// One written cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u16,
    pub item: Item,
    pub style: Style,
    /// The figure's mark, shown after it (a workbook keeps the value a number).
    pub mark: Option<Mark>,
}

impl Cell {
    /// A cell without a mark.
    pub fn new(row: u32, col: u16, item: Item, style: Style) -> Cell {
        Cell {
            row,
            col,
            item,
            style,
            mark: None,
        }
    }
}

/// A merged range (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u16,
    pub last_row: u32,
    pub last_col: u16,
}

/// One worksheet.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Grid {
    /// The sheet's name (at most 31 characters, no `[]:*?/\`).
    pub name: String,
    pub cells: Vec<Cell>,
    pub merges: Vec<Merge>,
    /// Column widths in characters.
    pub widths: Vec<f64>,
    /// Columns hidden from view (the code column).
    pub hidden: Vec<u16>,
    /// The header rows (first, last): frozen, and repeated on every printed page.
    pub header: (u32, u32),
    /// The rows above the header (titles).
    pub title_rows: u32,
    /// Row heights in points where the default (one line) is too low: wrapped headers and
    /// long names.
    pub heights: Vec<(u32, f64)>,
    /// The columns kept in view while scrolling sideways (STT and name, and the unit).
    pub frozen: u16,
    /// Printed on one page (an appendix, as published), else one page wide and as many
    /// pages down as it needs (a by-unit sheet).
    pub one_page: bool,
}

impl Grid {
    pub(crate) fn put(&mut self, row: u32, col: u16, item: Item, style: Style) {
        self.cells.push(Cell::new(row, col, item, style));
    }

    /// Rows tall enough for the notes in the notes column (set the widths first).
    pub fn fit_remarks(&mut self) {
        let tall: Vec<(u32, f64)> = self
            .cells
            .iter()
            .filter(|c| c.style == Style::Remark)
            .filter_map(|c| {
                let Item::Text(t) = &c.item else { return None };
                let w = self.widths.get(c.col as usize).copied().unwrap_or(10.0);
                let lines = (crate::domain::text::width(t) as f64 / (w * 1.15)).ceil();
                (lines > 1.0).then_some((c.row, 13.0 * lines + 2.0))
            })
            .collect();
        for (row, h) in tall {
            match self.heights.iter_mut().find(|(r, _)| *r == row) {
                Some((_, old)) => *old = old.max(h),
                None => self.heights.push((row, h)),
            }
        }
    }

    /// A line of text across the columns `0..=last` (a note, a legend), as tall as it wraps.
    pub fn note_row(&mut self, row: u32, last: u16, text: String) {
        let width: f64 = self.widths.iter().take(last as usize + 1).sum::<f64>().max(20.0);
        let lines = (crate::domain::text::width(&text) as f64 / (width * 1.1))
            .ceil()
            .max(1.0);
        self.put(row, 0, Item::Text(text), Style::Note);
        self.merge(row, 0, row, last);
        self.heights.push((row, 15.0 * lines + 2.0));
    }

    pub(crate) fn text(&mut self, row: u32, col: u16, s: impl Into<String>, style: Style) {
        self.put(row, col, Item::Text(s.into()), style);
    }

    pub(crate) fn merge(&mut self, first_row: u32, first_col: u16, last_row: u32, last_col: u16) {
        if first_row != last_row || first_col != last_col {
            self.merges.push(Merge {
                first_row,
                first_col,
                last_row,
                last_col,
            });
        }
    }

    /// The cell at a place, if written.
    pub fn at(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }

    /// The number of columns used.
    pub fn width(&self) -> u16 {
        self.cells.iter().map(|c| c.col + 1).max().unwrap_or(0)
    }

    /// The number of rows used.
    pub fn height(&self) -> u32 {
        self.cells.iter().map(|c| c.row + 1).max().unwrap_or(0)
    }
}

/// A column's letters (0 → `A`, 26 → `AA`).
pub fn col_name(col: u16) -> String {
    col_letters(u64::from(col))
}

/// A column's letters from its 0-based index, however far (`XFD` is 16383).
pub fn col_letters(col: u64) -> String {
    let mut n = u128::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A cell reference (`E9`) from 0-based row and column.
pub fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// The header text of the code column (an import finds it by this).
pub const CODE_HEADER: &str = "Mã chỉ tiêu (kttt)";

/// The notes of a row's marked figures: `~ TH 2018, ƯTH 2019: 1/8 huyện; * KH 2020`.
pub fn row_note(items: &[(Mark, Option<Cover>, String)], lang: Lang) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for (m, cover, col) in items {
        let what = match (m, cover) {
            (Mark::Narrative, _) => format!("{} {}", m.char(), lang.pick("thuyết minh", "plan's text")),
            (_, Some(c)) => format!("{} {}", m.char(), c.text(lang)),
            (_, None) => m.char().to_string(),
        };
        match groups.iter_mut().find(|(w, _)| *w == what) {
            Some((_, cols)) => cols.push(col),
            None => groups.push((what, vec![col])),
        }
    }
    groups
        .iter()
        .map(|(what, cols)| format!("{what} ({})", cols.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}
