//! Entering and leaving the full-screen terminal, in one place: the terminal is restored on
//! quit, on error, on panic, on SIGTERM/SIGHUP (a dropped SSH link) and on an abort
//! ([`super::abort`]).

use crate::error::Error;
use crossterm::{cursor, event, execute, terminal};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{BufWriter, IsTerminal, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The terminal the app draws on: frames are buffered and leave in few writes.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Refuses to start when there is no terminal to draw on.
pub fn check() -> Result<(), Error> {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() || dumb {
        return Err(Error::Said(crate::i18n::Text::new(
            "kttt cần một cửa sổ dòng lệnh (terminal) để mở ứng dụng toàn màn hình. Để in số liệu ra văn bản, dùng: kttt show (xem kttt --help).",
            "kttt needs a terminal to open the full-screen app. To print the figures as text, use: kttt show (see kttt --help).",
        )));
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
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
    super::abort::disarm();
}

/// Restores the terminal when dropped, whatever path leaves the app.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// The largest area drawn: a terminal that reports an absurd size (65535×65535) must not
/// make kttt allocate gigabytes; beyond this the rest of the window stays empty.
pub const MAX_COLS: u16 = 1000;
/// See [`MAX_COLS`].
pub const MAX_ROWS: u16 = 400;

/// The area to draw in: the window, capped.
pub fn drawn_area() -> Rect {
    let (w, h) = terminal::size().unwrap_or((80, 24));
    Rect::new(0, 0, w.min(MAX_COLS), h.min(MAX_ROWS))
}

/// Enters raw mode, the alternate screen and bracketed paste (a paste arrives as one text,
/// never as keystrokes); the guard undoes all three.
pub fn enter() -> std::io::Result<(Term, Guard)> {
    install_panic_hook();
    super::abort::arm();
    terminal::enable_raw_mode()?;
    let guard = Guard;
    let mut out = std::io::stdout();
    execute!(
        out,
        terminal::EnterAlternateScreen,
        event::EnableBracketedPaste,
        cursor::Hide
    )?;
    let backend = CrosstermBackend::new(BufWriter::with_capacity(64 * 1024, std::io::stdout()));
    let term = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(drawn_area()),
        },
    )?;
    Ok((term, guard))
}

/// Follows a window size change (capped), repainting everything.
pub fn fit(term: &mut Term) -> std::io::Result<()> {
    term.resize(drawn_area())
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A reader of an imported file that panics is caught there, the app going on.
        if crate::exchange::read::quiet() {
            return;
        }
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

/// Whether the terminal went away (the SSH link or the window closed): its input reports a
/// hang-up.
#[cfg(unix)]
pub fn hung_up() -> bool {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout; poll only writes `revents`.
    let n = unsafe { libc::poll(&mut fds, 1, 0) };
    n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// Whether the terminal went away (never known off Unix).
#[cfg(not(unix))]
pub fn hung_up() -> bool {
    false
}

/// Watches for a stop signal or a vanished terminal from its own thread. crossterm's event
/// poll can spin forever on a dead terminal (crossterm issue #793) and never return to the
/// event loop; when the loop has not finished within a second of a stop, the watchdog
/// restores what it can and ends the process. Every confirmed edit is already in the
/// database by then.
pub fn watchdog(stop: Arc<AtomicBool>, done: Arc<AtomicBool>) {
    use std::sync::atomic::Ordering;
    use std::time::{Duration, Instant};
    std::thread::spawn(move || {
        let mut since: Option<Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(200));
            if done.load(Ordering::Relaxed) {
                return;
            }
            if hung_up() {
                stop.store(true, Ordering::Relaxed);
            }
            if stop.load(Ordering::Relaxed) {
                let t = *since.get_or_insert_with(Instant::now);
                if t.elapsed() >= Duration::from_secs(1) && !done.load(Ordering::Relaxed) {
                    restore();
                    std::process::exit(1);
                }
            }
        }
    });
}

/// Draws one frame inside a synchronised update, so terminals that support it show whole
/// frames (others ignore the markers).
pub fn draw(term: &mut Term, f: impl FnOnce(&mut ratatui::Frame)) -> std::io::Result<()> {
    execute!(term.backend_mut(), terminal::BeginSynchronizedUpdate)?;
    term.draw(f)?;
    execute!(term.backend_mut(), terminal::EndSynchronizedUpdate)?;
    Ok(())
}
