//! Exporting what a session shows (its unit, plan year and layer) as a workbook or CSV
//! files; the command line and the app both call this.

use super::layout::{AppendixInput, Grid, appendix_sheet};
use crate::error::{Error, Result};
use crate::session::Session;
use std::path::{Path, PathBuf};

/// The file kinds written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Csv { bom: bool },
}

/// The sheets of every appendix (and, with `by_unit`, a consolidation sheet after each).
pub fn grids(s: &Session, by_unit: bool) -> Vec<Grid> {
    let lang = s.lang();
    let values = s.values();
    let findings = s.findings(&values);
    let mut out = Vec::new();
    for (a, app) in s.catalog().appendices.iter().enumerate() {
        let view = s.sheet_with(a, &app.rows, &values, &findings, true);
        out.push(appendix_sheet(&AppendixInput {
            catalog: s.catalog(),
            appendix: a,
            view: &view,
            year: s.year(),
            unit_name: s.unit().name(lang),
            scenario: s.scenario().map(|x| x.name.as_str()),
            lang,
        }));
        if by_unit {
            out.push(super::by_unit::sheet(s, a));
        }
    }
    out
}

/// The CSV file of an appendix beside `out`: `kehoach.csv` → `kehoach-phu-luc-1.csv`.
pub fn csv_path(out: &Path, code: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "kttt".into());
    out.with_file_name(format!("{stem}-{code}.csv"))
}

/// Writes the export and returns the files written.
pub fn write(s: &Session, out: &Path, kind: Kind, by_unit: bool, force: bool) -> Result<Vec<PathBuf>> {
    let lang = s.lang();
    let grids = grids(s, by_unit);
    match kind {
        Kind::Xlsx => {
            let bytes = super::xlsx::workbook(&grids, lang).map_err(|e| {
                Error::refused(
                    format!("Không tạo được sổ Excel: {e}."),
                    format!("Cannot build the workbook: {e}."),
                )
            })?;
            crate::outfile::write_new(out, &bytes, force)?;
            Ok(vec![out.to_path_buf()])
        }
        Kind::Csv { bom } => {
            let codes: Vec<String> = s.catalog().appendices.iter().map(|a| a.code.clone()).collect();
            let mut paths = Vec::new();
            let mut files = Vec::new();
            for (i, g) in grids.iter().enumerate() {
                let code = if by_unit {
                    let a = &codes[i / 2];
                    if i % 2 == 1 {
                        format!("{a}-theo-don-vi")
                    } else {
                        a.clone()
                    }
                } else {
                    codes[i].clone()
                };
                let path = csv_path(out, &code);
                if !force && std::fs::symlink_metadata(&path).is_ok() {
                    return Err(crate::outfile::exists_refusal(&path));
                }
                let bytes = super::csv::csv(g, bom).map_err(|e| {
                    Error::refused(
                        format!("Không tạo được CSV: {e}."),
                        format!("Cannot build the CSV: {e}."),
                    )
                })?;
                files.push((path, bytes));
            }
            for (path, bytes) in files {
                crate::outfile::write_new(&path, &bytes, force)?;
                paths.push(path);
            }
            Ok(paths)
        }
    }
}

/// A file name for the app's export key: `kttt-bac-kan-2020.xlsx` in the working folder.
pub fn default_name(s: &Session) -> String {
    format!("kttt-{}-{}.xlsx", s.unit().code, s.year())
}
