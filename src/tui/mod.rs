//! The full-screen app (ratatui + crossterm): tabs shaped like the appendices, keyboard data
//! entry with live percentages, validation in place, what-if scenarios.

pub mod abort;
pub mod app;
pub mod editor;
pub mod input;
pub mod keys;
pub mod popup;
pub mod remember;
pub mod terminal;
pub mod theme;
pub mod views;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::keys::Action;
use crate::session::{OpenOptions, Session};
use crate::store::{Fill, StoreError};
use app::App;
use input::reader::{Event, Reader};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How often the app looks for changes other sessions made when nothing wakes it (a store
/// without a watch), and while news from others waits behind the user's own message.
const TICK: Duration = Duration::from_millis(500);

/// How often it looks anyway while the store's watch wakes it at each commit: a safety net,
/// so that a wake-up missed costs at most this long.
const TICK_WATCHED: Duration = Duration::from_secs(5);

/// The period of the looks on the timer: `None` when a test build is told to rely on the
/// watch alone (`KTTT_TEST_NO_TICK`, honoured only in debug builds), so that a test shows a
/// change arriving by its wake-up and nothing else.
fn timer(watch: Option<&crate::store::watch::Watch>) -> Option<Duration> {
    match watch {
        Some(w) if w.live() => {
            if cfg!(debug_assertions) && std::env::var_os("KTTT_TEST_NO_TICK").is_some() {
                None
            } else {
                Some(TICK_WATCHED)
            }
        }
        _ => Some(TICK),
    }
}

/// Asks on the plain terminal (before the full-screen app starts) whether to create a
/// database at a path the user named that does not exist yet.
fn ask_create(path: &std::path::Path, lang: Lang) -> Result<bool> {
    use std::io::{BufRead, Write};
    let shown = crate::domain::text::sanitize(&path.display().to_string());
    let mut o = std::io::stdout().lock();
    let io = |e| Error::Io {
        path: "terminal".into(),
        source: e,
    };
    write!(
        o,
        "{} {shown}. {} [{}] ",
        lang.pick("Chưa có cơ sở dữ liệu tại", "There is no database at"),
        lang.pick(
            "Tạo mới ở đó, với kế hoạch 507/KH-UBND của Bắc Kạn làm số liệu mẫu?",
            "Create one there, with Bắc Kạn's plan 507/KH-UBND as sample figures?"
        ),
        lang.pick("c/K", "y/N")
    )
    .map_err(io)?;
    o.flush().map_err(io)?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(io)?;
    Ok(matches!(
        line.trim().to_lowercase().as_str(),
        "c" | "co" | "có" | "y" | "yes"
    ))
}

/// Opens the session (asking first whether to create a missing database); a unit name that
/// several units of the plan year share comes back to be asked in the app.
fn open(options: &OpenOptions) -> Result<(Session, Option<crate::session::open::Ask>)> {
    // The first frame draws the unit's own sheet: kept roll-ups may stand in for its parts.
    let options = &OpenOptions {
        lean: true,
        ..options.clone()
    };
    match crate::session::open::open_asking(options) {
        Err(Error::Store(StoreError::Missing { path })) => {
            if !ask_create(&path, options.lang)? {
                return Err(Error::said(
                    "Không tạo gì. Kiểm tra lại đường dẫn (--db, KTTT_DB).",
                    "Nothing was created. Check the path (--db, KTTT_DB).",
                ));
            }
            crate::session::open::open_asking(&OpenOptions {
                create: Some(Fill::Seed),
                ..options.clone()
            })
        }
        other => other,
    }
}

/// Where this user's last view is kept: in the database for an official acting under
/// `--as`, else in the user's own file under the database's name.
fn keeper_for(
    options: &OpenOptions,
    files: &crate::files::Files,
    session: &crate::session::Session,
) -> Option<remember::Keeper> {
    if files.official().is_some() {
        return Some(remember::Keeper::Database);
    }
    let db = match &options.db {
        crate::session::DbChoice::Server(url) => crate::store::shown_address(url),
        _ => {
            let p = session.location()?;
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.to_path_buf())
                .display()
                .to_string()
        }
    };
    Some(remember::Keeper::File {
        file: remember::default_file()?,
        db,
    })
}

