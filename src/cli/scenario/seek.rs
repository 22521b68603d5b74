//! `kttt scenario seek NAME CELL --goal "htx.total KH2020/UTH2019 = 110%"`: the figure of a
//! cell that reaches a goal, written into the scenario.

use super::super::{resolve, use_year};
use crate::domain::catalog::FundingId;
use crate::domain::number::{format, format_cell};
use crate::domain::org::When;
use crate::domain::planning::seek::{Measure, Method};
use crate::domain::values::Values;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::Session;
use rust_decimal::Decimal;

/// A goal as typed: `CODE PERIOD = FIGURE` or `CODE PERIOD/PERIOD = PERCENT%`, at the
/// session's unit.
fn goal(s: &Session, text: &str) -> Result<(Measure, Decimal)> {
    let bad = || {
        let t = crate::domain::text::sanitize(text);
        Error::said(
            format!(
                "Mục tiêu “{t}” không đọc được. Viết: \"MÃ KỲ = SỐ\" hoặc \"MÃ KỲ/KỲ = 110%\", ví dụ \"htx.total KH2020/UTH2019 = 110%\"."
            ),
            format!(
                "Cannot read the goal “{t}”. Write \"CODE PERIOD = FIGURE\" or \"CODE PERIOD/PERIOD = 110%\", e.g. \"htx.total KH2020/UTH2019 = 110%\"."
            ),
        )
    };
    let (left, right) = text.split_once('=').ok_or_else(bad)?;
    let mut words = left.split_whitespace();
    let (Some(code), Some(periods), None) = (words.next(), words.next(), words.next()) else {
        return Err(bad());
    };
    let ind = resolve::indicator(s, code)?;
    let key = |p| s.key(ind, p, FundingId::TOTAL);
    let measure = match periods.split_once('/') {
        Some((a, b)) => Measure::Ratio {
            num: key(resolve::period(a)?),
            den: key(resolve::period(b)?),
        },
        None => Measure::Value(key(resolve::period(periods)?)),
    };
    let right = right.trim();
    let number = right.strip_suffix('%').unwrap_or(right).trim();
    let target = crate::domain::number::parse(number, s.lang())
        .ok()
        .flatten()
        .ok_or_else(bad)?;
    Ok((measure, target))
}

/// Finds the figure, says it and what it reaches, and writes it unless `dry_run`.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    cli: &super::super::Cli,
    s: &mut Session,
    name: &str,
    cell: &str,
    goal_text: &str,
    at: Option<&str>,
    year: Option<i32>,
    dry_run: bool,
    lang: Lang,
) -> Result<()> {
    use_year(cli, s, year)?;
    s.activate(Some(name))?;
    let mut key = resolve::cell(s, cell)?;
    if let Some(u) = at {
        key.org = crate::session::open::lookup_unit(s, u, When::Year(s.year()))?;
    }
    s.check_cell(&key)?;
    let (measure, target) = goal(s, goal_text)?;
    let sc = s.scenario().map(|x| x.name.clone()).unwrap_or_default();
    super::balance::title(s, &sc, lang)?;
    let found = s.seek(key, measure, target).map_err(|e| {
        Error::said(
            crate::present::planning::seek_error(e, Lang::Vi),
            crate::present::planning::seek_error(e, Lang::En),
        )
    })?;
    let old = s.values().value(&key);
    let what = s.label(&key);
    let shown = |x: &Decimal| match measure {
        Measure::Ratio { .. } => format!("{}%", format(&x.round_dp(1), lang)),
        Measure::Value(_) => format(&x.round_dp(2), lang),
    };
    outln!(
        "{}: {} = {} ⇒ {}: {} → {} ({} {}; {})",
        lang.pick("Mục tiêu", "Goal"),
        crate::domain::text::sanitize(goal_text.split('=').next().unwrap_or("").trim()),
        shown(&target),
        what,
        format_cell(old.as_ref(), lang),
        format(&found.value, lang),
        lang.pick("đạt", "reaches"),
        shown(&found.reached),
        match found.method {
            Method::Linear => lang.pick("tính thẳng, quan hệ tuyến tính", "worked out exactly: linear"),
            Method::Bisection => lang.pick("dò bằng chia đôi", "found by bisection"),
        }
    );
    if dry_run {
        return Ok(());
    }
    let detail = format!("seek: {}", crate::domain::text::sanitize(goal_text));
    s.set_figures(&[(key, s.values().entered(&key), Some(found.value))], Some(&detail))?;
    outln!(
        "{} “{sc}”. {}",
        lang.pick("Đã ghi vào phương án", "Written into scenario"),
        lang.pick("Xem: kttt scenario show TÊN", "See: kttt scenario show NAME")
    );
    Ok(())
}
