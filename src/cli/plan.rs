//! `kttt plan list|start`: plan years.

use super::args::{PlanAction, PlanArgs};
use super::open_session;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::local_time;
use std::process::ExitCode;

/// Runs `kttt plan`.
pub fn run(cli: &super::Cli, args: &PlanArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_session(cli, lang)?;
    match &args.action {
        PlanAction::List => {
            for p in s.store.plans()? {
                outln!(
                    "{}  {}  ({} {}, {})",
                    p.year,
                    crate::domain::text::sanitize(&p.title),
                    lang.pick("lập", "made"),
                    local_time(&p.created_at, lang),
                    crate::domain::text::sanitize(&p.created_by)
                );
            }
        }
        PlanAction::Start { from } => {
            let from = match from {
                Some(y) => *y,
                None => s.store.plans()?.last().map(|p| p.year).ok_or_else(|| {
                    Error::refused("Chưa có kế hoạch nào để làm căn cứ.", "There is no plan to start from.")
                })?,
            };
            let next = s.store.start_next_plan(from)?;
            outln!(
                "{} {next} {} {from}. {}",
                lang.pick("Đã lập kế hoạch năm", "Started the plan for"),
                lang.pick("từ kế hoạch năm", "from the plan for"),
                lang.pick(
                    "Số ước thực hiện được chuyển thành số thực hiện tạm tính; hãy nhập ước thực hiện và kế hoạch mới.",
                    "Estimates were carried over as provisional actuals; now enter the new estimates and targets."
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
