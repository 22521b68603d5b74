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
    /// Database: a file, or a PostgreSQL server (postgres://USER@HOST/DB) [default: the platform data folder, e.g. ~/.local/share/kttt/kttt.sqlite3]
    #[arg(long, global = true, env = "KTTT_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,
    /// Language of the interface and of numbers: vi (1.559; 43,2) or en (1,559; 43.2)
    #[arg(long, global = true, env = "KTTT_LANG", value_parser = parse_lang, value_name = "vi|en")]
    pub lang: Option<Lang>,
    /// Org unit: code (bac-kan, ba-be…), statistics code (06, 061…) or name [default: the province]
    #[arg(long, global = true, value_name = "ORG")]
    pub unit: Option<String>,
    /// Act for this user: only under the service account of a shared server (see kttt deploy ssh)
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub as_user: Option<String>,
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
    /// Which units have entered which appendix of the plan (--unit: the unit and its parts)
    Completeness(CompletenessArgs),
    /// What-if scenarios: new, list, rename, show, apply, discard
    Scenario(ScenarioArgs),
    /// Plan years: list, or start next year's plan from this one
    Plan(PlanArgs),
    /// List the indicators with their codes
    Catalog(CatalogArgs),
    /// Write a synthetic country into a new database (for benchmarks and scale tests)
    Synth(SynthArgs),
    /// Org units: list the tree on a date, import a unit list or a mapping
    Units(UnitsArgs),
    /// Users and their roles per unit: add, list, remove, grant, revoke
    User(UserArgs),
    /// Setting up a shared server: the lines for an official's SSH key
    Deploy(DeployArgs),
    /// Write a consistent copy of the database while others keep working
    Backup(BackupArgs),
    /// Read, write or clear the comment on a figure
    Note(NoteArgs),
    /// Write the appendices as an Excel workbook in the published layout (or CSV files)
    Export(ExportArgs),
    /// Read a workbook or CSV in the appendix layout into a what-if scenario, to review and apply
    Import(ImportArgs),
    /// Write the plan's assessment ("Phần thứ nhất") from the figures, as .docx or .md
    Report(ReportArgs),
    /// Send the unit's approved figures (and their audit trail) to another database, such as the ministry's
    Push(PushArgs),
}

#[derive(Args, Debug)]
pub struct UnitsArgs {
    #[command(subcommand)]
    pub action: UnitsAction,
}

