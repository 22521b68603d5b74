//! `kttt scenario allocate NAME htx.total KH2027 --over communes --by UTH2026`: a unit's
//! target handed down to the units below it, as a scenario.

use super::super::{resolve, use_year};
use crate::domain::catalog::FundingId;
use crate::domain::number::{format, format_cell};
use crate::domain::org::Level;
use crate::domain::planning::allocate::Method;
use crate::domain::values::Values;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::Session;
use rust_decimal::Decimal;

/// What `--over` names, checked against the units below: `parts` (whatever they are),
/// `districts`/`huyen`, `communes`/`xa`.
fn over_level(word: &str) -> Result<Option<Level>> {
    match crate::domain::text::fold(word).as_str() {
        "parts" | "units" | "don-vi" | "duoi" => Ok(None),
        "districts" | "district" | "huyen" => Ok(Some(Level::District)),
        "communes" | "commune" | "xa" => Ok(Some(Level::Commune)),
        _ => Err(Error::said(
            "--over: chọn huyen (districts), xa (communes) hoặc parts (các đơn vị cấp dưới).",
            "--over: choose districts, communes or parts (the units below).",
        )),
    }
}

/// Allocates, writes (unless `dry_run`) and lists each unit's figure beside its own.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    cli: &super::super::Cli,
    s: &mut Session,
    name: &str,
    code: &str,
    period: &str,
    a: &super::AllocateOpts,
    lang: Lang,
) -> Result<()> {
    use_year(cli, s, a.year)?;
    let ind = resolve::indicator(s, code)?;
    let cell = s.key(ind, resolve::period(period)?, FundingId::TOTAL);
    s.check_cell(&cell)?;
    let by = resolve::period(&a.by)?;
    let method = match (a.method.as_str(), &a.weight) {
        ("proportional" | "growth", None) => Method::Proportional,
        ("equal", None) => Method::Equal,
        (_, Some(w)) => Method::Weight(resolve::indicator(s, w)?),
        _ => {
            return Err(Error::said(
                "--method: proportional (theo tỷ lệ, cùng mức tăng), equal (chia đều); hoặc --weight MÃ.",
                "--method: proportional (the same growth for all), equal; or --weight CODE.",
            ));
        }
    };
    if let Some(level) = over_level(&a.over)? {
        let parts = s.parts();
        if let Some(p) = parts.iter().find(|p| s.orgs().get(**p).level != level) {
            let unit = s.orgs().get(*p);
            return Err(Error::said(
                format!(
                    "Các đơn vị dưới {} là cấp {}, không phải {}.",
                    s.unit().name(Lang::Vi),
                    unit.level.name(Lang::Vi),
                    level.name(Lang::Vi)
                ),
                format!(
                    "The units below {} are of level {}, not {}.",
                    s.unit().name(Lang::En),
                    unit.level.name(Lang::En),
                    level.name(Lang::En)
                ),
            ));
        }
    }
    let how = format!(
        "{code} {period} over {} by {} {}",
        a.over,
        a.by,
        a.weight.as_deref().unwrap_or(&a.method)
    );
    let said = |e| {
        Error::said(
            crate::present::planning::allocate_error(e, Lang::Vi),
            crate::present::planning::allocate_error(e, Lang::En),
        )
    };
    let crate::session::HandedDown {
        was: own,
        target,
        allocation: alloc,
    } = s
        .allocate_scenario(name, cell, a.target, by, method, &how, !a.dry_run)?
        .map_err(said)?;
    let sc = s.scenario().map(|x| x.name.clone()).unwrap_or_default();
    super::balance::title(s, &sc, lang)?;
    outln!(
        "{}: {} = {} ({} {}) → {} {}",
        lang.pick("Chỉ tiêu giao", "Target"),
        s.label(&cell),
        format(&target, lang),
        lang.pick("trước đó", "was"),
        format_cell(own.as_ref(), lang),
        alloc.cells.len(),
        lang.pick("đơn vị cấp dưới", "units below")
    );
    let mut t = super::super::table::TextTable::new(
        vec![
            lang.pick("Đơn vị", "Unit").into(),
            lang.pick("Tự đề xuất", "Proposed").into(),
            lang.pick("Được giao", "Allocated").into(),
            lang.pick("Chênh lệch", "Difference").into(),
        ],
        vec![
            super::super::table::Align::Left,
            super::super::table::Align::Right,
            super::super::table::Align::Right,
            super::super::table::Align::Right,
        ],
    );
    t.flex = Some(0);
    // Beside each allocation, what the unit proposed itself: its official figure.
    let official = s.values_official();
    let mut sum = Decimal::ZERO;
    for x in &alloc.cells {
        sum += x.new;
        let own = official.value(&x.key);
        t.rows.push(vec![
            s.orgs().get(x.key.org).name(lang).to_string(),
            format_cell(own.as_ref(), lang),
            format(&x.new, lang),
            own.map(|o| {
                let d = (x.new - o).normalize();
                let plus = if d > Decimal::ZERO { "+" } else { "" };
                format!("{plus}{}", format(&d, lang))
            })
            .unwrap_or_default(),
        ]);
    }
    out!("{}", t.render(super::super::out::width(None)));
    if alloc.even {
        outln!(
            "{}",
            lang.pick(
                "(Chưa đơn vị nào có số liệu kỳ --by để chia theo tỷ lệ: chia đều.)",
                "(No unit has a --by figure to weigh by: equal shares.)"
            )
        );
    }
    let mean = matches!(
        s.catalog().get(ind).aggregation,
        crate::domain::catalog::Aggregation::Mean { .. }
    );
    if mean {
        outln!("{}", crate::present::planning::mean_rolled(&alloc, target, lang));
    } else {
        outln!(
            "{}: {} ({} {})",
            lang.pick("Cộng các đơn vị", "Sum of the units"),
            format(&alloc.rolled, lang),
            lang.pick("cộng từng số:", "adding them:"),
            format(&sum, lang)
        );
    }
    if !a.dry_run {
        outln!(
            "{} “{sc}”. {}",
            lang.pick("Đã ghi vào phương án", "Written into scenario"),
            lang.pick(
                "Áp dụng để giao chính thức: kttt scenario apply TÊN",
                "Apply it to make the targets official: kttt scenario apply NAME"
            )
        );
    }
    Ok(())
}
