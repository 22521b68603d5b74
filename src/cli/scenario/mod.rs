//! `kttt scenario new|list|rename|show|apply|revert|discard`: what-if scenarios from the
//! command line; and planning with them: `balance` (what a target implies), `seek` (goal seek), `compare` (side by side), `assume`
//! (a scenario from an assumption), `allocate` (a target handed down).

mod allocate;
mod apply;
mod assume;
mod balance;
pub(crate) mod compare;
mod diffs;
mod seek;

pub(super) use diffs::print_diffs;

use super::args::HelpVi;
use super::table::{Align, TextTable};
use super::{open_reading, open_session, use_year};
use crate::domain::compare::compare;
use crate::domain::rules::tally;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::local_time;
use crate::session::Session;
use crate::store::ScenarioStatus;
use clap::{Args, Subcommand};
use std::process::ExitCode;

/// What-if scenarios: new, list, rename, show, apply, discard
#[derive(Args, Debug)]
pub struct ScenarioArgs {
    #[command(subcommand)]
    pub action: ScenarioAction,
}

#[derive(Subcommand, Debug)]
pub enum ScenarioAction {
    /// Create a what-if scenario
    New {
        /// The scenario's name (not starting with = + - @)
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// List the open scenarios (with --all, also the applied and discarded ones)
    List {
        /// Also the applied and discarded scenarios, with who closed them and when
        #[arg(long)]
        all: bool,
    },
    /// Rename a scenario
    Rename {
        /// The scenario's name now
        #[arg(value_name = "NAME")]
        name: String,
        /// Its new name
        #[arg(value_name = "NEW_NAME")]
        new_name: String,
    },
    /// Compare a scenario with the official figures
    Show {
        /// The scenario's name
        #[arg(value_name = "NAME")]
        name: String,
        /// Plan year for the percentages [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
    },
    /// Make a scenario's changes official (all, or the --cell ones)
    Apply {
        /// The scenario's name
        #[arg(value_name = "NAME")]
        name: String,
        /// Only this cell, as CODE:PERIOD[:SOURCE] (repeatable), e.g. htx.total:KH2020
        #[arg(long = "cell", value_name = "CODE:PERIOD")]
        cells: Vec<String>,
        /// Where the official figure changed since the scenario changed it, write the scenario's figure anyway
        #[arg(long, conflicts_with = "skip_conflicts")]
        overwrite: bool,
        /// Where the official figure changed since, keep the official figure
        #[arg(long)]
        skip_conflicts: bool,
    },
    /// Complete a scenario so the identities between indicators hold: stock and flow, parts adding up, the same figure twice
    Balance {
        /// The scenario's name
        #[arg(value_name = "NAME")]
        name: String,
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
        /// Let this indicator take the difference first (repeatable), e.g. htx.dissolved
        #[arg(long = "solve", value_name = "CODE")]
        solve: Vec<String>,
        /// Only say what would be written
        #[arg(long)]
        dry_run: bool,
    },
    /// Find the figure of a cell that reaches a goal (growth or attainment %, a total, an average of the units below) and write it into a scenario
    Seek {
        /// The scenario's name
        #[arg(value_name = "NAME")]
        name: String,
        /// The cell to change, as CODE:PERIOD, e.g. htx.total:KH2020
        #[arg(value_name = "CODE:PERIOD")]
        cell: String,
        /// The goal, e.g. "htx.total KH2020/UTH2019 = 110%" or "htx.revenue KH2020 = 700"
        #[arg(long, value_name = "GOAL")]
        goal: String,
        /// The cell is of this unit below (the goal stays at --unit's roll-up)
        #[arg(long, value_name = "ORG")]
        at: Option<String>,
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
        /// Only say the figure, do not write it
        #[arg(long)]
        dry_run: bool,
    },
    /// Scenarios side by side with the official figures: the cells they change, growth, attainment, checks
    Compare {
        /// Two to four scenarios (one is also fine)
        #[arg(value_name = "NAME", required = true, num_args = 1..=4)]
        names: Vec<String>,
        /// These indicators (codes, comma-separated), changed or not [default: the cells the scenarios change]
        #[arg(long, value_name = "CODES", value_delimiter = ',')]
        rows: Vec<String>,
        /// Leave out the official figures' column
        #[arg(long)]
        no_official: bool,
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
    },
    /// Write a scenario's plan figures from an assumption, e.g. "every count +5% over UTH2019" or "htx.revenue +8%"
    Assume {
        /// The scenario's name
        #[arg(value_name = "NAME")]
        name: String,
        /// The assumption: rows (every count, amount, average, or a code), a change (+5%), optionally over a period (over UTH2019)
        #[arg(value_name = "ASSUMPTION")]
        rule: String,
        /// Also for the units below --unit
        #[arg(long)]
        parts: bool,
        /// Plan year [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
        /// Only say what would be written
        #[arg(long)]
        dry_run: bool,
    },
    /// Hand a unit's target down to the units below it, as a scenario
    Allocate {
        /// The scenario's name
        #[arg(value_name = "NAME")]
        name: String,
        /// The indicator, e.g. htx.total
        #[arg(value_name = "CODE")]
        code: String,
        /// The plan period, e.g. KH2027
        #[arg(value_name = "PERIOD")]
        period: String,
        #[command(flatten)]
        opts: AllocateOpts,
    },
    /// Undo the last apply of a scenario: the official figures go back, cell by cell, unless changed since
    Revert {
        /// The scenario's name
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Close a scenario without applying it (kept as a record; the official figures are not touched)
    Discard {
        /// The scenario's name
        #[arg(value_name = "NAME")]
        name: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

/// How `kttt scenario allocate` shares a target.
#[derive(Args, Debug)]
pub struct AllocateOpts {
    /// Over which units below: districts, communes, or parts (whatever they are)
    #[arg(long, value_name = "LEVEL", default_value = "parts")]
    pub over: String,
    /// The period whose figures weigh the shares, e.g. UTH2026
    #[arg(long, value_name = "PERIOD")]
    pub by: String,
    /// proportional (to the --by figures: the same growth for all) or equal
    #[arg(long, value_name = "METHOD", default_value = "proportional")]
    pub method: String,
    /// Weigh by another indicator's --by figures, e.g. htx.members
    #[arg(long, value_name = "CODE")]
    pub weight: Option<String>,
    /// The target [default: the unit's own figure in the scenario]
    #[arg(long, value_name = "N", value_parser = parse_target)]
    pub target: Option<rust_decimal::Decimal>,
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Only say what would be written
    #[arg(long)]
    pub dry_run: bool,
}

/// A target as typed (either language's separators; a plain figure).
fn parse_target(s: &str) -> std::result::Result<rust_decimal::Decimal, String> {
    [Lang::Vi, Lang::En]
        .into_iter()
        .find_map(|l| crate::domain::number::parse(s, l).ok().flatten())
        .ok_or_else(|| format!("“{}”", crate::domain::text::sanitize(s)))
}

/// `kttt scenario`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Phương án giả định: tạo, liệt kê, đổi tên, so sánh, áp dụng, huỷ",
    ),
    ("new", "", "Tạo phương án giả định"),
    (
        "list",
        "",
        "Liệt kê các phương án đang mở (với --all: cả các phương án đã áp dụng, đã huỷ)",
    ),
    (
        "list",
        "all",
        "Cả các phương án đã áp dụng hoặc đã huỷ, ai làm và lúc nào",
    ),
    (
        "revert",
        "",
        "Hoàn tác lần áp dụng gần nhất của phương án: từng ô trở lại số cũ, trừ ô đã bị sửa sau đó",
    ),
    ("rename", "", "Đổi tên phương án"),
    ("show", "", "So sánh phương án với số chính thức"),
    ("show", "year", "Năm kế hoạch để tính tỷ lệ"),
    (
        "apply",
        "",
        "Đưa các thay đổi của phương án thành số chính thức (tất cả, hoặc các ô --cell)",
    ),
    (
        "apply",
        "cells",
        "Chỉ ô này, dạng MÃ:KỲ[:NGUỒN] (lặp lại được), ví dụ htx.total:KH2020",
    ),
    (
        "apply",
        "overwrite",
        "Nếu số chính thức đã đổi sau khi phương án sửa, vẫn ghi số của phương án",
    ),
    (
        "apply",
        "skip_conflicts",
        "Nếu số chính thức đã đổi sau khi phương án sửa, giữ số chính thức",
    ),
    (
        "discard",
        "",
        "Đóng phương án mà không áp dụng (được giữ làm hồ sơ; không đụng đến số chính thức)",
    ),
    ("discard", "yes", "Không hỏi lại"),
    (
        "balance",
        "",
        "Cân đối phương án theo các quan hệ giữa chỉ tiêu: tồn cuối kỳ = đầu kỳ + mới − giảm, các phần cộng lại bằng tổng, một số in ở hai nơi",
    ),
    ("balance", "name", "Tên phương án"),
    ("balance", "year", "Năm kế hoạch"),
    (
        "balance",
        "solve",
        "Để chỉ tiêu này nhận phần chênh lệch trước (lặp lại được), ví dụ htx.dissolved",
    ),
    ("balance", "dry_run", "Chỉ cho biết sẽ ghi gì, không ghi"),
    (
        "seek",
        "",
        "Tìm số của một ô để đạt mục tiêu (tỷ lệ % đạt hoặc tăng trưởng, tổng, bình quân của các đơn vị dưới) và ghi vào phương án",
    ),
    ("seek", "name", "Tên phương án"),
    ("seek", "cell", "Ô cần thay đổi, dạng MÃ:KỲ, ví dụ htx.total:KH2020"),
    (
        "seek",
        "goal",
        "Mục tiêu, ví dụ \"htx.total KH2020/UTH2019 = 110%\" hoặc \"htx.revenue KH2020 = 700\"",
    ),
    (
        "seek",
        "at",
        "Ô thuộc đơn vị cấp dưới này (mục tiêu tính trên số tổng hợp của --unit)",
    ),
    ("seek", "year", "Năm kế hoạch"),
    (
        "compare",
        "",
        "So sánh các phương án cạnh nhau và với số chính thức: các ô thay đổi, tỷ lệ tăng trưởng, tỷ lệ đạt, kiểm tra",
    ),
    ("compare", "names", "Hai đến bốn phương án (một cũng được)"),
    (
        "compare",
        "rows",
        "Các chỉ tiêu này (mã, cách nhau bằng dấu phẩy), dù phương án có thay đổi hay không [mặc định: các ô phương án thay đổi]",
    ),
    ("compare", "no_official", "Bỏ cột số chính thức"),
    ("compare", "year", "Năm kế hoạch"),
    (
        "assume",
        "",
        "Ghi số kế hoạch của phương án theo một giả định, ví dụ \"mọi số đếm +5% so với UTH2019\" hoặc \"htx.revenue +8%\"",
    ),
    ("assume", "name", "Tên phương án"),
    (
        "assume",
        "rule",
        "Giả định: các dòng (mọi số đếm, số tiền, bình quân, hoặc một mã), mức thay đổi (+5%), có thể so với một kỳ (so với UTH2019)",
    ),
    ("assume", "parts", "Cả các đơn vị cấp dưới của --unit"),
    ("assume", "year", "Năm kế hoạch"),
    ("assume", "dry_run", "Chỉ cho biết sẽ ghi gì, không ghi"),
    (
        "allocate",
        "",
        "Giao chỉ tiêu của đơn vị xuống các đơn vị cấp dưới, thành một phương án",
    ),
    ("allocate", "name", "Tên phương án"),
    ("allocate", "code", "Mã chỉ tiêu, ví dụ htx.total"),
    ("allocate", "period", "Kỳ kế hoạch, ví dụ KH2027"),
    (
        "allocate",
        "over",
        "Giao cho các đơn vị nào: huyen (districts), xa (communes), hoặc parts (các đơn vị cấp dưới)",
    ),
    ("allocate", "by", "Kỳ có số liệu làm căn cứ chia, ví dụ UTH2026"),
    (
        "allocate",
        "method",
        "proportional (theo tỷ lệ số liệu --by: cùng mức tăng) hoặc equal (chia đều)",
    ),
    (
        "allocate",
        "weight",
        "Chia theo số liệu --by của chỉ tiêu khác, ví dụ htx.members",
    ),
    (
        "allocate",
        "target",
        "Chỉ tiêu cần giao [mặc định: số của đơn vị trong phương án]",
    ),
    ("allocate", "year", "Năm kế hoạch"),
    ("allocate", "dry_run", "Chỉ cho biết sẽ ghi gì, không ghi"),
    ("seek", "dry_run", "Chỉ cho biết số tìm được, không ghi"),
    ("new", "name", "Tên phương án (không bắt đầu bằng = + - @)"),
    ("rename", "name", "Tên hiện tại của phương án"),
    ("rename", "new_name", "Tên mới"),
    ("show", "name", "Tên phương án"),
    ("apply", "name", "Tên phương án"),
    ("revert", "name", "Tên phương án"),
    ("discard", "name", "Tên phương án"),
];

fn status_text(st: ScenarioStatus, lang: Lang) -> &'static str {
    match st {
        ScenarioStatus::Open => lang.pick("đang mở", "open"),
        ScenarioStatus::Applied => lang.pick("đã áp dụng", "applied"),
        ScenarioStatus::Discarded => lang.pick("đã huỷ", "discarded"),
    }
}

fn list(s: &Session, all: bool, lang: Lang) -> Result<()> {
    let list = s.scenarios(all)?;
    if list.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "Chưa có phương án nào. Tạo mới: kttt scenario new TÊN",
                "No scenarios yet. Create one: kttt scenario new NAME"
            )
        );
        return Ok(());
    }
    let mut heads = vec![
        lang.pick("Phương án", "Scenario").to_string(),
        lang.pick("Số ô thay đổi", "Changed cells").to_string(),
        lang.pick("Tạo lúc", "Created").to_string(),
        lang.pick("Người tạo", "By").to_string(),
    ];
    let mut aligns = vec![Align::Left, Align::Right, Align::Left, Align::Left];
    if all {
        heads.extend([
            lang.pick("Trạng thái", "State").to_string(),
            lang.pick("Lúc", "When").to_string(),
            lang.pick("Bởi", "By").to_string(),
        ]);
        aligns.extend([Align::Left, Align::Left, Align::Left]);
    }
    let mut t = TextTable::new(heads, aligns);
    t.flex = Some(0);
    for x in list {
        let mut row = vec![
            x.name.clone(),
            (x.changes + x.applied).to_string(),
            local_time(&x.created_at, lang),
            x.created_by.clone(),
        ];
        if all {
            row.extend([
                status_text(x.status, lang).to_string(),
                x.closed_at.as_deref().map(|t| local_time(t, lang)).unwrap_or_default(),
                x.closed_by.clone().unwrap_or_default(),
            ]);
        }
        t.rows.push(row);
    }
    out!("{}", t.render(super::out::width(None)));
    Ok(())
}

