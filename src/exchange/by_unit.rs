//! The by-unit sheet of an appendix, one block per indicator: its name, the units below
//! as rows with their figures in the plan's periods, then the roll-up as a spreadsheet formula
//! (a sum, a weighted mean, a ratio — the indicator's own aggregation), what it is built from
//! and how far it reaches, the unit's own figure and the difference. Narrow, so that it prints
//! one page wide on A4 landscape like the appendices. Every formula carries its computed
//! result and reads `-` (text) from units that did not report without failing under
//! recalculation; a roll-up no formula over the rows shown can redo (through the reform's
//! mapping) is written as its figure and said so. Hidden columns name each row's indicator
//! and unit, so that an import reads each part's figure as that unit's.

use super::layout::{Cell, Grid, Item, Style, cell_ref, row_note};
use crate::domain::by_unit::ByUnit;
use crate::domain::catalog::{Aggregation, IndicatorId, ValueKind};
use crate::domain::marks::{Mark, built_from, narrative_legend, partial_legend, rolled_legend};
use crate::domain::org::OrgId;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::sheet::{CellView, ColumnKind};
use crate::domain::view::PlanView;
use crate::i18n::Lang;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The header of the hidden column with each row's unit code (an import finds it by this).
pub const UNIT_HEADER: &str = "Mã đơn vị (kttt)";
/// The unit column's value on a block's rows that are worked out, not read: the roll-up.
pub const TOTAL_ROW: &str = "=cong";
/// … how far it reaches.
pub const COVER_ROW: &str = "=bao-cao";
/// … the unit's own entered figure (checked against the unit's, never read as a part's).
pub const OWN_ROW: &str = "=so-nhap";
/// … the difference.
pub const DIFF_ROW: &str = "=chenh-lech";

/// Where an indicator's block lies: its part rows and its total row.
#[derive(Clone, Copy)]
struct Block {
    first: u32,
    last: u32,
    total: u32,
}

/// What a block's roll-up formula needs of the sheet.
struct Ctx<'a> {
    view: &'a PlanView,
    parts: &'a [OrgId],
    blocks: &'a HashMap<IndicatorId, Block>,
    periods: &'a [Period],
}

fn cell(row: u32, col: u16, item: Item, style: Style) -> Cell {
    Cell::new(row, col, item, style)
}

fn decimals(v: &Decimal) -> u32 {
    v.normalize().scale().min(3)
}

/// A figure (with its mark) or `-`.
fn figure(row: u32, col: u16, c: &CellView, mark: Option<Mark>, bold: bool) -> Cell {
    match c.value {
        Some(v) => Cell {
            mark,
            ..cell(
                row,
                col,
                Item::Number(v),
                Style::Figure {
                    decimals: decimals(&v),
                    bold,
                },
            )
        },
        None => cell(row, col, Item::Text("-".into()), Style::Dash),
    }
}

/// The column head of a period, as the appendix writes it.
fn head(p: Period, lang: Lang) -> String {
    match p.kind {
        PeriodKind::Actual => format!("{} {}", lang.pick("Thực hiện năm", "Actual"), p.year),
        PeriodKind::Plan => format!("{} {}", lang.pick("Kế hoạch năm", "Plan for"), p.year),
        PeriodKind::Estimate => format!("{} {}", lang.pick("Ước thực hiện năm", "Estimate for"), p.year),
    }
}

