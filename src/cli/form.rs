//! `kttt form`: the forms (biểu mẫu) the ministry's letters bring, each in force for a range
//! of plan years — list them, show one, compare two, write one out.

use super::args::HelpVi;
use super::open_db;
use super::table::{Align, TextTable};
use crate::domain::form::{Form, Forms, RowChange, diff};
use crate::error::{Error, Result};
use crate::files::{Files, Output};
use crate::i18n::Lang;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The forms of the ministry's letters, by plan year
#[derive(Args, Debug)]
pub struct FormArgs {
    #[command(subcommand)]
    pub action: FormAction,
}

#[derive(Subcommand, Debug)]
pub enum FormAction {
    /// List the forms and the plan years each is in force for
    List,
    /// Show a form: where it came from and its rows
    Show {
        /// A plan year (the form in force then) or a form's id [default: the latest plan's]
        #[arg(value_name = "YEAR|ID")]
        form: Option<String>,
    },
    /// What a form changes against another, row by row
    Diff {
        /// The older form: a plan year or an id
        #[arg(value_name = "A")]
        a: String,
        /// The newer form: a plan year or an id
        #[arg(value_name = "B")]
        b: String,
    },
    /// Add a form from the ministry's workbook (xlsx, ods, xls) or a form file (TOML): shown as a diff against the form in force first
    Import(ImportArgs),
    /// Write a form out: as the ministry's kind of workbook (`--out FILE.xlsx`) or one TOML file for review
    Export {
        /// A plan year or a form's id [default: the latest plan's]
        #[arg(value_name = "YEAR|ID")]
        form: Option<String>,
        /// Where to write it (`-`: standard output)
        #[arg(long, value_name = "FILE", default_value = "-")]
        out: PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

/// `kttt form import`'s arguments.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The workbook or the form file (`-`: a form file on standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Show what it changes, add nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Why it is added (the ministry's letter, the office's decision)
    #[arg(long, value_name = "TEXT")]
    pub why: Option<String>,
    /// A workbook's form: the first plan year it is in force for [default: the year its columns name]
    #[arg(long, value_name = "N")]
    pub from_year: Option<i32>,
    /// A workbook's form: its id [default: bieu-mau-YEAR]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// A workbook's form: the guidance letter (`1234/BTC-PTDN`)
    #[arg(long, value_name = "NUMBER")]
    pub letter: Option<String>,
    /// A workbook's form: the letter's date (`2028-07-15`)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// A workbook's form: who issued it [default: Bộ Tài chính]
    #[arg(long, value_name = "NAME")]
    pub issuer: Option<String>,
    /// A workbook's form: it was checked against the ministry's own text
    #[arg(long)]
    pub checked: bool,
    /// Take a doubtful match as the same indicator (its code; again for more)
    #[arg(long, value_name = "CODE")]
    pub accept: Vec<String>,
    /// A workbook's rows as an office's own, over the ministry's form: the office's unit (they apply to it and the units under it)
    #[arg(long, value_name = "UNIT")]
    pub office: Option<String>,
}

/// `kttt form`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "Các biểu mẫu theo công văn hướng dẫn của Bộ, theo năm kế hoạch"),
    (
        "list",
        "",
        "Liệt kê các biểu mẫu và các năm kế hoạch áp dụng từng biểu mẫu",
    ),
    ("show", "", "Xem một biểu mẫu: nguồn gốc và các dòng chỉ tiêu"),
    (
        "show",
        "form",
        "Một năm kế hoạch (biểu mẫu áp dụng năm đó) hoặc mã biểu mẫu [mặc định: của kế hoạch mới nhất]",
    ),
    ("diff", "", "Biểu mẫu này thay đổi gì so với biểu mẫu kia, từng dòng"),
    ("diff", "a", "Biểu mẫu cũ hơn: năm kế hoạch hoặc mã"),
    ("diff", "b", "Biểu mẫu mới hơn: năm kế hoạch hoặc mã"),
    (
        "import",
        "",
        "Thêm một biểu mẫu từ tệp Excel của Bộ (xlsx, ods, xls) hoặc tệp biểu mẫu (TOML): trước hết xem nó thay đổi gì so với biểu mẫu đang áp dụng",
    ),
    (
        "import",
        "file",
        "Tệp Excel hoặc tệp biểu mẫu (`-`: tệp biểu mẫu từ đầu vào chuẩn)",
    ),
    ("import", "dry_run", "Chỉ xem thay đổi, không thêm gì"),
    (
        "import",
        "from_year",
        "Biểu mẫu từ tệp Excel: năm kế hoạch đầu tiên áp dụng [mặc định: năm các cột của tệp ghi]",
    ),
    (
        "import",
        "id",
        "Biểu mẫu từ tệp Excel: mã biểu mẫu [mặc định: bieu-mau-NĂM]",
    ),
    (
        "import",
        "letter",
        "Biểu mẫu từ tệp Excel: số công văn hướng dẫn (`1234/BTC-PTDN`)",
    ),
    ("import", "date", "Biểu mẫu từ tệp Excel: ngày công văn (`2028-07-15`)"),
    (
        "import",
        "issuer",
        "Biểu mẫu từ tệp Excel: cơ quan ban hành [mặc định: Bộ Tài chính]",
    ),
    (
        "import",
        "checked",
        "Biểu mẫu từ tệp Excel: đã đối chiếu với văn bản của Bộ",
    ),
    (
        "import",
        "accept",
        "Coi một dòng khớp chưa chắc là cùng chỉ tiêu (mã của nó; lặp lại cho nhiều dòng)",
    ),
    ("import", "why", "Lý do thêm (công văn của Bộ, quyết định của cơ quan)"),
    (
        "import",
        "office",
        "Các dòng của tệp Excel là dòng riêng của một cơ quan, thêm trên biểu mẫu của Bộ: đơn vị của cơ quan đó (áp dụng cho đơn vị ấy và các đơn vị cấp dưới)",
    ),
    (
        "export",
        "",
        "Ghi một biểu mẫu ra: thành tệp Excel như của Bộ (`--out TỆP.xlsx`) hoặc một tệp TOML để xem xét",
    ),
    (
        "export",
        "form",
        "Năm kế hoạch hoặc mã biểu mẫu [mặc định: của kế hoạch mới nhất]",
    ),
    ("export", "out", "Ghi vào đâu (`-`: đầu ra chuẩn)"),
    ("export", "force", "Ghi đè nếu tệp đã có"),
];

