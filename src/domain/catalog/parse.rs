//! Reading the catalog file: the raw TOML shapes and the checks that the rows hang together.

use super::*;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalog {
    pub(super) version: u32,
    #[serde(default)]
    pub(super) unit: Vec<RawUnit>,
    #[serde(default)]
    pub(super) funding: Vec<RawFunding>,
    #[serde(default)]
    pub(super) appendix: Vec<RawAppendix>,
    #[serde(default)]
    pub(super) sheet: Vec<RawSheet>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUnit {
    pub(super) code: String,
    pub(super) vi: String,
    pub(super) en: String,
    pub(super) abbr_vi: Option<String>,
    pub(super) abbr_en: Option<String>,
    pub(super) kind: Option<String>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFunding {
    pub(super) code: String,
    pub(super) vi: String,
    pub(super) en: String,
    pub(super) parent: Option<String>,
    pub(super) abbr_vi: Option<String>,
    pub(super) abbr_en: Option<String>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAppendix {
    pub(super) code: String,
    pub(super) no: String,
    pub(super) section: String,
    pub(super) title_vi: String,
    pub(super) title_en: String,
    pub(super) title_origin: Option<String>,
    pub(super) layout: String,
    #[serde(default)]
    pub(super) row: Vec<RawRow>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRow {
    pub(super) code: String,
    pub(super) no: Option<String>,
    pub(super) section: Option<String>,
    pub(super) vi: String,
    pub(super) en: String,
    pub(super) short_vi: Option<String>,
    pub(super) short_en: Option<String>,
    pub(super) parts_vi: Option<String>,
    pub(super) parts_en: Option<String>,
    pub(super) unit: Option<String>,
    pub(super) parent: Option<String>,
    pub(super) rel: Option<String>,
    pub(super) label: Option<String>,
    pub(super) dir: Option<String>,
    pub(super) agg: Option<String>,
    #[serde(default)]
    pub(super) heading: bool,
    pub(super) values: Option<bool>,
    pub(super) origin: Option<String>,
    #[serde(default)]
    pub(super) funded: bool,
    pub(super) whole: Option<bool>,
    #[serde(default)]
    pub(super) disjoint: bool,
    #[serde(default)]
    pub(super) headline: bool,
    #[serde(default)]
    pub(super) written: bool,
    pub(super) kind: Option<String>,
    #[serde(default)]
    pub(super) signed: bool,
    /// A heading line on which the published table repeats a total: it shows that row's
    /// figures, computed, and takes none itself.
    pub(super) mirror: Option<String>,
    /// In a form's `[[add]]`: the row it is printed after (only there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) after: Option<String>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSheet {
    pub(super) code: String,
    pub(super) vi: String,
    pub(super) en: String,
    pub(super) appendix: String,
    pub(super) roots: Option<Vec<String>>,
}

fn relation(s: &str, code: &str) -> Result<Relation, CatalogError> {
    match s {
        "of-which" => Ok(Relation::OfWhich),
        "split" => Ok(Relation::Split),
        _ => Err(CatalogError(format!(
            "row {code}: relation “{s}” is not of-which or split"
        ))),
    }
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn builtin() -> Catalog {
        let raw: RawCatalog =
            serde_json::from_str(crate::assets::CATALOG_JSON).expect("the built-in catalog is checked by tests");
        Catalog::from_raw(raw, crate::assets::CATALOG).expect("the built-in catalog is checked by tests")
    }

    /// The built-in catalog from its rows as already read (see [`super::builtin_raw`]).
    pub(crate) fn from_builtin_raw(raw: RawCatalog) -> Catalog {
        Catalog::from_raw(raw, crate::assets::CATALOG).expect("the built-in catalog is checked by tests")
    }

    /// Reads a catalog from its TOML text, checking that it hangs together.
    pub fn parse(src: &str) -> Result<Catalog, CatalogError> {
        let raw: RawCatalog = toml::from_str(src).map_err(|e| CatalogError(e.to_string()))?;
        Catalog::from_raw(raw, src)
    }

    /// Checks a read catalog; `src` is its TOML text, which the catalog's fingerprint is of.
    pub(super) fn from_raw(raw: RawCatalog, src: &str) -> Result<Catalog, CatalogError> {
        if raw.version != 1 {
            return Err(CatalogError(format!("version {} is not known", raw.version)));
        }
        let mut units = Vec::new();
        let mut unit_index = HashMap::new();
        for u in raw.unit {
            unit_index.insert(u.code.clone(), units.len());
            let kind = match &u.kind {
                Some(k) => Some(
                    ValueKind::parse(k)
                        .ok_or_else(|| CatalogError(format!("unit {}: kind “{k}” is not known", u.code)))?,
                ),
                None => None,
            };
            units.push(Unit {
                kind,
                abbr: Text::new(
                    u.abbr_vi.unwrap_or_else(|| u.vi.clone()),
                    u.abbr_en.unwrap_or_else(|| u.en.clone()),
                ),
                name: Text::new(u.vi, u.en),
                code: u.code,
            });
        }
        let mut fundings: Vec<Funding> = Vec::new();
        for (i, f) in raw.funding.into_iter().enumerate() {
            let parent =
                match &f.parent {
                    Some(p) => Some(fundings.iter().find(|x| &x.code == p).map(|x| x.id).ok_or_else(|| {
                        CatalogError(format!("funding {}: parent {p} is not defined above it", f.code))
                    })?),
                    None => None,
                };
            if (i == 0) != parent.is_none() {
                return Err(CatalogError(
                    "the first funding source must be the total, and only it has no parent".into(),
                ));
            }
            fundings.push(Funding {
                id: FundingId(i as u8),
                abbr: Text::new(
                    f.abbr_vi.unwrap_or_else(|| f.vi.clone()),
                    f.abbr_en.unwrap_or_else(|| f.en.clone()),
                ),
                name: Text::new(f.vi, f.en),
                code: f.code,
                parent,
            });
        }
        if fundings.is_empty() {
            return Err(CatalogError("no funding sources: at least the total is needed".into()));
        }

        let mut indicators: Vec<Indicator> = Vec::new();
        let mut by_code: text::CodeMap<IndicatorId> = text::CodeMap::default();
        let mut appendices = Vec::new();
        let mut pending_means: Vec<(IndicatorId, String, Option<String>)> = Vec::new();
        let mut pending_mirrors: Vec<(IndicatorId, String)> = Vec::new();
        for (ai, a) in raw.appendix.into_iter().enumerate() {
            let layout = match a.layout.as_str() {
                "plan" => Layout::Plan,
                "funding" => Layout::Funding,
                other => {
                    return Err(CatalogError(format!(
                        "appendix {}: layout “{other}” is not plan or funding",
                        a.code
                    )));
                }
            };
            let appendix_section = Section::parse(&a.section)
                .ok_or_else(|| CatalogError(format!("appendix {}: section “{}” is not known", a.code, a.section)))?;
            let mut rows = Vec::new();
            for r in a.row {
                if r.after.is_some() {
                    return Err(CatalogError(format!(
                        "row {}: “after” belongs to a form's added rows",
                        r.code
                    )));
                }
                if by_code.contains_key(&r.code) {
                    return Err(CatalogError(format!("row {} is defined twice", r.code)));
                }
                for (field, s) in [("vi", &r.vi), ("en", &r.en)] {
                    if !text::is_nfc(s) || text::has_control(s) {
                        return Err(CatalogError(format!(
                            "row {}: {field} must be NFC text without control characters",
                            r.code
                        )));
                    }
                }
                let id = IndicatorId(indicators.len() as u16);
                let parent =
                    match &r.parent {
                        Some(p) => Some(*by_code.get(p).ok_or_else(|| {
                            CatalogError(format!("row {}: parent {p} must be defined above it", r.code))
                        })?),
                        None => None,
                    };
                if let Some(p) = parent
                    && indicators[p.0 as usize].appendix != ai
                {
                    return Err(CatalogError(format!("row {}: parent is in another appendix", r.code)));
                }
                let rel = r.rel.as_deref().map(|s| relation(s, &r.code)).transpose()?;
                if rel.is_some() && parent.is_none() {
                    return Err(CatalogError(format!("row {}: a relation needs a parent", r.code)));
                }
                let unit = match &r.unit {
                    Some(u) => Some(
                        *unit_index
                            .get(u)
                            .ok_or_else(|| CatalogError(format!("row {}: unit {u} is not defined", r.code)))?,
                    ),
                    None => None,
                };
                let kind = match (&r.kind, unit.and_then(|u| units[u].kind)) {
                    (Some(k), _) => ValueKind::parse(k)
                        .ok_or_else(|| CatalogError(format!("row {}: kind “{k}” is not known", r.code)))?,
                    (None, Some(k)) => k,
                    (None, None) if r.heading && !r.values.unwrap_or(false) => ValueKind::Amount,
                    (None, None) => {
                        return Err(CatalogError(format!(
                            "row {}: takes figures but has no kind (give it a unit with a kind, or a kind)",
                            r.code
                        )));
                    }
                };
                let direction = match r.dir.as_deref().unwrap_or("higher") {
                    "higher" => Direction::Higher,
                    "lower" => Direction::Lower,
                    "neutral" => Direction::Neutral,
                    other => return Err(CatalogError(format!("row {}: direction “{other}”", r.code))),
                };
                let aggregation = match r.agg.as_deref().unwrap_or("sum") {
                    "sum" => Aggregation::Sum,
                    "none" => Aggregation::None,
                    s if s.starts_with("mean:") => {
                        pending_means.push((id, s["mean:".len()..].to_string(), None));
                        Aggregation::None
                    }
                    s if s.starts_with("ratio:") => {
                        let (num, den) = s["ratio:".len()..].split_once('/').ok_or_else(|| {
                            CatalogError(format!("row {}: a ratio is “ratio:<numerator>/<denominator>”", r.code))
                        })?;
                        pending_means.push((id, num.to_string(), Some(den.to_string())));
                        Aggregation::None
                    }
                    other => return Err(CatalogError(format!("row {}: aggregation “{other}”", r.code))),
                };
                let origin = match r.origin.as_deref().unwrap_or("appendix") {
                    "appendix" => Origin::Appendix,
                    "reconstructed" => Origin::Reconstructed,
                    "narrative" => Origin::Narrative,
                    other => return Err(CatalogError(format!("row {}: origin “{other}”", r.code))),
                };
                if r.funded && layout != Layout::Funding {
                    return Err(CatalogError(format!(
                        "row {}: only a funding appendix has funded rows",
                        r.code
                    )));
                }
                if let Some(m) = &r.mirror {
                    if !r.heading || r.values.is_some() {
                        return Err(CatalogError(format!(
                            "row {}: only a heading that takes no figures of its own repeats a total (mirror)",
                            r.code
                        )));
                    }
                    pending_mirrors.push((id, m.clone()));
                }
                let depth = parent.map_or(0, |p| indicators[p.0 as usize].depth + 1);
                let section = match (&r.section, parent) {
                    (Some(code), _) => Section::parse(code)
                        .ok_or_else(|| CatalogError(format!("row {}: section “{code}” is not known", r.code)))?,
                    (None, Some(p)) => indicators[p.0 as usize].section,
                    (None, None) => appendix_section,
                };
                let name = Text::new(r.vi, r.en);
                let parent_name = parent.map(|p| indicators[p.0 as usize].name.clone());
                let bullet = name.vi.starts_with("- ");
                let short = Text::new(
                    r.short_vi.unwrap_or_else(|| {
                        default_short(&name.vi, bullet, parent_name.as_ref().map(|t| t.vi.as_str()))
                    }),
                    r.short_en.unwrap_or_else(|| {
                        default_short(&name.en, bullet, parent_name.as_ref().map(|t| t.en.as_str()))
                    }),
                );
                let parts_label = match (r.parts_vi, r.parts_en) {
                    (Some(vi), Some(en)) => Some(Text::new(vi, en)),
                    (None, None) => None,
                    _ => {
                        return Err(CatalogError(format!(
                            "row {}: parts_vi and parts_en go together",
                            r.code
                        )));
                    }
                };
                by_code.insert(r.code.clone(), id);
                if let Some(p) = parent {
                    indicators[p.0 as usize].children.push(id);
                }
                indicators.push(Indicator {
                    id,
                    code: r.code.clone(),
                    appendix: ai,
                    section,
                    number: r.no.unwrap_or_default(),
                    name,
                    short,
                    parts_label,
                    unit,
                    parent,
                    relation: rel,
                    label_before: r.label.as_deref().map(|s| relation(s, &r.code)).transpose()?,
                    depth,
                    direction,
                    aggregation,
                    kind,
                    signed: r.signed,
                    heading: r.heading,
                    has_values: r.values.unwrap_or(!r.heading),
                    origin,
                    funded: r.funded,
                    part_of_whole: r.whole.unwrap_or(true),
                    disjoint: r.disjoint,
                    headline: r.headline,
                    mirror: None,
                    written: r.written,
                    children: Vec::new(),
                    in_form: true,
                });
                rows.push(id);
            }
            appendices.push(Appendix {
                code: a.code,
                number: a.no,
                title: Text::new(a.title_vi, a.title_en),
                title_reconstructed: a.title_origin.as_deref() == Some("reconstructed"),
                layout,
                rows,
            });
        }
        for (id, base, den) in pending_means {
            let find = |code: &str| {
                by_code.get(code).copied().ok_or_else(|| {
                    CatalogError(format!(
                        "row {}: aggregation row {code} is not defined",
                        indicators[id.0 as usize].code
                    ))
                })
            };
            let b = find(&base)?;
            indicators[id.0 as usize].aggregation = match den {
                None => Aggregation::Mean { base: b },
                Some(d) => Aggregation::Ratio { num: b, den: find(&d)? },
            };
        }
        for (id, code) in pending_mirrors {
            let m = by_code.get(&code).copied().ok_or_else(|| {
                CatalogError(format!(
                    "row {}: the row it repeats, {code}, is not defined",
                    indicators[id.0 as usize].code
                ))
            })?;
            if !indicators[m.0 as usize].has_values {
                return Err(CatalogError(format!(
                    "row {}: the row it repeats, {code}, takes no figures",
                    indicators[id.0 as usize].code
                )));
            }
            indicators[id.0 as usize].mirror = Some(m);
            indicators[id.0 as usize].kind = indicators[m.0 as usize].kind;
        }
        let mut sheets = Vec::new();
        for s in raw.sheet {
            let appendix = appendices
                .iter()
                .position(|a| a.code == s.appendix)
                .ok_or_else(|| CatalogError(format!("sheet {}: appendix {} is not defined", s.code, s.appendix)))?;
            let rows = match &s.roots {
                None => appendices[appendix].rows.clone(),
                Some(roots) => {
                    let mut ids = Vec::new();
                    for r in roots {
                        let id = *by_code
                            .get(r)
                            .ok_or_else(|| CatalogError(format!("sheet {}: row {r} is not defined", s.code)))?;
                        ids.push(id);
                    }
                    appendices[appendix]
                        .rows
                        .iter()
                        .copied()
                        .filter(|row| {
                            let mut cur = Some(*row);
                            while let Some(c) = cur {
                                if ids.contains(&c) {
                                    return true;
                                }
                                cur = indicators[c.0 as usize].parent;
                            }
                            false
                        })
                        .collect()
                }
            };
            sheets.push(Sheet {
                code: s.code,
                title: Text::new(s.vi, s.en),
                appendix,
                rows,
            });
        }
        Ok(Catalog {
            indicators,
            units,
            funding_order: fundings.iter().map(|f| f.id).collect(),
            fundings,
            appendices,
            sheets,
            by_code,
            fingerprint: fingerprint(src),
        })
    }
}

/// A row printed as a bullet ("- Số hợp tác xã được hỗ trợ") is named in messages with its
/// heading: "Hỗ trợ về chế biến sản phẩm: số hợp tác xã được hỗ trợ".
fn default_short(name: &str, bullet: bool, parent: Option<&str>) -> String {
    let rest = name.strip_prefix("- ").unwrap_or(name);
    match (bullet.then_some(rest), parent) {
        (Some(rest), Some(p)) => {
            let mut chars = rest.chars();
            let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
            format!("{p}: {first}{}", chars.as_str())
        }
        (Some(rest), None) => rest.to_string(),
        _ => name.to_string(),
    }
}
