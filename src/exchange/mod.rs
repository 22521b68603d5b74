//! Exchange with spreadsheets: the appendices as workbooks and CSV files in the published
//! layout ([`appendix`] and [`by_unit`] build them as [`layout`] grids, [`xlsx`] and [`csv`]
//! write them), and reading such files back ([`read`] the cells, [`parse`] their meaning) to
//! stage them as a what-if scenario.

pub mod appendix;
pub mod by_unit;
pub mod csv;
pub mod export;
pub mod form;
pub mod layout;
pub mod parse;
pub mod read;
pub mod scenarios;
pub mod xlsx;

use crate::domain::catalog::Catalog;
use crate::error::Result;
use std::path::Path;

/// Reads and understands a workbook or CSV file; a file that cannot be read at all is an
/// error, what is wrong inside it is in [`parse::Parsed::problems`].
pub fn load(cat: &Catalog, path: &Path) -> Result<parse::Parsed> {
    let sheets = read::read_file(path).map_err(|e| e.at(path))?;
    Ok(parse::parse(cat, &sheets))
}
