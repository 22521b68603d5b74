//! The appendix as a spreadsheet, before any file format: titles, the published two-row
//! headers with their merged cells, one row per printed row, figures as numbers, blanks as
//! `-`, and the attainment percentages and "= Tổng các ngành" sums as formulas that carry
//! their computed results. Pure: the xlsx and CSV writers only translate this.

use crate::domain::catalog::{Catalog, FundingId, Layout, Relation};
use crate::domain::period::PeriodKind;
use crate::domain::sheet::{ColumnKind, RowKind, SheetView};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// How a cell looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// The issuing body (top left).
    Issuer,
    /// `Phụ lục 1` and the appendix's title: bold, centred over the table.
    Title,
    /// `(Kèm theo …)`: italic, centred.
    Subtitle,
    /// A column head: bold, centred, wrapped, bordered.
    Header,
    /// Phụ lục 3's column numbers `(1)`…`(12)`: italic, centred.
    Numbering,
    /// STT: centred; bold on headings.
    Stt { bold: bool },
    /// The indicator's name, indented by steps; bold on headings.
    Name { indent: u8, bold: bool },
    /// `Trong đó:` / `Chia ra:` (italic).
    Label,
    /// The unit of measure: centred.
    Unit,
    /// A figure with this many decimals (`#,##0`, `#,##0.0`…).
    Figure { decimals: u32, bold: bool },
    /// A percentage with one decimal (`0.0%`).
    Percent,
    /// A computed sum row's figure (italic).
    Sum { decimals: u32 },
    /// `-` for a blank figure, centred.
    Dash,
    /// The indicator code in the hidden last column (what an import matches first).
    Code,
}

/// What a cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(String),
    Number(Decimal),
    /// A formula (without `=`) with the result it computes, `None` for an empty result.
    Formula {
        expr: String,
        result: Option<Decimal>,
    },
}

/// One written cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u16,
    pub item: Item,
    pub style: Style,
}

/// A merged range (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u16,
    pub last_row: u32,
    pub last_col: u16,
}

/// One worksheet.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Grid {
    /// The sheet's name (at most 31 characters, no `[]:*?/\`).
    pub name: String,
    pub cells: Vec<Cell>,
    pub merges: Vec<Merge>,
    /// Column widths in characters.
    pub widths: Vec<f64>,
    /// Columns hidden from view (the code column).
    pub hidden: Vec<u16>,
    /// The header rows (first, last): frozen, and repeated on every printed page.
    pub header: (u32, u32),
    /// The rows above the header (titles).
    pub title_rows: u32,
    /// Row heights in points where the default (one line) is too low: wrapped headers and
    /// long names.
    pub heights: Vec<(u32, f64)>,
    /// Printed one page wide (an appendix), or across as many pages as it needs with the
    /// first columns repeated (a wide consolidation sheet).
    pub wide: bool,
}

impl Grid {
    fn put(&mut self, row: u32, col: u16, item: Item, style: Style) {
        self.cells.push(Cell { row, col, item, style });
    }

    fn text(&mut self, row: u32, col: u16, s: impl Into<String>, style: Style) {
        self.put(row, col, Item::Text(s.into()), style);
    }

    fn merge(&mut self, first_row: u32, first_col: u16, last_row: u32, last_col: u16) {
        if first_row != last_row || first_col != last_col {
            self.merges.push(Merge {
                first_row,
                first_col,
                last_row,
                last_col,
            });
        }
    }

    /// The cell at a place, if written.
    pub fn at(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }

    /// The number of columns used.
    pub fn width(&self) -> u16 {
        self.cells.iter().map(|c| c.col + 1).max().unwrap_or(0)
    }

    /// The number of rows used.
    pub fn height(&self) -> u32 {
        self.cells.iter().map(|c| c.row + 1).max().unwrap_or(0)
    }
}

/// A column's letters (0 → `A`, 26 → `AA`).
pub fn col_name(col: u16) -> String {
    col_letters(u64::from(col))
}

/// A column's letters from its 0-based index, however far (`XFD` is 16383).
pub fn col_letters(col: u64) -> String {
    let mut n = u128::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A cell reference (`E9`) from 0-based row and column.
pub fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// The header text of the code column (an import finds it by this).
pub const CODE_HEADER: &str = "Mã chỉ tiêu (kttt)";

/// What the appendix sheet is built from.
pub struct AppendixInput<'a> {
    pub catalog: &'a Catalog,
    pub appendix: usize,
    pub view: &'a SheetView,
    /// The plan year N.
    pub year: i32,
    /// The unit's name (`Tỉnh Bắc Kạn`).
    pub unit_name: &'a str,
    /// The scenario shown, if not the official figures.
    pub scenario: Option<&'a str>,
    pub lang: Lang,
}

