//! The command line, driven as a user would: published figures, percentages, checks, writes
//! and the error paths (clear message, non-zero exit, nothing written).

use crate::common;

use assert_cmd::Command;
use common::backend::{Backend, TestDb};
use predicates::prelude::*;

struct Env {
    t: TestDb,
    /// The database as `--db` takes it: a file path or a server address.
    db: String,
}

/// A database with the embedded plan, as `kttt init` makes it (a copy of one made once;
/// `kttt init` itself is run by the tests of it below).
fn env(b: Backend) -> Env {
    let t = TestDb::seeded(b);
    let db = t.db.clone();
    Env { t, db }
}

/// A place without a database (an SQLite path, or an empty server database).
fn bare(b: Backend) -> Env {
    let t = TestDb::empty(b);
    let db = t.db.clone();
    Env { t, db }
}

fn kttt(db: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::cargo_bin("kttt").unwrap();
    c.env("KTTT_DB", db).env_remove("KTTT_LANG").env("NO_COLOR", "1");
    c
}

fn audit_rows(e: &Env) -> i64 {
    e.t.count("SELECT count(*) FROM audit")
}

fn stdout(c: &mut Command) -> String {
    String::from_utf8(c.output().unwrap().stdout).unwrap()
}

fn show_prints_phu_luc_1_with_published_figures_and_percentages(b: Backend) {
    let e = env(b);
    let out = stdout(kttt(&e.db).args(["show", "phu-luc-1"]));
    assert!(
        out.starts_with("Phụ lục 1. TÌNH HÌNH PHÁT TRIỂN KINH TẾ TẬP THỂ NĂM 2019 VÀ KẾ HOẠCH NĂM 2020"),
        "{out}"
    );
    for needle in [
        "TH 2018",
        "KH 2019",
        "ƯTH 2019",
        "KH 2020",
        "ƯTH/KH 2019 (%)",
        "KH 2020/ƯTH 2019 (%)",
        "Trong đó:",
    ] {
        assert!(out.contains(needle), "{needle}");
    }
    let line = |start: &str| {
        out.lines()
            .find(|l| l.contains(start))
            .unwrap_or_else(|| panic!("{start}"))
            .to_string()
    };
    let total = line("Tổng số hợp tác xã ");
    assert!(total.contains("160") && total.contains("172") && total.contains("176") && total.contains("201"));
    assert!(total.contains("102,3%") && total.contains("114,2%"), "{total}");
    assert!(line("Tổng số thành viên hợp tác xã").contains("1.599"));
    assert!(line("Tổng số thành viên hợp tác xã").contains("105,2%"));
    assert!(line("Tổng số cán bộ quản lý hợp tác xã").contains("132,8%"));
    let income = line("Thu nhập bình quân của lao động");
    assert!(
        income.contains("43,2") && income.contains("45,6") && income.contains("102,9%"),
        "{income}"
    );
    assert!(line("Số hợp tác xã giải thể").contains("150,0%"));
    // Blank stays blank, zero stays zero.
    assert!(line("Số liên hiệp HTX giải thể").trim_end().ends_with('0'));
    assert!(out.contains("Kiểm tra: 1 lỗi, 21 cảnh báo, 8 lưu ý"));
}

fn english_uses_english_notation(b: Backend) {
    let e = env(b);
    let out = stdout(kttt(&e.db).args(["--lang", "en", "show", "1"]));
    assert!(
        out.contains("Appendix 1. COLLECTIVE ECONOMY IN 2019 AND PLAN FOR 2020"),
        "{out}"
    );
    assert!(out.contains("1,599") && out.contains("43.2") && out.contains("102.3%"));
    let out = stdout(kttt(&e.db).env("KTTT_LANG", "en").args(["show", "1"]));
    assert!(out.contains("Total cooperatives"));
}

