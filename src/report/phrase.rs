//! The sentences of the assessment, in the published plan's phrasing ("Tổng số HTX trên địa
//! bàn tỉnh ước đến hết năm 2019 có 176/172 HTX kế hoạch, đạt 102,3%") or in English. A
//! blank figure is never said as zero: "không có" where the published appendix prints “-”
//! (none), "chưa có số liệu" where nothing was reported.

use crate::domain::number::{format, format_percent};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// What the sentences need to know besides the figures.
pub(super) struct Ctx {
    pub lang: Lang,
    /// The plan year N.
    pub year: i32,
    /// `trên địa bàn tỉnh` / `in the province`.
    pub area: String,
}

impl Ctx {
    /// The words in the report's language.
    pub fn pick<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    /// `chưa có số liệu` / `no figure yet`.
    pub fn blank(&self) -> &'static str {
        self.lang.pick("chưa có số liệu", "no figure yet")
    }

    /// `không có` / `none`: what the appendix's “-” says.
    pub fn none(&self) -> &'static str {
        self.lang.pick("không có", "none")
    }

    /// A blank figure for what it is: `kế hoạch năm 2020 chưa có số liệu` (not reported) or
    /// `kế hoạch năm 2020 không có` (the appendix prints “-”).
    pub fn absent(&self, estimate: bool, year: i32, none: bool) -> String {
        let what = match (self.lang, estimate) {
            (Lang::Vi, true) => "ước thực hiện năm",
            (Lang::Vi, false) => "kế hoạch năm",
            (Lang::En, true) => "estimate",
            (Lang::En, false) => "plan",
        };
        match (self.lang, none) {
            (Lang::Vi, false) => format!("{what} {year} chưa có số liệu"),
            (Lang::Vi, true) => format!("{what} {year} không có"),
            (Lang::En, false) => format!("no figure yet for the {year} {what}"),
            (Lang::En, true) => format!("none for the {year} {what}"),
        }
    }

    /// A figure with its unit: `1.599 người` (`1 union`, `2 unions`).
    pub fn fig(&self, v: &Decimal, unit: &str) -> String {
        let unit = match unit.strip_suffix('s') {
            Some(one) if self.lang == Lang::En && *v == Decimal::ONE => one,
            _ => unit,
        };
        if unit.is_empty() {
            format(v, self.lang)
        } else {
            format!("{} {unit}", format(v, self.lang))
        }
    }

    /// A percentage: `102,3%`.
    pub fn pct(&self, p: &Decimal) -> String {
        format_percent(p, self.lang)
    }
}

/// An indicator's figures for one sentence.
#[derive(Clone, Debug, Default)]
pub(super) struct Figures {
    /// The short name: `Tổng số HTX`.
    pub name: String,
    /// The unit as written in a sentence: `HTX`, `người`, `triệu đồng/năm`.
    pub unit: String,
    /// An amount or an average rather than a count ("ước đạt 625 triệu đồng").
    pub amount: bool,
    pub plan_last: Option<Decimal>,
    pub estimate: Option<Decimal>,
    pub plan_this: Option<Decimal>,
    /// Which blanks the appendix prints as “-” (none): the plan of N-1, its estimate, the
    /// plan of N.
    pub plan_last_none: bool,
    pub estimate_none: bool,
    pub plan_this_none: bool,
    /// Estimate ÷ plan of N-1.
    pub attainment: Option<Decimal>,
    /// Plan N ÷ estimate N-1.
    pub growth: Option<Decimal>,
    /// For a rolled-up estimate: `3/8 huyện báo cáo`.
    pub estimate_cover: Option<String>,
    /// For a rolled-up plan: `3/8 huyện báo cáo`.
    pub plan_cover: Option<String>,
}

