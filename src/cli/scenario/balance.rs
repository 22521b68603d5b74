//! `kttt scenario balance NAME`: what the scenario's figures imply through the identities
//! between indicators, and the completion written into the scenario.

use super::super::{resolve, use_year};
use crate::domain::number::format_cell;
use crate::domain::rules::tally;
use crate::domain::values::{Layered, Values};
use crate::error::Result;
use crate::i18n::Lang;
use crate::present::planning::{implication_line, shape_words};
use crate::session::Session;

/// The scenario's title line: `Phương án “X” — Tỉnh Bắc Kạn · kế hoạch năm 2020`.
pub(super) fn title(s: &Session, name: &str, lang: Lang) -> Result<()> {
    outln!(
        "{} “{}” — {} · {} {}",
        lang.pick("Phương án", "Scenario"),
        name,
        s.unit().name(lang),
        lang.pick("kế hoạch năm", "plan for"),
        s.year()
    );
    Ok(())
}

/// Prints what the scenario's typed figures imply, completes it and says what it wrote.
pub(super) fn run(
    cli: &super::super::Cli,
    s: &mut Session,
    name: &str,
    year: Option<i32>,
    solve: &[String],
    dry_run: bool,
    lang: Lang,
) -> Result<()> {
    use_year(cli, s, year)?;
    s.activate(Some(name))?;
    let prefer = solve
        .iter()
        .map(|c| resolve::indicator(s, c))
        .collect::<Result<Vec<_>>>()?;
    let sc = s.scenario().map(|x| x.name.clone()).unwrap_or_default();
    title(s, &sc, lang)?;
    // What each typed figure implies, as it stands.
    let mut typed: Vec<_> = s
        .overlay()
        .changes
        .keys()
        .filter(|k| k.org == s.org())
        .copied()
        .collect();
    typed.sort();
    let before = tally(&s.findings(&s.values()));
    for (k, r) in s.implications(&typed) {
        if let Some(v) = s.values().value(&k) {
            outln!("{}", implication_line(s.catalog(), &k, &v, &r, lang));
        }
    }
    let b = s.balance_scenario(name, &prefer, !dry_run)?;
    if b.writes.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "Các số của phương án đã khớp với nhau: không cần ghi thêm gì.",
                "The scenario's figures already agree: nothing to write."
            )
        );
    } else {
        outln!(
            "{} {} {}:",
            if dry_run {
                lang.pick("Sẽ ghi vào phương án", "Would write into the scenario")
            } else {
                lang.pick("Đã ghi vào phương án", "Wrote into the scenario")
            },
            b.writes.len(),
            lang.pick("ô", "cells")
        );
        for w in &b.writes {
            outln!(
                "  {}: {} → {}  ({})",
                s.label(&w.key),
                format_cell(w.old.as_ref(), lang),
                format_cell(Some(&w.new), lang),
                shape_words(w.shape, lang)
            );
        }
    }
    for r in &b.unmet {
        outln!(
            "{} {r}: {}",
            lang.pick("Không tự cân đối được quy tắc", "Could not balance rule"),
            lang.pick(
                "các ô của nó đều đã được sửa trong phương án, hoặc số cần có không hợp lệ (âm, lẻ). Sửa tay: kttt set … --scenario TÊN",
                "its cells were all changed in the scenario, or the figure it needs is not valid (negative, not whole). Set one by hand: kttt set … --scenario NAME"
            )
        );
    }
    let after = tally(&s.findings(&s.values()));
    let official = tally(&s.findings(&Layered::official(s.official())));
    if !dry_run {
        outln!(
            "{}: {} {}, {} {}, {} {}",
            lang.pick("Kiểm tra", "Checks"),
            lang.pick("chính thức", "official"),
            crate::present::tally_text(official.0, official.1, official.2, lang),
            lang.pick("phương án trước", "scenario before"),
            crate::present::tally_text(before.0, before.1, before.2, lang),
            lang.pick("sau", "after"),
            crate::present::tally_text(after.0, after.1, after.2, lang)
        );
    }
    Ok(())
}
