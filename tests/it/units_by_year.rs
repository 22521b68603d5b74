//! Units by year (issue 23, points 1 and 2): a unit named on the command line or in the app is
//! one that existed in the plan year in question; a name two units of that year share is
//! refused listing both (command line) or asked (app); the 2019 tree is Bắc Kạn's 122 communes,
//! whose figures roll forward into the communes of 2020.

use crate::common;

use assert_cmd::Command;
use common::cmd::{kttt, ok};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kttt::i18n::Lang;
use kttt::session::{DbChoice, OpenOptions};
use kttt::tui::app::{App, Mode};
use kttt::tui::theme::Theme;
use std::path::Path;

/// The standard error of a refused command (exit 2).
fn refused(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr).unwrap()
}

/// A seeded database with the plans 2020 … `last`.
fn with_plans(last: i32) -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, db) = common::seeded();
    for _ in 2021..=last {
        ok(kttt(&db).args(["plan", "start"]));
    }
    (d, db)
}

fn state_of(db: &Path, unit: &str, year: i32) -> Option<String> {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT state FROM plan_state WHERE org_unit = ?1 AND year = ?2",
            rusqlite::params![unit, year],
            |r| r.get(0),
        )
        .ok()
}

#[test]
fn ba_be_is_the_district_in_2020_both_in_2025_and_the_commune_in_2026() {
    let (_d, db) = with_plans(2025);
    // 2025 is the latest plan: the district (until 30 June) and the commune (from 1 July).
    let e = refused(kttt(&db).args(["--unit", "Ba Bể", "plan", "submit"]));
    assert!(e.contains("“Ba Bể” là tên của 2 đơn vị trong năm 2025"), "{e}");
    assert!(e.contains("--unit ba-be (huyện, Huyện Ba Bể (đến 30/06/2025))"), "{e}");
    assert!(e.contains("(xã, Xã Ba Bể (từ 01/07/2025))"), "{e}");
    assert_eq!(state_of(&db, "ba-be", 2025), None);
    // The 2020 plan is the district's; its code chooses it in 2025 too.
    let out = ok(kttt(&db).args(["--unit", "Ba Bể", "plan", "submit", "--year", "2020"]));
    assert_eq!(out.trim(), "Kế hoạch 2020 Huyện Ba Bể: đã gửi.");
    assert!(state_of(&db, "ba-be", 2020).is_some());
    ok(kttt(&db).args(["--unit", "ba-be", "plan", "status"]));
    // The 2026 plan is the commune's; the district's code is refused with its dates.
    ok(kttt(&db).args(["plan", "start"]));
    let out = ok(kttt(&db).args(["--unit", "Ba Bể", "plan", "submit", "--year", "2026"]));
    assert_eq!(out.trim(), "Kế hoạch 2026 Xã Ba Bể: đã gửi.");
    let e = refused(kttt(&db).args(["--unit", "ba-be", "show", "--year", "2026"]));
    assert!(
        e.contains("Huyện Ba Bể (ba-be) (đến 30/06/2025) không còn tồn tại trong năm 2026."),
        "{e}"
    );
    // English too.
    let e = refused(kttt(&db).args(["--lang", "en", "--unit", "Ba Bể", "check", "--year", "2025"]));
    assert!(e.contains("The name “Ba Bể” belongs to 2 units in 2025"), "{e}");
}

#[test]
fn bac_kan_in_2020_is_the_province_on_every_command() {
    let (d, db) = with_plans(2020);
    let by_name = kttt(&db).args(["--unit", "Bắc Kạn", "check"]).output().unwrap();
    let by_code = kttt(&db).args(["--unit", "bac-kan", "check"]).output().unwrap();
    assert_eq!(by_name.stdout, by_code.stdout);
    assert_eq!(by_name.status.code(), by_code.status.code());
    assert_eq!(by_name.status.code(), Some(1), "the province has an error");
    let show = ok(kttt(&db).args(["--unit", "Bắc Kạn", "show", "phu-luc-1", "--width", "150"]));
    assert!(show.lines().nth(1).unwrap().starts_with("Tỉnh Bắc Kạn"), "{show}");
    assert!(show.contains(" 201 "), "the province's figures: {show}");
    let out = d.path().join("bk.xlsx");
    ok(kttt(&db).args(["--unit", "Bắc Kạn", "export", "--out"]).arg(&out));
    let status = ok(kttt(&db).args(["--unit", "Bắc Kạn", "plan", "status"]));
    assert!(status.starts_with("Kế hoạch năm 2020 — Tỉnh Bắc Kạn"), "{status}");
    // The ward of that name exists only from 1 July 2025.
    let e = refused(kttt(&db).args(["--unit", "Phường Bắc Kạn", "show"]));
    assert!(
        e.contains("Phường Bắc Kạn (bac-kan-01843) (từ 01/07/2025) chưa tồn tại trong năm 2020."),
        "{e}"
    );
}

