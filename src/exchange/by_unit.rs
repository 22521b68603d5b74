//! The consolidation sheet of an appendix: the units below as rows, each indicator's
//! estimate and plan as columns, then the roll-up as spreadsheet formulas (a sum, a weighted
//! mean, a ratio — the indicator's own aggregation), the unit's own figures and the
//! difference, every formula with its computed result.

use super::layout::{Grid, Item, Style, cell_ref};
use crate::domain::catalog::{Aggregation, FundingId, IndicatorId};
use crate::domain::sheet::ColumnKind;
use crate::session::Session;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The consolidation sheet of appendix `a` for the session's unit.
pub fn sheet(s: &Session, a: usize) -> Grid {
    let lang = s.lang();
    let cat = s.catalog();
    let app = &cat.appendices[a];
    let frame = s.frame();
    let periods = [frame.estimate_last(), frame.plan_this()];
    let ids: Vec<IndicatorId> = app.rows.iter().copied().filter(|i| cat.get(*i).has_values).collect();
    let mut g = Grid {
        name: format!("{} {}", app.name(lang), lang.pick("theo đơn vị", "by unit")),
        ..Grid::default()
    };
    let parts = s.parts();
    let last = 1 + (ids.len() * periods.len()) as u16;
    g.cells.push(cell(0, 0, Item::Text(app.name(lang)), Style::Title));
    g.cells.push(cell(
        1,
        0,
        Item::Text(format!(
            "{} — {} {}",
            app.title(lang, s.year()),
            lang.pick("tổng hợp theo đơn vị cấp dưới của", "consolidated over the units below"),
            s.unit().name(lang)
        )),
        Style::Title,
    ));
    g.merges.push(merge(0, 0, 0, last));
    g.merges.push(merge(1, 0, 1, last));
    g.title_rows = 3;
    let (h0, h1) = (3u32, 4u32);
    g.cells
        .push(cell(h0, 0, Item::Text(lang.pick("STT", "No.").into()), Style::Header));
    g.cells.push(cell(
        h0,
        1,
        Item::Text(lang.pick("Đơn vị", "Unit").into()),
        Style::Header,
    ));
    g.merges.push(merge(h0, 0, h1, 0));
    g.merges.push(merge(h0, 1, h1, 1));
    // Each indicator: a head over its periods.
    let mut col_of: HashMap<(IndicatorId, usize), u16> = HashMap::new();
    let mut c = 2u16;
    for id in &ids {
        let ind = cat.get(*id);
        let unit = ind
            .unit
            .map(|u| format!(" ({})", cat.units[u].abbr.get(lang)))
            .unwrap_or_default();
        g.cells.push(cell(
            h0,
            c,
            Item::Text(format!("{}{unit}", ind.short.get(lang))),
            Style::Header,
        ));
        g.merges.push(merge(h0, c, h0, c + periods.len() as u16 - 1));
        for (k, p) in periods.iter().enumerate() {
            g.cells
                .push(cell(h1, c + k as u16, Item::Text(p.label(lang)), Style::Header));
            col_of.insert((*id, k), c + k as u16);
        }
        c += periods.len() as u16;
    }
    g.header = (h0, h1);
    // The parts' figures.
    let first = h1 + 1;
    let mut figures: HashMap<(IndicatorId, usize), Vec<Option<Decimal>>> = HashMap::new();
    let mut own: HashMap<(IndicatorId, usize), Option<Decimal>> = HashMap::new();
    // What kttt works out for the roll-up: the formulas' cached results.
    let mut rolled: HashMap<(IndicatorId, usize), (Option<Decimal>, Option<Decimal>)> = HashMap::new();
    for id in &ids {
        let con = s.consolidation(*id, FundingId::TOTAL);
        for (k, p) in periods.iter().enumerate() {
            let Some(ci) = con
                .columns
                .iter()
                .position(|x| matches!(x, ColumnKind::Value { period, .. } if period == p))
            else {
                continue;
            };
            let col: Vec<Option<Decimal>> = parts
                .iter()
                .map(|u| con.parts.iter().find(|r| r.org == *u).and_then(|r| r.cells[ci].value))
                .collect();
            figures.insert((*id, k), col);
            own.insert((*id, k), con.own.get(ci).and_then(|x| x.value));
            rolled.insert(
                (*id, k),
                (
                    con.total.get(ci).and_then(|x| x.value),
                    con.diff.get(ci).copied().flatten(),
                ),
            );
        }
    }
    for (n, u) in parts.iter().enumerate() {
        let r = first + n as u32;
        g.cells
            .push(cell(r, 0, Item::Text((n + 1).to_string()), Style::Stt { bold: false }));
        g.cells.push(cell(
            r,
            1,
            Item::Text(s.orgs().get(*u).name(lang).to_string()),
            Style::Name { indent: 0, bold: false },
        ));
        for ((id, k), col) in &figures {
            let c = col_of[&(*id, *k)];
            g.cells.push(match col[n] {
                Some(v) => cell(
                    r,
                    c,
                    Item::Number(v),
                    Style::Figure {
                        decimals: v.normalize().scale().min(3),
                        bold: false,
                    },
                ),
                None => cell(r, c, Item::Text("-".into()), Style::Dash),
            });
        }
    }
    let total = first + parts.len() as u32;
    let last_part = total.saturating_sub(1);
    g.cells.push(cell(
        total,
        1,
        Item::Text(format!(
            "{} ({} {})",
            lang.pick("Cộng", "Total"),
            parts.len(),
            s.orgs().get(parts.first().copied().unwrap_or(s.org())).level.name(lang)
        )),
        Style::Name { indent: 0, bold: true },
    ));
    g.cells.push(cell(
        total + 1,
        1,
        Item::Text(format!(
            "{} {}",
            lang.pick("Số nhập của", "Entered for"),
            s.unit().name(lang)
        )),
        Style::Name { indent: 0, bold: false },
    ));
    g.cells.push(cell(
        total + 2,
        1,
        Item::Text(
            lang.pick("Chênh lệch (nhập − cộng)", "Difference (entered − total)")
                .into(),
        ),
        Style::Label,
    ));
    for (id, k) in figures.keys() {
        let c = col_of[&(*id, *k)];
        let range = format!("{}:{}", cell_ref(first, c), cell_ref(last_part, c));
        let (result, diff) = rolled.get(&(*id, *k)).copied().unwrap_or_default();
        let expr = if parts.is_empty() {
            None
        } else {
            match cat.get(*id).aggregation {
                Aggregation::Sum => Some(format!("IF(COUNT({range})=0,\"-\",SUM({range}))")),
                Aggregation::Mean { base } => col_of.get(&(base, *k)).map(|bc| {
                    // Rounded as kttt rounds it: to the parts' decimals (whole for counts).
                    let dp = match cat.get(*id).kind {
                        crate::domain::catalog::ValueKind::Count => 0,
                        _ => figures[&(*id, *k)].iter().flatten().map(|v| v.scale()).max().unwrap_or(0),
                    };
                    let br = format!("{}:{}", cell_ref(first, *bc), cell_ref(last_part, *bc));
                    format!("IF(SUMPRODUCT(ISNUMBER({range})*ISNUMBER({br})*{br})=0,\"-\",ROUND(SUMPRODUCT(ISNUMBER({range})*ISNUMBER({br}),{range},{br})/SUMPRODUCT(ISNUMBER({range})*ISNUMBER({br})*{br}),{dp}))")
                }),
                Aggregation::Ratio { num, den } => match (col_of.get(&(num, *k)), col_of.get(&(den, *k))) {
                    (Some(nc), Some(dc)) => {
                        let (nt, dt) = (cell_ref(total, *nc), cell_ref(total, *dc));
                        let times = if cat.get(*id).kind == crate::domain::catalog::ValueKind::Percent { "*100" } else { "" };
                        Some(format!("IF(AND(ISNUMBER({nt}),ISNUMBER({dt}),{dt}<>0),ROUND({nt}{times}/{dt},1),\"-\")"))
                    }
                    _ => None,
                },
                Aggregation::None => None,
            }
        };
        match expr {
            Some(expr) => g.cells.push(cell(
                total,
                c,
                Item::Formula { expr, result },
                Style::Sum {
                    decimals: result.map_or(0, |v| v.normalize().scale().min(3)),
                },
            )),
            None => g.cells.push(cell(total, c, Item::Text("-".into()), Style::Dash)),
        }
        let o = own.get(&(*id, *k)).copied().flatten();
        g.cells.push(match o {
            Some(v) => cell(
                total + 1,
                c,
                Item::Number(v),
                Style::Figure {
                    decimals: v.normalize().scale().min(3),
                    bold: false,
                },
            ),
            None => cell(total + 1, c, Item::Text("-".into()), Style::Dash),
        });
        let (t, e) = (cell_ref(total, c), cell_ref(total + 1, c));
        g.cells.push(cell(
            total + 2,
            c,
            Item::Formula {
                expr: format!("IF(AND(ISNUMBER({e}),ISNUMBER({t})),{e}-{t},\"-\")"),
                result: diff,
            },
            Style::Sum {
                decimals: diff.map_or(0, |v| v.normalize().scale().min(3)),
            },
        ));
    }
    g.wide = true;
    g.widths = vec![6.0, 34.0];
    g.widths.extend(std::iter::repeat_n(12.0, ids.len() * periods.len()));
    g
}

fn cell(row: u32, col: u16, item: Item, style: Style) -> super::layout::Cell {
    super::layout::Cell { row, col, item, style }
}

fn merge(first_row: u32, first_col: u16, last_row: u32, last_col: u16) -> super::layout::Merge {
    super::layout::Merge {
        first_row,
        first_col,
        last_row,
        last_col,
    }
}
