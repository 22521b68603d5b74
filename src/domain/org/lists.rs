//! Unit lists and mappings as files: a tree of units with the code scheme and the dates it
//! is valid for (`level,gso,name,parent_gso`), and the mapping from the units that ended to
//! those that took their area (`old_gso,old_name,new_gso,new_name,kind,share`). Both are CSV
//! with `# key: value` lines before the header. Reading them and working out what an import
//! changes are pure; the store applies the plan in one transaction.

use super::{Level, OrgId, OrgUnit, OrgUnits, day_before};
use crate::domain::text;
use crate::i18n::{Lang, Text};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};

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
    fn new(line: usize, vi: impl Into<String>, en: impl Into<String>) -> Problem {
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

/// The storage code kttt gives a new unit: a readable slug of its name (`ba-be`, `tp-bac-kan`,
/// `phung-chi-kien-01843` for a commune, whose names repeat across the country), made unique
/// with the scheme and then a number when `taken` says the code is in use.
pub fn unit_code(level: Level, name: &str, gso: &str, scheme: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let folded = text::fold(name);
    let (prefix, rest) = match level {
        Level::Province | Level::Country => ("", strip_any(&folded, &["tinh ", "thanh pho "])),
        Level::District => {
            if let Some(r) = folded.strip_prefix("thanh pho ") {
                ("tp-", r)
            } else if let Some(r) = folded.strip_prefix("thi xa ") {
                ("tx-", r)
            } else {
                ("", strip_any(&folded, &["huyen ", "quan "]))
            }
        }
        Level::Commune => ("", strip_any(&folded, &["xa ", "phuong ", "thi tran ", "dac khu "])),
    };
    let slug: String = rest
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let mut base = format!("{prefix}{slug}");
    if level == Level::Commune || base.is_empty() {
        base = if base.is_empty() {
            gso.to_string()
        } else {
            format!("{base}-{gso}")
        };
    }
    if !taken(&base) {
        return base;
    }
    let with_scheme = format!("{base}-{scheme}");
    if !taken(&with_scheme) {
        return with_scheme;
    }
    (2..)
        .map(|n| format!("{with_scheme}-{n}"))
        .find(|c| !taken(c))
        .unwrap_or(with_scheme)
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes.iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s)
}

/// What importing a unit list changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPlan {
    /// New units, parents before children (their `parent` is a code).
    pub add: Vec<OrgUnit>,
    /// Units whose name, level or parent is corrected in place, or whose last day is set.
    pub update: Vec<(OrgId, OrgUnit)>,
    /// Units that end the day before the list's first day.
    pub close: Vec<(OrgId, String)>,
    /// Old → new versions of a unit that changed at the list's first day (whole).
    pub versions: Vec<(String, String)>,
    /// Rows that match a unit as it is.
    pub unchanged: usize,
}

impl ImportPlan {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.update.is_empty() && self.close.is_empty()
    }
}

