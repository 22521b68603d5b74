//! Exchange with spreadsheets: the appendices as workbooks and CSV files in the published
//! layout ([`layout`] builds them, [`xlsx`] and [`csv`] write them), and reading such files
//! back ([`read`] the cells, [`parse`] their meaning) to stage them as a what-if scenario.

pub mod by_unit;
pub mod csv;
pub mod export;
pub mod layout;
pub mod parse;
pub mod read;
pub mod xlsx;

use crate::domain::catalog::Catalog;
use crate::error::{Error, Result};
use read::ReadError;
use std::path::Path;

/// Reads and understands a workbook or CSV file; a file that cannot be read at all is an
/// error, what is wrong inside it is in [`parse::Parsed::problems`].
pub fn load(cat: &Catalog, path: &Path) -> Result<parse::Parsed> {
    let sheets = read::read_file(path).map_err(|e| read_error(path, e))?;
    Ok(parse::parse(cat, &sheets))
}

/// Why a file could not be read, in words.
fn read_error(path: &Path, e: ReadError) -> Error {
    let p = crate::domain::text::sanitize(&path.display().to_string());
    match e {
        ReadError::Kind(ext) => Error::refused(
            format!("{p}: kttt đọc sổ Excel (.xlsx, .xlsm, .xls, .ods) và tệp CSV, không đọc tệp “.{ext}”."),
            format!("{p}: kttt reads workbooks (.xlsx, .xlsm, .xls, .ods) and CSV files, not “.{ext}” files."),
        ),
        ReadError::Broken(why) => Error::refused(
            format!("{p}: tệp hỏng hoặc không đúng loại như tên tệp ({why}). Chưa ghi gì."),
            format!("{p}: the file is damaged or not what its name says ({why}). Nothing was written."),
        ),
        ReadError::Io(source) => Error::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}
