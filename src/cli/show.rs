//! `kttt show`: an appendix as text (fitted to the terminal), CSV or JSON, with its
//! percentage columns — drawn from the plan as shown, each figure with the mark its cell
//! gives it.

use super::args::{Format, HelpVi};
use super::table::{Align, TextTable};
use super::use_year;
use crate::domain::catalog::IndicatorId;
use crate::domain::marks::{Mark, changed_legend, narrative_legend, partial_legend, reconstructed_note, rolled_legend};
use crate::domain::number::{canonical, format_percent};
use crate::domain::rollup::Cover;
use crate::domain::rules::tally;
use crate::domain::sheet::{CellView, ColumnKind, RowKind, SheetView};
use crate::domain::view::ViewOptions;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::Session;
use clap::Args;
use serde_json::{Map, Value, json};
use std::process::ExitCode;

/// Print an appendix (all three when none is named) with its percentage columns
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// phu-luc-1, phu-luc-2 or phu-luc-3 (also 1, 2, 3)
    #[arg(value_name = "APPENDIX")]
    pub appendix: Option<String>,
    /// Plan year N (shows actual N-2, plan and estimate N-1, plan N) [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Show a what-if scenario's figures instead of the official ones
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Fit the table to N columns [default: the terminal's width; complete lines in a pipe]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
    /// Consolidate these indicators over the unit's parts instead (codes, comma-separated): one row per district or commune, the roll-up, the unit's own figure and the difference
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub by_unit: Vec<String>,
}

/// `kttt show`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "In một phụ lục (cả ba nếu không chỉ rõ) kèm các cột tỷ lệ %"),
    ("", "appendix", "phu-luc-1, phu-luc-2 hoặc phu-luc-3 (hoặc 1, 2, 3)"),
    (
        "",
        "year",
        "Năm kế hoạch N (hiện TH N-2, KH và ƯTH N-1, KH N) [mặc định: kế hoạch mới nhất]",
    ),
    ("", "format", "Dạng kết quả: table (bảng), csv, json"),
    (
        "",
        "width",
        "Vừa bảng trong N cột [mặc định: bề rộng cửa sổ; đủ dòng khi ghi ra ống dẫn hoặc tệp]",
    ),
    (
        "",
        "scenario",
        "Hiện số liệu của một phương án giả định thay cho số chính thức",
    ),
    (
        "",
        "by_unit",
        "Tổng hợp các chỉ tiêu này theo đơn vị cấp dưới (mã, cách nhau bởi dấu phẩy): mỗi huyện/xã một dòng, dòng cộng, số nhập của đơn vị và chênh lệch",
    ),
];

/// Resolves the appendix argument (all when none).
pub(super) fn appendices(catalog: &crate::domain::catalog::Catalog, arg: Option<&str>) -> Result<Vec<usize>> {
    match arg {
        None => Ok((0..catalog.appendices.len()).collect()),
        Some(a) => catalog.appendix(a).map(|i| vec![i]).ok_or_else(|| {
            let a = crate::domain::text::sanitize(a);
            Error::said(
                format!("Không có phụ lục “{a}”. Chọn phu-luc-1, phu-luc-2 hoặc phu-luc-3."),
                format!("There is no appendix “{a}”. Choose phu-luc-1, phu-luc-2 or phu-luc-3."),
            )
        }),
    }
}

/// Refuses to print a plan the database does not hold (an empty table would mislead).
pub(super) fn need_plan(s: &Session) -> Result<()> {
    if s.plans().iter().any(|p| p.year == s.year()) {
        Ok(())
    } else {
        Err(s.no_plan(s.year()))
    }
}

/// The text of one cell for people: the figure with its mark, or the percentage.
fn cell_text(s: &Session, col: &ColumnKind, c: &CellView) -> String {
    let lang = s.lang();
    if !c.applicable && !col.is_computed() {
        return String::new();
    }
    match (col.is_computed(), c.value) {
        (true, Some(p)) => format_percent(&p, lang),
        (true, None) => String::new(),
        (false, v) => {
            let mut t = crate::domain::number::format_cell(v.as_ref(), lang);
            if let Some(m) = Mark::printed(c) {
                t.push(m.char());
            }
            t
        }
    }
}

