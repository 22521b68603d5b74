//! Hostile workbooks through the real binary, as an attacker on a shared server would hand
//! them to an official: kttt's own export with one far value cell (`XFD1048576`,
//! `ZZ100000`), a claimed dimension of the whole sheet, a zip bomb, 200.000 rows, far cells
//! in `.ods` and `.xls`. Each is refused with the sheet and cell (or the limit) named, exit
//! code 2, nothing written, within 5 s and 200 MB of the child's peak memory (measured by
//! `wait4`, not by sampling); the harmless ones are read. And the app, handed such a file,
//! says so and goes on.

#![cfg(unix)]

use crate::common;

use common::backend::{Backend, TestDb};
use common::biff;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The most a refusal may take, wall time.
const TIME: Duration = Duration::from_secs(5);
/// The most memory the refusing process may hold at its peak (200 MB), in kilobytes.
const RSS_KB: i64 = 200 * 1024;

/// How a run of the binary ended and what it cost.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    wall: Duration,
    /// Peak resident memory of the child, in kilobytes (`ru_maxrss`).
    rss_kb: i64,
}

/// Runs a command to its end, its peak memory taken from `wait4`. A child's peak counts
/// the memory of the process it was started from (Linux keeps the high-water mark across
/// `exec`), so the command is started by a small fresh process, [`measure_probe`], and the
/// figures are that process's `wait4` of it.
fn measured(cmd: &mut Command) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let argv: Vec<String> = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_str().unwrap().to_string())
        .collect();
    let mut probe = Command::new(std::env::current_exe().unwrap());
    probe
        .args([
            "--ignored",
            "--exact",
            "hostile_files::measure_probe",
            "--quiet",
            "--test-threads=1",
        ])
        .env("KTTT_PROBE_DIR", dir.path())
        .env("KTTT_PROBE_ARGS", argv.join("\u{1f}"))
        .stdout(Stdio::null());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => probe.env(k, v),
            None => probe.env_remove(k),
        };
    }
    if let Some(d) = cmd.get_current_dir() {
        probe.current_dir(d);
    }
    let done = probe.status().unwrap();
    assert!(done.success(), "the probe failed: {done:?}");
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let usage = read("usage");
    let f: Vec<&str> = usage.split_whitespace().collect();
    Run {
        code: f[0].parse().ok(),
        stdout: read("out"),
        stderr: read("err"),
        wall: Duration::from_nanos(f[2].parse().unwrap()),
        rss_kb: f[1].parse().unwrap(),
    }
}

/// Not a check of its own: started by [`measured`], it runs the command it is given and
/// writes how it ended, its peak memory and its wall time.
#[test]
#[ignore = "run by measured()"]
fn measure_probe() {
    let Some(dir) = std::env::var_os("KTTT_PROBE_DIR").map(PathBuf::from) else {
        return;
    };
    let args = std::env::var("KTTT_PROBE_ARGS").unwrap();
    let argv: Vec<&str> = args.split('\u{1f}').collect();
    let start = Instant::now();
    #[expect(clippy::zombie_processes, reason = "reaped by wait4 below, for its usage")]
    let child = Command::new(argv[0])
        .args(&argv[1..])
        .env_remove("KTTT_PROBE_DIR")
        .env_remove("KTTT_PROBE_ARGS")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(dir.join("out")).unwrap())
        .stderr(std::fs::File::create(dir.join("err")).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, filled by wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child without blocking; both pointers are valid.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert_eq!(r, 0, "wait4: {}", std::io::Error::last_os_error());
        if start.elapsed() > Duration::from_secs(120) {
            // SAFETY: a signal to our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let wall = start.elapsed();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let line = format!("{code} {} {}", usage.ru_maxrss, wall.as_nanos());
    std::fs::write(dir.join("usage"), line).unwrap();
}

/// A database with the embedded plan, as `kttt init` makes it, on either store.
fn seeded(b: Backend) -> TestDb {
    TestDb::seeded(b)
}

/// kttt's own workbook of the seed.
fn export(t: &TestDb) -> PathBuf {
    let out = t.file("ours.xlsx");
    let o = t.kttt().args(["export", "--out"]).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// What an import could have written: audit rows and scenarios.
fn footprint(t: &TestDb) -> (i64, i64) {
    (
        t.count("SELECT count(*) FROM audit"),
        t.count("SELECT count(*) FROM scenario"),
    )
}

/// A copy of a workbook with Phụ lục 1's sheet XML edited and, for a bomb, one more entry
/// of `zeros` bytes.
fn rezip(src: &Path, dst: &Path, edit: impl FnOnce(String) -> String, zeros: u64) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut edit = Some(edit);
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            data = (edit.take().unwrap())(String::from_utf8(data).unwrap()).into_bytes();
        }
        zout.start_file(name, opts).unwrap();
        zout.write_all(&data).unwrap();
    }
    if zeros > 0 {
        // The entry's compressed bytes, copied as they are (deflating a gigabyte took seconds
        // of each test that wanted one).
        let mut bomb = zip::ZipArchive::new(std::io::Cursor::new(zeros_entry(zeros))).unwrap();
        zout.raw_copy_file(bomb.by_index_raw(0).unwrap()).unwrap();
    }
    zout.finish().unwrap();
}

