//! The shared server on the command line: users and roles, a plan's steps, comments on
//! figures, backups while in use (and one before each migration), and which configuration
//! names the database.

use crate::common;

use assert_cmd::Command;
use std::path::Path;

fn kttt(db: &Path) -> Command {
    let mut c = Command::cargo_bin("kttt").unwrap();
    c.env("KTTT_DB", db)
        .env("KTTT_LANG", "vi")
        .env_remove("COLUMNS")
        .env("KTTT_CONFIG", "/nonexistent/kttt.toml");
    c
}

fn ok(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn failed(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(!o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr).unwrap()
}

#[test]
fn users_and_roles() {
    let (_d, db) = common::seeded();
    let none = ok(kttt(&db).args(["user", "list"]));
    assert!(none.contains("Chưa có người dùng nào"), "{none}");
    let first = ok(kttt(&db).args(["user", "add", "admin", "--display", "Quản trị"]));
    assert!(first.contains("người dùng đầu tiên"), "{first}");
    ok(kttt(&db).args(["user", "add", "lan", "--display", "Nguyễn Thị Lan"]));
    let g = ok(kttt(&db).args(["user", "grant", "lan", "enter", "061"]));
    assert!(g.starts_with("lan: được quyền nhập số liệu trên Huyện Ba Bể"), "{g}");
    let list = ok(kttt(&db).args(["user", "list"]));
    let lan = list.lines().find(|l| l.starts_with("lan ")).unwrap();
    assert!(lan.contains("Nguyễn Thị Lan") && lan.contains("enter ba-be"), "{list}");
    assert!(
        failed(kttt(&db).args(["user", "grant", "lan", "boss", "061"])).contains("read, enter, approve hoặc admin")
    );
    assert!(failed(kttt(&db).args(["user", "add", "Lan Ng"])).contains("chỉ được gồm chữ không dấu"));
    assert!(failed(kttt(&db).args(["user", "add", "lan"])).contains("Đã có người dùng"));
    ok(kttt(&db).args(["user", "revoke", "lan", "enter", "ba-be"]));
    ok(kttt(&db).args(["user", "remove", "lan"]));
    assert!(!ok(kttt(&db).args(["user", "list"])).contains("lan "));
    assert!(ok(kttt(&db).args(["user", "list", "--all"])).contains("(đã xoá)"));
    // Every change is in the log, by whom.
    let log = ok(kttt(&db).args(["log", "--format", "csv", "--limit", "20"]));
    for action in ["user.add", "user.grant", "user.revoke", "user.remove"] {
        assert!(log.contains(&format!(",{action},")), "{action}: {log}");
    }
}

#[test]
fn a_plan_goes_up_is_returned_approved_and_reopened() {
    let (_d, db) = common::seeded();
    let b = |args: &[&str]| {
        let mut c = kttt(&db);
        c.arg("--unit").arg("ba-be").args(args);
        c
    };
    ok(&mut b(&["set", "htx.total", "KH2020", "25"]));
    assert!(failed(&mut b(&["plan", "approve"])).contains("chưa được gửi lên"));
    assert!(ok(&mut b(&["plan", "submit"])).contains("Kế hoạch 2020 Huyện Ba Bể: đã gửi."));
    assert!(failed(&mut b(&["plan", "return", "--comment", " "])).contains("cần ghi rõ lý do"));
    ok(&mut b(&["plan", "return", "--comment", "Thiếu Phụ lục 2"]));
    let st = ok(kttt(&db).args(["plan", "status"]));
    assert!(
        st.lines()
            .any(|l| l.contains("Huyện Ba Bể") && l.contains("trả lại") && l.contains("Thiếu Phụ lục 2")),
        "{st}"
    );
    ok(&mut b(&["plan", "submit"]));
    ok(&mut b(&["plan", "approve"]));
    let e = failed(&mut b(&["set", "htx.total", "KH2020", "26"]));
    assert!(
        e.contains("đã được duyệt") && e.contains("kttt plan reopen --unit ba-be"),
        "{e}"
    );
    ok(&mut b(&["plan", "reopen", "--comment", "sửa lại"]));
    ok(&mut b(&["set", "htx.total", "KH2020", "26"]));
}

#[test]
fn a_comment_on_a_figure() {
    let (_d, db) = common::seeded();
    assert!(ok(kttt(&db).args(["note", "htx.total", "KH2020"])).contains("(chưa có ghi chú)"));
    ok(kttt(&db).args(["note", "htx.total", "KH2020", "Số theo báo cáo quý III"]));
    let n = ok(kttt(&db).args(["note", "htx.total", "KH2020"]));
    assert_eq!(n.trim(), "Tổng số hợp tác xã, KH 2020: Số theo báo cáo quý III");
    // The figure changes; its comment stays.
    ok(kttt(&db).args(["set", "htx.total", "KH2020", "205"]));
    assert!(ok(kttt(&db).args(["note", "htx.total", "KH2020"])).contains("quý III"));
    ok(kttt(&db).args(["note", "htx.total", "KH2020", "--clear"]));
    assert!(ok(kttt(&db).args(["note", "htx.total", "KH2020"])).contains("(chưa có ghi chú)"));
    let audited = common::count(&db, "SELECT count(*) FROM audit WHERE action = 'note'");
    assert_eq!(audited, 2);
    let e = failed(kttt(&db).args(["note", "htx.total", "KH2020", "a\u{202e}b"]));
    assert!(e.contains("Ghi chú"), "{e}");
}

#[test]
fn a_backup_is_consistent_while_in_use_and_never_overwrites() {
    let (d, db) = common::seeded();
    // Another session holds the database open (and writes) while the copy is made.
    let mut other = common::session(&db);
    let k = common::skey(&other, "htx.total", "KH2020");
    other.set(k, Some(common::dec("207")), None).unwrap();
    let copy = d.path().join("copy.sqlite3");
    let out = ok(kttt(&db).arg("backup").arg(&copy));
    assert!(out.contains("Đã ghi bản sao lưu"), "{out}");
    let a = ok(kttt(&db).args(["show", "--format", "csv"]));
    let b = ok(kttt(&copy).args(["show", "--format", "csv"]));
    assert_eq!(a, b);
    assert!(b.contains(",207,"));
    assert!(failed(kttt(&db).arg("backup").arg(&copy)).contains("không ghi đè"));
}

#[test]
fn a_migration_copies_the_database_first() {
    let (d, db) = common::seeded();
    // Back to schema 6, as an older kttt left it.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "DROP TABLE push_received; DROP TABLE app_grant; DROP TABLE app_user; DROP TABLE plan_state;
             ALTER TABLE batch DROP COLUMN os_account; ALTER TABLE scenario DROP COLUMN unit; DROP TABLE user_view;
             DROP INDEX org_unit_by_parent; DROP INDEX org_unit_by_key_vi; DROP INDEX org_unit_by_key_short;
             DROP INDEX org_unit_by_key_en; DROP INDEX org_unit_by_gso_code; ALTER TABLE org_unit DROP COLUMN key_vi;
             ALTER TABLE org_unit DROP COLUMN key_short; ALTER TABLE org_unit DROP COLUMN key_en;
             DROP TRIGGER audit_place_add; DROP TABLE audit_place; DROP TABLE form;
             ALTER TABLE org_unit DROP COLUMN in_province; ALTER TABLE org_unit DROP COLUMN in_district;
             DROP TABLE rollup_kept; DROP TABLE rollup_gen;
             DROP TRIGGER rollup_gen_value_add; DROP TRIGGER rollup_gen_value_change; DROP TRIGGER rollup_gen_value_drop;
             DROP TRIGGER rollup_gen_unit_add; DROP TRIGGER rollup_gen_unit_change; DROP TRIGGER rollup_gen_unit_drop;
             DROP TRIGGER rollup_gen_mapping_add; DROP TRIGGER rollup_gen_mapping_change; DROP TRIGGER rollup_gen_mapping_drop;
             PRAGMA user_version = 6;",
        )
        .unwrap();
    }
    ok(kttt(&db).args(["show", "1"]));
    let copies: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".bak-"))
        .collect();
    assert_eq!(copies.len(), 1);
    let v: i64 = rusqlite::Connection::open(copies[0].path())
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 6, "the copy is of the database before the migration");
    assert_eq!(
        common::count(&db, "SELECT count(*) FROM audit WHERE action = 'schema.backup'"),
        1
    );
}

