//! What an administrator asks about a database file before anything opens it (`kttt
//! doctor`): its size, whether it is in WAL mode (read from its header, not from SQLite), who
//! owns it and its `-wal`/`-shm` files and folder with what permissions, and its newest
//! backup. Facts only; what they mean for a set-up is judged by the session.

use super::backup::{backups_of, is_complete};
use super::file::{folder, sidecars};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A file's owner and permissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owned {
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// The permission bits (`0o2775`: with the setgid bit).
    pub mode: u32,
    /// The owning account's name (its number when it has none).
    pub owner: String,
    /// The owning group's number.
    pub gid: u32,
}

/// A database file as the file system and its header show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFacts {
    pub file: Owned,
    /// The header says WAL (file format versions 2).
    pub wal: bool,
    /// The `-wal` and `-shm` files there are now.
    pub sidecars: Vec<Owned>,
    /// The folder holding it.
    pub folder: Option<Owned>,
}

#[cfg(unix)]
fn account_name(uid: u32) -> String {
    // SAFETY: getpwuid returns a pointer into static storage or null; the name is copied at
    // once (this process has no other thread asking at the same time).
    unsafe {
        let pw = libc::getpwuid(uid);
        if pw.is_null() || (*pw).pw_name.is_null() {
            return uid.to_string();
        }
        std::ffi::CStr::from_ptr((*pw).pw_name).to_string_lossy().into_owned()
    }
}

/// A path's owner and permissions (`None` when there is nothing there).
#[cfg(unix)]
pub fn owned(path: &Path) -> Option<Owned> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(Owned {
        path: path.to_path_buf(),
        size: m.len(),
        mode: m.mode() & 0o7777,
        owner: account_name(m.uid()),
        gid: m.gid(),
    })
}

/// A path's owner and permissions (`None` when there is nothing there).
#[cfg(not(unix))]
pub fn owned(path: &Path) -> Option<Owned> {
    let m = std::fs::metadata(path).ok()?;
    Some(Owned {
        path: path.to_path_buf(),
        size: m.len(),
        mode: if m.permissions().readonly() { 0o444 } else { 0o644 },
        owner: String::new(),
        gid: 0,
    })
}

/// Whether a database file's header says WAL: bytes 18 and 19 (the write and read format
/// versions) are 2.
fn header_wal(path: &Path) -> bool {
    use std::io::Read;
    let mut h = [0u8; 20];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut h))
        .is_ok_and(|()| h[18] == 2 && h[19] == 2)
}

/// The facts of a database file (`None` when there is no file at the path).
pub fn file_facts(path: &Path) -> Option<FileFacts> {
    let file = owned(path)?;
    let [_, wal, shm] = sidecars(path);
    Some(FileFacts {
        wal: header_wal(path),
        sidecars: [wal, shm].iter().filter_map(|p| owned(p)).collect(),
        folder: owned(&folder(path)),
        file,
    })
}

/// The newest backup of a database: its own copies beside it (`FILE.bak-…`) and every
/// complete kttt database in the folders named (other than the database itself), by the
/// time it was last written.
pub fn newest_backup(path: &Path, folders: &[PathBuf]) -> Option<(PathBuf, SystemTime)> {
    let me = std::fs::canonicalize(path).ok();
    let mut found = backups_of(path);
    for dir in folders {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        found.extend(
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file() && std::fs::canonicalize(p).ok() != me && is_complete(p)),
        );
    }
    found
        .into_iter()
        .filter_map(|p| {
            let t = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
            Some((p, t))
        })
        .max_by_key(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_tells_wal_and_the_sidecars_are_listed() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("k.sqlite3");
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        assert!(!file_facts(&db).unwrap().wal, "a rollback-journal file is not WAL");
        conn.pragma_update(None, "journal_mode", "wal").unwrap();
        conn.execute_batch("INSERT INTO t VALUES (2);").unwrap();
        let f = file_facts(&db).unwrap();
        assert!(f.wal);
        let names: Vec<String> = f
            .sidecars
            .iter()
            .map(|s| s.path.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, ["k.sqlite3-wal", "k.sqlite3-shm"]);
        assert!(file_facts(&d.path().join("none.sqlite3")).is_none());
    }
}
