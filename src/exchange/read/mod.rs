//! Reads a workbook or a CSV file into plain sheets of cells with their merged ranges, for
//! [`super::parse`] to understand. Nothing here knows about appendices.
//!
//! Every file is untrusted: it is read once into memory within [`limits::MAX_FILE_BYTES`],
//! checked against the [`limits`] before any reader lays out a grid (a zip container is
//! inflated entry by entry through a bounded reader, `.ods` and `.xls` are scanned for the
//! extent of their values first), and read from those same bytes.

mod contain;
pub mod convention;
mod csv;
pub mod formula;
mod grid;
pub mod limits;
mod ods;
mod unzip;
mod xls;
mod xlsx;

pub use contain::quiet;
pub use grid::{Raw, RawSheet, SheetBuilder};
use limits::{MAX_FILE_BYTES, TooLarge};
use std::io::Read;
use std::path::Path;

/// Why a file could not be read at all.
#[derive(Debug)]
pub enum ReadError {
    /// Not a workbook or CSV kttt reads (by extension or content).
    Kind(String),
    /// The file is damaged or not what its name says.
    Broken(String),
    /// A folder, a device or a pipe, not a file.
    NotAFile,
    /// Past a limit of what an import reads.
    TooLarge(TooLarge),
    Io(std::io::Error),
    /// Asked to stop before the whole file was read.
    Stopped,
}

impl ReadError {
    /// As the error of reading `path`: an I/O error as one, any other with its facts (the
    /// words are the presenter's).
    pub fn at(self, path: &Path) -> crate::error::Error {
        let path = path.to_path_buf();
        match self {
            ReadError::Io(source) => crate::error::Error::Io { path, source },
            ReadError::Stopped => crate::error::Error::stopped(),
            why => crate::error::Error::Read { path, why },
        }
    }
}

impl From<TooLarge> for ReadError {
    fn from(t: TooLarge) -> ReadError {
        ReadError::TooLarge(t)
    }
}

/// A reader's error as a damaged file.
pub(crate) fn broken(e: impl std::fmt::Display) -> ReadError {
    ReadError::Broken(e.to_string())
}

/// Reads `.xlsx` (also `.xlsm`, `.ods`, `.xls`) or `.csv`.
pub fn read_file(path: &Path) -> Result<Vec<RawSheet>, ReadError> {
    read_file_watched(path, &mut crate::work::unwatched)
}

/// [`read_file`], telling `watch` how far it has come: of twice as many steps as sheets
/// (the other half is for understanding them), one per sheet read; stopped, it returns
/// [`ReadError::Stopped`].
pub fn read_file_watched(path: &Path, watch: crate::work::Watch) -> Result<Vec<RawSheet>, ReadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "txt" | "xlsx" | "xlsm" | "ods" | "xls") {
        return Err(ReadError::Kind(ext));
    }
    let bytes = read_bounded(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    read_bytes_watched(&ext, &name, bytes, watch)
}

/// Reads a file's bytes of a kind named by its extension; `name` names a CSV's one sheet.
pub fn read_bytes(ext: &str, name: &str, bytes: Vec<u8>) -> Result<Vec<RawSheet>, ReadError> {
    read_bytes_watched(ext, name, bytes, &mut crate::work::unwatched)
}

/// [`read_bytes`], telling `watch` how far it has come (see [`read_file_watched`]).
fn read_bytes_watched(
    ext: &str,
    name: &str,
    bytes: Vec<u8>,
    watch: crate::work::Watch,
) -> Result<Vec<RawSheet>, ReadError> {
    let sheets = contain::contained(|| match ext {
        "csv" | "txt" => Ok(vec![csv::read(name, &bytes)?]),
        "xlsx" | "xlsm" => xlsx::read_watched(bytes, &mut *watch),
        "ods" => ods::read(bytes),
        "xls" => xls::read(bytes),
        other => Err(ReadError::Kind(other.to_string())),
    })?;
    let n = sheets.len() as u64;
    if !watch(n, 2 * n) {
        return Err(ReadError::Stopped);
    }
    Ok(sheets)
}

/// The file's bytes, refused past [`MAX_FILE_BYTES`] (however large it says it is: a file
/// can grow while read) and when it is not a regular file.
fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    // A pipe put where the file was must not block the open.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NONBLOCK);
    let file = open.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(TooLarge::File { bytes: meta.len() }.into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(TooLarge::File {
            bytes: bytes.len() as u64,
        }
        .into());
    }
    Ok(bytes)
}

/// A cell of a calamine range as read.
fn cell(d: &calamine::Data) -> Raw {
    use calamine::Data;
    match d {
        Data::Empty => Raw::Empty,
        Data::Int(i) => Raw::Number {
            value: *i as f64,
            text: Some(i.to_string()),
        },
        Data::Float(f) => Raw::Number { value: *f, text: None },
        Data::String(s) if s.trim().is_empty() => Raw::Empty,
        Data::String(s) => Raw::Text(s.clone()),
        Data::Bool(b) => Raw::Other(b.to_string()),
        Data::Error(e) => Raw::Other(e.to_string()),
        Data::DateTime(d) => Raw::Other(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Other(s.clone()),
    }
}

/// Every sheet of a workbook whose grids calamine has laid out already (`.ods`, `.xls`),
/// after the scan that bounded them.
fn sheets_of<R>(wb: &mut R) -> Result<Vec<RawSheet>, ReadError>
where
    R: calamine::Reader<std::io::Cursor<Vec<u8>>>,
    R::Error: std::fmt::Display,
{
    let mut tally = limits::Tally::default();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(broken)?;
        let mut b = SheetBuilder::new(name, &mut tally)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, d) in range.used_cells() {
            b.put(u64::from(r0) + r as u64, u64::from(c0) + c as u64, cell(d))?;
        }
        out.push(b.finish(Vec::new())?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_or_a_pipe_is_not_a_file_and_nothing_waits_for_it() {
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(read_file(d.path()), Err(ReadError::Kind(_))));
        let folder = d.path().join("x.xlsx");
        std::fs::create_dir(&folder).unwrap();
        assert!(matches!(read_file(&folder), Err(ReadError::NotAFile)));
        #[cfg(unix)]
        {
            let fifo = d.path().join("p.csv");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            assert!(matches!(read_file(&fifo), Err(ReadError::NotAFile)));
        }
    }
}