/// How a section's first sentence is phrased, after the published plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lead {
    /// "Tổng số HTX trên địa bàn tỉnh ước đến hết năm 2019 có 176/172 HTX kế hoạch, đạt 102,3%".
    Ratio,
    /// "Tổng số THT: ước đến hết năm 2019 trên địa bàn tỉnh có 107 THT, đạt 133,8% kế hoạch (80 THT)".
    Count,
    /// Not a lead: "Tổng số thành viên HTX: 1.599/1.520 người kế hoạch, ước đạt 105,2%".
    No,
}

fn covered(c: &Ctx, cover: &Option<String>) -> String {
    cover.as_ref().map_or_else(String::new, |t| {
        format!(" ({}: {t})", c.pick("số tổng hợp", "rolled up"))
    })
}

/// The first half of an indicator's sentence: the estimate of N-1 against its plan.
fn estimate_clause(f: &Figures, lead: Lead, c: &Ctx) -> String {
    let prev = c.year - 1;
    let u = &f.unit;
    let cov = covered(c, &f.estimate_cover);
    // The attainment with the words around it, or nothing when it cannot be worked out.
    let att = |vi: (&str, &str), en: (&str, &str)| -> String {
        let (pre, post) = if c.lang == Lang::Vi { vi } else { en };
        f.attainment
            .map_or_else(String::new, |a| format!("{pre}{}{post}", c.pct(&a)))
    };
    let vi = c.lang == Lang::Vi;
    match (f.estimate, f.plan_last) {
        (Some(e), Some(k)) => {
            let (e_n, e_u, k_u) = (format(&e, c.lang), c.fig(&e, u), c.fig(&k, u));
            let (name, area) = (&f.name, &c.area);
            match lead {
                Lead::Ratio if vi => format!(
                    "{name} {area} ước đến hết năm {prev} có {e_n}/{k_u} kế hoạch{}{cov}",
                    att((", đạt ", ""), ("", ""))
                ),
                Lead::Ratio => format!(
                    "{name} {area}: an estimated {e_n}/{k_u} planned by the end of {prev}{}{cov}",
                    att(("", ""), (", ", " of plan"))
                ),
                Lead::Count if vi => format!(
                    "{name}: ước đến hết năm {prev} {area} có {e_u}{cov}{} ({k_u})",
                    att((", đạt ", " kế hoạch"), ("", ""))
                ),
                Lead::Count => format!(
                    "{name}: an estimated {e_u} {area} by the end of {prev}{cov}{} (plan: {k_u})",
                    att(("", ""), (", ", " of plan"))
                ),
                Lead::No if !f.amount => format!(
                    "{name}: {e_n}/{k_u} {}{cov}{}",
                    c.pick("kế hoạch", "planned"),
                    att((", ước đạt ", ""), (", an estimated ", " of plan"))
                ),
                Lead::No => format!(
                    "{name}: {} {e_u}{cov}{} ({}{k_u})",
                    c.pick("ước đạt", "an estimated"),
                    att((", bằng ", " kế hoạch"), (", ", " of plan")),
                    c.pick("", "plan: ")
                ),
            }
        }
        (Some(e), None) => {
            let head = match lead {
                Lead::Ratio => format!("{} {}", f.name, c.area),
                _ => f.name.clone(),
            };
            format!(
                "{head}: {} {}{cov} ({})",
                c.pick("ước đạt", "an estimated"),
                c.fig(&e, u),
                c.absent(false, prev, f.plan_last_none)
            )
        }
        (None, plan) => {
            let head = match lead {
                Lead::Ratio | Lead::Count => format!("{} {}", f.name, c.area),
                Lead::No => f.name.clone(),
            };
            let plan = plan.map_or_else(
                || format!("; {}", c.absent(false, prev, f.plan_last_none)),
                |k| format!(" ({} {})", c.pick("kế hoạch", "plan:"), c.fig(&k, u)),
            );
            format!("{head}: {}{plan}", c.absent(true, prev, f.estimate_none))
        }
    }
}

