//! `kttt show`: an appendix as text, CSV or JSON, with its percentage columns.

use super::args::{Format, ShowArgs};
use super::table::{Align, TextTable, terminal_width};
use super::{open_session, use_year};
use crate::domain::number::{canonical, format_percent};
use crate::domain::rules::tally;
use crate::domain::sheet::{ColumnKind, RowKind, SheetView};
use crate::domain::values::Source;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::Session;
use serde_json::{Map, Value, json};
use std::io::Write;
use std::process::ExitCode;

/// Resolves the appendix argument (all when none).
pub(super) fn appendices(s: &Session, arg: Option<&str>) -> Result<Vec<usize>> {
    match arg {
        None => Ok((0..s.catalog.appendices.len()).collect()),
        Some(a) => s.catalog.appendix(a).map(|i| vec![i]).ok_or_else(|| {
            let a = crate::domain::text::sanitize(a);
            Error::refused(
                format!("Không có phụ lục “{a}”. Chọn phu-luc-1, phu-luc-2 hoặc phu-luc-3."),
                format!("There is no appendix “{a}”. Choose phu-luc-1, phu-luc-2 or phu-luc-3."),
            )
        }),
    }
}

/// The text of one cell for people: the figure with its marks, or the percentage.
fn cell_text(s: &Session, col: &ColumnKind, c: &crate::domain::sheet::CellView) -> String {
    let lang = s.lang;
    if !c.applicable && !col.is_computed() {
        return String::new();
    }
    match (col.is_computed(), c.value) {
        (true, Some(p)) => format_percent(&p, lang),
        (true, None) => String::new(),
        (false, v) => {
            let mut t = crate::domain::number::format_cell(v.as_ref(), lang);
            if let Some(k) = c.key {
                if c.changed {
                    t.push('#');
                } else if v.is_some() && s.data.cell(&k).is_some_and(|x| x.source == Source::Narrative) {
                    t.push('*');
                }
            }
            t
        }
    }
}

fn unit_text(s: &Session, id: crate::domain::catalog::IndicatorId) -> String {
    s.catalog.unit_name(id, s.lang).to_string()
}

fn render_table(s: &Session, a: usize, v: &SheetView) -> String {
    let lang = s.lang;
    let mut headers = vec![
        lang.pick("STT", "No.").to_string(),
        lang.pick("Chỉ tiêu", "Indicator").to_string(),
        lang.pick("ĐVT", "Unit").to_string(),
    ];
    headers.extend(v.columns.iter().map(|c| c.title(&s.catalog, lang)));
    let mut aligns = vec![Align::Left, Align::Left, Align::Left];
    aligns.extend(v.columns.iter().map(|_| Align::Right));
    let mut t = TextTable::new(headers, aligns);
    t.flex = Some(1);
    for (row, cells) in v.rows.iter().zip(&v.cells) {
        let indent = "  ".repeat(row.indent as usize);
        match row.kind {
            RowKind::Label(rel) => t.rows.push(vec![String::new(), format!("{indent}{}", rel.label(lang))]),
            RowKind::PartsSum(_) => {}
            RowKind::Indicator(id) => {
                let ind = s.catalog.get(id);
                let mut r = vec![
                    ind.number.clone(),
                    format!("{indent}{}", ind.name.get(lang)),
                    unit_text(s, id),
                ];
                r.extend(v.columns.iter().zip(cells).map(|(col, c)| cell_text(s, col, c)));
                t.rows.push(r);
            }
        }
    }
    let appendix = &s.catalog.appendices[a];
    let mut out = format!("{}. {}\n", appendix.name(lang), appendix.title(lang, s.year));
    if appendix.title_reconstructed {
        out.push_str(lang.pick(
            "(Phần đầu phụ lục này bị mất trong bản gốc; tiêu đề và dòng 1-2 dựng lại theo mẫu của Bộ, số liệu dòng 1-2 lấy từ phần thuyết minh.)\n",
            "(The top of this appendix is missing from the source; its title and rows 1-2 follow the ministry's template, their figures come from the plan's text.)\n",
        ));
    }
    out.push_str(&context_line(s));
    out.push('\n');
    out.push_str(&t.render(terminal_width()));
    out
}

/// `Tỉnh Bắc Kạn · Kế hoạch năm 2020 · Phương án: X`.
pub(super) fn context_line(s: &Session) -> String {
    let lang = s.lang;
    let mut line = format!(
        "{} · {} {}",
        s.store.orgs.get(s.org).name(lang),
        lang.pick("Kế hoạch năm", "Plan for"),
        s.year
    );
    if let Some(sc) = &s.scenario {
        line.push_str(&format!(
            " · {}: {}",
            lang.pick("Phương án", "Scenario"),
            crate::domain::text::sanitize(&sc.info.name)
        ));
    }
    line.push('\n');
    line
}

