//! `kttt set CODE PERIOD VALUE`: one audited write, official or in a scenario.

use super::args::SetArgs;
use super::{open_session, resolve};
use crate::domain::attainment::{attainment, growth};
use crate::domain::number::{format_cell, format_percent};
use crate::domain::period::{PeriodKind, PlanFrame};
use crate::domain::text::nfc;
use crate::domain::values::{CellKey, Values};
use crate::error::Result;
use crate::i18n::Lang;
use std::process::ExitCode;

/// Runs `kttt set`.
pub fn run(cli: &super::Cli, args: &SetArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_session(cli, lang)?;
    let id = resolve::indicator(&s, &args.code)?;
    let period = resolve::period(&args.period)?;
    let funding = resolve::funding(&s, args.funding.as_deref())?;
    if let Some(name) = &args.scenario {
        s.activate(Some(name))?;
    }
    let key = CellKey::new(id, s.org, period, funding);
    s.store.check_writable(&key)?;
    let input = nfc(&args.value);
    let resolved = s
        .resolve(key, &input)
        .map_err(|m| crate::error::Error::Refused(crate::i18n::Text::new(m.clone(), m)))?;
    let change = s.enter(key, &input, None)?;
    let where_ = match &s.scenario {
        Some(sc) => format!(
            " [{}: {}]",
            lang.pick("phương án", "scenario"),
            crate::domain::text::sanitize(&sc.info.name)
        ),
        None => String::new(),
    };
    let label = s.label(&key);
    match change {
        None => outln!(
            "{}: {label}{where_} = {}",
            lang.pick("Không thay đổi", "Unchanged"),
            format_cell(s.values().value(&key).as_ref(), lang)
        ),
        Some(ch) => {
            outln!(
                "{}: {label}{where_}: {} → {}",
                lang.pick("Đã ghi", "Saved"),
                format_cell(ch.old.as_ref(), lang),
                format_cell(ch.new.as_ref(), lang)
            );
            if let Some(x) = resolved.explain {
                outln!("  ({x})");
            }
        }
    }
    // The row's percentages, in the plan that shows this period.
    let frame = PlanFrame::new(if period.kind == PeriodKind::Plan {
        period.year
    } else {
        period.year + 1
    });
    let v = s.values();
    let at = |p| {
        v.value(
            &key.with_period(p)
                .with_funding(crate::domain::catalog::FundingId::TOTAL),
        )
    };
    let pct = |p: Option<rust_decimal::Decimal>| p.map_or_else(|| "-".to_string(), |p| format_percent(&p, lang));
    outln!(
        "  {}/{} {}: {}   {} {}/{} {}: {}",
        PeriodKind::Estimate.short(lang),
        PeriodKind::Plan.short(lang),
        frame.plan_last().year,
        pct(attainment(at(frame.estimate_last()), at(frame.plan_last()))),
        PeriodKind::Plan.short(lang),
        frame.year,
        PeriodKind::Estimate.short(lang),
        frame.estimate_last().year,
        pct(growth(at(frame.plan_this()), at(frame.estimate_last())))
    );
    Ok(ExitCode::SUCCESS)
}
