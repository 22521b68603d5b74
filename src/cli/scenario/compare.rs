//! `kttt scenario compare A B [C D]`: scenarios side by side with the official figures —
//! the cells they change, the growth and attainment of each indicator, the checks.

use super::super::table::{Align, TextTable};
use super::super::use_year;
use crate::domain::number::{format_cell, format_percent};
use crate::domain::planning::side::{Side, side_by_side};
use crate::domain::values::{CellKey, Values};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::{ScenarioColumn, Session};

/// The official figures and the named scenarios (two to four), as the summary and its
/// columns' names.
pub(crate) fn summary(s: &mut Session, names: &[String]) -> Result<(Side, Vec<ScenarioColumn>)> {
    if !(1..=4).contains(&names.len()) {
        return Err(Error::said(
            "So sánh từ một đến bốn phương án, ví dụ: kttt scenario compare A B C",
            "Compare one to four scenarios, e.g.: kttt scenario compare A B C",
        ));
    }
    let cols = s.scenario_columns(names)?;
    let mut changed: Vec<CellKey> = cols.iter().flat_map(|c| c.overlay.changes.keys().copied()).collect();
    changed.retain(|k| k.org == s.org() || s.orgs().parent_of(k.org) == Some(s.org()));
    changed.sort();
    changed.dedup();
    let official = s.values_official();
    let layers: Vec<_> = cols.iter().map(|c| s.values_over(&c.overlay)).collect();
    let mut columns: Vec<&dyn Values> = vec![&official];
    columns.extend(layers.iter().map(|l| l as &dyn Values));
    let side = side_by_side(s.catalog(), s.frame(), &columns, &changed);
    Ok((side, cols))
}

/// Prints the summary.
pub(super) fn run(
    cli: &super::super::Cli,
    s: &mut Session,
    names: &[String],
    year: Option<i32>,
    lang: Lang,
) -> Result<()> {
    use_year(cli, s, year)?;
    let (side, cols) = summary(s, names)?;
    outln!(
        "{} — {} · {} {}",
        lang.pick(
            "Các phương án so với số chính thức",
            "Scenarios against the official figures"
        ),
        s.unit().name(lang),
        lang.pick("kế hoạch năm", "plan for"),
        s.year()
    );
    let mut heads = vec![
        lang.pick("Chỉ tiêu", "Indicator").to_string(),
        lang.pick("Chính thức", "Official").to_string(),
    ];
    heads.extend(cols.iter().map(|c| c.info.name.clone()));
    let mut aligns = vec![Align::Left];
    aligns.extend(std::iter::repeat_n(Align::Right, cols.len() + 1));
    let mut t = TextTable::new(heads, aligns);
    t.flex = Some(0);
    let (fig_labels, res_labels) =
        crate::present::planning::side_labels(s.catalog(), s.orgs(), s.org(), s.frame(), &side, lang);
    for (r, label) in side.figures.iter().zip(fig_labels) {
        let mut row = vec![label];
        row.extend(r.figures.iter().map(|v| format_cell(v.as_ref(), lang)));
        t.rows.push(row);
    }
    for (r, label) in side.results.iter().zip(res_labels) {
        let mut row = vec![label];
        row.extend(
            r.percents
                .iter()
                .map(|p| p.map_or_else(|| "-".to_string(), |p| format_percent(&p, lang))),
        );
        t.rows.push(row);
    }
    let official = crate::domain::rules::tally(&s.findings(&s.values_official()));
    let mut row = vec![
        lang.pick("Kiểm tra (lỗi/cảnh báo/lưu ý)", "Checks (errors/warnings/notes)")
            .to_string(),
    ];
    row.extend(
        std::iter::once(official)
            .chain(cols.iter().map(|c| c.tally))
            .map(|(e, w, n)| format!("{e}/{w}/{n}")),
    );
    t.rows.push(row);
    out!("{}", t.render(super::super::out::width(None)));
    if side.figures.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "Các phương án chưa thay đổi ô nào của đơn vị này.",
                "The scenarios change no cell of this unit yet."
            )
        );
    } else {
        outln!(
            "{}",
            lang.pick(
                "* ô được ít nhất một phương án thay đổi",
                "* a cell at least one scenario changes"
            )
        );
    }
    Ok(())
}
