//! `kttt form import`: a new form from the ministry's workbook (its appendices read and each
//! row matched to the form in force: by code, by label, by a close label — doubtful, listed
//! for `--accept` — else new) or from a form file (TOML: the changes it makes to the form
//! before, and how its new rows take earlier figures); shown as a diff against the form in
//! force and, unless `--dry-run`, added — by an administrator of every top unit, audited with
//! why. Nothing changes until it is added; the figures stored are never rewritten.

use super::form::{ImportArgs, print_diff};
use crate::domain::form::{Form, FormFile, Forms, Kind, Source};
use crate::error::{Error, Result};
use crate::files::{Files, Input};
use crate::i18n::Lang;
use std::path::Path;
use std::process::ExitCode;

/// Whether a file is a workbook (else a form file).
fn is_workbook(p: &Path) -> bool {
    p.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| ["xlsx", "xlsm", "ods", "xls"].contains(&x.to_ascii_lowercase().as_str()))
}

/// Runs `kttt form import FILE`.
pub(super) fn run(cli: &super::Cli, args: &ImportArgs, files: &Files, lang: Lang) -> Result<ExitCode> {
    let (dry_run, why) = (args.dry_run, args.why.as_deref());
    let input = files.input(&args.file)?;
    if let Input::File(p) = &input
        && is_workbook(p)
    {
        let mut db = super::open_db(cli, lang, true)?;
        let text = from_workbook(p, args, &mut db, lang)?;
        drop(db);
        return add(cli, text, dry_run, why, lang);
    }
    let text = match input {
        Input::Stdin => {
            let mut t = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut t).map_err(|e| {
                Error::said(
                    format!("Không đọc được đầu vào chuẩn: {e}"),
                    format!("Cannot read standard input: {e}"),
                )
            })?;
            t
        }
        Input::File(p) => read_text(&p)?,
    };
    add(cli, text, dry_run, why, lang)
}

