//! `kttt history CODE [--period P]`: every change of a figure, from the audit trail.

use super::args::HelpVi;
use super::table::{Align, TextTable};
use super::{open_reading, resolve};
use crate::domain::number::format_cell;
use crate::domain::text::sanitize;
use crate::domain::values::CellKey;
use crate::error::Result;
use crate::i18n::Lang;
use crate::present::{action_label, local_time};
use clap::Args;
use std::process::ExitCode;

/// Every change of one figure, from the audit trail
#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// Indicator code, e.g. htx.total
    #[arg(value_name = "CODE")]
    pub code: String,
    /// Only this period (TH2018, KH2019, UTH2019, KH2020…)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Funding source (total, ntm, other) [default: total]
    #[arg(long, value_name = "SOURCE")]
    pub funding: Option<String>,
}

/// `kttt history`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "Mọi lần thay đổi một số liệu, theo nhật ký"),
    ("", "code", "Mã chỉ tiêu, ví dụ htx.total"),
    ("", "period", "Chỉ kỳ này (TH2018, KH2019, UTH2019, KH2020…)"),
    ("", "funding", "Nguồn vốn (total, ntm, other)"),
];

/// Runs `kttt history`.
pub fn run(cli: &super::Cli, args: &HistoryArgs, lang: Lang) -> Result<ExitCode> {
    let s = open_reading(cli, lang)?;
    let id = resolve::indicator(&s, &args.code)?;
    let funding = resolve::funding(&s, args.funding.as_deref())?;
    let entries = match &args.period {
        Some(p) => s.history(&CellKey::new(id, s.org(), resolve::period(p)?, funding))?,
        None => s.indicator_history(&CellKey::new(id, s.org(), s.frame().plan_this(), funding))?,
    };
    let ind = s.catalog().get(id);
    outln!(
        "{}: {} ({}) — {}{}",
        lang.pick("Lịch sử", "History"),
        ind.name.get(lang),
        ind.code,
        s.unit().name(lang),
        args.period
            .as_deref()
            .map(|p| format!(" — {}", sanitize(p)))
            .unwrap_or_default()
    );
    if entries.is_empty() {
        outln!("{}", lang.pick("Chưa có thay đổi nào.", "No changes yet."));
        return Ok(ExitCode::SUCCESS);
    }
    let heads = [
        lang.pick("Thời gian", "Time"),
        lang.pick("Người dùng", "User"),
        lang.pick("Kỳ", "Period"),
        lang.pick("Thao tác", "Action"),
        lang.pick("Phương án", "Scenario"),
        lang.pick("Cũ", "Old"),
        lang.pick("Mới", "New"),
    ];
    let mut t = TextTable::new(
        heads.iter().map(|h| h.to_string()).collect(),
        vec![
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
        ],
    );
    t.flex = Some(4);
    for e in &entries {
        t.rows.push(vec![
            local_time(&e.at, lang),
            e.user.clone(),
            e.period.map(|p| p.label(lang)).unwrap_or_default(),
            action_label(&e.action, lang),
            e.scenario.clone().unwrap_or_default(),
            format_cell(e.old.as_ref(), lang),
            format_cell(e.new.as_ref(), lang),
        ]);
    }
    out!("{}", t.render(super::out::width(None)));
    Ok(ExitCode::SUCCESS)
}
