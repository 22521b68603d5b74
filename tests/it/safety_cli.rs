//! Data-entry safety on the command line: a mistyped path creates nothing, `init --force`
//! never loses or clobbers anything, doubtful and impossible figures are refused, output fits
//! the terminal and is never raw stored text, clap speaks the user's language, and a saved
//! figure is reported as saved even when its report cannot be printed.

use crate::common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn kttt(db: &Path) -> Command {
    let mut c = Command::cargo_bin("kttt").unwrap();
    c.env("KTTT_DB", db)
        .env_remove("KTTT_LANG")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    c
}

fn ready() -> (tempfile::TempDir, PathBuf) {
    let (d, p) = common::tmp();
    kttt(&p).arg("init").assert().success();
    (d, p)
}

fn out(c: &mut Command) -> String {
    String::from_utf8(c.output().unwrap().stdout).unwrap()
}

#[test]
fn a_mistyped_path_creates_nothing_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("nonexistent/dir/k.sqlite3");
    kttt(&typo)
        .args(["show", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không có cơ sở dữ liệu").and(predicate::str::contains("kttt init --db")));
    assert!(!dir.path().join("nonexistent").exists(), "no folders, no database");
    let near = dir.path().join("k.sqlite3");
    kttt(&near).args(["set", "htx.total", "KH2020", "5"]).assert().code(2);
    assert!(!near.exists());
    // `init` creates it; a missing folder is named, not made.
    kttt(&typo)
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không tồn tại"));
    kttt(&near).arg("init").assert().success();
    kttt(&near).args(["show", "1"]).assert().success();
}

#[test]
fn init_force_keeps_every_backup_and_refuses_what_it_must_not_touch() {
    let (dir, db) = ready();
    kttt(&db).args(["set", "htx.total", "KH2020", "211"]).assert().success();
    // Two runs in the same second: two backups, neither overwritten.
    kttt(&db).args(["init", "--force"]).assert().success();
    kttt(&db).args(["set", "htx.total", "KH2020", "212"]).assert().success();
    kttt(&db).args(["init", "--force"]).assert().success();
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.contains(".bak-") && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .collect();
    backups.sort();
    assert_eq!(backups.len(), 2, "{backups:?}");
    let kept: Vec<String> = backups
        .iter()
        .map(|b| common::stored(b, "htx.total", "KH2020").unwrap())
        .collect();
    let mut kept_sorted = kept.clone();
    kept_sorted.sort();
    assert_eq!(kept_sorted, ["211", "212"], "each backup keeps its own figures");
    // A file that is not a kttt database, a folder and a device are never moved aside.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "ghi chú").unwrap();
    kttt(&notes)
        .args(["init", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("kttt không đụng đến nó"));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "ghi chú");
    let fifo = dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    kttt(&fifo)
        .args(["init", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không phải là một tệp thông thường"));
    assert!(fifo.exists());
    let link = dir.path().join("null.sqlite3");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    kttt(&link).args(["init", "--force"]).assert().code(2);
    assert!(Path::new("/dev/null").exists());
}

#[test]
fn init_force_refuses_while_another_session_has_the_database_open() {
    let (_d, db) = ready();
    // Another session (an open app) holds the database.
    let other = common::session(&db);
    kttt(&db)
        .args(["init", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("đang được mở ở phiên làm việc khác"));
    assert!(
        std::fs::read_dir(db.parent().unwrap()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".bak-")),
        "nothing was moved"
    );
    drop(other);
    kttt(&db).args(["init", "--force"]).assert().success();
}

#[test]
fn a_session_whose_file_was_replaced_stops_writing_and_says_why() {
    let (dir, db) = ready();
    let mut s = common::session(&db);
    let k = common::skey(&s, "htx.total", "KH2020");
    // The open session's last write is in its write-ahead log, beside the path it opened.
    s.enter(k, "205", None).unwrap();
    std::fs::rename(&db, dir.path().join("moved.sqlite3")).unwrap();
    kttt(&db).arg("init").assert().success();
    // The new database never read that log: it was set aside, kept.
    let orphans: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("k.sqlite3-wal.orphan-"))
        .collect();
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    let err = s.enter(k, "230", None).unwrap_err();
    assert!(
        err.message(kttt::i18n::Lang::Vi).contains("đã bị chuyển đi hoặc thay"),
        "{}",
        err.message(kttt::i18n::Lang::Vi)
    );
    assert_eq!(common::stored(&db, "htx.total", "KH2020").as_deref(), Some("201"));
    drop(s);
    // The write made before the move is in the log set aside: beside the moved file it
    // gives that file back whole.
    let back = dir.path().join("back.sqlite3");
    std::fs::copy(dir.path().join("moved.sqlite3"), &back).unwrap();
    std::fs::copy(dir.path().join(&orphans[0]), dir.path().join("back.sqlite3-wal")).unwrap();
    assert_eq!(common::stored(&back, "htx.total", "KH2020").as_deref(), Some("205"));
}

#[test]
fn impossible_figures_are_refused_and_doubtful_ones_need_force() {
    let (_d, db) = ready();
    let refused = |args: &[&str], needle: &str| {
        kttt(&db)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(needle))
            .stdout(predicate::str::is_empty());
    };
    refused(&["set", "htx.members", "KH2020", "1,859"], "Có phải 1.859");
    refused(&["set", "htx.income", "KH2020", "45.600"], "Có phải 45,6");
    refused(&["set", "htx.total", "KH2020", "(5)"], "không thể âm");
    refused(&["set", "htx.total", "KH2020", "-500"], "không thể âm");
    refused(&["set", "htx.active", "KH2020", "2,5"], "số nguyên");
    refused(&["set", "htx.members", "KH2020", "0,0001"], "số nguyên");
    refused(&["set", "htx.total", "KH2020", "123456789012345"], "quá lớn");
    refused(&["set", "htx.total", "KH2020", "1.000.000,5"], "số nguyên");
    refused(&["set", "htx.members", "KH2020", "-1000%"], "");
    refused(&["set", "htx.total", "KH2020", "999999999999999%"], "");
    refused(&["set", "htx.total", "KH1920", "5"], "Các năm kế hoạch: 2020");
    refused(&["set", "htx.total", "KH2020", "2010"], "--force");
    assert_eq!(common::audits(&db, "set"), 0);
    // A doubtful figure that is right goes in with --force; an impossible one never does.
    kttt(&db)
        .args(["set", "htx.total", "KH2020", "2010", "--force"])
        .assert()
        .success();
    refused(&["set", "htx.members", "KH2020", "1,859", "--force"], "Có phải 1.859");
    // `check` reports figures already stored that break these rules.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE value SET value = '2.5' WHERE indicator = 'htx.active' AND year = 2020 AND kind = 'plan'",
            [],
        )
        .unwrap();
    kttt(&db)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[kind:htx.active]").and(predicate::str::contains("[jump:htx.total]")));
}

