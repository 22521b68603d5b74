//! Roll-ups kept between processes: a unit's worked-out roll-ups for a plan frame written as
//! text, one line per cell, every key by its code (ids are a process's own), and read back
//! only by the catalog and the units they were worked out with. Worked out by
//! [`super::Tree::rollups`]; the store keeps the text with the generations of the figures it
//! came from, so a stale one is never read (see `store::sql::rollups`).

use super::{Cover, Rolled, Rollups};
use crate::domain::catalog::{Catalog, FundingId, IndicatorId};
use crate::domain::number::canonical;
use crate::domain::org::{Level, OrgId, OrgUnits};
use crate::domain::period::{Period, PeriodKind};
use crate::domain::values::CellKey;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt::Write;

/// Changes whenever what a roll-up is worked out from, or how, changes: kept roll-ups of
/// another logic are never read.
const LOGIC: u32 = 1;

/// What kept roll-ups depend on besides the figures: the form's rows (codes, how each rolls
/// up, its kind and sources) and the build of kttt that worked them out.
pub fn form_key(catalog: &Catalog, build: &str) -> String {
    let mut s = format!("{LOGIC};{build}");
    for i in catalog.indicators.iter().filter(|i| i.has_values && i.in_form) {
        let _ = write!(s, ";{}:{:?}:{}", i.code, i.aggregation, i.kind.code());
        for f in catalog.fundings_of(i.id) {
            let _ = write!(s, ",{}", catalog.fundings[usize::from(f.0)].code);
        }
    }
    crate::domain::catalog::fingerprint(&s)
}

fn level(l: Option<Level>) -> &'static str {
    l.map_or("", Level::code)
}

/// The roll-ups as text, with how many of the unit's parts have started each appendix
/// (what the unit's overview says of them).
pub fn encode(r: &Rollups, started: &[usize], catalog: &Catalog, orgs: &OrgUnits) -> String {
    let mut out = String::with_capacity(64 * r.cells.len() + 64);
    out.push_str("started");
    for n in started {
        let _ = write!(out, "\t{n}");
    }
    out.push('\n');
    out.push_str("periods");
    for p in &r.periods {
        let _ = write!(out, "\t{}:{}", p.year, p.kind.code());
    }
    out.push('\n');
    let mut cells: Vec<(&CellKey, &Rolled)> = r.cells.iter().collect();
    cells.sort_by_key(|(k, _)| **k);
    for (k, c) in cells {
        let deep = c.deep.map_or(String::new(), |d| {
            format!("{}/{}/{}/{}", d.covered, d.expected, level(d.level), u8::from(d.mapped))
        });
        let not_comparable: Vec<&str> = c.not_comparable.iter().map(|u| orgs.get(*u).code.as_str()).collect();
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            catalog.get(k.indicator).code,
            k.period.year,
            k.period.kind.code(),
            catalog.fundings[usize::from(k.funding.0)].code,
            c.value.as_ref().map_or(String::new(), canonical),
            c.covered,
            c.expected,
            level(c.level),
            u8::from(c.mapped),
            u8::from(c.no_rollup),
            deep,
            not_comparable.join(",")
        );
    }
    out
}

/// The roll-ups of `org`, and its parts' starts, read back from [`encode`]'s text; `None` when anything in it does
/// not fit the catalog or the units held (then they are worked out again).
pub fn decode(text: &str, org: OrgId, catalog: &Catalog, orgs: &OrgUnits) -> Option<(Rollups, Vec<usize>)> {
    let mut lines = text.lines();
    let mut first = lines.next()?.split('\t');
    if first.next()? != "started" {
        return None;
    }
    let started: Vec<usize> = first.map(|n| n.parse().ok()).collect::<Option<_>>()?;
    let head = lines.next()?;
    let mut fields = head.split('\t');
    if fields.next()? != "periods" {
        return None;
    }
    let periods: Vec<Period> = fields.map(period).collect::<Option<_>>()?;
    let indicators: HashMap<&str, IndicatorId> = catalog.indicators.iter().map(|i| (i.code.as_str(), i.id)).collect();
    let fundings: HashMap<&str, FundingId> = catalog.fundings.iter().map(|f| (f.code.as_str(), f.id)).collect();
    let mut cells = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let [
            ind,
            year,
            kind,
            funding,
            value,
            covered,
            expected,
            lvl,
            mapped,
            no_rollup,
            deep,
            nc,
        ] = f[..]
        else {
            return None;
        };
        let key = CellKey::new(
            *indicators.get(ind)?,
            org,
            Period {
                year: year.parse().ok()?,
                kind: PeriodKind::from_code(kind)?,
            },
            *fundings.get(funding)?,
        );
        let rolled = Rolled {
            value: if value.is_empty() {
                None
            } else {
                Some(value.parse::<Decimal>().ok()?)
            },
            covered: covered.parse().ok()?,
            expected: expected.parse().ok()?,
            level: opt_level(lvl)?,
            deep: if deep.is_empty() { None } else { Some(cover(deep)?) },
            mapped: flag(mapped)?,
            not_comparable: if nc.is_empty() {
                Vec::new()
            } else {
                nc.split(',').map(|c| orgs.by_code(c)).collect::<Option<_>>()?
            },
            no_rollup: flag(no_rollup)?,
        };
        cells.insert(key, rolled);
    }
    Some((Rollups { cells, periods }, started))
}

fn period(s: &str) -> Option<Period> {
    let (y, k) = s.split_once(':')?;
    Some(Period {
        year: y.parse().ok()?,
        kind: PeriodKind::from_code(k)?,
    })
}

fn flag(s: &str) -> Option<bool> {
    match s {
        "0" => Some(false),
        "1" => Some(true),
        _ => None,
    }
}

/// `None` for text that names no level; `Some(None)` for no level.
fn opt_level(s: &str) -> Option<Option<Level>> {
    if s.is_empty() {
        Some(None)
    } else {
        Level::from_code(s).map(Some)
    }
}

fn cover(s: &str) -> Option<Cover> {
    let mut f = s.split('/');
    let c = Cover {
        covered: f.next()?.parse().ok()?,
        expected: f.next()?.parse().ok()?,
        level: opt_level(f.next()?)?,
        mapped: flag(f.next()?)?,
    };
    f.next().is_none().then_some(c)
}