fn show(cli: &super::Cli, s: &mut Session, name: &str, year: Option<i32>, lang: Lang) -> Result<()> {
    use_year(cli, s, year)?;
    s.activate(Some(name))?;
    let Some(sc) = s.scenario().cloned() else {
        return Ok(());
    };
    let diffs = compare(s.catalog(), s.official(), s.overlay(), s.frame());
    outln!(
        "{} “{}” {} — {} · {} {}",
        lang.pick("Phương án", "Scenario"),
        sc.name,
        lang.pick("so với số chính thức", "against the official figures"),
        s.unit().name(lang),
        lang.pick("kế hoạch năm", "plan for"),
        s.year()
    );
    let elsewhere = sc.changes.saturating_sub(s.overlay().changes.len());
    if diffs.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "Phương án chưa thay đổi ô nào ở đây.",
                "The scenario changes no cell here yet."
            )
        );
    }
    if elsewhere > 0 {
        outln!(
            "({elsewhere} {})",
            lang.pick(
                "thay đổi khác thuộc đơn vị hoặc năm khác; xem bằng --unit, --year",
                "more changes belong to other units or years; see them with --unit, --year"
            )
        );
    }
    if diffs.is_empty() {
        return Ok(());
    }
    print_diffs(s, &diffs, lang)?;
    let off = tally(&s.findings(&crate::domain::values::Layered::official(s.official())));
    let sc_t = tally(&s.findings(&s.values()));
    outln!(
        "{}: {} → {}",
        lang.pick("Kiểm tra", "Checks"),
        crate::present::tally_text(off.0, off.1, off.2, lang),
        crate::present::tally_text(sc_t.0, sc_t.1, sc_t.2, lang)
    );
    Ok(())
}

