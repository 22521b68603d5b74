//! The plan text's findings in words, with their arithmetic spelled out ("Phần thuyết minh
//! ghi 74% nhưng 22 ÷ 30 = 73,3%"), in Vietnamese or English.

use super::statement::{Check, Figure, Operand, Statement};
use super::{Claim, Detail, Finding};
use crate::domain::catalog::Catalog;
use crate::domain::number::{format, format_percent};
use crate::domain::period::Period;
use crate::domain::text::sanitize;
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// `Phần thuyết minh ghi` / `The plan's text says`.
fn text_says(lang: Lang) -> &'static str {
    lang.pick("Phần thuyết minh ghi", "The plan's text says")
}

/// `; 96,2% là 625 ÷ 650, tức so với kế hoạch 2020`: the period the text really divided by.
fn other_clause(stated: &Decimal, part: &Decimal, other: &Option<(Period, Decimal)>, lang: Lang) -> String {
    other.map_or_else(String::new, |(p, w)| {
        format!(
            "; {}% {} {} ÷ {}, {} {}",
            format(stated, lang),
            lang.pick("là", "is"),
            format(part, lang),
            format(&w, lang),
            lang.pick("tức so với", "that is against the"),
            p.name(lang)
        )
    })
}

/// A claim's finding: the stated figure or percentage against the appendix.
pub(super) fn claim(catalog: &Catalog, c: &Claim, d: &Detail, ctx: &str, lang: Lang) -> Option<String> {
    let n = |x: &Decimal| format(x, lang);
    let blank = lang.pick("không có số liệu", "no figure");
    let nc = |x: &Option<Decimal>| x.map_or_else(|| blank.to_string(), |x| format(&x, lang));
    let short = catalog.get(c.row).short.get(lang);
    let quote = sanitize(&c.quote);
    Some(match d {
        Detail::ClaimValue {
            stated,
            found,
            percent_follows,
        } => {
            let follows = percent_follows.map_or_else(String::new, |(p, plan, own)| {
                format!(
                    "; {}{}% {} {} ÷ {}, {} ({} ÷ {} = {})",
                    lang.pick("", "the "),
                    n(&p),
                    lang.pick("văn bản ghi kèm là", "beside it is"),
                    nc(found),
                    n(&plan),
                    lang.pick("theo số của phụ lục", "the appendix's figure"),
                    n(stated),
                    n(&plan),
                    format_percent(&own, lang)
                )
            });
            format!(
                "{} {} {} {} {} {} ({short}, {ctx}){follows}. «{quote}»",
                text_says(lang),
                n(stated),
                lang.pick("nhưng", "but"),
                catalog.appendices[catalog.get(c.row).appendix].name(lang),
                lang.pick("ghi", "has"),
                nc(found),
            )
        }
        Detail::ClaimPercent {
            stated,
            computed,
            value,
            plan,
            other,
        } => format!(
            "{} {}% {} {} ÷ {} = {} ({short}, {ctx}){}. «{quote}»",
            text_says(lang),
            n(stated),
            lang.pick("nhưng theo phụ lục", "but from the appendix"),
            nc(value),
            nc(plan),
            computed.map_or_else(|| blank.to_string(), |p| format_percent(&p, lang)),
            value.map_or_else(String::new, |v| other_clause(stated, &v, other, lang)),
        ),
        _ => return None,
    })
}

/// A side of a statement as a clerk reads it: `45 HTX hoạt động tốt` (a stated figure in
/// the reader's notation, or as printed when it is digits alone), or a cell with where it stands: `1.599 (Tổng số thành viên HTX,
/// Phụ lục 1, ước thực hiện 2019)`; without its appendix when the sentence names it.
fn side(catalog: &Catalog, o: &Operand, value: &Decimal, with_appendix: bool, lang: Lang) -> String {
    let words = o.words.as_ref().map(|w| w.get(lang));
    match &o.figure {
        Figure::Stated { written, .. } => {
            // Digits alone are shown as printed ("2541", which reads as two figures).
            let n = if written.chars().all(|c| c.is_ascii_digit()) {
                written.clone()
            } else {
                format(value, lang)
            };
            match words {
                Some(w) => format!("{n} {w}"),
                None => n,
            }
        }
        Figure::Cell { row, period } => {
            let ind = catalog.get(*row);
            let name = words.unwrap_or(ind.short.get(lang));
            if with_appendix {
                format!(
                    "{} ({name}, {}, {})",
                    format(value, lang),
                    catalog.appendices[ind.appendix].name(lang),
                    period.name(lang)
                )
            } else {
                format!("{} ({name}, {})", format(value, lang), period.name(lang))
            }
        }
    }
}

