//! The command-line grammar (clap): the top level, the list of commands and the options they
//! share, and the Vietnamese help put in place of the English one. Each command's arguments and
//! its help in both languages are in its own module.

use super::{
    backup, catalog, check, completeness, completions, deploy, doctor, export, form, history, import, init, log, man,
    note, plan, push, report, scenario, set, show, synth, units, user,
};
use crate::i18n::Lang;
use clap::{Parser, Subcommand, ValueEnum};
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
    Show(show::ShowArgs),
    Set(set::SetArgs),
    Check(check::CheckArgs),
    Init(init::InitArgs),
    History(history::HistoryArgs),
    Log(log::LogArgs),
    Completeness(completeness::CompletenessArgs),
    Scenario(scenario::ScenarioArgs),
    Plan(plan::PlanArgs),
    Catalog(catalog::CatalogArgs),
    Form(form::FormArgs),
    Synth(synth::SynthArgs),
    Units(units::UnitsArgs),
    User(user::UserArgs),
    Deploy(deploy::DeployArgs),
    Backup(backup::BackupArgs),
    Note(note::NoteArgs),
    Export(export::ExportArgs),
    Import(import::ImportArgs),
    Report(report::ReportArgs),
    Push(push::PushArgs),
    Doctor(doctor::DoctorArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
}

/// The Vietnamese help of the top level: (argument id, or "" for kttt itself; text).
const TOP_HELP_VI: &[(&str, &str)] = &[
    (
        "",
        "Theo dõi kế hoạch phát triển kinh tế tập thể: hợp tác xã, liên hiệp, tổ hợp tác, ngành nghề, chính sách hỗ trợ.\nKhông có lệnh: mở ứng dụng toàn màn hình.",
    ),
    (
        "db",
        "Cơ sở dữ liệu: một tệp, hoặc máy chủ PostgreSQL (postgres://NGƯỜI_DÙNG@MÁY/CSDL) [mặc định: thư mục dữ liệu của người dùng, ví dụ ~/.local/share/kttt/kttt.sqlite3]",
    ),
    (
        "lang",
        "Ngôn ngữ giao diện và cách viết số: vi (1.559; 43,2) hoặc en (1,559; 43.2)",
    ),
    (
        "unit",
        "Đơn vị: mã (bac-kan, ba-be…), mã thống kê (06, 061…) hoặc tên [mặc định: tỉnh]",
    ),
    (
        "as_user",
        "Làm việc với danh tính người dùng này: chỉ dưới tài khoản dịch vụ của máy chủ dùng chung (xem kttt deploy ssh)",
    ),
];

/// A command's Vietnamese help: (subcommand, argument id, text); "" names the command.
pub(super) type HelpVi = &'static [(&'static str, &'static str, &'static str)];

/// Each command's Vietnamese help, from its module, by the command's name.
const COMMAND_HELP_VI: &[(&str, HelpVi)] = &[
    ("show", show::HELP_VI),
    ("set", set::HELP_VI),
    ("check", check::HELP_VI),
    ("init", init::HELP_VI),
    ("history", history::HELP_VI),
    ("log", log::HELP_VI),
    ("completeness", completeness::HELP_VI),
    ("scenario", scenario::HELP_VI),
    ("plan", plan::HELP_VI),
    ("catalog", catalog::HELP_VI),
    ("form", form::HELP_VI),
    ("synth", synth::HELP_VI),
    ("units", units::HELP_VI),
    ("user", user::HELP_VI),
    ("deploy", deploy::HELP_VI),
    ("backup", backup::HELP_VI),
    ("note", note::HELP_VI),
    ("export", export::HELP_VI),
    ("import", import::HELP_VI),
    ("report", report::HELP_VI),
    ("push", push::HELP_VI),
    ("doctor", doctor::HELP_VI),
    ("completions", completions::HELP_VI),
    ("man", man::HELP_VI),
];

/// Every Vietnamese help text: (command path, argument id or "" for the command, text).
fn help_vi() -> impl Iterator<Item = (String, &'static str, &'static str)> {
    let top = TOP_HELP_VI.iter().map(|&(arg, text)| (String::new(), arg, text));
    let commands = COMMAND_HELP_VI.iter().flat_map(|&(name, texts)| {
        texts.iter().map(move |&(sub, arg, text)| {
            let path = if sub.is_empty() {
                name.to_string()
            } else {
                format!("{name} {sub}")
            };
            (path, arg, text)
        })
    });
    top.chain(commands)
}

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
    for (p, arg, text) in help_vi() {
        if p != path {
            continue;
        }
        if arg.is_empty() {
            cmd = cmd.about(text);
        } else {
            cmd = cmd.mut_arg(arg, |a| a.help(text));
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
            let has = |arg: &str| help_vi().any(|(p, a, _)| p == path && a == arg);
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
        for (path, arg, text) in help_vi() {
            let mut c = &cmd;
            for part in path.split_whitespace() {
                c = c
                    .find_subcommand(part)
                    .unwrap_or_else(|| panic!("no subcommand {path}"));
            }
            if arg.is_empty() {
                assert_eq!(c.get_about().map(|a| a.to_string()).as_deref(), Some(text), "{path}");
            } else {
                let a = c
                    .get_arguments()
                    .find(|a| a.get_id() == arg)
                    .unwrap_or_else(|| panic!("no argument {path} {arg}"));
                assert_eq!(a.get_help().map(|h| h.to_string()).as_deref(), Some(text));
            }
        }
    }

    /// A text given twice would silently replace the first.
    #[test]
    fn each_vietnamese_help_text_is_given_once() {
        let mut seen = std::collections::HashSet::new();
        for (path, arg, _) in help_vi() {
            assert!(seen.insert((path.clone(), arg)), "given twice: {path} {arg}");
        }
    }
}