/// A zip archive of one deflated entry, `xl/media/image1.bin`: `zeros` zero bytes. Made once
/// for the test process.
fn zeros_entry(zeros: u64) -> &'static [u8] {
    static MADE: std::sync::OnceLock<(u64, Vec<u8>)> = std::sync::OnceLock::new();
    let (size, bytes) = MADE.get_or_init(|| {
        let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(zeros >= u64::from(u32::MAX));
        zout.start_file("xl/media/image1.bin", opts).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..zeros >> 20 {
            zout.write_all(&chunk).unwrap();
        }
        (zeros, zout.finish().unwrap().into_inner())
    });
    assert_eq!(*size, zeros, "one size of zero entry a process");
    bytes
}

/// kttt's own workbook with `rows` (sheet XML) appended to Phụ lục 1, as `name`.
fn with_rows(t: &TestDb, name: &str, rows: &str) -> PathBuf {
    let out = t.file(name);
    rezip(
        &export(t),
        &out,
        |x| x.replace("</sheetData>", &format!("{rows}</sheetData>")),
        0,
    );
    out
}

/// Imports `file` and expects it refused with every one of `said` in the message, exit
/// code 2, nothing written, within the time and memory allowed.
fn refused(t: &TestDb, file: &Path, said: &[&str]) -> Run {
    let before = footprint(t);
    let run = measured(t.kttt().arg("import").arg(file));
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    for s in said {
        assert!(run.stderr.contains(s), "{s:?} in {}", run.stderr);
    }
    assert!(run.stderr.contains("Chưa ghi gì"), "{}", run.stderr);
    within_bounds(&run);
    assert_eq!(footprint(t), before, "nothing was written");
    run
}

fn within_bounds(run: &Run) {
    assert!(run.wall < TIME, "took {:?}", run.wall);
    assert!(run.rss_kb <= RSS_KB, "peak memory {} KB", run.rss_kb);
    eprintln!("{:?}, {} KB", run.wall, run.rss_kb);
}