fn csv_and_json_carry_exact_figures(b: Backend) {
    let e = env(b);
    let csv = stdout(kttt(&e.db).args(["show", "phu-luc-1", "--format", "csv"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[5], "TH2018");
    assert_eq!(&headers[9], "pct.UTH2019/KH2019");
    let income = r.records().map(|x| x.unwrap()).find(|x| &x[1] == "htx.income").unwrap();
    assert_eq!((&income[7], &income[9]), ("43.2", "102.9"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(kttt(&e.db).args(["show", "3", "--format", "json"]))).unwrap();
    let rows = json["appendices"][0]["rows"].as_array().unwrap();
    let disaster = rows.iter().find(|r| r["code"] == "policy.disaster.funds").unwrap();
    assert_eq!(disaster["values"]["KH2020"], "650");
    assert_eq!(disaster["values"]["KH2020.ntm"], "500");
    assert_eq!(disaster["values"]["KH2020.other"], "150");
    assert_eq!(json["findings"]["errors"], 1);
    let members =
        serde_json::from_str::<serde_json::Value>(&stdout(kttt(&e.db).args(["show", "1", "--format", "json"])))
            .unwrap();
    let m = members["appendices"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "htx.members")
        .unwrap()
        .clone();
    assert_eq!(m["percent"]["pct.UTH2019/KH2019"]["value"], "105.2");
    assert_eq!(m["percent"]["pct.UTH2019/KH2019"]["status"], "met");
}

fn check_lists_the_real_inconsistencies_and_fails(b: Backend) {
    let e = env(b);
    kttt(&e.db)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1 lỗi, 21 cảnh báo, 8 lưu ý"))
        .stdout(predicate::str::contains(
            "Tổng các ngành 175 ≠ Tổng số HTX 176 (ước thực hiện 2019)",
        ))
        .stdout(predicate::str::contains(
            "160 (thực hiện 2018) + 30 HTX thành lập mới − 15 HTX giải thể = 175",
        ))
        .stdout(predicate::str::contains(
            "Phần thuyết minh ghi 1.559 nhưng Phụ lục 1 ghi 1.599",
        ))
        .stdout(predicate::str::contains(
            "Phần thuyết minh ghi 74% nhưng 22 ÷ 30 = 73,3%",
        ));
    // The text's own arithmetic, each where it belongs; a rounding within its precision
    // (93,6% for 133 ÷ 142) is not among them.
    let json: serde_json::Value =
        serde_json::from_str(&stdout(kttt(&e.db).args(["check", "--format", "json"]))).unwrap();
    let findings = json["findings"].as_array().unwrap();
    for (rule, cell, says) in [
        (
            "text.nonagri-funds-2019",
            "sector.htx.total:UTH2019",
            "“2541” là hai số 25 và 41 viết liền",
        ),
        ("text.htx-new-aug-2019", "htx.new:UTH2019", "22 ÷ 30 = 73,3%"),
        (
            "text.agri-labour-members-of-members-2019",
            "htx.labour.members:UTH2019",
            "1.142 lao động đồng thời là thành viên, nhiều hơn 1.098 thành viên",
        ),
        (
            "text.htx-effective-parts-2019",
            "htx.effective:UTH2019",
            "45 HTX hoạt động tốt + 99 HTX hoạt động trung bình = 144",
        ),
        (
            "text.htx-revenue-aug-2019",
            "htx.revenue:UTH2019",
            "68,8% là 447,2 ÷ 650, tức so với kế hoạch 2020",
        ),
        (
            "text.htx-revenue-2019",
            "htx.revenue:UTH2019",
            "96,2% là 625 ÷ 650, tức so với kế hoạch 2020",
        ),
    ] {
        let f = findings
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("{rule}: {findings:#?}"));
        assert_eq!(f["severity"], "warning", "{rule}");
        assert_eq!(f["cells"][0], cell, "{rule}");
        assert!(f["message"].as_str().unwrap().contains(says), "{rule}: {f}");
    }
    assert!(findings.iter().all(|f| f["rule"] != "text.htx-agri-2019"));
    // Fixing the sector breakdown clears the only error.
    kttt(&e.db)
        .args(["set", "sector.htx.other", "UTH2019", "4"])
        .assert()
        .success();
    kttt(&e.db)
        .arg("check")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 lỗi"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(kttt(&e.db).args(["check", "--format", "json"]))).unwrap();
    assert_eq!(json["errors"], 0);
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "stock-flow.htx")
    );
}

