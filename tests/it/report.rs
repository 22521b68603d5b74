//! `kttt report`: the assessment and appendices of the seed's plan as Markdown (insta
//! snapshots in both languages) and as a Word document (headings, merged header cells,
//! Phụ lục 3's column numbering, figures; read back from its XML and through LibreOffice),
//! with the published figures in their published phrasing and every headline item the plan
//! holds; an existing file is refused without `--force`; the appendix's “-” is said as none,
//! a blank never reported as missing, neither as zero; the sectors' shares say what they add
//! up to; a roll-up says how many units below reported.

use crate::common;

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
    common::seeded()
}

/// Asserts that the report says each of these.
fn says_all(text: &str, said: &[&str]) {
    for s in said {
        assert!(text.contains(s), "{s}\n{text}");
    }
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
    // Phụ lục 3 prints “-” for the other sources: none.
    assert!(md.contains("tổng số 16 HTX (CTMTQG XD Nông thôn mới: 16 HTX; Nguồn vốn khác: không có)"));
    // The union's estimate is “-” in the seed: none, said, not printed as 0.
    assert!(
        md.contains("Tổng số liên hiệp HTX trên địa bàn tỉnh: ước thực hiện năm 2019 không có (kế hoạch 1 LH HTX)")
    );
    // The closing list holds what `kttt check` finds.
    assert!(md.contains("Kiểm tra số liệu kế hoạch năm 2020: 1 lỗi, 21 cảnh báo, 8 lưu ý."));
    assert!(md.contains("- Cảnh báo: Phần thuyết minh ghi 74% nhưng 22 ÷ 30 = 73,3%"));
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

/// An entry of a zip file (a .docx part), read with the `zip` crate.
fn zip_entry(zip: &[u8], wanted: &str) -> Vec<u8> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip file");
    let mut f = z.by_name(wanted).unwrap_or_else(|e| panic!("{wanted}: {e}"));
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
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
    // Phụ lục 3's column numbering (1)…(12), and the percentage's (13)=(10)/(7), as a third
    // header row, repeated on each page with the other two.
    let numbering = xml.find(">(1)<").expect("the numbering row");
    assert!(numbering > xml.find("Phụ lục 3").unwrap(), "in Phụ lục 3");
    for n in [
        "(4)=\u{200b}(5)+(6)",
        "(7)=\u{200b}(8)+(9)",
        "(10)=\u{200b}(11)+(12)",
        ">(12)<",
        "(13)=\u{200b}(10)/(7)",
    ] {
        assert!(xml[numbering..].contains(n), "{n}");
    }
    assert_eq!(xml.matches("<w:tblHeader />").count(), 2 + 2 + 3);
    assert_eq!(
        xml.matches(">(1)<").count(),
        1,
        "only Phụ lục 3 has its columns numbered"
    );
    // The sentences of the headline items and the text's policy results.
    for t in [
        "704/530 người kế hoạch, ước đạt 132,8%",
        "44/8 THT kế hoạch, ước đạt 550,0%",
        "tổng số dư nợ 9.500 triệu đồng",
    ] {
        assert!(xml.contains(t), "{t}");
    }
    // A4: portrait for the assessment, landscape for the appendices.
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"));
    assert!(xml.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\" />"));
}

