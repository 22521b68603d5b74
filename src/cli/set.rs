//! `kttt set CODE PERIOD VALUE`: one audited write, official or in a scenario. A figure that
//! breaks its indicator's kind is refused; a doubtful one (a tenfold change, a separator that
//! reads better the other way) needs `--force`. A relative entry (`+10%`, `+10`) is worked out
//! from the figure the write expects, and worked out again if someone changed it meanwhile.

use super::args::HelpVi;
use super::{open_session, resolve};
use crate::domain::number::{format_cell, format_percent};
use crate::domain::period::{PeriodKind, PlanFrame};
use crate::domain::target::{self, Entry};
use crate::domain::text::nfc;
use crate::domain::values::{CellKey, Values};
use crate::error::{Error, Result};
use crate::i18n::{Lang, Text};
use crate::session::Session;
use crate::store::{Change, StoreError};
use clap::Args;
use std::process::ExitCode;

/// Set one figure (official, or in a scenario)
#[derive(Args, Debug)]
pub struct SetArgs {
    /// Indicator code (see `kttt catalog`), e.g. htx.total
    #[arg(value_name = "CODE")]
    pub code: String,
    /// Period: TH2018 (actual), KH2020 (plan), UTH2019 (estimate); also actual-2018, plan-2020
    #[arg(value_name = "PERIOD")]
    pub period: String,
    /// The figure (1.559 or 43,2 in Vietnamese; - for blank); for a plan: 110% of the estimate, +10% or -5%
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
    /// Write into this what-if scenario, not the official figures
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Funding source of a Phụ lục 3 row: total, ntm or other [default: total]
    #[arg(long, value_name = "SOURCE")]
    pub funding: Option<String>,
    /// Save a doubtful figure as typed (a tenfold change, a separator that reads better the other way)
    #[arg(long)]
    pub force: bool,
}

/// `kttt set`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "Ghi một số liệu (chính thức, hoặc trong một phương án)"),
    ("", "code", "Mã chỉ tiêu (xem `kttt catalog`), ví dụ htx.total"),
    (
        "",
        "period",
        "Kỳ: TH2018 (thực hiện), KH2020 (kế hoạch), UTH2019 (ước thực hiện)",
    ),
    (
        "",
        "value",
        "Số liệu (1.559 hoặc 43,2; - là để trống); với ô kế hoạch: 110% của số ước, +10% hoặc -5%",
    ),
    (
        "",
        "scenario",
        "Ghi vào phương án giả định này, không ghi vào số chính thức",
    ),
    (
        "",
        "funding",
        "Nguồn vốn của dòng Phụ lục 3: total (tổng), ntm (CTMTQG NTM) hoặc other (vốn khác)",
    ),
    (
        "",
        "force",
        "Vẫn ghi số đáng ngờ đúng như đã gõ (thay đổi gấp 10 lần, dấu phân cách nên đọc theo cách khác)",
    ),
];

/// How many times a relative target is worked out again when the figure keeps changing.
const ATTEMPTS: usize = 5;

fn refuse(m: String) -> Error {
    Error::Said(Text::new(m.clone(), m))
}

/// Works out the figure, checks it, writes it: `Ok(None)` when nothing changed.
fn write(s: &mut Session, key: CellKey, input: &str, force: bool) -> Result<(Option<Change>, Option<String>)> {
    let lang = s.lang();
    let relative = matches!(
        target::parse(input, lang),
        Ok(Entry::Relative(_)) | Ok(Entry::OfBase(_)) | Ok(Entry::Change(_))
    );
    for _ in 0..ATTEMPTS {
        let resolved = s.resolve(key, input).map_err(refuse)?;
        let a = s.assess(key, input, &resolved);
        let ind = s.catalog().get(key.indicator);
        let (what, unit) = (
            ind.short.get(lang).to_string(),
            s.catalog().unit_name(key.indicator, lang).to_string(),
        );
        let concern = a.concern(&what, &unit, lang).unwrap_or_default();
        if !a.may_keep() {
            let hint = match a.suggestion {
                Some(v) => format!(
                    " {} {}",
                    lang.pick("Để ghi số này, gõ:", "To save it, type:"),
                    crate::domain::number::format(&v, lang)
                ),
                None => String::new(),
            };
            return Err(refuse(format!("{concern}{hint}")));
        }
        if !a.is_clear() && !force {
            return Err(refuse(format!(
                "{concern} {}",
                lang.pick(
                    "Chưa ghi gì. Nếu số đúng như đã gõ, thêm --force.",
                    "Nothing was written. If the figure is right as typed, add --force."
                )
            )));
        }
        let seen = relative.then(|| s.values().value(&key));
        match s.set(key, resolved.value, seen) {
            Ok(ch) => return Ok((ch, resolved.explain)),
            Err(Error::Store(StoreError::Conflict { .. })) if relative => s.reload()?,
            Err(e) => return Err(e),
        }
    }
    Err(Error::Store(StoreError::Busy))
}

