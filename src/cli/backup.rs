//! `kttt backup FILE`: a consistent copy of the database, written while others keep working.

use super::args::HelpVi;
use super::open_db;
use crate::error::Result;
use crate::i18n::Lang;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write a consistent copy of the database while others keep working
#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The copy to write (must not exist)
    #[arg(value_name = "FILE")]
    pub out: PathBuf,
}

/// `kttt backup`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Ghi một bản sao nhất quán của cơ sở dữ liệu trong khi người khác vẫn làm việc (cần quyền quản trị)",
    ),
    ("", "out", "Bản sao cần ghi (chưa được có)"),
];

/// Runs `kttt backup`.
pub fn run(cli: &super::Cli, args: &BackupArgs, files: &crate::files::Files, lang: Lang) -> Result<ExitCode> {
    let to = files.server_file(&args.out)?;
    // Ctrl+C stops the copy and removes what it had written.
    let stop = super::progress::stop_on_ctrl_c();
    let db = open_db(cli, lang, true)?;
    let bar = super::progress::Bar::bytes(lang);
    let copied = db.backup(&to, &|done, total| {
        bar.at(done, total);
        crate::work::pace();
        !super::progress::stopped(&stop)
    });
    bar.clear();
    copied?;
    outln!(
        "{} {}",
        lang.pick("Đã ghi bản sao lưu:", "Backup written:"),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