fn row_json(s: &Session, v: &SheetView, i: usize) -> Option<Value> {
    let RowKind::Indicator(id) = v.rows[i].kind else {
        return None;
    };
    let ind = s.catalog.get(id);
    let mut values = Map::new();
    let mut pct = Map::new();
    for (col, c) in v.columns.iter().zip(&v.cells[i]) {
        let key = col.id(&s.catalog);
        if col.is_computed() {
            if ind.has_values {
                pct.insert(
                    key,
                    json!({ "value": c.value.map(|p| canonical(&p)), "status": c.status }),
                );
            }
        } else if c.applicable {
            values.insert(
                key,
                c.value.map(|d| Value::String(canonical(&d))).unwrap_or(Value::Null),
            );
        }
    }
    Some(json!({
        "code": ind.code,
        "number": ind.number,
        "name": ind.name.get(s.lang),
        "unit": s.catalog.unit_name(id, s.lang),
        "indent": v.rows[i].indent,
        "origin": ind.origin,
        "direction": ind.direction,
        "values": values,
        "percent": pct,
    }))
}

/// Runs `kttt show`.
pub fn run(cli: &super::Cli, args: &ShowArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_session(cli, lang)?;
    use_year(&mut s, args.year)?;
    if let Some(name) = &args.scenario {
        s.activate(Some(name))?;
    }
    let which = appendices(&s, args.appendix.as_deref())?;
    let values = s.values();
    let findings = s.findings(&values);
    let sheets: Vec<(usize, SheetView)> = which
        .iter()
        .map(|a| (*a, s.sheet(*a, &s.catalog.appendices[*a].rows, &values, &findings)))
        .collect();
    let mut out = std::io::stdout().lock();
    let io = |e: std::io::Error| Error::Io {
        path: "stdout".into(),
        source: e,
    };
    match args.format {
        Format::Table => {
            for (n, (a, v)) in sheets.iter().enumerate() {
                if n > 0 {
                    writeln!(out).map_err(io)?;
                }
                write!(out, "{}", render_table(&s, *a, v)).map_err(io)?;
            }
            let narrative = sheets.iter().any(|(_, v)| {
                v.cells.iter().flatten().any(|c| {
                    c.key.is_some_and(|k| {
                        c.value.is_some() && s.data.cell(&k).is_some_and(|x| x.source == Source::Narrative)
                    })
                })
            });
            writeln!(out).map_err(io)?;
            if narrative {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "* số liệu lấy từ phần thuyết minh của kế hoạch, không có trong phụ lục.",
                        "* figure from the plan's text, not printed in the appendix."
                    )
                )
                .map_err(io)?;
            }
            if s.scenario.is_some() {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "# khác số chính thức (thay đổi của phương án).",
                        "# differs from the official figure (changed in the scenario)."
                    )
                )
                .map_err(io)?;
            }
            let (e, w, i) = tally(&findings);
            writeln!(
                out,
                "{}: {} — {}",
                lang.pick("Kiểm tra", "Checks"),
                crate::present::tally_text(e, w, i, lang),
                lang.pick("chi tiết: kttt check", "details: kttt check")
            )
            .map_err(io)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let mut header: Vec<String> = ["appendix", "code", "number", "name", "unit"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let cols: Vec<&ColumnKind> = sheets.iter().flat_map(|(_, v)| v.columns.iter()).collect();
            let mut ids: Vec<String> = Vec::new();
            for c in cols {
                let id = c.id(&s.catalog);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            header.extend(ids.iter().cloned());
            w.write_record(&header)
                .map_err(|e| Error::refused(e.to_string(), e.to_string()))?;
            for (a, v) in &sheets {
                for (i, row) in v.rows.iter().enumerate() {
                    let RowKind::Indicator(id) = row.kind else { continue };
                    let ind = s.catalog.get(id);
                    let mut rec = vec![
                        s.catalog.appendices[*a].code.clone(),
                        ind.code.clone(),
                        ind.number.clone(),
                        crate::domain::text::sanitize(ind.name.get(lang)),
                        s.catalog.unit_name(id, lang).to_string(),
                    ];
                    for colid in &ids {
                        let cell = v
                            .columns
                            .iter()
                            .position(|c| &c.id(&s.catalog) == colid)
                            .map(|j| &v.cells[i][j]);
                        rec.push(cell.and_then(|c| c.value).map(|d| canonical(&d)).unwrap_or_default());
                    }
                    w.write_record(&rec)
                        .map_err(|e| Error::refused(e.to_string(), e.to_string()))?;
                }
            }
            w.flush().map_err(io)?;
        }
        Format::Json => {
            let (e, wn, i) = tally(&findings);
            let apps: Vec<Value> = sheets
                .iter()
                .map(|(a, v)| {
                    let app = &s.catalog.appendices[*a];
                    json!({
                        "code": app.code,
                        "title": app.title(lang, s.year),
                        "columns": v.columns.iter().map(|c| json!({"id": c.id(&s.catalog), "title": c.title(&s.catalog, lang)})).collect::<Vec<_>>(),
                        "rows": (0..v.rows.len()).filter_map(|i| row_json(&s, v, i)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let org = s.store.orgs.get(s.org);
            let doc = json!({
                "plan_year": s.year,
                "org_unit": { "code": org.code, "name": org.name(lang) },
                "scenario": s.scenario.as_ref().map(|x| x.info.name.clone()),
                "appendices": apps,
                "findings": { "errors": e, "warnings": wn, "notes": i },
            });
            serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| Error::refused(e.to_string(), e.to_string()))?;
            writeln!(out).map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
