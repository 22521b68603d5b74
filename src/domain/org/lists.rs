//! Unit lists and mappings as files: a tree of units with the code scheme and the dates it
//! is valid for (`level,gso,name,parent_gso`), and the mapping from the units that ended to
//! those that took their area (`old_gso,old_name,new_gso,new_name,kind,share`). Both are CSV
//! with `# key: value` lines before the header. Reading them is pure; what an import changes
//! is worked out in `import` and `mapping`.

use super::Level;
use crate::domain::text;
use crate::i18n::Lang;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};

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

/// A problem in a file, by line, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub vi: String,
    pub en: String,
}

impl Problem {
    pub(super) fn new(line: usize, vi: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            line,
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The message with its line: `dòng 5: …` / `line 5: …`.
    pub fn message(&self, lang: Lang) -> String {
        if self.line == 0 {
            lang.pick(&self.vi, &self.en).to_string()
        } else {
            format!(
                "{} {}: {}",
                lang.pick("dòng", "line"),
                self.line,
                lang.pick(&self.vi, &self.en)
            )
        }
    }
}

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

/// The `# key: value` lines and the CSV records (with their line numbers) of a file.
type Records = (BTreeMap<String, String>, Vec<(usize, Vec<String>)>);

fn records(src: &str, header: &[&str]) -> Result<Records, Vec<Problem>> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut meta = BTreeMap::new();
    let mut body = String::new();
    let mut first_line = 0;
    for (i, line) in src.lines().enumerate() {
        let t = line.trim();
        if first_line == 0 && (t.starts_with('#') || t.is_empty()) {
            if let Some((k, v)) = t.trim_start_matches('#').split_once(':') {
                let k = k.trim().to_lowercase();
                if !k.is_empty() && !k.contains(' ') {
                    meta.insert(k, v.trim().to_string());
                }
            }
            continue;
        }
        if first_line == 0 {
            first_line = i + 1;
        }
        body.push_str(line);
        body.push('\n');
    }
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(body.as_bytes());
    let got: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(|x| x.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![Problem::new(first_line, e.to_string(), e.to_string())]),
    };
    if got.iter().map(String::as_str).ne(header.iter().copied()) {
        return Err(vec![Problem::new(
            first_line,
            format!(
                "dòng tiêu đề phải là “{}”, không phải “{}”",
                header.join(","),
                got.join(",")
            ),
            format!("the header must be “{}”, not “{}”", header.join(","), got.join(",")),
        )]);
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (n, r) in rd.records().enumerate() {
        let line = first_line + n + 1;
        match r {
            Ok(r) if r.iter().all(|f| f.trim().is_empty()) => {}
            Ok(r) if r.len() != header.len() => problems.push(Problem::new(
                line,
                format!("có {} cột, cần {}", r.len(), header.len()),
                format!("has {} fields, needs {}", r.len(), header.len()),
            )),
            Ok(r) => out.push((line, r.iter().map(|f| f.trim().to_string()).collect())),
            Err(e) => problems.push(Problem::new(line, e.to_string(), e.to_string())),
        }
    }
    if problems.is_empty() {
        Ok((meta, out))
    } else {
        Err(problems)
    }
}

fn date_meta(meta: &BTreeMap<String, String>, key: &str) -> Result<Option<String>, Problem> {
    match meta.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.parse::<jiff::civil::Date>().is_ok() => Ok(Some(v.to_string())),
        Some(v) => Err(Problem::new(
            0,
            format!("“{key}: {v}” không phải ngày (YYYY-MM-DD)"),
            format!("“{key}: {v}” is not a date (YYYY-MM-DD)"),
        )),
    }
}

/// The first word of a `# key: value` line (`2004` of `2004 (Quyết định 124/2004/QĐ-TTg)`).
fn first_word(meta: &BTreeMap<String, String>, key: &str) -> String {
    meta.get(key)
        .and_then(|v| v.split_whitespace().next())
        .unwrap_or_default()
        .to_string()
}

fn gso_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 10 && s.chars().all(|c| c.is_ascii_digit())
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
