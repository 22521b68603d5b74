//! The appendix sheet: the published layout of an appendix as a grid — the issuing body,
//! `Phụ lục N` and its title, the two-row headers with their merged cells (three in Phụ lục 3
//! with the column numbering), one row per printed row, figures as numbers with their marks,
//! blanks as `-`, the attainment percentages and "= Tổng các ngành" sums as formulas with
//! their results, a notes column and the legend when a figure is marked.

use super::layout::{CODE_HEADER, Cell, Grid, Item, Style, cell_ref, row_note};
use crate::domain::catalog::{Catalog, FundingId, Layout, Relation};
use crate::domain::marks::{Mark, narrative_legend, partial_legend, reconstructed_note, rolled_legend};
use crate::domain::period::PeriodKind;
use crate::domain::rollup::Cover;
use crate::domain::sheet::{ColumnKind, RowKind, SheetView};
use crate::i18n::Lang;
use rust_decimal::Decimal;

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
    // The marked figures of each row, for the notes column and the legend.
    let marks: Vec<Vec<(Mark, Option<Cover>, String)>> = view
        .cells
        .iter()
        .map(|row| {
            view.columns
                .iter()
                .zip(row)
                .filter(|(col, c)| !col.is_computed() && c.applicable)
                .filter_map(|(col, c)| Some((Mark::origin(c)?, c.cover, col.title(cat, lang))))
                .collect()
        })
        .collect();
    let notes = marks.iter().any(|m| !m.is_empty());
    // A notes column after the figures when any is marked, then the hidden code column.
    let code_col = ncols + u16::from(notes);
    let last = code_col - 1;
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
    if app.title_reconstructed {
        g.text(4, 0, reconstructed_note(lang), Style::Note);
        g.merge(4, 0, 4, last);
        g.heights.push((4, 30.0));
    }
    g.title_rows = 5;
    g.frozen = 3;
    g.one_page = true;
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
                let n = 1 + cat.fundings_printed().filter(|x| x.parent == Some(f)).count() as u16;
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
    if notes {
        g.text(h0, ncols, lang.pick("Ghi chú", "Notes"), Style::Header);
        g.merge(h0, ncols, hl, ncols);
    }
    g.text(h0, code_col, CODE_HEADER, Style::Header);
    g.merge(h0, code_col, hl, code_col);
    g.hidden.push(code_col);
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
                    let n = cat.fundings_printed().filter(|x| x.parent == Some(*f)).count();
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
                g.text(r, code_col, ind.code.clone(), Style::Code);
                value_cells(&mut g, r, first_value, view, i, bold);
                if !marks[i].is_empty() {
                    g.text(r, ncols, row_note(&marks[i], lang), Style::Remark);
                }
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
                    code_col,
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
    if notes {
        g.widths.push(28.0);
    }
    g.widths.push(16.0);
    g.fit_remarks();
    // The legend of the marks under the table.
    let all: Vec<&(Mark, Option<Cover>, String)> = marks.iter().flatten().collect();
    let mut legend = Vec::new();
    if all.iter().any(|(m, _, _)| *m == Mark::Narrative) {
        legend.push(narrative_legend(lang).to_string());
    }
    if all.iter().any(|(m, _, _)| *m == Mark::Rolled) {
        legend.push(rolled_legend(lang).to_string());
    }
    if all.iter().any(|(m, _, _)| *m == Mark::Carried) {
        legend.push(crate::domain::marks::carried_legend(lang).to_string());
    }
    let partial: Vec<(Cover, String)> = all
        .iter()
        .filter(|(m, _, _)| *m == Mark::Partial)
        .map(|(_, c, col)| (c.unwrap_or_default(), col.clone()))
        .collect();
    legend.extend(partial_legend(&partial, lang));
    for (r, line) in (r + 1..).zip(legend) {
        g.note_row(r, last, line);
    }
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
                    Some(v) => g.cells.push(Cell {
                        mark: Mark::origin(&cv),
                        ..Cell::new(
                            r,
                            c,
                            Item::Number(v),
                            Style::Figure {
                                decimals: decimals(&v),
                                bold,
                            },
                        )
                    }),
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
                // The formula's result is the row's ratio, as the spreadsheet works it out.
                let result = view.rows[i].progress.ratio(*col).and_then(|x| x.fraction());
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
