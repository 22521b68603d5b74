//! `kttt push --to DB`: the unit's approved figures of a plan year, with their audit trail,
//! sent to another database (a province's to the ministry's) as one transaction there. A
//! second push changes nothing; a figure the receiver holds differently is reported and
//! nothing is written.

use super::args::HelpVi;
use super::{open_session, use_year};
use crate::domain::number::format_cell;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::{DbChoice, OpenOptions};
use clap::Args;
use std::process::ExitCode;

/// Send the unit's approved figures (and their audit trail) to another database, such as the ministry's
#[derive(Args, Debug)]
pub struct PushArgs {
    /// The receiving database: postgres://… (or a file)
    #[arg(long, value_name = "DB")]
    pub to: String,
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
}

/// `kttt push`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Gửi số liệu đã duyệt của đơn vị (kèm nhật ký thay đổi) lên cơ sở dữ liệu khác, như của Bộ",
    ),
    ("", "to", "Cơ sở dữ liệu nhận: postgres://… (hoặc một tệp)"),
    ("", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
];

/// Runs `kttt push`.
pub fn run(cli: &super::Cli, args: &PushArgs, lang: Lang) -> Result<ExitCode> {
    // Ctrl+C stops it; what it had sent is rolled back (one transaction at the receiver).
    let stop = super::progress::stop_on_ctrl_c();
    let mut s = open_session(cli, lang)?;
    use_year(cli, &mut s, args.year)?;
    super::show::need_plan(&s)?;
    let year = s.year();
    let out = s.outgoing(year)?;
    let to = DbChoice::named(&args.to);
    let shown = match &to {
        DbChoice::Server(url) => crate::store::shown_address(url),
        _ => args.to.clone(),
    };
    let mut target = crate::session::open(&OpenOptions::new(to, lang))?;
    if super::progress::stopped(&stop) {
        return Err(crate::error::Error::stopped());
    }
    let bar = super::progress::Bar::new(0, lang.pick("dòng", "rows"), lang);
    let report = target.receive(&out.push, &mut |done, total| {
        bar.at(done, total);
        crate::work::pace();
        !super::progress::stopped(&stop)
    });
    bar.clear();
    let report = report?;
    let names = |units: &[String]| -> String {
        units
            .iter()
            .map(|c| {
                s.orgs()
                    .by_code(c)
                    .map_or(c.clone(), |u| s.orgs().get(u).name(lang).to_string())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !report.conflicts.is_empty() {
        for c in &report.conflicts {
            let unit = names(std::slice::from_ref(&c.cell.unit));
            eprintln!(
                "{}",
                crate::domain::text::sanitize(&format!(
                    "  {unit}, {} {}{}: {} {}, {} {}",
                    c.cell.indicator,
                    c.cell.period.label(lang),
                    if c.cell.funding == "total" {
                        String::new()
                    } else {
                        format!(" ({})", c.cell.funding)
                    },
                    lang.pick("nơi nhận giữ", "held there"),
                    format_cell(c.held.as_ref(), lang),
                    lang.pick("gửi lên", "sent"),
                    format_cell(c.cell.value.as_ref(), lang)
                ))
            );
        }
        return Err(Error::said(
            format!(
                "{} số liệu ở {shown} khác số gửi lên (liệt kê ở trên): không ghi đè, chưa ghi gì. Hai bên cần thống nhất số liệu trước khi gửi lại.",
                report.conflicts.len()
            ),
            format!(
                "{} figures at {shown} differ from those sent (listed above): nothing was overwritten or written. Settle them with the receiver, then push again.",
                report.conflicts.len()
            ),
        ));
    }
    let units: Vec<String> = out.push.plans.iter().map(|p| p.unit.clone()).collect();
    if report.batch == 0 {
        outln!(
            "{} {shown} {} ({} {}).",
            lang.pick("Không có gì mới để gửi:", "Nothing new to send:"),
            lang.pick("đã có đủ số liệu kế hoạch", "already holds the plan's figures"),
            report.unchanged,
            lang.pick("số liệu như nhau", "figures the same")
        );
    } else {
        outln!(
            "{} {shown}: {} {year} — {} {}, {} {}, {} {}.",
            lang.pick("Đã gửi lên", "Sent to"),
            lang.pick("kế hoạch", "the plan for"),
            report.written,
            lang.pick("số liệu mới", "new figures"),
            report.unchanged,
            lang.pick("như đã có", "as held"),
            report.audit_copied,
            lang.pick("dòng nhật ký", "audit rows")
        );
    }
    outln!(
        "  {}: {}",
        lang.pick("Đơn vị (đã duyệt)", "Units (approved)"),
        names(&units)
    );
    if !out.left_out.is_empty() {
        let left: Vec<String> = out.left_out.iter().map(|u| s.orgs().get(*u).code.clone()).collect();
        outln!(
            "  {}: {}",
            lang.pick("Chưa duyệt, không gửi", "Not approved, not sent"),
            names(&left)
        );
    }
    if out.unreported > 0 {
        outln!(
            "  {} {}",
            out.unreported,
            lang.pick(
                "đơn vị cấp dưới chưa gửi kế hoạch (không gửi số liệu của họ)",
                "units below have not submitted a plan (their figures are not sent)"
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
