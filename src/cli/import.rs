//! `kttt import FILE`: a workbook or CSV in the appendix layout, read, checked and staged as
//! a what-if scenario (nothing becomes official until `kttt scenario apply`). Every problem
//! is reported by sheet, row and column and stops the import before anything is written.

use super::args::HelpVi;
use super::progress::{Bar, stopped};
use super::{open_session, use_year};
use crate::domain::compare::compare;
use crate::domain::rules::tally;
use crate::domain::values::Layered;
use crate::error::{Error, Result};
use crate::files::{Files, Input};
use crate::i18n::Lang;
use clap::Args;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Read a workbook or CSV in the appendix layout into a what-if scenario, to review and apply
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The workbook (.xlsx) or CSV file in the appendix layout, or - for standard input (ssh kttt@server kttt import - < figures.xlsx)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check and show what would change, without creating the scenario
    #[arg(long)]
    pub dry_run: bool,
    /// The scenario's name [default: Nhập FILE]
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Plan year the file is for [default: read from its headers]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
    /// Stage doubtful figures (a tenfold change) as read instead of stopping
    #[arg(long)]
    pub force: bool,
}

/// `kttt import`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Đọc sổ Excel hoặc CSV theo mẫu phụ lục vào một phương án giả định để xem lại rồi áp dụng",
    ),
    (
        "",
        "file",
        "Sổ Excel (.xlsx) hoặc tệp CSV theo mẫu phụ lục, hoặc - để đọc từ đầu vào chuẩn (ssh kttt@máy-chủ kttt import - < so-lieu.xlsx)",
    ),
    (
        "",
        "dry_run",
        "Chỉ kiểm tra và cho biết sẽ thay đổi gì, không tạo phương án",
    ),
    ("", "scenario", "Tên phương án [mặc định: Nhập TỆP]"),
    ("", "year", "Năm kế hoạch của tệp [mặc định: đọc từ tiêu đề cột]"),
    (
        "",
        "force",
        "Vẫn đưa vào các số đáng ngờ (thay đổi gấp mười lần) như đã đọc, thay vì dừng",
    ),
];

/// The most a file sent on standard input may hold (an appendix workbook is ~20 KB).
const STDIN_MAX: u64 = 20 * 1024 * 1024;

/// A file received on standard input, kept in a private temporary folder while it is read
/// (the readers know files by their extension); removed when dropped.
struct Received {
    dir: PathBuf,
    file: PathBuf,
}

impl Drop for Received {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The extension a file's first bytes call for: a workbook (zip: .xlsx or .ods), an old
/// Excel file (.xls), else CSV text.
fn sniff(bytes: &[u8]) -> &'static str {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(b"PK\x03\x04") {
        if has(b"application/vnd.oasis.opendocument.spreadsheet") {
            "ods"
        } else {
            "xlsx"
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        "xls"
    } else {
        "csv"
    }
}

/// Reads standard input whole (within [`STDIN_MAX`]) into a private temporary file.
fn receive() -> Result<Received> {
    let io = |e: std::io::Error| Error::Io {
        path: "stdin".into(),
        source: e,
    };
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(Error::said(
            "“-” đọc tệp từ đầu vào chuẩn; hãy gửi tệp vào: kttt import - < so-lieu.xlsx (qua SSH: ssh kttt@máy-chủ kttt import - < so-lieu.xlsx).",
            "“-” reads the file from standard input; send it in: kttt import - < figures.xlsx (over SSH: ssh kttt@server kttt import - < figures.xlsx).",
        ));
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(STDIN_MAX + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > STDIN_MAX {
        return Err(Error::said(
            format!(
                "Tệp gửi vào lớn quá {} MB; một phụ lục chỉ vài chục KB. Chưa ghi gì.",
                STDIN_MAX >> 20
            ),
            format!(
                "The file sent is larger than {} MB; an appendix is a few dozen KB. Nothing was written.",
                STDIN_MAX >> 20
            ),
        ));
    }
    if bytes.is_empty() {
        return Err(Error::said(
            "Không nhận được gì từ đầu vào chuẩn (ví dụ: ssh kttt@máy-chủ kttt import - < so-lieu.xlsx).",
            "Nothing arrived on standard input (e.g. ssh kttt@server kttt import - < figures.xlsx).",
        ));
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("kttt-import-{}-{nanos}", std::process::id()));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).map_err(|e| Error::Io {
        path: dir.clone(),
        source: e,
    })?;
    let received = Received {
        file: dir.join(format!("stdin.{}", sniff(&bytes))),
        dir,
    };
    std::fs::write(&received.file, &bytes).map_err(|e| Error::Io {
        path: received.file.clone(),
        source: e,
    })?;
    Ok(received)
}

