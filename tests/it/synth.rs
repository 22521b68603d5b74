//! The synthetic country: `kttt synth` writes a sound database in kttt's own schema whose
//! figures fit the catalog's structure, so `kttt check` finds no errors in a sample of units
//! of every level, before and after the reform.

use crate::common;

use assert_cmd::Command;

#[test]
fn synth_writes_a_sound_database_whose_units_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("country.sqlite3");
    let o = Command::cargo_bin("kttt")
        .unwrap()
        .args(["synth", "--size", "district", "--out"])
        .arg(&db)
        .env("KTTT_LANG", "en")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(broken, 0);
    let figures: i64 = conn.query_row("SELECT count(*) FROM value", [], |r| r.get(0)).unwrap();
    let audit: i64 = conn
        .query_row("SELECT count(*) FROM audit WHERE indicator IS NOT NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(figures > 40_000, "{figures}");
    assert_eq!(audit, 3 * figures, "three audit rows per figure");
    // Every stored figure is canonical exact text (no floats, no thousands separators).
    let odd: i64 = conn
        .query_row(
            "SELECT count(*) FROM value WHERE value GLOB '*[^0-9.-]*' OR value GLOB '*e*'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(odd, 0);
    // The load put back the triggers it dropped, and the loaded years have generations (kept
    // roll-ups are checked against them).
    let triggers: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN
             ('audit_place_add', 'rollup_gen_value_add', 'rollup_gen_value_change', 'rollup_gen_value_drop')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 4);
    let unstamped: i64 = conn
        .query_row(
            "SELECT count(DISTINCT year) FROM value WHERE year NOT IN (SELECT year FROM rollup_gen)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unstamped, 0);
    // 2027 is on the two-level form: its own rows have figures then, and only then.
    let classified = |cond: &str| -> i64 {
        conn.query_row(
            &format!("SELECT count(*) FROM value WHERE indicator = 'htx.class.good' AND {cond}"),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(classified("year = 2027 AND org_unit = 'X00001'") > 0);
    assert_eq!(classified("year < 2027"), 0);
    drop(conn);

    // A sample of units: old province, district and commune; new province and commune.
    for (unit, year) in [
        ("p01", "2020"),
        ("p02", "2024"),
        ("d001", "2019"),
        ("d004", "2024"),
        ("x00001", "2022"),
        ("x00040", "2024"),
        ("P01", "2026"),
        ("X00001", "2026"),
        ("X00012", "2026"),
        // The two-level form's year: its own rows, its own rules.
        ("P01", "2027"),
        ("X00001", "2027"),
    ] {
        let o = Command::cargo_bin("kttt")
            .unwrap()
            .args(["--unit", unit, "check", "--year", year, "--format", "json"])
            .env("KTTT_DB", &db)
            .env("KTTT_LANG", "en")
            .output()
            .unwrap();
        let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(findings["errors"], 0, "{unit} {year}");
        let errors: Vec<_> = findings["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{unit} {year}: {errors:#?}");
        assert!(o.status.success(), "{unit} {year}");
    }

    // The country's log is every row of its tree and none of the trees beside it (the seed's
    // provinces), newest first, read without holding the country's units.
    let log = |limit: &str| {
        let o = Command::cargo_bin("kttt")
            .unwrap()
            .args(["--unit", "VN", "log", "--format", "csv", "--limit", limit])
            .env("KTTT_DB", &db)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8(o.stdout).unwrap();
        text.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let conn = rusqlite::Connection::open(&db).unwrap();
    let under_vn =
        "WITH RECURSIVE t (code) AS (SELECT 'VN' UNION ALL SELECT o.code FROM org_unit o JOIN t ON o.parent = t.code)
                    SELECT id FROM audit WHERE org_unit IN (SELECT code FROM t) ORDER BY id DESC";
    let want: Vec<String> = conn
        .prepare(under_vn)
        .unwrap()
        .query_map([], |r| r.get::<_, i64>(0))
        .unwrap()
        .map(|r| r.unwrap().to_string())
        .collect();
    assert!(want.len() > 120_000, "{}", want.len());
    assert_eq!(log("50"), want[..50].to_vec());
    assert_eq!(log("3000"), want[..3000].to_vec());
}

#[test]
fn synth_loads_the_same_country_into_postgresql() {
    let t = common::backend::TestDb::empty(common::backend::Backend::Postgres);
    let o = Command::cargo_bin("kttt")
        .unwrap()
        .args(["synth", "--size", "district", "--out", &t.db])
        .env("KTTT_LANG", "en")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let figures = t.count("SELECT count(*) FROM value");
    assert!(figures > 40_000, "{figures}");
    assert_eq!(
        t.count("SELECT count(*) FROM audit WHERE indicator IS NOT NULL"),
        3 * figures
    );
    // The indexes the load dropped are back.
    assert_eq!(
        t.count("SELECT count(*) FROM pg_indexes WHERE indexname IN ('audit_by_cell', 'audit_by_batch', 'audit_by_unit', 'value_by_indicator')"),
        4
    );
    for (unit, year) in [("p01", "2020"), ("x00040", "2024"), ("P01", "2026")] {
        let o = Command::cargo_bin("kttt")
            .unwrap()
            .args(["--unit", unit, "check", "--year", year, "--format", "json"])
            .env("KTTT_DB", &t.db)
            .env("KTTT_LANG", "en")
            .output()
            .unwrap();
        let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(findings["errors"], 0, "{unit} {year}");
    }
}

/// Ctrl+C (SIGINT) during a national `synth` stops it and leaves no file: neither the
/// database asked for nor the hidden one it was being built in, nor their `-wal`/`-shm`.
/// Standard error is not a terminal: no progress bar, only the message.
#[test]
fn ctrl_c_during_synth_leaves_no_file() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("national.sqlite3");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kttt"))
        .args(["--lang", "en", "synth", "--out"])
        .arg(&out)
        .env_remove("KTTT_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the figures are being loaded: the file being built has grown.
    let started = std::time::Instant::now();
    let building = || {
        std::fs::read_dir(d.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".tmp") && e.metadata().unwrap().len() > 4 << 20)
    };
    while !building() {
        assert!(started.elapsed().as_secs() < 120, "the load did not start");
        assert!(child.try_wait().unwrap().is_none(), "synth ended before it was stopped");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // SAFETY: signals a child of this test that has not been waited for.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert_eq!(err, "kttt: Stopped (Ctrl+C): nothing was written.\n");
    let left: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// At a terminal `synth` shows a bar with the units done, their number, the time left and the
/// figures loaded; Ctrl+C typed there stops it and leaves no file.
#[test]
fn synth_at_a_terminal_shows_its_progress_and_stops_on_ctrl_c() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("national.sqlite3");
    let kttt = std::path::Path::new(env!("CARGO_BIN_EXE_kttt"));
    let mut t = crate::common::tty::Tty::spawn_sized(
        kttt,
        &d.path().join("unused.sqlite3"),
        &["--lang", "en", "synth", "--out", out.to_str().unwrap()],
        (24, 100),
        &[],
    );
    t.wait_for("/14,149 units · left ");
    t.wait_for(" figures)");
    t.send("\x03");
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 130, "{}", t.screen());
    assert!(
        t.screen().contains("Stopped (Ctrl+C): nothing was written."),
        "{}",
        t.screen()
    );
    let left: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
