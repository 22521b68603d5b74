//! The synthetic country's figures: for each unit, year and period kind, one set of figures
//! that fits the catalog's structure the way real reports do — "Chia ra" parts add up to
//! their row, "Trong đó" parts stay within it, a funded row's total is its sources' sum, a
//! figure printed twice is the same twice — so `kttt check` finds no errors in them.

use crate::domain::catalog::{Catalog, FundingId, IndicatorId, Layout, Relation, ValueKind};
use crate::domain::form::Forms;
use crate::domain::org::{Level, OrgId, OrgUnits};
use crate::domain::period::{Period, PeriodKind};
use crate::domain::rules::{RuleKind, RuleSet};
use crate::domain::seed::Seed;
use crate::domain::values::{CellKey, Values};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;
use std::sync::Arc;

/// A small, fast, deterministic random number generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A factor between `1 - spread` and `1 + spread`, in thousandths.
    fn factor(&mut self, spread_permille: i64) -> Decimal {
        let r = (self.next() % (2 * spread_permille as u64 + 1)) as i64 - spread_permille;
        Decimal::new(1000 + r, 3)
    }

    /// A share between `lo` and `hi` thousandths.
    fn share(&mut self, lo: i64, hi: i64) -> Decimal {
        Decimal::new(lo + (self.next() % (hi - lo + 1) as u64) as i64, 3)
    }
}

/// One figure to load, with the earlier figures its history went through.
pub type Figure = crate::domain::values::HistoricFigure;

/// A row of the catalog the generator fills, with the seed figure it scales from.
struct Row {
    id: IndicatorId,
    kind: ValueKind,
    reference: Decimal,
    /// "Chia ra" children with figures: the row is split among them exactly.
    split: Vec<IndicatorId>,
    /// "Trong đó" children with figures, and whether they must not overlap.
    of_which: Vec<IndicatorId>,
    disjoint: bool,
    funded: bool,
    /// A row this one must equal (a figure printed in two places), generated before it.
    same_as: Option<IndicatorId>,
    /// Reported by communes (Phụ lục 1) or only by districts and provinces.
    commune: bool,
}

/// The rows one form asks for, from its first plan year.
struct FormRows {
    from_year: i32,
    catalog: Arc<Catalog>,
    rows: Vec<Row>,
    index: HashMap<IndicatorId, usize>,
}

/// Generates the figures of the synthetic country, in the order the store keeps them: unit
/// by unit, year by year, kind by kind, then the rows of the form in force that year.
pub struct Figures {
    /// Oldest first.
    forms: Vec<FormRows>,
    units: Vec<(OrgId, Level, std::ops::RangeInclusive<i32>, u64)>,
    /// Where the generation is: unit, year, kind.
    at: (usize, i32, usize),
    buffer: std::vec::IntoIter<Figure>,
}

/// The rows a catalog's form asks for, each with its reference magnitude and structure, and
/// where each is in the list.
fn rows_of(catalog: &Catalog) -> (Vec<Row>, HashMap<IndicatorId, usize>) {
    let seed = Seed::builtin(catalog).dataset(OrgId(0));
    let reference = |id: IndicatorId| -> Option<Decimal> {
        ["UTH2019", "KH2020", "TH2018", "KH2019"].iter().find_map(|p| {
            let p = Period::parse(p).ok()?;
            seed.value(&CellKey::new(id, OrgId(0), p, FundingId::TOTAL))
                .filter(|v| !v.is_zero())
        })
    };
    let rules = RuleSet::builtin(catalog);
    // Rows printed in two places form groups (union-find); each copies the group's
    // first row in the catalog.
    let mut group: HashMap<IndicatorId, IndicatorId> = HashMap::new();
    fn root(g: &HashMap<IndicatorId, IndicatorId>, mut x: IndicatorId) -> IndicatorId {
        while let Some(&p) = g.get(&x).filter(|p| **p != x) {
            x = p;
        }
        x
    }
    for r in &rules.rules {
        if let RuleKind::Equal { left, right, .. } = r.kind {
            let (a, b) = (root(&group, left), root(&group, right));
            if a != b {
                group.insert(a.max(b), a.min(b));
            }
        }
    }
    let same: HashMap<IndicatorId, IndicatorId> = group
        .keys()
        .map(|k| (*k, root(&group, *k)))
        .filter(|(k, r)| k != r)
        .collect();
    let rows: Vec<Row> = catalog
        .indicators
        .iter()
        .filter(|i| i.has_values && i.in_form)
        .map(|i| {
            let children = |rel: Relation| -> Vec<IndicatorId> {
                i.children
                    .iter()
                    .copied()
                    .filter(|c| {
                        let c = catalog.get(*c);
                        c.has_values && c.relation == Some(rel) && c.kind == i.kind
                    })
                    .collect()
            };
            Row {
                id: i.id,
                kind: i.kind,
                reference: reference(i.id).unwrap_or(Decimal::from(20)),
                split: children(Relation::Split),
                of_which: children(Relation::OfWhich)
                    .into_iter()
                    .filter(|c| catalog.get(*c).part_of_whole)
                    .collect(),
                disjoint: i.disjoint,
                funded: i.funded,
                same_as: same.get(&i.id).copied(),
                commune: catalog.appendices[i.appendix].layout == Layout::Plan && i.appendix == 0,
            }
        })
        .collect();
    let index = rows.iter().enumerate().map(|(n, r)| (r.id, n)).collect();
    (rows, index)
}

