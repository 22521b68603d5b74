//! `kttt init [--empty] [--force]`: creates the database. An existing one is only replaced
//! with --force, only if it is a kttt database no session has open, and then kept beside the
//! new one as a backup.

use super::args::HelpVi;
use crate::error::Result;
use crate::i18n::Lang;
use crate::session::open::{OpenOptions, init};
use crate::store::Fill;
use clap::Args;
use std::process::ExitCode;

/// Create the database (with the 2019 Bắc Kạn plan, or empty)
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Create without figures (only the catalog and the org units)
    #[arg(long)]
    pub empty: bool,
    /// Replace an existing database; the old file is kept beside it as a backup
    #[arg(long)]
    pub force: bool,
}

/// `kttt init`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "Tạo cơ sở dữ liệu (với kế hoạch 2019 của Bắc Kạn, hoặc trống)"),
    ("", "empty", "Tạo trống (chỉ có danh mục chỉ tiêu và đơn vị)"),
    ("", "force", "Tạo lại khi đã có; tệp cũ được giữ lại làm bản sao lưu"),
];

/// Runs `kttt init`.
pub fn run(cli: &super::Cli, args: &InitArgs, lang: Lang) -> Result<ExitCode> {
    let fill = if args.empty { Fill::Empty } else { Fill::Seed };
    let o = OpenOptions {
        create: Some(fill),
        ..super::open_options(cli, lang)
    };
    let made = init(&o, args.force)?;
    let shown = made.path.display().to_string();
    let n = made.session.official().len();
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
            "{} {shown} ({}). {}",
            lang.pick("Đã tạo cơ sở dữ liệu trống", "Created an empty database"),
            lang.pick("chỉ có danh mục chỉ tiêu và đơn vị", "catalog and org units only"),
            lang.pick(
                "Lập kế hoạch đầu tiên: kttt plan start --from NĂM_TRƯỚC",
                "Start the first plan: kttt plan start --from YEAR_BEFORE"
            )
        ),
    }
    if let Some(b) = made.backup {
        outln!(
            "{} {}",
            lang.pick("Tệp cũ được giữ tại", "The old file is kept at"),
            b.display()
        );
    }
    if made.users_kept > 0 {
        outln!(
            "{} {}",
            made.users_kept,
            lang.pick(
                "người dùng và quyền của họ được chép sang cơ sở dữ liệu mới.",
                "users and their roles were carried into the new database."
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
