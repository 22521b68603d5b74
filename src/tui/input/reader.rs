//! Reading the terminal: every byte waiting is read at once (a 100 KB paste is one turn of
//! the loop, not one kilobyte per keystroke), decoded with timeouts for incomplete sequences,
//! and stamped with its arrival time; window size changes, a vanished terminal and another
//! session's commit (the store's watch, polled beside the terminal) come out as events too.

use super::decode::{Decoder, Input};
use std::time::{Duration, Instant};

/// Something that happened at the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Input decoded from bytes that arrived at this time.
    Input(Instant, Input),
    /// The window changed size.
    Resize,
    /// The terminal went away (a closed window, a dropped SSH link).
    HangUp,
    /// The store's watch says another session may have committed: look.
    News,
}

/// The most read in one turn, so the screen still updates during an endless stream.
const MAX_PER_TURN: usize = 8 << 20;

/// Reads and decodes the terminal's input.
pub struct Reader {
    decoder: Decoder,
    #[cfg(unix)]
    wake: Option<std::os::unix::net::UnixStream>,
    /// The store's watch, polled beside the terminal (its owner drains it).
    #[cfg(unix)]
    news: Option<std::os::fd::RawFd>,
}

#[cfg(unix)]
impl Reader {
    /// A reader of standard input; window size changes (SIGWINCH) wake it.
    pub fn new() -> std::io::Result<Reader> {
        let (rx, tx) = std::os::unix::net::UnixStream::pair()?;
        rx.set_nonblocking(true)?;
        tx.set_nonblocking(true)?;
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, tx)?;
        Ok(Reader {
            decoder: Decoder::new(),
            wake: Some(rx),
            news: None,
        })
    }

    /// Also wakes when `fd` becomes readable (the store's watch), reporting [`Event::News`];
    /// the caller keeps the descriptor open and empties it.
    pub fn watch(&mut self, fd: Option<std::os::fd::RawFd>) {
        self.news = fd;
    }

    /// Waits up to `timeout` (less when an incomplete sequence is due) and returns all that
    /// happened, in order.
    pub fn read(&mut self, timeout: Duration) -> std::io::Result<Vec<Event>> {
        use std::io::Read;
        use std::os::fd::AsRawFd;
        let now = Instant::now();
        let wait = match self.decoder.deadline() {
            Some(d) => timeout.min(d.saturating_duration_since(now)),
            None => timeout,
        };
        let wake_fd = self.wake.as_ref().map_or(-1, |w| w.as_raw_fd());
        let news_fd = self.news.unwrap_or(-1);
        let mut fds = [
            libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: wake_fd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: news_fd,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = wait.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: three valid pollfd entries (a negative fd is ignored by poll).
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 3, ms) };
        let mut events = Vec::new();
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
        if fds[1].revents & libc::POLLIN != 0 {
            let mut sink = [0u8; 64];
            if let Some(w) = self.wake.as_mut() {
                while matches!(w.read(&mut sink), Ok(k) if k > 0) {}
            }
            events.push(Event::Resize);
        }
        if fds[2].revents != 0 {
            events.push(Event::News);
        }
        let stdin = fds[0].revents;
        if stdin & libc::POLLIN != 0 {
            if self.drain(&mut events)? {
                events.push(Event::HangUp);
            }
        } else if stdin & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            events.push(Event::HangUp);
        }
        let now = Instant::now();
        if self.decoder.deadline().is_some_and(|d| d <= now) {
            events.extend(self.decoder.timeout(now).into_iter().map(|i| Event::Input(now, i)));
        }
        Ok(events)
    }

    /// Reads everything waiting on standard input; `true` at end of input.
    fn drain(&mut self, events: &mut Vec<Event>) -> std::io::Result<bool> {
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0;
        loop {
            // SAFETY: reading into a buffer we own, no longer than it.
            let k = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
            if k < 0 {
                let e = std::io::Error::last_os_error();
                return match e.kind() {
                    std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock => Ok(false),
                    _ => Err(e),
                };
            }
            if k == 0 {
                return Ok(true);
            }
            let k = k as usize;
            let now = Instant::now();
            events.extend(
                self.decoder
                    .feed(&buf[..k], now)
                    .into_iter()
                    .map(|i| Event::Input(now, i)),
            );
            total += k;
            if total >= MAX_PER_TURN || !more_waiting() {
                return Ok(false);
            }
        }
    }
}

#[cfg(unix)]
fn more_waiting() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    unsafe { libc::poll(&mut fd, 1, 0) > 0 && fd.revents & libc::POLLIN != 0 }
}

#[cfg(not(unix))]
impl Reader {
    /// No watch to poll off Unix: the app looks on its timer.
    pub fn watch(&mut self, _fd: Option<i32>) {}

    /// A reader of the console through crossterm (no raw byte access off Unix).
    pub fn new() -> std::io::Result<Reader> {
        Ok(Reader {
            decoder: Decoder::new(),
        })
    }

    /// Waits up to `timeout` and returns what happened.
    pub fn read(&mut self, timeout: Duration) -> std::io::Result<Vec<Event>> {
        use crossterm::event::{self, Event as CE};
        let mut out = Vec::new();
        if event::poll(timeout)? {
            while event::poll(Duration::ZERO)? {
                let now = Instant::now();
                match event::read()? {
                    CE::Key(k) => out.push(Event::Input(now, Input::Key(k))),
                    CE::Paste(p) => out.push(Event::Input(now, Input::Paste(p))),
                    CE::Resize(..) => out.push(Event::Resize),
                    _ => {}
                }
            }
        }
        let _ = &self.decoder;
        Ok(out)
    }
}