/// Runs `kttt set`.
pub fn run(cli: &super::Cli, args: &SetArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_session(cli, lang)?;
    let id = resolve::indicator(&s, &args.code)?;
    let period = resolve::period(&args.period)?;
    let funding = resolve::funding(&s, args.funding.as_deref())?;
    // The session opened at the plan showing the period, in the scenario named: focusing
    // moves nothing then (it only does for a period no plan shows).
    s.focus(period)?;
    let key = s.key(id, period, funding);
    s.check_cell(&key)?;
    let input = nfc(&args.value);
    let (change, explain) = write(&mut s, key, &input, args.force)?;
    // The figure is saved: the exit status says so even if the report cannot be printed.
    let printed = report(&s, key, change, explain);
    if let Err(e) = printed
        && !matches!(&e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    {
        super::out::error(&format!(
            "{} {}",
            lang.pick(
                "Đã ghi, nhưng không in được kết quả:",
                "Saved, but the report could not be printed:"
            ),
            e.message(lang)
        ));
    }
    Ok(ExitCode::SUCCESS)
}

fn report(s: &Session, key: CellKey, change: Option<Change>, explain: Option<String>) -> Result<()> {
    let lang = s.lang();
    let where_ = match s.scenario() {
        Some(sc) => format!(" [{}: {}]", lang.pick("phương án", "scenario"), sc.name),
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
            if let Some(x) = explain {
                outln!("  ({x})");
            }
        }
    }
    // The row's percentages, in the plan that shows this period.
    let period = key.period;
    let frame = PlanFrame::new(if period.kind == PeriodKind::Plan {
        period.year
    } else {
        period.year + 1
    });
    let p = s.progress(key.indicator, frame);
    let pct = |p: Option<rust_decimal::Decimal>| p.map_or_else(|| "-".to_string(), |p| format_percent(&p, lang));
    outln!(
        "  {}/{} {}: {}   {} {}/{} {}: {}",
        PeriodKind::Estimate.short(lang),
        PeriodKind::Plan.short(lang),
        frame.plan_last().year,
        pct(p.attainment.value),
        PeriodKind::Plan.short(lang),
        frame.year,
        PeriodKind::Estimate.short(lang),
        frame.estimate_last().year,
        pct(p.growth.value)
    );
    implied(s, key)?;
    super::out::flush();
    Ok(())
}

/// In a scenario: what the identities then require of the other figures (the line the app
/// shows while a figure is typed), and the command that writes one choice.
fn implied(s: &Session, key: CellKey) -> Result<()> {
    let Some(sc) = s.scenario() else { return Ok(()) };
    let lang = s.lang();
    let Some(v) = s.values().value(&key) else { return Ok(()) };
    let lines: Vec<String> = s
        .implications(&[key])
        .iter()
        .map(|(k, r)| crate::present::planning::implication_line(s.catalog(), k, &v, r, lang))
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    for l in &lines {
        outln!("  {l}");
    }
    let name = if sc.name.contains(char::is_whitespace) {
        format!("\"{}\"", sc.name)
    } else {
        sc.name.clone()
    };
    outln!(
        "  {} kttt scenario balance {name}",
        lang.pick(
            "Ghi một lựa chọn vào phương án:",
            "To write one choice into the scenario:"
        )
    );
    Ok(())
}
