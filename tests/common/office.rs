//! LibreOffice headless, the way offices open kttt's files: converting CSV and workbooks,
//! recalculating. Each call gets a profile of its own (concurrent tests). Without
//! LibreOffice the tests fail, naming the package (`.ci/run` installs it); they never skip.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `soffice` program.
pub fn soffice() -> PathBuf {
    for p in [
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/usr/bin/libreoffice",
    ] {
        if Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    panic!(
        "LibreOffice is not installed: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui \
         (.ci/run does). These tests open kttt's files as offices do; they do not skip."
    );
}

/// Converts files into `to` (`xlsx`, `pdf`, or a filter such as `xlsx:"Calc Office Open XML"`)
/// in `out`. Returns the converted files.
pub fn convert(files: &[PathBuf], to: &str, out: &Path) -> Vec<PathBuf> {
    run(files, to, out, None)
}

/// Converts CSV files read as a Vietnamese office's LibreOffice does by default when asked
/// for UTF-8: comma-separated, `"` quoted, formulas evaluated.
pub fn convert_csv(files: &[PathBuf], to: &str, out: &Path) -> Vec<PathBuf> {
    run(files, to, out, Some("CSV:44,34,76,1"))
}

fn run(files: &[PathBuf], to: &str, out: &Path, infilter: Option<&str>) -> Vec<PathBuf> {
    let profile = tempfile::tempdir().unwrap();
    let mut c = Command::new(soffice());
    c.arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--norestore"]);
    if let Some(f) = infilter {
        c.arg(format!("--infilter={f}"));
    }
    let o = c
        .args(["--convert-to", to, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(o.status.success(), "soffice: {}", String::from_utf8_lossy(&o.stderr));
    let ext = to.split(':').next().unwrap_or(to);
    files
        .iter()
        .map(|f| {
            let p = out.join(f.file_stem().unwrap()).with_extension(ext);
            assert!(
                p.exists(),
                "LibreOffice did not write {}: {}",
                p.display(),
                String::from_utf8_lossy(&o.stdout)
            );
            p
        })
        .collect()
}
