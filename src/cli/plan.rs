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
    }
    Ok(ExitCode::SUCCESS)
}
