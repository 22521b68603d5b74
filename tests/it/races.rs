//! Writes that race other writes: each test holds the write lock, starts a real `kttt`
//! process (which reads what it reads, then waits for the lock), changes what that process
//! depends on inside the held transaction, and lets go. The process must act on the newer
//! figures, because it reads them inside its own transaction.

use crate::common;

use common::backend::{Backend, TestDb};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn kttt(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(args)
        .env("KTTT_DB", db)
        .env_remove("KTTT_LANG")
        .output()
        .unwrap()
}

fn spawn(db: &str, args: &[&str]) -> Child {
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
fn race(t: &TestDb, args: &[&str], meanwhile: &str) -> std::process::Output {
    let lock = kttt::store::postgres::schema::WRITE_LOCK;
    match t.backend {
        Backend::Sqlite => {
            let holder = rusqlite::Connection::open(&t.db).unwrap();
            holder.execute_batch("BEGIN IMMEDIATE").unwrap();
            let child = spawn(&t.db, args);
            std::thread::sleep(Duration::from_millis(700));
            holder.execute_batch(meanwhile).unwrap();
            holder.execute_batch("COMMIT").unwrap();
            child.wait_with_output().unwrap()
        }
        Backend::Postgres => {
            // The lock every kttt writer takes first, held by this connection.
            let mut holder = postgres::Client::connect(&t.db, postgres::NoTls).unwrap();
            holder
                .batch_execute(&format!("BEGIN; SELECT pg_advisory_xact_lock({lock})"))
                .unwrap();
            let child = spawn(&t.db, args);
            std::thread::sleep(Duration::from_millis(700));
            holder.batch_execute(meanwhile).unwrap();
            holder.batch_execute("COMMIT").unwrap();
            child.wait_with_output().unwrap()
        }
    }
}

fn ready(b: Backend) -> TestDb {
    TestDb::seeded(b)
}

fn stored(t: &TestDb, code: &str, period: &str) -> Option<String> {
    let p = kttt::domain::period::Period::parse(period).unwrap();
    t.rows(&format!(
        "SELECT value FROM value WHERE indicator = '{code}' AND year = {} AND kind = '{}'
         AND org_unit = 'bac-kan' AND funding = 'total'",
        p.year,
        p.kind.code()
    ))
    .first()
    .and_then(|r| r[0].clone())
}

fn apply_takes_the_scenario_figure_committed_just_before_it(b: Backend) {
    let t = ready(b);
    let db = t.db.clone();
    assert!(kttt(&db, &["scenario", "new", "PA1"]).status.success());
    assert!(
        kttt(&db, &["set", "htx.total", "KH2020", "210", "--scenario", "PA1"])
            .status
            .success()
    );
    let o = race(
        &t,
        &["scenario", "apply", "PA1"],
        "UPDATE scenario_value SET value = '250' WHERE indicator = 'htx.total'",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        stored(&t, "htx.total", "KH2020").as_deref(),
        Some("250"),
        "the newer scenario figure is what becomes official"
    );
    assert_eq!(t.count("SELECT count(*) FROM scenario_value"), 0);
}

fn plan_start_carries_the_estimate_committed_just_before_it(b: Backend) {
    let t = ready(b);
    let o = race(
        &t,
        &["plan", "start"],
        "UPDATE value SET value = '180' WHERE indicator = 'htx.total' AND year = 2019 AND kind = 'estimate'",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stored(&t, "htx.total", "TH2019").as_deref(), Some("180"));
}

fn a_write_into_a_scenario_discarded_meanwhile_says_so(b: Backend) {
    let t = ready(b);
    let db = t.db.clone();
    assert!(kttt(&db, &["scenario", "new", "PA1"]).status.success());
    let o = race(
        &t,
        &["set", "htx.total", "KH2020", "210", "--scenario", "PA1"],
        "UPDATE scenario SET status = 'discarded', closed_at = '2026-11-25T10:00:00.000Z', closed_by = 'lan'",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("«PA1» đã bị huỷ bởi lan"), "{err}");
    assert!(!err.contains("FOREIGN KEY"), "{err}");
    assert_eq!(stored(&t, "htx.total", "KH2020").as_deref(), Some("201"));
    assert_eq!(t.count("SELECT count(*) FROM scenario_value"), 0);
}

on_both!(
    apply_takes_the_scenario_figure_committed_just_before_it,
    plan_start_carries_the_estimate_committed_just_before_it,
    a_write_into_a_scenario_discarded_meanwhile_says_so
);
