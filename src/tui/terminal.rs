//! Entering and leaving the full-screen terminal, in one place: the terminal is restored on
//! quit, on error, on panic and on SIGTERM/SIGHUP (a dropped SSH link).

use crate::error::Error;
use crate::i18n::Lang;
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{BufWriter, IsTerminal, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The terminal the app draws on: frames are buffered and leave in few writes.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Refuses to start when there is no terminal to draw on.
pub fn check(lang: Lang) -> Result<(), Error> {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() || dumb {
        return Err(Error::Refused(crate::i18n::Text::new(
            "kttt cần một cửa sổ dòng lệnh (terminal) để mở ứng dụng toàn màn hình. Để in số liệu ra văn bản, dùng: kttt show (xem kttt --help).",
            "kttt needs a terminal to open the full-screen app. To print the figures as text, use: kttt show (see kttt --help).",
        )))
        .inspect_err(|_| {
            let _ = lang;
        });
    }
    Ok(())
}

/// Leaves the full-screen mode; safe to call more than once and when the terminal is gone.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        terminal::EndSynchronizedUpdate,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Restores the terminal when dropped, whatever path leaves the app.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Enters raw mode and the alternate screen; the guard undoes both.
pub fn enter() -> std::io::Result<(Term, Guard)> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let guard = Guard;
    let mut out = std::io::stdout();
    execute!(out, terminal::EnterAlternateScreen, cursor::Hide)?;
    let backend = CrosstermBackend::new(BufWriter::with_capacity(64 * 1024, std::io::stdout()));
    let term = Terminal::new(backend)?;
    Ok((term, guard))
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// A flag raised by SIGTERM, SIGHUP, SIGINT or SIGQUIT, checked by the event loop.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        let _ = signal_hook::flag::register(sig, flag.clone());
    }
    flag
}

/// Draws one frame inside a synchronised update, so terminals that support it show whole
/// frames (others ignore the markers).
pub fn draw(term: &mut Term, f: impl FnOnce(&mut ratatui::Frame)) -> std::io::Result<()> {
    execute!(term.backend_mut(), terminal::BeginSynchronizedUpdate)?;
    term.draw(f)?;
    execute!(term.backend_mut(), terminal::EndSynchronizedUpdate)?;
    Ok(())
}
