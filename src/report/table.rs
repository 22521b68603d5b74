//! An appendix table for print: the two-row header of the published appendices ("Năm 2019"
//! over "Kế hoạch" and "Ước thực hiện cả năm"; each period of Phụ lục 3 over its funding
//! sources), and the rows as `kttt show` builds them, each figure already written the
//! reader's way (`-` for a blank).

use crate::domain::catalog::{Catalog, FundingId};
use crate::domain::number::{format_cell, format_percent};
use crate::domain::period::PeriodKind;
use crate::domain::sheet::{CellView, ColumnKind, RowKind, SheetView};
use crate::domain::values::CellKey;
use crate::i18n::Lang;
use std::collections::HashSet;

/// A column of the header's first row, over the columns of the second (none: the head spans
/// both rows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadGroup {
    pub title: String,
    pub subs: Vec<String>,
}

impl HeadGroup {
    fn single(title: impl Into<String>) -> HeadGroup {
        HeadGroup {
            title: title.into(),
            subs: Vec::new(),
        }
    }

    /// How many columns it spans.
    pub fn width(&self) -> usize {
        self.subs.len().max(1)
    }
}

/// How a row is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowStyle {
    /// A heading row (`I  Hợp tác xã`), in bold.
    Heading,
    /// A label row (`Trong đó:`), in italics.
    Label,
    /// A row of figures.
    Figures,
}

/// A body row: STT, name, unit, then one text per figure column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    pub style: RowStyle,
    pub number: String,
    pub name: String,
    /// How far the name is indented ("Trong đó" parts).
    pub indent: u8,
    pub unit: String,
    pub cells: Vec<String>,
}

/// A table ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableModel {
    /// The header's first row, STT, name and unit included.
    pub head: Vec<HeadGroup>,
    pub rows: Vec<TableRow>,
    /// Which figure columns are percentages (after STT, name and unit).
    pub percent: Vec<bool>,
    /// What the marks in the table mean.
    pub notes: Vec<String>,
}

impl TableModel {
    /// How many columns the table has.
    pub fn columns(&self) -> usize {
        self.head.iter().map(HeadGroup::width).sum()
    }

    /// One title per column, for a one-row header: `Năm 2019: Kế hoạch`.
    pub fn flat_titles(&self) -> Vec<String> {
        self.head
            .iter()
            .flat_map(|g| {
                if g.subs.is_empty() {
                    vec![g.title.clone()]
                } else {
                    g.subs.iter().map(|s| format!("{}: {s}", g.title)).collect()
                }
            })
            .collect()
    }
}

/// A period's head in the published wording: `Thực hiện năm 2018`, `Ước thực hiện cả năm`.
fn period_title(kind: PeriodKind, year: i32, lang: Lang) -> String {
    format!("{} {} {year}", kind.name(lang), lang.pick("năm", "in"))
}

/// The two-row header of a sheet's columns.
fn head(catalog: &Catalog, cols: &[ColumnKind], lang: Lang) -> Vec<HeadGroup> {
    let mut out = vec![
        HeadGroup::single(lang.pick("STT", "No.")),
        HeadGroup::single(lang.pick("Chỉ tiêu", "Indicator")),
        HeadGroup::single(lang.pick("ĐVT", "Unit")),
    ];
    let mut i = 0;
    while i < cols.len() {
        match cols[i] {
            ColumnKind::Value { funding, .. } if funding != FundingId::TOTAL => {
                // A funding source outside its period's group (no layout has one).
                out.push(HeadGroup::single(cols[i].title(catalog, lang)));
                i += 1;
            }
            ColumnKind::Value { period, .. } => {
                // The funding sources of one period: `Ước thực hiện năm 2019` over them.
                let n = cols[i + 1..]
                    .iter()
                    .take_while(|c| matches!(c, ColumnKind::Value { period: p, funding } if *p == period && *funding != FundingId::TOTAL))
                    .count();
                if n > 0 {
                    let mut subs = vec![catalog.fundings[0].name.get(lang).to_string()];
                    subs.extend(cols[i + 1..=i + n].iter().map(|c| match c {
                        ColumnKind::Value { funding, .. } => {
                            catalog.fundings[funding.0 as usize].name.get(lang).to_string()
                        }
                        _ => String::new(),
                    }));
                    out.push(HeadGroup {
                        title: period_title(period.kind, period.year, lang),
                        subs,
                    });
                    i += n + 1;
                    continue;
                }
                // Two periods of one year (plan and estimate): `Năm 2019` over them.
                let same_year = cols[i + 1..]
                    .iter()
                    .take_while(|c| matches!(c, ColumnKind::Value { period: p, .. } if p.year == period.year))
                    .count();
                if same_year > 0 {
                    let subs = cols[i..=i + same_year]
                        .iter()
                        .map(|c| match c {
                            ColumnKind::Value { period: p, .. } if p.kind == PeriodKind::Estimate => {
                                lang.pick("Ước thực hiện cả năm", "Estimate for the year").to_string()
                            }
                            ColumnKind::Value { period: p, .. } => p.kind.name(lang).to_string(),
                            _ => String::new(),
                        })
                        .collect();
                    out.push(HeadGroup {
                        title: format!("{} {}", lang.pick("Năm", "Year"), period.year),
                        subs,
                    });
                    i += same_year + 1;
                } else {
                    out.push(HeadGroup::single(period_title(period.kind, period.year, lang)));
                    i += 1;
                }
            }
            _ => {
                // The percentages: one head, or `Tỷ lệ (%)` over several.
                let n = cols[i..].iter().take_while(|c| c.is_computed()).count();
                let short = |c: &ColumnKind| c.title(catalog, lang).trim_end_matches(" (%)").to_string();
                if n == 1 {
                    out.push(HeadGroup::single(cols[i].title(catalog, lang)));
                } else {
                    out.push(HeadGroup {
                        title: lang.pick("Tỷ lệ (%)", "Ratio (%)").to_string(),
                        subs: cols[i..i + n].iter().map(short).collect(),
                    });
                }
                i += n;
            }
        }
    }
    out
}

