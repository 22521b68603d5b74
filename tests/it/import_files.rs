//! What an import reads, never silently wrong: a CSV saved "as shown" in a Vietnamese locale
//! (`;`, a byte-order mark, CRLF, `1.200` and `43,2`) read the Vietnamese way, every figure;
//! a figure that reads tenfold wrong but right the other way refused naming its cell (with
//! `--force`, taken as read); a generated workbook's formula without a stored result worked
//! out, or reported — never a blank; the figures edited on a by-unit sheet read as the
//! units' own, its own-figure and roll-up rows checked; a sheet that cannot be read refused
//! with the reason.

use crate::common;

use common::cli::{ok, run};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::office::{Recalc, convert_with, profile};
use kttt::domain::number;
use kttt::i18n::Lang;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Refused with exit code 2 and nothing written: the message.
fn refused(db: &Path, args: &[&str]) -> String {
    let before = staged(db);
    let o = run(db, args);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{args:?}: {err}{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(err.contains("Chưa ghi gì"), "{err}");
    assert_eq!(staged(db), before, "nothing was written");
    err
}

/// Every cell of every scenario: (indicator, unit, period, value).
fn staged(db: &Path) -> Vec<(String, String, String, Option<String>)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut q = c
        .prepare("SELECT indicator, org_unit, kind || year, value FROM scenario_value ORDER BY 1, 2, 3")
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn seeded() -> (tempfile::TempDir, PathBuf) {
    common::seeded()
}

/// kttt's CSV of Phụ lục 1 saved again as Excel does in a Vietnamese locale: `;` between
/// fields, a byte-order mark, CRLF, every figure written `1.559` / `43,2`; `edit` changes a
/// row's figures by indicator code and column.
fn vietnamese_csv(db: &Path, dir: &Path, name: &str, edit: &[(&str, usize, &str)]) -> PathBuf {
    let ours = dir.join("ours.csv");
    ok(
        db,
        &["export", "--out", ours.to_str().unwrap(), "--appendix", "1", "--force"],
    );
    let text = std::fs::read_to_string(dir.join("ours-phu-luc-1.csv")).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut out = Vec::from("\u{feff}".as_bytes());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let code = rec.iter().next_back().unwrap_or("").to_string();
        let fields: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if let Some((_, _, v)) = edit.iter().find(|(c, col, _)| *c == code && *col == i) {
                    return v.to_string();
                }
                match number::parse_canonical(f) {
                    Some(d) if i > 0 => number::format(&d, Lang::Vi),
                    _ => f.to_string(),
                }
            })
            .collect();
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(&fields).unwrap();
        out.extend(w.into_inner().unwrap());
    }
    let p = dir.join(name);
    std::fs::write(&p, out).unwrap();
    p
}

#[test]
fn a_vietnamese_csv_is_read_the_vietnamese_way_every_figure() {
    let (d, db) = seeded();
    // Columns: 3 TH 2018, 4 KH 2019, 5 ƯTH 2019, 6 KH 2020. Members 1.809 → 1.859 and
    // workers 2.000 → 1.200 in the plan; income stays 43,2 (ƯTH 2019).
    let f = vietnamese_csv(
        &db,
        d.path(),
        "so-lieu.csv",
        &[("htx.members", 6, "1.859"), ("htx.labour", 6, "1.200")],
    );
    let bytes = std::fs::read(&f).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && text.contains("\r\n") && text.contains(";43,2;"));
    assert!(text.contains(";1.270;") && text.contains(";1.200;"), "{text}");
    let said = ok(&db, &["import", f.to_str().unwrap()]);
    assert!(said.contains("2 khác"), "{said}");
    assert!(
        said.contains("Đọc số viết kiểu Việt Nam (1.559,5): dấu “;” giữa các cột, tiêu đề tiếng Việt"),
        "{said}"
    );
    assert_eq!(
        staged(&db),
        vec![
            (
                "htx.labour".into(),
                "bac-kan".into(),
                "plan2020".into(),
                Some("1200".into())
            ),
            (
                "htx.members".into(),
                "bac-kan".into(),
                "plan2020".into(),
                Some("1859".into())
            ),
        ],
        "1.200 is 1200, not 1,2; 1.270 and 43,2 read as they stand (unchanged)"
    );
}