/// The decimal places a kind is written with.
fn places(kind: ValueKind) -> u32 {
    if kind == ValueKind::Count { 0 } else { 1 }
}

fn round(d: Decimal, kind: ValueKind) -> Decimal {
    let dp = places(kind);
    let mut r = d
        .round_dp_with_strategy(dp, RoundingStrategy::ToZero)
        .max(Decimal::ZERO);
    r.rescale(dp);
    if kind == ValueKind::Percent {
        r.min(Decimal::ONE_HUNDRED)
    } else {
        r
    }
}

/// Splits `whole` among parts in proportion to `weights`, exactly at `dp` places (largest
/// remainder): the parts add up to the whole.
fn apportion(whole: Decimal, weights: &[Decimal], dp: u32) -> Vec<Decimal> {
    let unit = Decimal::new(1, dp);
    let total: Decimal = weights.iter().sum();
    if total.is_zero() || weights.is_empty() {
        let mut out = vec![Decimal::ZERO; weights.len()];
        if let Some(first) = out.first_mut() {
            *first = whole;
        }
        return out;
    }
    let exact: Vec<Decimal> = weights.iter().map(|w| whole * w / total).collect();
    let mut out: Vec<Decimal> = exact
        .iter()
        .map(|e| e.round_dp_with_strategy(dp, RoundingStrategy::ToZero))
        .collect();
    let mut left = whole - out.iter().sum::<Decimal>();
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|a, b| (exact[*b] - out[*b]).cmp(&(exact[*a] - out[*a])).then(a.cmp(b)));
    for i in order.iter().cycle().take(out.len() * 4) {
        if left < unit {
            break;
        }
        out[*i] += unit;
        left -= unit;
    }
    for o in &mut out {
        o.rescale(dp);
    }
    out
}

impl Figures {
    /// The figures of every unit of `orgs` that the synthetic tree made (codes `p…`, `d…`,
    /// `x…`, `P…`, `X…`), each year on the form in force for it; magnitudes come from the
    /// seed's figures for Bắc Kạn (a row the seed lacks: 20 of its unit).
    pub fn new(forms: &Forms, orgs: &OrgUnits) -> Figures {
        let forms = forms
            .all()
            .iter()
            .map(|f| {
                let (rows, index) = rows_of(&f.catalog);
                FormRows {
                    from_year: f.source.from_year,
                    catalog: f.catalog.clone(),
                    rows,
                    index,
                }
            })
            .collect();
        let units = orgs
            .all()
            .iter()
            .filter(|u| {
                u.code.starts_with(['p', 'd', 'x', 'P', 'X']) && u.code[1..].chars().all(|c| c.is_ascii_digit())
            })
            .map(|u| {
                let years = if u.valid_to.is_some() {
                    2017..=2024
                } else {
                    2025..=*super::PLAN_YEARS.end()
                };
                let h = crate::domain::catalog::fingerprint(&u.code);
                (u.id, u.level, years, u64::from_str_radix(&h, 16).unwrap_or(1))
            })
            .collect();
        Figures {
            forms,
            units,
            at: (0, 0, 0),
            buffer: Vec::new().into_iter(),
        }
    }

    /// How many units get figures (they come one unit after the other).
    pub fn unit_count(&self) -> usize {
        self.units.len()
    }

    /// The rows of the form in force in a year.
    fn form(&self, year: i32) -> &FormRows {
        self.forms
            .iter()
            .rev()
            .find(|f| f.from_year <= year)
            .unwrap_or(&self.forms[0])
    }

