//! `kttt init [--empty] [--force]`: creates the database; an existing one is only replaced
//! with --force, and then kept beside it as a backup.

use super::args::InitArgs;
use super::db_path;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::store::{Fill, Store};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn sidecars(path: &Path) -> [PathBuf; 3] {
    let s = path.as_os_str().to_os_string();
    let with = |suffix: &str| {
        let mut p = s.clone();
        p.push(suffix);
        PathBuf::from(p)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// Moves a database and its WAL files aside, returning the backup's path.
fn back_up(path: &Path) -> Result<PathBuf> {
    let stamp = jiff::ZonedDateTime::now().strftime("%Y%m%d-%H%M%S").to_string();
    let mut backup = path.as_os_str().to_os_string();
    backup.push(format!(".bak-{stamp}"));
    let backup = PathBuf::from(backup);
    for (from, to) in sidecars(path).iter().zip(sidecars(&backup).iter()) {
        if from.exists() {
            std::fs::rename(from, to).map_err(|e| Error::Io {
                path: from.clone(),
                source: e,
            })?;
        }
    }
    Ok(backup)
}

/// Runs `kttt init`.
pub fn run(cli: &super::Cli, args: &InitArgs, lang: Lang) -> Result<ExitCode> {
    let path = db_path(cli)?;
    let shown = crate::domain::text::sanitize(&path.display().to_string());
    let mut backup = None;
    if path.exists() {
        if !args.force {
            return Err(Error::refused(
                format!(
                    "Đã có cơ sở dữ liệu tại {shown}; không ghi đè. Dùng --force để tạo lại (tệp cũ được giữ làm bản sao lưu)."
                ),
                format!(
                    "A database already exists at {shown}; nothing was overwritten. Use --force to recreate it (the old file is kept as a backup)."
                ),
            ));
        }
        backup = Some(back_up(&path)?);
    }
    let fill = if args.empty { Fill::Empty } else { Fill::Seed };
    let store = Store::open(&path, fill)?;
    let n = store.load_dataset()?.len();
    match fill {
        Fill::Seed => outln!(
            "{} {shown} {} ({n} {}).",
            lang.pick("Đã tạo cơ sở dữ liệu", "Created the database"),
            lang.pick(
                "với kế hoạch 507/KH-UBND của tỉnh Bắc Kạn",
                "with plan 507/KH-UBND of Bắc Kạn province"
            ),
            lang.pick("số liệu", "figures")
        ),
        Fill::Empty => outln!(
            "{} {shown} ({}).",
            lang.pick("Đã tạo cơ sở dữ liệu trống", "Created an empty database"),
            lang.pick("chỉ có danh mục chỉ tiêu và đơn vị", "catalog and org units only")
        ),
    }
    if let Some(b) = backup {
        outln!(
            "{} {}",
            lang.pick("Tệp cũ được giữ tại", "The old file is kept at"),
            crate::domain::text::sanitize(&b.display().to_string())
        );
    }
    Ok(ExitCode::SUCCESS)
}
