//! `kttt export`: the appendices as an Excel workbook in the published layout, or one CSV
//! per appendix — to files where the file policy allows, or to standard output (`--out -`,
//! the way an official on a shared server receives it: `ssh kttt@server kttt export --out -
//! > ke-hoach.xlsx`).

use super::args::{ExportArgs, ExportFormat};
use super::{open_reading, use_year};
use crate::error::{Error, Result};
use crate::exchange::export::{Kind, What, render, write};
use crate::files::{Files, Output};
use crate::i18n::Lang;
use std::process::ExitCode;

/// Runs `kttt export`.
pub fn run(cli: &super::Cli, args: &ExportArgs, files: &Files, lang: Lang) -> Result<ExitCode> {
    // Where it goes is settled before any work.
    let target = files.output(&args.out)?;
    let mut s = open_reading(cli, lang)?;
    use_year(cli, &mut s, args.year)?;
    super::show::need_plan(&s)?;
    if let Some(name) = &args.scenario {
        s.activate(Some(name))?;
    }
    let only = match &args.appendix {
        Some(a) => super::show::appendices(s.catalog(), Some(a))?.first().copied(),
        None => None,
    };
    let csv_ext = args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let format = args
        .format
        .unwrap_or(if csv_ext { ExportFormat::Csv } else { ExportFormat::Xlsx });
    let kind = match format {
        ExportFormat::Xlsx => Kind::Xlsx,
        ExportFormat::Csv => Kind::Csv { bom: !args.no_bom },
    };
    let what = What {
        kind,
        by_unit: args.by_unit,
        only,
    };
    let view = s.plan_view(what.view());
    match target {
        Output::Stdout => {
            let parts = render(&view, what)?;
            if parts.len() != 1 {
                return Err(Error::refused(
                    format!(
                        "CSV ra đầu ra chuẩn chỉ chứa được một trang; có {} trang. Chọn một phụ lục (--appendix phu-luc-1) và bỏ --by-unit, hoặc xuất sổ Excel (--format xlsx).",
                        parts.len()
                    ),
                    format!(
                        "CSV on standard output holds one sheet; this is {}. Choose one appendix (--appendix phu-luc-1) without --by-unit, or export a workbook (--format xlsx).",
                        parts.len()
                    ),
                ));
            }
            let what = match kind {
                Kind::Xlsx => lang.pick("sổ Excel", "workbook"),
                Kind::Csv { .. } => "CSV",
            };
            super::out::bytes(&parts[0].bytes, what)?;
        }
        Output::File(path) => {
            for f in write(&view, &path, what, args.force, files)? {
                outln!(
                    "{} {}",
                    lang.pick("Đã ghi", "Written:"),
                    std::fs::canonicalize(&f).unwrap_or(f).display()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
