//! `kttt plan list|start`: plan years.

use super::args::{PlanAction, PlanArgs};
use super::{open_reading, open_session};
use crate::error::Result;
use crate::i18n::Lang;
use crate::present::local_time;
use std::process::ExitCode;

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
