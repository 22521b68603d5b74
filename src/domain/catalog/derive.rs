//! A later form's catalog, made from the form before it by the changes the new form lists
//! (rows added, relabelled, retired, moved, given another unit), and numbered in the
//! registry's order: an indicator keeps its id in every form, so figures, audit rows and
//! series read the same whatever year's form is in force.

use super::parse::{RawCatalog, RawFunding, RawRow, RawUnit};
use super::*;
use serde::{Deserialize, Serialize};

/// What a form changes in the form it is based on.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// Units of measure the form uses that the one before did not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_unit: Vec<NewUnit>,
    /// Rows printed with another label (the indicator and its series are the same).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relabel: Vec<Relabel>,
    /// Rows the form no longer has (their figures stay; the series ends).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retire: Vec<Retire>,
    /// Rows printed elsewhere (after another row, perhaps under another parent).
    #[serde(default, skip_serializing_if = "Vec::is_empty", rename = "move")]
    pub moves: Vec<Move>,
    /// Rows measured in another unit (a new indicator when the figures are not comparable).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit: Vec<UnitChange>,
    /// New rows, each printed after a row of the form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<AddedRow>,
    /// New funding sources of Phụ lục 3 ("Trong đó" of the total), each printed after a
    /// source of the form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_funding: Vec<NewFunding>,
}

/// A new funding source: code, names, short forms, and the source it is printed after.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NewFunding {
    pub code: String,
    pub vi: String,
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbr_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbr_en: Option<String>,
    /// The source it is printed after (`total`: first of the "Trong đó" sources).
    pub after: String,
}

/// A row printed with another label.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Relabel {
    pub code: String,
    pub vi: String,
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_en: Option<String>,
}

/// A row the form no longer has.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Retire {
    pub code: String,
}

/// A row printed after another, under the same parent or another.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    pub code: String,
    pub after: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no: Option<String>,
}

/// A row measured in another unit of the catalog.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitChange {
    pub code: String,
    pub unit: String,
}

/// A new unit of measure (code, names, short forms, kind).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(transparent)]
pub struct NewUnit(pub(super) RawUnit);

/// A new row (every field of a catalog row, and the row it follows).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(transparent)]
pub struct AddedRow(pub(super) RawRow);

impl AddedRow {
    /// The new row's code.
    pub fn code(&self) -> &str {
        &self.0.code
    }

    /// The new row's label as printed.
    pub fn label(&self) -> &str {
        &self.0.vi
    }

    /// A new row printed after `after`.
    pub fn new(r: NewRow) -> AddedRow {
        let rel = |r: Relation| match r {
            Relation::OfWhich => "of-which".to_string(),
            Relation::Split => "split".to_string(),
        };
        AddedRow(RawRow {
            code: r.code,
            no: r.no,
            section: None,
            vi: r.vi,
            en: r.en,
            short_vi: None,
            short_en: None,
            parts_vi: None,
            parts_en: None,
            unit: r.unit,
            parent: r.parent,
            rel: r.relation.map(rel),
            label: r.label.map(rel),
            dir: None,
            agg: r.agg,
            heading: r.heading,
            values: None,
            origin: None,
            funded: r.funded,
            whole: None,
            disjoint: false,
            headline: false,
            written: false,
            kind: None,
            signed: false,
            mirror: None,
            after: Some(r.after),
        })
    }
}

/// What a new row of a form says: the fields an imported workbook gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewRow {
    pub code: String,
    /// The row it is printed after.
    pub after: String,
    /// STT, when printed.
    pub no: Option<String>,
    pub vi: String,
    pub en: String,
    /// A unit code of the form.
    pub unit: Option<String>,
    pub parent: Option<String>,
    pub relation: Option<Relation>,
    /// A `Trong đó:`/`Chia ra:` line printed just before it.
    pub label: Option<Relation>,
    /// `none` for a figure that does not add up (an average, a share); else a sum.
    pub agg: Option<String>,
    pub heading: bool,
    /// Split by funding source (a funding appendix's row).
    pub funded: bool,
}

