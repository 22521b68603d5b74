//! Workbooks from the app: `E` writes the plan to a named file and says where; `I` stages
//! a file as a new scenario and opens the comparison; a file with problems is refused whole
//! and its problems are listed, nothing written.

mod common;

use common::{dec, tmp};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::values::{CellKey, Values};
use kttt::tui::app::{App, Mode};
use kttt::tui::theme::Theme;

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Every audit row of the database.
fn audits(p: &std::path::Path) -> i64 {
    rusqlite::Connection::open(p)
        .unwrap()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

fn flash(app: &App) -> String {
    app.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
}

fn total_plan(app: &App) -> CellKey {
    CellKey::new(
        app.session.catalog().find("htx.total").unwrap(),
        app.session.org(),
        Period::parse("KH2020").unwrap(),
        FundingId::TOTAL,
    )
}

#[test]
fn e_writes_the_workbook_where_the_user_says_and_keeps_an_existing_file() {
    let (d, p) = tmp();
    let mut app = App::new(common::session(&p), Theme { mono: false });
    press(&mut app, KeyCode::Char('E'));
    let Mode::NameInput(n) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(n.field.text(), "kttt-bac-kan-2020.xlsx", "a suggested name");
    let out = d.path().join("ke-hoach.xlsx");
    typ(&mut app, out.to_str().unwrap()); // replaces the selected suggestion
    press(&mut app, KeyCode::Enter);
    assert!(out.exists());
    let said = flash(&app);
    assert!(said.starts_with("Đã ghi ") && said.contains("ke-hoach.xlsx"), "{said}");
    assert_eq!(app.mode, Mode::Browse);
    // The same name again: refused, the field stays open for another name.
    press(&mut app, KeyCode::Char('E'));
    typ(&mut app, out.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(flash(&app).contains("đã có"), "{}", flash(&app));
    assert!(matches!(app.mode, Mode::NameInput(_)));
}

#[test]
fn i_stages_a_file_as_a_scenario_and_shows_what_it_changes() {
    let (d, p) = tmp();
    let mut app = App::new(common::session(&p), Theme { mono: false });
    // A CSV of Phụ lục 1 with the 2020 plan for cooperatives raised from 201 to 210.
    let csv = d.path().join("so-lieu.csv");
    let s = common::session(&p);
    kttt::exchange::export::write(
        &s,
        &csv,
        kttt::exchange::export::What {
            kind: kttt::exchange::export::Kind::Csv { bom: true },
            by_unit: false,
            only: None,
        },
        false,
        &kttt::files::Files::local(None),
    )
    .unwrap();
    let p1 = d.path().join("so-lieu-phu-luc-1.csv");
    let text = std::fs::read_to_string(&p1).unwrap();
    let edited = text.replace(
        "Tổng số hợp tác xã,HTX,160,172,176,201,",
        "Tổng số hợp tác xã,HTX,160,172,176,210,",
    );
    assert_ne!(text, edited);
    std::fs::write(&p1, edited).unwrap();
    let before = audits(&p);
    press(&mut app, KeyCode::Char('I'));
    typ(&mut app, p1.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Compare(_)), "{:?} {}", app.mode, flash(&app));
    assert_eq!(
        app.session.scenario().map(|s| s.name.as_str()),
        Some("Nhập so-lieu-phu-luc-1")
    );
    let k = total_plan(&app);
    assert_eq!(app.session.values().value(&k), Some(dec("210")));
    assert_eq!(app.session.official().value(&k), Some(dec("201")), "not official yet");
    assert!(flash(&app).contains("1 thay đổi"), "{}", flash(&app));
    // Apply all from the comparison: official, audited.
    press(&mut app, KeyCode::Char('A'));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.session.official().value(&k), Some(dec("210")));
    assert!(audits(&p) > before);
}