#[test]
fn two_relative_targets_at_once_both_count() {
    let (_d, db) = ready();
    // Hold the write lock so both commands start from 201 and queue behind it.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("kttt"))
            .args(["set", "htx.total", "KH2020", "+10%"])
            .env("KTTT_DB", &db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    std::thread::sleep(std::time::Duration::from_millis(700));
    holder.execute_batch("COMMIT").unwrap();
    for c in [a, b] {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(
        common::stored(&db, "htx.total", "KH2020").as_deref(),
        Some("243"),
        "201 + 10% = 221, then + 10% = 243"
    );
}

#[test]
fn show_and_check_fit_the_terminal_and_pipes_stay_complete() {
    let (_d, db) = ready();
    for app in ["1", "2", "3"] {
        let text = out(kttt(&db).args(["show", app, "--width", "80"]));
        assert!(
            text.lines().all(|l| kttt::domain::text::width(l) <= 80),
            "phụ lục {app} at 80 columns:\n{text}"
        );
        assert!(text.contains("…"), "names are shortened");
    }
    let p3 = out(kttt(&db).args(["show", "3", "--width", "80"]));
    assert!(p3.matches("STT").count() >= 2, "wide tables come in blocks:\n{p3}");
    assert!(p3.contains("1.500") && p3.contains("650"));
    let check = out(kttt(&db).args(["check", "--width", "80"]));
    assert!(check.lines().all(|l| kttt::domain::text::width(l) <= 80), "{check}");
    assert!(check.contains("Tổng các ngành 175"));
    // $COLUMNS counts only on a terminal; a pipe gets complete lines.
    let piped = out(kttt(&db).env("COLUMNS", "60").args(["show", "1"]));
    assert!(piped.lines().any(|l| kttt::domain::text::width(l) > 100));
    // CSV and JSON really are CSV and JSON.
    let csv = out(kttt(&db).args(["check", "--format", "csv"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["severity", "rule", "org_unit", "period", "cells", "message"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 30);
    assert!(rows.iter().any(|x| &x[0] == "error" && &x[1] == "sum:sector.htx.total"));
    let json: serde_json::Value = serde_json::from_str(&out(kttt(&db).args(["check", "--format", "json"]))).unwrap();
    assert_eq!(json["errors"], 1);
}

#[test]
fn the_command_line_speaks_one_language_and_says_when_nothing_is_there() {
    let (_d, db) = ready();
    kttt(&db)
        .arg("help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Cách dùng:"));
    kttt(&db)
        .args(["help", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("In một phụ lục"));
    kttt(&db).args(["show", "--fromat", "csv"]).assert().code(2).stderr(
        predicate::str::contains("lỗi: không có tuỳ chọn “--fromat”").and(predicate::str::contains("--format")),
    );
    kttt(&db).args(["show", "--format", "pdf"]).assert().code(2).stderr(
        predicate::str::contains("giá trị “pdf” không hợp lệ").and(predicate::str::contains("table, csv, json")),
    );
    kttt(&db)
        .args(["shwo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không có lệnh “shwo”"));
    kttt(&db)
        .args(["show", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Possible values").not());
    kttt(&db)
        .args(["--lang", "en", "show", "--fromat", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument"));
    kttt(&db)
        .args(["catalog", "--search", "zzz"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Không tìm thấy chỉ tiêu nào"));
    kttt(&db)
        .args(["show", "--year", "2019"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không có kế hoạch năm 2019").and(predicate::str::contains("2020")));
}

#[test]
fn a_saved_figure_is_reported_as_saved_even_when_stdout_is_full() {
    let (_d, db) = ready();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(["set", "htx.total", "KH2020", "205"])
        .env("KTTT_DB", &db)
        .env_remove("KTTT_LANG")
        .stdout(full)
        .output()
        .unwrap();
    assert!(o.status.success(), "the figure is saved: exit 0");
    assert!(String::from_utf8_lossy(&o.stderr).contains("Đã ghi, nhưng không in được"));
    assert_eq!(common::stored(&db, "htx.total", "KH2020").as_deref(), Some("205"));
}

#[test]
fn scenarios_are_kept_as_records_and_an_apply_can_be_reverted() {
    let (_d, db) = ready();
    kttt(&db).args(["scenario", "new", "PA1"]).assert().success();
    kttt(&db)
        .args(["set", "htx.total", "KH2020", "230", "--scenario", "PA1"])
        .assert()
        .success();
    kttt(&db).args(["scenario", "apply", "PA1"]).assert().success();
    kttt(&db)
        .args(["scenario", "list"])
        .assert()
        .stdout(predicate::str::contains("Chưa có phương án nào"));
    let user = whoami::username().unwrap();
    kttt(&db).args(["scenario", "list", "--all"]).assert().success().stdout(
        predicate::str::contains("PA1")
            .and(predicate::str::contains("đã áp dụng"))
            .and(predicate::str::contains(user)),
    );
    kttt(&db)
        .args(["scenario", "revert", "PA1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("230 → 201").and(predicate::str::contains("1 ô trở lại số cũ")));
    assert_eq!(common::stored(&db, "htx.total", "KH2020").as_deref(), Some("201"));
    kttt(&db)
        .args(["scenario", "list"])
        .assert()
        .stdout(predicate::str::contains("PA1"));
    // Revert refuses per cell what changed since the apply.
    kttt(&db).args(["scenario", "apply", "PA1"]).assert().success();
    kttt(&db).args(["set", "htx.total", "KH2020", "240"]).assert().success();
    kttt(&db)
        .args(["scenario", "revert", "PA1"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("giữ nguyên 240"));
    assert_eq!(common::stored(&db, "htx.total", "KH2020").as_deref(), Some("240"));
}

#[test]
fn a_read_only_folder_still_shows_and_names_itself_when_writing() {
    let (dir, db) = ready();
    let run_as_nobody = unsafe { libc::geteuid() } == 0;
    let mut perms = std::fs::metadata(dir.path()).unwrap().permissions();
    use std::os::unix::fs::PermissionsExt;
    perms.set_mode(if run_as_nobody { 0o755 } else { 0o555 });
    std::fs::set_permissions(dir.path(), perms).unwrap();
    let command = |args: &[&str]| {
        let mut c = if run_as_nobody {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(assert_cmd::cargo::cargo_bin("kttt"));
            c
        } else {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        };
        c.args(args).env("KTTT_DB", &db).env_remove("KTTT_LANG");
        c.output().unwrap()
    };
    let shown = command(&["show", "1"]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    assert!(String::from_utf8_lossy(&shown.stdout).contains("1.599"));
    let set = command(&["set", "htx.total", "KH2020", "205"]);
    assert_eq!(set.status.code(), Some(1));
    let err = String::from_utf8_lossy(&set.stderr).to_string();
    assert!(
        err.contains(&dir.path().display().to_string()),
        "names the folder: {err}"
    );
    let mut perms = std::fs::metadata(dir.path()).unwrap().permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(dir.path(), perms).unwrap();
}
