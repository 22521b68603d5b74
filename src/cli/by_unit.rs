//! `kttt show --by-unit CODE`: an indicator consolidated over the unit's parts — one row per
//! district or commune, the roll-up with how many parts it covers, the unit's own entered
//! figure and the difference.

use super::args::{Format, ShowArgs};
use super::out;
use super::table::{Align, TextTable};
use crate::domain::catalog::FundingId;
use crate::domain::consolidate::Consolidation;
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
            return Err(Error::refused(
                format!("{} là dòng tiêu đề, không có số liệu.", s.catalog().get(id).code),
                format!("{} is a heading without figures.", s.catalog().get(id).code),
            ));
        }
        tables.push(s.deep_consolidation(id, FundingId::TOTAL)?);
    }
    if s.parts().is_empty() {
        return Err(Error::refused(
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
                        let (covered, expected) = if cov { t.coverage[i] } else { (0, 0) };
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
                        "coverage": t.coverage.iter().map(|(c, e)| json!([c, e])).collect::<Vec<_>>(),
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

/// A cell as text: a figure with `+` when rolled up, or a percentage.
fn text(c: &CellView, col: &ColumnKind, lang: Lang) -> String {
    match (col.is_computed(), c.value) {
        (true, Some(p)) => format_percent(&p, lang),
        (true, None) => String::new(),
        (false, v) => {
            let mut t = format_cell(v.as_ref(), lang);
            if c.rolled && v.is_some() {
                t.push('+');
            }
            t
        }
    }
}

fn render(s: &Session, t: &Consolidation, width: Option<usize>, lang: Lang) -> String {
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
        row.extend(t.columns.iter().enumerate().map(|(i, c)| text(&p.cells[i], c, lang)));
        tab.rows.push(row);
    }
    let level = t.level.map_or("", |l| l.name(lang));
    let last = t.columns.iter().rposition(|c| !c.is_computed()).unwrap_or(0);
    let (cov, exp) = t.coverage[last];
    let mut total = vec![format!("{} ({cov}/{exp} {level})", lang.pick("Cộng", "Total"))];
    total.extend(t.columns.iter().enumerate().map(|(i, c)| {
        let mut x = text(
            &CellView {
                rolled: false,
                ..t.total[i]
            },
            c,
            lang,
        );
        if !c.is_computed() && t.coverage[i].0 < t.coverage[i].1 && t.total[i].value.is_some() {
            x = format!("{x} ({}/{})", t.coverage[i].0, t.coverage[i].1);
        }
        x
    }));
    tab.rows.push(total);
    let mut own = vec![format!(
        "{} {}",
        lang.pick("Số nhập của", "Entered for"),
        s.unit().short.get(lang)
    )];
    own.extend(t.columns.iter().enumerate().map(|(i, c)| text(&t.own[i], c, lang)));
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
    out
}
