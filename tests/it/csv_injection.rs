//! Text that a spreadsheet would compute — a scenario name `=1+1`, `=HYPERLINK(…)`, a unit
//! renamed by another tool, a comment — goes out of every CSV kttt writes as text, never as
//! a formula: each file is opened by LibreOffice (as an office opens it, formulas
//! evaluated) and read back with calamine. A control file with a bare `=1+1` shows that the
//! reader does turn such a cell into a formula, so the check can fail.

use crate::common;

use calamine::{Data, Reader};
use std::path::{Path, PathBuf};
use std::process::Command;

fn kttt(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kttt"));
    c.env("KTTT_DB", db).env("KTTT_LANG", "vi").env_remove("KTTT_CONFIG");
    c
}

fn ok(c: &mut Command) -> Vec<u8> {
    let o = c.output().unwrap();
    assert!(o.status.success(), "{c:?}: {}", String::from_utf8_lossy(&o.stderr));
    o.stdout
}

/// Every cell's text and every formula of the converted workbook's sheets.
fn cells_and_formulas(xlsx: &Path) -> (Vec<String>, Vec<String>) {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(xlsx).unwrap();
    let mut texts = Vec::new();
    let mut formulas = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for c in range.used_cells() {
            if let Data::String(s) = c.2 {
                texts.push(s.clone());
            }
        }
        let f = wb.worksheet_formula(&name).unwrap();
        formulas.extend(f.used_cells().map(|c| c.2.clone()).filter(|s| !s.is_empty()));
    }
    (texts, formulas)
}

#[test]
fn every_csv_kttt_writes_stays_text_in_a_spreadsheet() {
    let (d, db) = common::seeded();
    ok(kttt(&db).args(["scenario", "new", "Tăng HTX"]));
    ok(kttt(&db).args(["set", "htx.total", "KH2020", "220", "--scenario", "Tăng HTX"]));
    ok(kttt(&db).args(["note", "htx.total", "KH2020", "=1+1 theo báo cáo"]));
    // Names another tool (or an older kttt) stored, which kttt no longer lets anyone choose.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "UPDATE scenario SET name = '=HYPERLINK(\"http://x\",\"y\")' WHERE name = 'Tăng HTX'",
            [],
        )
        .unwrap();
        c.execute("UPDATE org_unit SET name_vi = '=2+2' WHERE code = 'ba-be'", [])
            .unwrap();
        c.execute(
            "INSERT INTO audit (at, os_user, action, scenario, detail)
             VALUES ('2026-12-01T00:00:00.000Z', '@SUM(A1)', 'scenario.rename', '=HYPERLINK(\"http://x\",\"y\")', '+cmd')",
            [],
        )
        .unwrap();
    }
    ok(kttt(&db).args(["--unit", "ba-be", "set", "htx.total", "KH2020", "24"]));
    let out = d.path().join("csv");
    std::fs::create_dir(&out).unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut save = |name: &str, bytes: Vec<u8>| {
        let p = out.join(name);
        std::fs::write(&p, bytes).unwrap();
        files.push(p);
    };
    save("log.csv", ok(kttt(&db).args(["log", "--format", "csv"])));
    save("show3.csv", ok(kttt(&db).args(["show", "3", "--format", "csv"])));
    save("check.csv", {
        let o = kttt(&db).args(["check", "--format", "csv"]).output().unwrap();
        o.stdout
    });
    save(
        "by-unit.csv",
        ok(kttt(&db).args(["show", "--by-unit", "htx.total", "--format", "csv"])),
    );
    save(
        "completeness.csv",
        ok(kttt(&db).args(["completeness", "--format", "csv"])),
    );
    save("units.csv", ok(kttt(&db).args(["units", "list", "--format", "csv"])));
    ok(kttt(&db)
        .args(["export", "--by-unit", "--format", "csv", "--out"])
        .arg(out.join("export.csv")));
    // The control: a bare formula is computed by the reader.
    save("control.csv", b"a\n=1+1\n".to_vec());
    for a in ["phu-luc-1", "phu-luc-3", "phu-luc-1-theo-don-vi"] {
        files.push(out.join(format!("export-{a}.csv")));
    }

    let all = std::fs::read_to_string(out.join("log.csv")).unwrap();
    assert!(all.contains("'=HYPERLINK"), "the scenario's name is in the log: {all}");
    let conv = d.path().join("xlsx");
    std::fs::create_dir(&conv).unwrap();
    let converted = common::office::convert_csv(&files, "xlsx", &conv);
    let mut seen = Vec::new();
    for (csv, xlsx) in files.iter().zip(&converted) {
        let (texts, formulas) = cells_and_formulas(xlsx);
        if csv.ends_with("control.csv") {
            assert_eq!(formulas, vec!["1+1".to_string()], "the reader computes a bare formula");
            continue;
        }
        assert!(formulas.is_empty(), "{}: formulas {formulas:?}", csv.display());
        seen.extend(texts);
    }
    for injected in [
        "=HYPERLINK(\"http://x\",\"y\")",
        "@SUM(A1)",
        "+cmd",
        "=2+2",
        "- Số hợp tác xã được hỗ trợ",
    ] {
        assert!(
            seen.iter().any(|t| t.trim_start_matches('\'') == injected),
            "{injected} is read back as text"
        );
    }
}

#[test]
fn names_that_start_as_formulas_are_refused_where_they_are_chosen() {
    let (_d, db) = common::seeded();
    for (args, what) in [
        (vec!["scenario", "new", "=1+1"], "Tên phương án"),
        (vec!["scenario", "new", "@SUM(A1)"], "Tên phương án"),
        (vec!["user", "add", "lan", "--display", "+cmd"], "Tên hiển thị"),
    ] {
        let o = kttt(&db).args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains(what) && e.contains("công thức"), "{e}");
    }
    assert_eq!(common::count(&db, "SELECT count(*) FROM scenario"), 0);
}
