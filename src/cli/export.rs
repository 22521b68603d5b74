//! `kttt export`: the appendices as an Excel workbook in the published layout, or one CSV
//! per appendix — to files where the file policy allows, or to standard output (`--out -`,
//! the way an official on a shared server receives it: `ssh kttt@server kttt export --out -
//! > ke-hoach.xlsx`).

use super::args::HelpVi;
use super::{open_reading, use_year};
use crate::error::{Error, Result};
use crate::exchange::export::{Kind, What, render, write_parts};
use crate::files::{Files, Output};
use crate::i18n::Lang;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// What `kttt export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// An Excel workbook, one sheet per appendix
    Xlsx,
    /// One CSV file per appendix (UTF-8 with a byte-order mark for Excel)
    Csv,
}

/// Write the appendices as an Excel workbook in the published layout (or CSV files)
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The file to write (.xlsx; with --format csv, FILE-phu-luc-N.csv beside it), or - for standard output (ssh kttt@server kttt export --out - > plan.xlsx)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Only this appendix (phu-luc-1, 2 or 3) [default: all]
    #[arg(long, value_name = "APPENDIX")]
    pub appendix: Option<String>,
    /// Also a consolidation sheet per appendix: the units below as rows, with the roll-up
    #[arg(long)]
    pub by_unit: bool,
    /// A what-if scenario's figures instead of the official ones
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// xlsx or csv [default: by the file's extension, else xlsx]
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// CSV without the byte-order mark
    #[arg(long)]
    pub no_bom: bool,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

/// `kttt export`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Ghi các phụ lục ra sổ Excel đúng mẫu đã ban hành (hoặc các tệp CSV)",
    ),
    (
        "",
        "out",
        "Tệp cần ghi (.xlsx; với --format csv: TỆP-phu-luc-N.csv bên cạnh), hoặc - để ghi ra đầu ra chuẩn (ssh kttt@máy-chủ kttt export --out - > ke-hoach.xlsx)",
    ),
    (
        "",
        "appendix",
        "Chỉ phụ lục này (phu-luc-1, 2 hoặc 3) [mặc định: cả ba]",
    ),
    ("", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    (
        "",
        "by_unit",
        "Thêm một trang tổng hợp cho mỗi phụ lục: các đơn vị cấp dưới theo dòng, kèm dòng cộng",
    ),
    (
        "",
        "scenario",
        "Số liệu của một phương án giả định thay cho số chính thức",
    ),
    (
        "",
        "format",
        "xlsx hoặc csv [mặc định: theo đuôi tệp, nếu không thì xlsx]",
    ),
    ("", "no_bom", "CSV không có dấu BOM ở đầu"),
    ("", "force", "Ghi đè nếu tệp đã có"),
];

/// Runs `kttt export`.
pub fn run(cli: &super::Cli, args: &ExportArgs, files: &Files, lang: Lang) -> Result<ExitCode> {
    // Where it goes is settled before any work.
    let target = files.output(&args.out)?;
    // Ctrl+C stops it before any file is written (each file is written whole or not at all).
    let stop = super::progress::stop_on_ctrl_c();
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
            if let Some(code) = super::progress::said_stopped(&stop, lang) {
                return Ok(code);
            }
            if parts.len() != 1 {
                return Err(Error::said(
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
            let parts = render(&view, what)?;
            if let Some(code) = super::progress::said_stopped(&stop, lang) {
                return Ok(code);
            }
            for f in write_parts(parts, &path, args.force, files)? {
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
