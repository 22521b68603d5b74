//! Backups of a database file: a consistent copy (`VACUUM INTO`, a read transaction, so
//! writers carry on) written under a temporary name in the target's folder, synced, then
//! linked into place — a backup killed half-way (a reboot during the nightly copy) leaves no
//! file under the backup's name, only a hidden temporary one that the next backup clears.
//! A file that is not a complete kttt database is never listed as a backup.

use super::super::{StoreError, StoreResult};
use super::file::{folder, io, sidecars};
use crate::store::Refusal;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The hidden name a backup is written under until it is complete.
fn temporary(to: &Path, pid: u32) -> PathBuf {
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    folder(to).join(format!(".{name}.kttt-backup-{pid}.tmp"))
}

/// Whether a process is alive.
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists.
    unsafe { libc::kill(pid as libc::pid_t, 0) == 0 }
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}

/// Removes the temporary files of backups whose process is gone (killed mid-way).
fn sweep(to: &Path) {
    let Ok(entries) = std::fs::read_dir(folder(to)) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        let Some(pid) = n
            .strip_suffix(".tmp")
            .and_then(|x| x.rsplit_once(".kttt-backup-"))
            .filter(|(head, _)| head.starts_with('.'))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !alive(pid) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn sync_folder(path: &Path) {
    if let Ok(d) = std::fs::File::open(folder(path)) {
        let _ = d.sync_all();
    }
}

/// A consistent copy of an open database in a new file, refusing to overwrite anything; the
/// file appears under its name only once it is complete and on disk.
pub fn backup(conn: &Connection, to: &Path) -> StoreResult<()> {
    backup_watched(conn, to, &|_, _| true).map(|_| ())
}

/// How often the copy being written is looked at.
const LOOK: std::time::Duration = std::time::Duration::from_millis(100);

/// [`backup`], telling `watch` (from a helper thread, every tenth of a second) how many
/// bytes of the copy are written of the database's size; when it answers false the copy is
/// interrupted and removed, and the answer is `false`.
pub fn backup_watched(conn: &Connection, to: &Path, watch: crate::work::SharedWatch) -> StoreResult<bool> {
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(Refusal::BackupExists { path: to.to_path_buf() }.into());
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(StoreError::NoFolder { dir: dir.to_path_buf() });
    }
    sweep(to);
    let tmp = temporary(to, std::process::id());
    let _ = std::fs::remove_file(&tmp);
    let size: i64 = conn.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |r| r.get(0),
    )?;
    let total = u64::try_from(size).unwrap_or(0);
    // Asked before anything is written: a stop that came first (Ctrl+C at once) never races
    // a copy that finishes before the helper thread has looked.
    if !watch(0, total) {
        return Ok(false);
    }
    let interrupt = conn.get_interrupt_handle();
    let finished = std::sync::atomic::AtomicBool::new(false);
    let asked_to_stop = std::sync::atomic::AtomicBool::new(false);
    let result = (|| {
        std::thread::scope(|scope| {
            scope.spawn(|| {
                use std::sync::atomic::Ordering::Relaxed;
                while !finished.load(Relaxed) {
                    let written = std::fs::metadata(&tmp).map_or(0, |m| m.len());
                    if !watch(written.min(total), total) {
                        asked_to_stop.store(true, Relaxed);
                        interrupt.interrupt();
                        return;
                    }
                    std::thread::sleep(LOOK);
                }
            });
            let copied = conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()]);
            finished.store(true, std::sync::atomic::Ordering::Relaxed);
            copied
        })?;
        // One last look once the copy is whole: a stop asked meanwhile still counts.
        if !asked_to_stop.load(std::sync::atomic::Ordering::Relaxed) && !watch(total, total) {
            asked_to_stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if asked_to_stop.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(false);
        }
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io(&tmp, &e))?;
        match std::fs::hard_link(&tmp, to) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(Refusal::BackupExists { path: to.to_path_buf() }.into())
            }
            // A file system without hard links: the check before the work has to do.
            Err(_) if std::fs::symlink_metadata(to).is_err() => {
                std::fs::rename(&tmp, to).map(|()| true).map_err(|e| io(to, &e))
            }
            Err(e) => Err(io(to, &e)),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    sync_folder(to);
    // Asked to stop: whatever the copy said (interrupted, or just done), none is left.
    if asked_to_stop.into_inner() {
        if matches!(result, Ok(true)) {
            let _ = std::fs::remove_file(to);
        }
        return Ok(false);
    }
    result
}