/// Shows a form file's form against the form in force and, unless a dry run, adds it.
fn add(cli: &super::Cli, text: String, dry_run: bool, why: Option<&str>, lang: Lang) -> Result<ExitCode> {
    let refused = |e: crate::domain::catalog::CatalogError| {
        let m = crate::domain::text::sanitize(&e.0);
        Error::said(
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
    for f in current
        .all()
        .iter()
        .skip(Forms::builtin().all().len())
        .chain(current.layers())
    {
        texts.push(f.file_text().to_string());
    }
    texts.push(text.clone());
    let next = Forms::with_added(&texts).map_err(refused)?;
    // Shown against the form it is based on (the form in force when it is added).
    let before = form
        .form
        .based_on
        .as_deref()
        .and_then(|b| current.get(b))
        .unwrap_or_else(|| current.for_year(form.form.from_year.saturating_sub(1)));
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
        Error::said(
            "Ghi rõ lý do thêm biểu mẫu: --why \"…\" (ví dụ: số công văn của Bộ).",
            "Say why the form is added: --why \"…\" (e.g. the ministry's letter number).",
        )
    })?;
    let added = db.add_form(&text, why)?;
    let whom = match &form.form.office {
        Some(o) => {
            let o = crate::domain::text::sanitize(o);
            lang.pick(
                &format!(" cho {o} và các đơn vị cấp dưới"),
                &format!(" for {o} and the units under it"),
            )
            .to_string()
        }
        None => String::new(),
    };
    outln!(
        "{} {}{whom} {} {}; {} {}.",
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
        Error::said(
            format!("Không mở được {shown}: {e}"),
            format!("Cannot open {shown}: {e}"),
        )
    })?;
    if meta.len() > 4 << 20 {
        return Err(Error::said(
            format!("{shown} quá lớn cho một biểu mẫu ({} byte).", meta.len()),
            format!("{shown} is too large for a form ({} bytes).", meta.len()),
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| {
        Error::said(
            format!("Không đọc được {shown}: {e}"),
            format!("Cannot read {shown}: {e}"),
        )
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Error::said(
            format!("{shown} không phải văn bản UTF-8 (một tệp biểu mẫu TOML)."),
            format!("{shown} is not UTF-8 text (a TOML form file)."),
        )
    })
}

/// A form file made from the ministry's workbook: its appendices read, matched to the form in
/// force for its first year, doubtful matches listed (taken as the same indicator only with
/// `--accept`), a unit changed by a known factor carried as a new indicator linked to the old.
fn from_workbook(p: &Path, args: &ImportArgs, db: &mut crate::session::Db, lang: Lang) -> Result<String> {
    let sheets = crate::exchange::read::read_file(p).map_err(|e| e.at(p))?;
    let read = crate::exchange::form::read_form(&sheets).map_err(|problems| {
        let list: Vec<String> = problems
            .iter()
            .take(10)
            .map(|x| {
                let at = if x.row > 0 {
                    format!("{}!{}{}", x.sheet, x.col, x.row)
                } else {
                    x.sheet.clone()
                };
                format!("{}: {}", crate::domain::text::sanitize(&at), x.message.get(lang))
            })
            .collect();
        Error::said(
            format!("Không đọc được biểu mẫu trong tệp: {}", list.join("; ")),
            format!("No form could be read from the file: {}", list.join("; ")),
        )
    })?;
    let year = args
        .from_year
        .or_else(|| read.appendices.iter().find_map(|a| a.year))
        .ok_or_else(|| {
            Error::said(
                "Tệp không ghi năm kế hoạch ở các cột; cho biết năm áp dụng: --from-year NĂM.",
                "The file's columns name no plan year; say the year it applies from: --from-year YEAR.",
            )
        })?;
    // An office's rows: matched to what its unit reports on that year (the ministry's form
    // with the office's earlier rows); the ministry's form: to the newest one.
    let office = match &args.office {
        Some(u) => Some(db.lookup_unit(u, crate::domain::org::When::Year(year))?),
        None => None,
    };
    let current: &Form = match office {
        Some(org) => db.form_for(org, year),
        None => db.forms().newest(),
    };
    let proposal = crate::domain::form::propose(current, &read);
    let accepted: Vec<&str> = args.accept.iter().map(String::as_str).collect();
    let (changes, series) = proposal.changes_and_series(&accepted);
    for note in &proposal.notes {
        outln!("! {}", note.get(lang));
    }
    let doubtful: Vec<&str> = proposal
        .doubtful()
        .into_iter()
        .filter(|c| !accepted.contains(c))
        .collect();
    for r in &proposal.rows {
        for k in &r.kinds {
            if let Kind::Doubtful { candidate, why } = k
                && doubtful.contains(&candidate.as_str())
            {
                outln!(
                    "? {}!{}  “{}” {} {candidate} ({}) — {}",
                    crate::domain::text::sanitize(&r.sheet),
                    r.row,
                    crate::domain::text::sanitize(&r.label),
                    lang.pick("có thể là", "may be"),
                    why.get(lang),
                    lang.pick(
                        &format!("coi là dòng mới; --accept {candidate} để coi là cùng chỉ tiêu"),
                        &format!("taken as new; --accept {candidate} to take it as the same indicator"),
                    )
                );
            }
        }
    }
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let title = read.appendices.first().map(|a| a.title.clone()).unwrap_or_default();
    let mut source = Source::imported(year, &name, &title, current);
    if let Some(id) = &args.id {
        source.id = id.clone();
    }
    if let Some(issuer) = &args.issuer {
        (source.issuer_vi, source.issuer_en) = (issuer.clone(), issuer.clone());
    }
    (source.letter, source.date, source.checked) = (args.letter.clone(), args.date.clone(), args.checked);
    source.office = office.map(|o| db.orgs().get(o).code.clone());
    let file = FormFile {
        version: 1,
        form: source,
        changes,
        series,
    };
    toml::to_string(&file).map_err(|e| Error::said(format!("Biểu mẫu: {e}"), format!("Form: {e}")))
}
