//! Findings in words a clerk understands, in Vietnamese or English.

use super::{Detail, Finding, RuleKind, RuleSet, Severity};
use crate::domain::catalog::{Catalog, FundingId, IndicatorId};
use crate::domain::number::format;
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// Names the cells' period (and funding source and org unit when they matter) for a message.
fn context(catalog: &Catalog, f: &Finding, lang: Lang) -> String {
    let mut s = f.period.name(lang);
    if f.funding != FundingId::TOTAL {
        s.push_str(", ");
        s.push_str(catalog.fundings[f.funding.0 as usize].name.get(lang));
    }
    s
}

/// A name for an indicator in a message, with its appendix when the other side is elsewhere.
fn named(catalog: &Catalog, id: IndicatorId, other: Option<IndicatorId>, lang: Lang) -> String {
    let ind = catalog.get(id);
    let name = ind.short.get(lang).to_string();
    let Some(o) = other.map(|o| catalog.get(o)) else {
        return name;
    };
    if ind.origin == crate::domain::catalog::Origin::Narrative {
        format!("{name} ({})", lang.pick("thuyết minh", "plan's text"))
    } else if o.appendix != ind.appendix || o.origin == crate::domain::catalog::Origin::Narrative {
        format!("{name} ({})", catalog.appendices[ind.appendix].name(lang))
    } else {
        name
    }
}

/// The finding in words a clerk understands: the rule, the cells and both sides, and when a
/// side is a roll-up that misses units below it, how far it reaches.
pub fn describe(catalog: &Catalog, rules: &RuleSet, f: &Finding, lang: Lang) -> String {
    let text = sides(catalog, rules, f, lang);
    match f.partial {
        Some(c) => format!(
            "{text} — {} {}",
            lang.pick("~ số cộng chưa đủ:", "~ a partial roll-up:"),
            c.text(lang)
        ),
        None => text,
    }
}

