//! `kttt show --by-unit CODE`: an indicator by unit over the unit's parts — one row per
//! district or commune, the roll-up with how many parts it covers, the unit's own entered
//! figure and the difference.

use super::args::Format;
use super::out;
use super::show::ShowArgs;
use super::table::{Align, TextTable};
use crate::domain::by_unit::ByUnit;
use crate::domain::catalog::FundingId;
use crate::domain::marks::{Mark, built_from, cover_summary, narrative_legend, partial_total_legend};
use crate::domain::number::{canonical, format_cell, format_percent};
use crate::domain::sheet::{CellView, ColumnKind};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::Session;
use serde_json::json;
use std::process::ExitCode;

/// Runs `kttt show --by-unit`.
pub fn run(s: &mut Session, args: &ShowArgs, lang: Lang) -> Result<ExitCode> {
    let mut tables = Vec::new();
    for code in &args.by_unit {
        let id = super::resolve::indicator(s, code.trim())?;
        if !s.catalog().get(id).has_values {
            return Err(Error::said(
                format!("{} là dòng tiêu đề, không có số liệu.", s.catalog().get(id).code),
                format!("{} is a heading without figures.", s.catalog().get(id).code),
            ));
        }
        tables.push(s.deep_by_unit(id, FundingId::TOTAL)?);
    }
    if s.parts().is_empty() {
        return Err(Error::said(
            format!(
                "{} không có đơn vị cấp dưới vào cuối năm {}.",
                s.unit().name.vi,
                s.year()
            ),
            format!("{} has no units below it at the end of {}.", s.unit().name.en, s.year()),
        ));
    }
    match args.format {
        Format::Table => {
            let width = out::width(args.width);
            for (n, t) in tables.iter().enumerate() {
                if n > 0 {
                    outln!("");
                }
                out!("{}", render(s, t, width, lang));
            }
        }
        Format::Csv => {
            let mut rows = vec![
                [
                    "indicator",
                    "row",
                    "org_unit",
                    "name",
                    "column",
                    "value",
                    "covered",
                    "expected",
                    "built_from",
                ]
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>(),
            ];
            for t in &tables {
                let code = s.catalog().get(t.indicator).code.clone();
                let cat = s.catalog();
                let mut push = |row: &str, org: &str, name: &str, cells: &[CellView], cov: bool| {
                    for (i, c) in t.columns.iter().enumerate() {
                        let rolled = t.rolled[i].as_ref().filter(|_| cov);
                        let cover = rolled.map(|r| r.cover()).unwrap_or_default();
                        let (covered, expected) = (cover.covered, cover.expected);
                        rows.push(vec![
                            code.clone(),
                            row.into(),
                            org.into(),
                            name.into(),
                            c.id(cat),
                            cells[i].value.as_ref().map(canonical).unwrap_or_default(),
                            if cov && !c.is_computed() {
                                covered.to_string()
                            } else {
                                String::new()
                            },
                            if cov && !c.is_computed() {
                                expected.to_string()
                            } else {
                                String::new()
                            },
                            rolled.map(|r| built_from(r, lang)).unwrap_or_default(),
                        ]);
                    }
                };
                for p in &t.parts {
                    let u = s.orgs().get(p.org);
                    push("part", &u.code, &u.name.vi, &p.cells, false);
                }
                let u = s.unit();
                push("total", &u.code, &u.name.vi, &t.total, true);
                push("own", &u.code, &u.name.vi, &t.own, false);
            }
            out::csv_rows(&rows, false)?;
        }
        Format::Json => {
            let cells = |cs: &[CellView]| -> Vec<serde_json::Value> {
                cs.iter().map(|c| json!(c.value.as_ref().map(canonical))).collect()
            };
            let items: Vec<_> = tables
                .iter()
                .map(|t| {
                    json!({
                        "indicator": s.catalog().get(t.indicator).code,
                        "org_unit": s.unit().code,
                        "columns": t.columns.iter().map(|c| c.id(s.catalog())).collect::<Vec<_>>(),
                        "parts": t.parts.iter().map(|p| json!({
                            "org_unit": s.orgs().get(p.org).code,
                            "name": s.orgs().get(p.org).name.vi,
                            "values": cells(&p.cells),
                        })).collect::<Vec<_>>(),
                        "total": cells(&t.total),
                        "coverage": t.rolled.iter().map(|r| {
                            let c = r.as_ref().map(|r| r.cover()).unwrap_or_default();
                            json!([c.covered, c.expected])
                        }).collect::<Vec<_>>(),
                        "built_from": t.rolled.iter().map(|r| r.as_ref().map(|r| built_from(r, lang))).collect::<Vec<_>>(),
                        "own": cells(&t.own),
                        "difference": t.diff.iter().map(|d| json!(d.as_ref().map(canonical))).collect::<Vec<_>>(),
                    })
                })
                .collect();
            out::json(&serde_json::Value::Array(items))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A cell as text: a figure with its mark (`*` from the plan's text, `+` rolled up, `~` from
/// only some units below; on the total row only `~`), or a percentage.
fn text(c: &CellView, col: &ColumnKind, mark: Option<Mark>, lang: Lang) -> String {
    match (col.is_computed(), c.value) {
        (true, Some(p)) => format_percent(&p, lang),
        (true, None) => String::new(),
        (false, v) => {
            let mut t = format_cell(v.as_ref(), lang);
            if let Some(m) = mark {
                t.push(m.char());
            }
            t
        }
    }
}

/// The roll-up row's label, and a line saying what each column's roll-up is built from when
/// the columns differ.
pub(crate) fn total_label(s: &Session, t: &ByUnit) -> (String, Option<String>) {
    let lang = s.lang();
    let items: Vec<(String, &crate::domain::rollup::Rolled)> = t
        .columns
        .iter()
        .zip(&t.rolled)
        .filter_map(|(c, r)| Some((c.title(s.catalog(), lang), r.as_ref()?)))
        .collect();
    let summary = cover_summary(&items, lang);
    if summary.contains(" — ") {
        (lang.pick("Cộng", "Total").to_string(), Some(summary))
    } else {
        (summary, None)
    }
}

fn render(s: &Session, t: &ByUnit, width: Option<usize>, lang: Lang) -> String {
    let cat = s.catalog();
    let ind = cat.get(t.indicator);
    let mut heads = vec![lang.pick("Đơn vị", "Unit").to_string()];
    let mut align = vec![Align::Left];
    for c in &t.columns {
        let (a, b) = c.head(cat, lang);
        heads.push(format!("{a}\n{b}"));
        align.push(Align::Right);
    }
    let mut tab = TextTable::new(heads, align);
    tab.flex = Some(0);
    tab.keep = 1;
    for p in &t.parts {
        let mut row = vec![s.orgs().get(p.org).name.get(lang).to_string()];
        row.extend(
            t.columns
                .iter()
                .enumerate()
                .map(|(i, c)| text(&p.cells[i], c, Mark::origin(&p.cells[i]), lang)),
        );
        tab.rows.push(row);
    }
    let (label, summary) = total_label(s, t);
    let mut total = vec![label];
    // The total is a roll-up by definition: only a partial one is marked (`~`).
    total.extend(
        t.columns
            .iter()
            .enumerate()
            .map(|(i, c)| text(&t.total[i], c, Mark::total(&t.total[i]), lang)),
    );
    tab.rows.push(total);
    let mut own = vec![format!(
        "{} {}",
        lang.pick("Số nhập của", "Entered for"),
        s.unit().short.get(lang)
    )];
    own.extend(
        t.columns
            .iter()
            .enumerate()
            .map(|(i, c)| text(&t.own[i], c, Mark::origin(&t.own[i]), lang)),
    );
    tab.rows.push(own);
    let mut diff = vec![
        lang.pick("Chênh lệch (nhập − cộng)", "Difference (entered − total)")
            .to_string(),
    ];
    diff.extend(
        t.diff
            .iter()
            .map(|d| d.map(|d| format_cell(Some(&d), lang)).unwrap_or_default()),
    );
    tab.rows.push(diff);
    let mut out = format!(
        "{} ({}) {} — {} · {} {}\n",
        ind.name.get(lang),
        cat.unit_abbr(t.indicator, lang),
        lang.pick("theo đơn vị", "by unit"),
        s.unit().name(lang),
        lang.pick("Kế hoạch năm", "Plan"),
        s.year()
    );
    if t.mapped.iter().any(|m| *m) {
        out.push_str(lang.pick(
            "(các kỳ trước khi đơn vị được lập: cộng từ các đơn vị cũ qua bảng ánh xạ)\n",
            "(periods before the unit existed: added up from the former units through the mapping)\n",
        ));
    }
    out.push_str(&tab.render(width));
    if let Some(line) = summary {
        out.push_str(&super::table::wrap("", &line, 2, width));
        out.push('\n');
    }
    let marked = |m: Mark| {
        t.parts
            .iter()
            .map(|p| &p.cells)
            .chain([&t.own])
            .flatten()
            .any(|c| Mark::origin(c) == Some(m))
    };
    if marked(Mark::Narrative) {
        out.push_str(&super::table::wrap("", narrative_legend(lang), 2, width));
        out.push('\n');
    }
    if t.total.iter().any(|c| Mark::total(c).is_some()) {
        out.push_str(&super::table::wrap("", partial_total_legend(lang), 2, width));
        out.push('\n');
    }
    out
}