#[test]
fn a_2019_figure_belongs_to_the_communes_of_2019_and_rolls_into_2020() {
    let (_d, db) = with_plans(2020);
    // Hiệp Lực was formed on 1 February 2020 from Lãng Ngâm and Hương Nê.
    let e = refused(kttt(&db).args(["--unit", "Hiệp Lực", "set", "htx.total", "UTH2019", "5"]));
    assert!(
        e.contains("Xã Hiệp Lực (hiep-luc-01960) (01/02/2020 – 30/06/2025) chưa tồn tại vào cuối kỳ ƯTH 2019."),
        "{e}"
    );
    assert!(e.contains("Xã Hương Nê, Xã Lãng Ngâm"), "{e}");
    // By its code too: a code names one unit, and it must have existed then.
    refused(kttt(&db).args(["--unit", "hiep-luc-01960", "set", "htx.total", "UTH2019", "5"]));
    ok(kttt(&db).args(["--unit", "Lãng Ngâm", "set", "htx.total", "UTH2019", "3"]));
    ok(kttt(&db).args(["--unit", "huong-ne-01966", "set", "htx.total", "UTH2019", "2"]));
    // Their figures roll forward into Hiệp Lực, and up into Ngân Sơn.
    let show = ok(kttt(&db).args(["--unit", "Hiệp Lực", "show", "phu-luc-1", "--width", "150"]));
    let row = show.lines().find(|l| l.contains("Tổng số hợp tác xã")).unwrap();
    assert!(row.contains(" 5+ "), "{row}");
    // Ngân Sơn's is a sum of only some of its communes, and says so.
    let show = ok(kttt(&db).args(["--unit", "Ngân Sơn", "show", "phu-luc-1", "--width", "150"]));
    let row = show.lines().find(|l| l.contains("Tổng số hợp tác xã")).unwrap();
    assert!(row.contains(" 5~ "), "{row}");
    assert!(show.contains("~ 2/11 xã (ƯTH 2019)"), "{show}");
    // A 2020 plan figure is Hiệp Lực's, not Lãng Ngâm's (which ended on 31 January 2020).
    ok(kttt(&db).args(["--unit", "Hiệp Lực", "set", "htx.total", "KH2020", "6"]));
    let e = refused(kttt(&db).args(["--unit", "Lãng Ngâm", "set", "htx.total", "KH2020", "6"]));
    assert!(e.contains("Số liệu sau đó thuộc: Xã Hiệp Lực."), "{e}");
    // The 2019 tree: 122 communes, Vân Tùng a xã.
    let tree = ok(kttt(&db).args(["--unit", "bac-kan", "units", "list", "--at", "2019-06-30"]));
    assert!(
        tree.starts_with("Đơn vị hành chính ngày 30/06/2019 (131 đơn vị)"),
        "{tree}"
    );
    assert!(tree.contains(" Xã Vân Tùng "), "{tree}");
    let tree = ok(kttt(&db).args(["--unit", "bac-kan", "units", "list", "--at", "2020-02-01"]));
    assert!(
        tree.starts_with("Đơn vị hành chính ngày 01/02/2020 (117 đơn vị)"),
        "{tree}"
    );
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn the_app_asks_which_ba_be_and_its_picker_lists_both() {
    let (_d, db) = with_plans(2025);
    let o = OpenOptions {
        unit: Some("Ba Bể".into()),
        ..OpenOptions::new(DbChoice::Explicit(db.clone()), Lang::Vi)
    };
    assert!(kttt::session::open(&o).is_err(), "the command line refuses");
    let (session, ask) = kttt::session::open::open_asking(&o).unwrap();
    let ask = ask.expect("two units of 2025 are named Ba Bể");
    assert_eq!(ask.units.len(), 2);
    let mut app = App::new(session, Theme { mono: false });
    app.ask_unit(&ask.query, &ask.units);
    let Mode::OrgPicker(p) = &app.mode else {
        panic!("the picker asks")
    };
    let rows: Vec<String> = p
        .rows(app.session.orgs())
        .iter()
        .map(|r| app.session.orgs().get(r.org).name.vi.clone())
        .collect();
    assert!(rows.contains(&"Huyện Ba Bể".to_string()), "{rows:?}");
    assert!(rows.contains(&"Xã Ba Bể".to_string()), "{rows:?}");
    assert!(
        app.flash
            .as_ref()
            .unwrap()
            .text
            .contains("“Ba Bể” là tên của 2 đơn vị trong năm 2025")
    );
    // Choosing the commune: the second of the two.
    let at = |app: &App| {
        let Mode::OrgPicker(p) = &app.mode else { panic!() };
        app.session
            .orgs()
            .get(p.rows(app.session.orgs())[p.pick.selected].org)
            .name
            .vi
            .clone()
    };
    while at(&app) != "Xã Ba Bể" {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session.unit().name.vi, "Xã Ba Bể");
    // Typing the name in the picker again lists both units of the plan year.
    press(&mut app, KeyCode::Char('o'));
    for c in "ba be".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let Mode::OrgPicker(p) = &app.mode else { panic!() };
    let names: Vec<String> = p
        .rows(app.session.orgs())
        .iter()
        .map(|r| app.session.orgs().get(r.org).name.vi.clone())
        .filter(|n| n.ends_with("Ba Bể"))
        .collect();
    assert_eq!(names, ["Huyện Ba Bể", "Xã Ba Bể"]);
}
