//! `kttt import FILE`: a workbook or CSV in the appendix layout, read, checked and staged as
//! a what-if scenario (nothing becomes official until `kttt scenario apply`). Every problem
//! is reported by sheet, row and column and stops the import before anything is written.

use super::args::ImportArgs;
use super::{open_session, use_year};
use crate::domain::compare::compare;
use crate::domain::rules::tally;
use crate::domain::values::Layered;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use std::process::ExitCode;

/// Runs `kttt import`.
pub fn run(cli: &super::Cli, args: &ImportArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_session(cli, lang)?;
    let parsed = crate::exchange::load(s.catalog(), &args.file)?;
    use_year(&mut s, args.year.or(parsed.year))?;
    let plan = s.plan_import(&parsed, args.force);
    let shown = crate::domain::text::sanitize(&args.file.display().to_string());
    if !plan.problems.is_empty() {
        for line in crate::present::problem_lines(&plan.problems, lang) {
            eprintln!("{}", crate::domain::text::sanitize(&line));
        }
        let n = plan.problems.len();
        return Err(Error::refused(
            format!(
                "Không nhập {shown}: {} vấn đề ở trên (trang!ô: lý do). Chưa ghi gì; sửa tệp rồi nhập lại.",
                crate::present::number(n, Lang::Vi)
            ),
            format!(
                "{shown} was not imported: {} problem(s) above (sheet!cell: why). Nothing was written; correct the file and import again.",
                crate::present::number(n, Lang::En)
            ),
        ));
    }
    let cat = s.catalog().clone();
    let names: Vec<String> = parsed
        .appendices
        .iter()
        .map(|a| cat.appendices[*a].name(lang))
        .collect();
    outln!(
        "{shown}: {} — {} · {} {} · {} {}, {} {}, {} {}.",
        names.join(", "),
        s.unit().name(lang),
        lang.pick("kế hoạch năm", "plan for"),
        s.year(),
        plan.cells.len() + plan.unchanged,
        lang.pick("số liệu", "figures"),
        plan.unchanged,
        lang.pick("như hiện có", "as stored"),
        plan.cells.len(),
        lang.pick("khác", "different"),
    );
    if plan.cells.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "Tệp không khác số liệu hiện có; không tạo phương án nào.",
                "The file does not differ from the stored figures; no scenario was made."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let diffs = compare(&cat, s.official(), &plan.overlay, s.frame());
    super::scenario::print_diffs(&s, &diffs, lang)?;
    let before = tally(&s.findings(&s.values().official_view()));
    let staged = Layered {
        overlay: Some(&plan.overlay),
        ..s.values().official_view()
    };
    let after = tally(&s.findings(&staged));
    outln!(
        "{}: {} → {}",
        lang.pick("Kiểm tra", "Checks"),
        crate::present::tally_text(before.0, before.1, before.2, lang),
        crate::present::tally_text(after.0, after.1, after.2, lang)
    );
    if plan.cells.iter().any(|(k, _, _)| s.lock(k).is_some()) {
        outln!(
            "{}",
            lang.pick(
                "Lưu ý: kế hoạch của đơn vị đã được duyệt; áp dụng sẽ bị từ chối cho đến khi cấp trên mở lại.",
                "Note: the unit's plan is approved; applying will be refused until the level above reopens it."
            )
        );
    }
    if args.dry_run {
        outln!(
            "{}",
            lang.pick(
                "Chạy thử (--dry-run): chưa ghi gì. Bỏ --dry-run để đưa các số này vào một phương án giả định.",
                "Dry run: nothing was written. Leave out --dry-run to stage these figures as a what-if scenario."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let name = match &args.scenario {
        Some(n) => n.clone(),
        None => s.import_name(&args.file)?,
    };
    let cells: Vec<_> = plan.cells.iter().map(|(k, v, _)| (*k, *v)).collect();
    let info = s.import_as_scenario(&name, &cells)?;
    let q = shell_words::quote(&info.name);
    outln!(
        "{} “{}” ({} {}). {}: kttt scenario apply {q} · {}: kttt scenario discard {q}",
        lang.pick("Đã đưa vào phương án", "Staged as scenario"),
        info.name,
        cells.len(),
        lang.pick(
            "thay đổi; số chính thức chưa đổi",
            "changes; the official figures are unchanged"
        ),
        lang.pick("Áp dụng", "Apply"),
        lang.pick("bỏ", "discard"),
    );
    Ok(ExitCode::SUCCESS)
}
