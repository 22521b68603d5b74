//! The last line of defence: a process that aborts (an allocation failure aborts in Rust, so
//! does a panic inside a panic) runs no destructor and no panic hook, and would leave the
//! user's terminal in the alternate screen, raw, without echo. While the full-screen mode is
//! on, a SIGABRT handler puts the terminal back first: it writes the bytes that leave the
//! modes and sets the terminal's settings saved before raw mode, both async-signal-safe
//! calls, then lets the abort go on with the default action.

/// The bytes that leave kttt's full-screen modes: end a synchronised update, stop bracketed
/// paste, leave the alternate screen, show the cursor.
pub const LEAVE: &[u8] = b"\x1b[?2026l\x1b[?2004l\x1b[?1049l\x1b[?25h";

#[cfg(unix)]
mod imp {
    use super::LEAVE;
    use std::cell::UnsafeCell;
    use std::mem::MaybeUninit;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// What the handler needs, written only while it is not installed.
    struct Saved {
        termios: UnsafeCell<MaybeUninit<libc::termios>>,
        previous: UnsafeCell<MaybeUninit<libc::sigaction>>,
        has_termios: AtomicBool,
        armed: AtomicBool,
    }

    // SAFETY: the cells are written by `arm` before the handler is installed and read by the
    // handler and `disarm` after; `armed` orders them.
    unsafe impl Sync for Saved {}

    static SAVED: Saved = Saved {
        termios: UnsafeCell::new(MaybeUninit::uninit()),
        previous: UnsafeCell::new(MaybeUninit::uninit()),
        has_termios: AtomicBool::new(false),
        armed: AtomicBool::new(false),
    };

    extern "C" fn on_abort(_sig: libc::c_int) {
        // SAFETY: only async-signal-safe calls (write, tcsetattr, sigaction, raise) on data
        // `arm` finished writing before it installed this handler.
        unsafe {
            let _ = libc::write(libc::STDOUT_FILENO, LEAVE.as_ptr().cast(), LEAVE.len());
            if SAVED.has_termios.load(Ordering::SeqCst) {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, (*SAVED.termios.get()).as_ptr());
            }
            let mut dfl: libc::sigaction = std::mem::zeroed();
            dfl.sa_sigaction = libc::SIG_DFL;
            libc::sigaction(libc::SIGABRT, &dfl, std::ptr::null_mut());
            // Delivered as soon as this handler returns, with the default action.
            libc::raise(libc::SIGABRT);
        }
    }

    /// Saves the terminal's settings and installs the handler; call before raw mode.
    pub fn arm() {
        if SAVED.armed.load(Ordering::SeqCst) {
            return;
        }
        // SAFETY: the handler is not installed, so nothing reads the cells meanwhile; the
        // sigaction structure is zeroed, then filled as the C API requires.
        unsafe {
            let got = libc::tcgetattr(libc::STDIN_FILENO, (*SAVED.termios.get()).as_mut_ptr()) == 0;
            SAVED.has_termios.store(got, Ordering::SeqCst);
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = on_abort as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut act.sa_mask);
            if libc::sigaction(libc::SIGABRT, &act, (*SAVED.previous.get()).as_mut_ptr()) == 0 {
                SAVED.armed.store(true, Ordering::SeqCst);
            }
        }
    }

    /// Puts back the action SIGABRT had before [`arm`].
    pub fn disarm() {
        if SAVED.armed.swap(false, Ordering::SeqCst) {
            // SAFETY: `previous` was filled by the sigaction call that armed the handler.
            unsafe {
                libc::sigaction(libc::SIGABRT, (*SAVED.previous.get()).as_ptr(), std::ptr::null_mut());
            }
        }
    }
}

#[cfg(unix)]
pub use imp::{arm, disarm};

/// Nothing to do where there are no signals.
#[cfg(not(unix))]
pub fn arm() {}

/// Nothing to do where there are no signals.
#[cfg(not(unix))]
pub fn disarm() {}
