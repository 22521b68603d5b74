//! The command line: one file per subcommand, each a thin call into the session, the store
//! and the domain. Help and messages follow the user's language.

/// Writes a line to standard output, turning a write failure into an error (never a panic).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
            .map_err(|e| $crate::error::Error::Io { path: "stdout".into(), source: e })?
    }};
}

/// Writes to standard output without a newline.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
            .map_err(|e| $crate::error::Error::Io { path: "stdout".into(), source: e })?
    }};
}

mod args;
mod catalog;
mod check;
mod history;
mod init;
mod plan;
mod resolve;
mod scenario;
mod set;
mod show;
mod table;

pub use args::{Cli, Command, Format};

use crate::error::Error;
use crate::i18n::{Lang, Text};
use crate::session::Session;
use crate::store::{Fill, Store, default_path};
use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code for a refused request (bad arguments or input); nothing was written.
pub const EXIT_USAGE: u8 = 2;
/// Exit code for a failure, or for `check` when it finds errors.
pub const EXIT_FAIL: u8 = 1;

/// The language asked for by `--lang` or `KTTT_LANG`, before full parsing (help needs it).
fn early_lang(args: &[OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy().to_string());
    while let Some(a) = it.next() {
        if a == "--lang" {
            if let Some(v) = it.next().and_then(|v| Lang::parse(&v)) {
                return v;
            }
        } else if let Some(v) = a.strip_prefix("--lang=")
            && let Some(l) = Lang::parse(v)
        {
            return l;
        }
    }
    std::env::var("KTTT_LANG")
        .ok()
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default()
}

/// Runs kttt with the process's arguments.
pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = early_lang(&args);
    let cmd = args::localize(Cli::command(), lang);
    let matches = match cmd.try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(EXIT_USAGE),
            };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let lang = cli.lang.unwrap_or(lang);
    match run(cli, lang) {
        Ok(code) => code,
        // A reader that stops early (`kttt show | head`) is not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = std::io::stdout().flush();
            let _ = writeln!(std::io::stderr(), "kttt: {}", e.message(lang));
            ExitCode::from(match e {
                Error::Refused(_) | Error::NotDatabase { .. } | Error::Conflict { .. } => EXIT_USAGE,
                _ => EXIT_FAIL,
            })
        }
    }
}

/// The database path: `--db`, then `KTTT_DB` (clap reads both), then the platform folder.
pub fn db_path(cli: &Cli) -> Result<PathBuf, Error> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => default_path().ok_or_else(|| {
            Error::refused(
                "Không tìm được thư mục dữ liệu của người dùng; hãy chỉ rõ bằng --db TỆP hoặc KTTT_DB.",
                "Cannot find the user's data folder; give one with --db FILE or KTTT_DB.",
            )
        }),
    }
}

/// Opens the session the command works in, creating and seeding the database on first use.
pub fn open_session(cli: &Cli, lang: Lang) -> Result<Session, Error> {
    let store = Store::open(&db_path(cli)?, Fill::Seed)?;
    let mut s = Session::new(store, lang)?;
    if let Some(u) = &cli.unit {
        s.org = s.store.orgs.lookup(u).ok_or_else(|| unknown_unit(&s, u))?;
    }
    Ok(s)
}

fn unknown_unit(s: &Session, u: &str) -> Error {
    let known: Vec<String> = s
        .store
        .orgs
        .units
        .iter()
        .map(|x| format!("{} ({})", x.code, x.name.vi))
        .collect();
    let u = crate::domain::text::sanitize(u);
    Error::Refused(Text::new(
        format!("Không có đơn vị “{u}”. Các đơn vị: {}", known.join(", ")),
        format!("There is no org unit “{u}”. Known units: {}", known.join(", ")),
    ))
}

/// Picks the plan year: `--year`, else the session's latest plan.
pub(crate) fn use_year(s: &mut Session, year: Option<i32>) -> Result<(), Error> {
    if let Some(y) = year {
        if !(1900..=2200).contains(&y) {
            return Err(Error::refused(
                format!("Năm {y} không hợp lệ."),
                format!("{y} is not a valid year."),
            ));
        }
        let years = s.plan_years()?;
        if !years.contains(&y) && !s.data.years().iter().any(|d| (y - 2..=y).contains(d)) {
            let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
            return Err(Error::refused(
                format!(
                    "Không có kế hoạch năm {y}. Các năm có: {}. Lập kế hoạch năm sau: kttt plan start",
                    list.join(", ")
                ),
                format!(
                    "There is no plan for {y}. Plans: {}. Start the next one: kttt plan start",
                    list.join(", ")
                ),
            ));
        }
        s.year = y;
    }
    Ok(())
}

fn run(cli: Cli, lang: Lang) -> Result<ExitCode, Error> {
    match &cli.command {
        None => crate::tui::run(&cli, lang),
        Some(Command::Show(a)) => show::run(&cli, a, lang),
        Some(Command::Set(a)) => set::run(&cli, a, lang),
        Some(Command::Check(a)) => check::run(&cli, a, lang),
        Some(Command::Init(a)) => init::run(&cli, a, lang),
        Some(Command::History(a)) => history::run(&cli, a, lang),
        Some(Command::Scenario(a)) => scenario::run(&cli, a, lang),
        Some(Command::Plan(a)) => plan::run(&cli, a, lang),
        Some(Command::Catalog(a)) => catalog::run(&cli, a, lang),
    }
}
