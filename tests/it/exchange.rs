//! Workbooks and CSV files both ways through the real binary: the export read back with
//! calamine (titles, merged headers, figures, formulas and their cached results, print
//! set-up), export → import round trips with no difference, a province's own workbook
//! without codes or diacritics, and every kind of problem in a file refused with its place,
//! nothing written.

use crate::common;

use common::cli::{ok, run};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::backend::{Backend, TestDb};
use std::io::Read;
use std::path::Path;

/// A database with the embedded plan, as `kttt init` makes it (on either store), and its
/// address.
fn seeded(b: Backend) -> (TestDb, String) {
    let t = TestDb::seeded(b);
    let db = t.db.clone();
    (t, db)
}

/// What the database holds that an import could have changed: audit rows, scenarios, figures.
fn footprint(t: &TestDb) -> (i64, i64, i64) {
    (
        t.count("SELECT count(*) FROM audit"),
        t.count("SELECT count(*) FROM scenario"),
        t.count("SELECT count(*) FROM value"),
    )
}

fn book(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

/// The row (0-based) whose hidden code column holds `code`.
fn row_of(range: &calamine::Range<Data>, code: &str) -> u32 {
    let (h, w) = range.get_size();
    (0..h as u32)
        .find(|r| range.get_value((*r, w as u32 - 1)) == Some(&Data::String(code.into())))
        .unwrap_or_else(|| panic!("{code} not in the sheet"))
}

fn num(range: &calamine::Range<Data>, r: u32, c: u32) -> f64 {
    match range.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({r},{c}) is {other:?}"),
    }
}

fn text(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
    match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => format!("{other:?}"),
    }
}

