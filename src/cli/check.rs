//! `kttt check`: every validation finding, grouped by severity; exit 1 when any is an error.

use super::args::{CheckArgs, Format};
use super::{EXIT_FAIL, open_session, use_year};
use crate::domain::org::OrgId;
use crate::domain::rules::{Severity, describe, evaluate, tally};
use crate::domain::text::sanitize;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

/// Runs `kttt check`.
pub fn run(cli: &super::Cli, args: &CheckArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_session(cli, lang)?;
    use_year(&mut s, args.year)?;
    if let Some(name) = &args.scenario {
        s.activate(Some(name))?;
    }
    // Every org unit with figures, or just the one asked for.
    let orgs: Vec<OrgId> = if cli.unit.is_some() {
        vec![s.org]
    } else {
        let mut o: Vec<OrgId> = s.data.iter().map(|(k, _)| k.org).collect();
        if let Some(sc) = &s.scenario {
            o.extend(sc.overlay.changes.keys().map(|k| k.org));
        }
        o.sort();
        o.dedup();
        if o.is_empty() {
            o.push(s.org);
        }
        o
    };
    let values = s.values();
    let units: Vec<(OrgId, &str)> = orgs.iter().map(|o| (*o, s.store.orgs.get(*o).code.as_str())).collect();
    let findings = evaluate(&s.catalog, &s.rules, &values, &units, s.frame());
    let (e, w, i) = tally(&findings);
    let mut out = std::io::stdout().lock();
    let io = |e: std::io::Error| Error::Io {
        path: "stdout".into(),
        source: e,
    };
    match args.format {
        Format::Json => {
            let list: Vec<_> = findings
                .iter()
                .map(|f| {
                    json!({
                        "rule": s.rules.get(f.rule).id,
                        "severity": f.severity,
                        "org_unit": s.store.orgs.get(f.org).code,
                        "period": f.period.tag(),
                        "cells": f.cells.iter().map(|c| format!("{}:{}", s.catalog.get(c.indicator).code, c.period.tag())).collect::<Vec<_>>(),
                        "message": describe(&s.catalog, &s.rules, f, lang),
                    })
                })
                .collect();
            let doc = json!({ "plan_year": s.year, "errors": e, "warnings": w, "notes": i, "findings": list });
            serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| Error::refused(e.to_string(), e.to_string()))?;
            writeln!(out).map_err(io)?;
        }
        _ => {
            let scope = if orgs.len() == 1 {
                s.store.orgs.get(orgs[0]).name(lang).to_string()
            } else {
                lang.pick("mọi đơn vị có số liệu", "every unit with figures")
                    .to_string()
            };
            write!(
                out,
                "{} {} — {scope}",
                lang.pick("Kiểm tra kế hoạch năm", "Checks of the plan for"),
                s.year
            )
            .map_err(io)?;
            if let Some(sc) = &s.scenario {
                write!(
                    out,
                    " — {}: {}",
                    lang.pick("phương án", "scenario"),
                    sanitize(&sc.info.name)
                )
                .map_err(io)?;
            }
            writeln!(out, ": {}", crate::present::tally_text(e, w, i, lang)).map_err(io)?;
            for sev in [Severity::Error, Severity::Warning, Severity::Info] {
                let group: Vec<_> = findings.iter().filter(|f| f.severity == sev).collect();
                if group.is_empty() {
                    continue;
                }
                writeln!(out, "\n{}", sev.label(lang)).map_err(io)?;
                for f in group {
                    let org = if orgs.len() > 1 {
                        format!("{}: ", s.store.orgs.get(f.org).short.get(lang))
                    } else {
                        String::new()
                    };
                    writeln!(
                        out,
                        "  [{}] {org}{}",
                        s.rules.get(f.rule).id,
                        describe(&s.catalog, &s.rules, f, lang)
                    )
                    .map_err(io)?;
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