impl NewUnit {
    /// A unit of measure the form adds.
    pub fn new(code: &str, vi: &str, en: &str, kind: Option<ValueKind>) -> NewUnit {
        NewUnit(RawUnit {
            code: code.to_string(),
            vi: vi.to_string(),
            en: en.to_string(),
            abbr_vi: None,
            abbr_en: None,
            kind: kind.map(|k| k.code().to_string()),
        })
    }

    /// The unit's code.
    pub fn code(&self) -> &str {
        &self.0.code
    }
}

impl Changes {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        self.new_unit.is_empty()
            && self.relabel.is_empty()
            && self.retire.is_empty()
            && self.moves.is_empty()
            && self.unit.is_empty()
            && self.add.is_empty()
            && self.new_funding.is_empty()
    }
}

/// The built-in catalog's rows as read, for a later form to change.
pub(crate) fn builtin_raw() -> RawCatalog {
    serde_json::from_str(crate::assets::CATALOG_JSON).expect("the built-in catalog is checked by tests")
}

impl Catalog {
    /// The catalog of a form based on `base` (whose rows are `raw`) with `changes`, numbered
    /// so that every indicator of `base` keeps its id and new ones follow. Indicators the
    /// form does not hold stay in it, out of the form, so their figures remain readable.
    pub(crate) fn derive(
        base: &Catalog,
        raw: &RawCatalog,
        changes: &Changes,
        src: &str,
    ) -> Result<(Catalog, RawCatalog), CatalogError> {
        let mut raw = raw.clone();
        // Only the base form's rows: out-of-form indicators are not printed.
        for a in &mut raw.appendix {
            a.row
                .retain(|r| base.find(&r.code).is_some_and(|id| base.get(id).in_form));
        }
        let find = |raw: &RawCatalog, code: &str| -> Option<(usize, usize)> {
            raw.appendix
                .iter()
                .enumerate()
                .find_map(|(ai, a)| a.row.iter().position(|r| r.code == code).map(|ri| (ai, ri)))
        };
        let missing =
            |what: &str, code: &str| CatalogError(format!("{what} {code}: the form it is based on has no such row"));
        for u in &changes.new_unit {
            if raw.unit.iter().any(|x| x.code == u.0.code) {
                return Err(CatalogError(format!(
                    "unit {}: the form before has it already",
                    u.0.code
                )));
            }
            raw.unit.push(u.0.clone());
        }
        for f in &changes.new_funding {
            if raw.funding.iter().any(|x| x.code == f.code) || base.fundings.iter().any(|x| x.code == f.code) {
                return Err(CatalogError(format!(
                    "funding {}: the form before has it already",
                    f.code
                )));
            }
            let at = raw.funding.iter().position(|x| x.code == f.after).ok_or_else(|| {
                CatalogError(format!("funding {}: the form before has no source {}", f.code, f.after))
            })?;
            let total = raw.funding[0].code.clone();
            raw.funding.insert(
                at + 1,
                RawFunding {
                    code: f.code.clone(),
                    vi: f.vi.clone(),
                    en: f.en.clone(),
                    parent: Some(total),
                    abbr_vi: f.abbr_vi.clone(),
                    abbr_en: f.abbr_en.clone(),
                },
            );
        }
        for r in &changes.relabel {
            let (ai, ri) = find(&raw, &r.code).ok_or_else(|| missing("relabel", &r.code))?;
            let row = &mut raw.appendix[ai].row[ri];
            row.vi = r.vi.clone();
            row.en = r.en.clone();
            row.short_vi = r.short_vi.clone();
            row.short_en = r.short_en.clone();
        }
        for u in &changes.unit {
            let (ai, ri) = find(&raw, &u.code).ok_or_else(|| missing("unit", &u.code))?;
            raw.appendix[ai].row[ri].unit = Some(u.unit.clone());
        }
        for r in &changes.retire {
            let (ai, ri) = find(&raw, &r.code).ok_or_else(|| missing("retire", &r.code))?;
            if raw.appendix[ai]
                .row
                .iter()
                .any(|x| x.parent.as_deref() == Some(r.code.as_str()))
                && !changes.retire.iter().any(|o| {
                    raw.appendix[ai]
                        .row
                        .iter()
                        .any(|x| x.code == o.code && x.parent.as_deref() == Some(r.code.as_str()))
                })
            {
                return Err(CatalogError(format!(
                    "retire {}: its rows below are kept; retire or move them too",
                    r.code
                )));
            }
            raw.appendix[ai].row.remove(ri);
        }
        for m in &changes.moves {
            let (ai, ri) = find(&raw, &m.code).ok_or_else(|| missing("move", &m.code))?;
            let mut row = raw.appendix[ai].row.remove(ri);
            if let Some(p) = &m.parent {
                row.parent = Some(p.clone());
            }
            if let Some(no) = &m.no {
                row.no = Some(no.clone());
            }
            let (bi, bj) = find(&raw, &m.after).ok_or_else(|| missing("move after", &m.after))?;
            raw.appendix[bi].row.insert(bj + 1, row);
        }
        for a in &changes.add {
            let mut row = a.0.clone();
            let after = row
                .after
                .take()
                .ok_or_else(|| CatalogError(format!("add {}: “after” names the row it follows", row.code)))?;
            if find(&raw, &row.code).is_some() || base.find(&row.code).is_some_and(|id| !base.get(id).in_form) {
                return Err(CatalogError(format!(
                    "add {}: the code is taken (an indicator keeps its code for life)",
                    row.code
                )));
            }
            let (bi, bj) = find(&raw, &after).ok_or_else(|| missing("add after", &after))?;
            // After the row and the rows below it, so a group stays together.
            let mut at = bj + 1;
            let under = |code: &str, rows: &[RawRow]| {
                let mut cur = rows.iter().find(|r| r.code == code).and_then(|r| r.parent.clone());
                while let Some(c) = cur {
                    if c == after {
                        return true;
                    }
                    cur = rows.iter().find(|r| r.code == c).and_then(|r| r.parent.clone());
                }
                false
            };
            while at < raw.appendix[bi].row.len()
                && under(&raw.appendix[bi].row[at].code.clone(), &raw.appendix[bi].row)
            {
                at += 1;
            }
            raw.appendix[bi].row.insert(at, row);
        }
        let own = Catalog::from_raw(raw.clone(), src)?;
        Ok((own.renumbered(base), raw))
    }

