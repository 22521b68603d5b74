//! Exporting what a session shows (its unit, plan year and layer) as a workbook or CSV
//! files; the command line and the app both call this.

use super::appendix::{AppendixInput, appendix_sheet};
use super::layout::Grid;
use crate::error::{Error, Result};
use crate::files::Files;
use crate::session::Session;
use std::path::{Path, PathBuf};

/// The file kinds written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Csv { bom: bool },
}

/// The sheets of the appendices (all, or only `only`; with `by_unit`, a consolidation sheet
/// after each).
pub fn grids(s: &Session, by_unit: bool, only: Option<usize>) -> Vec<Grid> {
    let lang = s.lang();
    let values = s.values();
    let findings = s.findings(&values);
    let mut out = Vec::new();
    for (a, app) in s.catalog().appendices.iter().enumerate() {
        if only.is_some_and(|o| o != a) {
            continue;
        }
        let view = s.sheet_with(a, &app.rows, &values, &findings, true);
        let narrative: std::collections::HashSet<_> = view
            .cells
            .iter()
            .flatten()
            .filter(|c| !c.changed)
            .filter_map(|c| c.key)
            .filter(|k| {
                s.cell(k)
                    .is_some_and(|x| x.source == crate::domain::values::Source::Narrative && x.value.is_some())
            })
            .collect();
        out.push(appendix_sheet(&AppendixInput {
            catalog: s.catalog(),
            appendix: a,
            view: &view,
            year: s.year(),
            unit_name: s.unit().name(lang),
            scenario: s.scenario().map(|x| x.name.as_str()),
            narrative: &narrative,
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

/// One file of an export: the whole workbook, or one CSV sheet with the suffix its file
/// name gets (`phu-luc-1`, `phu-luc-1-theo-don-vi`).
pub struct Part {
    pub suffix: Option<String>,
    pub bytes: Vec<u8>,
}

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct What {
    pub kind: Kind,
    /// Add a consolidation sheet after each appendix.
    pub by_unit: bool,
    /// Only this appendix (its index), else all.
    pub only: Option<usize>,
}

/// The export as bytes: one workbook, or one CSV per sheet.
pub fn render(s: &Session, what: What) -> Result<Vec<Part>> {
    let lang = s.lang();
    let grids = grids(s, what.by_unit, what.only);
    match what.kind {
        Kind::Xlsx => {
            let bytes = super::xlsx::workbook(&grids, lang).map_err(|e| {
                Error::refused(
                    format!("Không tạo được sổ Excel: {e}."),
                    format!("Cannot build the workbook: {e}."),
                )
            })?;
            Ok(vec![Part { suffix: None, bytes }])
        }
        Kind::Csv { bom } => {
            let codes: Vec<String> = s
                .catalog()
                .appendices
                .iter()
                .enumerate()
                .filter(|(i, _)| what.only.is_none_or(|o| o == *i))
                .map(|(_, a)| a.code.clone())
                .collect();
            let per = if what.by_unit { 2 } else { 1 };
            grids
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let a = &codes[i / per];
                    let suffix = if per == 2 && i % 2 == 1 {
                        format!("{a}-theo-don-vi")
                    } else {
                        a.clone()
                    };
                    let bytes = super::csv::csv(g, bom).map_err(|e| {
                        Error::refused(
                            format!("Không tạo được CSV: {e}."),
                            format!("Cannot build the CSV: {e}."),
                        )
                    })?;
                    Ok(Part {
                        suffix: Some(suffix),
                        bytes,
                    })
                })
                .collect()
        }
    }
}

/// Writes the export to `out` (CSV: one file per sheet beside it, `out`'s stem with the
/// sheet's suffix), each file checked by the file policy, all refused before any is written
/// when one exists (without `force`) or may not be written; returns the files written.
pub fn write(s: &Session, out: &Path, what: What, force: bool, files: &Files) -> Result<Vec<PathBuf>> {
    let parts = render(s, what)?;
    let placed: Vec<(PathBuf, Part)> = parts
        .into_iter()
        .map(|p| {
            let path = match &p.suffix {
                None => out.to_path_buf(),
                Some(code) => csv_path(out, code),
            };
            (path, p)
        })
        .collect();
    for (path, _) in &placed {
        files.check(path)?;
        if !force && std::fs::symlink_metadata(path).is_ok() {
            return Err(crate::files::write::exists_refusal(path));
        }
    }
    let mut written = Vec::new();
    for (path, p) in placed {
        crate::files::write::write_new(&path, &p.bytes, force)?;
        written.push(path);
    }
    Ok(written)
}

/// A file name for the app's export key: `kttt-bac-kan-2020.xlsx` in the working folder.
pub fn default_name(s: &Session) -> String {
    format!("kttt-{}-{}.xlsx", s.unit().code, s.year())
}
