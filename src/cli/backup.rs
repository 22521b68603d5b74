//! `kttt backup FILE`: a consistent copy of the database, written while others keep working.

use super::args::BackupArgs;
use super::open_db;
use crate::error::Result;
use crate::i18n::Lang;
use std::process::ExitCode;

/// Runs `kttt backup`.
pub fn run(cli: &super::Cli, args: &BackupArgs, files: &crate::files::Files, lang: Lang) -> Result<ExitCode> {
    let to = files.server_file(&args.out)?;
    let db = open_db(cli, lang, true)?;
    db.backup(&to)?;
    outln!(
        "{} {}",
        lang.pick("Đã ghi bản sao lưu:", "Backup written:"),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
