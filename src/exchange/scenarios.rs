//! Scenarios side by side as one worksheet, like a spreadsheet's scenario summary: the
//! official figures and each scenario as columns, the figure rows as numbers and each
//! percentage a formula over them that carries its computed result.

use super::layout::{Grid, Item, Style, cell_ref};
use crate::domain::planning::side::Side;

/// What the sheet says besides the figures: its title, the columns' names (the official
/// figures first), the row labels, the check tally of each column as text.
pub struct Words {
    pub title: String,
    pub head: String,
    pub columns: Vec<String>,
    pub figures: Vec<String>,
    pub results: Vec<String>,
    pub checks: (String, Vec<String>),
    pub note: String,
}

/// The summary sheet.
pub fn summary_sheet(side: &Side, words: &Words, name: &str) -> Grid {
    let mut g = Grid {
        name: name.to_string(),
        ..Grid::default()
    };
    let last = words.columns.len() as u16;
    g.text(0, 0, words.title.clone(), Style::Title);
    g.merge(0, 0, 0, last);
    let head = 2u32;
    g.text(head, 0, words.head.clone(), Style::Header);
    for (i, c) in words.columns.iter().enumerate() {
        g.text(head, i as u16 + 1, c.clone(), Style::Header);
    }
    g.header = (head, head);
    g.title_rows = head;
    g.frozen = 1;
    let first = head + 1;
    for (r, (row, label)) in side.figures.iter().zip(&words.figures).enumerate() {
        let at = first + r as u32;
        g.text(
            at,
            0,
            label.clone(),
            Style::Name {
                indent: 0,
                bold: row.changed,
            },
        );
        for (c, v) in row.figures.iter().enumerate() {
            let col = c as u16 + 1;
            match v {
                Some(v) => {
                    let decimals = v.normalize().scale();
                    g.put(
                        at,
                        col,
                        Item::Number(*v),
                        Style::Figure {
                            decimals,
                            bold: row.changed,
                        },
                    );
                }
                None => g.text(at, col, "-", Style::Dash),
            }
        }
    }
    let results = first + side.figures.len() as u32;
    for (r, (row, label)) in side.results.iter().zip(&words.results).enumerate() {
        let at = results + r as u32;
        g.text(at, 0, label.clone(), Style::Name { indent: 0, bold: false });
        for c in 0..words.columns.len() {
            let col = c as u16 + 1;
            let (n, d) = (
                cell_ref(first + row.num as u32, col),
                cell_ref(first + row.den as u32, col),
            );
            let (nv, dv) = (side.figures[row.num].figures[c], side.figures[row.den].figures[c]);
            // The formula's own result: the exact ratio, as the spreadsheet works it out.
            let result = match (nv, dv) {
                (Some(x), Some(y)) if !y.is_zero() => x.checked_div(y),
                _ => None,
            };
            g.put(
                at,
                col,
                Item::Formula {
                    expr: format!("IF(AND(ISNUMBER({n}),ISNUMBER({d}),{d}<>0),{n}/{d},\"-\")"),
                    result,
                },
                Style::Percent,
            );
        }
    }
    let checks = results + side.results.len() as u32;
    g.text(
        checks,
        0,
        words.checks.0.clone(),
        Style::Name { indent: 0, bold: false },
    );
    for (c, t) in words.checks.1.iter().enumerate() {
        g.text(checks, c as u16 + 1, t.clone(), Style::Unit);
    }
    g.note_row(checks + 2, last, words.note.clone());
    g.widths = std::iter::once(60.0)
        .chain(std::iter::repeat_n(14.0, words.columns.len()))
        .collect();
    g
}
