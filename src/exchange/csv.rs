//! Writes a grid as CSV: what a reader sees in each cell (figures as plain numbers, `1559`
//! and `43.2`, so that they read back exactly; blanks as `-`; percentages as their figure),
//! a merged head repeated over its columns, and a UTF-8 byte-order mark so that Excel reads
//! the Vietnamese right. Text that a spreadsheet would take for a formula (`- Tổng kinh phí`,
//! a name typed as `=1+1`) gets a `'` before it, so it stays text.

use super::layout::{Grid, Item, Style};
use crate::domain::number::canonical;

/// The CSV text of a grid, with or without the byte-order mark.
pub fn csv(g: &Grid, bom: bool) -> Result<Vec<u8>, std::io::Error> {
    let (w, h) = (g.width() as usize, g.height() as usize);
    let mut rows = vec![vec![String::new(); w]; h];
    for c in &g.cells {
        rows[c.row as usize][c.col as usize] = match (&c.item, c.style) {
            (Item::Text(t), _) => crate::domain::text::defuse(t).into_owned(),
            (Item::Number(v), _) => canonical(v),
            (Item::Formula { result: None, .. }, _) => "-".into(),
            (Item::Formula { result: Some(v), .. }, Style::Percent) => {
                let p = (v * rust_decimal::Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
                canonical(&p)
            }
            (Item::Formula { result: Some(v), .. }, _) => canonical(v),
        };
    }
    // A merged head is repeated across its columns (a group such as "Năm 2019") so that each
    // column's head reads on its own; titles stay in their first cell.
    for m in &g.merges {
        if m.first_row < g.header.0 || m.first_row > g.header.1 {
            continue;
        }
        let t = rows[m.first_row as usize][m.first_col as usize].clone();
        for c in m.first_col..=m.last_col {
            rows[m.first_row as usize][c as usize] = t.clone();
        }
    }
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut wr = ::csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        for r in &rows {
            wr.write_record(r).map_err(std::io::Error::other)?;
        }
        wr.flush()?;
    }
    Ok(out)
}
