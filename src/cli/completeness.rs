//! `kttt completeness`: which units have entered which appendix of the plan — the unit and
//! each of its parts, with the cells still missing on request. A unit that has not reported
//! is listed as such; its blanks are never counted as zero anywhere.

use super::args::{Format, HelpVi};
use super::table::{Align, TextTable};
use super::{open_reading, out, use_year};
use crate::domain::completeness::Completeness;
use crate::error::Result;
use crate::i18n::Lang;
use clap::Args;
use serde_json::json;
use std::process::ExitCode;

/// Which units have entered which appendix of the plan (--unit: the unit and its parts)
#[derive(Args, Debug)]
pub struct CompletenessArgs {
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Also list each unit's missing cells
    #[arg(long)]
    pub missing: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Fit the table to N columns [default: the terminal's width; complete lines in a pipe]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

/// `kttt completeness`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Đơn vị nào đã nhập phụ lục nào của kế hoạch (--unit: đơn vị đó và các đơn vị cấp dưới)",
    ),
    ("", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    ("", "missing", "Liệt kê cả các ô còn thiếu của từng đơn vị"),
    ("", "format", "Dạng kết quả: table, csv, json"),
    (
        "",
        "width",
        "Vừa bảng trong N cột [mặc định: bề rộng cửa sổ; đủ dòng khi ghi ra ống dẫn hoặc tệp]",
    ),
];

/// Runs `kttt completeness`.
pub fn run(cli: &super::Cli, args: &CompletenessArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_reading(cli, lang)?;
    use_year(cli, &mut s, args.year)?;
    super::show::need_plan(&s)?;
    let mut units = vec![s.org()];
    units.extend(s.parts());
    let n = s.catalog().appendices.len();
    let table: Vec<(crate::domain::org::OrgId, Vec<Completeness>)> = units
        .iter()
        .map(|u| (*u, (0..n).map(|a| s.completeness(*u, a)).collect()))
        .collect();
    let cat = s.catalog();
    match args.format {
        Format::Table => {
            outln!(
                "{} — {} · {} {}",
                lang.pick("Tình hình nhập số liệu", "Entry progress"),
                s.unit().name(lang),
                lang.pick("Kế hoạch năm", "Plan"),
                s.year()
            );
            let mut heads = vec![lang.pick("Đơn vị", "Unit").to_string()];
            heads.extend(cat.appendices.iter().map(|a| a.name(lang)));
            let mut t = TextTable::new(heads, vec![Align::Left; n + 1]);
            t.flex = Some(0);
            t.keep = 1;
            for (u, cs) in &table {
                let mut row = vec![s.orgs().get(*u).name(lang).to_string()];
                row.extend(
                    cs.iter()
                        .map(|c| format!("{} {}/{}", c.state().name(lang), c.entered, c.expected)),
                );
                t.rows.push(row);
            }
            out!("{}", t.render(out::width(args.width)));
            let parts = table.len() - 1;
            if parts > 0 {
                let level = s.parts().first().map_or("", |p| s.orgs().get(*p).level.name(lang));
                for a in 0..n {
                    let started = table[1..]
                        .iter()
                        .filter(|(_, cs)| cs[a].state() != crate::domain::completeness::EntryState::NotEntered)
                        .count();
                    let complete = table[1..]
                        .iter()
                        .filter(|(_, cs)| cs[a].state() == crate::domain::completeness::EntryState::Complete)
                        .count();
                    outln!(
                        "{}: {started}/{parts} {level} {}, {complete} {}",
                        cat.appendices[a].name(lang),
                        lang.pick("có số liệu", "have figures"),
                        lang.pick("đủ", "complete")
                    );
                }
            }
            if args.missing {
                for (u, cs) in &table {
                    let missing: Vec<String> = cs
                        .iter()
                        .flat_map(|c| c.missing.iter())
                        .map(|k| format!("{} {}", cat.get(k.indicator).code, k.period.tag()))
                        .collect();
                    if missing.is_empty() {
                        continue;
                    }
                    outln!("");
                    outln!(
                        "{} — {} {}:",
                        s.orgs().get(*u).name(lang),
                        missing.len(),
                        lang.pick("ô còn thiếu", "cells missing")
                    );
                    outln!(
                        "{}",
                        super::table::wrap("  ", &missing.join(", "), 2, out::width(args.width))
                    );
                }
            }
        }
        Format::Csv => {
            let mut rows = vec![
                [
                    "org_unit", "name", "appendix", "state", "entered", "expected", "missing",
                ]
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>(),
            ];
            for (u, cs) in &table {
                for (a, c) in cs.iter().enumerate() {
                    rows.push(vec![
                        s.orgs().get(*u).code.clone(),
                        s.orgs().get(*u).name.vi.clone(),
                        cat.appendices[a].code.clone(),
                        format!("{:?}", c.state()).to_lowercase(),
                        c.entered.to_string(),
                        c.expected.to_string(),
                        if args.missing {
                            c.missing
                                .iter()
                                .map(|k| format!("{}:{}", cat.get(k.indicator).code, k.period.tag()))
                                .collect::<Vec<_>>()
                                .join(" ")
                        } else {
                            String::new()
                        },
                    ]);
                }
            }
            out::csv_rows(&rows, false)?;
        }
        Format::Json => {
            let items: Vec<_> = table
                .iter()
                .map(|(u, cs)| {
                    json!({
                        "org_unit": s.orgs().get(*u).code,
                        "name": s.orgs().get(*u).name.vi,
                        "appendices": cs.iter().enumerate().map(|(a, c)| json!({
                            "appendix": cat.appendices[a].code,
                            "state": format!("{:?}", c.state()).to_lowercase(),
                            "entered": c.entered,
                            "expected": c.expected,
                            "missing": c.missing.iter().map(|k| format!("{}:{}", cat.get(k.indicator).code, k.period.tag())).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            out::json(&serde_json::Value::Array(items))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
