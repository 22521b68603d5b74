//! `kttt plan list|start`: plan years.

use super::args::HelpVi;
use super::{open_reading, open_session};
use crate::error::Result;
use crate::i18n::Lang;
use crate::present::local_time;
use clap::{Args, Subcommand};
use std::process::ExitCode;

/// Plan years: list, or start next year's plan from this one
#[derive(Args, Debug)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub action: PlanAction,
}

#[derive(Subcommand, Debug)]
pub enum PlanAction {
    /// List the plan years
    List,
    /// Start next year's plan from the latest one (the first plan of an empty database: --from N-1)
    Start {
        /// The plan to start from [default: the latest]
        #[arg(long, value_name = "N")]
        from: Option<i32>,
    },
    /// Send the unit's plan (--unit) to the level above; from then on its figures are locked
    Submit {
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
    },
    /// Approve a unit's submitted plan (--unit): its figures stay locked
    Approve {
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
    },
    /// Send a unit's submitted plan (--unit) back, saying why
    Return {
        /// Why it goes back
        #[arg(long, value_name = "TEXT")]
        comment: String,
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
    },
    /// Unlock a unit's submitted or approved plan (--unit) so its figures can change again
    Reopen {
        /// Why it is reopened
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
    },
    /// Where the plans of the unit (--unit) and the units under it stand
    Status {
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
    },
}

/// `kttt plan`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "Năm kế hoạch: liệt kê, hoặc lập kế hoạch năm sau từ năm này"),
    ("list", "", "Liệt kê các năm kế hoạch"),
    (
        "start",
        "",
        "Lập kế hoạch năm sau từ kế hoạch mới nhất (kế hoạch đầu tiên của cơ sở dữ liệu trống: --from N-1)",
    ),
    ("start", "from", "Kế hoạch làm căn cứ [mặc định: mới nhất]"),
    (
        "submit",
        "",
        "Gửi kế hoạch của đơn vị (--unit) lên cấp trên; từ đó số liệu bị khoá",
    ),
    ("submit", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    (
        "approve",
        "",
        "Duyệt kế hoạch đã gửi của một đơn vị (--unit): số liệu giữ nguyên khoá",
    ),
    ("approve", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    (
        "return",
        "",
        "Trả lại kế hoạch đã gửi của một đơn vị (--unit), ghi rõ lý do",
    ),
    ("return", "comment", "Lý do trả lại"),
    ("return", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    (
        "reopen",
        "",
        "Mở khoá kế hoạch đã gửi hoặc đã duyệt của một đơn vị (--unit) để sửa số liệu được trở lại",
    ),
    ("reopen", "comment", "Lý do mở lại"),
    ("reopen", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    (
        "status",
        "",
        "Tình trạng kế hoạch của đơn vị (--unit) và các đơn vị cấp dưới",
    ),
    ("status", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
];

/// Runs `kttt plan`.
pub fn run(cli: &super::Cli, args: &PlanArgs, lang: Lang) -> Result<ExitCode> {
    match &args.action {
        PlanAction::List => {
            let s = open_reading(cli, lang)?;
            if s.plans().is_empty() {
                outln!(
                    "{}",
                    lang.pick(
                        "Chưa có kế hoạch nào. Lập kế hoạch đầu tiên: kttt plan start --from NĂM_TRƯỚC",
                        "No plans yet. Start the first one: kttt plan start --from YEAR_BEFORE"
                    )
                );
            }
            for p in s.plans() {
                outln!(
                    "{}  {}  ({} {}, {})",
                    p.year,
                    p.title,
                    lang.pick("lập", "made"),
                    local_time(&p.created_at, lang),
                    p.created_by
                );
            }
        }
        PlanAction::Start { from } => {
            let mut s = open_session(cli, lang)?;
            let from = match from {
                Some(y) => *y,
                None => s.plans().last().map(|p| p.year).unwrap_or(s.year() - 1),
            };
            super::form::before_start(s.db(), s.org(), from, lang)?;
            let next = s.start_plan(from)?;
            outln!(
                "{} {next}{}. {}",
                lang.pick("Đã lập kế hoạch năm", "Started the plan for"),
                if s.plans().len() > 1 {
                    format!(" {} {from}", lang.pick("từ kế hoạch năm", "from the plan for"))
                } else {
                    String::new()
                },
                lang.pick(
                    "Số ước thực hiện được chuyển thành số thực hiện tạm tính; hãy nhập ước thực hiện và kế hoạch mới.",
                    "Estimates were carried over as provisional actuals; now enter the new estimates and targets."
                )
            );
        }
        PlanAction::Submit { year } => return step(cli, *year, crate::store::PlanAction::Submit, None, lang),
        PlanAction::Approve { year } => return step(cli, *year, crate::store::PlanAction::Approve, None, lang),
        PlanAction::Return { comment, year } => {
            return step(cli, *year, crate::store::PlanAction::Return, Some(comment), lang);
        }
        PlanAction::Reopen { comment, year } => {
            return step(cli, *year, crate::store::PlanAction::Reopen, comment.as_deref(), lang);
        }
        PlanAction::Status { year } => return status(cli, *year, lang),
    }
    Ok(ExitCode::SUCCESS)
}

fn step(
    cli: &super::Cli,
    year: Option<i32>,
    action: crate::store::PlanAction,
    comment: Option<&str>,
    lang: Lang,
) -> Result<ExitCode> {
    let mut s = open_session(cli, lang)?;
    super::use_year(cli, &mut s, year)?;
    let org = s.org();
    let st = s.plan_step(org, action, comment)?;
    outln!(
        "{} {} {}: {}.",
        lang.pick("Kế hoạch", "The plan"),
        s.year(),
        s.unit().name(lang),
        st.step.name(lang)
    );
    if action == crate::store::PlanAction::Approve {
        outln!(
            "{}",
            lang.pick(
                "Số liệu của kế hoạch này đã bị khoá; mở lại: kttt plan reopen",
                "The plan's figures are now locked; to unlock: kttt plan reopen"
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The unit and the units under it: where each one's plan stands.
fn status(cli: &super::Cli, year: Option<i32>, lang: Lang) -> Result<ExitCode> {
    let mut s = open_reading(cli, lang)?;
    super::use_year(cli, &mut s, year)?;
    let mut units = vec![s.org()];
    units.extend(s.parts());
    outln!(
        "{} {} — {}",
        lang.pick("Kế hoạch năm", "Plan"),
        s.year(),
        s.unit().name(lang)
    );
    for u in units {
        let state = match s.plan_state(u) {
            Some(st) => format!(
                "{} ({}, {}){}",
                st.step.name(lang),
                st.by,
                local_time(&st.at, lang),
                st.comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default()
            ),
            None => {
                let c = s.completeness(u, 0);
                crate::domain::completeness::EntryState::name(c.state(), lang).to_string()
            }
        };
        outln!("  {:<28} {state}", s.orgs().get(u).name(lang));
    }
    Ok(ExitCode::SUCCESS)
}
