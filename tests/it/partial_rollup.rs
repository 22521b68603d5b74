//! A roll-up that covers only some of the units below says so wherever it appears — `show`
//! (a `~` and the legend `~ 1/8 huyện`), its CSV and JSON (the coverage), the workbook and
//! CSV export (the mark, the notes column, the legend), the view by unit (what the sum is
//! built from) — and `check` never raises an error or a warning from it, only a note. The
//! issue's cases: Ba Bể alone entered Phụ lục 1 with 0 unions; one former commune's 4
//! cooperatives as the new Thái Nguyên's 2024 figure.

use crate::common;

use common::cli::{ok, run};

use calamine::{Data, Reader, Xlsx, open_workbook};

/// The seed, then Ba Bể's Phụ lục 1 with no unions (0) in 2018 and 2019.
fn ba_be_alone() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, db) = common::seeded();
    for p in ["TH2018", "UTH2019"] {
        ok(&db, &["--unit", "ba-be", "set", "lh.total", p, "0"]);
    }
    (d, db)
}

#[test]
fn check_gives_no_error_from_a_partial_roll_up() {
    let (_d, db) = ba_be_alone();
    let o = run(&db, &["--unit", "bac-kan", "check"]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    // The seed's one error (Phụ lục 2's sectors) and nothing more: Phụ lục 2's blank union
    // count against a sum of one district of eight is not a contradiction.
    assert!(
        out.starts_with("Kiểm tra kế hoạch năm 2020 — Tỉnh Bắc Kạn: 1 lỗi, 21 cảnh báo, 10 lưu ý"),
        "{out}"
    );
    let errors: &str = out.split("\nCảnh báo").next().unwrap();
    assert!(!errors.contains("lh"), "{errors}");
    assert!(
        out.contains(
            "[same.lh-total] Tổng số LH HTX (Phụ lục 2) không có số liệu ≠ Tổng số liên hiệp HTX (Phụ lục 1) 0 (thực hiện 2018) — ~ số cộng chưa đủ: 1/8 huyện"
        ),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1), "the seed's own error");
    let o = run(&db, &["--unit", "bac-kan", "check", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["errors"], 1);
    let lh: Vec<&serde_json::Value> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("same.lh"))
        .collect();
    assert_eq!(lh.len(), 2, "Phụ lục 2's total against Phụ lục 1's, in 2018 and 2019");
    assert!(lh.iter().all(|f| f["severity"] == "info"), "{lh:?}");
}

#[test]
fn show_marks_a_partial_roll_up_and_says_how_far_it_reaches() {
    let (_d, db) = ba_be_alone();
    let t = ok(&db, &["show", "1"]);
    let line = t.lines().find(|l| l.contains("Tổng số liên hiệp hợp tác xã")).unwrap();
    assert!(line.contains("0~") && !line.contains("0+"), "{line}");
    assert!(
        t.lines()
            .any(|l| l.starts_with("~ 1/8 huyện (TH 2018, ƯTH 2019): số cộng chưa đủ")),
        "{t}"
    );
    assert!(t.contains("Kiểm tra: 1 lỗi"), "{t}");
    let en = ok(&db, &["show", "1", "--lang", "en"]);
    assert!(
        en.contains("~ 1/8 districts (Act. 2018, Est. 2019): a partial roll-up"),
        "{en}"
    );
    // CSV: a coverage column.
    let csv = ok(&db, &["show", "1", "--format", "csv"]);
    let head = csv.lines().next().unwrap();
    assert!(head.ends_with(",coverage"), "{head}");
    let row = csv.lines().find(|l| l.contains(",lh.total,")).unwrap();
    assert!(row.ends_with(",TH2018: 1/8 huyện; UTH2019: 1/8 huyện"), "{row}");
    // JSON: each rolled-up figure's coverage.
    let j: serde_json::Value = serde_json::from_str(&ok(&db, &["show", "1", "--format", "json"])).unwrap();
    let rows = j["appendices"][0]["rows"].as_array().unwrap();
    let lh = rows.iter().find(|r| r["code"] == "lh.total").unwrap();
    assert_eq!(
        lh["coverage"]["TH2018"],
        serde_json::json!({"covered": 1, "expected": 8, "level": "district", "mapped": false, "complete": false})
    );
    assert_eq!(lh["values"]["TH2018"], "0");
    let total = rows.iter().find(|r| r["code"] == "htx.total").unwrap();
    assert_eq!(total["coverage"], serde_json::json!({}), "entered figures have none");
}