fn a_value_cell_at_xfd1048576_is_refused_by_sheet_and_cell(b: Backend) {
    let t = seeded(b);
    let bad = with_rows(
        &t,
        "far.xlsx",
        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    assert!(std::fs::metadata(&bad).unwrap().len() < 40_000);
    refused(
        &t,
        &bad,
        &[
            "trang tính “Phụ lục 1”, ô XFD1048576",
            "ngoài khổ một phụ lục (tối đa 10.000 dòng × 200 cột)",
        ],
    );
}

fn a_value_cell_at_zz100000_is_refused_by_sheet_and_cell(b: Backend) {
    let t = seeded(b);
    let bad = with_rows(
        &t,
        "zz.xlsx",
        r#"<row r="100000"><c r="ZZ100000" t="inlineStr"><is><t>x</t></is></c></row>"#,
    );
    refused(&t, &bad, &["trang tính “Phụ lục 1”, ô ZZ100000"]);
}

fn a_claimed_dimension_of_the_whole_sheet_costs_nothing(b: Backend) {
    let t = seeded(b);
    let claimed = t.file("claimed.xlsx");
    rezip(
        &export(&t),
        &claimed,
        |x| {
            let at = x.find("<dimension ").unwrap();
            let end = at + x[at..].find("/>").unwrap() + 2;
            format!(r#"{}<dimension ref="A1:XFD1048576"/>{}"#, &x[..at], &x[end..])
        },
        0,
    );
    let before = footprint(&t);
    let run = measured(t.kttt().arg("import").arg(&claimed));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("0 khác"), "{}", run.stdout);
    within_bounds(&run);
    assert_eq!(footprint(&t), before);
}

fn a_zip_bomb_is_refused_by_what_it_really_inflates_to(b: Backend) {
    let t = seeded(b);
    let bomb = t.file("bomb.xlsx");
    rezip(&export(&t), &bomb, |x| x, 1 << 30);
    let size = std::fs::metadata(&bomb).unwrap().len();
    assert!(size < 2 << 20, "a 1 GB entry in {size} bytes");
    refused(&t, &bomb, &["xl/media/image1.bin", "quá 64 MB", "bom zip"]);
}

/// `n` rows after Phụ lục 1's last (row 52), each with a name no indicator has.
fn unmatched(n: u32) -> String {
    (53..53 + n)
        .map(|r| format!(r#"<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>Không có {r}</t></is></c></row>"#))
        .collect()
}

fn two_hundred_thousand_rows_are_refused_at_the_first_row_past_the_limit(b: Backend) {
    let t = seeded(b);
    let bad = with_rows(&t, "rows.xlsx", &unmatched(200_000));
    let run = refused(&t, &bad, &["trang tính “Phụ lục 1”, ô B10001"]);
    assert_eq!(run.stderr.lines().count(), 1, "one line, not 200.001: {}", run.stderr);
    // The same as CSV: the sheet is named by the file.
    let csv = t.file("rows.csv");
    let mut text = String::from("STT,Chỉ tiêu,Đơn vị tính\n");
    for r in 0..200_000 {
        text.push_str(&format!(",Không có {r},\n"));
    }
    std::fs::write(&csv, text).unwrap();
    refused(&t, &csv, &["trang tính “rows”, ô B10001"]);
}

fn many_unmatched_rows_are_listed_fifty_then_counted(b: Backend) {
    let t = seeded(b);
    let bad = with_rows(&t, "unmatched.xlsx", &unmatched(1500));
    let before = footprint(&t);
    for (lang, more, total) in [
        ("vi", "… và 1.450 dòng khác", "1.500 vấn đề"),
        ("en", "… and 1,450 more lines", "1,500 problem(s)"),
    ] {
        let run = measured(t.kttt().env("KTTT_LANG", lang).arg("import").arg(&bad));
        assert_eq!(run.code, Some(2));
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 52, "{}", run.stderr);
        assert!(lines[0].starts_with("Phụ lục 1!B53:"), "{}", lines[0]);
        assert!(lines[49].starts_with("Phụ lục 1!B102:"), "{}", lines[49]);
        assert_eq!(lines[50], more);
        assert!(lines[51].contains(total), "{}", lines[51]);
    }
    assert_eq!(footprint(&t), before);
}

/// A minimal spreadsheet with one sheet whose `rows` are given as `content.xml` rows.
fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Phụ lục 1"><table:table-row><table:table-cell office:value-type="string"><text:p>STT</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="176"><text:p>176</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16382"/></table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    z.start_file("META-INF/manifest.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

/// LibreOffice's repeats of empty cells to the sheet's end.
const EMPTY_TO_THE_END: &str = r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;

fn a_far_cell_in_an_ods_is_refused_before_it_is_laid_out(b: Backend) {
    let t = seeded(b);
    let far = t.file("far.ods");
    let value = r#"<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    std::fs::write(&far, ods(&format!("{EMPTY_TO_THE_END}{value}"))).unwrap();
    refused(
        &t,
        &far,
        &["trang tính “Phụ lục 1”, ô XFD1048576", "10.000 dòng × 200 cột"],
    );
    // A value repeated down a million rows is as far.
    let repeated = t.file("repeated.ods");
    let rows = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
    std::fs::write(&repeated, ods(rows)).unwrap();
    refused(&t, &repeated, &["trang tính “Phụ lục 1”, ô A10001"]);
}

#[test]
fn empty_repeats_to_the_end_of_an_ods_cost_nothing() {
    let sheets = kttt::exchange::read::read_bytes("ods", "x", ods(EMPTY_TO_THE_END)).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!((sheets[0].height(), sheets[0].width()), (1, 2));
    assert_eq!(
        (sheets[0].text(0, 0), sheets[0].text(0, 1)),
        ("STT".into(), "176".into())
    );
}

fn a_far_cell_in_an_xls_is_refused_before_calamine_opens_it(b: Backend) {
    let t = seeded(b);
    let far = t.file("far.xls");
    let cells = [biff::text(0, 0, 0), biff::number(65_535, 255, 1.0)];
    std::fs::write(&far, biff::workbook("Phụ lục 1", &["STT"], &cells)).unwrap();
    refused(
        &t,
        &far,
        &["trang tính “Phụ lục 1”, ô IV65536", "10.000 dòng × 200 cột"],
    );
}

fn an_xls_claiming_the_whole_sheet_with_a_styled_blank_far_away_is_read(b: Backend) {
    let t = seeded(b);
    let cells = [
        biff::dimensions((0, 65_536), (0, 256)),
        biff::text(0, 0, 0),
        biff::number(1, 1, 176.0),
        biff::blank(65_535, 255),
    ];
    let bytes = biff::workbook("Bảng lương", &["Họ tên"], &cells);
    let sheets = kttt::exchange::read::read_bytes("xls", "x", bytes.clone()).unwrap();
    assert_eq!((sheets[0].height(), sheets[0].width()), (2, 2));
    assert_eq!(
        (sheets[0].text(0, 0), sheets[0].text(1, 1)),
        ("Họ tên".into(), "176".into())
    );
    // Through the binary: read (it is no appendix), within the bounds, nothing written.
    let file = t.file("styled.xls");
    std::fs::write(&file, bytes).unwrap();
    let run = refused(&t, &file, &["Bảng lương: không phải trang phụ lục"]);
    assert!(!run.stderr.contains("ngoài khổ"), "{}", run.stderr);
}

on_both!(
    a_value_cell_at_xfd1048576_is_refused_by_sheet_and_cell,
    a_value_cell_at_zz100000_is_refused_by_sheet_and_cell,
    a_claimed_dimension_of_the_whole_sheet_costs_nothing,
    a_zip_bomb_is_refused_by_what_it_really_inflates_to,
    two_hundred_thousand_rows_are_refused_at_the_first_row_past_the_limit,
    many_unmatched_rows_are_listed_fifty_then_counted,
    a_far_cell_in_an_ods_is_refused_before_it_is_laid_out,
    a_far_cell_in_an_xls_is_refused_before_calamine_opens_it,
    an_xls_claiming_the_whole_sheet_with_a_styled_blank_far_away_is_read
);

#[test]
fn the_app_says_a_hostile_file_is_refused_and_goes_on() {
    let t = seeded(Backend::Sqlite);
    let far = with_rows(
        &t,
        "far.xlsx",
        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    let before = footprint(&t);
    let bin = Path::new(env!("CARGO_BIN_EXE_kttt"));
    let mut app = common::tty::Tty::spawn_sized(bin, Path::new(&t.db), &[], (24, 200), &[]);
    app.wait_for("1 Tổng quan");
    app.send("I");
    app.wait_for("xlsx");
    app.typ(far.to_str().unwrap());
    app.typ("\r");
    app.wait_for("ô XFD1048576: ngoài khổ một phụ lục");
    // Still running, still answering keys: the field closes, a tab opens.
    app.send("\u{1b}");
    app.settle();
    app.typ("\t");
    app.wait_for("Tổng số hợp tác xã");
    app.send("q");
    let status = app.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(app.restored(), "alternate screen left and cursor shown");
    assert_eq!(footprint(&t), before);
}

/// kttt's own workbook re-saved by LibreOffice (its styles, its long runs of empty repeated
/// cells) imports with no difference as `.ods`, `.xls` and `.xlsx`. Without LibreOffice this
/// fails, naming the package (`.ci/run` installs it).
#[test]
fn exports_re_saved_by_libreoffice_import_unchanged() {
    let t = seeded(Backend::Sqlite);
    let ours = export(&t);
    let convert = |file: &Path, to: &str, dir: &str| {
        std::fs::create_dir_all(t.file(dir)).unwrap();
        common::office::convert(&[file.to_path_buf()], to, &t.file(dir));
    };
    convert(&ours, "ods", "lo");
    convert(&ours, "xls", "lo");
    convert(&t.file("lo/ours.ods"), "xlsx:Calc MS Excel 2007 XML", "lo/again");
    for f in ["lo/ours.ods", "lo/ours.xls", "lo/again/ours.xlsx"] {
        let run = measured(t.kttt().args(["import", "--dry-run"]).arg(t.file(f)));
        assert_eq!(run.code, Some(0), "{f}: {}", run.stderr);
        assert!(
            run.stdout.contains("411 số liệu, 411 như hiện có, 0 khác"),
            "{f}: {}",
            run.stdout
        );
        within_bounds(&run);
    }
}