fn zip_text(path: &Path, entry: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(entry).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn the_workbook_has_the_published_layout_with_formulas_and_their_results(b: Backend) {
    let (d, db) = seeded(b);
    let out = d.dir.path().join("kh.xlsx");
    let said = ok(&db, &["export", "--out", out.to_str().unwrap()]);
    assert!(said.contains("Đã ghi") && said.contains("kh.xlsx"), "{said}");
    let mut wb = book(&out);
    assert_eq!(wb.sheet_names(), ["Phụ lục 1", "Phụ lục 2", "Phụ lục 3"]);
    let p1 = wb.worksheet_range("Phụ lục 1").unwrap();
    // The title block.
    assert_eq!(text(&p1, 0, 0), "UBND TỈNH BẮC KẠN");
    assert_eq!(text(&p1, 1, 0), "Phụ lục 1");
    assert_eq!(
        text(&p1, 2, 0),
        "TÌNH HÌNH PHÁT TRIỂN KINH TẾ TẬP THỂ NĂM 2019 VÀ KẾ HOẠCH NĂM 2020"
    );
    // The two-row header: STT, name and unit span both rows, "Năm 2019" spans plan and estimate.
    assert_eq!(
        (text(&p1, 5, 0), text(&p1, 5, 1), text(&p1, 5, 2)),
        ("STT".into(), "Chỉ tiêu".into(), "Đơn vị tính".into())
    );
    assert_eq!(text(&p1, 5, 3), "Thực hiện năm 2018");
    assert_eq!(text(&p1, 5, 4), "Năm 2019");
    assert_eq!(
        (text(&p1, 6, 4), text(&p1, 6, 5)),
        ("Kế hoạch".into(), "Ước thực hiện cả năm".into())
    );
    assert_eq!(text(&p1, 5, 6), "Kế hoạch năm 2020");
    let merges: Vec<(u32, u32, u32, u32)> = wb
        .merge_cells_by_sheet_name("Phụ lục 1")
        .unwrap()
        .iter()
        .map(|m| (m.start.0, m.start.1, m.end.0, m.end.1))
        .collect();
    for m in [
        (5, 0, 6, 0),
        (5, 1, 6, 1),
        (5, 2, 6, 2),
        (5, 4, 5, 5),
        (5, 3, 6, 3),
        // The title spans the figures and the notes column (the seed's figures from the
        // plan's text are marked `*` and noted there).
        (1, 0, 1, 9),
    ] {
        assert!(merges.contains(&m), "{m:?} in {merges:?}");
    }
    // Figures are numbers; a blank is "-".
    let r = row_of(&p1, "htx.total");
    assert_eq!(text(&p1, r, 0), "1");
    assert_eq!(text(&p1, r, 1), "Tổng số hợp tác xã");
    assert_eq!(text(&p1, r, 2), "HTX");
    assert_eq!(
        [num(&p1, r, 3), num(&p1, r, 4), num(&p1, r, 5), num(&p1, r, 6)],
        [160.0, 172.0, 176.0, 201.0]
    );
    let inc = row_of(&p1, "htx.income");
    assert_eq!(num(&p1, inc, 5), 43.2);
    let lh = row_of(&p1, "lh.total");
    assert_eq!(text(&p1, lh, 5), "-");
    // The percentages are formulas whose cached results read right before any recalculation.
    assert!((num(&p1, r, 7) - 176.0 / 172.0).abs() < 1e-12, "{}", num(&p1, r, 7));
    assert!((num(&p1, r, 8) - 201.0 / 176.0).abs() < 1e-12);
    let f1 = wb.worksheet_formula("Phụ lục 1").unwrap();
    let formula = f1.get_value((r, 7)).cloned().unwrap_or_default();
    assert!(formula.contains(&format!("F{0}/E{0}", r + 1)), "{formula}");
    // Phụ lục 2's "= Tổng các ngành" line sums its parts with the result cached: 175.
    let p2 = wb.worksheet_range("Phụ lục 2").unwrap();
    let sum = row_of(&p2, "=sector.htx.total");
    assert_eq!(num(&p2, sum, 5), 175.0);
    let f2 = wb.worksheet_formula("Phụ lục 2").unwrap();
    assert!(
        f2.get_value((sum, 5)).unwrap().contains("SUM(F"),
        "{:?}",
        f2.get_value((sum, 5))
    );
    // Phụ lục 3: the sources under each period and the column numbering (1)…(12), then
    // the growth column kttt adds.
    let p3 = wb.worksheet_range("Phụ lục 3").unwrap();
    let numbering: Vec<String> = (0..13).map(|c| text(&p3, 8, c)).collect();
    assert_eq!(numbering[0], "(1)");
    assert_eq!(numbering[3], "(4)=(5)+(6)");
    assert_eq!(numbering[9], "(10)=(11)+(12)");
    assert_eq!(numbering[11], "(12)");
    assert_eq!(numbering[12], "(13)=(10)/(7)");
    assert_eq!(text(&p3, 6, 3), "Tổng số");
    assert_eq!(text(&p3, 6, 4), "Trong đó");
    assert_eq!(text(&p3, 7, 4), "CTMTQG XD Nông thôn mới");
    // Number formats, frozen header, A4 landscape, header rows printed on every page.
    let styles = zip_text(&out, "xl/styles.xml");
    assert!(styles.contains("[$-42A]#,##0"), "{styles}");
    assert!(styles.contains("[$-42A]#,##0.0%"));
    let sheet1 = zip_text(&out, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("state=\"frozen\""));
    assert!(sheet1.contains("orientation=\"landscape\"") && sheet1.contains("paperSize=\"9\""));
    let workbook = zip_text(&out, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    // An existing file is kept unless --force.
    let again = run(&db, &["export", "--out", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("đã có"));
}

fn export_then_import_changes_nothing_for_xlsx_and_csv(b: Backend) {
    let (d, db) = seeded(b);
    let before = footprint(&d);
    let x = d.dir.path().join("a.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap()]);
    let said = ok(&db, &["import", x.to_str().unwrap()]);
    assert!(
        said.contains("0 khác") && said.contains("không tạo phương án"),
        "{said}"
    );
    let c = d.dir.path().join("a.csv");
    ok(&db, &["export", "--out", c.to_str().unwrap()]);
    for n in 1..=3 {
        let f = d.dir.path().join(format!("a-phu-luc-{n}.csv"));
        let bytes = std::fs::read(&f).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark for Excel");
        let said = ok(&db, &["import", f.to_str().unwrap()]);
        assert!(said.contains("0 khác"), "{said}");
    }
    assert_eq!(footprint(&d), before, "nothing was written");
    let plain = d.dir.path().join("b.csv");
    ok(&db, &["export", "--out", plain.to_str().unwrap(), "--no-bom"]);
    assert!(
        !std::fs::read(d.dir.path().join("b-phu-luc-1.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF")
    );
}

fn a_scenario_exported_and_imported_comes_back_cell_for_cell(b: Backend) {
    let (d, db) = seeded(b);
    ok(&db, &["scenario", "new", "PA"]);
    for (code, period, v, extra) in [
        ("htx.total", "KH2020", "210", None),
        ("htx.income", "UTH2019", "43,25", None),
        ("htx.members", "TH2018", "-", None),
        ("policy.other", "KH2020", "1.650", Some("other")),
    ] {
        let mut a = vec!["set", code, period, v, "--scenario", "PA"];
        if let Some(f) = extra {
            a.extend(["--funding", f]);
        }
        ok(&db, &a);
    }
    let x = d.dir.path().join("pa.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap(), "--scenario", "PA"]);
    let said = ok(&db, &["import", x.to_str().unwrap()]);
    assert!(said.contains("4 khác"), "{said}");
    assert!(said.contains("114,2% → 119,3%"), "the percentage it moves: {said}");
    let cells = |name: &str| {
        d.rows(&format!(
            "SELECT c.indicator, c.kind, c.year, c.funding, c.value FROM scenario_value c
             JOIN scenario s ON s.id = c.scenario WHERE s.name = '{name}' ORDER BY 1, 2, 3, 4"
        ))
    };
    assert_eq!(cells("Nhập pa.xlsx"), cells("PA"));
    assert_eq!(cells("PA").len(), 4);
}

/// Writes a copy of a workbook as an office's own would be: values only (no formulas), the
/// merges kept, cells changed by `edit` (row, column, cell → new cell; `None` leaves it out).
fn rewrite(
    src: &Path,
    dst: &Path,
    mut edit: impl FnMut(&str, u32, u32, &Data) -> Option<Data>,
    extra_merge: Option<(&str, u32, u16, u32, u16)>,
) {
    let mut wb = book(src);
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let merges = wb.merge_cells_by_sheet_name(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        let text_of = |d: &Data| match d {
            Data::String(s) => s.clone(),
            _ => String::new(),
        };
        let mut covered = std::collections::HashSet::new();
        let mut all: Vec<(u32, u16, u32, u16)> = merges
            .iter()
            .map(|m| (m.start.0, m.start.1 as u16, m.end.0, m.end.1 as u16))
            .collect();
        if let Some((s, a, b, c, e)) = extra_merge
            && s == name
        {
            all.push((a, b, c, e));
        }
        for (r0, c0, r1, c1) in &all {
            let first = range.get_value((*r0, *c0 as u32)).cloned().unwrap_or(Data::Empty);
            let first = edit(&name, *r0, *c0 as u32, &first).unwrap_or(Data::Empty);
            ws.merge_range(*r0, *c0, *r1, *c1, &text_of(&first), &rust_xlsxwriter::Format::new())
                .unwrap();
            for r in *r0..=*r1 {
                for c in *c0..=*c1 {
                    covered.insert((r, c as u32));
                }
            }
        }
        for (r, c, v) in range.used_cells() {
            let (r, c) = (r as u32, c as u32);
            if covered.contains(&(r, c)) {
                continue;
            }
            match edit(&name, r, c, v) {
                Some(Data::String(s)) => {
                    ws.write_string(r, c as u16, &s).unwrap();
                }
                Some(Data::Float(f)) => {
                    ws.write_number(r, c as u16, f).unwrap();
                }
                Some(Data::Int(i)) => {
                    ws.write_number(r, c as u16, i as f64).unwrap();
                }
                _ => {}
            }
        }
    }
    out.save(dst).unwrap();
}

fn fold(s: &str) -> String {
    kttt::domain::text::fold(s)
}

fn a_province_s_own_workbook_without_codes_or_diacritics_is_matched_by_stt_and_name(b: Backend) {
    let (d, db) = seeded(b);
    let x = d.dir.path().join("ours.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap()]);
    let theirs = d.dir.path().join("theirs.xlsx");
    let mut ours = book(&x);
    let p1 = ours.worksheet_range("Phụ lục 1").unwrap();
    let code_col: std::collections::HashMap<String, u32> = ours
        .sheet_names()
        .into_iter()
        .map(|n| {
            let w = ours.worksheet_range(&n).unwrap().get_size().1 as u32;
            (n, w - 1)
        })
        .collect();
    let total = row_of(&p1, "htx.total");
    rewrite(
        &x,
        &theirs,
        |sheet, r, c, v| {
            if c == code_col[sheet] {
                return None; // no code column
            }
            if c == 1 && r > 6 {
                // names typed without diacritics
                if let Data::String(s) = v {
                    return Some(Data::String(fold(s)));
                }
            }
            if sheet == "Phụ lục 1" && r == total && c == 6 {
                return Some(Data::Float(205.0));
            }
            Some(v.clone())
        },
        None,
    );
    let said = ok(&db, &["import", theirs.to_str().unwrap(), "--dry-run"]);
    assert!(said.contains("1 khác"), "{said}");
    assert!(said.contains("Tổng số HTX") && said.contains("205"), "{said}");
    assert!(said.contains("Chạy thử"), "{said}");
}

/// Imports a rewritten copy of the seed's workbook and expects it refused at `place`, with
/// `why` in the message, and nothing written.
fn refused(
    b: Backend,
    edit: impl FnMut(&str, u32, u32, &Data) -> Option<Data>,
    merge: Option<(&str, u32, u16, u32, u16)>,
    place: &str,
    why: &str,
) {
    let (d, db) = seeded(b);
    let x = d.dir.path().join("ours.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap()]);
    let bad = d.dir.path().join("bad.xlsx");
    rewrite(&x, &bad, edit, merge);
    let before = footprint(&d);
    let o = run(&db, &["import", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(place), "{place} in {err}");
    assert!(err.contains(why), "{why} in {err}");
    assert!(err.contains("Chưa ghi gì"), "{err}");
    assert_eq!(footprint(&d), before, "nothing was written");
}

/// The seed's Phụ lục 1 row of `code` (0-based), as exported.
fn seed_row(code: &str) -> u32 {
    let (d, db) = seeded(Backend::Sqlite);
    let x = d.dir.path().join("x.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap()]);
    row_of(&book(&x).worksheet_range("Phụ lục 1").unwrap(), code)
}

fn text_in_a_figure_cell_is_refused_at_its_place(b: Backend) {
    let r = seed_row("htx.total");
    refused(
        b,
        |s, row, c, v| {
            Some(if s == "Phụ lục 1" && row == r && c == 5 {
                Data::String("khoảng 180".into())
            } else {
                v.clone()
            })
        },
        None,
        &format!("Phụ lục 1!F{}", r + 1),
        "chứa chữ “khoảng 180”",
    );
}

fn an_unknown_row_is_refused(b: Backend) {
    let r = seed_row("htx.members");
    refused(
        b,
        |s, row, c, v| {
            if s == "Phụ lục 1" && row == r && c == 10 {
                return None; // no code: matched by name, which is unknown
            }
            Some(if s == "Phụ lục 1" && row == r && c == 1 {
                Data::String("Số hộ nghèo".into())
            } else {
                v.clone()
            })
        },
        None,
        &format!("Phụ lục 1!B{}", r + 1),
        "“Số hộ nghèo” không khớp chỉ tiêu nào",
    );
}

fn a_merged_cell_where_a_figure_should_be_is_refused(b: Backend) {
    let r = seed_row("htx.total");
    refused(
        b,
        |_, _, _, v| Some(v.clone()),
        Some(("Phụ lục 1", r, 4, r, 5)),
        &format!("Phụ lục 1!E{}", r + 1),
        "gộp ô",
    );
}

fn a_figure_of_the_wrong_kind_and_a_tenfold_jump_are_refused(b: Backend) {
    let r = seed_row("htx.total");
    refused(
        b,
        |s, row, c, v| {
            Some(if s == "Phụ lục 1" && row == r && c == 6 {
                Data::Float(20.5)
            } else {
                v.clone()
            })
        },
        None,
        &format!("Phụ lục 1!G{}", r + 1),
        "số nguyên",
    );
    refused(
        b,
        |s, row, c, v| {
            Some(if s == "Phụ lục 1" && row == r && c == 6 {
                Data::Float(2010.0)
            } else {
                v.clone()
            })
        },
        None,
        &format!("Phụ lục 1!G{}", r + 1),
        "gấp 11,4 lần",
    );
}

fn a_sheet_that_is_not_an_appendix_and_a_file_that_is_not_a_workbook_are_refused(b: Backend) {
    let (d, db) = seeded(b);
    let before = footprint(&d);
    let other = d.dir.path().join("other.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Bảng lương").unwrap();
    ws.write_string(0, 0, "Họ tên").unwrap();
    ws.write_number(1, 1, 5000000.0).unwrap();
    wb.save(&other).unwrap();
    let o = run(&db, &["import", other.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("Bảng lương: không phải trang phụ lục"), "{err}");
    let fake = d.dir.path().join("fake.xlsx");
    std::fs::write(&fake, "not a zip").unwrap();
    let o = run(&db, &["import", fake.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tệp hỏng"));
    let pdf = d.dir.path().join("plan.pdf");
    std::fs::write(&pdf, "%PDF").unwrap();
    let o = run(&db, &["import", pdf.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("không đọc tệp “.pdf”"));
    assert_eq!(footprint(&d), before);
}

fn a_file_for_another_unit_is_refused_and_an_approved_plan_refuses_the_apply(b: Backend) {
    let (d, db) = seeded(b);
    let x = d.dir.path().join("bk.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap()]);
    let before = footprint(&d);
    let o = run(&db, &["--unit", "ba-be", "import", x.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("tệp ghi “UBND TỈNH BẮC KẠN” nhưng đang nhập cho Huyện Ba Bể"),
        "{err}"
    );
    assert_eq!(footprint(&d), before);
    // Ba Bể's own workbook, staged; once the plan is approved the apply is refused.
    ok(&db, &["--unit", "ba-be", "set", "htx.total", "KH2020", "20"]);
    let b = d.dir.path().join("babe.csv");
    ok(&db, &["--unit", "ba-be", "export", "--out", b.to_str().unwrap()]);
    let p1 = d.dir.path().join("babe-phu-luc-1.csv");
    let edited = std::fs::read_to_string(&p1).unwrap().replace(",20,", ",24,");
    std::fs::write(&p1, edited).unwrap();
    ok(&db, &["user", "add", "admin"]);
    ok(&db, &["--unit", "ba-be", "plan", "submit"]);
    ok(&db, &["--unit", "ba-be", "plan", "approve"]);
    let said = ok(&db, &["--unit", "ba-be", "import", p1.to_str().unwrap()]);
    assert!(said.contains("đã được duyệt"), "{said}");
    let o = run(
        &db,
        &["--unit", "ba-be", "scenario", "apply", "Nhập babe-phu-luc-1.csv"],
    );
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("đã được duyệt"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(ok(&db, &["--unit", "ba-be", "show", "1", "--format", "csv"]).contains(",20,"));
}

fn the_by_unit_sheet_rolls_up_the_districts_with_formulas(b: Backend) {
    let (d, db) = seeded(b);
    for (u, v) in [("ba-be", "20"), ("cho-don", "31")] {
        ok(&db, &["--unit", u, "set", "htx.total", "KH2020", v]);
    }
    let x = d.dir.path().join("units.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap(), "--by-unit"]);
    let mut wb = book(&x);
    assert_eq!(wb.sheet_names().len(), 6);
    let name = "Phụ lục 1 theo đơn vị";
    let s = wb.worksheet_range(name).unwrap();
    let f = wb.worksheet_formula(name).unwrap();
    // One block per indicator: the districts as rows, then the roll-up, what it reaches, the
    // province's own figure and the difference; hidden columns name the indicator and unit.
    let (h, w) = s.get_size();
    let (code, unit) = (w as u32 - 2, w as u32 - 1);
    let row = |c: &str, u: &str| {
        (0..h as u32)
            .find(|r| text(&s, *r, code) == c && text(&s, *r, unit) == u)
            .unwrap_or_else(|| panic!("{c} {u}"))
    };
    // KH 2020 is the fourth period column (TH 2018, KH 2019, ƯTH 2019, KH 2020).
    let kh = 5;
    assert_eq!(text(&s, 4, kh), "Kế hoạch năm 2020");
    assert_eq!(num(&s, row("htx.total", "ba-be"), kh), 20.0);
    let total = row("htx.total", "=cong");
    assert_eq!(text(&s, total, 1), "Cộng");
    assert_eq!(num(&s, total, kh), 51.0);
    let sum = f.get_value((total, kh)).unwrap();
    assert!(sum.contains("SUM(F") && sum.contains("COUNT(F"), "{sum}");
    // Two of eight districts: the roll-up says so, in its row and its note.
    assert_eq!(text(&s, row("htx.total", "=bao-cao"), kh), "2/8 huyện");
    assert!(
        text(&s, total, kh + 1).contains("~ 2/8 huyện"),
        "{}",
        text(&s, total, kh + 1)
    );
    // The province's own figure and the difference (201 − 51).
    assert_eq!(num(&s, row("htx.total", "=so-nhap"), kh), 201.0);
    assert_eq!(num(&s, row("htx.total", "=chenh-lech"), kh), 150.0);
    // One page wide on A4 landscape, the header row on every page.
    let sheet4 = zip_text(&x, "xl/worksheets/sheet4.xml");
    assert!(
        sheet4.contains("fitToWidth=\"1\"") || sheet4.contains("fitToPage=\"1\""),
        "{sheet4}"
    );
    assert!(sheet4.contains("orientation=\"landscape\"") && sheet4.contains("paperSize=\"9\""));
    // Importing the whole workbook again changes nothing.
    let said = ok(&db, &["import", x.to_str().unwrap()]);
    assert!(
        said.contains("0 khác") && said.contains("Phụ lục 1 theo đơn vị"),
        "{said}"
    );
}

on_both!(
    the_workbook_has_the_published_layout_with_formulas_and_their_results,
    export_then_import_changes_nothing_for_xlsx_and_csv,
    a_scenario_exported_and_imported_comes_back_cell_for_cell,
    a_province_s_own_workbook_without_codes_or_diacritics_is_matched_by_stt_and_name,
    text_in_a_figure_cell_is_refused_at_its_place,
    an_unknown_row_is_refused,
    a_merged_cell_where_a_figure_should_be_is_refused,
    a_figure_of_the_wrong_kind_and_a_tenfold_jump_are_refused,
    a_sheet_that_is_not_an_appendix_and_a_file_that_is_not_a_workbook_are_refused,
    a_file_for_another_unit_is_refused_and_an_approved_plan_refuses_the_apply,
    the_by_unit_sheet_rolls_up_the_districts_with_formulas
);
