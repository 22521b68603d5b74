//! The real binary in a pseudo-terminal, fed what hostile or unlucky terminals send: pastes
//! with and without brackets, a 100 KB burst, escape sequences split by a slow link or never
//! finished, control keys, a conflict question, a scenario applied by another process, and
//! an absurd window size.

#![cfg(unix)]

use crate::common;

use common::tty::Tty;
use std::time::{Duration, Instant};

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, p) = common::tmp();
    drop(common::open(&p));
    (d, p)
}

fn sets(p: &std::path::Path) -> i64 {
    common::audits(p, "set")
}

#[test]
fn pastes_with_and_without_brackets_never_write_or_run_commands() {
    let (_d, p) = db();
    let mut t = Tty::spawn(&p);
    t.wait_for("1 Tổng quan");
    t.typ("\t");
    t.wait_for("114,2%");
    // A copied table block, bracketed, while browsing.
    t.send("\u{1b}[200~160\t172\t176\t201\n2020\n2021\n\u{1b}[201~");
    t.wait_for("Chỉ dán được khi đang gõ vào một ô");
    // The same without brackets: a burst of keys.
    t.send("160\t172\t176\t201\n2020\n2021\n");
    t.wait_for("đến cùng một lúc");
    // A Vietnamese sentence, which would be `S`, a scenario name and Enter.
    t.send("Số liệu quý 1\r");
    t.wait_for("đến cùng một lúc");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(sets(&p), 0, "no figure was written");
    assert_eq!(
        common::count(&p, "SELECT count(*) FROM scenario"),
        0,
        "no scenario was created"
    );
    // Into a figure field a paste takes its first figure; Enter saves it.
    t.typ("\r");
    t.typ("\u{15}");
    t.send("\u{1b}[200~205\t172\n\u{1b}[201~");
    t.wait_for("bỏ qua: 172");
    assert_eq!(sets(&p), 0, "nothing saved before Enter");
    t.typ("\r");
    t.wait_for("201 → 205");
    t.typ("q");
    assert!(t.wait_exit().success());
    assert_eq!(common::stored(&p, "htx.total", "KH2020").as_deref(), Some("205"));
}

#[test]
fn a_100_kb_burst_is_read_at_once_and_q_quits_within_a_second() {
    let (_d, p) = db();
    let mut t = Tty::spawn(&p);
    t.wait_for("1 Tổng quan");
    let burst: String = "jhkl".repeat(25_600);
    t.send(&burst);
    t.wait_for("phím đến cùng một lúc");
    // Everything is written; a moment later it is all read.
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    t.typ("q");
    assert!(t.wait_exit().success());
    assert!(start.elapsed() < Duration::from_secs(1), "took {:?}", start.elapsed());
    assert_eq!(sets(&p), 0);
}

#[test]
fn an_unfinished_escape_sequence_does_not_swallow_the_keys_after_it() {
    for opener in ["\u{1b}[200~", "\u{1b}[<0;", "\u{1b}[1;"] {
        let (_d, p) = db();
        let mut t = Tty::spawn(&p);
        t.wait_for("1 Tổng quan");
        t.send(opener);
        std::thread::sleep(Duration::from_millis(600));
        t.send("\u{3}");
        let status = t.wait_exit();
        assert!(status.success(), "Ctrl+C after {opener:?}: {status:?}");
        assert!(t.restored());
    }
}

#[test]
fn a_function_key_split_by_a_slow_link_is_still_that_key() {
    let (_d, p) = db();
    let mut t = Tty::spawn(&p);
    t.wait_for("1 Tổng quan");
    // F3 as PuTTY sends it, its ESC arriving 50 ms before the rest.
    t.send("\u{1b}");
    std::thread::sleep(Duration::from_millis(50));
    t.send("[13~");
    t.wait_for("Tổng số tổ hợp tác");
    // The same split wider than the decoder waits: nothing changes the year or gets saved.
    t.send("\u{1b}");
    std::thread::sleep(Duration::from_millis(250));
    t.send("[12~");
    t.wait_for("Đã bỏ qua");
    std::thread::sleep(Duration::from_millis(300));
    t.typ("q");
    assert!(t.wait_exit().success());
    assert_eq!(sets(&p), 0);
}

#[test]
fn control_keys_repaint_cancel_and_never_stand_for_letters() {
    let (_d, p) = db();
    let mut t = Tty::spawn(&p);
    t.wait_for("1 Tổng quan");
    t.typ("\t");
    t.wait_for("114,2%");
    let before = t.raw.len();
    t.send("\u{c}");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !String::from_utf8_lossy(&t.raw[before..]).contains("\u{1b}[2J") && std::time::Instant::now() < deadline {
        t.pump(Duration::from_millis(100));
    }
    assert!(
        String::from_utf8_lossy(&t.raw[before..]).contains("\u{1b}[2J"),
        "Ctrl+L clears and repaints the whole screen"
    );
    // Ctrl+S is not `s` (the scenario list).
    t.send("\u{13}");
    std::thread::sleep(Duration::from_millis(300));
    t.pump(Duration::from_millis(100));
    assert!(!t.parser.screen().contents().contains("Phương án giả định"));
    // Ctrl+C while typing cancels the edit and keeps the app; a second one quits.
    t.typ("21");
    t.send("\u{3}");
    t.wait_for("Đã huỷ, không ghi gì");
    t.send("\u{3}");
    assert!(t.wait_exit().success());
    assert_eq!(sets(&p), 0);
}