/// The second half: the plan of N and its growth over the estimate.
fn plan_clause(f: &Figures, c: &Ctx) -> String {
    let (year, prev) = (c.year, c.year - 1);
    match f.plan_this {
        None => c.absent(false, year, f.plan_this_none),
        Some(z) => {
            let growth = f.growth.map_or_else(String::new, |g| match c.lang {
                Lang::Vi => format!(", bằng {} so với ước thực hiện năm {prev}", c.pct(&g)),
                Lang::En => format!(", {} of the estimate for {prev}", c.pct(&g)),
            });
            format!(
                "{} {year}: {}{}{growth}",
                c.pick("kế hoạch năm", "plan for"),
                c.fig(&z, &f.unit),
                covered(c, &f.plan_cover)
            )
        }
    }
}

/// The sentence of a headline indicator: the estimate of N-1 against its plan and the
/// attainment, then the plan of N and its growth.
pub(super) fn headline(f: &Figures, lead: Lead, c: &Ctx) -> String {
    format!("{}; {}.", estimate_clause(f, lead, c), plan_clause(f, c))
}

/// A sector's sentence: its estimate with its share of the total ("chiếm 75,6% tổng số
/// HTX"), its attainment, and its plan with its share of the planned total.
pub(super) fn sector(f: &Figures, whole: &str, share: Option<Decimal>, plan_share: Option<Decimal>, c: &Ctx) -> String {
    let prev = c.year - 1;
    let u = &f.unit;
    let share_of = |s: Option<Decimal>, of: &str| {
        s.map_or_else(String::new, |s| {
            format!(", {} {}{of}", c.pick("chiếm", "making up"), c.pct(&s))
        })
    };
    let est = match f.estimate {
        Some(e) => {
            let att = match (f.attainment, f.plan_last) {
                (Some(a), Some(k)) => match c.lang {
                    Lang::Vi => format!(", đạt {} kế hoạch ({})", c.pct(&a), c.fig(&k, u)),
                    Lang::En => format!(", {} of plan ({})", c.pct(&a), c.fig(&k, u)),
                },
                (None, Some(k)) => format!(" ({} {})", c.pick("kế hoạch", "plan:"), c.fig(&k, u)),
                _ => String::new(),
            };
            format!(
                "{}: {} {prev} {} {}{}{}{att}",
                f.name,
                c.pick("ước thực hiện năm", "the estimate for"),
                c.pick("có", "is"),
                c.fig(&e, u),
                covered(c, &f.estimate_cover),
                share_of(share, &format!(" {whole}"))
            )
        }
        None => format!("{}: {}", f.name, c.absent(true, prev, f.estimate_none)),
    };
    let plan = match f.plan_this {
        Some(z) => format!(
            "{} {}: {}{}",
            c.pick("kế hoạch năm", "plan for"),
            c.year,
            c.fig(&z, u),
            share_of(plan_share, "")
        ),
        None => c.absent(false, c.year, f.plan_this_none),
    };
    format!("{est}; {plan}.")
}

/// A figure of a policy, or what its blank is: the appendix's “-” (none) or not reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Shown {
    pub value: Option<Decimal>,
    pub none: bool,
}

impl Shown {
    fn said(&self, unit: &str, c: &Ctx) -> String {
        match (self.value, self.none) {
            (Some(v), _) => c.fig(&v, unit),
            (None, true) => c.none().to_string(),
            (None, false) => c.blank().to_string(),
        }
    }
}