/// Decimals needed to show a figure exactly (at most 3 in the format; more are kept in the
/// value).
fn decimals(d: &Decimal) -> u32 {
    d.normalize().scale().min(3)
}

/// The two header lines of a value column in the published wording.
fn head_of(cat: &Catalog, col: &ColumnKind, lang: Lang) -> (String, String) {
    match *col {
        ColumnKind::Value { period, funding } => {
            let group = match period.kind {
                PeriodKind::Actual => format!("{} {}", lang.pick("Thực hiện năm", "Actual"), period.year),
                PeriodKind::Estimate => format!("{} {}", lang.pick("Năm", "Year"), period.year),
                PeriodKind::Plan => format!("{} {}", lang.pick("Năm", "Year"), period.year),
            };
            let sub = if funding == FundingId::TOTAL {
                period.kind.name(lang).to_string()
            } else {
                cat.fundings[funding.0 as usize].name.get(lang).to_string()
            };
            (group, sub)
        }
        ColumnKind::Attainment { achieved, plan } => (
            format!(
                "{}/{} {} (%)",
                achieved.kind.short(lang),
                plan.kind.short(lang),
                plan.year
            ),
            String::new(),
        ),
        ColumnKind::Growth { next, base } => (
            format!(
                "{} {}/{} {} (%)",
                next.kind.short(lang),
                next.year,
                base.kind.short(lang),
                base.year
            ),
            String::new(),
        ),
    }
}

