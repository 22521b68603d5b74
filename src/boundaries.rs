//! The module boundaries, checked: the pure core reads nothing but itself, and the exports
//! and the report take view models, never the session (nor the store, nor a shell).

use std::path::Path;

/// Every `crate::…` module a layer's files name, with the file naming it.
fn named(dir: &str) -> Vec<(String, String)> {
    fn walk(p: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(p) else { return };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (i, _) in text.match_indices("crate::") {
                    let module: String = text[i + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '{')
                        .collect();
                    out.push((module, path.display().to_string()));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir), &mut out);
    out
}

fn only(dir: &str, allowed: &[&str]) {
    let wrong: Vec<_> = named(dir)
        .into_iter()
        .filter(|(m, _)| !allowed.contains(&m.as_str()))
        .collect();
    assert!(wrong.is_empty(), "src/{dir} reaches outside {allowed:?}: {wrong:?}");
}

#[test]
fn the_watch_of_long_work_reaches_nothing() {
    let reached: Vec<_> = named("")
        .into_iter()
        .filter(|(_, f)| f.ends_with("src/work.rs"))
        .collect();
    assert!(reached.is_empty(), "{reached:?}");
}

#[test]
fn the_core_reads_only_itself() {
    only("domain", &["domain", "assets", "i18n"]);
}

#[test]
fn exports_and_the_report_take_view_models_not_the_session() {
    // `work`: the watch of long work, a type and nothing more.
    let allowed = [
        "domain", "exchange", "report", "i18n", "error", "files", "present", "work",
    ];
    only("exchange", &allowed);
    only("report", &allowed);
}

#[test]
fn the_presenter_names_keys_not_the_app() {
    // The words name the key that does what they advise from the bindings (`keys`), which the
    // app reads too; the presenter never reaches into a shell.
    only(
        "present",
        &[
            "domain", "error", "exchange", "files", "i18n", "keys", "session", "store",
        ],
    );
    only("keys", &["i18n"]);
}

#[test]
fn the_store_reaches_no_shell_and_no_words() {
    // `sql_params` is the store's own macro, exported at the crate's root; `work` the watch
    // of long work, a type.
    only("store", &["assets", "domain", "i18n", "store", "sql_params", "work"]);
}

/// The string literals of Rust source, with their line numbers: comments skipped, and every
/// item under `#[cfg(test)]` left out.
fn literals(src: &str) -> Vec<(usize, String)> {
    let c: Vec<char> = src.chars().collect();
    let (mut out, mut i, mut line) = (Vec::new(), 0, 1);
    let starts = |i: usize, s: &str| s.chars().enumerate().all(|(k, ch)| c.get(i + k) == Some(&ch));
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
        }
        if starts(i, "//") {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if starts(i, "/*") {
            while i < c.len() && !starts(i, "*/") {
                line += usize::from(c[i] == '\n');
                i += 1;
            }
            i += 2;
            continue;
        }
        if starts(i, "#[cfg(test)]") && skip_depth.is_none() {
            skip_depth = Some(depth);
            i += 12;
            continue;
        }
        let raw = ch == 'r' && (c.get(i + 1) == Some(&'"') || c.get(i + 1) == Some(&'#'));
        if raw && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_')) {
            let hashes = c[i + 1..].iter().take_while(|h| **h == '#').count();
            if c.get(i + 1 + hashes) == Some(&'"') {
                let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                let (start, at) = (i + 2 + hashes, line);
                i = start;
                while i < c.len() && !starts(i, &close) {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
                if skip_depth.is_none() {
                    out.push((at, c[start..i.min(c.len())].iter().collect()));
                }
                i += close.len();
                continue;
            }
        }
        if ch == '"' {
            let (start, at) = (i + 1, line);
            i += 1;
            while i < c.len() && c[i] != '"' {
                line += usize::from(c[i] == '\n');
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            if skip_depth.is_none() {
                out.push((at, c[start..i.min(c.len())].iter().collect()));
            }
            i += 1;
            continue;
        }
        if ch == '\'' {
            // A char literal ('x', '\n', '"'); otherwise a lifetime.
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            if c.get(i + 2) == Some(&'\'') {
                i += 3;
                continue;
            }
        }
        match ch {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if skip_depth == Some(depth) {
                    skip_depth = None;
                }
            }
            ';' if skip_depth == Some(depth) => skip_depth = None,
            _ => {}
        }
        i += 1;
    }
    out
}

/// Every string literal of the non-test sources under `src/{dir}` that `wrong` flags.
fn flagged(dir: &str, wrong: impl Fn(&str) -> bool) -> Vec<String> {
    fn walk(p: &Path, files: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(p) else { return };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir), &mut files);
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (line, lit) in literals(&text) {
            if wrong(&lit) {
                out.push(format!("{}:{line}: {lit:?}", f.display()));
            }
        }
    }
    out
}

/// Words for people: a letter outside ASCII (Vietnamese: đ, ư, ơ, ạ, ả, ấ…), or a command
/// to type. SQL is not (a PostgreSQL trigger raises its refusal in both languages itself).
fn words_for_people(lit: &str) -> bool {
    let sql = lit.contains("RAISE EXCEPTION");
    !sql && (lit.chars().any(|ch| ch.is_alphabetic() && !ch.is_ascii()) || lit.contains("kttt "))
}

#[test]
fn the_store_the_session_and_the_file_policy_hold_facts_and_the_presenter_writes_the_words() {
    for dir in ["store", "session", "files"] {
        let found = flagged(dir, words_for_people);
        assert!(found.is_empty(), "words for people in src/{dir}:\n{}", found.join("\n"));
    }
}

#[test]
fn the_literal_scanner_sees_through_comments_chars_and_tests() {
    let src = "// \"đ\"\nfn a() { let _ = '\"'; x(\"ư\"); y(r#\"kttt x\"#); }\n#[cfg(test)]\nmod t { fn b() { z(\"ơ\"); } }\nfn c<'a>(_: &'a str) { w(\"ok\"); }\n";
    let lits: Vec<String> = literals(src).into_iter().map(|(_, l)| l).collect();
    assert_eq!(lits, ["ư", "kttt x", "ok"]);
    assert!(words_for_people("Đơn vị") && words_for_people("see kttt init") && !words_for_people("a → b"));
}