/// The roll-up of an indicator in a column as a formula over the rows shown, when one
/// redoes what kttt works out; `None` when it cannot (the unit did not exist yet and its
/// figure comes through the mapping, the parts shown are not those of that period, what the
/// aggregation weighs by is not on the sheet).
fn rollup_formula(x: &Ctx<'_>, id: IndicatorId, k: usize, col: u16) -> Option<String> {
    let p = x.periods[k];
    let b = x.blocks.get(&id)?;
    let con = x.view.by_unit.get(&id)?;
    let ci = value_index(con, p)?;
    if x.parts.is_empty() || !con.same_parts[ci] {
        return None;
    }
    let range = |b: &Block| format!("{}:{}", cell_ref(b.first, col), cell_ref(b.last, col));
    let ind = x.view.catalog.get(id);
    match ind.aggregation {
        Aggregation::Sum => {
            let a = range(b);
            Some(format!("IF(COUNT({a})=0,\"-\",SUM({a}))"))
        }
        Aggregation::Mean { base } => {
            let a = range(b);
            let w = range(x.blocks.get(&base)?);
            // kttt rounds a mean to its parts' decimals, at least one (a count: whole).
            let dp = match ind.kind {
                ValueKind::Count => 0,
                _ => {
                    let bc = x.view.by_unit.get(&base)?;
                    let bi = value_index(bc, p)?;
                    con.parts
                        .iter()
                        .zip(&bc.parts)
                        .filter_map(|(pa, pb)| pa.cells[ci].value.filter(|_| pb.cells[bi].value.is_some()))
                        .map(|v| v.scale())
                        .max()
                        .unwrap_or(0)
                        .max(1)
                }
            };
            // SUMPRODUCT reads the "-" of a unit that did not report as 0 in its own argument;
            // multiplied inside one argument it would be #VALUE!.
            let mask = format!("ISNUMBER({a})*ISNUMBER({w})");
            let weight = format!("SUMPRODUCT({mask},{w})");
            Some(format!(
                "IF({weight}=0,\"-\",ROUND(SUMPRODUCT({mask},{a},{w})/{weight},{dp}))"
            ))
        }
        Aggregation::Ratio { num, den } => {
            // The unit's own parts when it entered them: not the rows' roll-up.
            let own = |i: IndicatorId| {
                x.view
                    .by_unit
                    .get(&i)
                    .and_then(|c| value_index(c, p).and_then(|j| c.own[j].value))
                    .is_some()
            };
            if own(num) || own(den) {
                return None;
            }
            let (nt, dt) = (
                cell_ref(x.blocks.get(&num)?.total, col),
                cell_ref(x.blocks.get(&den)?.total, col),
            );
            let times = if ind.kind == ValueKind::Percent { "*100" } else { "" };
            Some(format!(
                "IF(AND(ISNUMBER({nt}),ISNUMBER({dt}),{dt}<>0),ROUND({nt}{times}/{dt},1),\"-\")"
            ))
        }
        Aggregation::None => None,
    }
}

/// The column of a period in a table by unit.
fn value_index(con: &ByUnit, p: Period) -> Option<usize> {
    con.columns
        .iter()
        .position(|c| matches!(c, ColumnKind::Value { period, .. } if *period == p))
}

