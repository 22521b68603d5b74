//! The command line: one file per subcommand, each a thin call into the session. Help,
//! messages and clap's own errors follow the user's language; everything printed goes
//! through the one sanitiser.

/// Writes a line to standard output through the sanitiser, turning a write failure into an
/// error (never a panic).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::out::line(&format!($($arg)*))?
    };
}

/// Writes to standard output through the sanitiser, without a newline.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::out::text(&format!($($arg)*))?
    };
}

mod args;
mod backup;
mod by_unit;
mod catalog;
mod check;
mod clap_vi;
mod completeness;
mod completions;
mod deploy;
mod doctor;
mod export;
mod form;
mod form_import;
mod history;
mod identity;
mod import;
mod init;
mod log;
mod man;
mod note;
pub mod out;
mod plan;
mod progress;
mod push;
mod report;
mod resolve;
mod scenario;
mod set;
mod show;
mod synth;
mod table;
pub mod touches;
mod units;
mod user;
mod version;

pub use args::{Cli, Command, Format};

use crate::domain::org::When;
use crate::error::Error;
use crate::i18n::Lang;
use crate::session::{Db, DbChoice, OpenOptions, Session};
use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::process::ExitCode;

/// Exit code for a refused request (bad arguments or input); nothing was written.
pub const EXIT_USAGE: u8 = 2;
/// Exit code for a failure, or for `check` when it finds errors, or a search without hits.
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

/// `kttt help [COMMAND…]` is `kttt [COMMAND…] --help`, in either language.
fn help_subcommand(args: Vec<OsString>) -> Vec<OsString> {
    let pos = args.iter().skip(1).position(|a| !a.to_string_lossy().starts_with('-'));
    match pos.map(|p| p + 1) {
        Some(i) if args[i] == "help" => {
            let mut out: Vec<OsString> = args[..i].to_vec();
            out.extend(args[i + 1..].iter().cloned());
            out.push("--help".into());
            out
        }
        _ => args,
    }
}

/// Runs kttt with the process's arguments.
pub fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    let lang = early_lang(&raw);
    let raw = match identity::forced_command(raw) {
        Ok(r) => r,
        Err(e) => {
            out::error(&e.message(lang));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let args = help_subcommand(raw);
    let lang = early_lang(&args);
    let version: &'static str = Box::leak(version::text(lang).into_boxed_str());
    // The words of the help matter only when they are shown: the command line is parsed
    // with the command as written, and again with its help in the user's language when
    // clap has something to say (help, the version, a mistake).
    let matches = match Cli::command().version(version).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(_) => match args::localize(Cli::command(), lang)
            .version(version)
            .try_get_matches_from(&args)
        {
            Ok(m) => m,
            Err(e) => return clap_vi::report(&e, lang),
        },
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return clap_vi::report(&e, lang),
    };
    let lang = cli.lang.unwrap_or(lang);
    match run(cli, lang) {
        Ok(code) => code,
        // A reader that stops early (`kttt show | head`) is not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        // Long work stopped by Ctrl+C, having written nothing: the shell's code for SIGINT.
        Err(e) if e.is_stopped() => {
            out::flush();
            progress::stopped_exit(lang)
        }
        Err(e) => {
            out::flush();
            out::error(&e.message(lang));
            ExitCode::from(match e {
                Error::Refused(_) | Error::Said(_) | Error::Read { .. } => EXIT_USAGE,
                Error::Store(ref s) if usage_error(s) => EXIT_USAGE,
                _ => EXIT_FAIL,
            })
        }
    }
}

fn usage_error(e: &crate::store::StoreError) -> bool {
    use crate::store::StoreError as S;
    matches!(
        e,
        S::Refused(_) | S::NotKttt { .. } | S::Conflict { .. } | S::Missing { .. } | S::ScenarioClosed { .. }
    ) || matches!(e, S::NoScenario { .. } | S::NoFolder { .. } | S::InUse { .. })
}

/// The configuration files, read once.
fn config() -> &'static crate::config::Config {
    static CONFIG: std::sync::OnceLock<crate::config::Config> = std::sync::OnceLock::new();
    CONFIG.get_or_init(|| crate::config::load().unwrap_or_default())
}

/// The database the command line names: `--db` or `KTTT_DB` (clap reads both), else the
/// user's configuration file, else the system's, else the platform's default location.
pub fn db_choice(cli: &Cli) -> DbChoice {
    match (&cli.db, &config().db) {
        (Some(p), _) | (None, Some(p)) => DbChoice::named(&p.to_string_lossy()),
        (None, None) => DbChoice::Default,
    }
}