fn render_table(s: &Session, a: usize, v: &SheetView, width: Option<usize>) -> String {
    let lang = s.lang();
    let cat = s.catalog();
    let fit = width.is_some();
    let mut headers = vec![
        lang.pick("STT", "No.").to_string(),
        lang.pick("Chỉ tiêu", "Indicator").to_string(),
        lang.pick("ĐVT", "Unit").to_string(),
    ];
    headers.extend(v.columns.iter().map(|c| {
        if fit {
            let (h1, h2) = c.head(cat, lang);
            format!("{h1}\n{h2}")
        } else {
            c.title(cat, lang)
        }
    }));
    let mut aligns = vec![Align::Left, Align::Left, Align::Left];
    aligns.extend(v.columns.iter().map(|_| Align::Right));
    let mut t = TextTable::new(headers, aligns);
    t.flex = Some(1);
    t.min_flex = 16;
    t.keep = 3;
    let unit = |id: IndicatorId| {
        if fit {
            cat.unit_abbr(id, lang).to_string()
        } else {
            cat.unit_name(id, lang).to_string()
        }
    };
    for (row, cells) in v.rows.iter().zip(&v.cells) {
        let indent = if fit { " " } else { "  " }.repeat(row.indent as usize);
        match row.kind {
            RowKind::Label(rel) => t.rows.push(vec![String::new(), format!("{indent}{}", rel.label(lang))]),
            RowKind::PartsSum(_) => {}
            RowKind::Indicator(id) => {
                let ind = cat.get(id);
                let mut r = vec![ind.number.clone(), format!("{indent}{}", ind.name.get(lang)), unit(id)];
                r.extend(v.columns.iter().zip(cells).map(|(col, c)| cell_text(s, col, c)));
                t.rows.push(r);
            }
        }
    }
    let appendix = &cat.appendices[a];
    let mut out = format!("{}. {}\n", appendix.name(lang), appendix.title(lang, s.year()));
    if appendix.title_reconstructed {
        out.push_str(reconstructed_note(lang));
        out.push('\n');
    }
    out.push_str(&context_line(s));
    let head: Vec<String> = out.lines().map(|l| super::table::wrap("", l, 0, width)).collect();
    let mut out = head.join("\n");
    out.push_str("\n\n");
    out.push_str(&t.render(width));
    out
}

/// `Tỉnh Bắc Kạn · Kế hoạch năm 2020 · Phương án: X`.
pub(super) fn context_line(s: &Session) -> String {
    let lang = s.lang();
    let mut line = format!(
        "{} · {} {}",
        s.unit().name(lang),
        lang.pick("Kế hoạch năm", "Plan for"),
        s.year()
    );
    if let Some(sc) = s.scenario() {
        line.push_str(&format!(" · {}: {}", lang.pick("Phương án", "Scenario"), sc.name));
    }
    line.push('\n');
    line
}

/// The coverage of a row's rolled-up figures for CSV: `TH2018: 1/8 huyện; UTH2019: 1/8 huyện`.
fn coverage_text(s: &Session, v: &SheetView, i: usize) -> String {
    let parts: Vec<String> = v
        .columns
        .iter()
        .zip(&v.cells[i])
        .filter_map(|(col, c)| {
            let cover = c.cover.filter(|_| c.rolled && c.value.is_some())?;
            Some(format!("{}: {}", col.id(s.catalog()), cover.text(s.lang())))
        })
        .collect();
    parts.join("; ")
}

fn row_json(s: &Session, v: &SheetView, i: usize) -> Option<Value> {
    let RowKind::Indicator(id) = v.rows[i].kind else {
        return None;
    };
    let cat = s.catalog();
    let ind = cat.get(id);
    let mut values = Map::new();
    let mut pct = Map::new();
    let mut coverage = Map::new();
    for (col, c) in v.columns.iter().zip(&v.cells[i]) {
        let key = col.id(cat);
        if let Some(cover) = c.cover.filter(|_| c.rolled && c.value.is_some()) {
            coverage.insert(
                key.clone(),
                json!({
                    "covered": cover.covered,
                    "expected": cover.expected,
                    "level": cover.level.map(|l| l.code()),
                    "mapped": cover.mapped,
                    "complete": cover.complete(),
                }),
            );
        }
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
        "name": ind.name.get(s.lang()),
        "unit": cat.unit_name(id, s.lang()),
        "kind": ind.kind,
        "indent": v.rows[i].indent,
        "origin": ind.origin,
        "direction": ind.direction,
        "values": values,
        "percent": pct,
        "coverage": coverage,
    }))
}

