//! Records the commit kttt is built from, for `kttt --version`. (The catalog and rules read
//! at start-up as JSON are files of their own, `assets/*.json`, kept equal to the TOML by a
//! test: making them here needed a TOML and a JSON library built a second time, for the
//! build script, in every build.)

fn main() {
    commit();
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
