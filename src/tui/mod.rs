//! The full-screen app (ratatui + crossterm): tabs shaped like the appendices, keyboard data
//! entry with live percentages, validation in place, what-if scenarios.

pub mod action;
pub mod app;
pub mod editor;
pub mod keys;
pub mod terminal;
pub mod theme;
pub mod views;

use crate::cli::{Cli, open_session};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use action::Action;
use app::App;
use crossterm::event::{self, Event};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How often the app looks for changes other sessions made.
const TICK: Duration = Duration::from_millis(1000);

/// Opens the app on the database of the command line.
pub fn run(cli: &Cli, lang: Lang) -> Result<ExitCode> {
    terminal::check()?;
    let session = open_session(cli, lang)?;
    let mut app = App::new(session, theme::Theme::from_env());
    let stop = terminal::stop_flag();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    terminal::watchdog(stop.clone(), done.clone());
    let io = |e: std::io::Error| Error::Io {
        path: "terminal".into(),
        source: e,
    };
    let (mut term, _guard) = terminal::enter().map_err(io)?;
    let result = event_loop(&mut app, &mut term, &stop);
    done.store(true, Ordering::Relaxed);
    result
}

fn event_loop(app: &mut App, term: &mut terminal::Term, stop: &std::sync::atomic::AtomicBool) -> Result<ExitCode> {
    let io = |e: std::io::Error| Error::Io {
        path: "terminal".into(),
        source: e,
    };
    let mut last_tick = Instant::now();
    let mut dirty = true;
    loop {
        if dirty {
            terminal::draw(term, |f| views::draw(f, app)).map_err(io)?;
            dirty = false;
        }
        if app.quit || stop.load(Ordering::Relaxed) {
            break;
        }
        let wait = TICK.saturating_sub(last_tick.elapsed()).min(Duration::from_millis(250));
        if event::poll(wait).map_err(io)? {
            match event::read().map_err(io)? {
                Event::Key(k) => {
                    app.on_key(k);
                    dirty = true;
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            let before = app.flash.clone();
            app.update(Action::Tick);
            dirty |= app.flash != before;
        }
    }
    Ok(ExitCode::SUCCESS)
}
