//! LibreOffice headless, the way offices open kttt's files: converting CSV and workbooks,
//! recalculating. Each call gets a profile of its own (concurrent tests); a recalculating
//! profile works out every formula again on load, as a workbook asks for. Without
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
         (./test does). These tests open kttt's files as offices do; they do not skip."
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

/// When LibreOffice works out a workbook's formulas on load: always, or never (then the
/// results stored in the file are what it shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recalc {
    Always,
    Never,
}

/// A LibreOffice profile whose settings (`registrymodifications.xcu`) say when formulas are
/// worked out on load: `OOXMLRecalcMode` for .xlsx, `ODFRecalcMode` for .ods (0 always,
/// 1 never).
pub fn profile(recalc: Recalc) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let user = d.path().join("user");
    std::fs::create_dir_all(&user).unwrap();
    let mode = match recalc {
        Recalc::Always => 0,
        Recalc::Never => 1,
    };
    let item = |name: &str| {
        format!(
            "<item oor:path=\"/org.openoffice.Office.Calc/Formula/Load\"><prop oor:name=\"{name}\" oor:op=\"fuse\"><value>{mode}</value></prop></item>\n"
        )
    };
    let xcu = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n{}{}</oor:items>\n",
        item("OOXMLRecalcMode"),
        item("ODFRecalcMode")
    );
    std::fs::write(user.join("registrymodifications.xcu"), xcu).unwrap();
    d
}

/// Converts files with a profile's settings (see [`profile`]).
pub fn convert_with(profile: &Path, files: &[PathBuf], to: &str, out: &Path) -> Vec<PathBuf> {
    run_in(profile, files, to, out, None)
}

fn run(files: &[PathBuf], to: &str, out: &Path, infilter: Option<&str>) -> Vec<PathBuf> {
    let profile = tempfile::tempdir().unwrap();
    run_in(profile.path(), files, to, out, infilter)
}

fn run_in(profile: &Path, files: &[PathBuf], to: &str, out: &Path, infilter: Option<&str>) -> Vec<PathBuf> {
    let mut c = Command::new(soffice());
    c.arg(format!("-env:UserInstallation=file://{}", profile.display()))
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
