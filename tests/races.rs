//! Writes that race other writes: each test holds the write lock, starts a real `kttt`
//! process (which reads what it reads, then waits for the lock), changes what that process
//! depends on inside the held transaction, and lets go. The process must act on the newer
//! figures, because it reads them inside its own transaction.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn kttt(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(args)
        .env("KTTT_DB", db)
        .env_remove("KTTT_LANG")
        .output()
        .unwrap()
}

fn spawn(db: &Path, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(args)
        .env("KTTT_DB", db)
        .env_remove("KTTT_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs `args` while holding the write lock, doing `meanwhile` inside the held transaction
/// once the process has had time to read, then lets it go on; returns its output.
fn race(db: &Path, args: &[&str], meanwhile: &str) -> std::process::Output {
    let holder = rusqlite::Connection::open(db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let child = spawn(db, args);
    std::thread::sleep(Duration::from_millis(700));
    holder.execute_batch(meanwhile).unwrap();
    holder.execute_batch("COMMIT").unwrap();
    child.wait_with_output().unwrap()
}

fn ready() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, p) = common::tmp();
    assert!(kttt(&p, &["init"]).status.success());
    (d, p)
}

#[test]
fn apply_takes_the_scenario_figure_committed_just_before_it() {
    let (_d, db) = ready();
    assert!(kttt(&db, &["scenario", "new", "PA1"]).status.success());
    assert!(
        kttt(&db, &["set", "htx.total", "KH2020", "210", "--scenario", "PA1"])
            .status
            .success()
    );
    let o = race(
        &db,
        &["scenario", "apply", "PA1"],
        "UPDATE scenario_value SET value = '250' WHERE indicator = 'htx.total'",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        common::stored(&db, "htx.total", "KH2020").as_deref(),
        Some("250"),
        "the newer scenario figure is what becomes official"
    );
    assert_eq!(common::count(&db, "SELECT count(*) FROM scenario_value"), 0);
}

#[test]
fn plan_start_carries_the_estimate_committed_just_before_it() {
    let (_d, db) = ready();
    let o = race(
        &db,
        &["plan", "start"],
        "UPDATE value SET value = '180' WHERE indicator = 'htx.total' AND year = 2019 AND kind = 'estimate'",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(common::stored(&db, "htx.total", "TH2019").as_deref(), Some("180"));
}

#[test]
fn a_write_into_a_scenario_discarded_meanwhile_says_so() {
    let (_d, db) = ready();
    assert!(kttt(&db, &["scenario", "new", "PA1"]).status.success());
    let o = race(
        &db,
        &["set", "htx.total", "KH2020", "210", "--scenario", "PA1"],
        "UPDATE scenario SET status = 'discarded', closed_at = '2026-11-25T10:00:00.000Z', closed_by = 'lan'",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("«PA1» đã bị huỷ bởi lan"), "{err}");
    assert!(!err.contains("FOREIGN KEY"), "{err}");
    assert_eq!(common::stored(&db, "htx.total", "KH2020").as_deref(), Some("201"));
    assert_eq!(common::count(&db, "SELECT count(*) FROM scenario_value"), 0);
}
