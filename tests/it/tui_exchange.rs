//! Workbooks from the app: `E` writes the plan to a named file and says where; `I` stages
//! a file as a new scenario and opens the comparison; a file with problems is refused whole
//! and its problems are listed, nothing written.

use crate::common;

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

/// Phụ lục 1 of the database at `db`, written as CSV named after `stem` in `dir`, and its
/// text.
fn appendix_csv(dir: &std::path::Path, db: &std::path::Path, stem: &str) -> (std::path::PathBuf, String) {
    let s = common::session(db);
    let what = kttt::exchange::export::What {
        kind: kttt::exchange::export::Kind::Csv { bom: true },
        by_unit: false,
        only: Some(0),
    };
    let files = kttt::files::Files::local(None);
    kttt::exchange::export::write(
        &s.plan_view(what.view()),
        &dir.join(format!("{stem}.csv")),
        what,
        false,
        &files,
    )
    .unwrap();
    let p1 = dir.join(format!("{stem}-phu-luc-1.csv"));
    let text = std::fs::read_to_string(&p1).unwrap();
    (p1, text)
}

/// `I`, the file's path, Enter.
fn import(app: &mut App, file: &std::path::Path) {
    press(app, KeyCode::Char('I'));
    typ(app, file.to_str().unwrap());
    press(app, KeyCode::Enter);
    // Read off the input thread: wait for it, and take what it read.
    app.finish_job();
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
    // Written off the input thread: the field is closed at once, the file comes when done.
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.job().is_some());
    app.finish_job();
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
    let (p1, text) = appendix_csv(d.path(), &p, "so-lieu");
    let edited = text.replace(
        "Tổng số hợp tác xã,HTX,160,172,176,201,",
        "Tổng số hợp tác xã,HTX,160,172,176,210,",
    );
    assert_ne!(text, edited);
    std::fs::write(&p1, edited).unwrap();
    let before = audits(&p);
    import(&mut app, &p1);
    assert!(matches!(app.mode, Mode::Compare(_)), "{:?} {}", app.mode, flash(&app));
    assert_eq!(
        app.session.scenario().map(|s| s.name.as_str()),
        Some("Nhập so-lieu-phu-luc-1.csv")
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
    let (p1, text) = appendix_csv(d.path(), &p, "x");
    std::fs::write(&p1, text.replace(",172,176,201,", ",172,nhiều,201,")).unwrap();
    let before = audits(&p);
    import(&mut app, &p1);
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
    app.finish_job();
    assert!(matches!(app.mode, Mode::NameInput(_)));
    assert!(flash(&app).contains("khong-co.xlsx"), "{}", flash(&app));
}

#[test]
fn a_file_with_many_problems_lists_fifty_and_counts_the_rest() {
    let (d, p) = tmp();
    let mut app = App::new(common::session(&p), Theme { mono: false });
    let (p1, mut text) = appendix_csv(d.path(), &p, "y");
    for r in 0..1500 {
        text.push_str(&format!(",Không có {r},HTX\n"));
    }
    std::fs::write(&p1, text).unwrap();
    let before = audits(&p);
    import(&mut app, &p1);
    let Mode::Problems(panel) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(panel.title.contains("1.500 vấn đề"), "{}", panel.title);
    assert_eq!(panel.lines.len(), 51);
    assert!(panel.lines[0].contains("“Không có 0” không khớp"), "{}", panel.lines[0]);
    assert_eq!(panel.lines[50], "… và 1.450 dòng khác");
    assert_eq!(audits(&p), before);
    // Still answering keys: the list scrolls and closes.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Browse);
}

#[test]
fn a_file_past_the_limits_keeps_the_field_open_with_the_reason() {
    let (d, p) = tmp();
    let mut app = App::new(common::session(&p), Theme { mono: false });
    let csv = d.path().join("far.csv");
    std::fs::write(&csv, format!("STT{}x\n", ",".repeat(300))).unwrap();
    import(&mut app, &csv);
    assert!(matches!(app.mode, Mode::NameInput(_)), "{:?}", app.mode);
    assert!(
        flash(&app).contains("trang tính “far”, ô KO1: ngoài khổ một phụ lục"),
        "{}",
        flash(&app)
    );
}

#[test]
fn a_doubtful_figure_in_a_file_is_asked_about_before_anything_is_staged() {
    let (d, p) = tmp();
    let mut app = App::new(common::session(&p), Theme { mono: false });
    // Income per worker of the 2020 plan (45,6) written 45.600 in a semicolon file: read
    // the Vietnamese way it is a thousand times the estimate; 45,6 reads right.
    let (p1, text) = appendix_csv(d.path(), &p, "thu-nhap");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let income = rec.iter().next_back() == Some("htx.income");
        let fields: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(i, f)| match kttt::domain::number::parse_canonical(f) {
                Some(_) if income && i == 6 => "45.600".to_string(),
                Some(v) if i > 0 => kttt::domain::number::format(&v, kttt::i18n::Lang::Vi),
                _ => f.to_string(),
            })
            .collect();
        w.write_record(&fields).unwrap();
    }
    std::fs::write(&p1, w.into_inner().unwrap()).unwrap();
    let before = audits(&p);
    import(&mut app, &p1);
    let Mode::Confirm(c) = &app.mode else {
        panic!("{:?} {}", app.mode, flash(&app))
    };
    assert!(
        c.question.contains("45.600 gấp 1.055,6 lần ƯTH 2019 (43,2)") && c.question.contains("Có phải 45,6"),
        "{}",
        c.question
    );
    // No: nothing staged.
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(audits(&p), before);
    assert!(app.session.scenario().is_none());
    // Yes: staged as read, in a scenario.
    import(&mut app, &p1);
    press(&mut app, KeyCode::Char('c'));
    app.finish_job();
    assert!(matches!(app.mode, Mode::Compare(_)), "{:?} {}", app.mode, flash(&app));
    let k = CellKey {
        indicator: app.session.catalog().find("htx.income").unwrap(),
        ..total_plan(&app)
    };
    assert_eq!(app.session.values().value(&k), Some(dec("45600")));
    assert!(flash(&app).contains("Đọc số viết kiểu Việt Nam"), "{}", flash(&app));
}
