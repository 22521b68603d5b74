//! Long work on the command line: a progress bar on standard error with counts and an
//! estimate of the time left — only when standard error is a terminal, nothing otherwise
//! (a script's log stays clean) — and Ctrl+C turned into a request to stop, so the command
//! ends at its next step and removes what it had half-written. A second Ctrl+C ends the
//! process at once.

use crate::i18n::Lang;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code of a command stopped by Ctrl+C (128 + SIGINT), as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

/// A bar on standard error (none when it is not a terminal).
pub struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    /// A bar counting to `total` things named `what` ("đơn vị", "units").
    pub fn new(total: u64, what: &str, lang: Lang) -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let template = format!(
            "{{wide_bar}} {{human_pos}}/{{human_len}} {what} · {} {{eta}} {{msg}}",
            lang.pick("còn", "left")
        );
        let bar = indicatif::ProgressBar::with_draw_target(Some(total), narrow());
        if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        Bar(Some(bar))
    }

    /// A bar counting bytes (a copy of a database file).
    pub fn bytes(lang: Lang) -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let template = format!(
            "{{wide_bar}} {{bytes}}/{{total_bytes}} · {} {{eta}}",
            lang.pick("còn", "left")
        );
        let bar = indicatif::ProgressBar::with_draw_target(Some(0), narrow());
        if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        Bar(Some(bar))
    }

    /// How far the work has come, and a note after the estimate.
    pub fn set(&self, done: u64, note: &str) {
        if let Some(b) = &self.0 {
            b.set_position(done);
            b.set_message(note.to_string());
        }
    }

    /// How far the work has come, of a total it has only now learnt (or changed). A total
    /// of nothing (the work is still laying out what it will count) leaves the bar unshown.
    pub fn at(&self, done: u64, total: u64) {
        if total == 0 {
            return;
        }
        if let Some(b) = &self.0 {
            b.set_length(total);
            b.set_position(done);
        }
    }

    /// Takes the bar off the screen.
    pub fn clear(&self) {
        if let Some(b) = &self.0
            && !b.is_finished()
        {
            b.finish_and_clear();
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.clear();
    }
}

/// Standard error as a bar's terminal two columns narrower than the window: a line that
/// fills the window (indicatif pads it to the width) wraps when the terminal echoes `^C`
/// after it, and the bar could then not take itself off the screen.
#[derive(Debug)]
struct Narrow(console::Term);

impl indicatif::TermLike for Narrow {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(2).max(20)
    }
    fn height(&self) -> u16 {
        self.0.size().0
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }
    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The draw target of every bar: standard error, narrowed, at most 20 frames a second.
fn narrow() -> indicatif::ProgressDrawTarget {
    indicatif::ProgressDrawTarget::term_like_with_hz(Box::new(Narrow(console::Term::buffered_stderr())), 20)
}

/// From now on Ctrl+C asks the command to stop instead of ending the process: the flag it
/// sets. A second Ctrl+C, while the first is being handled, ends the process.
pub fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    static FLAG: std::sync::OnceLock<Arc<AtomicBool>> = std::sync::OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        {
            use signal_hook::consts::SIGINT;
            let _ = signal_hook::flag::register_conditional_shutdown(SIGINT, i32::from(EXIT_INTERRUPTED), flag.clone());
            let _ = signal_hook::flag::register(SIGINT, flag.clone());
        }
        flag
    })
    .clone()
}

/// When Ctrl+C was pressed: says that nothing was written and gives the exit code.
pub fn said_stopped(flag: &AtomicBool, lang: Lang) -> Option<std::process::ExitCode> {
    stopped(flag).then(|| stopped_exit(lang))
}

/// Says that the work stopped on Ctrl+C wrote nothing, and gives the exit code.
pub fn stopped_exit(lang: Lang) -> std::process::ExitCode {
    super::out::error(&crate::error::Error::stopped().message(lang));
    std::process::ExitCode::from(EXIT_INTERRUPTED)
}

/// Whether Ctrl+C was pressed.
pub fn stopped(flag: &AtomicBool) -> bool {
    flag.load(Ordering::Relaxed)
}
