//! `kttt report --out FILE.docx|FILE.md`: the plan's assessment and appendices written to a
//! file. The text is made in `crate::report`; this file picks the plan, refuses to replace a
//! file without `--force`, and writes atomically (a temporary file beside it, then a rename).

use super::{open_reading, use_year};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::report::Format;

use std::path::Path;
use std::process::ExitCode;

/// Checks the file name before any work: its format, its folder, and an existing file.
fn check_target(path: &Path, force: bool) -> Result<Format> {
    let p = path.display();
    let format = Format::of(path).ok_or_else(|| {
        Error::refused(
            format!("Tên tệp {p} phải kết thúc bằng .docx (Word) hoặc .md (Markdown)."),
            format!("The file name {p} must end in .docx (Word) or .md (Markdown)."),
        )
    })?;
    let dir = crate::outfile::folder(path);
    if !dir.is_dir() {
        return Err(Error::refused(
            format!(
                "Thư mục {} không tồn tại. Hãy tạo thư mục trước, hoặc kiểm tra lại đường dẫn.",
                dir.display()
            ),
            format!(
                "The folder {} does not exist. Create it first, or check the path.",
                dir.display()
            ),
        ));
    }
    if path.is_dir() {
        return Err(Error::refused(
            format!("{p} là một thư mục; hãy ghi tên tệp, ví dụ {p}/bao-cao.docx."),
            format!("{p} is a folder; give a file name, such as {p}/report.docx."),
        ));
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(crate::outfile::exists_refusal(path));
    }
    Ok(format)
}

/// Runs `kttt report`.
pub fn run(cli: &super::Cli, args: &super::args::ReportArgs, lang: Lang) -> Result<ExitCode> {
    let format = check_target(&args.out, args.force)?;
    let mut s = open_reading(cli, lang)?;
    use_year(&mut s, args.year)?;
    super::show::need_plan(&s)?;
    let data = crate::report::gather(&mut s)?;
    let bytes = match format {
        Format::Markdown => crate::report::markdown(&data).into_bytes(),
        Format::Docx => crate::report::docx(&data).map_err(|e| Error::Io {
            path: args.out.clone(),
            source: e,
        })?,
    };
    crate::outfile::write_new(&args.out, &bytes, args.force)?;
    outln!(
        "{} {} {}",
        lang.pick("Đã ghi báo cáo kế hoạch năm", "Wrote the report on the plan for"),
        s.year(),
        match lang {
            Lang::Vi => format!("vào {}", args.out.display()),
            Lang::En => format!("to {}", args.out.display()),
        }
    );
    Ok(ExitCode::SUCCESS)
}
