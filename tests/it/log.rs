//! `kttt log`: recent changes across all cells, newest first, filtered by time, unit and
//! user; `--follow` prints another process's changes as they are committed, through the
//! change cursor.

use crate::common;

use assert_cmd::Command;
use common::backend::{Backend, TestDb};
use common::*;
use kttt::store::{Actor, Expect, LogQuery};
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

/// The ids `kttt log --unit top` must list: every row about `top` or a unit under it in the
/// tree as it is now, as the whole trail has them, newest first.
fn subtree_rows(st: &mut kttt::store::sql::SqlStore, top: &str) -> Vec<i64> {
    let all = st
        .log(&LogQuery {
            limit: 1_000_000,
            newest_first: true,
            ..LogQuery::default()
        })
        .unwrap();
    let orgs = st.orgs();
    let inside: std::collections::HashSet<&str> = orgs
        .subtree(orgs.by_code(top).unwrap())
        .into_iter()
        .map(|u| orgs.get(u).code.as_str())
        .collect();
    all.iter()
        .filter(|e| e.org.as_deref().is_some_and(|o| inside.contains(o)))
        .map(|e| e.entry.id)
        .collect()
}

/// `--unit` over a subtree, newest first (`limit` rows), or oldest first after `after`.
fn scoped(st: &mut kttt::store::sql::SqlStore, top: &str, limit: usize, after: Option<i64>) -> Vec<i64> {
    st.log(&LogQuery {
        unit: st.orgs().by_code(top),
        after,
        limit,
        newest_first: after.is_none(),
        ..LogQuery::default()
    })
    .unwrap()
    .iter()
    .map(|e| e.entry.id)
    .collect()
}

/// Every unit named lists exactly its subtree's rows: all of them, the newest few, and a
/// follower's next page.
fn assert_scoped(t: &TestDb, units: &[&str]) {
    let mut st = t.store();
    for top in units {
        let want = subtree_rows(&mut st, top);
        assert!(!want.is_empty(), "{top} has rows");
        assert_eq!(
            scoped(&mut st, top, 1_000_000, None),
            want,
            "{top}: every row, newest first"
        );
        assert_eq!(
            scoped(&mut st, top, 3, None),
            want[..want.len().min(3)],
            "{top}: the newest three"
        );
        let from = want[want.len() / 2];
        let next: Vec<i64> = want.iter().rev().copied().filter(|i| *i > from).take(4).collect();
        assert_eq!(
            scoped(&mut st, top, 4, Some(from)),
            next,
            "{top}: after {from}, oldest first"
        );
    }
}

fn log_unit_lists_exactly_its_subtree_also_after_units_are_imported_renamed_and_moved(b: Backend) {
    let t = TestDb::seeded(b);
    let p = t.db.clone();
    {
        let mut st = t.store();
        for (unit, period, v) in [
            ("bac-kan", "KH2020", "205"),
            ("ba-be", "KH2020", "21"),
            ("cho-ra-01888", "UTH2019", "3"),
            ("bac-kan", "UTH2019", "181"),
            ("cho-ra-01888", "KH2020", "4"),
        ] {
            let k = key_at(&st, "htx.total", unit, period);
            set(&mut st, k, Some(dec(v)), Expect::Anything).unwrap();
        }
    }
    // A province with districts, a district, a commune, a province of the new tree, the
    // commune about to move.
    let units = ["bac-kan", "ba-be", "cho-ra-01888", "thai-nguyen", "duc-xuan-01840-2025"];
    assert_scoped(&t, &units);
    // A list of Thái Nguyên's units that adds a province and a commune and renames a ward;
    // then the same list with one ward moved to the new province.
    let list = stdout(kttt(&p).args([
        "--unit",
        "thai-nguyen",
        "units",
        "list",
        "--at",
        "2025-07-01",
        "--format",
        "csv",
    ]));
    let mut rows: Vec<String> = list
        .lines()
        .map(|l| l.replace("commune,01843,Phường Bắc Kạn,", "commune,01843,Phường Bắc Kạn Mới,"))
        .collect();
    let at = rows.iter().position(|l| l.starts_with("province,19,")).unwrap();
    rows.insert(at + 1, "province,99,Tỉnh Thử Nghiệm,".into());
    rows.push("commune,99001,Xã Mới Lập,19".into());
    let added = t.dir.path().join("them.csv");
    std::fs::write(&added, rows.join("\n") + "\n").unwrap();
    stdout(kttt(&p).args(["units", "import"]).arg(&added));
    let moved = t.dir.path().join("chuyen.csv");
    let rows: Vec<String> = rows
        .iter()
        .map(|l| match l.strip_prefix("commune,01840,") {
            Some(rest) => format!("commune,01840,{},99", rest.rsplit_once(',').unwrap().0),
            None => l.clone(),
        })
        .collect();
    std::fs::write(&moved, rows.join("\n") + "\n").unwrap();
    // A row about the ward before it moves (a grant on it).
    let grant = |name: &str| {
        let mut st = t.store();
        let ward = st.orgs().by_code("duc-xuan-01840-2025").unwrap();
        st.add_user(name, name).unwrap();
        st.grant(name, ward, kttt::domain::access::Role::Read).unwrap();
    };
    grant("lan");
    assert_scoped(&t, &units);
    stdout(kttt(&p).args(["units", "import"]).arg(&moved));
    let mut st = t.store();
    let ward = st.orgs().by_code("duc-xuan-01840-2025").unwrap();
    assert_eq!(
        st.orgs().get(ward).parent.as_deref(),
        Some("thu-nghiem"),
        "the ward moved"
    );
    let ward_rows = scoped(&mut st, "duc-xuan-01840-2025", 1_000_000, None);
    let new_province = scoped(&mut st, "thu-nghiem", 1_000_000, None);
    assert!(
        ward_rows.iter().all(|r| new_province.contains(r)),
        "the ward's earlier rows moved with it"
    );
    assert!(
        ward_rows
            .iter()
            .all(|r| !scoped(&mut st, "thai-nguyen", 1_000_000, None).contains(r))
    );
    drop(st);
    grant("minh");
    assert_scoped(
        &t,
        &[
            "bac-kan",
            "thai-nguyen",
            "thu-nghiem",
            "duc-xuan-01840-2025",
            "moi-lap-99001",
        ],
    );
}