    /// Adds indicators of `from` (by code) at the end, out of the form: how a registry holds
    /// an office's own rows (their words, unit and kind as `from` defines them).
    pub(crate) fn extend_out_of_form(&mut self, from: &Catalog, codes: &[String]) {
        let start = self.indicators.len();
        for code in codes {
            let Some(fid) = from.find(code) else { continue };
            let id = IndicatorId(self.indicators.len() as u16);
            let mut i = out_of_form(from, fid, &self.units);
            i.id = id;
            self.by_code.insert(code.clone(), id);
            self.indicators.push(i);
        }
        // What an average or a ratio is made of, by code in this catalog.
        for n in start..self.indicators.len() {
            let remap = |id: IndicatorId| self.find(&from.get(id).code);
            let agg = match self.indicators[n].aggregation {
                Aggregation::Mean { base } => remap(base).map_or(Aggregation::Sum, |base| Aggregation::Mean { base }),
                Aggregation::Ratio { num, den } => match (remap(num), remap(den)) {
                    (Some(num), Some(den)) => Aggregation::Ratio { num, den },
                    _ => Aggregation::None,
                },
                a => a,
            };
            self.indicators[n].aggregation = agg;
        }
    }

    /// This catalog with the ids of `base` (a code keeps its id; new codes follow, in printed
    /// order), and every indicator of `base` it lacks kept out of the form.
    pub(crate) fn renumbered(self, base: &Catalog) -> Catalog {
        let mut order: Vec<String> = base.indicators.iter().map(|i| i.code.clone()).collect();
        for i in &self.indicators {
            if base.find(&i.code).is_none() {
                order.push(i.code.clone());
            }
        }
        let new_id: HashMap<IndicatorId, IndicatorId> = self
            .indicators
            .iter()
            .map(|i| {
                (
                    i.id,
                    IndicatorId(order.iter().position(|c| *c == i.code).unwrap_or(0) as u16),
                )
            })
            .collect();
        let map = |id: IndicatorId| new_id[&id];
        let mut by_code: text::CodeMap<IndicatorId> = text::CodeMap::default();
        let mut indicators = Vec::with_capacity(order.len());
        for (n, code) in order.iter().enumerate() {
            let id = IndicatorId(n as u16);
            by_code.insert(code.clone(), id);
            let ind = match self.find(code) {
                Some(own) => {
                    let mut i = self.get(own).clone();
                    i.id = id;
                    i.parent = i.parent.map(map);
                    i.children = i.children.iter().map(|c| map(*c)).collect();
                    i.mirror = i.mirror.map(map);
                    i.aggregation = match i.aggregation {
                        Aggregation::Mean { base } => Aggregation::Mean { base: map(base) },
                        Aggregation::Ratio { num, den } => Aggregation::Ratio {
                            num: map(num),
                            den: map(den),
                        },
                        a => a,
                    };
                    i
                }
                None => {
                    // Kept from the form before, out of this one: its unit code is looked up
                    // again here (a unit the two forms share keeps its meaning).
                    out_of_form(base, base.find(code).unwrap_or(IndicatorId(0)), &self.units)
                }
            };
            indicators.push(ind);
        }
        let appendices = self
            .appendices
            .into_iter()
            .map(|mut a| {
                a.rows = a.rows.iter().map(|r| map(*r)).collect();
                a
            })
            .collect();
        let sheets = self
            .sheets
            .into_iter()
            .map(|mut s| {
                s.rows = s.rows.iter().map(|r| map(*r)).collect();
                s
            })
            .collect();
        // Funding sources likewise: a code keeps its id, new ones follow, each printed in this
        // form's order; one this form lacks is kept, not printed.
        let mut codes: Vec<String> = base.fundings.iter().map(|f| f.code.clone()).collect();
        for f in &self.fundings {
            if !codes.contains(&f.code) {
                codes.push(f.code.clone());
            }
        }
        let fid = |code: &str| FundingId(codes.iter().position(|c| c == code).unwrap_or(0) as u8);
        let fundings: Vec<Funding> = codes
            .iter()
            .map(|code| {
                let (mut f, from) = match self.fundings.iter().find(|f| &f.code == code) {
                    Some(f) => (f.clone(), &self.fundings),
                    None => (base.fundings[fid(code).0 as usize].clone(), &base.fundings),
                };
                f.id = fid(code);
                f.parent = f.parent.map(|p| fid(&from[p.0 as usize].code));
                f
            })
            .collect();
        let funding_order = self
            .funding_order
            .iter()
            .map(|f| fid(&self.fundings[f.0 as usize].code))
            .collect();
        Catalog {
            indicators,
            units: self.units,
            fundings,
            funding_order,
            appendices,
            sheets,
            by_code,
            fingerprint: self.fingerprint,
        }
    }
}

/// An indicator of `from` as a catalog holds it out of its form: no place in an appendix, its
/// unit looked up by code among `units` (a unit both share keeps its meaning).
fn out_of_form(from: &Catalog, id: IndicatorId, units: &[Unit]) -> Indicator {
    let old = from.get(id);
    let mut i = old.clone();
    i.in_form = false;
    i.parent = None;
    i.children = Vec::new();
    i.mirror = None;
    i.headline = false;
    i.written = false;
    i.appendix = 0;
    i.unit = old
        .unit
        .and_then(|u| units.iter().position(|x| x.code == from.units[u].code));
    i
}
