//! Every workbook kttt writes — the appendices with and without their by-unit sheets,
//! a scenario, a province over its districts, a district over its communes, the 2026 province
//! over its communes with 2024 figures through the reform's mapping, a commune, in English —
//! opened by LibreOffice headless with every formula worked out again on load
//! (`OOXMLRecalcMode` = 0 in the profile, proven by a control cell whose stored result is
//! wrong) and saved again: every cell must read as kttt wrote it. And a by-unit sheet
//! printed: one page wide on A4 landscape, its title whole, its header on every page.

use crate::common;

use common::cli::ok;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::office::{Recalc, convert_with, profile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

type Cells = BTreeMap<(String, u32, u32), Data>;

/// Every cell of every sheet, as a reader sees it (a formula's stored result).
fn cells(path: &Path) -> Cells {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = BTreeMap::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, d) in range.used_cells() {
            out.insert((name.clone(), r0 + r as u32, c0 + c as u32), d.clone());
        }
    }
    out
}

/// How many formulas a workbook holds.
fn formulas(path: &Path) -> usize {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
        .iter()
        .map(|n| {
            wb.worksheet_formula(n)
                .unwrap()
                .used_cells()
                .filter(|c| !c.2.is_empty())
                .count()
        })
        .sum()
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn same(a: Option<&Data>, b: Option<&Data>) -> bool {
    let blank = |d: Option<&Data>| matches!(d, None | Some(Data::Empty)) || d == Some(&Data::String(String::new()));
    match (a, b) {
        _ if blank(a) && blank(b) => true,
        (Some(x), Some(y)) => match (number(x), number(y)) {
            (Some(p), Some(q)) => (p - q).abs() <= 1e-9 * p.abs().max(1.0),
            _ => x == y,
        },
        _ => false,
    }
}

/// The cells whose values differ: `sheet!A1: kttt's → LibreOffice's`.
fn differences(ours: &Cells, theirs: &Cells) -> Vec<String> {
    let mut keys: Vec<&(String, u32, u32)> = ours.keys().chain(theirs.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !same(ours.get(*k), theirs.get(*k)))
        .map(|(s, r, c)| {
            format!(
                "{s}!{}{}: {:?} → {:?}",
                kttt::exchange::layout::col_name(*c as u16),
                r + 1,
                ours.get(&(s.clone(), *r, *c)),
                theirs.get(&(s.clone(), *r, *c))
            )
        })
        .collect()
}

/// A workbook whose one formula's stored result is wrong on purpose: `=A1*3` stored as 999.
fn control(dir: &Path) -> PathBuf {
    let p = dir.join("control.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_number(0, 0, 2.0).unwrap();
    ws.write_formula(0, 1, rust_xlsxwriter::Formula::new("=A1*3").set_result("999"))
        .unwrap();
    wb.save(&p).unwrap();
    p
}

fn control_result(converted: &Path) -> Option<f64> {
    cells(converted)
        .iter()
        .find(|((_, r, c), _)| (*r, *c) == (0, 1))
        .and_then(|(_, d)| number(d))
}

#[test]
fn the_profile_recalculates_on_load_as_the_control_cell_shows() {
    let d = tempfile::tempdir().unwrap();
    let c = control(d.path());
    for (recalc, want) in [(Recalc::Always, 6.0), (Recalc::Never, 999.0)] {
        let out = d.path().join(format!("{recalc:?}"));
        std::fs::create_dir(&out).unwrap();
        let p = profile(recalc);
        let back = convert_with(p.path(), std::slice::from_ref(&c), "xlsx:Calc Office Open XML", &out);
        assert_eq!(control_result(&back[0]), Some(want), "{recalc:?}");
    }
}

/// The province of the seed with three districts' figures (some without the base a mean
/// is weighted by), one commune's, a union count from one district.
fn province(dir: &Path) -> PathBuf {
    let db = dir.join("bk.sqlite3");
    common::seed_copy(&db);
    for (u, total, revenue) in [
        ("ba-be", "20", "601"),
        ("cho-don", "31", "700,5"),
        ("na-ri", "-", "650"),
    ] {
        ok(&db, &["--unit", u, "set", "htx.total", "KH2020", total]);
        ok(&db, &["--unit", u, "set", "htx.revenue", "KH2020", revenue, "--force"]);
        ok(&db, &["--unit", u, "set", "htx.total", "UTH2019", "18"]);
    }
    ok(&db, &["--unit", "ba-be", "set", "lh.total", "TH2018", "0"]);
    ok(&db, &["--unit", "cho-ra-01888", "set", "htx.total", "UTH2019", "4"]);
    ok(&db, &["--unit", "cho-ra-01888", "set", "tht.total", "KH2020", "3"]);
    db
}

/// A 2026 plan: the new Thái Nguyên over its communes, with 2024 figures of former communes
/// (through the mapping).
fn thai_nguyen(dir: &Path) -> PathBuf {
    let db = dir.join("tn.sqlite3");
    common::empty_copy(&db);
    ok(&db, &["plan", "start", "--from", "2025"]);
    for (u, total, revenue) in [("01843", "5", "420"), ("01840", "3", "515,5"), ("01849", "-", "300")] {
        ok(&db, &["--unit", u, "set", "htx.total", "KH2026", total]);
        ok(&db, &["--unit", u, "set", "htx.revenue", "KH2026", revenue, "--force"]);
    }
    ok(&db, &["--unit", "cho-ra-01888", "set", "htx.total", "TH2024", "4"]);
    db
}

fn export(db: &Path, out: &Path, extra: &[&str]) -> PathBuf {
    let mut a = vec!["export", "--out", out.to_str().unwrap()];
    a.extend(extra);
    ok(db, &a);
    out.to_path_buf()
}

#[test]
fn every_workbook_kttt_writes_reads_the_same_after_libreoffice_recalculates() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let bk = province(dir);
    ok(&bk, &["scenario", "new", "PA"]);
    ok(
        &bk,
        &[
            "--unit",
            "ba-be",
            "set",
            "htx.revenue",
            "KH2020",
            "640",
            "--scenario",
            "PA",
        ],
    );
    ok(&bk, &["set", "htx.total", "KH2020", "210", "--scenario", "PA"]);
    ok(&bk, &["scenario", "new", "PB"]);
    ok(&bk, &["set", "htx.total", "KH2020", "220", "--scenario", "PB"]);
    ok(&bk, &["set", "htx.dissolved", "KH2020", "15", "--scenario", "PB"]);
    ok(&bk, &["scenario", "balance", "PB"]);
    let tn = thai_nguyen(dir);
    let books = vec![
        export(&bk, &dir.join("province.xlsx"), &[]),
        export(&bk, &dir.join("province-by-unit.xlsx"), &["--by-unit"]),
        export(
            &bk,
            &dir.join("scenario-by-unit.xlsx"),
            &["--by-unit", "--scenario", "PA"],
        ),
        export(&bk, &dir.join("english-by-unit.xlsx"), &["--by-unit", "--lang", "en"]),
        export(
            &bk,
            &dir.join("district-by-unit.xlsx"),
            &["--by-unit", "--unit", "ba-be"],
        ),
        export(
            &tn,
            &dir.join("tn-2026-by-unit.xlsx"),
            &["--by-unit", "--unit", "thai-nguyen"],
        ),
        export(&tn, &dir.join("commune-2026.xlsx"), &["--by-unit", "--unit", "01843"]),
        // The scenario summary: each percentage a formula over the figures above it.
        export(&bk, &dir.join("scenario-summary.xlsx"), &["--scenarios", "PA,PB"]),
        // The same for chosen indicators, changed or not.
        export(
            &bk,
            &dir.join("scenario-summary-rows.xlsx"),
            &["--scenarios", "PA,PB", "--rows", "htx.total,htx.members,htx.revenue"],
        ),
    ];
    let mut all = books.clone();
    all.push(control(dir));
    let out = dir.join("recalculated");
    std::fs::create_dir(&out).unwrap();
    let p = profile(Recalc::Always);
    let back = convert_with(p.path(), &all, "xlsx:Calc Office Open XML", &out);
    // The control's stored 999 became 6: LibreOffice did work every formula out again.
    assert_eq!(control_result(back.last().unwrap()), Some(6.0));
    let mut report = Vec::new();
    for (ours, theirs) in books.iter().zip(&back) {
        let n = formulas(ours);
        assert!(n > 0, "{}: no formula, nothing to recalculate", ours.display());
        let diff = differences(&cells(ours), &cells(theirs));
        if !diff.is_empty() {
            report.push(format!(
                "{} ({n} formulas): {} cells differ\n  {}",
                ours.display(),
                diff.len(),
                diff.iter().take(20).cloned().collect::<Vec<_>>().join("\n  ")
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    // And kttt reads each back as it wrote it (a long by-unit sheet of 92 communes too).
    for (db, book, unit) in [
        (&bk, &books[1], "bac-kan"),
        (&bk, &books[3], "bac-kan"),
        (&bk, &books[4], "ba-be"),
        (&tn, &books[5], "thai-nguyen"),
        (&tn, &books[6], "01843"),
    ] {
        let said = ok(db, &["--unit", unit, "import", book.to_str().unwrap(), "--dry-run"]);
        assert!(said.contains(" 0 khác"), "{}: {said}", book.display());
    }
    // The by-unit sheets of the partial roll-ups did have means over units without a
    // base (`-`): what failed as #VALUE! before.
    let bu = cells(&books[1]);
    assert!(
        bu.values().any(|v| *v == Data::String("-".into())),
        "the sheet has blanks the formulas read"
    );
}

/// The text of each page of a PDF.
fn pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs: apt-get install poppler-utils (./test does)");
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// A page as a grey image: its width, height and bytes (pdftoppm's PGM).
fn gray(pdf: &Path, page: usize, dir: &Path) -> (usize, usize, Vec<u8>) {
    let stem = dir.join(format!("page{page}"));
    let o = Command::new("pdftoppm")
        .args([
            "-r",
            "40",
            "-gray",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&stem)
        .output()
        .expect("pdftoppm (poppler-utils) runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(stem.with_extension("pgm")).unwrap();
    // P5\n<w> <h>\n255\n<pixels>
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[at + 1..].to_vec())
}

#[test]
fn a_by_unit_sheet_prints_one_page_wide_with_its_title_whole() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let bk = province(dir);
    let book = export(&bk, &dir.join("p1.xlsx"), &["--by-unit", "--appendix", "1"]);
    let p = profile(Recalc::Always);
    let pdf = convert_with(p.path(), std::slice::from_ref(&book), "pdf", dir).remove(0);
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    assert!(info.contains("(A4)"), "{info}");
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let dims: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    assert!(dims[0] > dims[1], "landscape: {size}");
    let text = pages(&pdf);
    let count: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(text.len(), count);
    // The appendix on one page, then the by-unit sheet: 30 indicators of 8 districts,
    // 13 rows each, about 30 rows a page — not the 39 pages (and cut title) of a sheet 62
    // columns wide.
    assert!((8..=16).contains(&count), "{count} pages");
    assert!(text[0].contains("Phụ lục 1") && !text[0].contains("tổng hợp theo đơn vị cấp dưới"));
    let first = &text[1];
    assert!(first.contains("Phụ lục 1 — tổng hợp theo đơn vị cấp dưới"), "{first}");
    assert!(
        first.contains("TÌNH HÌNH PHÁT TRIỂN KINH TẾ TẬP THỂ NĂM 2019 VÀ KẾ HOẠCH NĂM 2020"),
        "the title whole on one line: {first}"
    );
    // Every page of the sheet repeats its header and shows every column: nothing runs onto
    // pages of its own to the right.
    for (n, page) in text.iter().enumerate().skip(1) {
        for head in ["STT", "Chỉ tiêu / Đơn vị", "Ghi chú"] {
            assert!(page.contains(head), "{head} on page {}: {page}", n + 1);
        }
    }
    // What is printed fills the page's width within its margins, at a size that reads.
    let (w, h, px) = gray(&pdf, 2, dir);
    let dark_cols: Vec<usize> = (0..w).filter(|x| (0..h).any(|y| px[y * w + x] < 128)).collect();
    let (left, right) = (dark_cols[0], *dark_cols.last().unwrap());
    assert!(
        left > w / 40 && right < w - w / 40,
        "within the margins: {left}..{right} of {w}"
    );
    assert!(
        right - left > w * 3 / 4,
        "one page wide, not shrunk: {left}..{right} of {w}"
    );
}