/// The options the command line opens its session with: `--unit` is looked for among the
/// units of the command's plan year (or of its period's end, for a command about one figure).
pub fn open_options(cli: &Cli, lang: Lang) -> OpenOptions {
    let (year, when) = command_time(cli);
    // `set` opens where it writes: the plan showing its period, in its scenario (one read).
    let (period, scenario) = match &cli.command {
        Some(Command::Set(a)) => (resolve::period(&a.period).ok(), a.scenario.clone()),
        _ => (None, None),
    };
    OpenOptions {
        unit: cli.unit.clone(),
        user: cli.as_user.clone(),
        year,
        when,
        period,
        scenario,
        ..OpenOptions::new(db_choice(cli), lang)
    }
}

/// When the unit a command names must have existed: the command's plan year (`--year`, else
/// the latest plan), the end of the one period it writes or reads, or any time for the
/// commands about units and users themselves.
fn command_time(cli: &Cli) -> (Option<i32>, Option<When>) {
    use plan::PlanAction as P;
    use scenario::ScenarioAction as S;
    let end = |p: &str| resolve::period(p).ok().map(When::End);
    match &cli.command {
        None => (None, None),
        Some(c) => match c {
            Command::Show(a) => (a.year, None),
            Command::Check(a) => (a.year, None),
            Command::Completeness(a) => (a.year, None),
            Command::Export(a) => (a.year, None),
            Command::Report(a) => (a.year, None),
            Command::Push(a) => (a.year, None),
            Command::Import(a) => (a.year, None),
            Command::Set(a) => (None, end(&a.period)),
            Command::Note(a) => (None, end(&a.period)),
            Command::History(a) => (None, Some(a.period.as_deref().and_then(end).unwrap_or(When::Ever))),
            Command::Plan(a) => match &a.action {
                P::Submit { year } | P::Approve { year } | P::Status { year } => (*year, None),
                P::Return { year, .. } | P::Reopen { year, .. } => (*year, None),
                P::List | P::Start { .. } => (None, Some(When::Ever)),
            },
            Command::Scenario(a) => match &a.action {
                S::Show { year, .. } => (*year, None),
                _ => (None, None),
            },
            Command::Log(_) => (None, None),
            Command::Units(_)
            | Command::User(_)
            | Command::Catalog(_)
            | Command::Form(_)
            | Command::Backup(_)
            | Command::Init(_)
            | Command::Synth(_)
            | Command::Deploy(_)
            | Command::Doctor(_) => (None, Some(When::Ever)),
            Command::Completions(_) | Command::Man(_) => (None, None),
        },
    }
}

/// The file policy of this process: an official acting under `--as` gets only the standard
/// streams or a folder of their own (`export_dir`); an account working for itself writes where
/// it may. Neither ever writes the database, its journals and backups, or `~/.ssh`.
pub fn file_policy(cli: &Cli) -> crate::files::Files {
    let db = match db_choice(cli) {
        DbChoice::Server(_) => None,
        other => crate::session::open::path_of(&other).ok(),
    };
    match &cli.as_user {
        Some(user) => crate::files::Files::confined(
            crate::files::Confined {
                user: user.clone(),
                export_dir: config().export_dir.clone(),
            },
            db.as_deref(),
        ),
        None => crate::files::Files::local(db.as_deref()),
    }
}

/// Opens the session a command that writes works in.
pub fn open_session(cli: &Cli, lang: Lang) -> Result<Session, Error> {
    let mut s = crate::session::open(&open_options(cli, lang))?;
    s.end_with_process();
    say_created(&s, lang);
    Ok(s)
}

/// Opens the session of a command that only reads (works on a database it cannot write).
pub fn open_reading(cli: &Cli, lang: Lang) -> Result<Session, Error> {
    open_showing(cli, lang, false)
}

/// The same for a command that shows only the unit's own sheet when `lean` (`show` of an
/// appendix): the roll-ups kept for it stand in for its parts' figures while current.
pub fn open_showing(cli: &Cli, lang: Lang, lean: bool) -> Result<Session, Error> {
    open_looking(cli, lang, lean, false)
}

/// The same for the by-unit table, which reads the figures of the parts it shows itself:
/// only the unit's own figures are read with the session.
pub fn open_by_unit(cli: &Cli, lang: Lang) -> Result<Session, Error> {
    open_looking(cli, lang, false, true)
}

/// A session of a command that only reads (see [`crate::session::OpenOptions`] for `lean`
/// and `own_only`).
fn open_looking(cli: &Cli, lang: Lang, lean: bool, own_only: bool) -> Result<Session, Error> {
    let mut s = crate::session::open(&OpenOptions {
        read_only_ok: true,
        lean,
        own_only,
        ..open_options(cli, lang)
    })?;
    s.end_with_process();
    say_created(&s, lang);
    Ok(s)
}