/// Before a migration: a consistent copy of the database beside it
/// (`FILE.bak-YYYYMMDD-HHMMSS[-n]`, never over an existing file). Returns its path.
pub fn backup_beside(conn: &Connection, path: &Path) -> StoreResult<PathBuf> {
    let stamp = jiff::ZonedDateTime::now().strftime("%Y%m%d-%H%M%S").to_string();
    for n in 1..1000 {
        let mut name = path.as_os_str().to_os_string();
        name.push(format!(".bak-{stamp}"));
        if n > 1 {
            name.push(format!("-{n}"));
        }
        let to = PathBuf::from(name);
        if sidecars(&to).iter().any(|t| std::fs::symlink_metadata(t).is_ok()) {
            continue;
        }
        backup(conn, &to)?;
        return Ok(to);
    }
    Err(Refusal::NoBackupName.into())
}

/// Whether a file is a complete kttt database, by its header alone (no SQLite opened): the
/// SQLite magic, kttt's application id, and a length of exactly its page count times its
/// page size (a copy cut short is not).
pub fn is_complete(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(len) = f.metadata().map(|m| m.len()) else {
        return false;
    };
    let mut h = [0u8; 100];
    if f.read_exact(&mut h).is_err() || &h[..16] != b"SQLite format 3\0" {
        return false;
    }
    let be32 = |o: usize| u32::from_be_bytes([h[o], h[o + 1], h[o + 2], h[o + 3]]);
    let page = match u16::from_be_bytes([h[16], h[17]]) {
        1 => 65_536,
        p => u64::from(p),
    };
    let pages = u64::from(be32(28));
    let counted = be32(92) == be32(24) && pages > 0;
    let app = be32(68) as i32 == super::schema::APPLICATION_ID;
    app && page >= 512 && (!counted || pages * page == len) && len % page == 0
}

/// The backups kttt made of a database (`FILE.bak-…`) that are complete databases, newest
/// first.
pub fn backups_of(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return Vec::new();
    };
    let prefix = format!("{name}.bak-");
    let Ok(entries) = std::fs::read_dir(folder(path)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(&prefix) && !n.ends_with("-wal") && !n.ends_with("-shm")
            })
        })
        .filter(|p| is_complete(p))
        .collect();
    found.sort();
    found.reverse();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_is_whole_or_absent_and_a_cut_copy_is_no_backup() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("k.sqlite3");
        let conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "application_id", super::super::schema::APPLICATION_ID)
            .unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);")
            .unwrap();
        let to = d.path().join("copy.sqlite3");
        backup(&conn, &to).unwrap();
        assert!(is_complete(&to));
        // Stopped by its watch: no copy, nothing temporary.
        let stopped = d.path().join("stopped.sqlite3");
        assert!(!backup_watched(&conn, &stopped, &|_, _| false).unwrap());
        assert!(!stopped.exists());
        assert!(backup(&conn, &to).is_err(), "never over a file");
        // Nothing temporary is left behind.
        let left: Vec<String> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        // A copy cut short, an empty file, another program's database: not backups.
        let bytes = std::fs::read(&to).unwrap();
        let cut = d.path().join("k.sqlite3.bak-20260101-000000");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let empty = d.path().join("k.sqlite3.bak-20260102-000000");
        std::fs::write(&empty, b"").unwrap();
        let whole = d.path().join("k.sqlite3.bak-20250101-000000");
        std::fs::write(&whole, &bytes).unwrap();
        assert!(!is_complete(&cut) && !is_complete(&empty));
        assert_eq!(backups_of(&db), vec![whole]);
        // A killed backup's temporary file is cleared by the next one.
        let stale = temporary(&d.path().join("next.sqlite3"), 999_999_999);
        std::fs::write(&stale, b"half").unwrap();
        backup(&conn, &d.path().join("next.sqlite3")).unwrap();
        assert!(!stale.exists());
    }
}