#[test]
fn the_word_document_as_libreoffice_lays_it_out() {
    let (d, db) = seeded();
    let out = d.path().join("bao-cao.docx");
    ok(kttt(&db).arg("report").arg("--out").arg(&out));
    let pdf = common::office::convert(std::slice::from_ref(&out), "pdf", d.path()).remove(0);
    let text = |first: usize, last: usize| {
        let o = std::process::Command::new("pdftotext")
            .args(["-layout", "-f", &first.to_string(), "-l", &last.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs: apt-get install poppler-utils (./test does)");
        assert!(o.status.success());
        String::from_utf8(o.stdout).unwrap()
    };
    // The pages of Phụ lục 3: from its heading to the end. Each starts with the header and
    // the numbering row under it.
    let pages = text(1, 99).matches('\u{c}').count();
    let first = (1..=pages)
        .find(|p| text(*p, *p).trim_start().starts_with("Phụ lục 3"))
        .expect("a page of Phụ lục 3");
    assert!(pages > first, "Phụ lục 3 runs onto a second page ({pages} pages)");
    for p in first..=pages {
        let page = text(p, p);
        let (head, numbers) = (page.find("ĐVT").unwrap(), page.find("(11)").unwrap());
        assert!(head < numbers, "page {p}: the header, then the numbering:\n{page}");
        for n in ["(1)", "(2)", "(3)", "(5)", "(6)", "(8)", "(9)", "(12)"] {
            assert!(page.contains(n), "page {p}: {n}\n{page}");
        }
    }
    // Drawn as an image too (what a reader sees), the first page of Phụ lục 3.
    let png = d.path().join("phu-luc-3");
    let o = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "50",
            "-singlefile",
            "-f",
            &first.to_string(),
            "-l",
            &first.to_string(),
        ])
        .arg(&pdf)
        .arg(&png)
        .output()
        .expect("pdftoppm (poppler-utils) runs");
    assert!(o.status.success());
    let bytes = std::fs::read(png.with_extension("png")).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);
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
    // A blank typed by a user is not the appendix's “-”: an empty cell, not none.
    assert!(
        md.contains("| 1 | Tổng số tổ hợp tác | THT | 66 | 80 |  | 150 |  |  |"),
        "{md}"
    );
}

#[test]
fn the_appendix_dash_is_none_and_an_empty_cell_is_not_reported() {
    let (d, db) = seeded();
    let md = report(d.path(), &db, "bao-cao.md", &[]);
    says_all(
        &md,
        &[
            // Phụ lục 2 prints “-” for credit cooperatives in 2019 and 0 in the 2020 plan.
            "- Hợp tác xã tín dụng: ước thực hiện năm 2019 không có; kế hoạch năm 2020: 0 HTX, chiếm 0,0%.",
            // The unions' sectors: nothing printed for 2019 (not reported), “-” for 2020 (none).
            "- Ước thực hiện năm 2019 chưa có số liệu, kế hoạch năm 2020 không có: LH hợp tác xã công nghiệp - tiểu thủ công nghiệp; ",
            "- LH hợp tác xã nông - lâm - ngư - diêm nghiệp: ước thực hiện năm 2019 chưa có số liệu; kế hoạch năm 2020: 1 LHHTX, chiếm 100,0%.",
            // The tables as published: “-” where it is printed, empty where nothing is.
            "|  | \u{a0}\u{a0}LH hợp tác xã xây dựng | LHHTX |  |  |  | - |  |  |",
            "| 1 | Tổng số liên hiệp hợp tác xã | LH HTX |  | 1 | - | 1 |  |  |",
            "_“-” là không có, như phụ lục đã công bố ghi; ô để trống là chưa có số liệu._",
            // A total the text gives without a funding split says so rather than listing blanks.
            "Giao đất, cho thuê đất: tổng diện tích được giao, cho thuê: ước thực hiện năm 2019 tổng số 25 ha (chưa chia theo nguồn vốn)",
            // Zero stays zero.
            "Nguồn vốn khác: 0 triệu đồng",
        ],
    );
    let en = report(d.path(), &db, "report.md", &["--lang", "en"]);
    assert!(
        en.contains("Total unions of cooperatives in the province: none for the 2019 estimate (plan: 1 union)"),
        "{en}"
    );
}

