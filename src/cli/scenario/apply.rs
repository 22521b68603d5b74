//! `kttt scenario apply|revert`: a scenario's changes made official, and undone.

use super::super::resolve;
use crate::domain::number::format_cell;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::Session;
use crate::store::{ApplyOutcome, Resolution, ScenarioStatus};
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// Asks a yes/no question on the terminal; `false` when stdin is not one.
pub(super) fn confirm(question: &str, lang: Lang) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    let mut o = std::io::stdout().lock();
    let q = crate::domain::text::sanitize(question);
    if write!(o, "{q} [{}] ", lang.pick("c/K", "y/N"))
        .and_then(|_| o.flush())
        .is_err()
    {
        return false;
    }
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return false;
    }
    matches!(line.trim().to_lowercase().as_str(), "c" | "co" | "có" | "y" | "yes")
}

pub(super) fn apply(
    s: &mut Session,
    name: &str,
    cells: &[String],
    overwrite: bool,
    skip: bool,
    lang: Lang,
) -> Result<()> {
    let info = s.find_scenario(name, false)?;
    if info.status != ScenarioStatus::Open {
        return Err(Error::Store(crate::store::StoreError::ScenarioClosed {
            info: Box::new(info),
        }));
    }
    let only = if cells.is_empty() {
        None
    } else {
        Some(cells.iter().map(|c| resolve::cell(s, c)).collect::<Result<Vec<_>>>()?)
    };
    let mut resolutions = HashMap::new();
    loop {
        match s.apply_scenario(info.id, only.as_deref(), &resolutions)? {
            ApplyOutcome::Applied { changes, closed, .. } => {
                for ch in &changes {
                    outln!(
                        "  {}: {} → {}",
                        s.label(&ch.key),
                        format_cell(ch.old.as_ref(), lang),
                        format_cell(ch.new.as_ref(), lang)
                    );
                }
                outln!(
                    "{} {} {} “{}”{}. {}",
                    lang.pick("Đã áp dụng", "Applied"),
                    changes.len(),
                    lang.pick("thay đổi của phương án", "changes of scenario"),
                    info.name,
                    if closed {
                        lang.pick(
                            " (phương án đã xong và được giữ lại làm hồ sơ)",
                            " (nothing left; the scenario is kept as a record)",
                        )
                    } else {
                        ""
                    },
                    lang.pick(
                        "Hoàn tác: kttt scenario revert TÊN",
                        "To undo: kttt scenario revert NAME"
                    )
                );
                return Ok(());
            }
            ApplyOutcome::Conflicts(list) => {
                for c in &list {
                    let what = format!(
                        "{}: {} {}, {} {}, {} {}",
                        s.label(&c.key),
                        lang.pick("chính thức lúc sửa", "official when edited"),
                        format_cell(c.base.as_ref(), lang),
                        lang.pick("nay là", "now"),
                        format_cell(c.official.as_ref(), lang),
                        lang.pick("phương án", "scenario"),
                        format_cell(c.scenario.as_ref(), lang)
                    );
                    let r = if overwrite {
                        Resolution::Overwrite
                    } else if skip {
                        Resolution::Skip
                    } else if std::io::stdin().is_terminal() {
                        outln!(
                            "{} {what}",
                            lang.pick(
                                "Số chính thức đã thay đổi sau khi phương án sửa —",
                                "The official figure changed after the scenario changed it —"
                            )
                        );
                        if confirm(
                            lang.pick("Vẫn ghi số của phương án?", "Write the scenario's figure anyway?"),
                            lang,
                        ) {
                            Resolution::Overwrite
                        } else {
                            Resolution::Skip
                        }
                    } else {
                        return Err(Error::said(
                            format!(
                                "Chưa áp dụng gì: số chính thức đã thay đổi sau khi phương án sửa — {what}. Dùng --overwrite để vẫn ghi, hoặc --skip-conflicts để giữ số chính thức."
                            ),
                            format!(
                                "Nothing applied: the official figure changed after the scenario changed it — {what}. Use --overwrite to write anyway, or --skip-conflicts to keep the official figure."
                            ),
                        ));
                    };
                    resolutions.insert(c.key, r);
                }
            }
        }
    }
}

pub(super) fn revert(s: &mut Session, name: &str, lang: Lang) -> Result<ExitCode> {
    let out = s.revert_scenario(name)?;
    for ch in &out.changes {
        outln!(
            "  {}: {} → {}",
            s.label(&ch.key),
            format_cell(ch.old.as_ref(), lang),
            format_cell(ch.new.as_ref(), lang)
        );
    }
    for r in &out.refused {
        outln!(
            "  {}: {} {} {} {}",
            s.label(&r.key),
            lang.pick("giữ nguyên", "left as it is:"),
            format_cell(r.now.as_ref(), lang),
            lang.pick(
                "— đã bị sửa sau khi áp dụng (lúc đó là",
                "— changed after the apply (which wrote"
            ),
            format!("{})", format_cell(r.applied.as_ref(), lang))
        );
    }
    outln!(
        "{} “{}”: {} {}, {} {}. {}",
        lang.pick("Đã hoàn tác việc áp dụng phương án", "Undid the apply of scenario"),
        out.scenario.name,
        out.changes.len(),
        lang.pick("ô trở lại số cũ", "cells put back"),
        out.refused.len(),
        lang.pick("ô giữ nguyên vì đã bị sửa", "cells kept because they changed since"),
        lang.pick(
            "Các thay đổi trở lại phương án (đang mở).",
            "The changes are pending in the scenario again (open)."
        )
    );
    Ok(if out.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::super::EXIT_FAIL)
    })
}
