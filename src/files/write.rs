//! Writing a file the user named (an export, a report): never half a file, and never over
//! an existing one unless asked.

use crate::error::{Error, Refused, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The refusal for a file that is there already.
pub fn exists_refusal(path: &Path) -> Error {
    Refused::FileExists {
        path: path.to_path_buf(),
    }
    .into()
}

/// The folder a file goes in (`.` for a bare name).
pub fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes the bytes to a temporary file beside the target, then puts it in place: a reader
/// never sees half a file. Without `force` the target must not exist, even if it appeared
/// meanwhile (a hard link does not replace).
pub fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists_refusal(path));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = folder(path).join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io(&tmp, e))?;
        f.write_all(bytes).map_err(|e| io(&tmp, e))?;
        f.sync_all().map_err(|e| io(&tmp, e))?;
        drop(f);
        if force {
            return std::fs::rename(&tmp, path).map_err(|e| io(path, e));
        }
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists_refusal(path)),
            // A file system without hard links: the check before the work has to do.
            Err(_) if std::fs::symlink_metadata(path).is_err() => std::fs::rename(&tmp, path).map_err(|e| io(path, e)),
            Err(_) => Err(exists_refusal(path)),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}
