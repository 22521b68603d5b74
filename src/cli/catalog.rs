//! `kttt catalog`: the indicators with their codes, for `set` and `history`.

use super::args::HelpVi;
use super::show::appendices;
use super::table::{Align, TextTable};
use super::{EXIT_FAIL, open_db};
use crate::error::Result;
use crate::i18n::Lang;
use clap::Args;
use std::process::ExitCode;

/// List the indicators with their codes
#[derive(Args, Debug)]
pub struct CatalogArgs {
    /// Only this appendix (phu-luc-1, 2, 3)
    #[arg(value_name = "APPENDIX")]
    pub appendix: Option<String>,
    /// Only indicators whose name matches (diacritics ignored)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// The rows of this plan year's form [default: the latest plan's]
    #[arg(long, value_name = "N")]
    pub year: Option<i32>,
}

/// `kttt catalog`'s help in Vietnamese: (subcommand, argument id, text); "" names the command.
pub(super) const HELP_VI: HelpVi = &[
    ("", "", "Liệt kê các chỉ tiêu và mã của chúng"),
    ("", "appendix", "Chỉ phụ lục này (phu-luc-1, 2, 3)"),
    ("", "search", "Chỉ các chỉ tiêu có tên khớp (không phân biệt dấu)"),
    (
        "",
        "year",
        "Các dòng của biểu mẫu năm kế hoạch này [mặc định: của kế hoạch mới nhất]",
    ),
];

/// Runs `kttt catalog`.
pub fn run(cli: &super::Cli, args: &CatalogArgs, lang: Lang) -> Result<ExitCode> {
    let db = open_db(cli, lang, true)?;
    let year = match args.year {
        Some(y) => Some(y),
        None => db.plan_year(None)?,
    };
    let form = year.map_or_else(|| &db.forms().all()[0], |y| db.forms().for_year(y));
    let s = Catalogued {
        catalog: form.catalog.clone(),
    };
    let which = appendices(s.catalog(), args.appendix.as_deref())?;
    let hits = args.search.as_deref().map(|q| s.catalog().search(q, lang));
    let mut t = TextTable::new(
        vec![
            lang.pick("Mã", "Code").into(),
            lang.pick("Phụ lục", "App.").into(),
            lang.pick("STT", "No.").into(),
            lang.pick("Chỉ tiêu", "Indicator").into(),
            lang.pick("ĐVT", "Unit").into(),
        ],
        vec![Align::Left, Align::Left, Align::Left, Align::Left, Align::Left],
    );
    t.flex = Some(3);
    for a in which {
        for id in &s.catalog().appendices[a].rows {
            if hits.as_ref().is_some_and(|h| !h.contains(id)) {
                continue;
            }
            let ind = s.catalog().get(*id);
            let indent = "  ".repeat(crate::domain::sheet::indent(s.catalog(), *id) as usize);
            t.rows.push(vec![
                ind.code.clone(),
                s.catalog().appendices[a].number.clone(),
                ind.number.clone(),
                format!("{indent}{}", ind.name.get(lang)),
                s.catalog().unit_name(*id, lang).to_string(),
            ]);
        }
    }
    if t.rows.is_empty() {
        let q = args.search.as_deref().unwrap_or_default();
        outln!(
            "{} “{q}”. {}",
            lang.pick("Không tìm thấy chỉ tiêu nào khớp", "No indicator matches"),
            lang.pick(
                "Thử ít từ hơn, hoặc xem cả danh mục: kttt catalog",
                "Try fewer words, or see the whole catalog: kttt catalog"
            )
        );
        return Ok(ExitCode::from(EXIT_FAIL));
    }
    out!("{}", t.render(super::out::width(None)));
    Ok(ExitCode::SUCCESS)
}

/// The catalog of the form a listing shows.
struct Catalogued {
    catalog: std::sync::Arc<crate::domain::catalog::Catalog>,
}

impl Catalogued {
    fn catalog(&self) -> &std::sync::Arc<crate::domain::catalog::Catalog> {
        &self.catalog
    }
}