/// Builds the sheet of one appendix.
pub fn appendix_sheet(input: &AppendixInput<'_>) -> Grid {
    let AppendixInput {
        catalog: cat,
        appendix,
        view,
        year,
        unit_name,
        scenario,
        lang,
    } = *input;
    let app = &cat.appendices[appendix];
    let funding = app.layout == Layout::Funding;
    let mut g = Grid {
        name: app.name(lang),
        ..Grid::default()
    };
    let first_value = 3u16;
    let ncols = first_value + view.columns.len() as u16;
    let last = ncols - 1;
    // Titles.
    g.text(
        0,
        0,
        format!(
            "{} {}",
            lang.pick("UBND", "People's Committee of"),
            unit_name.to_uppercase()
        ),
        Style::Issuer,
    );
    g.merge(0, 0, 0, 2);
    g.text(1, 0, app.name(lang), Style::Title);
    g.merge(1, 0, 1, last);
    g.text(2, 0, app.title(lang, year), Style::Title);
    g.merge(2, 0, 2, last);
    let sub = match scenario {
        Some(name) => format!(
            "({} {year} — {} “{name}”)",
            lang.pick(
                "Kèm theo Kế hoạch phát triển kinh tế tập thể năm",
                "With the collective economy plan for"
            ),
            lang.pick("phương án", "scenario"),
        ),
        None => format!(
            "({} {year})",
            lang.pick(
                "Kèm theo Kế hoạch phát triển kinh tế tập thể năm",
                "With the collective economy plan for"
            )
        ),
    };
    g.text(3, 0, sub, Style::Subtitle);
    g.merge(3, 0, 3, last);
    g.title_rows = 5;
    // Headers: two rows (three in Phụ lục 3, whose sources sit under "Trong đó"), then
    // Phụ lục 3's column numbers.
    let h0 = 5u32;
    let deep = if funding { 3 } else { 2 };
    let hl = h0 + deep - 1;
    let fixed = [
        lang.pick("STT", "No."),
        lang.pick("Chỉ tiêu", "Indicator"),
        lang.pick("Đơn vị tính", "Unit"),
    ];
    for (c, t) in fixed.iter().enumerate() {
        g.text(h0, c as u16, *t, Style::Header);
        g.merge(h0, c as u16, hl, c as u16);
    }
    let mut c = first_value;
    while (c - first_value) < view.columns.len() as u16 {
        let col = view.columns[(c - first_value) as usize];
        let (group, sub) = head_of(cat, &col, lang);
        match col {
            ColumnKind::Value { period, funding: f } if funding && f == FundingId::TOTAL => {
                // Phụ lục 3: "Thực hiện năm 2018" over Tổng số | Trong đó (CTMTQG | khác).
                let n = 1 + cat.fundings.iter().filter(|x| x.parent == Some(f)).count() as u16;
                g.text(
                    h0,
                    c,
                    format!("{} {} {}", period.kind.name(lang), lang.pick("năm", ""), period.year).replace("  ", " "),
                    Style::Header,
                );
                g.merge(h0, c, h0, c + n - 1);
                g.text(h0 + 1, c, lang.pick("Tổng số", "Total"), Style::Header);
                g.merge(h0 + 1, c, hl, c);
                if n > 1 {
                    g.text(h0 + 1, c + 1, lang.pick("Trong đó", "Of which"), Style::Header);
                    g.merge(h0 + 1, c + 1, h0 + 1, c + n - 1);
                }
                for k in 1..n {
                    let ColumnKind::Value { funding: fk, .. } = view.columns[(c - first_value + k) as usize] else {
                        continue;
                    };
                    g.text(hl, c + k, cat.fundings[fk.0 as usize].name.get(lang), Style::Header);
                }
                c += n;
            }
            ColumnKind::Value { period, .. }
                if period.kind != PeriodKind::Actual
                    && period.year == year - 1
                    && view
                        .columns
                        .get((c - first_value + 1) as usize)
                        .is_some_and(|n| matches!(n, ColumnKind::Value { period: p, .. } if p.year == year - 1)) =>
            {
                // "Năm 2019" over Kế hoạch | Ước thực hiện cả năm.
                g.text(h0, c, group, Style::Header);
                g.merge(h0, c, h0, c + 1);
                g.text(hl, c, sub, Style::Header);
                let (_, sub2) = head_of(cat, &view.columns[(c - first_value + 1) as usize], lang);
                let sub2 = if sub2 == PeriodKind::Estimate.name(lang) {
                    lang.pick("Ước thực hiện cả năm", "Estimate for the year").to_string()
                } else {
                    sub2
                };
                g.text(hl, c + 1, sub2, Style::Header);
                c += 2;
            }
            ColumnKind::Value { period, .. } => {
                let t = match period.kind {
                    PeriodKind::Actual => format!("{} {}", lang.pick("Thực hiện năm", "Actual"), period.year),
                    PeriodKind::Plan => format!("{} {}", lang.pick("Kế hoạch năm", "Plan for"), period.year),
                    PeriodKind::Estimate => {
                        format!("{} {}", lang.pick("Ước thực hiện năm", "Estimate for"), period.year)
                    }
                };
                g.text(h0, c, t, Style::Header);
                g.merge(h0, c, hl, c);
                c += 1;
            }
            _ => {
                g.text(h0, c, group, Style::Header);
                g.merge(h0, c, hl, c);
                c += 1;
            }
        }
    }
    g.text(h0, ncols, CODE_HEADER, Style::Header);
    g.merge(h0, ncols, hl, ncols);
    g.hidden.push(ncols);
    let mut r = hl + 1;
    if funding {
        // (1) (2) (3) (4)=(5)+(6) (5) (6) … and the percentage after them, which names the
        // columns it divides.
        let number_of = |want: ColumnKind| {
            view.columns
                .iter()
                .position(|x| *x == want)
                .map_or(0, |i| i + first_value as usize + 1)
        };
        for c in 0..ncols {
            let k = c as usize + 1;
            let label = match view.columns.get(c.wrapping_sub(first_value) as usize) {
                Some(ColumnKind::Value { funding: f, .. }) if *f == FundingId::TOTAL && c >= first_value => {
                    let n = cat.fundings.iter().filter(|x| x.parent == Some(*f)).count();
                    let parts: Vec<String> = (1..=n).map(|i| format!("({})", k + i)).collect();
                    format!("({k})={}", parts.join("+"))
                }
                Some(ColumnKind::Growth { next, base }) if c >= first_value => {
                    let total = |period| ColumnKind::Value {
                        period,
                        funding: FundingId::TOTAL,
                    };
                    format!("({k})=({})/({})", number_of(total(*next)), number_of(total(*base)))
                }
                _ => format!("({k})"),
            };
            g.text(r, c, label, Style::Numbering);
        }
        r += 1;
    }
    g.header = (h0, r - 1);
    // The rows.
    let mut row_of = std::collections::HashMap::new();
    let mut parts_rows: std::collections::HashMap<_, Vec<u32>> = std::collections::HashMap::new();
    for (i, sr) in view.rows.iter().enumerate() {
        match sr.kind {
            RowKind::Label(rel) => {
                g.text(r, 1, rel.label(lang), Style::Label);
            }
            RowKind::Indicator(id) => {
                let ind = &cat.indicators[id.0 as usize];
                row_of.insert(id, r);
                if let Some(p) = ind.parent
                    && ind.relation == Some(Relation::Split)
                {
                    parts_rows.entry(p).or_default().push(r);
                }
                let bold = ind.heading || ind.depth == 0;
                if !ind.number.is_empty() {
                    g.text(r, 0, ind.number.clone(), Style::Stt { bold });
                }
                g.text(
                    r,
                    1,
                    ind.name.get(lang),
                    Style::Name {
                        indent: sr.indent,
                        bold,
                    },
                );
                if let Some(u) = ind.unit {
                    g.text(r, 2, cat.units[u].name.get(lang), Style::Unit);
                }
                g.text(r, ncols, ind.code.clone(), Style::Code);
                value_cells(&mut g, r, first_value, view, i, bold);
            }
            RowKind::PartsSum(whole) => {
                g.text(
                    r,
                    1,
                    crate::domain::sheet::parts_sum_label(cat, whole, lang),
                    Style::Label,
                );
                g.text(
                    r,
                    ncols,
                    format!("={}", cat.indicators[whole.0 as usize].code),
                    Style::Code,
                );
                let rows = parts_rows.get(&whole).cloned().unwrap_or_default();
                for (k, col) in view.columns.iter().enumerate() {
                    let c = first_value + k as u16;
                    let cv = view.cells[i][k];
                    if col.is_computed() || rows.is_empty() {
                        continue;
                    }
                    let (a, b) = (rows[0], rows[rows.len() - 1]);
                    let range = format!("{}:{}", cell_ref(a, c), cell_ref(b, c));
                    g.put(
                        r,
                        c,
                        Item::Formula {
                            expr: format!("IF(COUNT({range})=0,\"-\",SUM({range}))"),
                            result: cv.value,
                        },
                        Style::Sum {
                            decimals: cv.value.as_ref().map_or(0, decimals),
                        },
                    );
                }
            }
        }
        r += 1;
    }
    // Widths: STT, the name (fits the longest up to 60), the unit, the figures.
    let longest = g
        .cells
        .iter()
        .filter(|c| c.col == 1 && c.row > g.header.1)
        .map(|c| match &c.item {
            Item::Text(t) => t.chars().count(),
            _ => 0,
        })
        .max()
        .unwrap_or(20);
    let name_width = (longest as f64 * 0.95 + 2.0).clamp(24.0, 60.0);
    g.widths = vec![6.0, name_width, 11.0];
    // Header rows tall enough for their wrapped heads; a long name wraps onto more lines.
    let header_rows: &[f64] = if funding { &[30.0, 20.0, 45.0] } else { &[30.0, 30.0] };
    for (k, h) in header_rows.iter().enumerate() {
        g.heights.push((h0 + k as u32, *h));
    }
    // Times New Roman fits about a sixth more letters than the width's digit count.
    let per_line = (name_width * 1.15 - 2.0).max(10.0);
    let tall: Vec<(u32, f64)> = g
        .cells
        .iter()
        .filter(|c| c.col == 1 && c.row > g.header.1)
        .filter_map(|c| match (&c.item, c.style) {
            (Item::Text(t), Style::Name { indent, .. }) => {
                let len = crate::domain::text::width(t) as f64 + 2.0 * indent as f64;
                let lines = (len / per_line).ceil();
                (lines > 1.0).then_some((c.row, 15.0 * lines))
            }
            _ => None,
        })
        .collect();
    g.heights.extend(tall);
    g.widths
        .extend(view.columns.iter().map(|c| if c.is_computed() { 11.0 } else { 12.0 }));
    g.widths.push(16.0);
    g
}

