//! `kttt export`: the appendices as an Excel workbook in the published layout, or one CSV
//! per appendix.

use super::args::{ExportArgs, ExportFormat};
use super::{open_reading, use_year};
use crate::error::Result;
use crate::exchange::export::{Kind, write};
use crate::i18n::Lang;
use std::process::ExitCode;

/// Runs `kttt export`.
pub fn run(cli: &super::Cli, args: &ExportArgs, lang: Lang) -> Result<ExitCode> {
    let mut s = open_reading(cli, lang)?;
    use_year(&mut s, args.year)?;
    super::show::need_plan(&s)?;
    if let Some(name) = &args.scenario {
        s.activate(Some(name))?;
    }
    let csv_ext = args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let format = args
        .format
        .unwrap_or(if csv_ext { ExportFormat::Csv } else { ExportFormat::Xlsx });
    let kind = match format {
        ExportFormat::Xlsx => Kind::Xlsx,
        ExportFormat::Csv => Kind::Csv { bom: !args.no_bom },
    };
    let files = write(&s, &args.out, kind, args.by_unit, args.force)?;
    for f in files {
        outln!(
            "{} {}",
            lang.pick("Đã ghi", "Written:"),
            std::fs::canonicalize(&f).unwrap_or(f).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