#[test]
fn a_file_with_problems_is_listed_and_nothing_is_written() {
    let (d, p) = tmp();
    let mut app = App::new(common::session(&p), Theme { mono: false });
    let csv = d.path().join("x.csv");
    let s = common::session(&p);
    kttt::exchange::export::write(
        &s,
        &csv,
        kttt::exchange::export::What {
            kind: kttt::exchange::export::Kind::Csv { bom: true },
            by_unit: false,
            only: None,
        },
        false,
        &kttt::files::Files::local(None),
    )
    .unwrap();
    let p1 = d.path().join("x-phu-luc-1.csv");
    let text = std::fs::read_to_string(&p1).unwrap();
    std::fs::write(&p1, text.replace(",172,176,201,", ",172,nhiều,201,")).unwrap();
    let before = audits(&p);
    press(&mut app, KeyCode::Char('I'));
    typ(&mut app, p1.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    let Mode::Problems(panel) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(panel.title.contains("1 vấn đề"), "{}", panel.title);
    assert!(
        panel.lines[0].contains("!F") && panel.lines[0].contains("“nhiều”"),
        "{:?}",
        panel.lines
    );
    assert_eq!(audits(&p), before);
    assert!(app.session.scenario().is_none());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Browse);
    // A path that is not there keeps the field open with the reason.
    press(&mut app, KeyCode::Char('I'));
    typ(&mut app, "khong-co.xlsx");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::NameInput(_)));
    assert!(flash(&app).contains("khong-co.xlsx"), "{}", flash(&app));
}

#[test]
fn over_ssh_e_says_the_command_that_streams_the_workbook_and_writes_only_in_the_officials_folder() {
    let (d, p) = tmp();
    let mut app = App::new(common::session(&p), Theme { mono: false });
    // An official acting under --as on a server with no folder for officials' files.
    app.files = kttt::files::Files::confined(
        kttt::files::Confined {
            user: "lan".into(),
            export_dir: None,
        },
        Some(&p),
    );
    press(&mut app, KeyCode::Char('E'));
    assert_eq!(app.mode, Mode::Browse, "nothing to type: there is nowhere to write");
    let said = flash(&app);
    assert!(
        said.contains("kttt --unit bac-kan export --year 2020 --out - > kttt-bac-kan-2020.xlsx"),
        "{said}"
    );
    assert!(said.starts_with("Trên máy chủ dùng chung"), "{said}");
    press(&mut app, KeyCode::Char('I'));
    assert!(flash(&app).contains("import - < so-lieu.xlsx"), "{}", flash(&app));
    // With a folder of their own: a bare name is written there, and the message says how to
    // fetch it; a path is refused and nothing is written.
    let exports = d.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    app.files = kttt::files::Files::confined(
        kttt::files::Confined {
            user: "lan".into(),
            export_dir: Some(exports.clone()),
        },
        Some(&p),
    );
    press(&mut app, KeyCode::Char('E'));
    typ(&mut app, "ke-hoach.xlsx");
    press(&mut app, KeyCode::Enter);
    assert!(exports.join("lan/ke-hoach.xlsx").is_file());
    assert!(flash(&app).contains("--out -"), "{}", flash(&app));
    press(&mut app, KeyCode::Char('E'));
    let db = p.to_str().unwrap().to_string();
    typ(&mut app, &db);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::NameInput(_)), "refused; the field stays open");
    assert!(flash(&app).contains("chỉ ghi tên tệp"), "{}", flash(&app));
    assert!(kttt::files::guard::is_sqlite(&p), "the database is untouched");
    assert!(common::count(&p, "SELECT count(*) FROM value") > 300);
}

#[test]
fn the_app_never_writes_over_its_own_database() {
    let (_d, p) = tmp();
    let mut app = App::new(common::session(&p), Theme { mono: false });
    let before = std::fs::metadata(&p).unwrap().len();
    press(&mut app, KeyCode::Char('E'));
    typ(&mut app, p.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(flash(&app).contains("cơ sở dữ liệu"), "{}", flash(&app));
    assert_eq!(std::fs::metadata(&p).unwrap().len(), before);
}