/// Opens the database of a command that looks at no figure (`catalog`, `user`, `backup`,
/// `units`, `log`): no slice is read, only the units it names are held. `reading`: the
/// command only reads (a database it cannot write is opened read-only).
pub fn open_db(cli: &Cli, lang: Lang, reading: bool) -> Result<Db, Error> {
    let mut db = Db::open(&OpenOptions {
        read_only_ok: reading,
        ..open_options(cli, lang)
    })?;
    db.end_with_process();
    if let Some(p) = db.created() {
        out::error(&crate::present::created_text(p, lang));
    }
    Ok(db)
}

/// The unit `--unit` names among the units of the command's time (see `command_time`; the
/// latest plan's year by default), held and checked to be one the user may see; `None`
/// without `--unit`.
pub fn named_unit(cli: &Cli, db: &mut Db) -> Result<Option<crate::domain::org::OrgId>, Error> {
    let Some(u) = cli.unit.as_deref() else {
        return Ok(None);
    };
    let when = match command_time(cli) {
        (_, Some(w)) => w,
        (asked, None) => db.plan_year(asked)?.map_or(When::Ever, When::Year),
    };
    let id = db.lookup_unit(u, when)?;
    db.check_read(id)?;
    Ok(Some(id))
}

/// Says on standard error where a database was just made, and what it holds.
fn say_created(s: &Session, lang: Lang) {
    if let Some(p) = s.created() {
        out::error(&crate::present::created_text(p, lang));
    }
}

/// Picks the plan year: `--year` (a plan the database holds), else the session's latest. A
/// unit named by `--unit` must have existed in it: a name is looked for again among that
/// year's units (Ba Bể is the district in 2020, the commune in 2026).
pub(crate) fn use_year(cli: &Cli, s: &mut Session, year: Option<i32>) -> Result<(), Error> {
    if let Some(y) = year {
        if !(1900..=2200).contains(&y) {
            return Err(Error::said(
                format!("Năm {y} không hợp lệ."),
                format!("{y} is not a valid year."),
            ));
        }
        s.set_year(y)?;
    }
    if let Some(u) = &cli.unit {
        let id = crate::session::open::lookup_unit(s, u, When::Year(s.year()))?;
        if id != s.org() {
            s.set_org(id)?;
        }
    }
    Ok(())
}

fn run(cli: Cli, lang: Lang) -> Result<ExitCode, Error> {
    // A configuration file that cannot be read is said, not ignored.
    crate::config::load()?;
    if cli.as_user.is_some() {
        let path = match db_choice(&cli) {
            DbChoice::Server(_) => None,
            other => Some(crate::session::open::path_of(&other)?),
        };
        identity::check_service(config(), path.as_deref())?;
    }
    let files = file_policy(&cli);
    if let Some(c) = &cli.command {
        touches::require_admin(&cli, c, lang)?;
    }
    match &cli.command {
        None => crate::tui::run(&open_options(&cli, lang), files),
        Some(Command::Show(a)) => show::run(&cli, a, lang),
        Some(Command::Set(a)) => set::run(&cli, a, lang),
        Some(Command::Check(a)) => check::run(&cli, a, lang),
        Some(Command::Init(a)) => init::run(&cli, a, lang),
        Some(Command::History(a)) => history::run(&cli, a, lang),
        Some(Command::Log(a)) => log::run(&cli, a, lang),
        Some(Command::Completeness(a)) => completeness::run(&cli, a, lang),
        Some(Command::Scenario(a)) => scenario::run(&cli, a, lang),
        Some(Command::Plan(a)) => plan::run(&cli, a, lang),
        Some(Command::Catalog(a)) => catalog::run(&cli, a, lang),
        Some(Command::Form(a)) => form::run(&cli, a, &files, lang),
        Some(Command::Synth(a)) => synth::run(a, &files, lang),
        Some(Command::Units(a)) => units::run(&cli, a, &files, lang),
        Some(Command::User(a)) => user::run(&cli, a, lang),
        Some(Command::Deploy(a)) => deploy::run(a, lang),
        Some(Command::Backup(a)) => backup::run(&cli, a, &files, lang),
        Some(Command::Note(a)) => note::run(&cli, a, lang),
        Some(Command::Export(a)) => export::run(&cli, a, &files, lang),
        Some(Command::Import(a)) => import::run(&cli, a, &files, lang),
        Some(Command::Report(a)) => report::run(&cli, a, &files, lang),
        Some(Command::Push(a)) => push::run(&cli, a, lang),
        Some(Command::Doctor(a)) => doctor::run(&cli, a, lang),
        Some(Command::Completions(a)) => completions::run(a, lang),
        Some(Command::Man(a)) => man::run(a, &files, lang),
    }
}