    /// The figures of one unit in one period, consistent with each other.
    fn period_set(&self, u: usize, year: i32, kind: usize) -> Vec<Figure> {
        let (org, level, _, h) = self.units[u];
        let FormRows {
            catalog, rows, index, ..
        } = self.form(year);
        let unit_size = Rng::new(h).factor(500);
        let drift = Decimal::ONE + Decimal::new(i64::from(year - 2019) * 4, 2);
        let mut rng = Rng::new(h ^ ((year as u64) << 8) ^ (kind as u64));
        let kind_factor = match kind {
            0 => rng.factor(30),
            1 => Decimal::ONE,
            _ => rng.factor(60),
        };
        let reported: Vec<bool> = rows.iter().map(|r| level != Level::Commune || r.commune).collect();
        // A free figure for each row, before the structure is imposed.
        let raw: Vec<Decimal> = rows
            .iter()
            .map(|r| {
                let scale = match (r.kind, level) {
                    (ValueKind::Average | ValueKind::Percent, _) => Decimal::ONE,
                    (_, Level::Commune) => Decimal::new(1, 2),
                    (_, Level::District) => Decimal::new(12, 2),
                    _ => Decimal::ONE,
                };
                round(
                    r.reference * scale * unit_size * drift * rng.factor(80) * kind_factor,
                    r.kind,
                )
            })
            .collect();
        let sources: Vec<FundingId> = catalog.funding_parts();
        // Funded rows are built per source (the total is their sum); the rest once.
        let mut values: HashMap<(usize, FundingId), Decimal> = HashMap::new();
        let layers: Vec<(FundingId, Decimal)> = std::iter::once((FundingId::TOTAL, Decimal::ONE))
            .chain(sources.iter().enumerate().map(|(n, f)| {
                let s = rng.share(200, 600);
                (*f, if n + 1 == sources.len() { Decimal::ONE - s } else { s })
            }))
            .collect();
        for &(f, weight) in &layers {
            for (n, r) in rows.iter().enumerate() {
                // Funded rows are built per source, the others once, as totals.
                if r.funded == (f == FundingId::TOTAL) {
                    continue;
                }
                if !values.contains_key(&(n, f)) {
                    let v = match r.same_as.and_then(|s| index.get(&s)) {
                        Some(&s) if f == FundingId::TOTAL && values.contains_key(&(s, f)) => values[&(s, f)],
                        _ => round(raw[n] * weight, r.kind),
                    };
                    values.insert((n, f), v);
                }
                let whole = values[&(n, f)];
                let parts: Vec<usize> = r.split.iter().filter_map(|c| index.get(c).copied()).collect();
                if !parts.is_empty() {
                    let weights: Vec<Decimal> = parts.iter().map(|p| raw[*p].max(Decimal::ONE)).collect();
                    for (p, v) in parts.iter().zip(apportion(whole, &weights, places(r.kind))) {
                        values.insert((*p, f), v);
                    }
                }
                let of: Vec<usize> = r.of_which.iter().filter_map(|c| index.get(c).copied()).collect();
                let room = if r.disjoint && !of.is_empty() {
                    whole / Decimal::from(of.len())
                } else {
                    whole
                };
                for p in of {
                    let v = round(room * rng.share(300, 950), r.kind);
                    values.insert((p, f), v);
                }
            }
        }
        // A funded row's total is its sources' sum; a row printed again elsewhere (the plan's
        // text) repeats that total.
        for (n, r) in rows.iter().enumerate() {
            if r.funded {
                let sum: Decimal = sources.iter().filter_map(|f| values.get(&(n, *f))).sum();
                values.insert((n, FundingId::TOTAL), sum);
            }
        }
        for (n, r) in rows.iter().enumerate() {
            let partner = r.same_as.and_then(|s| index.get(&s).copied());
            if let Some(s) = partner
                && (r.funded || rows[s].funded)
            {
                let (from, to) = if rows[s].funded { (s, n) } else { (n, s) };
                if let Some(v) = values.get(&(from, FundingId::TOTAL)).copied() {
                    values.insert((to, FundingId::TOTAL), v);
                }
            }
        }
        let period = Period::new(year, [PeriodKind::Actual, PeriodKind::Plan, PeriodKind::Estimate][kind]);
        let mut out = Vec::new();
        for (n, r) in rows.iter().enumerate() {
            if !reported[n] {
                continue;
            }
            for f in catalog.fundings_of(r.id) {
                let Some(&value) = values.get(&(n, f)) else { continue };
                let history = vec![
                    round(value * rng.factor(50), r.kind),
                    round(value * rng.factor(20), r.kind),
                ];
                out.push(Figure {
                    key: CellKey::new(r.id, org, period, f),
                    value,
                    history,
                });
            }
        }
        out
    }
}

impl Iterator for Figures {
    type Item = Figure;

    fn next(&mut self) -> Option<Figure> {
        loop {
            if let Some(f) = self.buffer.next() {
                return Some(f);
            }
            let (u, year, kind) = self.at;
            let unit = self.units.get(u)?;
            let years = unit.2.clone();
            let year = if year == 0 { *years.start() } else { year };
            if year > *years.end() {
                self.at = (u + 1, 0, 0);
                continue;
            }
            if kind >= 3 {
                self.at = (u, year + 1, 0);
                continue;
            }
            self.at = (u, year, kind + 1);
            self.buffer = self.period_set(u, year, kind).into_iter();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_exactly() {
        let parts = apportion(Decimal::from(10), &[Decimal::ONE, Decimal::ONE, Decimal::ONE], 0);
        assert_eq!(parts.iter().sum::<Decimal>(), Decimal::from(10));
        assert_eq!(parts, vec![Decimal::from(4), Decimal::from(3), Decimal::from(3)]);
        let parts = apportion(Decimal::new(1005, 1), &[Decimal::from(2), Decimal::from(1)], 1);
        assert_eq!(parts.iter().sum::<Decimal>(), Decimal::new(1005, 1));
    }
}
