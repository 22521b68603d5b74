//! Watching an SQLite file for other sessions' commits: the kernel reports writes to the
//! database and its write-ahead log (inotify on their folder, so a log made anew is seen
//! too), and a connection of the watch's own confirms with `PRAGMA data_version` that one
//! was a commit (a commit's frames reach the log a moment before it is visible, so the
//! version is looked at again a few times before a write is taken for a checkpoint or a
//! transaction still open). Where the kernel cannot report (another system, no inotify
//! instances left) the version is read every 50 ms instead.

use crate::store::watch::{How, Signal, Watch, pair};
use crate::store::{StoreError, StoreResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// How often the version is read where the kernel cannot report writes.
const POLL: Duration = Duration::from_millis(50);

/// After a write is reported: when to look at the version again if it has not moved yet.
const CONFIRM: [Duration; 5] = [
    Duration::ZERO,
    Duration::from_millis(1),
    Duration::from_millis(5),
    Duration::from_millis(25),
    Duration::from_millis(100),
];

/// Starts watching the database at `path`.
pub(super) fn start(path: &Path) -> StoreResult<Watch> {
    let io = |e: std::io::Error| StoreError::Backend(format!("watch {}: {e}", path.display()));
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let version = data_version(&conn)?;
    let files = files::Notify::new(path).ok();
    let how = if files.is_some() { How::Files } else { How::Poll };
    let (watch, signal) = pair(how).map_err(io)?;
    std::thread::Builder::new()
        .name("kttt-watch".into())
        .spawn(move || run(conn, version, files, signal))
        .map_err(io)?;
    Ok(watch)
}

fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

fn run(conn: Connection, mut version: i64, files: Option<files::Notify>, signal: Signal) {
    signal.set_live(true);
    // Whether the version moved; an error (the file gone) is news too, for the session to
    // find out what happened, and ends the watch.
    let mut moved = || match data_version(&conn) {
        Ok(v) if v == version => Some(false),
        Ok(v) => {
            version = v;
            Some(true)
        }
        Err(_) => None,
    };
    loop {
        match &files {
            Some(n) => {
                if !n.wait(&signal) {
                    break;
                }
                for d in CONFIRM {
                    if !d.is_zero() && !signal.pause(d) {
                        return;
                    }
                    match moved() {
                        Some(false) => continue,
                        Some(true) => signal.news(),
                        None => {
                            signal.set_live(false);
                            signal.news();
                            return;
                        }
                    }
                    break;
                }
            }
            None => {
                if !signal.pause(POLL) {
                    break;
                }
                match moved() {
                    Some(false) => {}
                    Some(true) => signal.news(),
                    None => {
                        signal.set_live(false);
                        signal.news();
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(target_os = "linux")]
mod files {
    //! inotify on the database's folder, for the database file and its write-ahead log.

    use crate::store::watch::Signal;
    use std::ffi::{CString, OsString};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::path::Path;

    /// A file watch on the folder, keeping to the database's own files.
    pub struct Notify {
        fd: OwnedFd,
        /// The database file's name and its log's (`kttt.sqlite3`, `kttt.sqlite3-wal`).
        names: [OsString; 2],
    }

    impl Notify {
        pub fn new(path: &Path) -> std::io::Result<Notify> {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => std::path::PathBuf::from("."),
            };
            let name = path
                .file_name()
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?
                .to_os_string();
            let mut wal = name.clone();
            wal.push("-wal");
            // SAFETY: inotify_init1 has no preconditions; a negative result is an error.
            let raw = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
            if raw < 0 {
                return Err(std::io::Error::last_os_error());
            }
            // SAFETY: a fresh descriptor this process owns from here on.
            let fd = unsafe { OwnedFd::from_raw_fd(raw) };
            let c = CString::new(dir.into_os_string().into_vec())
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
            let mask = libc::IN_MODIFY | libc::IN_CREATE | libc::IN_MOVED_TO | libc::IN_MOVED_FROM | libc::IN_DELETE;
            // SAFETY: a valid inotify descriptor and a NUL-terminated path.
            if unsafe { libc::inotify_add_watch(fd.as_raw_fd(), c.as_ptr(), mask) } < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(Notify { fd, names: [name, wal] })
        }

        /// Blocks until the kernel reports a write to the database's files (`true`) or the
        /// watch's owner is gone (`false`).
        pub fn wait(&self, signal: &Signal) -> bool {
            loop {
                let mut fds = [
                    libc::pollfd {
                        fd: self.fd.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    },
                    libc::pollfd {
                        fd: signal.stop_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    },
                ];
                // SAFETY: two valid pollfd entries for the duration of the call.
                let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) };
                if signal.stopping() || fds[1].revents != 0 {
                    return false;
                }
                if n > 0 && self.ours() {
                    return true;
                }
            }
        }

        /// Reads every event waiting; whether one was about the database's files (or the
        /// kernel dropped some).
        fn ours(&self) -> bool {
            let mut buf = [0u8; 4096];
            let mut found = false;
            loop {
                // SAFETY: reading into a buffer we own, no longer than it.
                let k = unsafe { libc::read(self.fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
                if k <= 0 {
                    return found;
                }
                let mut at = 0usize;
                let end = k as usize;
                // struct inotify_event { int wd; u32 mask; u32 cookie; u32 len; char name[len]; }
                while at + 16 <= end {
                    let word = |i: usize| u32::from_ne_bytes([buf[i], buf[i + 1], buf[i + 2], buf[i + 3]]);
                    let mask = word(at + 4);
                    let len = word(at + 12) as usize;
                    let name = &buf[(at + 16).min(end)..(at + 16 + len).min(end)];
                    let name = &name[..name.iter().position(|b| *b == 0).unwrap_or(name.len())];
                    if mask & libc::IN_Q_OVERFLOW != 0 || self.names.iter().any(|n| n.as_bytes() == name) {
                        found = true;
                    }
                    at += 16 + len;
                }
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod files {
    //! No file notifications here: the watch reads the data version on a timer.

    use crate::store::watch::Signal;
    use std::path::Path;

    pub struct Notify;

    impl Notify {
        pub fn new(_path: &Path) -> std::io::Result<Notify> {
            Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
        }

        pub fn wait(&self, _signal: &Signal) -> bool {
            false
        }
    }
}
