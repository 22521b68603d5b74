//! `kttt units list|import`: the tree of org units on a day, and importing a unit list or an
//! old → new mapping.

use super::args::{Format, HelpVi};
use super::table::{Align, TextTable};
use super::{named_unit, open_db, out};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::{Db, UnitsFile};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Org units: list the tree on a date, import a unit list or a mapping
#[derive(Args, Debug)]
pub struct UnitsArgs {
    #[command(subcommand)]
    pub action: UnitsAction,
}

#[derive(Subcommand, Debug)]
pub enum UnitsAction {
    /// Print the tree of units valid on a date (--unit: only that unit's branch)
    List {
        /// The day (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Output format: table (a tree), csv (the import format), json
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Fit the table to N columns [default: the terminal's width; complete lines in a pipe]
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// Import a unit list (level,gso,name,parent_gso) or an old → new mapping (old_gso,…,kind,share)
    Import {
        /// A CSV file, with its `# scheme: …`, `# valid_from: …` lines first
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Only say what would change; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

/// `kttt units`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    (
        "",
        "",
        "Đơn vị hành chính: liệt kê cây đơn vị tại một ngày, nhập danh sách đơn vị hoặc bảng ánh xạ",
    ),
    (
        "list",
        "",
        "In cây đơn vị có hiệu lực tại một ngày (--unit: chỉ nhánh của đơn vị đó)",
    ),
    ("list", "at", "Ngày (YYYY-MM-DD) [mặc định: hôm nay]"),
    (
        "list",
        "width",
        "Vừa bảng trong N cột [mặc định: bề rộng cửa sổ; đủ dòng khi ghi ra ống dẫn hoặc tệp]",
    ),
    (
        "list",
        "format",
        "Dạng kết quả: table (cây), csv (đúng dạng tệp nhập), json",
    ),
    (
        "import",
        "",
        "Nhập danh sách đơn vị (level,gso,name,parent_gso) hoặc bảng ánh xạ cũ → mới (old_gso,…,kind,share)",
    ),
    (
        "import",
        "file",
        "Tệp CSV; các dòng “# scheme: …”, “# valid_from: …” ở đầu",
    ),
    ("import", "dry_run", "Chỉ cho biết sẽ thay đổi gì, không ghi"),
];

/// Runs `kttt units`.
pub fn run(cli: &super::Cli, args: &UnitsArgs, files: &crate::files::Files, lang: Lang) -> Result<ExitCode> {
    match &args.action {
        UnitsAction::List { at, format, width } => {
            let mut s = open_db(cli, lang, true)?;
            let date = match at {
                Some(d) => d
                    .parse::<jiff::civil::Date>()
                    .map_err(|_| {
                        Error::said(
                            format!("“{}” không phải ngày (YYYY-MM-DD).", crate::domain::text::sanitize(d)),
                            format!("“{}” is not a date (YYYY-MM-DD).", crate::domain::text::sanitize(d)),
                        )
                    })?
                    .to_string(),
                None => jiff::ZonedDateTime::now().date().to_string(),
            };
            let root = named_unit(cli, &mut s)?;
            match root {
                Some(r) => s.hold_tree(r)?,
                // Every top unit's tree: every unit.
                None => s.hold_all_units()?,
            }
            list(&s, root, &date, *format, *width, lang)
        }
        UnitsAction::Import { file, dry_run } => {
            let bytes = match files.input(file)? {
                crate::files::Input::Stdin => {
                    use std::io::Read;
                    let mut b = Vec::new();
                    std::io::stdin()
                        .lock()
                        .take(64 << 20)
                        .read_to_end(&mut b)
                        .map_err(|e| Error::Io {
                            path: "stdin".into(),
                            source: e,
                        })?;
                    b
                }
                crate::files::Input::File(path) => std::fs::read(&path).map_err(|e| Error::Io { path, source: e })?,
            };
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::said(
                    format!("{} không phải văn bản UTF-8.", file.display()),
                    format!("{} is not UTF-8 text.", file.display()),
                )
            })?;
            let parsed = UnitsFile::parse(&text)?;
            let mut s = open_db(cli, lang, *dry_run)?;
            import(&mut s, &parsed, *dry_run, lang)
        }
    }
}

fn date_text(d: Option<&str>, lang: Lang) -> String {
    match d.and_then(|d| d.parse::<jiff::civil::Date>().ok()) {
        Some(d) => match lang {
            Lang::Vi => d.strftime("%d/%m/%Y").to_string(),
            Lang::En => d.to_string(),
        },
        None => String::new(),
    }
}

/// `từ 01/07/2025`, `đến 30/06/2025`, `01/07/2025 – 28/02/2026`.
fn validity(u: &crate::domain::org::OrgUnit, lang: Lang) -> String {
    match (u.valid_from.as_deref(), u.valid_to.as_deref()) {
        (None, None) => String::new(),
        (Some(f), None) => format!("{} {}", lang.pick("từ", "from"), date_text(Some(f), lang)),
        (None, Some(t)) => format!("{} {}", lang.pick("đến", "until"), date_text(Some(t), lang)),
        (Some(f), Some(t)) => format!("{} – {}", date_text(Some(f), lang), date_text(Some(t), lang)),
    }
}