fn set_writes_one_audited_change_and_history_shows_it(b: Backend) {
    let e = env(b);
    kttt(&e.db)
        .args(["set", "htx.total", "KH2020", "210"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Đã ghi: Tổng số hợp tác xã, KH 2020: 201 → 210",
        ))
        .stdout(predicate::str::contains("KH 2020/ƯTH 2019: 119,3%"));
    kttt(&e.db)
        .args(["set", "htx.total", "KH2020", "110%"])
        .assert()
        .success()
        .stdout(predicate::str::contains("110% × 176 = 193,6 → 194"));
    kttt(&e.db)
        .args(["set", "htx.income", "UTH2019", "43,5"])
        .assert()
        .success();
    kttt(&e.db)
        .args(["set", "htx.income", "KH2020", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("45,6 → -"));
    let v =
        e.t.rows("SELECT value FROM value WHERE indicator='htx.income' AND year=2020 AND kind='plan'");
    assert_eq!(v, [[None]], "blank is stored as blank");
    let audit =
        e.t.rows("SELECT old_value, new_value, os_user FROM audit WHERE indicator='htx.income' AND action='set'");
    assert_eq!(
        (audit[0][0].as_deref(), audit[0][1].as_deref()),
        (Some("43.2"), Some("43.5"))
    );
    assert!(!audit[0][2].clone().unwrap_or_default().is_empty());
    kttt(&e.db)
        .args(["history", "htx.total", "--period", "KH2020"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nạp số liệu gốc"))
        .stdout(
            predicate::str::contains("201")
                .and(predicate::str::contains("210"))
                .and(predicate::str::contains("194")),
        );
    // Phụ lục 3 funding sources.
    kttt(&e.db)
        .args(["set", "policy.other", "KH2020", "1.600", "--funding", "other"])
        .assert()
        .success();
    kttt(&e.db).arg("check").assert().stdout(predicate::str::contains(
        "Hỗ trợ khác: CTMTQG + Vốn khác = 1.600 ≠ Tổng số 1.500",
    ));
}

fn bad_input_is_refused_and_nothing_is_written(b: Backend) {
    let e = env(b);
    kttt(&e.db).args(["show", "1"]).assert().success();
    let before = audit_rows(&e);
    let refused = |args: &[&str], message: &str| {
        kttt(&e.db)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message))
            .stdout(predicate::str::is_empty());
    };
    refused(
        &["set", "htx.total", "KH2020", "1,2,3"],
        "chỉ được có một dấu phẩy thập phân",
    );
    refused(&["set", "htx.total", "KH2020", "12abc"], "ví dụ 1.559 hoặc 43,2");
    refused(&["set", "htx.total", "KH2020", "1234567890123456"], "số quá lớn");
    refused(&["set", "htx.totl", "KH2020", "5"], "Không có chỉ tiêu mã “htx.totl”");
    refused(&["set", "htx.total", "Q3", "5"], "không phải là kỳ số liệu");
    refused(&["set", "htx", "KH2020", "5"], "dòng tiêu đề");
    refused(&["set", "htx.total", "UTH2019", "110%"], "chỉ dùng cho ô kế hoạch");
    refused(
        &["set", "htx.total", "KH2020", "5", "--funding", "abc"],
        "Không có nguồn vốn",
    );
    refused(
        &["--unit", "Hà Nội", "set", "htx.total", "KH2020", "5"],
        "Không có đơn vị",
    );
    refused(&["show", "phu-luc-9"], "Không có phụ lục");
    refused(&["show", "--year", "2031"], "Không có kế hoạch năm 2031");
    refused(
        &["set", "htx.total", "KH2020", "5", "--scenario", "chưa có"],
        "Không có phương án",
    );
    kttt(&e.db)
        .args(["--lang", "en", "set", "htx.total", "KH2020", "1.2.3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("may have only one decimal point"));
    kttt(&e.db).args(["set", "htx.total"]).assert().code(2);
    kttt(&e.db).args(["show", "--format", "pdf"]).assert().code(2);
    kttt(&e.db).args(["--lang", "fr", "show"]).assert().code(2);
    assert_eq!(audit_rows(&e), before, "no refused command wrote anything");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("notes.txt");
    let text = "Báo cáo tháng 8 — chỉ là văn bản.\n".repeat(200);
    std::fs::write(&f, &text).unwrap();
    kttt(&f)
        .arg("show")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("kttt không đụng đến nó"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
}

#[test]
fn init_creates_refuses_to_overwrite_and_backs_up_with_force() {
    let e = bare(Backend::Sqlite);
    kttt(&e.db)
        .arg("init")
        .assert()
        .success()
        .stdout(predicate::str::contains("333 số liệu"));
    kttt(&e.db)
        .args(["set", "htx.total", "KH2020", "222"])
        .assert()
        .success();
    kttt(&e.db)
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    kttt(&e.db)
        .args(["init", "--empty", "--force"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tệp cũ được giữ tại"));
    let backup = std::fs::read_dir(e.t.dir.path())
        .unwrap()
        .map(|d| d.unwrap().path())
        .find(|p| {
            p.to_string_lossy().contains(".bak-")
                && !p.to_string_lossy().ends_with("-wal")
                && !p.to_string_lossy().ends_with("-shm")
        })
        .unwrap();
    let kept: String = rusqlite::Connection::open(&backup)
        .unwrap()
        .query_row(
            "SELECT value FROM value WHERE indicator='htx.total' AND year=2020 AND kind='plan'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "222", "the user's figure survives in the backup");
    // An empty database has no plan yet: `show` says so rather than print an empty table.
    kttt(&e.db)
        .args(["show", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không có kế hoạch năm").and(predicate::str::contains("plan start")));
    kttt(&e.db)
        .args(["plan", "start", "--from", "2019"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Đã lập kế hoạch năm 2020"));
    let out = stdout(kttt(&e.db).args(["show", "1"]));
    assert!(
        out.lines()
            .any(|l| l.contains("Tổng số hợp tác xã ") && l.trim_end().ends_with('-')),
        "empty database: {out}"
    );
    // The new database's audit trail names the file it replaced.
    let note: String = rusqlite::Connection::open(&e.db)
        .unwrap()
        .query_row("SELECT detail FROM audit WHERE action = 'init'", [], |r| r.get(0))
        .unwrap();
    assert!(note.contains(&backup.display().to_string()), "{note}");
}

#[test]
fn help_speaks_vietnamese_and_english() {
    let e = env(Backend::Sqlite);
    kttt(&e.db)
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Cách dùng:"))
        .stdout(predicate::str::contains("In một phụ lục"));
    kttt(&e.db)
        .args(["--lang", "en", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage:"));
    for sub in ["show", "set", "check", "init", "history", "scenario", "plan", "catalog"] {
        kttt(&e.db)
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Cách dùng:"));
    }
}

#[test]
fn catalog_lists_codes_and_finds_names_without_diacritics() {
    let e = env(Backend::Sqlite);
    kttt(&e.db)
        .args(["catalog", "--search", "hop tac xa giai the"])
        .assert()
        .success()
        .stdout(predicate::str::contains("htx.dissolved"))
        .stdout(predicate::str::contains("Số hợp tác xã giải thể"));
}

fn a_reader_that_stops_early_is_not_an_error(b: Backend) {
    let e = env(b);
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' show | head -n 1; exit ${{PIPESTATUS:-0}}",
            assert_cmd::cargo::cargo_bin("kttt").display()
        ))
        .env("KTTT_DB", &e.db)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn without_a_terminal_the_app_refuses_and_points_to_show() {
    let e = env(Backend::Sqlite);
    kttt(&e.db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("kttt show"));
    kttt(&e.db)
        .env("KTTT_LANG", "en")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"));
}

fn scenarios_from_the_command_line(b: Backend) {
    let e = env(b);
    kttt(&e.db)
        .args(["scenario", "new", "Tăng HTX"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Đã tạo phương án “Tăng HTX”"));
    kttt(&e.db)
        .args(["scenario", "new", "tang htx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Đã có phương án"));
    kttt(&e.db)
        .args(["set", "htx.total", "KH2020", "210", "--scenario", "tang htx"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[phương án: Tăng HTX]: 201 → 210"));
    kttt(&e.db)
        .args(["set", "htx.income", "KH2020", "+5%", "--scenario", "Tăng HTX"])
        .assert()
        .success()
        .stdout(predicate::str::contains("45,6 + 5% = 47,88 → 47,9"));
    // Official figures are untouched; the scenario shows its own.
    assert!(
        stdout(kttt(&e.db).args(["show", "1"]))
            .lines()
            .any(|l| l.contains("Tổng số hợp tác xã ") && l.contains(" 201 "))
    );
    let shown = stdout(kttt(&e.db).args(["show", "1", "--scenario", "Tăng HTX"]));
    assert!(shown.contains("Phương án: Tăng HTX"));
    assert!(
        shown
            .lines()
            .any(|l| l.contains("Tổng số hợp tác xã ") && l.contains("210#") && l.contains("119,3%")),
        "{shown}"
    );
    kttt(&e.db)
        .args(["scenario", "show", "Tăng HTX"])
        .assert()
        .success()
        .stdout(predicate::str::contains("+9"))
        .stdout(predicate::str::contains("114,2% → 119,3%"))
        .stdout(predicate::str::contains(
            "Kiểm tra: 1 lỗi, 21 cảnh báo, 8 lưu ý → 2 lỗi, 23 cảnh báo, 8 lưu ý",
        ));
    kttt(&e.db)
        .args(["scenario", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tăng HTX").and(predicate::str::contains("2")));
    kttt(&e.db)
        .args(["check", "--scenario", "Tăng HTX"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Tổng số HTX (Phụ lục 2) 201 ≠ Tổng số HTX (Phụ lục 1) 210",
        ));
    // Someone changes the official figure meanwhile: apply refuses without a decision.
    kttt(&e.db)
        .args(["set", "htx.total", "KH2020", "205"])
        .assert()
        .success();
    kttt(&e.db)
        .args(["scenario", "apply", "Tăng HTX"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--overwrite"));
    assert!(
        stdout(kttt(&e.db).args(["show", "1"]))
            .lines()
            .any(|l| l.contains("Thu nhập bình quân") && l.contains("45,6")),
        "nothing applied"
    );
    // Apply one chosen cell, then the rest keeping the official figure where it changed.
    kttt(&e.db)
        .args(["scenario", "apply", "Tăng HTX", "--cell", "htx.income:KH2020"])
        .assert()
        .success()
        .stdout(predicate::str::contains("45,6 → 47,9"));
    kttt(&e.db)
        .args(["scenario", "apply", "Tăng HTX", "--skip-conflicts"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Đã áp dụng 0"));
    kttt(&e.db)
        .args(["scenario", "apply", "Tăng HTX", "--overwrite"])
        .assert()
        .success()
        .stdout(predicate::str::contains("205 → 210"));
    kttt(&e.db)
        .args(["history", "htx.total", "--period", "KH2020"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sửa trong phương án").and(predicate::str::contains("áp dụng phương án")));
    // Discard asks; without a terminal it needs --yes.
    kttt(&e.db).args(["scenario", "new", "Thấp"]).assert().success();
    kttt(&e.db)
        .args(["scenario", "rename", "Thấp", "Thấp hơn"])
        .assert()
        .success();
    kttt(&e.db)
        .args(["scenario", "discard", "Thấp hơn"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    kttt(&e.db)
        .args(["scenario", "discard", "Thấp hơn", "--yes"])
        .assert()
        .success();
    kttt(&e.db)
        .args(["scenario", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Chưa có phương án nào"));
}

#[test]
fn init_on_a_server_makes_an_empty_database_a_kttt_one_and_never_overwrites_it() {
    let e = bare(Backend::Postgres);
    kttt(&e.db)
        .arg("show")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chưa có dữ liệu kttt").and(predicate::str::contains("kttt init --db")));
    kttt(&e.db).arg("init").assert().success();
    let rows = audit_rows(&e);
    kttt(&e.db)
        .args(["init", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("đã là cơ sở dữ liệu kttt"));
    assert_eq!(audit_rows(&e), rows, "nothing was replaced");
    kttt(&e.db)
        .args(["backup", "x.sqlite3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pg_dump"));
}

/// The tests start from copies of a database the store made once (`TestDb::seeded`,
/// `TestDb::without_figures`) instead of running `kttt init` for each: what `kttt init` and
/// `kttt init --empty` make holds the same rows, table for table, and the same figures,
/// units, forms and plans.
fn what_kttt_init_makes_is_what_the_tests_start_from(b: Backend) {
    let tables = |t: &TestDb| -> Vec<String> {
        let sql = match t.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
            }
        };
        t.rows(sql).into_iter().map(|r| r[0].clone().unwrap()).collect()
    };
    for (args, copy) in [
        (&["init"][..], TestDb::seeded(b)),
        (&["init", "--empty"][..], TestDb::without_figures(b)),
    ] {
        let made = bare(b);
        kttt(&made.db).args(args).assert().success();
        let names = tables(&made.t);
        assert_eq!(names, tables(&copy), "{args:?}");
        assert!(names.len() > 10, "{names:?}");
        for table in &names {
            let sql = format!("SELECT count(*) FROM {table}");
            assert_eq!(made.t.count(&sql), copy.count(&sql), "{args:?}: rows of {table}");
        }
        for sql in [
            "SELECT indicator, org_unit, year, kind, funding, value, source FROM value \
             ORDER BY indicator, org_unit, year, kind, funding, source",
            "SELECT code, gso_code, level, parent, name_vi, valid_from, valid_to FROM org_unit ORDER BY code",
            "SELECT old_unit, new_unit, kind, share FROM org_mapping ORDER BY old_unit, new_unit",
            "SELECT id, body FROM form ORDER BY id",
            "SELECT year, title, based_on FROM plan ORDER BY year",
        ] {
            assert_eq!(made.t.rows(sql), copy.rows(sql), "{args:?}: {sql}");
        }
    }
}

on_both!(
    what_kttt_init_makes_is_what_the_tests_start_from,
    show_prints_phu_luc_1_with_published_figures_and_percentages,
    english_uses_english_notation,
    csv_and_json_carry_exact_figures,
    check_lists_the_real_inconsistencies_and_fails,
    set_writes_one_audited_change_and_history_shows_it,
    bad_input_is_refused_and_nothing_is_written,
    a_reader_that_stops_early_is_not_an_error,
    scenarios_from_the_command_line
);

#[test]
fn a_database_made_on_first_use_is_said_where_and_what_it_holds() {
    let home = tempfile::tempdir().unwrap();
    let run = || {
        let mut c = Command::cargo_bin("kttt").unwrap();
        c.env("HOME", home.path())
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("KTTT_DB")
            .env_remove("KTTT_LANG")
            .env("KTTT_CONFIG", home.path().join("none.toml"))
            .args(["show", "1"]);
        c.output().unwrap()
    };
    let first = run();
    assert!(first.status.success());
    let said = String::from_utf8_lossy(&first.stderr);
    let path = home.path().join(".local/share/kttt/kttt.sqlite3");
    assert!(path.exists());
    assert!(
        said.contains(&format!("đã tạo mới tại {}", path.display())) && said.contains("507/KH-UBND"),
        "{said}"
    );
    let again = run();
    assert!(again.status.success());
    assert!(
        again.stderr.is_empty(),
        "said once: {}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn plus_and_minus_change_the_figure_shown_and_brackets_write_a_negative() {
    let e = env(Backend::Sqlite);
    let out = stdout(kttt(&e.db).args(["set", "htx.total", "KH2020", "+10"]));
    assert!(out.contains("201 + 10 = 211"), "{out}");
    assert_eq!(e.t.count("SELECT value FROM value WHERE indicator = 'htx.total' AND year = 2020 AND kind = 'plan' AND org_unit = 'bac-kan'"), 211);
    let out = stdout(kttt(&e.db).args(["set", "htx.total", "UTH2019", "-6"]));
    assert!(out.contains("176 − 6 = 170"), "{out}");
    // A blank cell has nothing to add to: said, nothing written.
    kttt(&e.db)
        .args(["--unit", "ba-be", "set", "htx.total", "KH2020", "+5"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Ô đang trống"));
    // A negative figure, where the indicator allows one, is written in brackets.
    let out = stdout(kttt(&e.db).args(["set", "htx.profit", "KH2020", "(12,5)"]));
    assert!(out.contains("-12,5") || out.contains("−12,5"), "{out}");
}
