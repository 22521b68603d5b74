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
    load_watched(cat, path, &mut crate::work::unwatched)
}

/// [`load`], telling `watch` how far it has come: each sheet read (a workbook's also every
/// few thousand cells), then each sheet understood; stopped, it returns
/// [`crate::error::Error::stopped`].
pub fn load_watched(cat: &Catalog, path: &Path, watch: crate::work::Watch) -> Result<parse::Parsed> {
    let sheets = read::read_file_watched(path, watch).map_err(|e| e.at(path))?;
    let n = sheets.len() as u64;
    let mut parsed = parse::Parsed::default();
    for (i, sheet) in sheets.iter().enumerate() {
        parse::parse_sheet(cat, sheet, &mut parsed);
        if !watch(n + i as u64 + 1, 2 * n) {
            return Err(crate::error::Error::stopped());
        }
    }
    parse::finish(&sheets, &mut parsed);
    Ok(parsed)
}
