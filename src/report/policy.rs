//! The assessment's policy support (Phụ lục 3): each headline or `written` support by
//! funding source, then the 2019 results the plan's text reports for policies the appendix
//! has no row for (training, young graduates, trade promotion, capital, founding,
//! processing).

use super::Block;
use super::compose::{Blanks, Reader, upper_first};
use super::phrase::{self, Ctx, Shown};
use crate::domain::catalog::{FundingId, Origin, Section};
use crate::domain::period::Period;

/// Phụ lục 3: each headline (or `written`) support by funding source.
pub(super) fn policy(r: &Reader<'_>, c: &Ctx, out: &mut Vec<Block>) {
    let (d, lang, f) = (r.d, r.d.lang, r.frame);
    let cat = &d.catalog;
    let parts = cat.funding_parts();
    let mut blank = Blanks::default();
    for ind in cat
        .indicators
        .iter()
        .filter(|i| (i.headline || i.written) && i.section == Section::Policy && i.funded)
    {
        let periods = [f.estimate_last(), f.plan_this()];
        let any = periods.iter().any(|p| {
            cat.fundings_of(ind.id)
                .iter()
                .any(|fu| r.value(ind.id, *p, *fu).is_some())
        });
        if !any {
            let kinds = periods.map(|p| (p == f.estimate_last(), p.year, r.none(ind.id, p, FundingId::TOTAL)));
            blank.add(&kinds, upper_first(ind.short.get(lang)));
            continue;
        }
        let unit = phrase::sentence_unit(cat.unit_name(ind.id, lang), lang);
        let period = |p: Period| {
            let split: Vec<(String, Shown)> = parts
                .iter()
                .map(|fu| {
                    (
                        cat.fundings[fu.0 as usize].name.get(lang).to_string(),
                        r.shown(ind.id, p, *fu),
                    )
                })
                .collect();
            phrase::by_funding(r.shown(ind.id, p, FundingId::TOTAL), &split, &unit, c)
        };
        out.push(Block::Bullet(phrase::policy(
            &upper_first(ind.short.get(lang)),
            period(f.estimate_last()),
            period(f.plan_this()),
            r.computed(ind.id, true),
            c,
        )));
    }
    blank.said(c, out);
}

/// The results of N-1 that only the plan's text reports: under its heading, one line per
/// policy with each of its figures (`Chính sách đào tạo, bồi dưỡng nguồn nhân lực: số lượt
/// cán bộ, thành viên hợp tác xã tham gia bồi dưỡng 350 lượt người; tổng kinh phí hỗ trợ 320
/// triệu đồng.`). Nothing when the text gives none for the year.
pub(super) fn text_results(r: &Reader<'_>, c: &Ctx, out: &mut Vec<Block>) {
    let (d, lang, f) = (r.d, r.d.lang, r.frame);
    let cat = &d.catalog;
    let narrative =
        |i: &&crate::domain::catalog::Indicator| i.section == Section::Policy && i.origin == Origin::Narrative;
    for root in cat
        .indicators
        .iter()
        .filter(|i| i.in_form)
        .filter(narrative)
        .filter(|i| i.parent.is_none())
    {
        let mut lines = Vec::new();
        for policy in root.children.iter().map(|p| cat.get(*p)) {
            let said: Vec<String> = policy
                .children
                .iter()
                .filter_map(|x| {
                    let v = r.value(*x, f.estimate_last(), FundingId::TOTAL)?;
                    let ind = cat.get(*x);
                    let name = ind.name.get(lang).trim_start_matches("- ");
                    let unit = phrase::sentence_unit(cat.unit_name(*x, lang), lang);
                    Some(format!("{} {}", phrase::lower_first(name), c.fig(&v, &unit)))
                })
                .collect();
            if !said.is_empty() {
                lines.push(format!("{}: {}.", policy.name.get(lang), said.join("; ")));
            }
        }
        if !lines.is_empty() {
            out.push(Block::Para(format!("{}:", root.name.get(lang))));
            out.extend(lines.into_iter().map(Block::Bullet));
        }
    }
}
