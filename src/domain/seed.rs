//! The seed document's figures (`assets/seed/*.toml`): read exactly as published, in the
//! published Vietnamese notation, into cells of the catalog.

use crate::domain::catalog::{Catalog, FundingId, IndicatorId};
use crate::domain::number;
use crate::domain::org::OrgId;
use crate::domain::period::Period;
use crate::domain::values::{Cell, CellKey, Dataset, Source};
use crate::i18n::{Lang, Text};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One published figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedValue {
    pub indicator: IndicatorId,
    pub period: Period,
    pub funding: FundingId,
    /// `None` where the appendix prints "-" or nothing.
    pub value: Option<Decimal>,
    pub source: Source,
    pub note: Option<String>,
}

/// A seed document: its identity, the plan it belongs to and its figures.
#[derive(Clone, Debug)]
pub struct Seed {
    pub document: String,
    pub title: Text,
    pub org_unit: String,
    pub plan_year: i32,
    pub values: Vec<SeedValue>,
}

#[derive(Deserialize)]
struct RawSeed {
    document: String,
    #[allow(dead_code)]
    date: String,
    title_vi: String,
    title_en: String,
    org_unit: String,
    plan_year: i32,
    #[serde(rename = "phu-luc-1")]
    phu_luc_1: RawPlain,
    #[serde(rename = "phu-luc-2")]
    phu_luc_2: RawPlain,
    #[serde(rename = "phu-luc-3")]
    phu_luc_3: RawFunded,
    #[serde(default)]
    narrative: Vec<RawNarrative>,
}

