//! A unit list: `level,gso,name,parent_gso`, with its code scheme and the dates it holds for.

use super::Problem;
use super::file::{date_meta, first_word, gso_ok, records};
use crate::domain::org::Level;
use crate::domain::text;
use crate::i18n::Lang;
use std::collections::{BTreeMap, HashSet};

/// A row of a unit list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRow {
    pub line: usize,
    pub level: Level,
    pub gso: String,
    pub name: String,
    pub parent_gso: Option<String>,
}

/// A tree of units from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitList {
    /// The `# key: value` lines (title, source, scheme, dates).
    pub meta: BTreeMap<String, String>,
    pub scheme: String,
    /// The first day the list holds (the effective date of a change), when given.
    pub valid_from: Option<String>,
    /// The last day it holds, for a list of units that have ended.
    pub valid_to: Option<String>,
    pub rows: Vec<UnitRow>,
}

fn level_of(s: &str) -> Option<Level> {
    match text::fold(s).as_str() {
        "province" | "tinh" => Some(Level::Province),
        "district" | "huyen" => Some(Level::District),
        "commune" | "xa" => Some(Level::Commune),
        _ => None,
    }
}

fn name_ok(line: usize, name: &str) -> Result<String, Problem> {
    text::check_name(name, 200).map_err(|p| {
        let what = ("Tên đơn vị", "A unit name");
        Problem::new(line, p.message(what, Lang::Vi), p.message(what, Lang::En))
    })
}

impl UnitList {
    /// What the change log says of importing it: `12 đơn vị (scheme gso-2025): title`.
    pub fn audit_detail(&self) -> String {
        let title = self.meta.get("title").cloned().unwrap_or_default();
        let title = if title.is_empty() { title } else { format!(": {title}") };
        format!("{} đơn vị (scheme {}){title}", self.rows.len(), self.scheme)
    }

    /// Reads a unit list; every problem is reported, by line.
    pub fn parse(src: &str) -> Result<UnitList, Vec<Problem>> {
        let (meta, recs) = records(src, &["level", "gso", "name", "parent_gso"])?;
        let mut problems = Vec::new();
        let scheme = first_word(&meta, "scheme");
        if scheme.is_empty() || scheme.len() > 20 || !scheme.chars().all(|c| c.is_ascii_alphanumeric()) {
            problems.push(Problem::new(
                0,
                "thiếu dòng “# scheme: 2004” hoặc “# scheme: 2025” (bảng mã của các đơn vị)",
                "the “# scheme: 2004” or “# scheme: 2025” line (the units' code list) is missing",
            ));
        }
        let valid_from = date_meta(&meta, "valid_from")
            .and_then(|a| Ok(a.or(date_meta(&meta, "effective")?)))
            .unwrap_or_else(|p| {
                problems.push(p);
                None
            });
        let valid_to = date_meta(&meta, "valid_to").unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let mut rows = Vec::new();
        let mut seen = HashSet::new();
        for (line, f) in recs {
            let Some(level) = level_of(&f[0]) else {
                problems.push(Problem::new(
                    line,
                    format!(
                        "cấp “{}” không phải province, district hay commune",
                        text::sanitize(&f[0])
                    ),
                    format!("level “{}” is not province, district or commune", text::sanitize(&f[0])),
                ));
                continue;
            };
            if !gso_ok(&f[1]) {
                problems.push(Problem::new(
                    line,
                    format!(
                        "mã “{}” không phải mã số thống kê (chỉ gồm chữ số)",
                        text::sanitize(&f[1])
                    ),
                    format!(
                        "code “{}” is not a statistics code (digits only)",
                        text::sanitize(&f[1])
                    ),
                ));
                continue;
            }
            if !seen.insert(f[1].clone()) {
                problems.push(Problem::new(
                    line,
                    format!("mã {} đã có ở dòng trên", f[1]),
                    format!("code {} is listed twice", f[1]),
                ));
                continue;
            }
            let name = match name_ok(line, &f[2]) {
                Ok(n) => n,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            let parent_gso = Some(f[3].clone()).filter(|p| !p.is_empty());
            if level != Level::Province && parent_gso.is_none() {
                problems.push(Problem::new(
                    line,
                    format!("{name} thiếu mã đơn vị cấp trên (parent_gso)"),
                    format!("{name} has no parent code (parent_gso)"),
                ));
                continue;
            }
            rows.push(UnitRow {
                line,
                level,
                gso: f[1].clone(),
                name,
                parent_gso,
            });
        }
        let listed: HashSet<&str> = rows.iter().map(|r| r.gso.as_str()).collect();
        for r in &rows {
            if let Some(p) = &r.parent_gso
                && !listed.contains(p.as_str())
                && r.level == Level::Province
            {
                problems.push(Problem::new(
                    r.line,
                    "một tỉnh không có đơn vị cấp trên",
                    "a province has no parent",
                ));
            }
        }
        if rows.is_empty() && problems.is_empty() {
            problems.push(Problem::new(0, "tệp không có đơn vị nào", "the file lists no units"));
        }
        if problems.is_empty() {
            Ok(UnitList {
                meta,
                scheme,
                valid_from,
                valid_to,
                rows,
            })
        } else {
            Err(problems)
        }
    }

    /// The day the list is matched against the units already known: its first day, else its
    /// last.
    pub fn match_date(&self) -> Option<&str> {
        self.valid_from.as_deref().or(self.valid_to.as_deref())
    }
}
