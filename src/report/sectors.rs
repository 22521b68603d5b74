//! The assessment's sector breakdown (Phụ lục 2): each "Chia ra" group with every sector's
//! share of the total, and what the shares add up to. Each share is rounded on its own, as a
//! clerk checks it (155 ÷ 201 = 77,1%), never nudged to make 100,0%; when they do not add up
//! to 100,0% the report says why: the sectors add up to more or less than the total, or
//! rounding.

use super::Block;
use super::compose::{Blanks, Reader, sentence_case};
use super::phrase::{self, Ctx, Lead};
use crate::domain::attainment::percent;
use crate::domain::catalog::{FundingId, Section};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// One period's shares: the total, and the sectors' figures that are given.
struct Shares {
    estimate: bool,
    year: i32,
    total: Option<Decimal>,
    parts: Vec<Decimal>,
}

impl Shares {
    /// What the printed shares add up to when it is not 100,0%, and why.
    fn said(&self, unit: &str, c: &Ctx) -> Option<String> {
        let total = self.total?;
        if self.parts.is_empty() {
            return None;
        }
        let printed = self
            .parts
            .iter()
            .map(|p| percent(Some(*p), Some(total)))
            .sum::<Option<Decimal>>()?;
        let sum = self.parts.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b))?;
        let whole = percent(Some(sum), Some(total))?;
        let hundred = Decimal::ONE_HUNDRED;
        if sum == total && printed == hundred {
            return None;
        }
        let when = match (c.lang, self.estimate) {
            (Lang::Vi, true) => format!("ước thực hiện năm {}", self.year),
            (Lang::Vi, false) => format!("kế hoạch năm {}", self.year),
            (Lang::En, true) => format!("for the {} estimate", self.year),
            (Lang::En, false) => format!("for the {} plan", self.year),
        };
        let printed = c.pct(&printed);
        Some(match (sum == total, c.lang) {
            (true, Lang::Vi) => format!("{when} được {printed} do làm tròn, vì mỗi tỷ lệ được làm tròn riêng"),
            (true, Lang::En) => format!("{printed} {when}, by rounding, as each share is rounded on its own"),
            (false, lang) => {
                let rest = if c.pct(&whole) == printed {
                    ""
                } else {
                    c.pick(" (phần chênh còn lại do làm tròn)", " (the rest is rounding)")
                };
                let (sum, whole, total) = (c.fig(&sum, unit), c.pct(&whole), c.fig(&total, unit));
                match lang {
                    Lang::Vi => format!(
                        "{when} được {printed}, vì các ngành cộng lại {sum}, bằng {whole} tổng số {total}{rest}"
                    ),
                    Lang::En => format!(
                        "{printed} {when}, as the sectors add up to {sum}, {whole} of the total of {total}{rest}"
                    ),
                }
            }
        })
    }
}

/// Phụ lục 2: each "Chia ra" group with every sector's share of the total, then what the
/// shares add up to where that is not 100,0%.
pub(super) fn sectors(r: &Reader<'_>, c: &Ctx, out: &mut Vec<Block>) {
    let (d, lang, f) = (r.d, r.d.lang, r.frame);
    let cat = &d.catalog;
    out.push(Block::Heading(
        3,
        format!("4. {}", lang.pick("Phân theo ngành nghề", "By sector")),
    ));
    let t = FundingId::TOTAL;
    for whole in cat
        .indicators
        .iter()
        .filter(|i| i.section == Section::Sector && i.has_values)
    {
        let parts = cat.split_parts(whole.id);
        if parts.is_empty() {
            continue;
        }
        let group = whole
            .parent
            .map(|p| sentence_case(cat.get(p).name.get(lang)))
            .unwrap_or_default();
        let whole_fig = r.figures(whole.id);
        let lead = phrase::headline(&whole_fig, Lead::No, c);
        out.push(Block::Para(if group.is_empty() {
            lead
        } else {
            format!("{group} — {lead}")
        }));
        let whole_name = phrase::lower_first(whole.short.get(lang));
        let whole_name = match lang {
            Lang::Vi => whole_name,
            Lang::En => format!("of {whole_name}"),
        };
        let mut shares = [true, false].map(|estimate| Shares {
            estimate,
            year: if estimate { d.year - 1 } else { d.year },
            total: r.value(whole.id, if estimate { f.estimate_last() } else { f.plan_this() }, t),
            parts: Vec::new(),
        });
        let mut blank = Blanks::default();
        for p in parts {
            let fig = r.figures(p);
            if fig.estimate.is_none() && fig.plan_this.is_none() {
                let kinds = [
                    (true, d.year - 1, fig.estimate_none),
                    (false, d.year, fig.plan_this_none),
                ];
                blank.add(&kinds, fig.name);
                continue;
            }
            shares[0].parts.extend(fig.estimate);
            shares[1].parts.extend(fig.plan_this);
            let share = percent(fig.estimate, shares[0].total);
            let plan_share = percent(fig.plan_this, shares[1].total);
            out.push(Block::Bullet(phrase::sector(&fig, &whole_name, share, plan_share, c)));
        }
        blank.said(c, out);
        let said: Vec<String> = shares.iter().filter_map(|s| s.said(&whole_fig.unit, c)).collect();
        if !said.is_empty() {
            out.push(Block::Para(format!(
                "{}: {}.",
                c.pick("Cộng các tỷ lệ", "Adding up the shares"),
                said.join("; ")
            )));
        }
    }
}