/// Runs `kttt import`.
pub fn run(cli: &super::Cli, args: &ImportArgs, files: &Files, lang: Lang) -> Result<ExitCode> {
    let (file, received) = match files.input(&args.file)? {
        Input::Stdin => {
            let r = receive()?;
            (r.file.clone(), Some(r))
        }
        Input::File(p) => (p, None),
    };
    // Ctrl+C stops the reading; the file is then staged in one transaction, or not at all.
    let stop = super::progress::stop_on_ctrl_c();
    let mut s = open_session(cli, lang)?;
    let bar = Bar::new(0, lang.pick("bước", "steps"), lang);
    let parsed = crate::exchange::load_watched(s.catalog(), &file, &mut |done, total| {
        bar.at(done, total);
        crate::work::pace();
        !stopped(&stop)
    });
    bar.clear();
    let parsed = parsed?;
    use_year(cli, &mut s, args.year.or(parsed.year))?;
    let mut plan = s.plan_import(&parsed, args.force);
    // Doubtful figures stop the command line unless --force takes them as read.
    let doubts = std::mem::take(&mut plan.doubts);
    plan.problems.extend(doubts);
    let shown = crate::domain::text::sanitize(&args.file.display().to_string());
    let shown = if received.is_some() {
        lang.pick("(đầu vào chuẩn)", "(standard input)").to_string()
    } else {
        shown
    };
    if !plan.problems.is_empty() {
        for line in crate::present::problem_lines(&plan.problems, lang, crate::present::Shell::Cli) {
            eprintln!("{}", crate::domain::text::sanitize(&line));
        }
        let n = plan.problems.len();
        return Err(Error::said(
            format!(
                "Không nhập {shown}: {} vấn đề ở trên (trang!ô: lý do). Chưa ghi gì; sửa tệp rồi nhập lại.",
                crate::present::number(n, Lang::Vi)
            ),
            format!(
                "{shown} was not imported: {} problem(s) above (sheet!cell: why). Nothing was written; correct the file and import again.",
                crate::present::number(n, Lang::En)
            ),
        ));
    }
    let cat = s.catalog().clone();
    let mut names: Vec<String> = parsed
        .appendices
        .iter()
        .map(|a| cat.appendices[*a].name(lang))
        .collect();
    names.extend(parsed.by_unit.iter().map(|a| {
        format!(
            "{} {}",
            cat.appendices[*a].name(lang),
            lang.pick("theo đơn vị", "by unit")
        )
    }));
    outln!(
        "{shown}: {} — {} · {} {} · {} {}, {} {}, {} {}.",
        names.join(", "),
        s.unit().name(lang),
        lang.pick("kế hoạch năm", "plan for"),
        s.year(),
        plan.cells.len() + plan.unchanged,
        lang.pick("số liệu", "figures"),
        plan.unchanged,
        lang.pick("như hiện có", "as stored"),
        plan.cells.len(),
        lang.pick("khác", "different"),
    );
    if let Some(c) = parsed.convention {
        outln!("{} {}.", lang.pick("Đọc", "Read as"), c.describe(lang));
    }
    if plan.cells.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "Tệp không khác số liệu hiện có; không tạo phương án nào.",
                "The file does not differ from the stored figures; no scenario was made."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let diffs = compare(&cat, s.official(), &plan.overlay, s.frame());
    super::scenario::print_diffs(&s, &diffs, lang)?;
    let before = tally(&s.findings(&s.values().official_view()));
    let staged = Layered {
        overlay: Some(&plan.overlay),
        ..s.values().official_view()
    };
    let after = tally(&s.findings(&staged));
    outln!(
        "{}: {} → {}",
        lang.pick("Kiểm tra", "Checks"),
        crate::present::tally_text(before.0, before.1, before.2, lang),
        crate::present::tally_text(after.0, after.1, after.2, lang)
    );
    if plan.cells.iter().any(|(k, _, _)| s.lock(k).is_some()) {
        outln!(
            "{}",
            lang.pick(
                "Lưu ý: kế hoạch của đơn vị đã được duyệt; áp dụng sẽ bị từ chối cho đến khi cấp trên mở lại.",
                "Note: the unit's plan is approved; applying will be refused until the level above reopens it."
            )
        );
    }
    if args.dry_run {
        outln!(
            "{}",
            lang.pick(
                "Chạy thử (--dry-run): chưa ghi gì. Bỏ --dry-run để đưa các số này vào một phương án giả định.",
                "Dry run: nothing was written. Leave out --dry-run to stage these figures as a what-if scenario."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let name = match &args.scenario {
        Some(n) => n.clone(),
        None if received.is_some() => s.import_name(Path::new(&stdin_stem(lang)))?,
        None => s.import_name(&args.file)?,
    };
    let cells: Vec<_> = plan.cells.iter().map(|(k, v, _)| (*k, *v)).collect();
    // Stopped meanwhile: nothing staged. Once the transaction has begun it ends whole (a
    // second Ctrl+C ends the process, and the database rolls it back).
    if stopped(&stop) {
        return Err(crate::error::Error::stopped());
    }
    let info = s.import_as_scenario(&name, &cells)?;
    let q = shell_words::quote(&info.name);
    outln!(
        "{} “{}” ({} {}). {}: kttt scenario apply {q} · {}: kttt scenario discard {q}",
        lang.pick("Đã đưa vào phương án", "Staged as scenario"),
        info.name,
        cells.len(),
        lang.pick(
            "thay đổi; số chính thức chưa đổi",
            "changes; the official figures are unchanged"
        ),
        lang.pick("Áp dụng", "Apply"),
        lang.pick("bỏ", "discard"),
    );
    Ok(ExitCode::SUCCESS)
}

/// The stem a scenario staged from standard input is named after: the day and time it came.
fn stdin_stem(lang: Lang) -> String {
    let now = jiff::ZonedDateTime::now();
    format!("{} {}", lang.pick("gửi lên", "sent"), now.strftime("%d-%m %H%M"))
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn a_file_on_standard_input_is_known_by_its_first_bytes() {
        assert_eq!(sniff(b"PK\x03\x04....[Content_Types].xml xl/workbook.xml"), "xlsx");
        assert_eq!(
            sniff(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            "ods"
        );
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), "xls");
        assert_eq!(sniff("\u{feff}UBND TỈNH;;\r\n".as_bytes()), "csv");
    }
}
