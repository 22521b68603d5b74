//! The database file as a file: what is at the path before SQLite touches it, whether its
//! folder can be written, whether other processes have it open, its identity (to notice it
//! being replaced), its backups, and cleaning up after a failed open.

use super::super::{NotKttt, StoreError, StoreResult};
use crate::store::Refusal;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// What is at the path.
#[derive(PartialEq, Eq)]
pub(super) enum Probe {
    Missing,
    /// A regular file of zero bytes: nothing to lose, becomes a new database.
    Empty,
    /// A regular file; SQLite tells whether it is a database.
    Sqlite,
}

/// Looks at the path without opening it.
pub(super) fn probe(path: &Path) -> StoreResult<Probe> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Probe::Missing),
        Err(e) => Err(io(path, &e)),
        Ok(m) if !m.is_file() => Err(StoreError::NotKttt {
            path: path.to_path_buf(),
            why: NotKttt::NotAFile,
        }),
        Ok(m) if m.len() == 0 => Ok(Probe::Empty),
        Ok(_) => Ok(Probe::Sqlite),
    }
}

/// An I/O error about a path.
pub(super) fn io(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// The folder a database file lives in.
pub(super) fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether the file system holding a folder has (next to) no room left.
#[cfg(unix)]
pub fn disk_full(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a zeroed statvfs is a valid out-parameter; the path is NUL-terminated.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return false;
    }
    let free = st.f_bavail as u64 * st.f_frsize as u64;
    free < 1024 * 1024
}

/// Whether the file system holding a folder has no room left (unknown elsewhere: no).
#[cfg(not(unix))]
pub fn disk_full(_dir: &Path) -> bool {
    false
}

#[cfg(unix)]
fn can_write(p: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; access only reads it.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn can_write(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| !m.permissions().readonly())
}