/// Runs `kttt form`.
pub fn run(cli: &super::Cli, args: &FormArgs, files: &Files, lang: Lang) -> Result<ExitCode> {
    // Where a file goes is settled before any work.
    let target = match &args.action {
        FormAction::Export { out, .. } => Some(files.output(out)?),
        _ => None,
    };
    if let FormAction::Import(a) = &args.action {
        return super::form_import::run(cli, a, files, lang);
    }
    let mut db = open_db(cli, lang, true)?;
    let forms = db.forms().clone();
    let latest = db.plan_year(None)?;
    // With --unit, a year names the form that unit reports on (its office's rows included).
    let unit = match &cli.unit {
        Some(u) if !forms.layers().is_empty() => Some(db.lookup_unit(u, crate::domain::org::When::Ever)?),
        _ => None,
    };
    let pick = |asked: Option<&str>| -> Result<&Form> {
        let year = asked.map(str::trim).and_then(|a| a.parse::<i32>().ok());
        match (unit, year.or(asked.is_none().then_some(latest).flatten())) {
            (Some(org), Some(y)) => {
                let id = db.form_for(org, y).source.id.clone();
                Ok(forms.get(&id).expect("a form of the forms"))
            }
            _ => pick(&forms, asked, latest),
        }
    };
    match &args.action {
        FormAction::List => list(&forms, latest, lang),
        FormAction::Show { form } => {
            let f = pick(form.as_deref())?;
            show(&forms, f, lang)?;
            Ok(ExitCode::SUCCESS)
        }
        FormAction::Diff { a, b } => {
            let (fa, fb) = (pick(Some(a))?, pick(Some(b))?);
            print_diff(fa, fb, lang)?;
            Ok(ExitCode::SUCCESS)
        }
        FormAction::Import(_) => unreachable!("handled above"),
        FormAction::Export { form, force, .. } => {
            let f = pick(form.as_deref())?;
            let target = target.expect("settled above");
            let workbook =
                matches!(&target, Output::File(p) if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xlsx")));
            let bytes = if workbook {
                // The ministry's kind of workbook, for the first plan year it is in force for.
                let year = match (latest, forms.years_of(&f.source.id)) {
                    (Some(y), Some((from, to))) if y >= from && to.is_none_or(|t| y <= t) => y,
                    (_, Some((from, _))) => from,
                    _ => f.source.from_year,
                };
                crate::exchange::form::form_workbook(f, year, lang)?
            } else {
                f.to_toml().map_err(|e| Error::said(e.0.clone(), e.0))?.into_bytes()
            };
            match target {
                Output::Stdout => out!("{}", String::from_utf8_lossy(&bytes)),
                Output::File(path) => {
                    crate::files::write::write_new(&path, &bytes, *force)?;
                    outln!(
                        "{} {}",
                        lang.pick("Đã ghi", "Wrote"),
                        crate::domain::text::sanitize(&path.display().to_string())
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The form a plan year or an id names.
fn pick<'a>(forms: &'a Forms, asked: Option<&str>, latest: Option<i32>) -> Result<&'a Form> {
    let asked = asked.map(str::trim);
    if let Some(y) = asked.and_then(|a| a.parse::<i32>().ok()) {
        return Ok(forms.for_year(y));
    }
    match asked {
        Some(id) => forms.get(id).ok_or_else(|| {
            let ids: Vec<&str> = forms.all().iter().map(|f| f.source.id.as_str()).collect();
            let safe = crate::domain::text::sanitize(id);
            Error::said(
                format!("Không có biểu mẫu “{safe}”. Các biểu mẫu: {}", ids.join(", ")),
                format!("There is no form “{safe}”. The forms: {}", ids.join(", ")),
            )
        }),
        None => Ok(forms.for_year(latest.unwrap_or(forms.all()[0].source.from_year))),
    }
}

fn years(forms: &Forms, f: &Form, lang: Lang) -> String {
    match forms.years_of(&f.source.id) {
        Some((from, Some(to))) if to < from => lang.pick("(thay bằng biểu mẫu sau)", "(superseded)").to_string(),
        Some((from, Some(to))) => format!("{from}–{to}"),
        Some((from, None)) => format!("{from}–"),
        None => String::new(),
    }
}

fn checked(f: &Form, lang: Lang) -> &'static str {
    if f.source.checked {
        lang.pick("đã đối chiếu văn bản của Bộ", "checked against the ministry's text")
    } else {
        lang.pick(
            "CHƯA đối chiếu văn bản của Bộ",
            "NOT checked against the ministry's text",
        )
    }
}

fn list(forms: &Forms, latest: Option<i32>, lang: Lang) -> Result<ExitCode> {
    let mut t = TextTable::new(
        vec![
            lang.pick("Mã", "Id").into(),
            lang.pick("Năm kế hoạch", "Plan years").into(),
            lang.pick("Công văn", "Letter").into(),
            lang.pick("Cơ quan", "Issuer").into(),
            lang.pick("Dòng", "Rows").into(),
            lang.pick("Đối chiếu", "Checked").into(),
        ],
        vec![
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Left,
        ],
    );
    t.flex = Some(3);
    for f in forms.all().iter().chain(forms.layers()) {
        let letter = match (&f.source.letter, &f.source.date) {
            (Some(l), Some(d)) => format!("{l} ({d})"),
            (Some(l), None) => l.clone(),
            _ => "—".into(),
        };
        let mark = latest.is_some_and(|y| forms.for_year(y).source.id == f.source.id);
        let office = f.source.office.as_deref().map_or(String::new(), |o| {
            format!(
                " ({} {})",
                lang.pick("riêng của", "own rows of"),
                crate::domain::text::sanitize(o)
            )
        });
        t.rows.push(vec![
            format!("{}{}{office}", f.source.id, if mark { " *" } else { "" }),
            years(forms, f, lang),
            letter,
            f.source.issuer().get(lang).to_string(),
            rows(f).to_string(),
            lang.pick(
                if f.source.checked { "có" } else { "chưa" },
                if f.source.checked { "yes" } else { "no" },
            )
            .into(),
        ]);
    }
    out!("{}", t.render(super::out::width(None)));
    if latest.is_some() {
        outln!(
            "{}",
            lang.pick("* biểu mẫu của kế hoạch mới nhất", "* the latest plan's form")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn rows(f: &Form) -> usize {
    f.catalog.appendices.iter().map(|a| a.rows.len()).sum()
}

fn show(forms: &Forms, f: &Form, lang: Lang) -> Result<()> {
    let s = &f.source;
    outln!("{} · {}", s.id, s.title().get(lang));
    outln!("{}: {}", lang.pick("Năm kế hoạch", "Plan years"), years(forms, f, lang));
    if let Some(l) = &s.letter {
        outln!(
            "{}: {l}{}",
            lang.pick("Công văn", "Letter"),
            s.date.as_ref().map_or(String::new(), |d| format!(" ({d})"))
        );
    }
    outln!(
        "{}: {}",
        lang.pick("Cơ quan ban hành", "Issued by"),
        s.issuer().get(lang)
    );
    outln!("{}: {}", lang.pick("Nguồn", "Source"), s.origin().get(lang));
    if let Some(l) = &s.link {
        outln!("{}: {l}", lang.pick("Tệp / đường dẫn", "File / link"));
    }
    outln!("{}: {}", lang.pick("Đối chiếu", "Checked"), checked(f, lang));
    let levels: Vec<&str> = s.levels().iter().map(|l| l.name(lang)).collect();
    outln!(
        "{}: {}",
        lang.pick("Cấp báo cáo", "Reporting levels"),
        levels.join(", ")
    );
    if let Some(b) = &s.based_on {
        outln!("{}: {b}", lang.pick("Dựa trên biểu mẫu", "Based on form"));
    }
    if let Some(o) = &s.office {
        outln!(
            "{}: {}",
            lang.pick(
                "Dòng riêng của cơ quan (áp dụng cho đơn vị này và cấp dưới)",
                "An office's own rows (for this unit and the units under it)"
            ),
            crate::domain::text::sanitize(o)
        );
    }
    let cat = &f.catalog;
    for a in &cat.appendices {
        outln!("");
        outln!(
            "{} · {}",
            a.name(lang),
            a.title(lang, forms.years_of(&s.id).map_or(s.from_year, |y| y.0))
        );
        let mut t = TextTable::new(
            vec![
                lang.pick("Mã", "Code").into(),
                lang.pick("STT", "No.").into(),
                lang.pick("Chỉ tiêu", "Indicator").into(),
                lang.pick("ĐVT", "Unit").into(),
            ],
            vec![Align::Left, Align::Left, Align::Left, Align::Left],
        );
        t.flex = Some(2);
        for id in &a.rows {
            let ind = cat.get(*id);
            let indent = "  ".repeat(crate::domain::sheet::indent(cat, *id) as usize);
            t.rows.push(vec![
                ind.code.clone(),
                ind.number.clone(),
                format!("{indent}{}", ind.name.get(lang)),
                cat.unit_name(*id, lang).to_string(),
            ]);
        }
        out!("{}", t.render(super::out::width(None)));
    }
    Ok(())
}

pub(super) fn print_diff(a: &Form, b: &Form, lang: Lang) -> Result<()> {
    for line in crate::present::form_diff(a, b, lang) {
        outln!("{line}");
    }
    Ok(())
}

/// Before a plan starts on another form than the year before: which form, what it changes and
/// how the series go on (the same indicator relabelled or moved carries its figures; a new
/// row starts blank; a row gone ends its series).
pub(super) fn before_start(forms: &Forms, from: i32, lang: Lang) -> Result<()> {
    let (a, b) = (forms.for_year(from), forms.for_year(from + 1));
    if a.source.id == b.source.id {
        return Ok(());
    }
    let d = diff(a, b);
    let linked = b
        .series
        .links
        .values()
        .filter(|c| !matches!(c, crate::domain::form::Carry::Break { .. }))
        .count();
    let carried = d.count(|c| !matches!(c, RowChange::New | RowChange::Gone)) + linked;
    outln!(
        "{} {} {} {} ({}). {} {}: {} {}, {} {}, {} {}. {}",
        lang.pick("Kế hoạch năm", "The plan for"),
        from + 1,
        lang.pick("dùng biểu mẫu", "uses form"),
        b.source.id,
        checked(b, lang),
        lang.pick("So với biểu mẫu", "Against form"),
        a.source.id,
        carried,
        lang.pick("dòng nối tiếp số liệu cũ", "rows carry their series on"),
        d.count(|c| *c == RowChange::New) - linked,
        lang.pick("dòng mới (chưa có số liệu năm trước)", "new rows (no figures before)"),
        d.count(|c| *c == RowChange::Gone),
        lang.pick("dòng bỏ (số liệu cũ giữ nguyên)", "rows dropped (their figures stay)"),
        lang.pick(
            &format!("Xem từng dòng: kttt form diff {from} {}", from + 1),
            &format!("Row by row: kttt form diff {from} {}", from + 1)
        ),
    );
    Ok(())
}