#[test]
fn the_written_plan_holds_every_headline_item() {
    let (d, db) = seeded();
    let md = report(d.path(), &db, "bao-cao.md", &[]);
    says_all(
        &md,
        &[
            // Managers and their training.
            "- Tổng số cán bộ quản lý HTX: 704/530 người kế hoạch, ước đạt 132,8%; kế hoạch năm 2020: 804 người",
            "đạt trình độ sơ, trung cấp: 60/76 người kế hoạch, ước đạt 78,9%",
            "đạt trình độ cao đẳng, đại học trở lên: 25/43 người kế hoạch, ước đạt 58,1%",
            // New groups and groups converted, from the plan's text.
            "- THT thành lập mới (theo phần thuyết minh): 44/8 THT kế hoạch, ước đạt 550,0%; kế hoạch năm 2020: 43 THT",
            "- THT chuyển thành HTX (theo phần thuyết minh): ước đạt 3 THT",
            // The text's 2019 policy results.
            "Kết quả năm 2019 theo phần thuyết minh (Phần thứ nhất, mục II.2):",
            "- Chính sách đào tạo, bồi dưỡng nguồn nhân lực: số lượt cán bộ, thành viên hợp tác xã tham gia bồi dưỡng 350 lượt người; tổng kinh phí hỗ trợ 320 triệu đồng.",
            "- Thí điểm đưa cán bộ trẻ tốt nghiệp đại học, cao đẳng về làm việc có thời hạn tại HTX: số hợp tác xã được hỗ trợ 45 HTX; tổng kinh phí hỗ trợ 1.300 triệu đồng.",
            "- Chính sách xúc tiến thương mại, mở rộng thị trường: số hợp tác xã được hỗ trợ 30 HTX; tổng kinh phí hỗ trợ 820 triệu đồng.",
            "- Chính sách tiếp cận vốn và quỹ hỗ trợ phát triển hợp tác xã: số hợp tác xã được vay vốn 50 HTX; tổng số dư nợ 9.500 triệu đồng.",
            "- Chính sách thành lập mới hợp tác xã, liên hiệp hợp tác xã: số hợp tác xã được hỗ trợ 30 HTX; tổng kinh phí hỗ trợ 125 triệu đồng.",
            "- Chính sách hỗ trợ chế biến sản phẩm: số hợp tác xã được hỗ trợ 8 HTX; tổng kinh phí hỗ trợ 1.580 triệu đồng.",
            "- Giao đất, cho thuê đất: số hợp tác xã được giao đất, cho thuê đất: ước thực hiện năm 2019 tổng số 5 HTX (chưa chia theo nguồn vốn)",
            "tổng diện tích được giao, cho thuê: ước thực hiện năm 2019 tổng số 25 ha",
            "- Hỗ trợ đầu tư phát triển kết cấu hạ tầng: tổng kinh phí hỗ trợ: ước thực hiện năm 2019 tổng số 18.670 triệu đồng",
        ],
    );
    let en = report(d.path(), &db, "report.md", &["--lang", "en"]);
    says_all(
        &en,
        &[
            "Total cooperative managers: 704/530 persons planned, an estimated 132.8% of plan",
            "New groups (from the plan's text): 44/8 groups planned, an estimated 550.0% of plan",
            "- Training and human resources: managers and members trained 350 trainees; total support funds 320 VND m.",
        ],
    );
}

#[test]
fn the_sectors_shares_say_what_they_add_up_to() {
    let (d, db) = seeded();
    let md = report(d.path(), &db, "bao-cao.md", &[]);
    // 2019: the sectors add up to 175 of 176; 2020: 201 of 201, the shares to 100,1% by rounding.
    assert!(
        md.contains(
            "Cộng các tỷ lệ: ước thực hiện năm 2019 được 99,5%, vì các ngành cộng lại 175 HTX, bằng 99,4% tổng số 176 HTX \
             (phần chênh còn lại do làm tròn); kế hoạch năm 2020 được 100,1% do làm tròn, vì mỗi tỷ lệ được làm tròn riêng."
        ),
        "{md}"
    );
    // Each share stays as a clerk works it out: 155 ÷ 201 = 77,1%.
    assert!(md.contains("kế hoạch năm 2020: 155 HTX, chiếm 77,1%."));
    // With 2019's sectors adding up, only rounding is left; the unions' single sector says
    // nothing.
    ok(kttt(&db).args(["set", "sector.htx.other", "UTH2019", "4"]));
    let md = report(d.path(), &db, "sua.md", &[]);
    assert!(
        md.contains(
            "Cộng các tỷ lệ: ước thực hiện năm 2019 được 100,1% do làm tròn, vì mỗi tỷ lệ được làm tròn riêng; \
             kế hoạch năm 2020 được 100,1% do làm tròn, vì mỗi tỷ lệ được làm tròn riêng."
        ),
        "{md}"
    );
    assert_eq!(md.matches("Cộng các tỷ lệ").count(), 1, "{md}");
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
    // Only some districts reported: `~`, and how many, under the table.
    assert!(md.contains("| 1 | Tổng số hợp tác xã | HTX | 160 | 172 | 50~ | 201 | 29,1% | 402,0% |"));
    assert!(
        md.contains("_~ số cộng từ các đơn vị cấp dưới đã báo cáo (2/8 huyện báo cáo), vì đơn vị này chưa nhập._"),
        "{md}"
    );
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
