//! `kttt note CODE PERIOD [TEXT]`: the comment on a figure, read, written or cleared.

use super::args::HelpVi;
use super::open_reading;
use crate::error::Result;
use crate::i18n::Lang;
use clap::Args;
use std::process::ExitCode;

/// Read, write or clear the comment on a figure
#[derive(Args, Debug)]
pub struct NoteArgs {
    /// Indicator code, e.g. htx.total
    #[arg(value_name = "CODE")]
    pub code: String,
    /// Period: TH2018, KH2020, UTH2019…
    #[arg(value_name = "PERIOD")]
    pub period: String,
    /// The comment (without it, the comment is printed)
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    /// Remove the comment
    #[arg(long, conflicts_with = "text")]
    pub clear: bool,
    /// Funding source (total, ntm, other) [default: total]
    #[arg(long, value_name = "SOURCE")]
    pub funding: Option<String>,
}

/// `kttt note`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "Đọc, ghi hoặc xoá ghi chú của một số liệu"),
    ("", "code", "Mã chỉ tiêu, ví dụ htx.total"),
    ("", "period", "Kỳ: TH2018, KH2020, UTH2019…"),
    ("", "text", "Nội dung ghi chú (bỏ trống: in ghi chú hiện có)"),
    ("", "clear", "Xoá ghi chú"),
    ("", "funding", "Nguồn vốn (total, ntm, other) [mặc định: total]"),
];

/// Runs `kttt note`.
pub fn run(cli: &super::Cli, args: &NoteArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = if args.text.is_some() || args.clear {
        super::open_session(cli, lang)?
    } else {
        open_reading(cli, lang)?
    };
    let id = super::resolve::indicator(&s, &args.code)?;
    let funding = super::resolve::funding(&s, args.funding.as_deref())?;
    let period = super::resolve::period(&args.period)?;
    s.focus(period)?;
    let key = crate::domain::values::CellKey::new(id, s.org(), period, funding);
    if args.clear || args.text.is_some() {
        s.set_note(&key, args.text.as_deref())?;
        outln!(
            "{} {}: {}",
            if args.clear {
                lang.pick("Đã xoá ghi chú", "Comment cleared")
            } else {
                lang.pick("Đã ghi chú", "Comment saved")
            },
            s.label(&key),
            args.text.as_deref().unwrap_or("")
        );
        return Ok(ExitCode::SUCCESS);
    }
    match s.note(&key) {
        Some(n) => outln!("{}: {n}", s.label(&key)),
        None => outln!("{}: {}", s.label(&key), lang.pick("(chưa có ghi chú)", "(no comment)")),
    }
    Ok(ExitCode::SUCCESS)
}
