//! `kttt scenario assume NAME "every count +5% over UTH2019"`: a scenario's plan figures
//! from an assumption, recorded with the write.

use super::super::use_year;
use crate::domain::number::format_cell;
use crate::domain::planning::assume;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::session::Session;

/// Works out the figures, writes them (unless `dry_run`) and lists them.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    cli: &super::super::Cli,
    s: &mut Session,
    name: &str,
    rule: &str,
    parts: bool,
    year: Option<i32>,
    dry_run: bool,
    lang: Lang,
) -> Result<()> {
    use_year(cli, s, year)?;
    let text = crate::domain::text::nfc(rule.trim());
    let a = assume::parse(&text, s.catalog()).map_err(|e| {
        Error::said(
            crate::present::planning::assume_error(&e, Lang::Vi),
            crate::present::planning::assume_error(&e, Lang::En),
        )
    })?;
    let out = s.assume_scenario(name, &a, &text, parts, !dry_run)?;
    let sc = s.scenario().map(|x| x.name.clone()).unwrap_or_default();
    super::balance::title(s, &sc, lang)?;
    outln!(
        "{}: {}",
        lang.pick("Giả định", "Assumption"),
        crate::domain::text::sanitize(&text)
    );
    for x in &out {
        outln!(
            "  {}: {} → {}",
            s.label(&x.key),
            format_cell(x.old.as_ref(), lang),
            format_cell(Some(&x.new), lang)
        );
    }
    outln!(
        "{} {} {}. {}",
        if dry_run {
            lang.pick("Sẽ ghi", "Would write")
        } else {
            lang.pick("Đã ghi vào phương án", "Wrote into the scenario")
        },
        out.len(),
        lang.pick("ô, kèm giả định", "cells, with the assumption"),
        lang.pick(
            "Cân đối các quan hệ giữa chỉ tiêu: kttt scenario balance TÊN",
            "To make the identities hold: kttt scenario balance NAME"
        )
    );
    Ok(())
}
