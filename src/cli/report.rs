//! `kttt report --out FILE.docx|FILE.md|-`: the plan's assessment and appendices written to a
//! file, or to standard output. The text is made in `crate::report`; this file picks the plan,
//! refuses to replace a file without `--force`, and writes atomically (a temporary file
//! beside it, then a rename).

use super::args::HelpVi;
use super::{open_reading, use_year};
use crate::error::{Error, Result};
use crate::files::{Files, Output};
use crate::i18n::Lang;
use crate::report::Format;

use clap::{Args, ValueEnum};
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write the plan's assessment ("Phần thứ nhất") from the figures, as .docx or .md
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Plan year [default: the latest plan]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// The file to write: .docx (Word) or .md (Markdown), or - for standard output
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// docx or md [default: by the file's extension; docx for standard output]
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

/// The written plan's formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Word
    Docx,
    /// Markdown
    Md,
}

/// `kttt report`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Viết phần đánh giá của kế hoạch (“Phần thứ nhất”) từ số liệu, ra .docx hoặc .md",
    ),
    ("", "year", "Năm kế hoạch [mặc định: kế hoạch mới nhất]"),
    (
        "",
        "out",
        "Tệp cần ghi: .docx (Word) hoặc .md (Markdown), hoặc - để ghi ra đầu ra chuẩn",
    ),
    (
        "",
        "format",
        "docx hoặc md [mặc định: theo đuôi tệp; docx khi ghi ra đầu ra chuẩn]",
    ),
    ("", "force", "Ghi đè nếu tệp đã có"),
];

/// The format asked for: `--format`, else the file name's extension (a document for
/// standard output).
fn format_of(path: &Path, asked: Option<ReportFormat>, stdout: bool) -> Result<Format> {
    match asked {
        Some(ReportFormat::Docx) => return Ok(Format::Docx),
        Some(ReportFormat::Md) => return Ok(Format::Markdown),
        None if stdout => return Ok(Format::Docx),
        None => {}
    }
    let p = crate::domain::text::sanitize(&path.display().to_string());
    Format::of(path).ok_or_else(|| {
        Error::said(
            format!("Tên tệp {p} phải kết thúc bằng .docx (Word) hoặc .md (Markdown), hoặc chọn --format."),
            format!("The file name {p} must end in .docx (Word) or .md (Markdown), or give --format."),
        )
    })
}

/// Checks a file target before any work: its folder, and an existing file.
fn check_file(path: &Path, force: bool) -> Result<()> {
    let p = crate::domain::text::sanitize(&path.display().to_string());
    let dir = crate::files::write::folder(path);
    if !dir.is_dir() {
        let d = crate::domain::text::sanitize(&dir.display().to_string());
        return Err(Error::said(
            format!("Thư mục {d} không tồn tại. Hãy tạo thư mục trước, hoặc kiểm tra lại đường dẫn."),
            format!("The folder {d} does not exist. Create it first, or check the path."),
        ));
    }
    if path.is_dir() {
        return Err(Error::said(
            format!("{p} là một thư mục; hãy ghi tên tệp, ví dụ {p}/bao-cao.docx."),
            format!("{p} is a folder; give a file name, such as {p}/report.docx."),
        ));
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(crate::files::write::exists_refusal(path));
    }
    Ok(())
}

/// Runs `kttt report`.
pub fn run(cli: &super::Cli, args: &ReportArgs, files: &Files, lang: Lang) -> Result<ExitCode> {
    let target = files.output(&args.out)?;
    let format = format_of(&args.out, args.format, target == Output::Stdout)?;
    if let Output::File(path) = &target {
        check_file(path, args.force)?;
    }
    let mut s = open_reading(cli, lang)?;
    use_year(cli, &mut s, args.year)?;
    super::show::need_plan(&s)?;
    let data = crate::report::gather(&s.plan_view(crate::report::VIEW), s.rules());
    let bytes = match format {
        Format::Markdown => crate::report::markdown(&data).into_bytes(),
        Format::Docx => crate::report::docx(&data).map_err(|e| Error::Io {
            path: args.out.clone(),
            source: e,
        })?,
    };
    match target {
        Output::Stdout => super::out::bytes(&bytes, lang.pick("văn bản Word", "Word document"))?,
        Output::File(path) => {
            crate::files::write::write_new(&path, &bytes, args.force)?;
            outln!(
                "{} {} {}",
                lang.pick("Đã ghi báo cáo kế hoạch năm", "Wrote the report on the plan for"),
                s.year(),
                match lang {
                    Lang::Vi => format!("vào {}", path.display()),
                    Lang::En => format!("to {}", path.display()),
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