/// What the reader sees in a cell: the figure (`-` when blank) with its marks, or the
/// percentage; nothing where the row takes no figure.
fn cell_text(col: &ColumnKind, c: &CellView, narrative: &HashSet<CellKey>, lang: Lang) -> String {
    if col.is_computed() {
        return c.value.map_or_else(String::new, |p| format_percent(&p, lang));
    }
    if !c.applicable {
        return String::new();
    }
    let mut t = format_cell(c.value.as_ref(), lang);
    if c.value.is_some() && c.key.is_some_and(|k| narrative.contains(&k)) {
        t.push('*');
    } else if c.rolled {
        t.push('+');
    }
    t
}

/// The printed table of an appendix's sheet.
pub fn model(catalog: &Catalog, sheet: &SheetView, narrative: &HashSet<CellKey>, lang: Lang) -> TableModel {
    let mut rows = Vec::with_capacity(sheet.rows.len());
    let (mut starred, mut rolled) = (false, false);
    for (row, cells) in sheet.rows.iter().zip(&sheet.cells) {
        match row.kind {
            RowKind::Label(rel) => rows.push(TableRow {
                style: RowStyle::Label,
                number: String::new(),
                name: rel.label(lang).to_string(),
                indent: row.indent,
                unit: String::new(),
                cells: vec![String::new(); sheet.columns.len()],
            }),
            RowKind::PartsSum(_) => {}
            RowKind::Indicator(id) => {
                let ind = catalog.get(id);
                let texts: Vec<String> = sheet
                    .columns
                    .iter()
                    .zip(cells)
                    .map(|(col, c)| cell_text(col, c, narrative, lang))
                    .collect();
                starred |= texts.iter().any(|t| t.ends_with('*'));
                rolled |= texts.iter().any(|t| t.ends_with('+'));
                rows.push(TableRow {
                    style: if ind.heading {
                        RowStyle::Heading
                    } else {
                        RowStyle::Figures
                    },
                    number: ind.number.clone(),
                    name: ind.name.get(lang).to_string(),
                    indent: row.indent,
                    unit: catalog.unit_name(id, lang).to_string(),
                    cells: texts,
                });
            }
        }
    }
    let mut notes = Vec::new();
    if starred {
        notes.push(
            lang.pick(
                "* số liệu lấy từ phần thuyết minh của kế hoạch, không có trong phụ lục.",
                "* figure from the plan's text, not printed in the appendix.",
            )
            .to_string(),
        );
    }
    if rolled {
        notes.push(
            lang.pick(
                "+ số cộng từ các đơn vị cấp dưới, vì đơn vị này chưa nhập.",
                "+ added up from the units below: none was entered for this unit.",
            )
            .to_string(),
        );
    }
    TableModel {
        head: head(catalog, &sheet.columns, lang),
        rows,
        percent: sheet.columns.iter().map(|c| c.is_computed()).collect(),
        notes,
    }
}
