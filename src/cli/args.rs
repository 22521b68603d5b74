//! The command-line grammar (clap), and its Vietnamese help.

use crate::i18n::Lang;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("“{s}”: vi | en"))
}

/// kttt — collective-economy plan tracker (kinh tế tập thể).
#[derive(Parser, Debug)]
#[command(
    name = "kttt",
    version,
    about = "Collective-economy plan tracker: cooperatives, unions, groups, sectors, state support.\nWithout a command, opens the full-screen app."
)]
pub struct Cli {
    /// Database file [default: the platform data folder, e.g. ~/.local/share/kttt/kttt.sqlite3]
    #[arg(long, global = true, env = "KTTT_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of the interface and of numbers: vi (1.559; 43,2) or en (1,559; 43.2)
    #[arg(long, global = true, env = "KTTT_LANG", value_parser = parse_lang, value_name = "vi|en")]
    pub lang: Option<Lang>,
    /// Org unit: code (bac-kan, ba-be…), statistics code (06, 061…) or name [default: the province]
    #[arg(long, global = true, value_name = "ORG")]
    pub unit: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people
    Table,
    /// Comma-separated values; figures in plain notation (1559, 43.2)
    Csv,
    /// JSON; figures as exact decimal strings
    Json,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print an appendix (all three when none is named) with its percentage columns
    Show(ShowArgs),
    /// Set one figure (official, or in a scenario)
    Set(SetArgs),
    /// List all validation findings; exits with 1 if any is an error
    Check(CheckArgs),
    /// Create the database (with the 2019 Bắc Kạn plan, or empty)
    Init(InitArgs),
    /// Every change of one figure, from the audit trail
    History(HistoryArgs),
    /// Recent changes across all figures, newest first (--unit: that unit and those below it)
    Log(LogArgs),
    /// What-if scenarios: new, list, rename, show, apply, discard
    Scenario(ScenarioArgs),
    /// Plan years: list, or start next year's plan from this one
    Plan(PlanArgs),
    /// List the indicators with their codes
    Catalog(CatalogArgs),
    /// Write a synthetic country into a new database (for benchmarks and scale tests)
    Synth(SynthArgs),
}

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// The new database file (must not exist)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// national: 63 + 34 provinces, 696 districts, 10,035 + 3,321 communes (about 10⁷ figures); province: a small one
    #[arg(long, value_enum, default_value_t = SynthSize::National)]
    pub size: SynthSize,
}