/// Refuses early, naming the folder or file, when SQLite could not write what it needs
/// (the file, and its -wal and -shm files beside it).
pub(super) fn check_writable(path: &Path, fresh: bool) -> StoreResult<()> {
    let dir = folder(path);
    if !dir.is_dir() {
        return Err(StoreError::NoFolder { dir });
    }
    if !can_write(&dir) {
        return Err(StoreError::ReadOnlyDir { dir });
    }
    if !fresh && !can_write(path) {
        return Err(StoreError::ReadOnlyFile {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// The -wal and -shm files of a database, with the database first.
pub fn sidecars(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_os_string();
        p.push(suffix);
        PathBuf::from(p)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// Moves aside a write-ahead log and its index left beside a database file that is gone (the
/// database was moved or deleted while open, or its program died): SQLite would read them
/// into a new database made at that path and mix two databases. They are kept, renamed
/// `…-wal.orphan-<time>`; a program still holding them keeps its own, unlinked.
pub(super) fn set_aside_orphans(path: &Path) -> StoreResult<()> {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S%.3f").to_string();
    for side in sidecars(path).into_iter().skip(1) {
        if side.exists() {
            let mut to = side.as_os_str().to_os_string();
            to.push(format!(".orphan-{stamp}"));
            std::fs::rename(&side, &to).map_err(|e| StoreError::Backend(format!("{}: {e}", side.display())))?;
        }
    }
    Ok(())
}

fn uri(path: &Path, query: &str) -> String {
    let p = path
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    format!("file:{p}?{query}")
}

/// Opens the SQLite connection. A read-only open of a file in a folder nobody can write
/// (so nobody can be writing it) reads it as immutable.
pub(super) fn connect(path: &Path, fresh: bool, read_only: bool) -> StoreResult<Connection> {
    let fix = |e: rusqlite::Error| locate(super::db_err(e), path);
    if read_only {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let [_, wal, shm] = sidecars(path);
        if !can_write(&folder(path)) && !wal.exists() && !shm.exists() {
            return Connection::open_with_flags(uri(path, "immutable=1"), flags).map_err(fix);
        }
        return Connection::open_with_flags(path, flags).map_err(fix);
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if fresh {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    Connection::open_with_flags(path, flags).map_err(fix)
}

/// Reads the application id, schema version and number of tables without changing anything.
pub(super) fn inspect(conn: &Connection) -> StoreResult<(i32, i64, i64)> {
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(not_sqlite)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok((app_id, version, tables))
}

fn not_sqlite(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotKttt {
            path: PathBuf::new(),
            why: NotKttt::NotSqlite,
        },
        _ => super::db_err(e),
    }
}

/// Fills in the path (and the backups) of an error raised without them.
pub(super) fn locate(e: StoreError, path: &Path) -> StoreError {
    match e {
        StoreError::DiskFull { path: p } if p.as_os_str().is_empty() => StoreError::DiskFull {
            path: path.to_path_buf(),
        },
        // SQLite says only "disk I/O error" when a write finds the disk full.
        StoreError::DiskIo(message) => {
            if disk_full(&folder(path)) {
                StoreError::DiskFull {
                    path: path.to_path_buf(),
                }
            } else {
                StoreError::Io {
                    path: path.to_path_buf(),
                    message,
                }
            }
        }
        StoreError::Corrupt { path: p, .. } if p.as_os_str().is_empty() => StoreError::Corrupt {
            path: path.to_path_buf(),
            backups: super::backup::backups_of(path),
        },
        StoreError::NotKttt { path: p, why } if p.as_os_str().is_empty() => StoreError::NotKttt {
            path: path.to_path_buf(),
            why,
        },
        StoreError::ReadOnlyFile { path: p } if p.as_os_str().is_empty() => {
            let dir = folder(path);
            // Officials on their own accounts sharing one file: the first one's -wal/-shm
            // belong to their private group, and everyone else's writes fail.
            let stuck = sidecars(path).into_iter().skip(1).find(|s| s.exists() && !can_write(s));
            if let Some(sidecar) = stuck {
                return StoreError::SharedSidecar { sidecar };
            }
            if can_write(&dir) {
                StoreError::ReadOnlyFile {
                    path: path.to_path_buf(),
                }
            } else {
                StoreError::ReadOnlyDir { dir }
            }
        }
        other => other,
    }
}

/// The identity of the file at a path (device and inode), to notice it being replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Identity(u64, u64);

#[cfg(unix)]
pub(super) fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| Identity(m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub(super) fn identity(_path: &Path) -> Option<Identity> {
    None
}

/// Whether another process has the database open. Every SQLite connection to a WAL database
/// holds a shared lock on the "dead man switch" byte of its -shm file for as long as it is
/// open (SQLite's unix VFS, byte 128); a test for a conflicting write lock there tells,
/// without taking any lock. Call it only where this process has no connection to the file
/// (closing the descriptor drops this process's own locks on it).
#[cfg(unix)]
pub fn in_use(path: &Path) -> StoreResult<bool> {
    use std::os::fd::AsRawFd;
    let [_, _, shm] = sidecars(path);
    let file = match std::fs::OpenOptions::new().read(true).write(true).open(&shm) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io(&shm, &e)),
    };
    // SAFETY: a zeroed flock is a valid value; fcntl(F_GETLK) only fills it in.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as _;
    lock.l_whence = libc::SEEK_SET as _;
    lock.l_start = 128;
    lock.l_len = 1;
    // SAFETY: a valid descriptor and a valid flock structure.
    let r = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut lock) };
    if r != 0 {
        return Err(io(&shm, &std::io::Error::last_os_error()));
    }
    Ok(i32::from(lock.l_type) != libc::F_UNLCK)
}

/// Whether another process has the database open (never known off Unix).
#[cfg(not(unix))]
pub fn in_use(_path: &Path) -> StoreResult<bool> {
    Ok(false)
}

/// Which of a database's files exist now.
pub(super) fn existing(path: &Path) -> [bool; 3] {
    sidecars(path).map(|p| p.exists())
}

/// After a failed open: removes the empty -wal and the -shm that the attempt created, so a
/// refused file is left as it was found.
pub(super) fn clean_up(path: &Path, before: [bool; 3]) {
    let [_, wal, shm] = sidecars(path);
    let wal_empty = std::fs::metadata(&wal).is_ok_and(|m| m.len() == 0);
    if !before[1] && wal_empty && !in_use(path).unwrap_or(true) {
        let _ = std::fs::remove_file(&wal);
        if !before[2] {
            let _ = std::fs::remove_file(&shm);
        }
    }
}

/// Moves a database and its -wal and -shm files aside under a new, unused name
/// (`FILE.bak-YYYYMMDD-HHMMSS`, then `-2`, `-3`, …), never over an existing file. Returns
/// the backup's path.
pub fn move_aside(path: &Path) -> StoreResult<PathBuf> {
    let stamp = jiff::ZonedDateTime::now().strftime("%Y%m%d-%H%M%S").to_string();
    for n in 1..1000 {
        let mut name = path.as_os_str().to_os_string();
        name.push(format!(".bak-{stamp}"));
        if n > 1 {
            name.push(format!("-{n}"));
        }
        let backup = PathBuf::from(name);
        let targets = sidecars(&backup);
        if targets.iter().any(|t| std::fs::symlink_metadata(t).is_ok()) {
            continue;
        }
        // A hard link fails rather than overwrite: two runs in the same second cannot
        // clobber each other's backup.
        match std::fs::hard_link(path, &backup) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {
                // No hard links here (some network or FAT file systems): rename, having
                // checked the name is free.
                std::fs::rename(path, &backup).map_err(|e| io(path, &e))?;
            }
        }
        for (from, to) in sidecars(path).iter().zip(targets.iter()).skip(1) {
            if from.exists() {
                std::fs::rename(from, to).map_err(|e| io(from, &e))?;
            }
        }
        if path.exists() {
            std::fs::remove_file(path).map_err(|e| io(path, &e))?;
        }
        return Ok(backup);
    }
    Err(Refusal::NoBackupName.into())
}

/// Whether the file at `path` is a kttt database (or an empty one), without changing it.
pub fn classify(path: &Path) -> StoreResult<()> {
    match probe(path)? {
        Probe::Missing | Probe::Empty => return Ok(()),
        Probe::Sqlite => {}
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| locate(super::db_err(e), path))?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| locate(not_sqlite(e), path))?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap_or(0);
    if app_id == super::schema::APPLICATION_ID || (app_id == 0 && tables == 0) {
        Ok(())
    } else {
        Err(StoreError::NotKttt {
            path: path.to_path_buf(),
            why: NotKttt::OtherProgram,
        })
    }
}

/// Whether this process's account owns a file (a missing file: no).
#[cfg(unix)]
pub fn owned_by_me(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    std::fs::metadata(path).is_ok_and(|m| m.uid() == me)
}

/// Whether this process's account owns a file (no owners to compare elsewhere: yes).
#[cfg(not(unix))]
pub fn owned_by_me(path: &Path) -> bool {
    path.exists()
}