/// The by-unit sheet of appendix `a` for the unit shown, from the view's tables by unit of
/// the appendix's rows that take figures.
pub fn sheet(view: &PlanView, a: usize) -> Grid {
    let lang = view.lang;
    let cat = &view.catalog;
    let orgs = &view.orgs;
    let app = &cat.appendices[a];
    let periods = view.frame().periods().to_vec();
    let ids: Vec<IndicatorId> = app
        .rows
        .iter()
        .copied()
        .filter(|i| cat.get(*i).has_values && view.by_unit.contains_key(i))
        .collect();
    let parts = &view.parts;
    let shown = view.unit();
    let mut g = Grid {
        name: format!("{} {}", app.name(lang), lang.pick("theo đơn vị", "by unit")),
        ..Grid::default()
    };
    let first_value = 2u16;
    let notes_col = first_value + periods.len() as u16;
    let (code_col, unit_col) = (notes_col + 1, notes_col + 2);
    let last = notes_col;
    g.widths = vec![6.0, 40.0];
    g.widths.extend(std::iter::repeat_n(13.0, periods.len()));
    g.widths.extend([30.0, 14.0, 14.0]);
    // Titles.
    g.cells.push(cell(
        0,
        0,
        Item::Text(format!(
            "{} — {}",
            app.name(lang),
            lang.pick("tổng hợp theo đơn vị cấp dưới", "by the units below")
        )),
        Style::Title,
    ));
    g.merge(0, 0, 0, last);
    g.cells
        .push(cell(1, 0, Item::Text(app.title(lang, view.year)), Style::Title));
    g.merge(1, 0, 1, last);
    g.heights.push((1, 33.0));
    let sub = match &view.scenario {
        Some(sc) => format!(
            "({} — {} {} — {} “{sc}”)",
            shown.name(lang),
            lang.pick("Kế hoạch năm", "Plan for"),
            view.year,
            lang.pick("phương án", "scenario"),
        ),
        None => format!(
            "({} — {} {})",
            shown.name(lang),
            lang.pick("Kế hoạch năm", "Plan for"),
            view.year
        ),
    };
    g.cells.push(cell(2, 0, Item::Text(sub), Style::Subtitle));
    g.merge(2, 0, 2, last);
    g.title_rows = 4;
    // One header row.
    let h = 4u32;
    let mut heads = vec![
        lang.pick("STT", "No.").to_string(),
        lang.pick("Chỉ tiêu / Đơn vị", "Indicator / Unit").to_string(),
    ];
    heads.extend(periods.iter().map(|p| head(*p, lang)));
    heads.extend([
        lang.pick("Ghi chú", "Notes").to_string(),
        super::layout::CODE_HEADER.to_string(),
        UNIT_HEADER.to_string(),
    ]);
    for (c, t) in heads.into_iter().enumerate() {
        g.cells.push(cell(h, c as u16, Item::Text(t), Style::Header));
    }
    g.header = (h, h);
    g.frozen = 2;
    g.heights.push((h, 33.0));
    g.hidden = vec![code_col, unit_col];
    // Where each block lies, worked out first: a mean's formula reads its base's block.
    let mut blocks = HashMap::new();
    let mut r = h + 1;
    for id in &ids {
        let first = r + 1;
        let last_part = first + parts.len().max(1) as u32 - 1;
        blocks.insert(
            *id,
            Block {
                first,
                last: last_part,
                total: last_part + 1,
            },
        );
        r = last_part + 5;
    }
    let ctx = Ctx {
        view,
        parts,
        blocks: &blocks,
        periods: &periods,
    };
    let mut legend_marks: Vec<(Mark, Option<crate::domain::rollup::Cover>, String)> = Vec::new();
    for id in &ids {
        let ind = cat.get(*id);
        let con = &view.by_unit[id];
        let b = blocks[id];
        let head_row = b.first - 1;
        let unit = ind
            .unit
            .map(|u| format!(" ({})", cat.units[u].abbr.get(lang)))
            .unwrap_or_default();
        g.cells.push(cell(
            head_row,
            0,
            Item::Text(ind.number.clone()),
            Style::Stt { bold: true },
        ));
        let name = format!("{}{unit}", ind.name.get(lang));
        let lines = (crate::domain::text::width(&name) as f64 / 44.0).ceil();
        if lines > 1.0 {
            g.heights.push((head_row, 15.0 * lines));
        }
        g.cells.push(cell(
            head_row,
            1,
            Item::Text(name),
            Style::Name { indent: 0, bold: true },
        ));
        g.cells
            .push(cell(head_row, code_col, Item::Text(ind.code.clone()), Style::Code));
        // The parts.
        for (n, u) in parts.iter().enumerate() {
            let row = b.first + n as u32;
            g.cells.push(cell(
                row,
                0,
                Item::Text((n + 1).to_string()),
                Style::Stt { bold: false },
            ));
            g.cells.push(cell(
                row,
                1,
                Item::Text(orgs.get(*u).name(lang).to_string()),
                Style::Name { indent: 1, bold: false },
            ));
            let Some(pr) = con.parts.iter().find(|x| x.org == *u) else {
                continue;
            };
            let mut marks = Vec::new();
            for (k, p) in periods.iter().enumerate() {
                let Some(ci) = value_index(con, *p) else { continue };
                let c = &pr.cells[ci];
                let mark = Mark::origin(c);
                if let Some(m) = mark {
                    marks.push((m, c.cover, p.label(lang)));
                }
                g.cells.push(figure(row, first_value + k as u16, c, mark, false));
            }
            if !marks.is_empty() {
                g.cells
                    .push(cell(row, notes_col, Item::Text(row_note(&marks, lang)), Style::Remark));
                legend_marks.extend(marks);
            }
            g.cells
                .push(cell(row, code_col, Item::Text(ind.code.clone()), Style::Code));
            g.cells
                .push(cell(row, unit_col, Item::Text(orgs.get(*u).code.clone()), Style::Code));
        }
        if parts.is_empty() {
            g.cells.push(cell(
                b.first,
                1,
                Item::Text(lang.pick("(không có đơn vị cấp dưới)", "(no units below)").into()),
                Style::Label,
            ));
        }
        // The roll-up, what it reaches, the unit's own figure, the difference.
        let (t, cover_row, own_row, diff_row) = (b.total, b.total + 1, b.total + 2, b.total + 3);
        g.cells.push(cell(
            t,
            1,
            Item::Text(lang.pick("Cộng", "Total").into()),
            Style::Name { indent: 1, bold: true },
        ));
        g.cells.push(cell(
            cover_row,
            1,
            Item::Text(lang.pick("Số liệu có từ", "Reported by").into()),
            Style::Label,
        ));
        g.cells.push(cell(
            own_row,
            1,
            Item::Text(format!(
                "{} {}",
                lang.pick("Số nhập của", "Entered for"),
                shown.name(lang)
            )),
            Style::Name { indent: 1, bold: false },
        ));
        g.cells.push(cell(
            diff_row,
            1,
            Item::Text(
                lang.pick("Chênh lệch (nhập − cộng)", "Difference (entered − total)")
                    .into(),
            ),
            Style::Label,
        ));
        for (row, tag) in [
            (t, TOTAL_ROW),
            (cover_row, COVER_ROW),
            (own_row, OWN_ROW),
            (diff_row, DIFF_ROW),
        ] {
            g.cells
                .push(cell(row, code_col, Item::Text(ind.code.clone()), Style::Code));
            g.cells.push(cell(row, unit_col, Item::Text(tag.into()), Style::Code));
        }
        let mut total_marks = Vec::new();
        let mut own_marks = Vec::new();
        for (k, p) in periods.iter().enumerate() {
            let col = first_value + k as u16;
            let Some(ci) = value_index(con, *p) else { continue };
            let total = &con.total[ci];
            let mark = Mark::total(total);
            if let Some(m) = mark {
                total_marks.push((m, total.cover, p.label(lang)));
            }
            let dp = total.value.as_ref().map_or(0, decimals);
            g.cells.push(match rollup_formula(&ctx, *id, k, col) {
                Some(expr) => Cell {
                    mark,
                    ..cell(
                        t,
                        col,
                        Item::Formula {
                            expr,
                            result: total.value,
                        },
                        Style::Sum { decimals: dp },
                    )
                },
                None => figure(t, col, total, mark, true),
            });
            let reach = con.rolled[ci].as_ref().map(|r| built_from(r, lang)).unwrap_or_default();
            g.cells.push(cell(cover_row, col, Item::Text(reach), Style::Remark));
            let own = &con.own[ci];
            let mark = Mark::origin(own);
            if let Some(m) = mark {
                own_marks.push((m, None, p.label(lang)));
            }
            g.cells.push(figure(own_row, col, own, mark, false));
            let (tr, er) = (cell_ref(t, col), cell_ref(own_row, col));
            g.cells.push(cell(
                diff_row,
                col,
                Item::Formula {
                    expr: format!("IF(AND(ISNUMBER({er}),ISNUMBER({tr})),{er}-{tr},\"-\")"),
                    result: con.diff[ci],
                },
                Style::Sum {
                    decimals: con.diff[ci].as_ref().map_or(0, decimals),
                },
            ));
        }
        if !own_marks.is_empty() {
            g.cells.push(cell(
                own_row,
                notes_col,
                Item::Text(row_note(&own_marks, lang)),
                Style::Remark,
            ));
            legend_marks.extend(own_marks);
        }
        if !total_marks.is_empty() {
            g.cells.push(cell(
                t,
                notes_col,
                Item::Text(row_note(&total_marks, lang)),
                Style::Remark,
            ));
            legend_marks.extend(total_marks);
        }
    }
    g.fit_remarks();
    // The legend of the marks.
    let mut r = blocks.values().map(|b| b.total + 4).max().unwrap_or(h + 1) + 1;
    if legend_marks.iter().any(|(m, _, _)| *m == Mark::Narrative) {
        g.note_row(r, last, narrative_legend(lang).to_string());
        r += 1;
    }
    if legend_marks.iter().any(|(m, _, _)| *m == Mark::Rolled) {
        g.note_row(r, last, rolled_legend(lang).to_string());
        r += 1;
    }
    let partial: Vec<_> = legend_marks
        .iter()
        .filter(|(m, _, _)| *m == Mark::Partial)
        .map(|(_, c, col)| (c.unwrap_or_default(), col.clone()))
        .collect();
    if let Some(line) = partial_legend(&partial, lang) {
        g.note_row(r, last, line);
    }
    g
}
