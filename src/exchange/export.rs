//! Exporting the plan as shown (its unit, plan year and layer: a [`PlanView`]) as a workbook
//! or CSV files; the command line and the app both call this.

use super::appendix::{AppendixInput, appendix_sheet};
use super::layout::Grid;
use crate::domain::view::{ByUnitRows, PlanView, ViewOptions};
use crate::error::{Built, Error, Refused, Result};
use crate::files::Files;
use crate::work::Watch;
use std::path::{Path, PathBuf};

/// The file kinds written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Csv { bom: bool },
}

/// The sheets of the appendices the view shows (with `by_unit`, a by-unit sheet after each).
pub fn grids(view: &PlanView, by_unit: bool) -> Vec<Grid> {
    grids_watched(view, by_unit, &mut crate::work::unwatched).unwrap_or_default()
}

/// [`grids`], asking `watch` after each sheet whether to go on (told nothing done yet:
/// the count is of cells written, [`render_watched`]); `None` when it said no.
fn grids_watched(view: &PlanView, by_unit: bool, watch: Watch) -> Option<Vec<Grid>> {
    let lang = view.lang;
    let mut out = Vec::new();
    for (a, sheet) in &view.sheets {
        out.push(appendix_sheet(&AppendixInput {
            catalog: &view.catalog,
            appendix: *a,
            view: sheet,
            year: view.year,
            unit_name: view.unit().name(lang),
            scenario: view.scenario.as_deref(),
            lang,
        }));
        if by_unit {
            out.push(super::by_unit::sheet(view, *a));
        }
        if !watch(0, 0) {
            return None;
        }
    }
    Some(out)
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
    /// Add a by-unit sheet after each appendix.
    pub by_unit: bool,
    /// Only this appendix (its index), else all.
    pub only: Option<usize>,
}

impl What {
    /// What the plan view of this export holds: the appendices with their sum rows, and
    /// every row by unit for the by-unit sheets.
    pub fn view(self) -> ViewOptions {
        ViewOptions {
            only: self.only,
            sums: true,
            by_unit: if self.by_unit {
                ByUnitRows::Every
            } else {
                ByUnitRows::None
            },
            entry: false,
        }
    }
}

/// An export that could not be built.
fn not_built(what: Built, e: impl std::fmt::Display) -> Error {
    Refused::NotBuilt {
        what,
        error: e.to_string(),
    }
    .into()
}

/// The export as bytes: one workbook, or one CSV per sheet. `view` is built with
/// [`What::view`].
pub fn render(view: &PlanView, what: What) -> Result<Vec<Part>> {
    render_watched(view, what, &mut crate::work::unwatched)
}

/// [`render`], telling `watch` how many cells are written of all (nothing of nothing
/// while the sheets are laid out); when the watch asks to stop, nothing is returned but
/// [`crate::error::Error::stopped`].
pub fn render_watched(view: &PlanView, what: What, watch: Watch) -> Result<Vec<Part>> {
    let lang = view.lang;
    let grids = grids_watched(view, what.by_unit, watch).ok_or_else(crate::error::Error::stopped)?;
    match what.kind {
        Kind::Xlsx => {
            let bytes = super::xlsx::workbook_watched(&grids, lang, watch)
                .map_err(|e| not_built(Built::Workbook, e))?
                .ok_or_else(crate::error::Error::stopped)?;
            Ok(vec![Part { suffix: None, bytes }])
        }
        Kind::Csv { bom } => {
            let codes: Vec<String> = view
                .sheets
                .iter()
                .map(|(a, _)| view.catalog.appendices[*a].code.clone())
                .collect();
            let per = if what.by_unit { 2 } else { 1 };
            let total: u64 = grids.iter().map(|g| g.cells.len() as u64).sum();
            let mut done = 0;
            let mut parts = Vec::new();
            for (i, g) in grids.iter().enumerate() {
                let a = &codes[i / per];
                let suffix = if per == 2 && i % 2 == 1 {
                    format!("{a}-theo-don-vi")
                } else {
                    a.clone()
                };
                let bytes = super::csv::csv(g, bom).map_err(|e| not_built(Built::Csv, e))?;
                parts.push(Part {
                    suffix: Some(suffix),
                    bytes,
                });
                done += g.cells.len() as u64;
                if !watch(done, total) {
                    return Err(crate::error::Error::stopped());
                }
            }
            Ok(parts)
        }
    }
}

/// Writes the export to `out` (CSV: one file per sheet beside it, `out`'s stem with the
/// sheet's suffix), each file checked by the file policy, all refused before any is written
/// when one exists (without `force`) or may not be written; returns the files written.
pub fn write(view: &PlanView, out: &Path, what: What, force: bool, files: &Files) -> Result<Vec<PathBuf>> {
    write_parts(render(view, what)?, out, force, files)
}

/// [`write`], telling `watch` how far it has come; stopped, it writes nothing.
pub fn write_watched(
    view: &PlanView,
    out: &Path,
    what: What,
    force: bool,
    files: &Files,
    watch: Watch,
) -> Result<Vec<PathBuf>> {
    write_parts(render_watched(view, what, watch)?, out, force, files)
}

/// Writes rendered parts as [`write`] does (each file whole or not at all).
pub fn write_parts(parts: Vec<Part>, out: &Path, force: bool, files: &Files) -> Result<Vec<PathBuf>> {
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
pub fn default_name(unit_code: &str, year: i32) -> String {
    format!("kttt-{unit_code}-{year}.xlsx")
}