#[test]
fn the_database_is_chosen_by_flag_then_environment_then_user_then_system_configuration() {
    let d = tempfile::tempdir().unwrap();
    let (sys_db, user_db, env_db, flag_db) = (
        d.path().join("sys.sqlite3"),
        d.path().join("user.sqlite3"),
        d.path().join("env.sqlite3"),
        d.path().join("flag.sqlite3"),
    );
    for p in [&sys_db, &user_db, &env_db, &flag_db] {
        drop(common::open(p));
    }
    let system = d.path().join("system.toml");
    std::fs::write(&system, format!("db = \"{}\"\n", sys_db.display())).unwrap();
    let home = d.path().join("home");
    std::fs::create_dir_all(home.join(".config/kttt")).unwrap();
    let which = |user_cfg: bool, env: bool, flag: bool| -> String {
        if user_cfg {
            std::fs::write(
                home.join(".config/kttt/config.toml"),
                format!("db = \"{}\"\n", user_db.display()),
            )
            .unwrap();
        } else {
            let _ = std::fs::remove_file(home.join(".config/kttt/config.toml"));
        }
        let mut c = Command::cargo_bin("kttt").unwrap();
        c.env("KTTT_CONFIG", &system)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env_remove("KTTT_DB")
            .args(["plan", "list"]);
        if env {
            c.env("KTTT_DB", &env_db);
        }
        if flag {
            c.arg("--db").arg(&flag_db);
        }
        // Which file answered: the one whose audit grew by a read? Reads write nothing; ask
        // the log which database it is by writing a marker.
        let mut m = Command::cargo_bin("kttt").unwrap();
        m.env("KTTT_CONFIG", &system)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env_remove("KTTT_DB")
            .args(["note", "htx.total", "KH2020", "marker"]);
        if env {
            m.env("KTTT_DB", &env_db);
        }
        if flag {
            m.arg("--db").arg(&flag_db);
        }
        assert!(c.output().unwrap().status.success());
        assert!(m.output().unwrap().status.success());
        let mut found = String::new();
        for (name, p) in [
            ("sys", &sys_db),
            ("user", &user_db),
            ("env", &env_db),
            ("flag", &flag_db),
        ] {
            let n = common::count(p, "SELECT count(*) FROM value WHERE note = 'marker'");
            if n > 0 {
                found = name.into();
                rusqlite::Connection::open(p)
                    .unwrap()
                    .execute("UPDATE value SET note = NULL WHERE note = 'marker'", [])
                    .unwrap();
            }
        }
        found
    };
    assert_eq!(which(false, false, false), "sys");
    assert_eq!(which(true, false, false), "user");
    assert_eq!(which(true, true, false), "env");
    assert_eq!(which(true, true, true), "flag");
}