#[derive(Subcommand, Debug)]
pub enum UnitsAction {
    /// Print the tree of units valid on a date (--unit: only that unit's branch)
    List {
        /// The day (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Output format: table (a tree), csv (the import format), json
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Fit the table to N columns [default: the terminal's width; complete lines in a pipe]
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// Import a unit list (level,gso,name,parent_gso) or an old → new mapping (old_gso,…,kind,share)
    Import {
        /// A CSV file, with its `# scheme: …`, `# valid_from: …` lines first
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Only say what would change; write nothing
        #[arg(long)]
        dry_run: bool,
    },
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
    /// Consolidate these indicators over the unit's parts instead (codes, comma-separated): one row per district or commune, the roll-up, the unit's own figure and the difference
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub by_unit: Vec<String>,
}

#[derive(Args, Debug)]
pub struct CompletenessArgs {
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Also list each unit's missing cells
    #[arg(long)]
    pub missing: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
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

#[derive(Args, Debug)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserAction,
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    /// Add a user (the first user of a database administers every top unit)
    Add {
        /// Login name (ASCII letters, digits, . _ -), as the SSH key binding names it
        #[arg(value_name = "NAME")]
        name: String,
        /// The name people know them by, e.g. "Nguyễn Thị Lan"
        #[arg(long, value_name = "TEXT")]
        display: Option<String>,
    },
    /// List the users and their roles (with --all, also removed users)
    List {
        /// Also removed users
        #[arg(long)]
        all: bool,
    },
    /// Remove a user (kept as a record; their roles go)
    Remove {
        /// Login name
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Grant a role on a unit and the units under it: read, enter, approve, admin
    Grant {
        /// Login name
        #[arg(value_name = "NAME")]
        name: String,
        /// The role: read, enter, approve or admin
        #[arg(value_name = "ROLE")]
        role: String,
        /// The unit: code, statistics code or name
        #[arg(value_name = "UNIT")]
        unit: String,
    },
    /// Take a role back
    Revoke {
        /// Login name
        #[arg(value_name = "NAME")]
        name: String,
        /// The role: read, enter, approve or admin
        #[arg(value_name = "ROLE")]
        role: String,
        /// The unit: code, statistics code or name
        #[arg(value_name = "UNIT")]
        unit: String,
    },
}

#[derive(Args, Debug)]
pub struct DeployArgs {
    #[command(subcommand)]
    pub action: DeployAction,
}

#[derive(Subcommand, Debug)]
pub enum DeployAction {
    /// Print the lines that put an official on a shared server over SSH
    Ssh {
        /// The official's kttt user name
        #[arg(value_name = "NAME")]
        name: String,
        /// The official's public key file (id_ed25519.pub)
        #[arg(long, value_name = "FILE")]
        key: std::path::PathBuf,
        /// The service account that owns the database
        #[arg(long, value_name = "ACCOUNT", default_value = "kttt")]
        account: String,
        /// Where kttt is installed on the server [default: this kttt's path]
        #[arg(long, value_name = "PATH")]
        bin: Option<std::path::PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct NoteArgs {
    /// Indicator code, e.g. htx.total
    #[arg(value_name = "CODE")]
    pub code: String,
    /// Period: TH2018, KH2020, UTH2019…
    #[arg(value_name = "PERIOD")]
    pub period: String,
    /// The comment (without it, the comment is printed)
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    /// Remove the comment
    #[arg(long, conflicts_with = "text")]
    pub clear: bool,
    /// Funding source (total, ntm, other) [default: total]
    #[arg(long, value_name = "SOURCE")]
    pub funding: Option<String>,
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The copy to write (must not exist)
    #[arg(value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Args, Debug)]
pub struct PushArgs {
    /// The receiving database: postgres://… (or a file)
    #[arg(long, value_name = "DB")]
    pub to: String,
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
}

/// What `kttt export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// An Excel workbook, one sheet per appendix
    Xlsx,
    /// One CSV file per appendix (UTF-8 with a byte-order mark for Excel)
    Csv,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The file to write (.xlsx; with --format csv, FILE-phu-luc-N.csv beside it), or - for standard output (ssh kttt@server kttt export --out - > plan.xlsx)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Only this appendix (phu-luc-1, 2 or 3) [default: all]
    #[arg(long, value_name = "APPENDIX")]
    pub appendix: Option<String>,
    /// Also a consolidation sheet per appendix: the units below as rows, with the roll-up
    #[arg(long)]
    pub by_unit: bool,
    /// A what-if scenario's figures instead of the official ones
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// xlsx or csv [default: by the file's extension, else xlsx]
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// CSV without the byte-order mark
    #[arg(long)]
    pub no_bom: bool,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The workbook (.xlsx) or CSV file in the appendix layout, or - for standard input (ssh kttt@server kttt import - < figures.xlsx)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check and show what would change, without creating the scenario
    #[arg(long)]
    pub dry_run: bool,
    /// The scenario's name [default: Nhập FILE]
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Plan year the file is for [default: read from its headers]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Stage doubtful figures (a tenfold change) as read instead of stopping
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// The file to write: .docx (Word) or .md (Markdown), or - for standard output
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// docx or md [default: by the file's extension; docx for standard output]
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

/// The written plan's formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Word
    Docx,
    /// Markdown
    Md,
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

use super::help_vi::VI;

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

    /// Every command, subcommand and argument has its help in both languages: nothing is
    /// English in the Vietnamese help, nothing missing in the English one.
    #[test]
    fn every_command_and_argument_has_vietnamese_help() {
        fn walk(c: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let has = |arg: &str| VI.iter().any(|(p, a, _)| *p == path && *a == arg);
            if !path.is_empty() && !has("") {
                missing.push(format!("{path}: (about)"));
            }
            if !path.is_empty() && c.get_about().is_none() {
                missing.push(format!("{path}: (about, English)"));
            }
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") || a.is_hide_set() {
                    continue;
                }
                // Global options are described once, at the top.
                if a.is_global_set() && !path.is_empty() {
                    continue;
                }
                if !has(id) {
                    missing.push(format!("{path}: {id}"));
                }
                if a.get_help().is_none() {
                    missing.push(format!("{path}: {id} (English)"));
                }
            }
            for sub in c.get_subcommands() {
                let p = if path.is_empty() {
                    sub.get_name().to_string()
                } else {
                    format!("{path} {}", sub.get_name())
                };
                walk(sub, &p, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no help for: {missing:#?}");
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
