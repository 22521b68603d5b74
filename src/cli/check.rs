//! `kttt check`: every validation finding, grouped by severity (text fitted to the terminal,
//! CSV or JSON); exit 1 when any is an error.

use super::args::{Format, HelpVi};
use super::show::need_plan;
use super::table::wrap;
use super::{EXIT_FAIL, open_reading, use_year};
use crate::domain::org::OrgId;
use crate::domain::rules::{Finding, Severity, describe};
use crate::domain::values::CellKey;
use crate::error::Result;
use crate::i18n::Lang;
use crate::session::Session;
use clap::Args;
use serde_json::json;
use std::process::ExitCode;

/// List all validation findings; exits with 1 if any is an error
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Check a what-if scenario's figures
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Fit the report to N columns [default: the terminal's width; complete lines in a pipe]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

/// `kttt check`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Liệt kê các phát hiện khi kiểm tra số liệu; trả mã 1 nếu có lỗi",
    ),
    ("", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    ("", "format", "Dạng kết quả: table (văn bản), csv, json"),
    ("", "scenario", "Kiểm tra số liệu của một phương án giả định"),
    (
        "",
        "width",
        "Vừa báo cáo trong N cột [mặc định: bề rộng cửa sổ; đủ dòng khi ghi ra ống dẫn hoặc tệp]",
    ),
];

/// One line of the report: a finding, or a stored value that is not a figure.
struct Item {
    severity: Severity,
    rule: String,
    org: OrgId,
    period: String,
    cells: Vec<String>,
    message: String,
}

fn cell_code(s: &Session, c: &CellKey) -> String {
    let cat = s.catalog();
    let mut t = format!("{}:{}", cat.get(c.indicator).code, c.period.tag());
    if c.funding != crate::domain::catalog::FundingId::TOTAL {
        t.push(':');
        t.push_str(&cat.fundings[c.funding.0 as usize].code);
    }
    t
}

fn items(s: &Session, findings: &[Finding], unreadable: &[(OrgId, CellKey)]) -> Vec<Item> {
    let lang = s.lang();
    let mut out: Vec<Item> = unreadable
        .iter()
        .map(|(org, k)| Item {
            severity: Severity::Error,
            rule: "stored-value".into(),
            org: *org,
            period: k.period.tag(),
            cells: vec![cell_code(s, k)],
            message: crate::present::unreadable_text(&s.label(k), lang),
        })
        .collect();
    out.extend(findings.iter().map(|f| Item {
        severity: f.severity,
        rule: s.rules().get(f.rule).id.clone(),
        org: f.org,
        period: f.period.tag(),
        cells: f.cells.iter().map(|c| cell_code(s, c)).collect(),
        message: describe(s.catalog(), s.rules(), f, lang),
    }));
    out.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.org.cmp(&b.org)));
    out
}

/// Runs `kttt check`.
pub fn run(cli: &super::Cli, args: &CheckArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_reading(cli, lang)?;
    use_year(cli, &mut s, args.year)?;
    need_plan(&s)?;
    if let Some(name) = &args.scenario {
        s.activate(Some(name))?;
    }
    // Every org unit with figures, or just the one asked for.
    let orgs: Vec<OrgId> = if cli.unit.is_some() {
        vec![s.org()]
    } else {
        let mut o = s.units_with_figures()?;
        if o.is_empty() {
            o.push(s.org());
        }
        o
    };
    let mut findings = Vec::new();
    let mut unreadable = Vec::new();
    for org in &orgs {
        let (f, u) = s.check_unit(*org)?;
        findings.extend(f);
        unreadable.extend(u.into_iter().map(|k| (*org, k)));
    }
    let list = items(&s, &findings, &unreadable);
    let count = |sev| list.iter().filter(|i| i.severity == sev).count();
    let (e, w, i) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let code = |o: OrgId| s.orgs().get(o).code.clone();
    match args.format {
        Format::Json => {
            let items: Vec<_> = list
                .iter()
                .map(|x| {
                    json!({
                        "rule": x.rule,
                        "severity": x.severity,
                        "org_unit": code(x.org),
                        "period": x.period,
                        "cells": x.cells,
                        "message": x.message,
                    })
                })
                .collect();
            let doc = json!({ "plan_year": s.year(), "errors": e, "warnings": w, "notes": i, "findings": items });
            super::out::json(&doc)?;
        }
        Format::Csv => {
            let mut rows = vec![
                ["severity", "rule", "org_unit", "period", "cells", "message"]
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>(),
            ];
            for x in &list {
                rows.push(vec![
                    format!("{:?}", x.severity).to_lowercase(),
                    x.rule.clone(),
                    code(x.org),
                    x.period.clone(),
                    x.cells.join(" "),
                    x.message.clone(),
                ]);
            }
            super::out::csv_rows(&rows, false)?;
        }
        Format::Table => {
            let width = super::out::width(args.width);
            let scope = if orgs.len() == 1 {
                s.orgs().get(orgs[0]).name(lang).to_string()
            } else {
                lang.pick("mọi đơn vị có số liệu", "every unit with figures")
                    .to_string()
            };
            let mut head = format!(
                "{} {} — {scope}",
                lang.pick("Kiểm tra kế hoạch năm", "Checks of the plan for"),
                s.year()
            );
            if let Some(sc) = s.scenario() {
                head.push_str(&format!(" — {}: {}", lang.pick("phương án", "scenario"), sc.name));
            }
            head.push_str(&format!(": {}", crate::present::tally_text(e, w, i, lang)));
            outln!("{}", wrap("", &head, 2, width));
            for sev in [Severity::Error, Severity::Warning, Severity::Info] {
                let group: Vec<&Item> = list.iter().filter(|x| x.severity == sev).collect();
                if group.is_empty() {
                    continue;
                }
                outln!("\n{}", sev.label(lang));
                for x in group {
                    let org = if orgs.len() > 1 {
                        format!("{}: ", s.orgs().get(x.org).short.get(lang))
                    } else {
                        String::new()
                    };
                    outln!(
                        "{}",
                        wrap(&format!("  [{}] ", x.rule), &format!("{org}{}", x.message), 6, width)
                    );
                }
            }
        }
    }
    Ok(if e > 0 {
        ExitCode::from(EXIT_FAIL)
    } else {
        ExitCode::SUCCESS
    })
}
