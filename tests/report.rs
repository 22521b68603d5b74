//! `kttt report`: the assessment and appendices of the seed's plan as Markdown (insta
//! snapshots in both languages) and as a Word document (headings, merged header cells,
//! figures), with the published figures in their published phrasing; an existing file is
//! refused without `--force`; a blank figure is said to be missing, never zero; a roll-up
//! says how many units below reported.

mod common;

use assert_cmd::Command;
use std::path::Path;

fn kttt(db: &Path) -> Command {
    let mut c = Command::cargo_bin("kttt").unwrap();
    c.env("KTTT_DB", db).env("KTTT_LANG", "vi").env_remove("COLUMNS");
    c
}

fn ok(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// A seeded database and its folder.
fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, db) = common::tmp();
    ok(kttt(&db).args(["init", "--db"]).arg(&db));
    (d, db)
}

/// Writes the report to `name` in the database's folder and reads it back.
fn report(dir: &Path, db: &Path, name: &str, args: &[&str]) -> String {
    let out = dir.join(name);
    let said = ok(kttt(db).args(args).arg("report").arg("--out").arg(&out));
    assert!(said.contains(&out.display().to_string()), "{said}");
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn the_seed_as_markdown_in_vietnamese() {
    let (d, db) = seeded();
    let md = report(d.path(), &db, "bao-cao.md", &[]);
    // The published figures in the published phrasing.
    assert!(
        md.contains("Tổng số HTX trên địa bàn tỉnh ước đến hết năm 2019 có 176/172 HTX kế hoạch, đạt 102,3%"),
        "{md}"
    );
    assert!(
        md.contains("Tổng số THT: ước đến hết năm 2019 trên địa bàn tỉnh có 107 THT, đạt 133,8% kế hoạch (80 THT)"),
        "{md}"
    );
    assert!(md.contains("kế hoạch năm 2020: 201 HTX, bằng 114,2% so với ước thực hiện năm 2019"));
    assert!(md.contains("có 133 HTX, chiếm 75,6% tổng số HTX, đạt 93,7% kế hoạch (142 HTX)"));
    assert!(md.contains("tổng số 16 HTX (CTMTQG XD Nông thôn mới: 16 HTX; Nguồn vốn khác: chưa có số liệu)"));
    // The union's estimate is blank in the seed: said, not printed as 0.
    assert!(md.contains(
        "Tổng số liên hiệp HTX trên địa bàn tỉnh: ước thực hiện năm 2019 chưa có số liệu (kế hoạch 1 LH HTX)"
    ));
    // The closing list holds what `kttt check` finds.
    assert!(md.contains("Kiểm tra số liệu kế hoạch năm 2020: 1 lỗi, 16 cảnh báo, 8 lưu ý."));
    assert!(md.contains("- Lỗi: Tổng các ngành 175 ≠ Tổng số HTX 176 (ước thực hiện 2019)"));
    // The tables agree with `kttt show`.
    assert!(md.contains("| 1 | Tổng số hợp tác xã | HTX | 160 | 172 | 176 | 201 | 102,3% | 114,2% |"));
    assert!(md.contains(
        "| 3.1 | Số hợp tác xã được vay tổ chức tín dụng | HTX | 15 | 15 | - | 16 | 16 | - | 20 | 20 | - | 125,0% |"
    ));
    insta::assert_snapshot!("vi_md", md);
}

#[test]
fn the_seed_as_markdown_in_english() {
    let (d, db) = seeded();
    let md = report(d.path(), &db, "report.md", &["--lang", "en"]);
    assert!(
        md.contains("an estimated 176/172 coops planned by the end of 2019, 102.3% of plan"),
        "{md}"
    );
    assert!(
        md.contains("an estimated 107 groups in the province by the end of 2019, 133.8% of plan"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | Total cooperative members | persons | 1,270 | 1,520 | 1,599 | 1,809 | 105.2% | 113.1% |")
    );
    insta::assert_snapshot!("en_md", md);
}

/// The stored (uncompressed) entries of a zip file, by name, read from its central directory.
fn zip_entry(zip: &[u8], wanted: &str) -> Vec<u8> {
    let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
    let end = (0..=zip.len() - 22)
        .rev()
        .find(|i| zip[*i..*i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("end of central directory");
    let (entries, mut at) = (u16_at(end + 10), u32_at(end + 16));
    for _ in 0..entries {
        assert_eq!(zip[at..at + 4], [0x50, 0x4b, 0x01, 0x02], "central directory entry");
        let (method, size) = (u16_at(at + 10), u32_at(at + 20));
        let (n, extra, comment) = (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
        let local = u32_at(at + 42);
        let name = String::from_utf8_lossy(&zip[at + 46..at + 46 + n]).to_string();
        if name == wanted {
            assert_eq!(method, 0, "docx-rs stores its parts uncompressed");
            let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            return zip[data..data + size].to_vec();
        }
        at += 46 + n + extra + comment;
    }
    panic!("{wanted} is not in the file");
}

#[test]
fn the_seed_as_a_word_document() {
    let (d, db) = seeded();
    let out = d.path().join("bao-cao.docx");
    ok(kttt(&db).arg("report").arg("--out").arg(&out));
    let bytes = std::fs::read(&out).unwrap();
    // Word's own reader takes it, with the three appendix tables.
    let doc = docx_rs::read_docx(&bytes).expect("a readable .docx");
    let tables = doc
        .document
        .children
        .iter()
        .filter(|c| matches!(c, docx_rs::DocumentChild::Table(_)))
        .count();
    assert_eq!(tables, 3);
    let xml = String::from_utf8(zip_entry(&bytes, "word/document.xml")).unwrap();
    let styles = String::from_utf8(zip_entry(&bytes, "word/styles.xml")).unwrap();
    // Real headings, styles defined in the document.
    for s in ["Heading1", "Heading2", "Heading3"] {
        assert!(styles.contains(&format!("w:styleId=\"{s}\"")), "{s} in {styles}");
        assert!(xml.contains(&format!("<w:pStyle w:val=\"{s}\" />")), "{s} used");
    }
    for heading in [
        "Phần thứ nhất",
        "I. TÌNH HÌNH KINH TẾ TẬP THỂ",
        "Phụ lục 1",
        "Phụ lục 3",
    ] {
        assert!(xml.contains(heading), "{heading}");
    }
    // The published two-row header: "Năm 2019" over plan and estimate, each period of
    // Phụ lục 3 over its three funding columns, STT and ĐVT spanning both rows.
    assert!(xml.contains("<w:gridSpan w:val=\"2\" />"));
    assert!(xml.contains("<w:gridSpan w:val=\"3\" />"));
    assert!(xml.contains("<w:vMerge w:val=\"restart\" />"));
    assert!(xml.contains("<w:vMerge w:val=\"continue\" />"));
    assert!(xml.contains("<w:tblHeader />"), "the header repeats on each page");
    for t in [
        "Năm 2019",
        "Ước thực hiện cả năm",
        "CTMTQG XD Nông thôn mới",
        "Nguồn vốn khác",
        "STT",
        "ĐVT",
    ] {
        assert!(xml.contains(t), "{t}");
    }
    // The figures, the Vietnamese way, in the sentences and the tables.
    for t in [
        "176/172 HTX kế hoạch, đạt 102,3%",
        "107 THT, đạt 133,8% kế hoạch",
        ">1.599<",
        ">102,3%<",
        ">18.670*<",
    ] {
        assert!(xml.contains(t), "{t}");
    }
    // A4: portrait for the assessment, landscape for the appendices.
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"));
    assert!(xml.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\" />"));
}

#[test]
fn an_existing_file_is_kept_without_force() {
    let (d, db) = seeded();
    let out = d.path().join("bao-cao.md");
    std::fs::write(&out, "bản cũ").unwrap();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    let o = kttt(&db).arg("report").arg("--out").arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8(o.stderr).unwrap();
    assert!(e.contains("đã có; chưa ghi gì. Thêm --force để ghi đè"), "{e}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "bản cũ");
    assert_eq!(listing(), before, "no temporary file left behind");
    let o = kttt(&db)
        .args(["--lang", "en", "report", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("already exists; nothing was written")
    );
    // With --force it is replaced, and still nothing else is left in the folder.
    ok(kttt(&db).arg("report").arg("--force").arg("--out").arg(&out));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("**ỦY BAN NHÂN DÂN**")
    );
    assert_eq!(listing(), before);
    // A name that is neither .docx nor .md is refused before anything is written.
    let o = kttt(&db)
        .arg("report")
        .arg("--out")
        .arg(d.path().join("bao-cao.txt"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains(".docx (Word) hoặc .md (Markdown)")
    );
    assert_eq!(listing(), before);
}

#[test]
fn a_blank_figure_is_missing_not_zero() {
    let (d, db) = seeded();
    ok(kttt(&db).args(["set", "tht.total", "UTH2019", "-"]));
    let md = report(d.path(), &db, "bao-cao.md", &[]);
    let line = md
        .lines()
        .find(|l| l.starts_with("- Tổng số THT"))
        .expect("the groups' sentence");
    assert_eq!(
        line,
        "- Tổng số THT trên địa bàn tỉnh: ước thực hiện năm 2019 chưa có số liệu (kế hoạch 80 THT); \
         kế hoạch năm 2020: 150 THT."
    );
    assert!(
        md.contains("| 1 | Tổng số tổ hợp tác | THT | 66 | 80 | - | 150 |  |  |"),
        "{md}"
    );
}

#[test]
fn a_roll_up_says_how_many_units_reported() {
    let (d, db) = seeded();
    ok(kttt(&db).args(["--unit", "ba-be", "set", "htx.total", "UTH2019", "20"]));
    ok(kttt(&db).args(["--unit", "cho-don", "set", "htx.total", "UTH2019", "30"]));
    // The province's own estimate blanked: its figure is now the districts' roll-up.
    ok(kttt(&db).args(["set", "htx.total", "UTH2019", "-"]));
    let md = report(d.path(), &db, "bao-cao.md", &[]);
    assert!(
        md.contains("Phụ lục 1: 2/8 huyện báo cáo (0 đủ số liệu); Phụ lục 2: 0/8 huyện báo cáo"),
        "{md}"
    );
    assert!(
        md.contains("ước đến hết năm 2019 có 50/172 HTX kế hoạch, đạt 29,1% (số tổng hợp: 2/8 huyện báo cáo)"),
        "{md}"
    );
    assert!(md.contains("| 1 | Tổng số hợp tác xã | HTX | 160 | 172 | 50+ | 201 | 29,1% | 402,0% |"));
    assert!(md.contains("+ số cộng từ các đơn vị cấp dưới"));
    // A district on its own has no parts: no coverage line.
    let md = report(d.path(), &db, "ba-be.md", &["--unit", "ba-be"]);
    assert!(!md.contains("báo cáo ("), "{md}");
    assert!(
        md.contains(
            "- Tổng số HTX trên địa bàn huyện: ước đạt 20 HTX (kế hoạch năm 2019 chưa có số liệu); \
             kế hoạch năm 2020 chưa có số liệu.\n- Chưa có số liệu: Số hợp tác xã đang hoạt động; "
        ),
        "{md}"
    );
}