fn list(
    s: &Db,
    root: Option<crate::domain::org::OrgId>,
    date: &str,
    format: Format,
    width: Option<usize>,
    lang: Lang,
) -> Result<ExitCode> {
    let tree = s.tree_at(root, date);
    if let Some(r) = root
        && !s.orgs().get(r).valid_on(date)
    {
        return Err(Error::said(
            format!(
                "{} không có hiệu lực ngày {}.",
                s.orgs().get(r).name.vi,
                date_text(Some(date), lang)
            ),
            format!("{} is not valid on {date}.", s.orgs().get(r).name.en),
        ));
    }
    let orgs = s.orgs();
    match format {
        Format::Table => {
            outln!(
                "{} {} ({} {})",
                lang.pick("Đơn vị hành chính ngày", "Org units on"),
                date_text(Some(date), lang),
                tree.len(),
                lang.pick("đơn vị", "units")
            );
            let heads = [
                lang.pick("Mã", "Code"),
                lang.pick("Đơn vị", "Unit"),
                lang.pick("Cấp", "Level"),
                lang.pick("Hiệu lực", "Valid"),
                lang.pick("Mã kttt", "kttt code"),
            ];
            let mut t = TextTable::new(heads.iter().map(|h| h.to_string()).collect(), vec![Align::Left; 5]);
            t.flex = Some(1);
            for (d, u) in &tree {
                let unit = orgs.get(*u);
                t.rows.push(vec![
                    unit.gso.clone().unwrap_or_default(),
                    format!("{}{}", "  ".repeat(*d), unit.name.get(lang)),
                    unit.level.name(lang).to_string(),
                    validity(unit, lang),
                    unit.code.clone(),
                ]);
            }
            out!("{}", t.render(out::width(width)));
        }
        Format::Csv => {
            let schemes: std::collections::BTreeSet<&str> = tree
                .iter()
                .filter_map(|(_, u)| orgs.get(*u).scheme.as_deref())
                .collect();
            if schemes.len() > 1 {
                return Err(Error::said(
                    "Các đơn vị thuộc nhiều bảng mã; chọn một tỉnh với --unit.",
                    "The units belong to several code schemes; pick one province with --unit.",
                ));
            }
            outln!("# kttt units valid on {date}");
            outln!("# scheme: {}", schemes.iter().next().copied().unwrap_or(""));
            outln!("# valid_on: {date}");
            let mut rows = vec![vec![
                "level".to_string(),
                "gso".into(),
                "name".into(),
                "parent_gso".into(),
            ]];
            for (_, u) in &tree {
                let unit = orgs.get(*u);
                let parent = orgs
                    .parent_of(*u)
                    .and_then(|p| orgs.get(p).gso.clone())
                    .unwrap_or_default();
                rows.push(vec![
                    unit.level.code().to_string(),
                    unit.gso.clone().unwrap_or_default(),
                    unit.name.vi.clone(),
                    parent,
                ]);
            }
            out::csv_rows(&rows, false)?;
        }
        Format::Json => {
            let items: Vec<_> = tree
                .iter()
                .map(|(d, u)| {
                    let unit = orgs.get(*u);
                    json!({
                        "code": unit.code,
                        "gso": unit.gso,
                        "scheme": unit.scheme,
                        "level": unit.level.code(),
                        "name": unit.name.vi,
                        "parent": unit.parent,
                        "depth": d,
                        "valid_from": unit.valid_from,
                        "valid_to": unit.valid_to,
                    })
                })
                .collect();
            out::json(&serde_json::Value::Array(items))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn import(s: &mut Db, file: &UnitsFile, dry_run: bool, lang: Lang) -> Result<ExitCode> {
    if dry_run {
        match file {
            UnitsFile::List(l) => {
                let plan = s.plan_units(l)?;
                outln!(
                    "{} {}",
                    lang.pick("Thử nhập (không ghi):", "Dry run (nothing written):"),
                    summary(
                        plan.add.len(),
                        plan.update.len(),
                        plan.close.len(),
                        plan.versions.len(),
                        plan.unchanged,
                        lang
                    )
                );
                for u in &plan.add {
                    outln!("  + {} {} ({})", u.gso.as_deref().unwrap_or(""), u.name.vi, u.code);
                }
                for (id, want) in &plan.update {
                    outln!("  ~ {} → {}", s.orgs().get(*id).name.vi, want.name.vi);
                }
                for (id, date) in &plan.close {
                    outln!(
                        "  − {} ({} {})",
                        s.orgs().get(*id).name.vi,
                        lang.pick("kết thúc ngày", "ends on"),
                        date_text(Some(date), lang)
                    );
                }
            }
            UnitsFile::Mapping(m) => {
                outln!(
                    "{} {} {}.",
                    lang.pick(
                        "Thử nhập (không ghi): bảng ánh xạ có",
                        "Dry run (nothing written): the mapping has"
                    ),
                    m.rows.len(),
                    lang.pick("dòng", "lines")
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Ctrl+C stops it; the transaction is rolled back, nothing written.
    let stop = super::progress::stop_on_ctrl_c();
    let bar = super::progress::Bar::new(0, lang.pick("đơn vị", "units"), lang);
    let r = s.import_units(file, &mut |done, total| {
        bar.at(done, total);
        crate::work::pace();
        !super::progress::stopped(&stop)
    });
    bar.clear();
    let r = r?;
    outln!(
        "{} {}",
        lang.pick("Đã nhập:", "Imported:"),
        summary(r.added, r.updated, r.closed, r.mapped, r.unchanged, lang)
    );
    Ok(ExitCode::SUCCESS)
}

fn summary(added: usize, updated: usize, closed: usize, mapped: usize, unchanged: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "{added} đơn vị mới, {updated} sửa, {closed} kết thúc, {mapped} dòng ánh xạ, {unchanged} không đổi."
        ),
        Lang::En => format!(
            "{added} new units, {updated} corrected, {closed} ended, {mapped} mapping lines, {unchanged} unchanged."
        ),
    }
}
