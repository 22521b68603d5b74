//! Official against staged figures, one row per changed cell with the percentages it moves:
//! what `kttt scenario show` and an import's dry run print.

use super::super::table::{Align, TextTable};
use crate::domain::number::{format, format_cell, format_percent};
use crate::error::Result;
use crate::i18n::Lang;
use crate::session::Session;

/// Prints official against staged figures, with the percentages each change moves.
pub(in crate::cli) fn print_diffs(s: &Session, diffs: &[crate::domain::compare::Difference], lang: Lang) -> Result<()> {
    let mut t = TextTable::new(
        vec![
            lang.pick("Chỉ tiêu", "Indicator").into(),
            lang.pick("Kỳ", "Period").into(),
            lang.pick("Chính thức", "Official").into(),
            lang.pick("Phương án", "Scenario").into(),
            lang.pick("Chênh lệch", "Difference").into(),
            lang.pick("Ảnh hưởng đến tỷ lệ", "Effect on percentages").into(),
        ],
        vec![
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
    );
    t.flex = Some(0);
    let pct = |p: Option<rust_decimal::Decimal>| p.map_or_else(|| "-".to_string(), |p| format_percent(&p, lang));
    let cat = s.catalog();
    for d in diffs {
        let effects: Vec<String> = d
            .effects
            .iter()
            .map(|e| {
                format!(
                    "{} {} → {}",
                    e.column.title(cat, lang).replace(" (%)", ""),
                    pct(e.before),
                    pct(e.after)
                )
            })
            .collect();
        let mut period = d.key.period.label(lang);
        if d.key.funding != crate::domain::catalog::FundingId::TOTAL {
            period.push(' ');
            period.push_str(cat.fundings[d.key.funding.0 as usize].abbr.get(lang));
        }
        // A figure of a unit below (staged from a by-unit sheet) names its unit.
        let mut what = cat.get(d.key.indicator).short.get(lang).to_string();
        if d.key.org != s.org() {
            what = format!("{what} — {}", s.orgs().get(d.key.org).name(lang));
        }
        t.rows.push(vec![
            what,
            period,
            format_cell(d.official.as_ref(), lang),
            format_cell(d.scenario.as_ref(), lang),
            d.delta
                .map(|x| {
                    if x.is_sign_positive() && !x.is_zero() {
                        format!("+{}", format(&x, lang))
                    } else {
                        format(&x, lang)
                    }
                })
                .unwrap_or_default(),
            effects.join("; "),
        ]);
    }
    out!("{}", t.render(super::super::out::width(None)));
    Ok(())
}