on_both!(log_unit_lists_exactly_its_subtree_also_after_units_are_imported_renamed_and_moved);

/// A database from before the places (SQLite schema 10, PostgreSQL 5) with rows in its
/// trail: opening it fills in every row's place once, and `--unit` reads by them.
fn the_migration_places_every_existing_row(b: Backend) {
    let t = two_users(b);
    match b {
        Backend::Sqlite => rusqlite::Connection::open(&t.db)
            .unwrap()
            .execute_batch(
                "DROP TRIGGER audit_place_add; DROP TABLE audit_place; DROP TABLE form;
                 ALTER TABLE org_unit DROP COLUMN in_province; ALTER TABLE org_unit DROP COLUMN in_district;
                 DROP TABLE rollup_kept; DROP TABLE rollup_gen;
                 DROP TRIGGER rollup_gen_value_add; DROP TRIGGER rollup_gen_value_change; DROP TRIGGER rollup_gen_value_drop;
                 DROP TRIGGER rollup_gen_unit_add; DROP TRIGGER rollup_gen_unit_change; DROP TRIGGER rollup_gen_unit_drop;
                 DROP TRIGGER rollup_gen_mapping_add; DROP TRIGGER rollup_gen_mapping_change; DROP TRIGGER rollup_gen_mapping_drop;
                 PRAGMA user_version = 11;",
            )
            .unwrap(),
        Backend::Postgres => postgres::Client::connect(&t.db, postgres::NoTls)
            .unwrap()
            .batch_execute(
                "DROP TRIGGER kttt_place_audit ON audit; DROP FUNCTION kttt_place_audit(); DROP TABLE audit_place;
                 DROP TABLE form; DROP POLICY kttt_read ON indicator; DROP POLICY kttt_add ON indicator;
                 DROP POLICY kttt_change ON indicator; ALTER TABLE indicator DISABLE ROW LEVEL SECURITY;
                 DROP POLICY kttt_read ON funding_source; DROP POLICY kttt_add ON funding_source;
                 ALTER TABLE funding_source DISABLE ROW LEVEL SECURITY; DROP FUNCTION kttt_admin_of_every_top(TEXT);
                 ALTER TABLE org_unit DROP COLUMN in_province, DROP COLUMN in_district;
                 DROP TRIGGER rollup_gen_value_add ON value; DROP TRIGGER rollup_gen_value_change ON value;
                 DROP TRIGGER rollup_gen_value_drop ON value; DROP TRIGGER rollup_gen_units ON org_unit;
                 DROP TRIGGER rollup_gen_mapping ON org_mapping; DROP FUNCTION kttt_rollup_figures();
                 DROP FUNCTION kttt_rollup_units(); DROP TABLE rollup_kept; DROP TABLE rollup_gen;
                 DELETE FROM kttt_schema WHERE version IN (7, 8, 9, 10);",
            )
            .unwrap(),
    }
    let mut st = t.store();
    let placed = |sql: &str| -> i64 {
        match b {
            Backend::Sqlite => rusqlite::Connection::open(&t.db)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Backend::Postgres => postgres::Client::connect(&t.db, postgres::NoTls)
                .unwrap()
                .query_one(sql, &[])
                .unwrap()
                .get(0),
        }
    };
    let with_unit = placed("SELECT count(*) FROM audit WHERE org_unit IS NOT NULL");
    assert!(with_unit > 100, "{with_unit}");
    assert_eq!(
        placed("SELECT count(*) FROM audit_place"),
        with_unit,
        "every row with a unit"
    );
    assert_eq!(
        placed(
            "SELECT count(*) FROM audit a JOIN audit_place p ON p.id = a.id JOIN org_unit u ON u.code = a.org_unit
             WHERE p.in_province IS NOT DISTINCT FROM u.in_province AND p.in_district IS NOT DISTINCT FROM u.in_district"
        ),
        with_unit,
        "each in its unit's place"
    );
    assert_eq!(
        placed(
            "SELECT count(*) FROM org_unit WHERE code = 'ba-be' AND in_province = 'bac-kan' AND in_district = 'ba-be'"
        ),
        1
    );
    for top in ["bac-kan", "ba-be", "thai-nguyen"] {
        assert_eq!(
            scoped(&mut st, top, 1_000_000, None),
            subtree_rows(&mut st, top),
            "{top}"
        );
    }
}

on_both!(the_migration_places_every_existing_row);
