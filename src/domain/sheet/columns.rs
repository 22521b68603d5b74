//! The columns of an appendix for a plan year: the stored figures (periods, and in Phụ lục 3
//! their funding sources) and the computed percentages, with their heads and stable names.

use crate::domain::catalog::{Catalog, FundingId, Layout};
use crate::domain::period::{Period, PlanFrame};
use crate::i18n::Lang;

/// What a column shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// A stored figure.
    Value { period: Period, funding: FundingId },
    /// `ƯTH/KH N-1 (%)`: the estimate ÷ the plan of the same year.
    Attainment { achieved: Period, plan: Period },
    /// `KH N/ƯTH N-1 (%)`: next plan ÷ the estimate.
    Growth { next: Period, base: Period },
}

impl ColumnKind {
    /// Whether the column is computed (not editable).
    pub fn is_computed(self) -> bool {
        !matches!(self, ColumnKind::Value { .. })
    }

    /// The column head in two lines (`ƯTH` / `2019`, `ƯTH/KH` / `2019 %`).
    pub fn head(self, catalog: &Catalog, lang: Lang) -> (String, String) {
        match self {
            ColumnKind::Value { period, funding } => {
                if funding == FundingId::TOTAL {
                    (period.kind.short(lang).to_string(), period.year.to_string())
                } else {
                    (
                        catalog.fundings[funding.0 as usize].abbr.get(lang).to_string(),
                        format!("{}{}", period.kind.short(lang), period.year % 100),
                    )
                }
            }
            ColumnKind::Attainment { achieved, plan } => (
                format!("{}/{}", achieved.kind.short(lang), plan.kind.short(lang)),
                format!("{} %", plan.year),
            ),
            ColumnKind::Growth { next, base } => (
                format!("{}/{}", next.kind.short(lang), base.kind.short(lang)),
                format!("{}/{} %", next.year % 100, base.year % 100),
            ),
        }
    }

    /// The column head in one line, for text output (`ƯTH 2019`, `ƯTH/KH 2019 (%)`).
    pub fn title(self, catalog: &Catalog, lang: Lang) -> String {
        match self {
            ColumnKind::Value { period, funding } if funding != FundingId::TOTAL => format!(
                "{} {}",
                period.label(lang),
                catalog.fundings[funding.0 as usize].abbr.get(lang)
            ),
            ColumnKind::Value { period, .. } => period.label(lang),
            ColumnKind::Attainment { achieved, plan } => format!(
                "{}/{} {} (%)",
                achieved.kind.short(lang),
                plan.kind.short(lang),
                plan.year
            ),
            ColumnKind::Growth { next, base } => format!(
                "{} {}/{} {} (%)",
                next.kind.short(lang),
                next.year,
                base.kind.short(lang),
                base.year
            ),
        }
    }

    /// A stable machine name: `TH2018`, `TH2018.ntm`, `pct.UTH2019/KH2019`.
    pub fn id(self, catalog: &Catalog) -> String {
        match self {
            ColumnKind::Value { period, funding } if funding == FundingId::TOTAL => period.tag(),
            ColumnKind::Value { period, funding } => {
                format!("{}.{}", period.tag(), catalog.fundings[funding.0 as usize].code)
            }
            ColumnKind::Attainment { achieved, plan } => format!("pct.{}/{}", achieved.tag(), plan.tag()),
            ColumnKind::Growth { next, base } => format!("pct.{}/{}", next.tag(), base.tag()),
        }
    }
}

/// The columns of an appendix layout for a plan year.
pub fn columns(catalog: &Catalog, layout: Layout, frame: PlanFrame) -> Vec<ColumnKind> {
    let t = FundingId::TOTAL;
    match layout {
        Layout::Plan => {
            let mut c: Vec<ColumnKind> = frame
                .periods()
                .iter()
                .map(|p| ColumnKind::Value { period: *p, funding: t })
                .collect();
            c.push(ColumnKind::Attainment {
                achieved: frame.estimate_last(),
                plan: frame.plan_last(),
            });
            c.push(ColumnKind::Growth {
                next: frame.plan_this(),
                base: frame.estimate_last(),
            });
            c
        }
        Layout::Funding => {
            let mut c = Vec::new();
            for p in [frame.actual_before_last(), frame.estimate_last(), frame.plan_this()] {
                for f in catalog.fundings_printed() {
                    c.push(ColumnKind::Value {
                        period: p,
                        funding: f.id,
                    });
                }
            }
            c.push(ColumnKind::Growth {
                next: frame.plan_this(),
                base: frame.estimate_last(),
            });
            c
        }
    }
}
