//! The real binary on a database: a command, its output, and one that must succeed.

use std::ffi::OsStr;
use std::process::{Command, Output};

/// `kttt` on the database `db` (a path or an address), in Vietnamese, no configuration file.
pub fn kttt(db: impl AsRef<OsStr>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kttt"));
    c.env("KTTT_DB", db).env_remove("KTTT_LANG").env_remove("KTTT_CONFIG");
    c
}

/// Runs `kttt` with `args`.
pub fn run(db: impl AsRef<OsStr>, args: &[&str]) -> Output {
    kttt(db).args(args).output().unwrap()
}

/// Runs `kttt` with `args`, which must succeed: its standard output.
pub fn ok(db: impl AsRef<OsStr>, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(
        o.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}