/// Runs `kttt show`.
pub fn run(cli: &super::Cli, args: &ShowArgs, lang: Lang) -> Result<ExitCode> {
    // The appendices draw the unit's own sheet: kept roll-ups stand in for its parts. The
    // by-unit table reads the parts' figures it shows itself.
    let mut s = if args.by_unit.is_empty() {
        super::open_showing(cli, lang, true)?
    } else {
        super::open_by_unit(cli, lang)?
    };
    use_year(cli, &mut s, args.year)?;
    need_plan(&s)?;
    if let Some(name) = &args.scenario {
        s.activate(Some(name))?;
    }
    if !args.by_unit.is_empty() {
        return super::by_unit::run(&mut s, args, lang);
    }
    let only = match &args.appendix {
        Some(a) => appendices(s.catalog(), Some(a))?.first().copied(),
        None => None,
    };
    let view = s.plan_view(ViewOptions {
        only,
        ..ViewOptions::default()
    });
    let (sheets, findings) = (&view.sheets, &view.findings);
    match args.format {
        Format::Table => {
            let width = super::out::width(args.width);
            for (n, (a, v)) in sheets.iter().enumerate() {
                if n > 0 {
                    outln!("");
                }
                out!("{}", render_table(&s, *a, v, width));
            }
            outln!("");
            let wrap = |t: &str| super::table::wrap("", t, 2, width);
            let marked = |m: Mark| {
                sheets
                    .iter()
                    .any(|(_, v)| v.cells.iter().flatten().any(|c| Mark::printed(c) == Some(m)))
            };
            if marked(Mark::Narrative) {
                outln!("{}", wrap(narrative_legend(lang)));
            }
            if marked(Mark::Rolled) {
                outln!("{}", wrap(rolled_legend(lang)));
            }
            if marked(Mark::Carried) {
                outln!("{}", wrap(crate::domain::marks::carried_legend(lang)));
            }
            let partial: Vec<(Cover, String)> = sheets
                .iter()
                .flat_map(|(_, v)| {
                    v.cells.iter().flat_map(|row| {
                        v.columns
                            .iter()
                            .zip(row)
                            .filter(|(_, c)| Mark::printed(c) == Some(Mark::Partial))
                            .map(|(col, c)| (c.cover.unwrap_or_default(), col.title(s.catalog(), lang)))
                    })
                })
                .collect();
            if let Some(line) = partial_legend(&partial, lang) {
                outln!("{}", wrap(&line));
            }
            if s.scenario().is_some() {
                outln!("{}", wrap(changed_legend(lang)));
            }
            let (e, w, i) = tally(findings);
            outln!(
                "{}",
                wrap(&format!(
                    "{}: {} — {}",
                    lang.pick("Kiểm tra", "Checks"),
                    crate::present::tally_text(e, w, i, lang),
                    lang.pick("chi tiết: kttt check", "details: kttt check")
                ))
            );
        }
        Format::Csv => {
            let cat = s.catalog();
            let mut header: Vec<String> = ["appendix", "code", "number", "name", "unit"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let mut ids: Vec<String> = Vec::new();
            for c in sheets.iter().flat_map(|(_, v)| v.columns.iter()) {
                let id = c.id(cat);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            header.extend(ids.iter().cloned());
            header.push("coverage".into());
            let mut rows = vec![header];
            for (a, v) in sheets {
                for (i, row) in v.rows.iter().enumerate() {
                    let RowKind::Indicator(id) = row.kind else { continue };
                    let ind = cat.get(id);
                    let mut rec = vec![
                        cat.appendices[*a].code.clone(),
                        ind.code.clone(),
                        ind.number.clone(),
                        ind.name.get(lang).to_string(),
                        cat.unit_name(id, lang).to_string(),
                    ];
                    for colid in &ids {
                        let cell = v
                            .columns
                            .iter()
                            .position(|c| &c.id(cat) == colid)
                            .map(|j| &v.cells[i][j]);
                        rec.push(cell.and_then(|c| c.value).map(|d| canonical(&d)).unwrap_or_default());
                    }
                    rec.push(coverage_text(&s, v, i));
                    rows.push(rec);
                }
            }
            super::out::csv_rows(&rows, false)?;
        }
        Format::Json => {
            let (e, wn, i) = tally(findings);
            let cat = s.catalog();
            let apps: Vec<Value> = sheets
                .iter()
                .map(|(a, v)| {
                    let app = &cat.appendices[*a];
                    json!({
                        "code": app.code,
                        "title": app.title(lang, s.year()),
                        "columns": v.columns.iter().map(|c| json!({"id": c.id(cat), "title": c.title(cat, lang)})).collect::<Vec<_>>(),
                        "rows": (0..v.rows.len()).filter_map(|i| row_json(&s, v, i)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let org = s.unit();
            let doc = json!({
                "plan_year": s.year(),
                "org_unit": { "code": org.code, "name": org.name(lang) },
                "scenario": s.scenario().map(|x| x.name.clone()),
                "appendices": apps,
                "findings": { "errors": e, "warnings": wn, "notes": i },
            });
            super::out::json(&doc)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