/// Opens the app on a database.
pub fn run(options: &OpenOptions, files: crate::files::Files) -> Result<ExitCode> {
    terminal::check()?;
    let (mut session, ask) = open(options)?;
    // Where the user last looked, unless told where to look.
    let keeper = keeper_for(options, &files, &session);
    if let Some(k) = &keeper
        && options.unit.is_none()
    {
        remember::restore(k, &mut session);
    }
    let mut app = App::new(session, theme::Theme::from_env());
    app.files = files;
    app.keeper = keeper;
    if let Some(a) = ask {
        app.ask_unit(&a.query, &a.units);
    }
    let stop = terminal::stop_flag();
    let done = std::sync::Arc::new(AtomicBool::new(false));
    terminal::watchdog(stop.clone(), done.clone());
    let io = |e: std::io::Error| Error::Io {
        path: "terminal".into(),
        source: e,
    };
    let mut reader = Reader::new().map_err(io)?;
    let (mut term, _guard) = terminal::enter().map_err(io)?;
    let result = event_loop(&mut app, &mut term, &stop, &mut reader);
    done.store(true, Ordering::Relaxed);
    app.keep_view();
    result
}

fn event_loop(app: &mut App, term: &mut terminal::Term, stop: &AtomicBool, reader: &mut Reader) -> Result<ExitCode> {
    let io = |e: std::io::Error| Error::Io {
        path: "terminal".into(),
        source: e,
    };
    let mut last_tick = Instant::now();
    let mut dirty = true;
    // A wake-up the app has not looked for yet (it does not look while a figure is typed).
    let mut look = false;
    // Another session's commit wakes the loop at once (the timer is only a safety net). The
    // watch starts after the first frame, which it would only delay; what was committed
    // before it started is looked for once it has.
    let mut watching: Option<Option<crate::store::watch::Watch>> = None;
    loop {
        if app.repaint {
            app.repaint = false;
            // Everything, garbage left outside the drawn area included.
            crossterm::execute!(
                term.backend_mut(),
                crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
            )
            .map_err(io)?;
            // Resizing to the same area resets what ratatui believes is on screen, without
            // asking the terminal where its cursor is (that answer would go to our reader).
            terminal::fit(term).map_err(io)?;
            dirty = true;
        }
        if dirty {
            terminal::draw(term, |f| views::draw(f, app)).map_err(io)?;
            dirty = false;
        }
        if watching.is_none() {
            // The first frame may have been drawn from the roll-ups kept for the unit: its
            // parts' figures are read now, before any key is taken.
            if let Err(e) = app.session.need_parts() {
                app.fail(e);
                dirty = true;
            }
            let w = app.session.watch();
            #[cfg(unix)]
            reader.watch(w.as_ref().map(|w| w.fd()));
            watching = Some(w);
            look = true;
        }
        let watch = watching.as_ref().and_then(|w| w.as_ref());
        if app.quit || stop.load(Ordering::Relaxed) {
            app.abandon_job();
            break;
        }
        let period = if app.news_waiting() { Some(TICK) } else { timer(watch) };
        // At most a quarter second, so that a stop signal is noticed; while long work runs,
        // a tenth, so that its progress moves on screen.
        let most = if app.job().is_some() { 100 } else { 250 };
        let wait = period
            .map_or(Duration::MAX, |p| p.saturating_sub(last_tick.elapsed()))
            .min(Duration::from_millis(most));
        let mut inputs = Vec::new();
        // Everything waiting is read at once, so a long paste costs one turn, not many.
        for ev in reader.read(wait).map_err(io)? {
            match ev {
                Event::Input(at, i) => inputs.push((at, i)),
                Event::Resize => {
                    terminal::fit(term).map_err(io)?;
                    dirty = true;
                }
                Event::HangUp => stop.store(true, Ordering::Relaxed),
                Event::News => {
                    watch.map(|w| w.drain());
                    look = true;
                }
            }
        }
        // Long work: its progress, or what it handed back once it ended.
        dirty |= app.poll_job();
        if !inputs.is_empty() {
            for chunk in input::burst::chunks(inputs) {
                app.on_chunk(chunk);
                if app.quit {
                    break;
                }
            }
            dirty = true;
        }
        if look || period.is_some_and(|p| last_tick.elapsed() >= p) {
            last_tick = Instant::now();
            let before = app.flash.clone();
            app.update(Action::Tick);
            // Typing a figure: the app looks once it is entered or dropped.
            look = matches!(app.mode, app::Mode::Edit(_));
            dirty |= std::mem::take(&mut app.refreshed) || app.flash != before;
        }
    }
    Ok(ExitCode::SUCCESS)
}
