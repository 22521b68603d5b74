//! The words of an import: what stops it and what is doubtful, each placed as a spreadsheet
//! shows it (`Phụ lục 1!E9: …`), and the name of the scenario it stages.

use super::errors::{Shell, key};
use crate::domain::number::format_cell;
use crate::domain::text::sanitize;
use crate::i18n::Lang;
use crate::keys::Action;
use crate::session::{Found, Why};
use rust_decimal::Decimal;

/// How many problems of a refused import are listed one by one.
pub const PROBLEMS_LISTED: usize = 50;

/// The problems of a refused import as lines: the first [`PROBLEMS_LISTED`], then one line
/// that counts the rest (`… và 199.950 dòng khác`), so that a file of 200.000 bad rows
/// prints 51 lines, not 200.001.
pub fn problem_lines(found: &[Found], lang: Lang, shell: Shell) -> Vec<String> {
    let mut lines: Vec<String> = found
        .iter()
        .take(PROBLEMS_LISTED)
        .map(|f| problem_line(f, lang, shell))
        .collect();
    let rest = found.len().saturating_sub(PROBLEMS_LISTED);
    if rest > 0 {
        lines.push(format!(
            "… {} {} {}",
            lang.pick("và", "and"),
            super::number(rest, lang),
            lang.pick("dòng khác", "more lines")
        ));
    }
    lines
}

/// One problem of an import, placed: `Phụ lục 1!E9: …`, `Phụ lục 1 dòng 9: …`.
pub fn problem_line(f: &Found, lang: Lang, shell: Shell) -> String {
    let at = match (f.row, f.col.is_empty()) {
        (0, _) => String::new(),
        (r, true) => format!(" {} {r}", lang.pick("dòng", "row")),
        (r, false) => format!("!{}{r}", f.col),
    };
    format!("{}{at}: {}", f.sheet, why(&f.why, lang, shell))
}

/// Why a figure of the file stops the import or is doubtful, in words.
fn why(w: &Why, lang: Lang, shell: Shell) -> String {
    let cli = shell == Shell::Cli;
    match w {
        Why::File(t) => t.get(lang).to_string(),
        Why::OtherYear { file, chosen } => say!(
            lang,
            format!("tệp là kế hoạch năm {file}, không phải năm {chosen} đang chọn."),
            format!("the file is the plan for {file}, not the {chosen} plan chosen.")
        ),
        Why::OtherIssuer { issuer, unit } => {
            let o = key(Action::OpenOrgPicker);
            let how = match (cli, lang) {
                (true, Lang::Vi) => format!("--unit (trong ứng dụng: {o})"),
                (true, Lang::En) => format!("--unit (in the app: {o})"),
                (false, _) => o,
            };
            say!(
                lang,
                format!(
                    "tệp ghi “{issuer}” nhưng đang nhập cho {}; chọn đúng đơn vị bằng {how}.",
                    unit.vi
                ),
                format!(
                    "the file says “{issuer}” but is being imported for {}; choose the right unit with {how}.",
                    unit.get(lang)
                )
            )
        }
        Why::NotBelow { code, unit, year } => {
            let code = sanitize(code);
            say!(
                lang,
                format!(
                    "đơn vị mã “{code}” không phải đơn vị cấp dưới của {} vào cuối năm {year}.",
                    unit.vi
                ),
                format!(
                    "the unit coded “{code}” is not under {} at the end of {year}.",
                    unit.get(lang)
                )
            )
        }
        Why::Cell(r) => crate::domain::text::sanitize_lines(&super::refused::refused(r, lang, shell)),
        Why::OwnRow { unit, file, held } => disagrees(
            lang,
            *file,
            *held,
            (
                &format!("dòng “Số nhập của {}” ghi", unit.vi),
                &format!("the row “Entered for {}” says", unit.get(lang)),
            ),
            ("số đang có là", "the figure held is"),
            (
                "số của chính đơn vị được sửa ở trang phụ lục, không ở trang theo đơn vị.",
                "the unit's own figures are changed on the appendix sheet, not on the sheet by unit.",
            ),
        ),
        Why::TotalRow { file, rolled } => disagrees(
            lang,
            *file,
            *rolled,
            ("dòng Cộng ghi", "the Total row says"),
            ("các đơn vị trong tệp cộng lại", "the units in the file add up to"),
            (
                "sửa số của từng đơn vị, không sửa dòng Cộng (nếu đã sửa, mở tệp bằng Excel hoặc LibreOffice để tính lại rồi lưu).",
                "change the units' figures, not the Total row (if you did, open the file in Excel or LibreOffice to recalculate, then save).",
            ),
        ),
        Why::Jump { row, unit, assessment } => {
            // The command line refuses until asked again; the app asks right away.
            let advice = match cli {
                true => lang.pick(
                    "kiểm tra lại đơn vị tính và dấu phân cách; nếu đúng, nhập lại với --force.",
                    "check the unit and the separators; if it is right, import again with --force.",
                ),
                false => lang.pick(
                    "kiểm tra lại đơn vị tính và dấu phân cách; nếu đúng, vẫn nhập được khi được hỏi.",
                    "check the unit and the separators; if it is right, import it as read when asked.",
                ),
            };
            format!(
                "{}: {} — {advice}",
                row.get(lang),
                assessment.concern("", unit.get(lang), lang).unwrap_or_default()
            )
        }
    }
}

/// `<the row> <figure>; <what is held> <figure> — <what to do>`.
fn disagrees(
    lang: Lang,
    file: Option<Decimal>,
    held: Option<Decimal>,
    row: (&str, &str),
    what: (&str, &str),
    advice: (&str, &str),
) -> String {
    let f = |d: Option<Decimal>| format_cell(d.as_ref(), lang);
    format!(
        "{} {}; {} {} — {}",
        lang.pick(row.0, row.1),
        f(file),
        lang.pick(what.0, what.1),
        f(held),
        lang.pick(advice.0, advice.1)
    )
}

/// The first word of the name of a scenario an import stages (`Nhập ke-hoach.xlsx`).
pub fn import_prefix(lang: Lang) -> &'static str {
    lang.pick("Nhập", "Import")
}