#[test]
fn the_conflict_question_needs_an_explicit_answer() {
    let (_d, p) = db();
    let mut t = Tty::spawn(&p);
    t.wait_for("1 Tổng quan");
    t.typ("\t205");
    let mut other = common::open(&p);
    let k = common::key(&other, "htx.total", "KH2020");
    common::set(&mut other, k, Some(common::dec("199")), kttt::store::Expect::Anything).unwrap();
    t.typ("\r");
    t.wait_for("Người khác vừa sửa ô này thành 199");
    t.send("\u{1b}[B");
    t.typ("\t\r");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        common::stored(&p, "htx.total", "KH2020").as_deref(),
        Some("199"),
        "↓, Tab, Enter do not overwrite"
    );
    t.typ("1");
    t.wait_for("Đã giữ số của người khác: 199");
    t.typ("q");
    assert!(t.wait_exit().success());
    assert_eq!(common::stored(&p, "htx.total", "KH2020").as_deref(), Some("199"));
}

#[test]
fn a_scenario_applied_by_another_process_never_gets_figures_written_as_official() {
    let (_d, p) = db();
    let mut t = Tty::spawn(&p);
    t.wait_for("1 Tổng quan");
    t.typ("S");
    t.wait_for("Tạo phương án giả định");
    t.typ("PA1\r");
    t.wait_for("PHƯƠNG ÁN: PA1");
    t.typ("\t230\r");
    t.wait_for("Đã ghi vào phương án «PA1»");
    let applied = std::process::Command::new(env!("CARGO_BIN_EXE_kttt"))
        .args(["scenario", "apply", "PA1"])
        .env("KTTT_DB", &p)
        .output()
        .unwrap();
    assert!(applied.status.success());
    t.wait_for("ĐÃ ÁP DỤNG");
    t.wait_for("đã được áp dụng thành số chính thức");
    let sets_before = sets(&p);
    t.typ("k240\r");
    t.wait_for("Cần bạn chọn");
    assert_eq!(sets(&p), sets_before, "nothing written as official");
    assert_eq!(common::stored(&p, "htx.total", "KH2020").as_deref(), Some("230"));
    t.send("\u{1b}");
    std::thread::sleep(Duration::from_millis(200));
    t.send("\u{1b}");
    std::thread::sleep(Duration::from_millis(200));
    t.typ("q");
    assert!(t.wait_exit().success());
    assert_eq!(sets(&p), sets_before);
}

#[test]
fn an_absurd_window_size_is_capped_not_allocated() {
    let (_d, p) = db();
    let mut t = Tty::spawn_sized(
        std::path::Path::new(env!("CARGO_BIN_EXE_kttt")),
        &p,
        &[],
        (65535, 65535),
        &[],
    );
    t.wait_for("Tổng quan");
    t.typ("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(t.restored());
}

#[test]
fn a_missing_database_path_is_created_by_the_app_only_after_a_yes() {
    let (dir, _) = common::tmp();
    let typo = dir.path().join("k2.sqlite3");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_kttt"));
    let mut t = Tty::spawn_sized(bin, &typo, &[], (24, 80), &[]);
    t.wait_for("Chưa có cơ sở dữ liệu tại");
    t.typ("k\r");
    let status = t.wait_exit();
    assert!(!status.success());
    assert!(!typo.exists(), "nothing was created without a yes");
    let mut t = Tty::spawn_sized(bin, &typo, &[], (24, 80), &[]);
    t.wait_for("Chưa có cơ sở dữ liệu tại");
    t.typ("c\r");
    t.wait_for("1 Tổng quan");
    t.typ("q");
    assert!(t.wait_exit().success());
    assert_eq!(common::stored(&typo, "htx.total", "KH2020").as_deref(), Some("201"));
}

/// Unikey's "uw" while browsing sends `u`, Backspace, `ư`: the `u` undoes the last saved
/// figure, and its message stays on screen (the Backspace's own message comes after it)
/// until the next change.
#[test]
fn an_undo_from_an_input_methods_keys_stays_in_view() {
    let (_d, p) = db();
    let mut t = Tty::spawn(&p);
    t.wait_for("1 Tổng quan");
    t.typ("\t");
    t.wait_for("114,2%");
    t.typ("210\r");
    t.wait_for("201 → 210");
    t.typ("k");
    // The input method's three keys, as it sends them.
    t.typ("u\u{7f}ư");
    // However long a busy machine takes to draw it, then whatever follows it.
    t.wait_for("Đã hoàn tác");
    t.settle();
    let screen = t.screen();
    assert!(screen.contains("Đã hoàn tác"), "{screen}");
    assert_eq!(common::stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    // Moving about does not take it away; the next change does.
    t.typ("jk");
    t.settle();
    assert!(t.screen().contains("Đã hoàn tác"), "{}", t.screen());
    t.typ("205\r");
    t.wait_for("201 → 205");
    assert!(!t.screen().contains("Đã hoàn tác"), "{}", t.screen());
    t.typ("q");
    assert!(t.wait_exit().success());
}