/// Runs `kttt scenario`.
pub fn run(cli: &super::Cli, args: &ScenarioArgs, lang: Lang) -> Result<ExitCode> {
    let reading = matches!(
        args.action,
        ScenarioAction::List { .. } | ScenarioAction::Show { .. } | ScenarioAction::Compare { .. }
    );
    let mut s = if reading {
        open_reading(cli, lang)?
    } else {
        open_session(cli, lang)?
    };
    match &args.action {
        ScenarioAction::New { name } => {
            let info = s.create_scenario(name)?;
            outln!(
                "{} “{}”. {}",
                lang.pick("Đã tạo phương án", "Created scenario"),
                info.name,
                lang.pick(
                    "Ghi vào phương án: kttt set MÃ KỲ SỐ --scenario TÊN",
                    "Write into it: kttt set CODE PERIOD VALUE --scenario NAME"
                )
            );
        }
        ScenarioAction::List { all } => list(&s, *all, lang)?,
        ScenarioAction::Rename { name, new_name } => {
            let info = s.find_scenario(name, false)?;
            s.rename_scenario(info.id, new_name)?;
            outln!(
                "{} “{}” → “{}”.",
                lang.pick("Đã đổi tên", "Renamed"),
                info.name,
                crate::domain::text::nfc(new_name.trim())
            );
        }
        ScenarioAction::Show { name, year } => show(cli, &mut s, name, *year, lang)?,
        ScenarioAction::Apply {
            name,
            cells,
            overwrite,
            skip_conflicts,
        } => apply::apply(&mut s, name, cells, *overwrite, *skip_conflicts, lang)?,
        ScenarioAction::Revert { name } => return apply::revert(&mut s, name, lang),
        ScenarioAction::Balance {
            name,
            year,
            solve,
            dry_run,
        } => balance::run(cli, &mut s, name, *year, solve, *dry_run, lang)?,
        ScenarioAction::Assume {
            name,
            rule,
            parts,
            year,
            dry_run,
        } => assume::run(cli, &mut s, name, rule, *parts, *year, *dry_run, lang)?,
        ScenarioAction::Allocate {
            name,
            code,
            period,
            opts,
        } => allocate::run(cli, &mut s, name, code, period, opts, lang)?,
        ScenarioAction::Compare {
            names,
            rows,
            no_official,
            year,
        } => compare::run(cli, &mut s, names, rows, !*no_official, *year, lang)?,
        ScenarioAction::Seek {
            name,
            cell,
            goal,
            at,
            year,
            dry_run,
        } => seek::run(cli, &mut s, name, cell, goal, at.as_deref(), *year, *dry_run, lang)?,
        ScenarioAction::Discard { name, yes } => {
            let info = s.find_scenario(name, false)?;
            let question = crate::present::discard_question(&info.name, info.changes, lang);
            if !*yes && !apply::confirm(&question, lang) {
                return Err(Error::said(
                    "Chưa xoá gì. Để xoá không cần hỏi, thêm --yes.",
                    "Nothing deleted. To delete without being asked, add --yes.",
                ));
            }
            let n = s.discard_scenario(info.id)?;
            outln!(
                "{} “{}” ({n} {}). {}",
                lang.pick("Đã huỷ phương án", "Discarded scenario"),
                info.name,
                lang.pick("thay đổi", "changes"),
                lang.pick(
                    "Phương án được giữ làm hồ sơ: kttt scenario list --all",
                    "It is kept as a record: kttt scenario list --all"
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