/// How big a synthetic country.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SynthSize {
    /// The whole country, both trees
    National,
    /// About one province
    Province,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// phu-luc-1, phu-luc-2 or phu-luc-3 (also 1, 2, 3)
    #[arg(value_name = "APPENDIX")]
    pub appendix: Option<String>,
    /// Plan year N (shows actual N-2, plan and estimate N-1, plan N) [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Show a what-if scenario's figures instead of the official ones
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Fit the table to N columns [default: the terminal's width; complete lines in a pipe]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

#[derive(Args, Debug)]
pub struct SetArgs {
    /// Indicator code (see `kttt catalog`), e.g. htx.total
    #[arg(value_name = "CODE")]
    pub code: String,
    /// Period: TH2018 (actual), KH2020 (plan), UTH2019 (estimate); also actual-2018, plan-2020
    #[arg(value_name = "PERIOD")]
    pub period: String,
    /// The figure (1.559 or 43,2 in Vietnamese; - for blank); for a plan: 110% of the estimate, +10% or -5%
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
    /// Write into this what-if scenario, not the official figures
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Funding source of a Phụ lục 3 row: total, ntm or other [default: total]
    #[arg(long, value_name = "SOURCE")]
    pub funding: Option<String>,
    /// Save a doubtful figure as typed (a tenfold change, a separator that reads better the other way)
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Check a what-if scenario's figures
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Fit the report to N columns [default: the terminal's width; complete lines in a pipe]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Create without figures (only the catalog and the org units)
    #[arg(long)]
    pub empty: bool,
    /// Replace an existing database; the old file is kept beside it as a backup
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct LogArgs {
    /// Only changes since: 2026-11-25, "2026-11-25 10:00", 25/11/2026, or back from now: 30m, 2h, 7d
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only changes by this user
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// At most N changes (the latest)
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
    /// Keep printing new changes as they are saved, oldest first (Ctrl+C stops)
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// Output format (in --follow, json is one object per line)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Fit the table to N columns [default: the terminal's width; complete lines in a pipe]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

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

#[derive(Args, Debug)]
pub struct ScenarioArgs {
    #[command(subcommand)]
    pub action: ScenarioAction,
}

#[derive(Subcommand, Debug)]
pub enum ScenarioAction {
    /// Create a what-if scenario
    New {
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
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(value_name = "NEW_NAME")]
        new_name: String,
    },
    /// Compare a scenario with the official figures
    Show {
        #[arg(value_name = "NAME")]
        name: String,
        /// Plan year for the percentages [default: the latest plan]
        #[arg(long, value_name = "N")]
        year: Option<i32>,
    },
    /// Make a scenario's changes official (all, or the --cell ones)
    Apply {
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
    /// Undo the last apply of a scenario: the official figures go back, cell by cell, unless changed since
    Revert {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Close a scenario without applying it (kept as a record; the official figures are not touched)
    Discard {
        #[arg(value_name = "NAME")]
        name: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

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
}

#[derive(Args, Debug)]
pub struct CatalogArgs {
    /// Only this appendix (phu-luc-1, 2, 3)
    #[arg(value_name = "APPENDIX")]
    pub appendix: Option<String>,
    /// Only indicators whose name matches (diacritics ignored)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

/// Vietnamese help texts: (subcommand path, argument id or "" for the command, text).
const VI: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "Theo dõi kế hoạch phát triển kinh tế tập thể: hợp tác xã, liên hiệp, tổ hợp tác, ngành nghề, chính sách hỗ trợ.\nKhông có lệnh: mở ứng dụng toàn màn hình.",
    ),
    (
        "",
        "db",
        "Tệp cơ sở dữ liệu [mặc định: thư mục dữ liệu của người dùng, ví dụ ~/.local/share/kttt/kttt.sqlite3]",
    ),
    (
        "",
        "lang",
        "Ngôn ngữ giao diện và cách viết số: vi (1.559; 43,2) hoặc en (1,559; 43.2)",
    ),
    (
        "",
        "unit",
        "Đơn vị: mã (bac-kan, ba-be…), mã thống kê (06, 061…) hoặc tên [mặc định: tỉnh]",
    ),
    (
        "show",
        "",
        "In một phụ lục (cả ba nếu không chỉ rõ) kèm các cột tỷ lệ %",
    ),
    ("show", "appendix", "phu-luc-1, phu-luc-2 hoặc phu-luc-3 (hoặc 1, 2, 3)"),
    (
        "show",
        "year",
        "Năm kế hoạch N (hiện TH N-2, KH và ƯTH N-1, KH N) [mặc định: kế hoạch mới nhất]",
    ),
    ("show", "format", "Dạng kết quả: table (bảng), csv, json"),
    (
        "show",
        "width",
        "Vừa bảng trong N cột [mặc định: bề rộng cửa sổ; đủ dòng khi ghi ra ống dẫn hoặc tệp]",
    ),
    (
        "show",
        "scenario",
        "Hiện số liệu của một phương án giả định thay cho số chính thức",
    ),
    ("set", "", "Ghi một số liệu (chính thức, hoặc trong một phương án)"),
    ("set", "code", "Mã chỉ tiêu (xem `kttt catalog`), ví dụ htx.total"),
    (
        "set",
        "period",
        "Kỳ: TH2018 (thực hiện), KH2020 (kế hoạch), UTH2019 (ước thực hiện)",
    ),
    (
        "set",
        "value",
        "Số liệu (1.559 hoặc 43,2; - là để trống); với ô kế hoạch: 110% của số ước, +10% hoặc -5%",
    ),
    (
        "set",
        "scenario",
        "Ghi vào phương án giả định này, không ghi vào số chính thức",
    ),
    (
        "set",
        "funding",
        "Nguồn vốn của dòng Phụ lục 3: total (tổng), ntm (CTMTQG NTM) hoặc other (vốn khác)",
    ),
    (
        "set",
        "force",
        "Vẫn ghi số đáng ngờ đúng như đã gõ (thay đổi gấp 10 lần, dấu phân cách nên đọc theo cách khác)",
    ),
    (
        "check",
        "",
        "Liệt kê các phát hiện khi kiểm tra số liệu; trả mã 1 nếu có lỗi",
    ),
    ("check", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    ("check", "format", "Dạng kết quả: table (văn bản), csv, json"),
    ("check", "scenario", "Kiểm tra số liệu của một phương án giả định"),
    (
        "check",
        "width",
        "Vừa báo cáo trong N cột [mặc định: bề rộng cửa sổ; đủ dòng khi ghi ra ống dẫn hoặc tệp]",
    ),
    (
        "init",
        "",
        "Tạo cơ sở dữ liệu (với kế hoạch 2019 của Bắc Kạn, hoặc trống)",
    ),
    ("init", "empty", "Tạo trống (chỉ có danh mục chỉ tiêu và đơn vị)"),
    (
        "init",
        "force",
        "Tạo lại khi đã có; tệp cũ được giữ lại làm bản sao lưu",
    ),
    ("history", "", "Mọi lần thay đổi một số liệu, theo nhật ký"),
    ("history", "code", "Mã chỉ tiêu, ví dụ htx.total"),
    ("history", "period", "Chỉ kỳ này (TH2018, KH2019, UTH2019, KH2020…)"),
    ("history", "funding", "Nguồn vốn (total, ntm, other)"),
    (
        "scenario",
        "",
        "Phương án giả định: tạo, liệt kê, đổi tên, so sánh, áp dụng, huỷ",
    ),
    (
        "plan",
        "",
        "Năm kế hoạch: liệt kê, hoặc lập kế hoạch năm sau từ năm này",
    ),
    ("catalog", "", "Liệt kê các chỉ tiêu và mã của chúng"),
    (
        "synth",
        "",
        "Ghi một đất nước giả lập vào cơ sở dữ liệu mới (để đo tốc độ và thử ở quy mô lớn)",
    ),
    ("synth", "out", "Tệp cơ sở dữ liệu mới (chưa được có)"),
    (
        "synth",
        "size",
        "national: 63 + 34 tỉnh, 696 huyện, 10.035 + 3.321 xã (khoảng 10 triệu số liệu); province: một tỉnh nhỏ",
    ),
    ("catalog", "appendix", "Chỉ phụ lục này (phu-luc-1, 2, 3)"),
    (
        "catalog",
        "search",
        "Chỉ các chỉ tiêu có tên khớp (không phân biệt dấu)",
    ),
    ("scenario new", "", "Tạo phương án giả định"),
    (
        "scenario list",
        "",
        "Liệt kê các phương án đang mở (với --all: cả các phương án đã áp dụng, đã huỷ)",
    ),
    (
        "scenario list",
        "all",
        "Cả các phương án đã áp dụng hoặc đã huỷ, ai làm và lúc nào",
    ),
    (
        "scenario revert",
        "",
        "Hoàn tác lần áp dụng gần nhất của phương án: từng ô trở lại số cũ, trừ ô đã bị sửa sau đó",
    ),
    ("scenario rename", "", "Đổi tên phương án"),
    ("scenario show", "", "So sánh phương án với số chính thức"),
    ("scenario show", "year", "Năm kế hoạch để tính tỷ lệ"),
    (
        "scenario apply",
        "",
        "Đưa các thay đổi của phương án thành số chính thức (tất cả, hoặc các ô --cell)",
    ),
    (
        "scenario apply",
        "cells",
        "Chỉ ô này, dạng MÃ:KỲ[:NGUỒN] (lặp lại được), ví dụ htx.total:KH2020",
    ),
    (
        "scenario apply",
        "overwrite",
        "Nếu số chính thức đã đổi sau khi phương án sửa, vẫn ghi số của phương án",
    ),
    (
        "scenario apply",
        "skip_conflicts",
        "Nếu số chính thức đã đổi sau khi phương án sửa, giữ số chính thức",
    ),
    (
        "scenario discard",
        "",
        "Đóng phương án mà không áp dụng (được giữ làm hồ sơ; không đụng đến số chính thức)",
    ),
    ("scenario discard", "yes", "Không hỏi lại"),
    ("plan list", "", "Liệt kê các năm kế hoạch"),
    (
        "plan start",
        "",
        "Lập kế hoạch năm sau từ kế hoạch mới nhất (kế hoạch đầu tiên của cơ sở dữ liệu trống: --from N-1)",
    ),
    ("plan start", "from", "Kế hoạch làm căn cứ [mặc định: mới nhất]"),
];

fn localize_one(mut cmd: clap::Command, path: &str) -> clap::Command {
    use clap::{Arg, ArgAction};
    cmd = cmd
        .help_template("{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In trợ giúp")
                .help_heading("Tùy chọn"),
        );
    // Value lists are given in the Vietnamese help texts; clap's English ones are hidden.
    let listed: Vec<String> = cmd
        .get_arguments()
        .filter(|a| !a.get_possible_values().is_empty() && a.get_action().takes_values())
        .map(|a| a.get_id().to_string())
        .collect();
    for id in listed {
        cmd = cmd.mut_arg(id.as_str(), |a| a.hide_possible_values(true));
    }
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản")
                .help_heading("Tùy chọn"),
        );
    }
    for (p, arg, text) in VI {
        if *p != path {
            continue;
        }
        if arg.is_empty() {
            cmd = cmd.about(*text);
        } else {
            cmd = cmd.mut_arg(*arg, |a| a.help(*text));
        }
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id.as_str(), |a| {
            if a.is_positional() {
                a.help_heading("Tham số")
            } else {
                a.help_heading("Tùy chọn")
            }
        });
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |s| localize_one(s, &sub_path));
    }
    cmd
}

/// The command with its help in the user's language.
pub fn localize(cmd: clap::Command, lang: Lang) -> clap::Command {
    match lang {
        Lang::En => cmd,
        Lang::Vi => localize_one(cmd, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_vietnamese_help_text_finds_its_place() {
        let cmd = localize(Cli::command(), Lang::Vi);
        for (path, arg, text) in VI {
            let mut c = &cmd;
            for part in path.split_whitespace() {
                c = c
                    .find_subcommand(part)
                    .unwrap_or_else(|| panic!("no subcommand {path}"));
            }
            if arg.is_empty() {
                assert_eq!(c.get_about().map(|a| a.to_string()).as_deref(), Some(*text), "{path}");
            } else {
                let a = c
                    .get_arguments()
                    .find(|a| a.get_id() == arg)
                    .unwrap_or_else(|| panic!("no argument {path} {arg}"));
                assert_eq!(a.get_help().map(|h| h.to_string()).as_deref(), Some(*text));
            }
        }
    }
}