fn sides(catalog: &Catalog, rules: &RuleSet, f: &Finding, lang: Lang) -> String {
    let rule = rules.get(f.rule);
    let n = |d: &Decimal| format(d, lang);
    let blank = lang.pick("không có số liệu", "no figure");
    let nc = |d: &Option<Decimal>| d.map_or_else(|| blank.to_string(), |d| format(&d, lang));
    let ctx = context(catalog, f, lang);
    match (&rule.kind, &f.detail) {
        (RuleKind::SplitSum { whole, .. }, d) => {
            let w = catalog.get(*whole);
            let parts = w.parts_label.as_ref().map_or_else(
                || lang.pick("Tổng các dòng chia ra", "Sum of the parts").to_string(),
                |t| t.get(lang).to_string(),
            );
            let wn = w.short.get(lang);
            match d {
                Detail::SumMismatch { sum, whole } => format!("{parts} {} ≠ {wn} {} ({ctx})", n(sum), n(whole)),
                Detail::PartsMissing { whole } => format!(
                    "{wn} {} {} ({ctx})",
                    n(whole),
                    lang.pick(
                        "nhưng các dòng chia ra không có số liệu",
                        "but none of its parts has a figure"
                    )
                ),
                Detail::WholeMissing { sum } => format!(
                    "{wn} {} {parts} {} ({ctx})",
                    lang.pick("không có số liệu nhưng", "has no figure but"),
                    n(sum)
                ),
                _ => String::new(),
            }
        }
        (RuleKind::PartOfWhole { whole, part }, Detail::PartExceeds { part: x, whole: w }) => format!(
            "{} {} {} {} {} ({ctx})",
            catalog.get(*part).short.get(lang),
            n(x),
            lang.pick("lớn hơn", "is larger than"),
            catalog.get(*whole).short.get(lang),
            n(w)
        ),
        (RuleKind::DisjointParts { whole, .. }, Detail::PartsExceed { sum, whole: w }) => format!(
            "{} {} {} {} {} ({ctx})",
            lang.pick("Cộng các dòng “Trong đó”", "The “of which” rows together,"),
            n(sum),
            lang.pick("lớn hơn", "exceed"),
            catalog.get(*whole).short.get(lang),
            n(w)
        ),
        (RuleKind::FundingSum { row, .. }, d) => {
            let name = catalog.get(*row).short.get(lang);
            let parts: Vec<&str> = catalog
                .funding_parts()
                .iter()
                .map(|p| catalog.fundings[p.0 as usize].abbr.get(lang))
                .collect();
            let parts = parts.join(" + ");
            let total = catalog.fundings[0].name.get(lang);
            match d {
                Detail::FundingMismatch { total: t, sum } => {
                    format!("{name}: {parts} = {} ≠ {total} {} ({ctx})", n(sum), n(t))
                }
                Detail::FundingPartsMissing { total: t, from_text } => format!(
                    "{name}: {total} {} {} ({ctx}){}",
                    n(t),
                    lang.pick("chưa chia theo nguồn vốn", "is not split by funding source"),
                    super::describe_text::rebuilt(catalog, f, *from_text, lang)
                ),
                Detail::FundingTotalMissing { sum } => format!(
                    "{name}: {parts} = {} {} {total} ({ctx})",
                    n(sum),
                    lang.pick("nhưng không có số liệu", "but there is no figure for the")
                ),
                _ => String::new(),
            }
        }
        (
            RuleKind::StockFlow { stock, inflow, outflow },
            Detail::StockFlow {
                from,
                before,
                inflow: i,
                outflow: o,
                after,
                expected,
            },
        ) => {
            let s = catalog.get(*stock).short.get(lang);
            let inn = catalog.get(*inflow).short.get(lang);
            match (outflow, o) {
                (Some(oid), Some(o)) => format!(
                    "{s} {} {} {}, {} {} ({}) + {} {inn} − {} {} = {}",
                    f.period.name(lang),
                    lang.pick("là", "is"),
                    n(after),
                    lang.pick("nhưng", "but"),
                    n(before),
                    from.name(lang),
                    n(i),
                    n(o),
                    catalog.get(*oid).short.get(lang),
                    n(expected)
                ),
                _ => format!(
                    "{s} {} {} {}, {} {} ({}) + {} {inn} = {}",
                    f.period.name(lang),
                    lang.pick("là", "is"),
                    n(after),
                    lang.pick("nhiều hơn", "more than"),
                    n(before),
                    from.name(lang),
                    n(i),
                    n(expected)
                ),
            }
        }
        (
            RuleKind::Equal { left, right, .. },
            Detail::SideNotReported {
                appendix,
                left_blank,
                other,
            },
        ) => {
            let (blank, given) = if *left_blank { (*left, *right) } else { (*right, *left) };
            format!(
                "{} {} ({ctx}): {} {} {} {} {}",
                catalog.appendices[*appendix].name(lang),
                lang.pick("chưa có số liệu", "has no figures"),
                lang.pick("chưa so được", "cannot compare"),
                named(catalog, blank, Some(given), lang),
                lang.pick("với", "with"),
                named(catalog, given, Some(blank), lang),
                n(other),
            )
        }
        (
            RuleKind::RollUp { row },
            Detail::RollUpDiffers {
                entered,
                rolled,
                covered,
                expected,
                level,
                mapped,
            },
        ) => {
            let parts = if *mapped {
                lang.pick("các đơn vị cũ", "the former units").to_string()
            } else {
                match level {
                    Some(l) => format!("{} {}", lang.pick("các", "the"), plural(l.name(lang), lang)),
                    None => lang.pick("các đơn vị cấp dưới", "the units below").to_string(),
                }
            };
            format!(
                "{}: {} {}, {parts} {} {} ({covered}/{expected} {}) ({ctx})",
                catalog.get(*row).short.get(lang),
                lang.pick("số nhập", "entered"),
                n(entered),
                lang.pick("cộng lại", "add up to"),
                n(rolled),
                level.map_or(String::new(), |l| plural(l.name(lang), lang)),
            )
        }
        (RuleKind::Equal { left, right, .. }, Detail::NotEqual { left: l, right: r }) => format!(
            "{} {} ≠ {} {} ({ctx})",
            named(catalog, *left, Some(*right), lang),
            nc(l),
            named(catalog, *right, Some(*left), lang),
            nc(r)
        ),
        (RuleKind::Claim(c), d) => {
            super::describe_text::claim(catalog, c, d, &ctx, lang).unwrap_or_else(|| format!("{} ({ctx})", rule.id))
        }
        (RuleKind::Statement(st), d) => {
            super::describe_text::statement(catalog, st, d, lang).unwrap_or_else(|| format!("{} ({ctx})", rule.id))
        }
        (RuleKind::Kind { row }, Detail::BadKind(e)) => {
            format!("{} ({ctx})", e.message(catalog.get(*row).short.get(lang), lang))
        }
        (RuleKind::Jump { row }, Detail::Jump { value, jump }) => format!(
            "{} {} {} {} {} {} {} ({}); {} ({ctx})",
            catalog.get(*row).short.get(lang),
            n(value),
            lang.pick("gấp", "is"),
            n(&jump.factor),
            lang.pick("lần", "times"),
            lang.pick("số", "the figure of"),
            jump.reference.period.label(lang),
            n(&jump.reference.value),
            lang.pick(
                "kiểm tra lại dấu phân cách và đơn vị tính",
                "check the separators and the unit"
            )
        ),
        _ => format!("{} ({ctx})", rule.id),
    }
}

/// Counts of findings by severity: (errors, warnings, notes).
pub fn tally(findings: &[Finding]) -> (usize, usize, usize) {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    (count(Severity::Error), count(Severity::Warning), count(Severity::Info))
}

/// A level's name for several units: `huyện` stays, `district` becomes `districts`.
fn plural(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => name.to_string(),
        Lang::En => format!("{name}s"),
    }
}
