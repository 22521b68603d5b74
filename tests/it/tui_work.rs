//! Long work in the app (issue 27): writing and reading workbooks run off the input thread;
//! the screen shows their progress on a line over the footer, keys go on working (moving,
//! tabs, the help), and `Esc` stops the work, leaving nothing half-done — no file written,
//! nothing staged.

use crate::common;

use common::backend::{Backend, TestDb};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kttt::i18n::Lang;
use kttt::tui::app::job::{Done, Job, Work};
use kttt::tui::app::{App, Mode};
use kttt::tui::theme::Theme;
use kttt::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(app: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| views::draw(f, app)).unwrap();
    t.backend().to_string()
}

/// Work that says it has written 3 of 7 steps, then waits until it is told to stop (it
/// then ends as stopped work does) or `release` is set (it then ends with no file).
fn held_work(release: Arc<AtomicBool>) -> Work {
    Box::new(move |watch| {
        if !watch(3, 7) {
            return Err(kttt::error::Error::stopped());
        }
        loop {
            if !watch(3, 7) {
                return Err(kttt::error::Error::stopped());
            }
            if release.load(Ordering::Relaxed) {
                return Ok(Done::Exported(Vec::new()));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    })
}

/// A new app running [`held_work`] ("Đang ghi" `target`), once the work has said its 3 of
/// 7; the flag that lets the work end.
fn app_holding_work(target: &str) -> (App, Arc<AtomicBool>) {
    let mut app = App::new(common::mem_session(), Theme { mono: false });
    let release = Arc::new(AtomicBool::new(false));
    let job = Job::spawn(
        ("Đang ghi".to_string(), target.to_string()),
        ("ô", "cells"),
        held_work(release.clone()),
    );
    app.start_job(job, None);
    let started = Instant::now();
    while app.job().unwrap().shown(Lang::Vi).done != 3 {
        assert!(started.elapsed() < Duration::from_secs(10), "the work never reported");
        std::thread::sleep(Duration::from_millis(5));
    }
    (app, release)
}

#[test]
fn keys_work_while_long_work_runs_and_esc_stops_it() {
    let (mut app, _release) = app_holding_work("ke-hoach.xlsx");
    // A second piece of long work waits for the first.
    press(&mut app, KeyCode::Char('E'));
    typ_enter(&mut app);
    assert!(app.flash.as_ref().unwrap().text.contains("Đang có việc chạy nền"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Browse);
    // Work handed to the app while other work runs is told to stop at once.
    let second_stopped = Arc::new(AtomicBool::new(false));
    let flag = second_stopped.clone();
    let second: Work = Box::new(move |watch| {
        let started = Instant::now();
        while watch(0, 1) {
            if started.elapsed() > Duration::from_secs(10) {
                return Ok(Done::Exported(Vec::new()));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        flag.store(true, Ordering::Relaxed);
        Err(kttt::error::Error::stopped())
    });
    app.start_job(
        Job::spawn(("Đang ghi".into(), "khac.xlsx".into()), ("ô", "cells"), second),
        None,
    );
    let started = Instant::now();
    while !second_stopped.load(Ordering::Relaxed) {
        assert!(started.elapsed() < Duration::from_secs(10), "the second work ran on");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        app.job().unwrap().shown(Lang::Vi).label.1,
        "ke-hoach.xlsx",
        "the first goes on"
    );
    // Browsing goes on: tabs, moving, the by-unit view and the help page (whose Esc closes
    // them, not the work).
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.tab, 1);
    let row = app.cursors[0].row;
    press(&mut app, KeyCode::Down);
    assert!(app.cursors[0].row > row, "moved down");
    // In the by-unit view Esc closes the view first; the work goes on.
    press(&mut app, KeyCode::Char('t'));
    assert!(app.by_unit.is_some());
    press(&mut app, KeyCode::Esc);
    assert!(app.by_unit.is_none());
    assert!(!app.job().unwrap().shown(Lang::Vi).stopping);
    press(&mut app, KeyCode::Char('?'));
    assert!(matches!(app.mode, Mode::Help(_)));
    assert!(
        kttt::tui::keys::help_lines(Lang::Vi)
            .iter()
            .any(|(k, d)| k == "Esc" && d.starts_with("Dừng việc đang chạy nền")),
        "the help lists the key, from the bindings table"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Browse);
    assert!(!app.job().unwrap().shown(Lang::Vi).stopping, "Esc closed the help only");
    assert!(app.poll_job(), "still running");
    // Esc while browsing stops it; it ends at its next step and says nothing was written.
    press(&mut app, KeyCode::Esc);
    assert!(app.job().unwrap().shown(Lang::Vi).stopping);
    app.finish_job();
    assert!(app.job().is_none());
    assert_eq!(app.flash.as_ref().unwrap().text, "Đã dừng (Esc): không ghi gì.");
    assert!(!screen(&mut app).contains("Đang ghi"), "the line is gone");
}

/// `E`, then Enter on the suggested name: here, refused at once (work is running), the
/// field kept open.
fn typ_enter(app: &mut App) {
    assert!(matches!(app.mode, Mode::NameInput(_)));
    press(app, KeyCode::Enter);
}

#[test]
fn the_progress_line_at_80x24() {
    let (mut app, release) = app_holding_work("/srv/kttt/files/lan/kttt-bac-kan-2020.xlsx");
    press(&mut app, KeyCode::Tab);
    let shown = screen(&mut app);
    // The seconds taken move on; the snapshot holds them at 0.
    let line = shown.lines().find(|l| l.contains("Đang ghi")).unwrap().to_string();
    let held = line.replacen(&seconds(&line), " 0 s ·", 1);
    insta::assert_snapshot!("progress_line_vi_80x24", shown.replace(&line, &held));
    release.store(true, Ordering::Relaxed);
    app.finish_job();
    assert!(app.job().is_none());
}

/// The " N s ·" of a progress line.
fn seconds(line: &str) -> String {
    let at = line.find(" s ·").unwrap();
    let start = line[..at].rfind(' ').unwrap();
    line[start..at + " s ·".len()].to_string()
}

/// The real binary in a terminal, each step of long work made slow
/// (`KTTT_TEST_WORK_MS`), on the seed plan.
fn slow_app(t: &TestDb) -> common::tty::Tty {
    let bin = Path::new(env!("CARGO_BIN_EXE_kttt"));
    let mut app = common::tty::Tty::spawn_sized(bin, Path::new(&t.db), &[], (24, 80), &[("KTTT_TEST_WORK_MS", "800")]);
    app.wait_for("1 Tổng quan");
    app
}

/// `E` writes the plan off the input thread, its progress on screen; Tab still changes
/// tabs; `Esc` stops it and no file is left.
#[test]
fn the_app_shows_the_progress_of_an_export_and_esc_stops_it() {
    let t = TestDb::seeded(Backend::Sqlite);
    let mut app = slow_app(&t);
    app.send("E");
    app.wait_for("kttt-bac-kan-2020.xlsx");
    let out = t.file("ke-hoach.xlsx");
    app.typ(out.to_str().unwrap());
    app.typ("\r");
    app.wait_for("Đang ghi ");
    app.wait_for(" ô · ");
    assert!(app.screen().contains("Esc dừng"), "{}", app.screen());
    // Keys still work: the next tab opens while the work runs.
    app.send("\t");
    app.wait_for("Tổng số hợp tác xã");
    assert!(app.screen().contains("Đang ghi "), "{}", app.screen());
    app.send("\u{1b}");
    app.wait_for("Đã dừng (Esc): không ghi gì.");
    assert!(!out.exists());
    let left: Vec<String> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    app.send("q");
    let status = app.wait_exit();
    assert!(status.success(), "{status:?}");
}

/// `I` reads a workbook off the input thread, its progress on screen, and `Esc` stops it
/// before anything is staged.
#[test]
fn the_app_shows_the_progress_of_an_import_and_esc_stops_it() {
    let t = TestDb::seeded(Backend::Sqlite);
    let file = t.export_by_unit("so-lieu.xlsx");
    let before = t.staged();
    let mut app = slow_app(&t);
    app.send("I");
    app.wait_for("kttt-bac-kan-2020.xlsx");
    app.typ(file.to_str().unwrap());
    app.typ("\r");
    app.wait_for("Đang đọc ");
    app.wait_for(" bước · ");
    app.send("\u{1b}");
    app.wait_for("Đã dừng (Esc): không ghi gì.");
    app.send("q");
    let status = app.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_eq!(t.staged(), before, "nothing staged");
}
