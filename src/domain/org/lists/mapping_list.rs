//! A mapping file: which old units went into which new ones
//! (`old_gso,old_name,new_gso,new_name,kind,share`), and from what day.

use super::Problem;
use super::file::{date_meta, first_word, gso_ok, records};
use crate::domain::text;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How much of an old unit went into a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MapKind {
    /// All of it: the old unit's figures count whole in the new one.
    Whole,
    /// Part of it: its figures count by a known share, or are not comparable.
    Partial,
}

impl MapKind {
    /// The storage code.
    pub fn code(self) -> &'static str {
        match self {
            MapKind::Whole => "whole",
            MapKind::Partial => "partial",
        }
    }

    /// Reads a storage code (also dvhcvn's `full`).
    pub fn from_code(s: &str) -> Option<MapKind> {
        match s.trim() {
            "whole" | "full" => Some(MapKind::Whole),
            "partial" => Some(MapKind::Partial),
            _ => None,
        }
    }
}

/// A mapping file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingList {
    pub meta: BTreeMap<String, String>,
    pub from_scheme: String,
    pub to_scheme: String,
    /// The first day of the new units.
    pub effective: String,
    pub rows: Vec<Mapping>,
}

/// A line of a mapping file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub line: usize,
    pub old_gso: String,
    pub old_name: String,
    pub new_gso: String,
    pub new_name: String,
    pub kind: MapKind,
    pub share: Option<Decimal>,
}

impl MappingList {
    /// What the change log says of importing `fresh` of its lines.
    pub fn audit_detail(&self, fresh: usize) -> String {
        format!(
            "{fresh} dòng ánh xạ {} → {} từ {}",
            self.from_scheme, self.to_scheme, self.effective
        )
    }

    /// Reads a mapping file; every problem is reported, by line.
    pub fn parse(src: &str) -> Result<MappingList, Vec<Problem>> {
        let (meta, recs) = records(src, &["old_gso", "old_name", "new_gso", "new_name", "kind", "share"])?;
        let mut problems = Vec::new();
        let (from_scheme, to_scheme) = (first_word(&meta, "from_scheme"), first_word(&meta, "to_scheme"));
        if from_scheme.is_empty() || to_scheme.is_empty() {
            problems.push(Problem::new(
                0,
                "thiếu dòng “# from_scheme: …” hoặc “# to_scheme: …”",
                "the “# from_scheme: …” or “# to_scheme: …” line is missing",
            ));
        }
        let effective = match date_meta(&meta, "effective") {
            Ok(Some(d)) => d,
            Ok(None) => {
                problems.push(Problem::new(
                    0,
                    "thiếu dòng “# effective: YYYY-MM-DD” (ngày các đơn vị mới bắt đầu)",
                    "the “# effective: YYYY-MM-DD” line (the new units' first day) is missing",
                ));
                String::new()
            }
            Err(p) => {
                problems.push(p);
                String::new()
            }
        };
        let mut rows = Vec::new();
        for (line, f) in recs {
            if !gso_ok(&f[0]) || !gso_ok(&f[2]) {
                problems.push(Problem::new(
                    line,
                    "mã đơn vị phải gồm chữ số",
                    "unit codes must be digits",
                ));
                continue;
            }
            let Some(kind) = MapKind::from_code(&f[4]) else {
                problems.push(Problem::new(
                    line,
                    format!("loại “{}” không phải whole hay partial", text::sanitize(&f[4])),
                    format!("kind “{}” is not whole or partial", text::sanitize(&f[4])),
                ));
                continue;
            };
            let share = if f[5].is_empty() {
                None
            } else {
                match parse_share(&f[5]) {
                    Some(s) => Some(s),
                    None => {
                        problems.push(Problem::new(
                            line,
                            format!(
                                "tỷ lệ “{}” phải lớn hơn 0 và không quá 1 (hoặc 100%)",
                                text::sanitize(&f[5])
                            ),
                            format!(
                                "share “{}” must be above 0 and at most 1 (or 100%)",
                                text::sanitize(&f[5])
                            ),
                        ));
                        continue;
                    }
                }
            };
            if kind == MapKind::Whole && share.is_some_and(|s| s != Decimal::ONE) {
                problems.push(Problem::new(
                    line,
                    "một đơn vị chuyển toàn bộ (whole) không có tỷ lệ khác 1",
                    "a whole unit cannot have a share other than 1",
                ));
                continue;
            }
            rows.push(Mapping {
                line,
                old_gso: f[0].clone(),
                old_name: f[1].clone(),
                new_gso: f[2].clone(),
                new_name: f[3].clone(),
                kind,
                share,
            });
        }
        if problems.is_empty() {
            Ok(MappingList {
                meta,
                from_scheme,
                to_scheme,
                effective,
                rows,
            })
        } else {
            Err(problems)
        }
    }
}

fn parse_share(s: &str) -> Option<Decimal> {
    let t = s.trim().replace(',', ".");
    let (t, pct) = match t.strip_suffix('%') {
        Some(x) => (x.trim().to_string(), true),
        None => (t, false),
    };
    let mut d: Decimal = t.parse().ok()?;
    if pct {
        d /= Decimal::ONE_HUNDRED;
    }
    (d > Decimal::ZERO && d <= Decimal::ONE).then_some(d.normalize())
}
