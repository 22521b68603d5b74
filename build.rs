//! Turns the TOML data files compiled into kttt into JSON, which reads several times faster
//! at start-up. The TOML stays the source (and `Catalog::parse`/`RuleSet::parse` still read
//! TOML); a test checks that both forms give the same catalog and rules. It also records the
//! commit kttt is built from.

use std::path::PathBuf;

fn main() {
    commit();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["catalog", "rules"] {
        let src = format!("assets/{name}.toml");
        println!("cargo:rerun-if-changed={src}");
        let text = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
        let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{src}: {e}"));
        std::fs::write(out.join(format!("{name}.json")), json).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    }
}

/// The commit kttt is built from, for `kttt --version`: `KTTT_COMMIT` when set (a source
/// package built outside git), else `git rev-parse`, else "unknown" (a tarball without git).
fn commit() {
    println!("cargo:rerun-if-env-changed=KTTT_COMMIT");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    // A new commit or checkout moves HEAD's log (in a worktree too).
    for p in ["HEAD", "logs/HEAD"] {
        if let Some(path) = git(&["rev-parse", "--git-path", p]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    let commit = std::env::var("KTTT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=KTTT_COMMIT={commit}");
}
