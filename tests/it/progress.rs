//! Long work on the command line (issue 27): a bar on standard error only when it is a
//! terminal; Ctrl+C (SIGINT) stops the work and leaves nothing half-written — no file, no
//! temporary file beside it, the database untouched — with exit code 130. A debug build
//! told `KTTT_TEST_WORK_MS` waits at each step, so a test can stop the work half-way.

use crate::common;

use common::backend::{Backend, TestDb};
use kttt::i18n::Lang;
use kttt::session::OpenOptions;
use std::path::Path;
use std::time::Duration;

/// The names in a folder, the database's own files left out.
fn left_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with("k.sqlite3"))
        .collect();
    names.sort();
    names
}

/// Runs kttt on `t` with its output piped (not a terminal), each step of its long work
/// slowed to 300 ms; sends SIGINT after `after`; its exit code and standard error.
fn interrupted(t: &TestDb, args: &[&str], after: Duration) -> (Option<i32>, String) {
    let child = t
        .kttt()
        .args(["--lang", "en"])
        .args(args)
        .env("KTTT_TEST_WORK_MS", "300")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    // SAFETY: signals a child of this test that has not been waited for.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let o = child.wait_with_output().unwrap();
    (o.status.code(), String::from_utf8_lossy(&o.stderr).to_string())
}

/// Ctrl+C half-way through an export by unit leaves no workbook and no temporary file;
/// standard error is not a terminal, so it holds the one message and no bar.
#[test]
fn ctrl_c_during_a_long_export_leaves_no_file_and_draws_no_bar() {
    let t = TestDb::seeded(Backend::Sqlite);
    let (code, err) = interrupted(
        &t,
        &["export", "--by-unit", "--out", "ke-hoach.xlsx"],
        Duration::from_millis(1500),
    );
    assert_eq!(code, Some(130), "{err}");
    assert_eq!(err, "kttt: Stopped (Ctrl+C): nothing was written.\n");
    assert_eq!(left_in(t.dir.path()), Vec::<String>::new());
    // Not stopped, the same export is written whole, and still says nothing on stderr.
    let o = t
        .kttt()
        .args(["--lang", "en", "export", "--by-unit", "--out", "ke-hoach.xlsx"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "",
        "no bar when stderr is not a terminal"
    );
    assert_eq!(left_in(t.dir.path()), ["ke-hoach.xlsx"]);
}

/// Ctrl+C while a workbook is read for import stages nothing: no scenario, no audit row.
#[test]
fn ctrl_c_during_an_import_stages_nothing() {
    let t = TestDb::seeded(Backend::Sqlite);
    let file = t.export_by_unit("so-lieu.xlsx");
    let before = t.staged();
    let (code, err) = interrupted(&t, &["import", file.to_str().unwrap()], Duration::from_millis(1500));
    assert_eq!(code, Some(130), "{err}");
    assert_eq!(err, "kttt: Stopped (Ctrl+C): nothing was written.\n");
    assert_eq!(t.staged(), before);
    assert_eq!(left_in(t.dir.path()), ["so-lieu.xlsx"]);
}

/// At a terminal, `export` draws a bar on standard error with the cells written of all
/// and the time left; Ctrl+C typed there stops it, takes the bar off and leaves no file.
#[test]
fn export_at_a_terminal_shows_its_bar_and_stops_on_ctrl_c() {
    let t = TestDb::seeded(Backend::Sqlite);
    let out = t.file("ke-hoach.xlsx");
    let kttt = Path::new(env!("CARGO_BIN_EXE_kttt"));
    let mut tty = common::tty::Tty::spawn_sized(
        kttt,
        Path::new(&t.db),
        &["--lang", "en", "export", "--by-unit", "--out", out.to_str().unwrap()],
        (24, 100),
        &[("KTTT_TEST_WORK_MS", "300")],
    );
    tty.wait_for(" cells · left ");
    let shown = tty.screen();
    let bar = shown.lines().find(|l| l.contains(" cells · left ")).unwrap();
    // "█████░░░ 4,096/12,345 cells · left 3s": done of all, both counted.
    let counts = bar.split_whitespace().find(|w| w.contains('/')).unwrap();
    let (done, all) = counts.split_once('/').unwrap();
    let n = |s: &str| s.replace(',', "").parse::<u64>().unwrap();
    assert!(n(done) < n(all), "{bar}");
    tty.send("\x03");
    let status = tty.wait_exit();
    assert_eq!(status.exit_code(), 130, "{}", tty.screen());
    assert!(
        tty.screen().contains("Stopped (Ctrl+C): nothing was written."),
        "{}",
        tty.screen()
    );
    // The bar took itself off the screen, the echoed ^C with it.
    assert!(!tty.screen().contains(" cells · left "), "{}", tty.screen());
    assert_eq!(left_in(t.dir.path()), Vec::<String>::new());
}

/// A unit list whose import is stopped (Ctrl+C in `kttt units import`) writes nothing:
/// its one transaction is rolled back; imported again, it is written.
fn a_stopped_unit_import_writes_nothing(b: Backend) {
    let t = TestDb::seeded(b);
    let list = kttt::session::UnitsFile::parse(
        "# scheme: 2025\n# valid_from: 2027-01-01\nlevel,gso,name,parent_gso\nprovince,99,Tỉnh Thử Nghiệm,\n",
    )
    .unwrap();
    let footprint = || {
        (
            t.count("SELECT count(*) FROM org_unit"),
            t.count("SELECT count(*) FROM audit"),
            t.count("SELECT count(*) FROM batch"),
        )
    };
    let before = footprint();
    let mut s = t.session();
    let mut told = Vec::new();
    let e = s
        .db_mut()
        .import_units(&list, &mut |done, total| {
            told.push((done, total));
            false
        })
        .unwrap_err();
    assert!(e.is_stopped(), "{e:?}");
    assert_eq!(e.message(Lang::En), "Stopped (Ctrl+C): nothing was written.");
    assert!(!told.is_empty(), "the watch was asked");
    assert_eq!(footprint(), before, "rolled back");
    let r = s.db_mut().import_units(&list, &mut kttt::work::unwatched).unwrap();
    assert_eq!(r.added, 1);
    assert_eq!(footprint().0, before.0 + 1);
}

on_both!(a_stopped_unit_import_writes_nothing);

/// `kttt backup` stopped (its watch says no, as Ctrl+C makes it) leaves no copy and no
/// temporary file; not stopped, the copy is whole.
#[test]
fn a_stopped_backup_leaves_no_copy() {
    let t = TestDb::seeded(Backend::Sqlite);
    let db = kttt::session::Db::open(&OpenOptions::new(t.choice(), Lang::En)).unwrap();
    let to = t.file("copy.sqlite3");
    let e = db.backup(&to, &|_, _| false).unwrap_err();
    assert!(e.is_stopped());
    assert_eq!(left_in(t.dir.path()), Vec::<String>::new());
    let seen = std::sync::Mutex::new(Vec::new());
    db.backup(&to, &|done, total| {
        seen.lock().unwrap().push((done, total));
        true
    })
    .unwrap();
    assert_eq!(left_in(t.dir.path()), ["copy.sqlite3"]);
    // Told the database's size as the total.
    let size = std::fs::metadata(&t.db).unwrap().len();
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .all(|(d, all)| *all > 0 && d <= all && *all <= size)
    );
}