/// One period of a policy's support, by funding source: `tổng số 16 HTX (CTMTQG XD Nông thôn
/// mới: 16 HTX; nguồn vốn khác: không có)`; a total the source gives without its split:
/// `tổng số 6 HTX (chưa chia theo nguồn vốn)`.
pub(super) fn by_funding(total: Shown, parts: &[(String, Shown)], unit: &str, c: &Ctx) -> String {
    if total.value.is_none() && parts.iter().all(|(_, v)| v.value.is_none()) {
        let none = total.none || parts.iter().any(|(_, v)| v.none);
        return if none { c.none() } else { c.blank() }.to_string();
    }
    let split = if total.value.is_some() && parts.iter().all(|(_, v)| *v == Shown::default()) {
        c.pick("chưa chia theo nguồn vốn", "not split by funding source")
            .to_string()
    } else {
        parts
            .iter()
            .map(|(name, v)| format!("{name}: {}", v.said(unit, c)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    format!("{} {} ({split})", c.pick("tổng số", "total"), total.said(unit, c))
}

/// A policy's sentence: its support by funding source in the estimate of N-1 and the plan of
/// N, and the plan's growth.
pub(super) fn policy(name: &str, estimate: String, plan: String, growth: Option<Decimal>, c: &Ctx) -> String {
    let prev = c.year - 1;
    let growth = growth.map_or_else(String::new, |g| match c.lang {
        Lang::Vi => format!(", bằng {} so với ước thực hiện năm {prev}", c.pct(&g)),
        Lang::En => format!(", {} of the estimate for {prev}", c.pct(&g)),
    });
    let sep = c.pick("", ":");
    format!(
        "{name}: {} {prev}{sep} {estimate}; {} {}{sep} {plan}{growth}.",
        c.pick("ước thực hiện năm", "estimate for"),
        c.pick("kế hoạch năm", "plan for"),
        c.year
    )
}

/// A unit name as written in a sentence: `người` rather than `Người`, `triệu đồng/năm`
/// rather than `Tr đồng/năm`; acronyms (`HTX`, `LH HTX`) stay as they are.
pub(super) fn sentence_unit(name: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return name.to_string();
    }
    let name = match name.strip_prefix("Tr đồng") {
        Some(rest) => format!("triệu đồng{rest}"),
        None => name.to_string(),
    };
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => lower_first(&name),
        _ => name,
    }
}

/// The text with its first letter in lower case: `tổng số HTX`.
pub(super) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str_exact(s).unwrap())
    }

    fn ctx(lang: Lang) -> Ctx {
        Ctx {
            lang,
            year: 2020,
            area: lang.pick("trên địa bàn tỉnh", "in the province").into(),
        }
    }

    fn htx() -> Figures {
        Figures {
            name: "Tổng số HTX".into(),
            unit: "HTX".into(),
            plan_last: d("172"),
            estimate: d("176"),
            plan_this: d("201"),
            attainment: d("102.3"),
            growth: d("114.2"),
            ..Figures::default()
        }
    }

    #[test]
    fn the_published_phrasing() {
        assert_eq!(
            headline(&htx(), Lead::Ratio, &ctx(Lang::Vi)),
            "Tổng số HTX trên địa bàn tỉnh ước đến hết năm 2019 có 176/172 HTX kế hoạch, đạt 102,3%; \
             kế hoạch năm 2020: 201 HTX, bằng 114,2% so với ước thực hiện năm 2019."
        );
        let tht = Figures {
            name: "Tổng số THT".into(),
            unit: "THT".into(),
            plan_last: d("80"),
            estimate: d("107"),
            plan_this: d("150"),
            attainment: d("133.8"),
            growth: d("140.2"),
            ..Figures::default()
        };
        assert_eq!(
            headline(&tht, Lead::Count, &ctx(Lang::Vi)),
            "Tổng số THT: ước đến hết năm 2019 trên địa bàn tỉnh có 107 THT, đạt 133,8% kế hoạch (80 THT); \
             kế hoạch năm 2020: 150 THT, bằng 140,2% so với ước thực hiện năm 2019."
        );
        let revenue = Figures {
            name: "Doanh thu bình quân một HTX".into(),
            unit: sentence_unit("Tr đồng/năm", Lang::Vi),
            amount: true,
            plan_last: d("850"),
            estimate: d("625"),
            plan_this: d("650"),
            attainment: d("73.5"),
            growth: d("104.0"),
            ..Figures::default()
        };
        assert_eq!(
            headline(&revenue, Lead::No, &ctx(Lang::Vi)),
            "Doanh thu bình quân một HTX: ước đạt 625 triệu đồng/năm, bằng 73,5% kế hoạch (850 triệu đồng/năm); \
             kế hoạch năm 2020: 650 triệu đồng/năm, bằng 104,0% so với ước thực hiện năm 2019."
        );
        assert_eq!(
            headline(&htx(), Lead::Ratio, &ctx(Lang::En)),
            "Tổng số HTX in the province: an estimated 176/172 HTX planned by the end of 2019, 102.3% of plan; \
             plan for 2020: 201 HTX, 114.2% of the estimate for 2019."
        );
    }

    #[test]
    fn a_blank_is_said_never_zero() {
        let f = Figures {
            estimate: None,
            attainment: None,
            plan_this: None,
            growth: None,
            ..htx()
        };
        let s = headline(&f, Lead::No, &ctx(Lang::Vi));
        assert_eq!(
            s,
            "Tổng số HTX: ước thực hiện năm 2019 chưa có số liệu (kế hoạch 172 HTX); kế hoạch năm 2020 chưa có số liệu."
        );
        assert!(!s.contains(" 0 "));
        let c = ctx(Lang::Vi);
        let missing = Shown::default();
        let none = Shown {
            value: None,
            none: true,
        };
        let fig = |s: &str| Shown {
            value: d(s),
            none: false,
        };
        assert_eq!(
            by_funding(missing, &[("CTMTQG".into(), missing)], "HTX", &c),
            "chưa có số liệu"
        );
        assert_eq!(by_funding(none, &[("CTMTQG".into(), none)], "HTX", &c), "không có");
        assert_eq!(
            by_funding(
                fig("16"),
                &[("CTMTQG".into(), fig("16")), ("Vốn khác".into(), none)],
                "HTX",
                &c
            ),
            "tổng số 16 HTX (CTMTQG: 16 HTX; Vốn khác: không có)"
        );
        assert_eq!(
            by_funding(
                fig("16"),
                &[("CTMTQG".into(), fig("16")), ("Vốn khác".into(), missing)],
                "HTX",
                &c
            ),
            "tổng số 16 HTX (CTMTQG: 16 HTX; Vốn khác: chưa có số liệu)"
        );
        assert_eq!(
            by_funding(
                fig("6"),
                &[("CTMTQG".into(), missing), ("Vốn khác".into(), missing)],
                "HTX",
                &c
            ),
            "tổng số 6 HTX (chưa chia theo nguồn vốn)"
        );
    }

    #[test]
    fn a_dash_is_none_not_missing() {
        let f = Figures {
            estimate: None,
            estimate_none: true,
            attainment: None,
            growth: None,
            ..htx()
        };
        assert_eq!(
            headline(&f, Lead::Ratio, &ctx(Lang::Vi)),
            "Tổng số HTX trên địa bàn tỉnh: ước thực hiện năm 2019 không có (kế hoạch 172 HTX); kế hoạch năm 2020: 201 HTX."
        );
        assert_eq!(
            headline(&f, Lead::Ratio, &ctx(Lang::En)),
            "Tổng số HTX in the province: none for the 2019 estimate (plan: 172 HTX); plan for 2020: 201 HTX."
        );
    }

    #[test]
    fn units_in_sentences() {
        assert_eq!(sentence_unit("Người", Lang::Vi), "người");
        assert_eq!(sentence_unit("HTX", Lang::Vi), "HTX");
        assert_eq!(sentence_unit("LH HTX", Lang::Vi), "LH HTX");
        assert_eq!(sentence_unit("Tr đồng", Lang::Vi), "triệu đồng");
        assert_eq!(lower_first("Tổng số HTX"), "tổng số HTX");
    }
}
