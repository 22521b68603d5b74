//! An appendix table for print: the two-row header of the published appendices ("Năm 2019"
//! over "Kế hoạch" and "Ước thực hiện cả năm"; each period of Phụ lục 3 over its funding
//! sources, then the column numbering (1)…(12)), and the rows as `kttt show` builds them,
//! each figure already written the reader's way, with the mark its cell gives it: `-` where
//! the published appendix prints it (none), an empty cell where nothing was reported.

use crate::domain::catalog::{Catalog, FundingId};
use crate::domain::marks::{Mark, narrative_legend, partial_legend};
use crate::domain::number::{format, format_percent};
use crate::domain::period::PeriodKind;
use crate::domain::rollup::Cover;
use crate::domain::sheet::{CellView, ColumnKind, RowKind, SheetView};
use crate::i18n::Lang;

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
    /// The published column numbering under the header (`(1)`, `(4)=(5)+(6)`, …), one per
    /// column, in a table with funding sources; empty otherwise.
    pub numbering: Vec<String>,
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

/// What the legend under a table says of a roll-up of only some of the units below: how many
/// reported the appendix (`2/8 huyện báo cáo`), when not every one did. Which cells are marked
/// is each cell's to say ([`Mark::origin`]).
pub struct Marks {
    pub partial: Option<String>,
}

/// What the reader sees in a cell: the figure with its mark, `-` for the appendix's none,
/// nothing for a blank never reported, or the percentage; nothing where the row takes no
/// figure.
fn cell_text(col: &ColumnKind, c: &CellView, lang: Lang) -> String {
    if col.is_computed() {
        return c.value.map_or_else(String::new, |p| format_percent(&p, lang));
    }
    if !c.applicable {
        return String::new();
    }
    let Some(v) = c.value else {
        return if c.dash { "-".to_string() } else { String::new() };
    };
    let mut t = format(&v, lang);
    if let Some(m) = Mark::origin(c) {
        t.push(m.char());
    }
    t
}

/// The published numbering of a table's columns: `(1)` … and a total `(4)=(5)+(6)` over its
/// funding sources, a percentage `(13)=(10)/(7)` over the totals it divides.
fn numbering(cols: &[ColumnKind]) -> Vec<String> {
    let first = 4;
    let number_of = |want: &ColumnKind| cols.iter().position(|c| c == want).map(|i| i + first);
    let mut out: Vec<String> = (1..first).map(|k| format!("({k})")).collect();
    for (i, col) in cols.iter().enumerate() {
        let k = i + first;
        let total = |period| ColumnKind::Value {
            period,
            funding: FundingId::TOTAL,
        };
        out.push(match col {
            ColumnKind::Value { period, funding } if *funding == FundingId::TOTAL => {
                let parts: Vec<String> = cols[i + 1..]
                    .iter()
                    .take_while(|c| matches!(c, ColumnKind::Value { period: p, funding: f } if p == period && *f != FundingId::TOTAL))
                    .enumerate()
                    .map(|(j, _)| format!("({})", k + j + 1))
                    .collect();
                if parts.is_empty() {
                    format!("({k})")
                } else {
                    format!("({k})={}", parts.join("+"))
                }
            }
            ColumnKind::Growth { next, base } | ColumnKind::Attainment { achieved: next, plan: base } => {
                match (number_of(&total(*next)), number_of(&total(*base))) {
                    (Some(a), Some(b)) => format!("({k})=({a})/({b})"),
                    _ => format!("({k})"),
                }
            }
            ColumnKind::Value { .. } => format!("({k})"),
        });
    }
    out
}

/// The printed table of an appendix's sheet.
pub fn model(catalog: &Catalog, sheet: &SheetView, marks: &Marks, lang: Lang) -> TableModel {
    let mut rows = Vec::with_capacity(sheet.rows.len());
    let mut blanks = false;
    // The marked figures, for the legend: each mark with its coverage and column.
    let mut marked: Vec<(Mark, Option<Cover>, String)> = Vec::new();
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
                    .map(|(col, c)| cell_text(col, c, lang))
                    .collect();
                marked.extend(
                    sheet
                        .columns
                        .iter()
                        .zip(cells)
                        .filter(|(col, c)| !col.is_computed() && c.applicable)
                        .filter_map(|(col, c)| Some((Mark::origin(c)?, c.cover, col.title(catalog, lang)))),
                );
                blanks |= sheet
                    .columns
                    .iter()
                    .zip(cells)
                    .any(|(col, c)| !col.is_computed() && c.applicable && c.value.is_none());
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
    let any = |m: Mark| marked.iter().any(|(x, _, _)| *x == m);
    if any(Mark::Narrative) {
        notes.push(narrative_legend(lang).to_string());
    }
    if any(Mark::Rolled) {
        notes.push(
            lang.pick(
                "+ số cộng từ các đơn vị cấp dưới, vì đơn vị này chưa nhập.",
                "+ added up from the units below: none was entered for this unit.",
            )
            .to_string(),
        );
    }
    if any(Mark::Partial) {
        // How many reported the appendix; when every unit below did, how far each figure reaches.
        let line = match &marks.partial {
            Some(cover) => Some(match lang {
                Lang::Vi => format!("~ số cộng từ các đơn vị cấp dưới đã báo cáo ({cover}), vì đơn vị này chưa nhập."),
                Lang::En => {
                    format!("~ added up from the units below that reported ({cover}): none was entered for this unit.")
                }
            }),
            None => {
                let items: Vec<(Cover, String)> = marked
                    .iter()
                    .filter(|(m, _, _)| *m == Mark::Partial)
                    .map(|(_, c, col)| (c.unwrap_or_default(), col.clone()))
                    .collect();
                partial_legend(&items, lang)
            }
        };
        notes.extend(line);
    }
    if blanks {
        notes.push(
            lang.pick(
                "“-” là không có, như phụ lục đã công bố ghi; ô để trống là chưa có số liệu.",
                "“-” is none, as the published appendix prints it; an empty cell is no figure yet.",
            )
            .to_string(),
        );
    }
    let funded = sheet
        .columns
        .iter()
        .any(|c| matches!(c, ColumnKind::Value { funding, .. } if *funding != FundingId::TOTAL));
    TableModel {
        head: head(catalog, &sheet.columns, lang),
        rows,
        percent: sheet.columns.iter().map(|c| c.is_computed()).collect(),
        numbering: if funded { numbering(&sheet.columns) } else { Vec::new() },
        notes,
    }
}
