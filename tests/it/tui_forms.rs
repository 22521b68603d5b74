//! `F` in the app: a new form from the ministry's workbook — each doubtful match asked, the
//! changes shown row by row, the reason asked, then added (audited); Esc at any step adds
//! nothing.

use crate::common;

use common::tmp;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kttt::tui::app::{App, Mode};
use kttt::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn screen(app: &mut App) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| kttt::tui::views::draw(f, app)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn forms(p: &std::path::Path) -> i64 {
    rusqlite::Connection::open(p)
        .unwrap()
        .query_row("SELECT count(*) FROM form", [], |r| r.get(0))
        .unwrap()
}

/// A seeded database, the 2029 letter's workbook beside it, and the app over it.
fn seeded_with_workbook() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf, App) {
    let (dir, db) = tmp();
    drop(common::open(&db));
    let file = dir.path().join("phu-luc-2029.xlsx");
    std::fs::write(&file, crate::form_import::per_month_workbook()).unwrap();
    let app = App::new(common::session(&db), Theme { mono: true });
    (dir, db, file, app)
}

/// `F`, the workbook's path, Enter.
fn start(app: &mut App, file: &std::path::Path) {
    press(app, KeyCode::Char('F'));
    assert!(matches!(app.mode, Mode::NameInput(_)));
    typ(app, file.to_str().unwrap());
    press(app, KeyCode::Enter);
}

#[test]
fn the_app_asks_each_doubtful_match_shows_the_changes_and_adds_the_form_with_why() {
    let (_dir, db, file, mut app) = seeded_with_workbook();
    start(&mut app, &file);
    // The income row changed its unit: asked whether it is the same indicator.
    let Mode::Confirm(c) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(
        c.question.contains("(1/1)") && c.question.contains("htx.income"),
        "{}",
        c.question
    );
    let s = screen(&mut app);
    assert!(s.contains("Là cùng một chỉ tiêu?"), "{s}");
    press(&mut app, KeyCode::Char('c'));
    // The changes, row by row, before anything is added.
    let Mode::Problems(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(p.title, "Biểu mẫu mới bieu-mau-2029 (biểu mẫu của Bộ, từ năm 2029)");
    assert_eq!(p.lines[0], "hai-cap-2027 → bieu-mau-2029");
    assert!(
        p.lines.iter().any(|l| l.contains("← htx.income × 1/12")),
        "{:?}",
        p.lines
    );
    let s = screen(&mut app);
    assert!(s.contains("hai-cap-2027 → bieu-mau-2029"), "{s}");
    assert_eq!(forms(&db), 0, "nothing added yet");
    // Enter asks why; an empty reason is refused; then it is added.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::NameInput(_)));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::NameInput(_)));
    assert_eq!(forms(&db), 0);
    typ(&mut app, "Công văn 1234/BTC-PTDN");
    press(&mut app, KeyCode::Enter);
    let said = app.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(said.starts_with("Đã thêm biểu mẫu bieu-mau-2029"), "{said}");
    assert!(said.contains("áp dụng từ kế hoạch năm 2029; 1 chỉ tiêu mới"), "{said}");
    assert_eq!(forms(&db), 1);
    let why: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT why FROM form", [], |r| r.get(0))
        .unwrap();
    assert_eq!(why, "Công văn 1234/BTC-PTDN");
}

#[test]
fn esc_on_a_question_or_on_the_changes_adds_no_form() {
    let (dir, db, file, mut app) = seeded_with_workbook();
    start(&mut app, &file);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
    let said = app.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(said.contains("chưa thêm biểu mẫu nào"), "{said}");
    start(&mut app, &file);
    // A new row this time: the proposal says so.
    press(&mut app, KeyCode::Char('k'));
    let Mode::Problems(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(p.lines.iter().any(|l| l.starts_with("- htx.income")), "{:?}", p.lines);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(forms(&db), 0);
    // A file that is no form keeps the field open with the reason.
    let bad = dir.path().join("not-a-form.xlsx");
    std::fs::write(&bad, b"no workbook").unwrap();
    start(&mut app, &bad);
    assert!(matches!(app.mode, Mode::NameInput(_)));
    assert!(app.flash.as_ref().is_some_and(|f| f.error));
}

#[test]
fn a_unit_s_administrator_adds_its_office_s_own_rows_from_the_app() {
    use kttt::domain::access::Role;
    let t = common::backend::TestDb::seeded(common::backend::Backend::Sqlite);
    let mut owner = t.session();
    owner.db_mut().add_user("admin", "Quản trị").unwrap();
    owner.db_mut().add_user("bk", "Sở Tài chính Bắc Kạn").unwrap();
    let bk = owner.orgs().by_code("bac-kan").unwrap();
    owner.db_mut().grant("bk", bk, Role::Admin).unwrap();
    drop(owner);
    let file = t.file("bac-kan-2021.xlsx");
    std::fs::write(&file, crate::office_forms::office_workbook(0, 2021)).unwrap();
    let mut app = App::new(t.session_as(Some("bk"), Some("bac-kan")), Theme { mono: true });
    start(&mut app, &file);
    let Mode::Problems(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(
        p.title,
        "Biểu mẫu mới bac-kan-2021 (dòng riêng của bac-kan, từ năm 2021)"
    );
    assert!(
        p.lines
            .iter()
            .any(|l| l.starts_with("+ ") && l.contains("Số HTX nuôi ong lấy mật")),
        "{:?}",
        p.lines
    );
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Quyết định 7/QĐ-UBND");
    press(&mut app, KeyCode::Enter);
    let said = app.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(said.starts_with("Đã thêm biểu mẫu bac-kan-2021"), "{said}");
    assert_eq!(
        t.count("SELECT count(*) FROM form WHERE office = 'bac-kan' AND created_by = 'bk'"),
        1
    );
}