#[derive(Deserialize)]
struct RawPlain {
    columns: Vec<String>,
    rows: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct RawFunded {
    columns: Vec<String>,
    funding: Vec<String>,
    rows: BTreeMap<String, Vec<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNarrative {
    row: String,
    period: String,
    value: String,
    quote: String,
    note: Option<String>,
}

/// Where an appendix cell comes from: printed as “-” (none), or as a figure or nothing.
fn printed(appendix: u8, text: &str) -> Source {
    if text.trim() == "-" {
        Source::Dash(appendix)
    } else {
        Source::Appendix(appendix)
    }
}

impl Seed {
    /// The Bắc Kạn 2019 plan compiled into the binary.
    pub fn builtin(catalog: &Catalog) -> Seed {
        Seed::parse(crate::assets::SEED_BAC_KAN_2019, catalog).expect("the built-in seed is checked by tests")
    }

    /// Reads a seed file against a catalog.
    pub fn parse(src: &str, catalog: &Catalog) -> Result<Seed, String> {
        let raw: RawSeed = toml::from_str(src).map_err(|e| format!("seed: {e}"))?;
        let mut values = Vec::new();
        let periods = |cols: &[String]| -> Result<Vec<Period>, String> {
            cols.iter()
                .map(|c| Period::parse(c).map_err(|e| e.message(Lang::En)))
                .collect()
        };
        let indicator = |code: &str| -> Result<IndicatorId, String> {
            let id = catalog
                .find(code)
                .ok_or_else(|| format!("seed: row {code} is not in the catalog"))?;
            if !catalog.get(id).has_values && catalog.get(id).mirror.is_none() {
                return Err(format!("seed: row {code} takes no figures"));
            }
            Ok(id)
        };
        let figure = |code: &str, s: &str| -> Result<Option<Decimal>, String> {
            number::parse(s, Lang::Vi).map_err(|e| format!("seed: row {code}: {}", e.message()))
        };
        // Heading lines that repeat a total, as published: checked against that total below.
        let mut repeated: Vec<(IndicatorId, Period, Option<Decimal>)> = Vec::new();
        for (n, table) in [(1u8, &raw.phu_luc_1), (2, &raw.phu_luc_2)] {
            let ps = periods(&table.columns)?;
            for (code, cells) in &table.rows {
                let id = indicator(code)?;
                if catalog.get(id).mirror.is_some() {
                    for (p, s) in ps.iter().zip(cells) {
                        repeated.push((id, *p, figure(code, s)?));
                    }
                    continue;
                }
                if cells.len() != ps.len() {
                    return Err(format!(
                        "seed: row {code} has {} figures for {} columns",
                        cells.len(),
                        ps.len()
                    ));
                }
                for (p, s) in ps.iter().zip(cells) {
                    values.push(SeedValue {
                        indicator: id,
                        period: *p,
                        funding: FundingId::TOTAL,
                        value: figure(code, s)?,
                        source: printed(n, s),
                        note: None,
                    });
                }
            }
        }
        let t = &raw.phu_luc_3;
        let ps = periods(&t.columns)?;
        let fs: Vec<FundingId> = t
            .funding
            .iter()
            .map(|f| {
                catalog
                    .funding(f)
                    .ok_or_else(|| format!("seed: funding {f} is not in the catalog"))
            })
            .collect::<Result<_, _>>()?;
        for (code, cells) in &t.rows {
            let id = indicator(code)?;
            if !catalog.get(id).funded {
                return Err(format!("seed: row {code} is not a funded row"));
            }
            if cells.len() != ps.len() || cells.iter().any(|c| c.len() != fs.len()) {
                return Err(format!(
                    "seed: row {code} does not have {}×{} figures",
                    ps.len(),
                    fs.len()
                ));
            }
            for (p, group) in ps.iter().zip(cells) {
                for (f, s) in fs.iter().zip(group) {
                    values.push(SeedValue {
                        indicator: id,
                        period: *p,
                        funding: *f,
                        value: figure(code, s)?,
                        source: printed(3, s),
                        note: None,
                    });
                }
            }
        }
        for n in raw.narrative {
            let id = indicator(&n.row)?;
            let note = match n.note {
                Some(extra) => format!("«{}» {extra}", n.quote),
                None => format!("«{}»", n.quote),
            };
            values.push(SeedValue {
                indicator: id,
                period: Period::parse(&n.period).map_err(|e| e.message(Lang::En))?,
                funding: FundingId::TOTAL,
                value: figure(&n.row, &n.value)?,
                source: Source::Narrative,
                note: Some(note),
            });
        }
        let mut seen = std::collections::HashSet::new();
        for v in &values {
            if !seen.insert((v.indicator, v.period, v.funding)) {
                return Err(format!(
                    "seed: {} {} is given twice",
                    catalog.get(v.indicator).code,
                    v.period
                ));
            }
        }
        // A heading line repeats its total; were they to differ, the document would disagree
        // with itself in a way the computed line could not show: refuse such a seed.
        for (id, p, v) in repeated {
            let total = catalog.get(id).mirror.unwrap_or(id);
            let published = values
                .iter()
                .find(|x| x.indicator == total && x.period == p && x.funding == FundingId::TOTAL)
                .and_then(|x| x.value);
            if published != v {
                return Err(format!(
                    "seed: the heading line {} repeats {} but differs in {p}",
                    catalog.get(id).code,
                    catalog.get(total).code
                ));
            }
        }
        Ok(Seed {
            document: raw.document,
            title: Text::new(raw.title_vi, raw.title_en),
            org_unit: raw.org_unit,
            plan_year: raw.plan_year,
            values,
        })
    }

    /// The figures as a dataset for one org unit (what a fresh database holds).
    pub fn dataset(&self, org: OrgId) -> Dataset {
        let mut d = Dataset::new();
        for v in &self.values {
            d.insert(
                CellKey::new(v.indicator, org, v.period, v.funding),
                Cell {
                    value: v.value,
                    source: v.source.clone(),
                    note: v.note.clone(),
                    rev: 1,
                },
            );
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::PeriodKind;
    use crate::domain::values::Values;

    #[test]
    fn reads_every_published_figure() {
        let c = Catalog::builtin();
        let s = Seed::builtin(&c);
        assert_eq!(s.plan_year, 2020);
        assert_eq!(s.document, "507/KH-UBND");
        let d = s.dataset(OrgId(0));
        let v = |code: &str, p: &str| {
            d.value(&CellKey::new(
                c.find(code).unwrap(),
                OrgId(0),
                Period::parse(p).unwrap(),
                FundingId::TOTAL,
            ))
        };
        let n = |s: &str| Some(Decimal::from_str_exact(s).unwrap());
        assert_eq!(v("htx.members", "UTH2019"), n("1599"));
        assert_eq!(v("htx.income", "UTH2019"), n("43.2"));
        assert_eq!(v("lh.revenue", "KH2020"), n("1200"));
        assert_eq!(v("lh.dissolved", "KH2020"), n("0"), "a printed 0 is zero");
        assert_eq!(v("lh.total", "UTH2019"), None, "a printed - is blank");
        let cell = |code: &str, p: PeriodKind| {
            d.cell(&CellKey::new(
                c.find(code).unwrap(),
                OrgId(0),
                Period::new(2019, p),
                FundingId::TOTAL,
            ))
            .cloned()
            .unwrap()
        };
        // "-" is none; a cell the appendix leaves empty is not reported: both blank.
        assert_eq!(cell("lh.total", PeriodKind::Estimate).source, Source::Dash(1));
        assert_eq!(cell("lh.active", PeriodKind::Estimate).source, Source::Appendix(1));
        assert_eq!(cell("lh.active", PeriodKind::Estimate).value, None);
        assert_eq!(v("sector.htx.credit", "KH2020"), n("0"));
        assert_eq!(v("policy.text.capital.balance", "UTH2019"), n("9500"));
        let ntm = c.funding("ntm").unwrap();
        let amount = CellKey::new(
            c.find("policy.disaster.funds").unwrap(),
            OrgId(0),
            Period::parse("KH2020").unwrap(),
            ntm,
        );
        assert_eq!(d.value(&amount), n("500"));
        // 32 + 17 rows × 4 periods (the two heading lines that repeat a total are not stored),
        // Phụ lục 3's 13 rows × 3 periods × 3 sources, 20 narrative figures.
        assert_eq!(s.values.len(), (32 + 17) * 4 + 13 * 9 + 20);
        assert!(s.values.iter().all(|x| c.get(x.indicator).mirror.is_none()));
    }

    #[test]
    fn a_heading_line_must_repeat_its_total_exactly() {
        let c = Catalog::builtin();
        let bad = crate::assets::SEED_BAC_KAN_2019.replace(
            "\"lh\" = [\"-\", \"1\", \"-\", \"1\"]",
            "\"lh\" = [\"-\", \"1\", \"-\", \"2\"]",
        );
        assert_ne!(bad, crate::assets::SEED_BAC_KAN_2019);
        assert!(Seed::parse(&bad, &c).unwrap_err().contains("repeats lh.total"));
    }

    #[test]
    fn rejects_a_seed_with_an_unknown_row() {
        let c = Catalog::builtin();
        let bad = crate::assets::SEED_BAC_KAN_2019.replace("\"htx.total\" =", "\"htx.nope\" =");
        assert!(Seed::parse(&bad, &c).unwrap_err().contains("htx.nope"));
        let bad = crate::assets::SEED_BAC_KAN_2019.replace("\"1.599\"", "\"1,5,99\"");
        assert!(Seed::parse(&bad, &c).unwrap_err().contains("htx.members"));
    }
}
