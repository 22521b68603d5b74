//! `kttt scenario new|list|rename|show|apply|discard`: what-if scenarios from the command line.

use super::args::{ScenarioAction, ScenarioArgs};
use super::table::{Align, TextTable, terminal_width};
use super::{open_session, resolve, use_year};
use crate::domain::compare::compare;
use crate::domain::number::{format, format_cell, format_percent};
use crate::domain::rules::tally;
use crate::domain::text::sanitize;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::local_time;
use crate::store::{ApplyOutcome, Resolution};
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// Asks a yes/no question on the terminal; `false` when stdin is not one.
fn confirm(question: &str, lang: Lang) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    let mut o = std::io::stdout().lock();
    if write!(o, "{question} [{}] ", lang.pick("c/K", "y/N"))
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

/// Runs `kttt scenario`.
pub fn run(cli: &super::Cli, args: &ScenarioArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_session(cli, lang)?;
    match &args.action {
        ScenarioAction::New { name } => {
            let info = s.store.create_scenario(name)?;
            outln!(
                "{} “{}”. {}",
                lang.pick("Đã tạo phương án", "Created scenario"),
                sanitize(&info.name),
                lang.pick(
                    "Ghi vào phương án: kttt set MÃ KỲ SỐ --scenario TÊN",
                    "Write into it: kttt set CODE PERIOD VALUE --scenario NAME"
                )
            );
        }
        ScenarioAction::List => {
            let list = s.store.scenarios()?;
            if list.is_empty() {
                outln!(
                    "{}",
                    lang.pick(
                        "Chưa có phương án nào. Tạo mới: kttt scenario new TÊN",
                        "No scenarios yet. Create one: kttt scenario new NAME"
                    )
                );
            } else {
                let mut t = TextTable::new(
                    vec![
                        lang.pick("Phương án", "Scenario").into(),
                        lang.pick("Số ô thay đổi", "Changed cells").into(),
                        lang.pick("Tạo lúc", "Created").into(),
                        lang.pick("Người tạo", "By").into(),
                    ],
                    vec![Align::Left, Align::Right, Align::Left, Align::Left],
                );
                for x in list {
                    t.rows.push(vec![
                        x.name,
                        x.changes.to_string(),
                        local_time(&x.created_at, lang),
                        x.created_by,
                    ]);
                }
                out!("{}", t.render(terminal_width()));
            }
        }
        ScenarioAction::Rename { name, new_name } => {
            let info = s.store.scenario(name)?;
            s.store.rename_scenario(info.id, new_name)?;
            outln!(
                "{} “{}” → “{}”.",
                lang.pick("Đã đổi tên", "Renamed"),
                sanitize(&info.name),
                sanitize(new_name.trim())
            );
        }
        ScenarioAction::Show { name, year } => {
            use_year(&mut s, *year)?;
            s.activate(Some(name))?;
            let sc = s.scenario.clone().expect("activated above");
            let diffs = compare(&s.catalog, &s.data, &sc.overlay, s.frame());
            outln!(
                "{} “{}” {} — {} · {} {}",
                lang.pick("Phương án", "Scenario"),
                sanitize(&sc.info.name),
                lang.pick("so với số chính thức", "against the official figures"),
                s.store.orgs.get(s.org).name(lang),
                lang.pick("kế hoạch năm", "plan for"),
                s.year
            );
            if diffs.is_empty() {
                outln!(
                    "{}",
                    lang.pick("Phương án chưa thay đổi ô nào.", "The scenario changes no cell yet.")
                );
                return Ok(ExitCode::SUCCESS);
            }
            let mut t = TextTable::new(
                vec![
                    lang.pick("Chỉ tiêu", "Indicator").into(),
                    lang.pick("Kỳ", "Period").into(),
                    lang.pick("Chính thức", "Official").into(),
                    lang.pick("Phương án", "Scenario").into(),
                    lang.pick("Chênh lệch", "Difference").into(),
                    lang.pick("Ảnh hưởng đến tỷ lệ", "Effect on percentages").into(),
                ],
                vec![
                    Align::Left,
                    Align::Left,
                    Align::Right,
                    Align::Right,
                    Align::Right,
                    Align::Left,
                ],
            );
            t.flex = Some(0);
            let pct =
                |p: Option<rust_decimal::Decimal>| p.map_or_else(|| "-".to_string(), |p| format_percent(&p, lang));
            for d in &diffs {
                let effects: Vec<String> = d
                    .effects
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {} → {}",
                            e.column.title(&s.catalog, lang).replace(" (%)", ""),
                            pct(e.before),
                            pct(e.after)
                        )
                    })
                    .collect();
                let mut period = d.key.period.label(lang);
                if d.key.funding != crate::domain::catalog::FundingId::TOTAL {
                    period.push(' ');
                    period.push_str(s.catalog.fundings[d.key.funding.0 as usize].abbr.get(lang));
                }
                t.rows.push(vec![
                    s.catalog.get(d.key.indicator).short.get(lang).to_string(),
                    period,
                    format_cell(d.official.as_ref(), lang),
                    format_cell(d.scenario.as_ref(), lang),
                    d.delta
                        .map(|x| {
                            if x.is_sign_positive() && !x.is_zero() {
                                format!("+{}", format(&x, lang))
                            } else {
                                format(&x, lang)
                            }
                        })
                        .unwrap_or_default(),
                    effects.join("; "),
                ]);
            }
            out!("{}", t.render(terminal_width()));
            let off = tally(&s.findings(&crate::domain::values::Layered::official(&s.data)));
            let sc_t = tally(&s.findings(&s.values()));
            outln!(
                "{}: {} → {}",
                lang.pick("Kiểm tra", "Checks"),
                crate::present::tally_text(off.0, off.1, off.2, lang),
                crate::present::tally_text(sc_t.0, sc_t.1, sc_t.2, lang)
            );
        }
        ScenarioAction::Apply {
            name,
            cells,
            overwrite,
            skip_conflicts,
        } => {
            let info = s.store.scenario(name)?;
            let only = if cells.is_empty() {
                None
            } else {
                Some(cells.iter().map(|c| resolve::cell(&s, c)).collect::<Result<Vec<_>>>()?)
            };
            let mut resolutions = HashMap::new();
            loop {
                match s.store.apply_scenario(info.id, only.as_deref(), &resolutions)? {
                    ApplyOutcome::Applied { changes, removed } => {
                        for ch in &changes {
                            outln!(
                                "  {}: {} → {}",
                                s.label(&ch.key),
                                format_cell(ch.old.as_ref(), lang),
                                format_cell(ch.new.as_ref(), lang)
                            );
                        }
                        outln!(
                            "{} {} {} “{}”{}.",
                            lang.pick("Đã áp dụng", "Applied"),
                            changes.len(),
                            lang.pick("thay đổi của phương án", "changes of scenario"),
                            sanitize(&info.name),
                            if removed {
                                lang.pick(
                                    " (phương án đã xong và được đóng lại)",
                                    " (nothing left; the scenario is closed)",
                                )
                            } else {
                                ""
                            }
                        );
                        break;
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
                            let r = if *overwrite {
                                Resolution::Overwrite
                            } else if *skip_conflicts {
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
                                return Err(Error::refused(
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
        ScenarioAction::Discard { name, yes } => {
            let info = s.store.scenario(name)?;
            let question = crate::present::discard_question(&info.name, info.changes, lang);
            if !*yes && !confirm(&question, lang) {
                return Err(Error::refused(
                    "Chưa xoá gì. Để xoá không cần hỏi, thêm --yes.",
                    "Nothing deleted. To delete without being asked, add --yes.",
                ));
            }
            let n = s.store.discard_scenario(info.id)?;
            outln!(
                "{} “{}” ({n} {}).",
                lang.pick("Đã xoá phương án", "Deleted scenario"),
                sanitize(&info.name),
                lang.pick("thay đổi", "changes")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
