//! Series that run across forms: how an indicator of a form takes its figures for the periods
//! before the form, from indicators of the form before — the way a unit formed in the 2025
//! reform takes its earlier figures from the units it was formed from. An indicator that is
//! only relabelled or moved keeps its id and needs no link; a link is for a new indicator: a
//! changed unit (a factor), a merge (a sum), a split (a share of one), or a break (not
//! comparable: no figure is carried, so no percentage spans it). Stored figures are never
//! rewritten: a carried figure is worked out when shown, and marked.

use crate::domain::catalog::{Catalog, CatalogError, IndicatorId};
use crate::domain::values::CellKey;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::str::FromStr;

/// A link as a form file writes it (`[[series]]`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SeriesLink {
    /// The indicator of this form.
    pub code: String,
    /// The indicators of the form before it comes from.
    pub from: Vec<String>,
    /// `factor`, `sum`, `share` or `break`.
    pub how: String,
    /// For `factor` and `share`: a decimal or a fraction (`1/12`, `0.6`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// How an indicator's earlier figures are worked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Carry {
    /// The old figure times `num / den` (a changed unit: per year → per month is 1/12).
    Factor {
        from: IndicatorId,
        num: Decimal,
        den: Decimal,
    },
    /// The sum of the old figures (a merge); blank unless every one is there.
    Sum { from: Vec<IndicatorId> },
    /// A known share of the old figure (a split).
    Share {
        from: IndicatorId,
        num: Decimal,
        den: Decimal,
    },
    /// Not comparable: nothing is carried.
    Break { from: Vec<IndicatorId> },
}

/// A form's links to the form before, and the first plan year of the form: figures of the
/// periods of earlier years are carried.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Series {
    pub from_year: i32,
    pub links: HashMap<IndicatorId, Carry>,
}

fn fraction(s: &str, code: &str) -> Result<(Decimal, Decimal), CatalogError> {
    let bad = || {
        CatalogError(format!(
            "series {code}: “{s}” is not a number or a fraction (1/12, 0.6)"
        ))
    };
    let (n, d) = match s.split_once('/') {
        Some((n, d)) => (n.trim(), d.trim()),
        None => (s.trim(), "1"),
    };
    let (n, d) = (
        Decimal::from_str(n).map_err(|_| bad())?,
        Decimal::from_str(d).map_err(|_| bad())?,
    );
    if d.is_zero() || n.is_sign_negative() || d.is_sign_negative() {
        return Err(bad());
    }
    Ok((n, d))
}

impl Series {
    /// Reads a form's links: each names an indicator of the form (`new`) that the form before
    /// (`old`) lacks, and indicators the form before holds.
    pub fn read(links: &[SeriesLink], old: &Catalog, new: &Catalog, from_year: i32) -> Result<Series, CatalogError> {
        let mut out = HashMap::new();
        for l in links {
            let id = new
                .find(&l.code)
                .filter(|i| new.get(*i).in_form)
                .ok_or_else(|| CatalogError(format!("series {}: the form has no such row", l.code)))?;
            if old.find(&l.code).is_some_and(|i| old.get(i).in_form) {
                return Err(CatalogError(format!(
                    "series {}: the form before has this indicator already; a changed meaning is a new indicator with its own code",
                    l.code
                )));
            }
            let mut from = Vec::new();
            for c in &l.from {
                let f = old
                    .find(c)
                    .filter(|i| old.get(*i).in_form && old.get(*i).has_values)
                    .ok_or_else(|| {
                        CatalogError(format!(
                            "series {}: {c} is not a row with figures of the form before",
                            l.code
                        ))
                    })?;
                from.push(f);
            }
            if from.is_empty() {
                return Err(CatalogError(format!(
                    "series {}: “from” names the rows it comes from",
                    l.code
                )));
            }
            let one = |what: &str| -> Result<IndicatorId, CatalogError> {
                match from.as_slice() {
                    [f] => Ok(*f),
                    _ => Err(CatalogError(format!("series {}: a {what} comes from one row", l.code))),
                }
            };
            let by = |what: &str| {
                l.by.as_deref()
                    .ok_or_else(|| CatalogError(format!("series {}: a {what} needs “by”", l.code)))
                    .and_then(|s| fraction(s, &l.code))
            };
            let carry = match l.how.as_str() {
                "factor" => {
                    let (num, den) = by("factor")?;
                    Carry::Factor {
                        from: one("factor")?,
                        num,
                        den,
                    }
                }
                "share" => {
                    let (num, den) = by("share")?;
                    if num > den {
                        return Err(CatalogError(format!("series {}: a share is at most the whole", l.code)));
                    }
                    Carry::Share {
                        from: one("share")?,
                        num,
                        den,
                    }
                }
                "sum" => Carry::Sum { from },
                "break" => Carry::Break { from },
                other => {
                    return Err(CatalogError(format!(
                        "series {}: “{other}” is not factor, sum, share or break",
                        l.code
                    )));
                }
            };
            out.insert(id, carry);
        }
        Ok(Series { from_year, links: out })
    }

    /// Whether a cell's figure would be carried: a linked indicator, a period before the form.
    pub fn applies(&self, key: &CellKey) -> bool {
        key.period.year < self.from_year
            && self
                .links
                .get(&key.indicator)
                .is_some_and(|c| !matches!(c, Carry::Break { .. }))
    }

    /// The carried figure of a cell, from the figures `get` shows; `None` when the cell is not
    /// carried or a figure it is made of is blank.
    pub fn value(&self, key: &CellKey, get: impl Fn(&CellKey) -> Option<Decimal>) -> Option<Decimal> {
        if key.period.year >= self.from_year {
            return None;
        }
        let at = |i: IndicatorId| get(&CellKey::new(i, key.org, key.period, key.funding));
        match self.links.get(&key.indicator)? {
            Carry::Factor { from, num, den } | Carry::Share { from, num, den } => at(*from)
                .and_then(|v| v.checked_mul(*num))
                .and_then(|v| v.checked_div(*den)),
            Carry::Sum { from } => from.iter().try_fold(Decimal::ZERO, |acc, f| acc.checked_add(at(*f)?)),
            Carry::Break { .. } => None,
        }
    }
}