/// A statement's finding: its own arithmetic spelled out.
pub(super) fn statement(catalog: &Catalog, st: &Statement, d: &Detail, lang: Lang) -> Option<String> {
    let n = |x: &Decimal| format(x, lang);
    let about = st.about.get(lang);
    let quote = sanitize(&st.quote);
    let (part_op, whole_op) = match &st.check {
        Check::Percent { part, whole, .. } | Check::PartOf { part, whole } => (Some(part), whole),
        Check::Sum { whole, .. } => (None, whole),
    };
    Some(match d {
        Detail::StatedPercent {
            stated,
            part,
            whole,
            computed,
            other,
        } => format!(
            "{} {}% {} {} ÷ {} = {} ({about}){}. «{quote}»",
            text_says(lang),
            n(stated),
            lang.pick("nhưng", "but"),
            side(catalog, part_op?, part, true, lang),
            side(catalog, whole_op, whole, true, lang),
            computed.map_or_else(
                || lang.pick("không tính được", "cannot be worked out").to_string(),
                |p| format_percent(&p, lang)
            ),
            other_clause(stated, part, other, lang),
        ),
        Detail::StatedPartExceeds { part, whole, joined } => {
            let part_op = part_op?;
            let joined = match (joined, &part_op.figure) {
                (Some(first), Figure::Stated { written, .. }) => {
                    let stated = match &st.check {
                        Check::Percent { percent, .. } => Some(*percent),
                        _ => None,
                    };
                    let ratio = crate::domain::attainment::percent(Some(*first), Some(*whole));
                    let matches = match (stated, ratio) {
                        (Some(s), Some(_)) => match lang {
                            Lang::Vi => format!(", khớp với {}% văn bản ghi", n(&s)),
                            Lang::En => format!(", which gives the text's {}%", n(&s)),
                        },
                        _ => String::new(),
                    };
                    format!(
                        "; {} “{}” {} {} {} {} {}{}{matches}",
                        lang.pick("có lẽ", "probably"),
                        sanitize(written),
                        lang.pick("là hai số", "is"),
                        n(first),
                        lang.pick("và", "and"),
                        n(whole),
                        lang.pick("viết liền", "run together"),
                        ratio.map_or_else(String::new, |r| format!(
                            ": {} ÷ {} = {}",
                            n(first),
                            n(whole),
                            format_percent(&r, lang)
                        )),
                    )
                }
                _ => String::new(),
            };
            format!(
                "{} {}, {} {} ({about}){joined}. «{quote}»",
                text_says(lang),
                side(catalog, part_op, part, true, lang),
                lang.pick("nhiều hơn", "more than"),
                side(catalog, whole_op, whole, true, lang),
            )
        }
        Detail::StatedSum { parts, sum, whole } => {
            let Check::Sum { parts: ops, .. } = &st.check else {
                return None;
            };
            let added: Vec<String> = ops
                .iter()
                .zip(parts)
                .map(|(o, v)| side(catalog, o, v, true, lang))
                .collect();
            let added = format!("{} = {}", added.join(" + "), n(sum));
            match &whole_op.figure {
                Figure::Stated { .. } => format!(
                    "{} {} {} {added} ({about}). «{quote}»",
                    text_says(lang),
                    side(catalog, whole_op, whole, true, lang),
                    lang.pick("nhưng", "but"),
                ),
                Figure::Cell { row, .. } => format!(
                    "{} {added} {} {} {} {} ({about}). «{quote}»",
                    text_says(lang),
                    lang.pick("nhưng", "but"),
                    catalog.appendices[catalog.get(*row).appendix].name(lang),
                    lang.pick("ghi", "has"),
                    side(catalog, whole_op, whole, false, lang),
                ),
            }
        }
        _ => return None,
    })
}

/// Why a rebuilt row's total has no funding split: `dòng do kttt dựng lại, số liệu lấy từ
/// phần thuyết minh (phần thuyết minh không chia theo nguồn vốn)`.
pub(super) fn rebuilt(catalog: &Catalog, f: &Finding, from_text: bool, lang: Lang) -> String {
    let rebuilt = f
        .cells
        .first()
        .is_some_and(|k| catalog.get(k.indicator).origin == crate::domain::catalog::Origin::Reconstructed);
    match (rebuilt, from_text) {
        (true, true) => lang
            .pick(
                "; dòng do kttt dựng lại, số liệu lấy từ phần thuyết minh (phần thuyết minh không chia theo nguồn vốn)",
                "; a row kttt rebuilt, its figure from the plan's text (which gives no funding split)",
            )
            .to_string(),
        (true, false) => lang
            .pick(
                "; dòng do kttt dựng lại theo mẫu của Bộ",
                "; a row kttt rebuilt from the ministry's template",
            )
            .to_string(),
        (false, true) => lang
            .pick(
                "; số liệu lấy từ phần thuyết minh (phần thuyết minh không chia theo nguồn vốn)",
                "; the figure is from the plan's text (which gives no funding split)",
            )
            .to_string(),
        (false, false) => String::new(),
    }
}