/// Works out what importing a list into the known units changes. A row matches the known unit
/// of the same scheme and statistics code valid on the list's date. A matched unit whose name,
/// level or parent differs is corrected in place when the list starts when it did, and
/// otherwise ends the day before and continues as a new version (its figures carry over
/// through a whole mapping). Known units of the same scheme under the list's provinces that
/// the list no longer holds end the day before its first day.
pub fn plan_import(known: &OrgUnits, list: &UnitList) -> Result<ImportPlan, Vec<Problem>> {
    let date = list
        .match_date()
        .map(str::to_string)
        .unwrap_or_else(|| "9999-12-31".into());
    let mut plan = ImportPlan::default();
    let mut taken: HashSet<String> = known.all().iter().map(|u| u.code.clone()).collect();
    let mut code_of: HashMap<String, String> = HashMap::new();
    let mut matched: HashSet<OrgId> = HashSet::new();
    let mut problems = Vec::new();
    // Parents first: provinces, then districts, then communes.
    let mut rows: Vec<&UnitRow> = list.rows.iter().collect();
    rows.sort_by_key(|r| match r.level {
        Level::Country => 0,
        Level::Province => 1,
        Level::District => 2,
        Level::Commune => 3,
    });
    for r in rows {
        let parent = match &r.parent_gso {
            None => None,
            Some(p) => match code_of.get(p).cloned().or_else(|| {
                known
                    .find_at(&list.scheme, p, &date)
                    .map(|id| known.get(id).code.clone())
            }) {
                Some(c) => Some(c),
                None => {
                    problems.push(Problem::new(
                        r.line,
                        format!("không có đơn vị cấp trên mã {p} (trong tệp hoặc đã có)"),
                        format!("no parent unit with code {p} (in the file or known)"),
                    ));
                    continue;
                }
            },
        };
        let existing = known.find_at(&list.scheme, &r.gso, &date);
        match existing {
            Some(id) => {
                matched.insert(id);
                let u = known.get(id);
                code_of.insert(r.gso.clone(), u.code.clone());
                let same = u.name.vi == r.name && u.level == r.level && u.parent == parent;
                let mut want = u.clone();
                if !same {
                    want.name = Text::new(r.name.clone(), r.name.clone());
                    want.short = Text::new(short_name(&r.name), r.name.clone());
                    want.level = r.level;
                    want.parent = parent.clone();
                }
                let starts_here = list.valid_from.is_none() || u.valid_from == list.valid_from;
                if same {
                    if list.valid_to.is_some() && u.valid_to.is_none() {
                        want.valid_to = list.valid_to.clone();
                        plan.update.push((id, want));
                    } else {
                        plan.unchanged += 1;
                    }
                } else if starts_here {
                    want.valid_to = want.valid_to.or(list.valid_to.clone());
                    plan.update.push((id, want));
                } else {
                    let from = list.valid_from.clone().unwrap_or_default();
                    plan.close.push((id, day_before(&from).unwrap_or_default()));
                    let code = unit_code(r.level, &r.name, &r.gso, &list.scheme, &|c| taken.contains(c));
                    taken.insert(code.clone());
                    plan.versions.push((u.code.clone(), code.clone()));
                    code_of.insert(r.gso.clone(), code.clone());
                    plan.add.push(new_unit(list, r, code, parent));
                }
            }
            None => {
                let code = unit_code(r.level, &r.name, &r.gso, &list.scheme, &|c| taken.contains(c));
                taken.insert(code.clone());
                code_of.insert(r.gso.clone(), code.clone());
                plan.add.push(new_unit(list, r, code, parent));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Units the list no longer holds, under the provinces it covers, end before it starts.
    if let Some(from) = &list.valid_from {
        let provinces: HashSet<String> = list
            .rows
            .iter()
            .filter(|r| r.level == Level::Province)
            .filter_map(|r| known.find_at(&list.scheme, &r.gso, from))
            .map(|id| known.get(id).code.clone())
            .collect();
        for u in known.all() {
            let root = root_of(known, u.id);
            if u.scheme.as_deref() == Some(list.scheme.as_str())
                && u.valid_on(from)
                && !matched.contains(&u.id)
                && provinces.contains(&known.get(root).code)
            {
                plan.close.push((u.id, day_before(from).unwrap_or_default()));
            }
        }
    }
    Ok(plan)
}

fn root_of(known: &OrgUnits, mut id: OrgId) -> OrgId {
    let mut guard = 0;
    while let Some(p) = known.parent_of(id) {
        id = p;
        guard += 1;
        if guard > 10 {
            break;
        }
    }
    id
}

/// The name without its administrative prefix, for headers: `Ba Bể`, `Phùng Chí Kiên`.
fn short_name(name: &str) -> String {
    for p in ["Tỉnh ", "Huyện ", "Quận ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu "] {
        if let Some(r) = name.strip_prefix(p) {
            return r.to_string();
        }
    }
    name.to_string()
}

fn new_unit(list: &UnitList, r: &UnitRow, code: String, parent: Option<String>) -> OrgUnit {
    OrgUnit {
        id: OrgId(0),
        code,
        gso: Some(r.gso.clone()),
        level: r.level,
        parent,
        name: Text::new(r.name.clone(), r.name.clone()),
        short: Text::new(short_name(&r.name), r.name.clone()),
        valid_from: list.valid_from.clone(),
        valid_to: list.valid_to.clone(),
        successor: None,
        scheme: Some(list.scheme.clone()),
    }
}
