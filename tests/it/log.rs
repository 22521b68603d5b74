//! `kttt log`: recent changes across all cells, newest first, filtered by time, unit and
//! user; `--follow` prints another process's changes as they are committed, through the
//! change cursor.

use crate::common;

use assert_cmd::Command;
use common::backend::{Backend, TestDb};
use common::*;
use kttt::store::{Actor, Expect};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn kttt(db: &str) -> Command {
    let mut c = Command::cargo_bin("kttt").unwrap();
    c.env("KTTT_DB", db).env("KTTT_LANG", "vi").env_remove("COLUMNS");
    c
}

fn stdout(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// A seeded file where `lan` edits the province and `minh` edits Ba Bể.
fn two_users(b: Backend) -> TestDb {
    let t = TestDb::seeded(b);
    let mut st = t.store();
    if b == Backend::Postgres {
        // On a server the user is a role: the store switches to it.
        common::pg::ensure_role("lan");
        common::pg::ensure_role("minh");
    }
    st.set_actor(Actor { user: "lan".into() }).unwrap();
    let k = key(&st, "htx.total", "KH2020");
    set(&mut st, k, Some(dec("205")), Expect::Anything).unwrap();
    st.set_actor(Actor { user: "minh".into() }).unwrap();
    let k = key_at(&st, "htx.members", "ba-be", "UTH2019");
    set(&mut st, k, Some(dec("120")), Expect::Anything).unwrap();
    t
}

fn log_lists_the_newest_changes_first_with_who_what_and_old_to_new(b: Backend) {
    let t = two_users(b);
    let p = t.db.clone();
    let out = stdout(kttt(&p).args(["log", "--limit", "2"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("Thời gian") && lines[0].contains("Cũ → mới"),
        "{out}"
    );
    // People's words, not codes: the unit's name, the row's name and the period.
    assert!(
        lines[2].contains("minh") && lines[2].contains("Huyện Ba Bể") && lines[2].contains("viên HTX, ƯTH 2019"),
        "{out}"
    );
    assert!(!out.contains("ba-be") && !out.contains("htx.members"), "{out}");
    assert!(lines[2].contains("- → 120"), "{out}");
    assert!(
        lines[3].contains("lan") && lines[3].contains("Tỉnh Bắc Kạn") && lines[3].contains("201 → 205"),
        "{out}"
    );
    // A plan step says its action in words, and its reason to the end, wrapped at any width.
    let mut c = kttt(&p);
    c.args(["--unit", "ba-be", "plan", "submit"]);
    let _ = stdout(&mut c);
    let mut c = kttt(&p);
    c.args([
        "--unit",
        "ba-be",
        "plan",
        "return",
        "--comment",
        "Thiếu Phụ lục 3: chưa có số liệu chính sách hỗ trợ",
    ]);
    let _ = stdout(&mut c);
    let out = stdout(kttt(&p).args(["log", "--limit", "2", "--width", "90"]));
    assert!(
        out.contains("trả lại kế hoạch") && out.contains("gửi kế hoạch"),
        "{out}"
    );
    let said: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("kế hoạch 2020: Thiếu Phụ lục 3: chưa có số liệu chính sách hỗ trợ"),
        "{out}"
    );
    assert!(!out.contains("plan.return") && !out.contains('…'), "{out}");
    assert!(out.lines().all(|l| kttt::domain::text::width(l) <= 100), "{out}");
}

fn log_filters_by_user_unit_and_time(b: Backend) {
    let t = two_users(b);
    let p = t.db.clone();
    let csv = |args: &[&str]| {
        let mut c = kttt(&p);
        c.args(["log", "--format", "csv"]).args(args);
        stdout(&mut c).lines().skip(1).map(String::from).collect::<Vec<_>>()
    };
    let lan = csv(&["--user", "lan"]);
    assert_eq!(lan.len(), 1, "{lan:?}");
    assert!(
        lan[0].contains(",lan,set,,bac-kan,htx.total,KH2020,total,201,205,"),
        "{lan:?}"
    );
    // --unit: that unit and the units below it; the province's subtree holds Ba Bể.
    let ba_be = csv(&["--unit", "ba-be", "--limit", "1000"]);
    assert!(
        ba_be[0].contains(",minh,set,,ba-be,htx.members,UTH2019,total,,120,"),
        "{ba_be:?}"
    );
    // The rest are about Ba Bể's communes (their creation), never the province's figures.
    assert!(ba_be.iter().all(|r| !r.contains(",bac-kan,")), "{ba_be:?}");
    assert!(
        ba_be.iter().any(|r| r.contains(",unit.add,,cho-ra-01888,")),
        "{ba_be:?}"
    );
    let province = csv(&["--unit", "bac-kan", "--limit", "2"]);
    assert!(
        province[0].contains(",ba-be,") && province[1].contains(",bac-kan,"),
        "{province:?}"
    );
    // Since a minute ago: the two edits (and the file's creation notes), not older rows.
    let recent = csv(&["--since", "1m", "--limit", "1000"]);
    assert!(recent.iter().any(|r| r.contains(",minh,")));
    assert!(csv(&["--since", "2999-01-01"]).is_empty());
    // Nothing matching is said in words, not as an empty table.
    let none = stdout(kttt(&p).args(["log", "--user", "nobody"]));
    assert_eq!(none.trim(), "Không có thay đổi nào.");
    // A time kttt cannot read is refused in words.
    let o = kttt(&p).args(["log", "--since", "hôm qua"]).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("Không hiểu thời điểm"));
}

fn log_json_keeps_exact_figures_and_codes(b: Backend) {
    let t = two_users(b);
    let p = t.db.clone();
    let out = stdout(kttt(&p).args(["log", "--format", "json", "--limit", "1"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let e = &v[0];
    assert_eq!(e["user"], "minh");
    assert_eq!(e["org_unit"], "ba-be");
    assert_eq!(e["period"], "UTH2019");
    assert_eq!(e["old"], serde_json::Value::Null);
    assert_eq!(e["new"], "120");
}

fn log_follow_prints_another_process_s_change_as_it_is_committed(b: Backend) {
    let t = two_users(b);
    let p = t.db.clone();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(["log", "--follow", "--format", "json", "--limit", "1"])
        .env("KTTT_DB", &p)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // First the latest change as it stands.
    let first: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(first["user"], "minh");
    // Then another process writes two cells.
    let started = Instant::now();
    stdout(kttt(&p).args(["set", "htx.total", "KH2020", "210"]));
    stdout(kttt(&p).args(["set", "htx.total", "KH2020", "211"]));
    let a: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let b: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!((a["old"].as_str(), a["new"].as_str()), (Some("205"), Some("210")));
    assert_eq!((b["old"].as_str(), b["new"].as_str()), (Some("210"), Some("211")));
    assert!(a["id"].as_i64() < b["id"].as_i64(), "oldest first, each once");
}

on_both!(
    log_lists_the_newest_changes_first_with_who_what_and_old_to_new,
    log_filters_by_user_unit_and_time,
    log_json_keeps_exact_figures_and_codes,
    log_follow_prints_another_process_s_change_as_it_is_committed
);
