//! The command line as a clerk runs it: kttt on a database file, in Vietnamese, at the
//! terminal's default width.

use assert_cmd::Command;
use std::path::Path;

/// kttt on a database file.
pub fn kttt(db: &Path) -> Command {
    let mut c = Command::cargo_bin("kttt").unwrap();
    c.env("KTTT_DB", db).env("KTTT_LANG", "vi").env_remove("COLUMNS");
    c
}

/// The standard output of a command that succeeded.
pub fn ok(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// The standard error of a command that failed.
pub fn failed(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(!o.status.success());
    String::from_utf8(o.stderr).unwrap()
}
