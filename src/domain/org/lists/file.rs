//! What unit lists and mapping files share: `# key: value` lines before a CSV header, the
//! records after it with their line numbers, dates and statistics codes.

use super::Problem;
use std::collections::BTreeMap;

/// The `# key: value` lines and the CSV records (with their line numbers) of a file.
pub(super) type Records = (BTreeMap<String, String>, Vec<(usize, Vec<String>)>);

/// Splits a file into its `# key: value` lines and its records under the expected header;
/// every malformed record is reported, by line.
pub(super) fn records(src: &str, header: &[&str]) -> Result<Records, Vec<Problem>> {
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

/// A `# key: YYYY-MM-DD` line's date, if given.
pub(super) fn date_meta(meta: &BTreeMap<String, String>, key: &str) -> Result<Option<String>, Problem> {
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
pub(super) fn first_word(meta: &BTreeMap<String, String>, key: &str) -> String {
    meta.get(key)
        .and_then(|v| v.split_whitespace().next())
        .unwrap_or_default()
        .to_string()
}

/// Whether a statistics code is well formed: 1 to 10 digits.
pub(super) fn gso_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 10 && s.chars().all(|c| c.is_ascii_digit())
}
