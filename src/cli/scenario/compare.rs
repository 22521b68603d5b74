//! `kttt scenario compare A B [C D]`: scenarios side by side with the official figures —
//! the cells they change, the growth and attainment of each indicator, the checks.

use super::super::table::{Align, TextTable};
use super::super::use_year;
use crate::domain::planning::side::Side;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::{ScenarioColumn, Session};

/// The official figures and the named scenarios (two to four), as the summary and its
/// columns' names: the cells they change, or the indicators `rows` names.
pub(crate) fn summary(s: &mut Session, names: &[String], rows: &[String]) -> Result<(Side, Vec<ScenarioColumn>)> {
    if !(1..=4).contains(&names.len()) {
        return Err(Error::said(
            "So sánh từ một đến bốn phương án, ví dụ: kttt scenario compare A B C",
            "Compare one to four scenarios, e.g.: kttt scenario compare A B C",
        ));
    }
    let indicators = rows
        .iter()
        .map(|c| super::super::resolve::indicator(s, c))
        .collect::<Result<Vec<_>>>()?;
    s.side_by_side_of(names, &indicators)
}

/// Prints the summary.
pub(super) fn run(
    cli: &super::super::Cli,
    s: &mut Session,
    names: &[String],
    rows: &[String],
    official: bool,
    year: Option<i32>,
    lang: Lang,
) -> Result<()> {
    use_year(cli, s, year)?;
    let (side, cols) = summary(s, names, rows)?;
    outln!(
        "{} — {} · {} {}",
        if official {
            lang.pick(
                "Các phương án so với số chính thức",
                "Scenarios against the official figures",
            )
        } else {
            lang.pick("Các phương án cạnh nhau", "Scenarios side by side")
        },
        s.unit().name(lang),
        lang.pick("kế hoạch năm", "plan for"),
        s.year()
    );
    let tally = official.then(|| crate::domain::rules::tally(&s.findings(&s.values_official())));
    let (heads, rows) = crate::present::planning::side_table(s, &side, &cols, tally, lang);
    let mut aligns = vec![Align::Left];
    aligns.extend(std::iter::repeat_n(Align::Right, heads.len() - 1));
    let mut t = TextTable::new(heads, aligns);
    t.flex = Some(0);
    t.rows = rows;
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