/// The figures and percentage formulas of an indicator row.
fn value_cells(g: &mut Grid, r: u32, first: u16, view: &SheetView, i: usize, bold: bool) {
    let col_of = |want: &dyn Fn(&ColumnKind) -> bool| view.columns.iter().position(want).map(|k| first + k as u16);
    for (k, col) in view.columns.iter().enumerate() {
        let c = first + k as u16;
        let cv = view.cells[i][k];
        match *col {
            ColumnKind::Value { .. } => {
                if !cv.applicable {
                    continue;
                }
                match cv.value {
                    Some(v) => g.put(
                        r,
                        c,
                        Item::Number(v),
                        Style::Figure {
                            decimals: decimals(&v),
                            bold,
                        },
                    ),
                    None => g.text(r, c, "-", Style::Dash),
                }
            }
            ColumnKind::Attainment {
                achieved: top,
                plan: bottom,
            }
            | ColumnKind::Growth {
                next: top,
                base: bottom,
            } => {
                let t = FundingId::TOTAL;
                let num = col_of(&|x| {
                    *x == ColumnKind::Value {
                        period: top,
                        funding: t,
                    }
                });
                let den = col_of(&|x| {
                    *x == ColumnKind::Value {
                        period: bottom,
                        funding: t,
                    }
                });
                let (Some(num), Some(den)) = (num, den) else { continue };
                if !view.cells[i][(num - first) as usize].applicable {
                    continue;
                }
                let (n, d) = (cell_ref(r, num), cell_ref(r, den));
                let result = match (
                    view.cells[i][(num - first) as usize].value,
                    view.cells[i][(den - first) as usize].value,
                ) {
                    (Some(a), Some(b)) if !b.is_zero() => a.checked_div(b),
                    _ => None,
                };
                g.put(
                    r,
                    c,
                    Item::Formula {
                        expr: format!("IF(AND(ISNUMBER({n}),ISNUMBER({d}),{d}<>0),{n}/{d},\"-\")"),
                        result,
                    },
                    Style::Percent,
                );
            }
        }
    }
}
