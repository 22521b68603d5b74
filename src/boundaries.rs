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
fn the_core_reads_only_itself() {
    only("domain", &["domain", "assets", "i18n"]);
}

#[test]
fn exports_and_the_report_take_view_models_not_the_session() {
    let allowed = ["domain", "exchange", "report", "i18n", "error", "files", "present"];
    only("exchange", &allowed);
    only("report", &allowed);
}
