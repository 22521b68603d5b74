//! `kttt note CODE PERIOD [TEXT]`: the comment on a figure, read, written or cleared.

use super::open_reading;
use crate::error::Result;
use crate::i18n::Lang;
use std::process::ExitCode;

/// Runs `kttt note`.
pub fn run(cli: &super::Cli, args: &super::args::NoteArgs, lang: Lang) -> Result<ExitCode> {
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