#[test]
fn a_figure_that_reads_tenfold_wrong_but_right_the_other_way_is_refused_at_its_cell() {
    let (d, db) = seeded();
    // Income per worker 45,6 typed as 45.600: read the file's way it is 45.600, a thousand
    // times the estimate's 43,2.
    let f = vietnamese_csv(&db, d.path(), "thu-nhap.csv", &[("htx.income", 6, "45.600")]);
    let err = refused(&db, &["import", f.to_str().unwrap()]);
    let line = err
        .lines()
        .find(|l| l.starts_with("thu-nhap!G"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("45.600 gấp 1.055,6 lần ƯTH 2019 (43,2)"), "{line}");
    assert!(line.contains("Có phải 45,6"), "{line}");
    assert!(line.contains("--force"), "{line}");
    ok(&db, &["import", f.to_str().unwrap(), "--force"]);
    assert_eq!(
        staged(&db),
        vec![(
            "htx.income".into(),
            "bac-kan".into(),
            "plan2020".into(),
            Some("45600".into())
        )]
    );
}

/// Rewrites one entry of a zip container (a workbook's sheet) with `edit`.
fn edit_zip(src: &Path, dst: &Path, entry: &str, edit: impl Fn(String) -> String) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == entry {
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

/// Replaces a cell's XML element (`<c r="G9" …>…</c>`) by `with`.
fn set_cell(xml: String, cell: &str, with: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("{cell}"));
    let end = start + xml[start..].find("</c>").unwrap() + 4;
    format!("{}{with}{}", &xml[..start], &xml[end..])
}

/// The column of a sheet's indicator codes (the last).
fn code_col(path: &Path, sheet: &str) -> u32 {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(sheet).unwrap().get_size().1 as u32 - 1
}

/// The 1-based row of the row whose cells at `cols` hold `texts`.
fn row_with(path: &Path, sheet: &str, want: &[(u32, &str)]) -> u32 {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let r = wb.worksheet_range(sheet).unwrap();
    let (h, _) = r.get_size();
    (0..h as u32)
        .find(|row| {
            want.iter()
                .all(|(c, t)| r.get_value((*row, *c)) == Some(&Data::String((*t).into())))
        })
        .unwrap_or_else(|| panic!("{want:?} in {sheet}"))
        + 1
}

#[test]
fn a_formula_without_a_stored_result_is_worked_out_or_reported_never_blank() {
    let (d, db) = seeded();
    let x = d.path().join("kh.xlsx");
    ok(&db, &["export", "--out", x.to_str().unwrap()]);
    // KH 2020 is G; the hidden code column is the last.
    let r = row_with(&x, "Phụ lục 1", &[(code_col(&x, "Phụ lục 1"), "htx.total")]);
    let cell = format!("G{r}");
    // A program wrote `=200+1` without computing it: no <v>.
    let generated = d.path().join("generated.xlsx");
    edit_zip(&x, &generated, "xl/worksheets/sheet1.xml", |s| {
        set_cell(s, &cell, &format!("<c r=\"{cell}\"><f>200+1</f></c>"))
    });
    let said = ok(&db, &["import", generated.to_str().unwrap()]);
    assert!(
        said.contains("0 khác"),
        "201 worked out, not a blank over the official 201: {said}"
    );
    // References and SUM over them, in exact decimals: 160 + 172 + 176 − 307 = 201, and
    // 176 + 30 = 206, a change.
    for (f, want) in [
        (format!("SUM(D{r}:F{r})-307"), "0 khác"),
        (format!("F{r}+30"), "1 khác"),
    ] {
        let changed = d.path().join("changed.xlsx");
        edit_zip(&x, &changed, "xl/worksheets/sheet1.xml", |s| {
            set_cell(s, &cell, &format!("<c r=\"{cell}\"><f>{f}</f></c>"))
        });
        let said = ok(&db, &["import", changed.to_str().unwrap(), "--dry-run"]);
        assert!(said.contains(want), "{f}: {said}");
    }
    let said = ok(
        &db,
        &["import", d.path().join("changed.xlsx").to_str().unwrap(), "--dry-run"],
    );
    assert!(said.contains("201") && said.contains("206"), "{said}");
    // Something kttt does not work out stays a problem at its cell.
    let opaque = d.path().join("opaque.xlsx");
    edit_zip(&x, &opaque, "xl/worksheets/sheet1.xml", |s| {
        set_cell(s, &cell, &format!("<c r=\"{cell}\"><f>VLOOKUP(1,D{r}:F{r},1)</f></c>"))
    });
    let err = refused(&db, &["import", opaque.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "Phụ lục 1!{cell}: ô có công thức “=VLOOKUP(1,D{r}:F{r},1)” mà tệp không lưu kết quả"
        )),
        "{err}"
    );
}

