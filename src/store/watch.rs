//! Waking a waiting loop when another session commits. A thread per open store blocks on the
//! store's own change signal — the kernel's notice of writes to an SQLite database's files
//! (confirmed by the data version), a connection of its own listening for a PostgreSQL
//! server's notifications — and writes a byte to a pipe that the waiting loop polls with its
//! terminal. A wake-up only says "look": the change cursor stays the truth, so a signal
//! missed, doubled or early loses nothing and shows nothing twice. Nothing spins: an idle
//! watch sleeps in the kernel.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How a watch learns of commits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// The kernel reports writes to the database's files (inotify); the data version
    /// confirms that one was a commit.
    Files,
    /// The data version is read at a short interval (no file notifications here).
    Poll,
    /// A connection of its own listens for the server's notifications.
    Listen,
}

/// What a watch's thread and its owner share.
#[derive(Debug, Default)]
pub struct Shared {
    /// A commit was seen that the store has not looked for yet.
    news: AtomicBool,
    /// The watch is working: its signal can be relied on (a lost connection clears it).
    live: AtomicBool,
    /// The owner is gone: the thread ends.
    stop: AtomicBool,
}

impl Shared {
    /// Whether a commit was seen since the last call.
    pub fn take_news(&self) -> bool {
        self.news.swap(false, Ordering::AcqRel)
    }
}

/// The owner's end of a watch: a descriptor to poll beside others, and what the thread saw.
/// Dropping it ends the thread.
pub struct Watch {
    how: How,
    shared: Arc<Shared>,
    #[cfg(unix)]
    rx: std::os::unix::net::UnixStream,
    /// Closed on drop, which wakes a thread waiting on the other end.
    #[cfg(unix)]
    _stop: std::os::unix::net::UnixStream,
}

/// The watching thread's end.
pub struct Signal {
    shared: Arc<Shared>,
    #[cfg(unix)]
    tx: std::os::unix::net::UnixStream,
    #[cfg(unix)]
    stop: std::os::unix::net::UnixStream,
}

/// A watch and the signal its thread raises.
#[cfg(unix)]
pub fn pair(how: How) -> std::io::Result<(Watch, Signal)> {
    use std::os::unix::net::UnixStream;
    let (rx, tx) = UnixStream::pair()?;
    let (stop_owner, stop_thread) = UnixStream::pair()?;
    for s in [&rx, &tx, &stop_owner, &stop_thread] {
        s.set_nonblocking(true)?;
    }
    let shared = Arc::new(Shared::default());
    Ok((
        Watch {
            how,
            shared: shared.clone(),
            rx,
            _stop: stop_owner,
        },
        Signal {
            shared,
            tx,
            stop: stop_thread,
        },
    ))
}

/// No watches off Unix (the app looks on its timer there).
#[cfg(not(unix))]
pub fn pair(_how: How) -> std::io::Result<(Watch, Signal)> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

impl Watch {
    /// How this watch learns of commits.
    pub fn how(&self) -> How {
        self.how
    }

    /// Whether the watch is working now; when not, the owner looks on its own timer.
    pub fn live(&self) -> bool {
        self.shared.live.load(Ordering::Acquire)
    }

    /// What the store shares with the thread (to hear of a commit the server's notification
    /// to the store's own connection has not brought yet).
    pub(crate) fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }

    /// The descriptor that becomes readable on a wake-up (poll it beside others, then
    /// [`Watch::drain`]).
    #[cfg(unix)]
    pub fn fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        self.rx.as_raw_fd()
    }

    /// Empties the pipe; whether a wake-up was in it.
    pub fn drain(&self) -> bool {
        #[cfg(unix)]
        {
            use std::io::Read;
            let mut sink = [0u8; 64];
            let mut any = false;
            while let Ok(n) = (&self.rx).read(&mut sink) {
                if n == 0 {
                    break;
                }
                any = true;
            }
            any
        }
        #[cfg(not(unix))]
        false
    }

    /// Waits up to `timeout` for a wake-up; whether one came.
    pub fn wait(&self, timeout: Duration) -> bool {
        #[cfg(unix)]
        {
            if !poll_one(self.fd(), timeout) {
                return false;
            }
        }
        #[cfg(not(unix))]
        std::thread::sleep(timeout);
        self.drain()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
    }
}

impl Signal {
    /// Says "look": sets the news and wakes the owner (a wake-up already waiting is enough).
    pub fn news(&self) {
        self.shared.news.store(true, Ordering::Release);
        #[cfg(unix)]
        {
            use std::io::Write;
            let _ = (&self.tx).write(&[1]);
        }
    }

    /// Says whether the watch can be relied on now.
    pub fn set_live(&self, live: bool) {
        self.shared.live.store(live, Ordering::Release);
    }

    /// Whether the owner is gone.
    pub fn stopping(&self) -> bool {
        self.shared.stop.load(Ordering::Acquire)
    }

    /// The descriptor that becomes readable when the owner is gone.
    #[cfg(unix)]
    pub fn stop_fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        self.stop.as_raw_fd()
    }

    /// Sleeps up to `d`, waking at once when the owner goes; `false` when it has gone.
    pub fn pause(&self, d: Duration) -> bool {
        #[cfg(unix)]
        poll_one(self.stop_fd(), d);
        #[cfg(not(unix))]
        std::thread::sleep(d);
        !self.stopping()
    }
}

/// Waits up to `timeout` for `fd` to become readable (or closed); whether it did.
#[cfg(unix)]
pub fn poll_one(fd: std::os::fd::RawFd, timeout: Duration) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut p, 1, ms) };
    n > 0 && p.revents != 0
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_signal_wakes_the_owner_once_and_dropping_the_owner_wakes_the_thread() {
        let (w, s) = pair(How::Poll).unwrap();
        assert!(!w.wait(Duration::from_millis(10)), "nothing yet");
        s.news();
        s.news();
        assert!(w.wait(Duration::from_secs(5)));
        assert!(w.shared().take_news());
        assert!(!w.shared().take_news(), "news is taken once");
        assert!(!w.drain(), "two signals, one wake-up");
        let t = std::thread::spawn(move || {
            let start = std::time::Instant::now();
            while s.pause(Duration::from_secs(30)) {}
            start.elapsed()
        });
        std::thread::sleep(Duration::from_millis(20));
        drop(w);
        assert!(t.join().unwrap() < Duration::from_secs(5), "the thread ends at once");
    }
}