#[test]
fn the_workbook_and_csv_carry_the_mark_the_note_and_the_legend() {
    let (d, db) = ba_be_alone();
    let x = d.path().join("kh.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap()]);
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    let p1 = wb.worksheet_range("Phụ lục 1").unwrap();
    let (h, w) = p1.get_size();
    let text = |r: u32, c: u32| match p1.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let code = w as u32 - 1;
    let r = (0..h as u32).find(|r| text(*r, code) == "lh.total").unwrap();
    // The figure stays a number; its notes column says what it is.
    assert_eq!(p1.get_value((r, 3)), Some(&Data::Float(0.0)));
    assert_eq!(text(4 + 1, code - 1), "Ghi chú");
    assert_eq!(text(r, code - 1), "~ 1/8 huyện (TH 2018, ƯTH 2019)");
    assert!(
        (0..h as u32).any(|r| text(r, 0).starts_with("~ 1/8 huyện (TH 2018, ƯTH 2019): số cộng chưa đủ")),
        "the legend under the table"
    );
    // The mark is part of the figure's number format: `0~` on screen and on paper.
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip::ZipArchive::new(std::fs::File::open(&x).unwrap())
            .unwrap()
            .by_name("xl/styles.xml")
            .unwrap(),
        &mut styles,
    )
    .unwrap();
    assert!(styles.contains("#,##0&quot;~&quot;"), "{styles}");
    assert!(styles.contains("#,##0&quot;*&quot;"), "the plan's text figures: *");
    // CSV: the figure plain, the note beside it.
    let c = d.path().join("kh.csv");
    ok(&db, &["export", "--out", c.to_str().unwrap()]);
    let p1 = std::fs::read_to_string(d.path().join("kh-phu-luc-1.csv")).unwrap();
    let row = p1.lines().find(|l| l.ends_with(",lh.total")).unwrap();
    assert!(
        row.contains(",0,1,0,1,") && row.contains("\"~ 1/8 huyện (TH 2018, ƯTH 2019)\""),
        "{row}"
    );
    // Phụ lục 3's rebuilt rows keep their `*` and the note on the rebuilt title.
    let p3 = std::fs::read_to_string(d.path().join("kh-phu-luc-3.csv")).unwrap();
    assert!(p3.contains("(Phần đầu phụ lục này bị mất trong bản gốc;"), "{p3}");
    for (code, v) in [
        ("policy.infra.coops", ",6,"),
        ("policy.infra.funds", ",18670,"),
        ("policy.land.coops", ",5,"),
        ("policy.land.area", ",25,"),
    ] {
        let row = p3.lines().find(|l| l.ends_with(&format!(",{code}"))).unwrap();
        assert!(row.contains(v) && row.contains("* thuyết minh (ƯTH 2019)"), "{row}");
    }
    assert!(p3.contains("* số liệu lấy từ phần thuyết minh của kế hoạch"), "{p3}");
    // Exporting and importing again changes nothing.
    assert!(ok(&db, &["import", x.to_str().unwrap()]).contains("0 khác"));
    let said = ok(&db, &["import", d.path().join("kh-phu-luc-3.csv").to_str().unwrap()]);
    assert!(said.contains("0 khác"), "{said}");
}

#[test]
fn a_2026_figure_built_through_the_mapping_says_what_it_is_built_from() {
    let (_d, db) = common::without_figures();
    ok(&db, &["plan", "start", "--from", "2025"]);
    // One former commune of Bắc Kạn (Thị trấn Chợ Rã) reported 4 cooperatives for 2024.
    ok(&db, &["--unit", "cho-ra-01888", "set", "htx.total", "TH2024", "4"]);
    let t = ok(&db, &["--unit", "thai-nguyen", "show", "1"]);
    let line = t.lines().find(|l| l.contains("Tổng số hợp tác xã ")).unwrap();
    assert!(line.contains(" 4~ "), "not Thái Nguyên's 2024 total: {line}");
    assert!(t.contains("~ 1/280 xã cũ (TH 2024): số cộng chưa đủ"), "{t}");
    let by = ok(&db, &["--unit", "thai-nguyen", "show", "--by-unit", "htx.total"]);
    let total = by.lines().find(|l| l.starts_with("Cộng")).unwrap();
    assert!(
        total.starts_with("Cộng (từ 2 tỉnh cũ qua bảng ánh xạ, 1/280 xã cũ có số)") && total.contains("4~"),
        "{total}"
    );
    let j: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "--unit",
            "thai-nguyen",
            "show",
            "--by-unit",
            "htx.total",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(j[0]["coverage"][0], serde_json::json!([1, 280]));
    assert_eq!(j[0]["built_from"][0], "từ 2 tỉnh cũ qua bảng ánh xạ, 1/280 xã cũ có số");
    let c = run(&db, &["--unit", "thai-nguyen", "check"]);
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stdout));
}
