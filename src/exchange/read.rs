//! Reads a workbook (calamine) or a CSV file into plain sheets of cells with their merged
//! ranges, for [`super::parse`] to understand. Nothing here knows about appendices.

use super::layout::Merge;
use std::io::Read;
use std::path::Path;

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
}

/// A sheet as read: rows of cells from A1, and its merged ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<Vec<Raw>>,
    pub merges: Vec<Merge>,
}

impl RawSheet {
    /// The cell at a place (empty beyond the data).
    pub fn get(&self, row: usize, col: usize) -> &Raw {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Raw::Empty)
    }

    /// The cell's text, trimmed (numbers as written).
    pub fn text(&self, row: usize, col: usize) -> String {
        match self.get(row, col) {
            Raw::Empty => String::new(),
            Raw::Number { value, text } => text.clone().unwrap_or_else(|| format!("{value}")),
            Raw::Text(t) | Raw::Other(t) => t.trim().to_string(),
        }
    }
}

/// Why a file could not be read at all.
#[derive(Debug)]
pub enum ReadError {
    /// Not a workbook or CSV kttt reads (by extension or content).
    Kind(String),
    /// The file is damaged or not what its name says.
    Broken(String),
    Io(std::io::Error),
}

/// Reads `.xlsx` (also `.xlsm`, `.ods`, `.xls`) or `.csv`.
pub fn read_file(path: &Path) -> Result<Vec<RawSheet>, ReadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => {
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(ReadError::Io)?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            Ok(vec![read_csv(&name, &bytes)?])
        }
        "xlsx" | "xlsm" => read_xlsx(path),
        "xls" | "ods" => read_other(path),
        _ => Err(ReadError::Kind(ext)),
    }
}

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

fn grid(range: &calamine::Range<calamine::Data>) -> Vec<Vec<Raw>> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let (h, w) = range.get_size();
    let mut rows = vec![Vec::new(); r0 as usize];
    for r in 0..h {
        let mut row = vec![Raw::Empty; c0 as usize];
        for c in 0..w {
            row.push(range.get((r, c)).map_or(Raw::Empty, cell));
        }
        rows.push(row);
    }
    rows
}

fn read_xlsx(path: &Path) -> Result<Vec<RawSheet>, ReadError> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| ReadError::Broken(e.to_string()))?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ReadError::Broken(e.to_string()))?;
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| ReadError::Broken(e.to_string()))?
            .into_iter()
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1 as u16,
                last_row: d.end.0,
                last_col: d.end.1 as u16,
            })
            .collect();
        out.push(RawSheet {
            name,
            rows: grid(&range),
            merges,
        });
    }
    Ok(out)
}

fn read_other(path: &Path) -> Result<Vec<RawSheet>, ReadError> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| ReadError::Broken(e.to_string()))?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ReadError::Broken(e.to_string()))?;
        out.push(RawSheet {
            name,
            rows: grid(&range),
            merges: Vec::new(),
        });
    }
    Ok(out)
}

/// Reads CSV text (a UTF-8 byte-order mark is skipped; `,` or `;` separated, as Excel
/// writes in locales whose decimal mark is a comma).
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<RawSheet, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ReadError::Broken("not UTF-8 text (save the CSV as “CSV UTF-8”)".into()))?;
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| ReadError::Broken(e.to_string()))?;
        rows.push(
            rec.iter()
                .map(|s| {
                    let t = s.trim();
                    if t.is_empty() {
                        Raw::Empty
                    } else if let Some(d) = crate::domain::number::parse_canonical(t) {
                        Raw::Number {
                            value: rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(0.0),
                            text: Some(t.to_string()),
                        }
                    } else {
                        // kttt's own CSV puts a `'` before text a spreadsheet would compute.
                        Raw::Text(crate::domain::text::undefuse(t).to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(RawSheet {
        name: name.to_string(),
        rows,
        merges: Vec::new(),
    })
}