/// The by-unit workbook of the seed with two districts' plans, its by-unit sheet of
/// Phụ lục 1 (the second sheet), and the row of Ba Bể's and of the province's own
/// cooperatives there.
fn by_unit_book(db: &Path, dir: &Path) -> (PathBuf, u32, u32, u32) {
    for (u, v) in [("ba-be", "20"), ("cho-don", "31")] {
        ok(db, &["--unit", u, "set", "htx.total", "KH2020", v]);
    }
    let x = dir.join("units.xlsx");
    ok(db, &["export", "--out", x.to_str().unwrap(), "--by-unit"]);
    let sheet = "Phụ lục 1 theo đơn vị";
    // Hidden columns: the indicator (H) and the unit (I).
    let part = row_with(&x, sheet, &[(7, "htx.total"), (8, "ba-be")]);
    let own = row_with(&x, sheet, &[(7, "htx.total"), (8, "=so-nhap")]);
    let total = row_with(&x, sheet, &[(7, "htx.total"), (8, "=cong")]);
    (x, part, own, total)
}

#[test]
fn a_figure_edited_on_a_by_unit_sheet_is_that_unit_s() {
    let (d, db) = seeded();
    let (x, part, _, total) = by_unit_book(&db, d.path());
    // Ba Bể's KH 2020 (column F) 20 → 24, then the office's spreadsheet works the totals out
    // again and saves.
    let edited = d.path().join("edited.xlsx");
    edit_zip(&x, &edited, "xl/worksheets/sheet2.xml", |s| {
        set_cell(s, &format!("F{part}"), &format!("<c r=\"F{part}\"><v>24</v></c>"))
    });
    // Not worked out again: the file's total (51) no longer adds up, and it says so.
    let err = refused(&db, &["import", edited.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "Phụ lục 1 theo đơn vị!F{total}: dòng Cộng ghi 51; các đơn vị trong tệp cộng lại 55"
        )),
        "{err}"
    );
    let out = d.path().join("saved");
    std::fs::create_dir(&out).unwrap();
    let p = profile(Recalc::Always);
    let saved = convert_with(p.path(), &[edited], "xlsx:Calc Office Open XML", &out).remove(0);
    let said = ok(&db, &["import", saved.to_str().unwrap()]);
    assert!(said.contains("1 khác"), "{said}");
    assert!(said.contains("Tổng số HTX — Huyện Ba Bể"), "{said}");
    assert_eq!(
        staged(&db),
        vec![("htx.total".into(), "ba-be".into(), "plan2020".into(), Some("24".into()))]
    );
}

#[test]
fn the_province_s_own_row_on_a_by_unit_sheet_is_checked_not_read() {
    let (d, db) = seeded();
    let (x, _, own, _) = by_unit_book(&db, d.path());
    let edited = d.path().join("own.xlsx");
    edit_zip(&x, &edited, "xl/worksheets/sheet2.xml", |s| {
        set_cell(s, &format!("F{own}"), &format!("<c r=\"F{own}\"><v>205</v></c>"))
    });
    let err = refused(&db, &["import", edited.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "Phụ lục 1 theo đơn vị!F{own}: dòng “Số nhập của Tỉnh Bắc Kạn” ghi 205; số đang có là 201 — số của chính đơn vị được sửa ở trang phụ lục"
        )),
        "{err}"
    );
    // The same change on the appendix sheet too: consistent, read once.
    let r = row_with(&x, "Phụ lục 1", &[(code_col(&x, "Phụ lục 1"), "htx.total")]);
    let both = d.path().join("both.xlsx");
    edit_zip(&edited, &both, "xl/worksheets/sheet1.xml", |s| {
        set_cell(s, &format!("G{r}"), &format!("<c r=\"G{r}\"><v>205</v></c>"))
    });
    let said = ok(&db, &["import", both.to_str().unwrap(), "--dry-run"]);
    assert!(said.contains("1 khác") && said.contains("205"), "{said}");
}

#[test]
fn a_by_unit_sheet_that_does_not_say_whose_figures_it_holds_is_refused() {
    let (d, db) = seeded();
    let x = d.path().join("theirs.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Phụ lục 1 theo đơn vị").unwrap();
    ws.write_string(0, 0, "Phụ lục 1 — tổng hợp theo đơn vị cấp dưới")
        .unwrap();
    for (c, t) in ["STT", "Chỉ tiêu / Đơn vị", "Kế hoạch năm 2020"].iter().enumerate() {
        ws.write_string(2, c as u16, *t).unwrap();
    }
    ws.write_string(3, 1, "Huyện Ba Bể").unwrap();
    ws.write_number(3, 2, 24.0).unwrap();
    wb.save(&x).unwrap();
    let err = refused(&db, &["import", x.to_str().unwrap()]);
    assert!(
        err.contains("Phụ lục 1 theo đơn vị dòng 3: trang tổng hợp theo đơn vị thiếu cột “Mã chỉ tiêu (kttt)”"),
        "{err}"
    );
}
