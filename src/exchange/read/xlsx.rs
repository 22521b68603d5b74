//! `.xlsx` and `.xlsm`: the container checked ([`super::unzip`]), then each sheet streamed
//! cell by cell (calamine's `worksheet_cells_reader`) into a sparse grid. The range a sheet
//! claims (`<dimension ref="A1:XFD1048576"/>`) is never laid out; styled empty cells are not
//! cells that hold something. A formula without a stored result is kept as a formula
//! ([`super::formula`] works out the simple ones), never read as an empty cell.

use super::grid::SheetBuilder;
use super::limits::Tally;
use super::{RawSheet, ReadError, broken};
use crate::exchange::layout::Merge;
use calamine::{Reader, Xlsx, XlsxError, XlsxFormulaMetadata};
use std::io::Cursor;

/// Reads every sheet of a workbook's bytes, telling `watch` each sheet read of twice their number (the other half is for
/// understanding them), and asking it every few thousand cells whether to go on.
pub fn read_watched(bytes: Vec<u8>, watch: crate::work::Watch) -> Result<Vec<RawSheet>, ReadError> {
    super::unzip::check(&bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(broken)?;
    let mut tally = Tally::default();
    let mut out = Vec::new();
    let names = wb.sheet_names();
    let total = 2 * names.len() as u64;
    let mut cells_read = 0u64;
    for name in names {
        let mut b = SheetBuilder::new(name.clone(), &mut tally)?;
        match wb.worksheet_cells_reader(&name) {
            Ok(mut cells) => {
                // Values with their formulas (shared ones unexpanded: a file's shared-formula
                // index costs no memory), so that a formula without a stored result is seen.
                while let Some(c) = cells.next_cell_with_formula_metadata().map_err(broken)? {
                    let (row, col) = c.pos;
                    let mut raw = super::cell(&calamine::Data::from(c.value));
                    if raw == super::Raw::Empty
                        && let Some(f) = c.formula
                    {
                        raw = super::Raw::Formula(match f {
                            XlsxFormulaMetadata::Normal { formula } | XlsxFormulaMetadata::Shared { formula, .. } => {
                                formula
                            }
                            _ => String::new(),
                        });
                    }
                    b.put(u64::from(row), u64::from(col), raw)?;
                    cells_read += 1;
                    if cells_read.is_multiple_of(4096) && !watch(out.len() as u64, total) {
                        return Err(ReadError::Stopped);
                    }
                }
            }
            // A chart sheet holds no cells.
            Err(XlsxError::NotAWorksheet(_)) => {}
            Err(e) => return Err(broken(e)),
        }
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(broken)?
            .into_iter()
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1.min(u32::from(u16::MAX)) as u16,
                last_row: d.end.0,
                last_col: d.end.1.min(u32::from(u16::MAX)) as u16,
            })
            .collect();
        let mut sheet = b.finish(merges)?;
        super::formula::resolve(&mut sheet);
        out.push(sheet);
        if !watch(out.len() as u64, total) {
            return Err(ReadError::Stopped);
        }
    }
    Ok(out)
}
