//! `kttt export`: the appendices as an Excel workbook in the published layout, or one CSV
//! per appendix — to files where the file policy allows, or to standard output (`--out -`,
//! the way an official on a shared server receives it: `ssh kttt@server kttt export --out -
//! > ke-hoach.xlsx`).

use super::args::HelpVi;
use super::progress::{Bar, stopped, stopped_exit};
use super::{open_reading, use_year};
use crate::error::{Error, Result};
use crate::exchange::export::{Kind, What, render_watched, write_parts};
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
    /// Scenarios side by side in one sheet (a scenario summary), e.g. A,B,C
    #[arg(long, value_name = "A,B,C", value_delimiter = ',', conflicts_with_all = ["scenario", "by_unit", "appendix"])]
    pub scenarios: Vec<String>,
    /// With --scenarios: these indicators (codes, comma-separated), changed or not [default: the cells the scenarios change]
    #[arg(long, value_name = "CODES", value_delimiter = ',', requires = "scenarios")]
    pub rows: Vec<String>,
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
    (
        "",
        "scenarios",
        "Các phương án cạnh nhau trong một trang (bảng tóm tắt phương án), ví dụ A,B,C",
    ),
    (
        "",
        "rows",
        "Với --scenarios: các chỉ tiêu này (mã, cách nhau bằng dấu phẩy), dù phương án có thay đổi hay không [mặc định: các ô phương án thay đổi]",
    ),
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
    if !args.scenarios.is_empty() {
        return summary(&mut s, args, target, files, lang);
    }
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
    if let Some(code) = super::progress::said_stopped(&stop, lang) {
        return Ok(code);
    }
    // A bar counting the cells written, when standard error is a terminal.
    let bar = Bar::new(0, lang.pick("ô", "cells"), lang);
    let parts = render_watched(&view, what, &mut |done, total| {
        bar.at(done, total);
        crate::work::pace();
        !stopped(&stop)
    });
    bar.clear();
    let parts = match parts {
        Err(e) if e.is_stopped() => return Ok(stopped_exit(lang)),
        other => other?,
    };
    match target {
        Output::Stdout => {
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
            // Ctrl+C while the bar was cleared: still nothing on disk.
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

/// `--scenarios A,B,C`: the scenario summary sheet, a workbook only.
fn summary(
    s: &mut crate::session::Session,
    args: &ExportArgs,
    target: Output,
    files: &Files,
    lang: Lang,
) -> Result<ExitCode> {
    if args.format == Some(ExportFormat::Csv) {
        return Err(Error::said(
            "Bảng tóm tắt phương án chỉ ghi ra sổ Excel (--format xlsx): các tỷ lệ là công thức.",
            "The scenario summary is a workbook only (--format xlsx): its percentages are formulas.",
        ));
    }
    let (side, cols) = super::scenario::compare::summary(s, &args.scenarios, &args.rows)?;
    let (figures, results) =
        crate::present::planning::side_labels(s.catalog(), s.orgs(), s.org(), s.frame(), &side, lang);
    let official = crate::domain::rules::tally(&s.findings(&s.values_official()));
    let words = crate::exchange::scenarios::Words {
        title: format!(
            "{} — {} · {} {}",
            lang.pick("Tóm tắt phương án", "Scenario summary"),
            s.unit().name(lang),
            lang.pick("kế hoạch năm", "plan for"),
            s.year()
        ),
        head: lang.pick("Chỉ tiêu", "Indicator").to_string(),
        columns: std::iter::once(lang.pick("Chính thức", "Official").to_string())
            .chain(cols.iter().map(|c| c.info.name.clone()))
            .collect(),
        figures,
        results,
        checks: (
            lang.pick("Kiểm tra (lỗi/cảnh báo/lưu ý)", "Checks (errors/warnings/notes)")
                .to_string(),
            std::iter::once(official)
                .chain(cols.iter().map(|c| c.tally))
                .map(|(e, w, n)| format!("{e}/{w}/{n}"))
                .collect(),
        ),
        note: lang
            .pick(
                "* ô được ít nhất một phương án thay đổi (in đậm). Các tỷ lệ là công thức trên các ô ở trên.",
                "* a cell at least one scenario changes (bold). The percentages are formulas over the cells above.",
            )
            .to_string(),
    };
    let grid =
        crate::exchange::scenarios::summary_sheet(&side, &words, lang.pick("Tóm tắt phương án", "Scenario summary"));
    let bytes = crate::exchange::xlsx::workbook(&[grid], lang).map_err(|e| {
        Error::from(crate::error::Refused::NotBuilt {
            what: crate::error::Built::Workbook,
            error: e.to_string(),
        })
    })?;
    match target {
        Output::Stdout => super::out::bytes(&bytes, lang.pick("sổ Excel", "workbook"))?,
        Output::File(path) => {
            files.check(&path)?;
            if !args.force && std::fs::symlink_metadata(&path).is_ok() {
                return Err(crate::files::write::exists_refusal(&path));
            }
            crate::files::write::write_new(&path, &bytes, args.force)?;
            outln!(
                "{} {}",
                lang.pick("Đã ghi", "Written:"),
                std::fs::canonicalize(&path).unwrap_or(path).display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
