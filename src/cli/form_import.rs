//! `kttt form import`: a new form from a form file (TOML: the changes it makes to the form
//! before, and how its new rows take earlier figures), shown as a diff against the form in
//! force and, unless `--dry-run`, added — by an administrator of every top unit, audited with
//! why. Nothing changes until it is added; the figures stored are never rewritten.

use super::form::print_diff;
use crate::domain::form::{FormFile, Forms};
use crate::error::{Error, Result};
use crate::files::{Files, Input};
use crate::i18n::Lang;
use std::path::Path;
use std::process::ExitCode;

/// Runs `kttt form import FILE`.
pub(super) fn run(
    cli: &super::Cli,
    file: &Path,
    dry_run: bool,
    why: Option<&str>,
    files: &Files,
    lang: Lang,
) -> Result<ExitCode> {
    let text = match files.input(file)? {
        Input::Stdin => {
            let mut t = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut t).map_err(|e| {
                Error::refused(
                    format!("Không đọc được đầu vào chuẩn: {e}"),
                    format!("Cannot read standard input: {e}"),
                )
            })?;
            t
        }
        Input::File(p) => read_text(&p)?,
    };
    let refused = |e: crate::domain::catalog::CatalogError| {
        let m = crate::domain::text::sanitize(&e.0);
        Error::refused(
            format!("Biểu mẫu không dùng được: {m}"),
            format!("The form cannot be used: {m}"),
        )
    };
    let form = FormFile::parse(&text).map_err(refused)?;
    let mut db = super::open_db(cli, lang, dry_run)?;
    if db.forms().get(&form.form.id).is_some() {
        return Err(crate::store::StoreError::from(crate::store::Refusal::FormTaken {
            id: form.form.id.clone(),
        })
        .into());
    }
    // What it would be: the database's forms with this one after them.
    let mut texts: Vec<String> = Vec::new();
    let current = db.forms().clone();
    for f in current.all().iter().skip(Forms::builtin().all().len()) {
        texts.push(f.file_text().to_string());
    }
    texts.push(text.clone());
    let next = Forms::with_added(&texts).map_err(refused)?;
    let before = current.for_year(form.form.from_year.saturating_sub(1));
    let after = next.get(&form.form.id).expect("just built");
    print_diff(before, after, lang)?;
    if dry_run {
        outln!(
            "{}",
            lang.pick(
                "(Chạy thử: chưa thêm gì. Bỏ --dry-run để thêm biểu mẫu này.)",
                "(Dry run: nothing added. Leave out --dry-run to add this form.)"
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let why = why.map(str::trim).filter(|w| !w.is_empty()).ok_or_else(|| {
        Error::refused(
            "Ghi rõ lý do thêm biểu mẫu: --why \"…\" (ví dụ: số công văn của Bộ).",
            "Say why the form is added: --why \"…\" (e.g. the ministry's letter number).",
        )
    })?;
    let added = db.add_form(&text, why)?;
    outln!(
        "{} {} {} {}; {} {}.",
        lang.pick("Đã thêm biểu mẫu", "Added form"),
        added.id,
        lang.pick("áp dụng từ kế hoạch năm", "in force from the plan for"),
        added.from_year,
        added.new_indicators,
        lang.pick("chỉ tiêu mới", "new indicators"),
    );
    Ok(ExitCode::SUCCESS)
}

/// A form file's text (at most 4 MB: a form is a few hundred rows).
fn read_text(p: &Path) -> Result<String> {
    let shown = crate::domain::text::sanitize(&p.display().to_string());
    let meta = std::fs::metadata(p).map_err(|e| {
        Error::refused(
            format!("Không mở được {shown}: {e}"),
            format!("Cannot open {shown}: {e}"),
        )
    })?;
    if meta.len() > 4 << 20 {
        return Err(Error::refused(
            format!("{shown} quá lớn cho một biểu mẫu ({} byte).", meta.len()),
            format!("{shown} is too large for a form ({} bytes).", meta.len()),
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| {
        Error::refused(
            format!("Không đọc được {shown}: {e}"),
            format!("Cannot read {shown}: {e}"),
        )
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Error::refused(
            format!("{shown} không phải văn bản UTF-8 (một tệp biểu mẫu TOML)."),
            format!("{shown} is not UTF-8 text (a TOML form file)."),
        )
    })
}
