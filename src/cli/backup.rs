//! `kttt backup FILE`: a consistent copy of the database, written while others keep working.

use super::args::BackupArgs;
use super::open_reading;
use crate::error::Result;
use crate::i18n::Lang;
use std::process::ExitCode;

/// Runs `kttt backup`.
pub fn run(cli: &super::Cli, args: &BackupArgs, lang: Lang) -> Result<ExitCode> {
    let s = open_reading(cli, lang)?;
    s.backup(&args.out)?;
    outln!(
        "{} {}",
        lang.pick("Đã ghi bản sao lưu:", "Backup written:"),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
