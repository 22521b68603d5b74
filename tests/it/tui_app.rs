//! The app's behaviour without a terminal: keys in, state and database out.

use crate::common;

use common::{audits, dec, set, stored, tmp};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::sheet::{ColumnKind, RowKind};
use kttt::domain::values::{CellKey, Values};
use kttt::store::Expect;
use kttt::tui::app::{App, Mode};
use kttt::tui::theme::Theme;
use rust_decimal::Decimal;

fn app_at(path: &std::path::Path) -> App {
    App::new(common::session(path), Theme { mono: false })
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn key(app: &App, code: &str, period: &str) -> CellKey {
    CellKey::new(
        app.session.catalog().find(code).unwrap(),
        app.session.org(),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

/// The growth percentage (KH N / ƯTH N-1) of a row as the table shows it now.
fn growth_of(app: &App, tab: usize, code: &str) -> Option<Decimal> {
    let id = app.session.catalog().find(code).unwrap();
    let v = app.sheet_view(tab, &app.findings());
    let i = v.rows.iter().position(|r| r.kind == RowKind::Indicator(id)).unwrap();
    let j = v
        .columns
        .iter()
        .position(|c| matches!(c, ColumnKind::Growth { .. }))
        .unwrap();
    v.cells[i][j].value
}

#[test]
fn tabs_switch_with_tab_backtab_their_twins_alt_digits_and_function_keys() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    assert_eq!(app.tab, 0);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.tab, 1);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.tab, 0);
    press(&mut app, KeyCode::Char('<'));
    assert_eq!(app.tab, 4, "wraps around");
    press(&mut app, KeyCode::Char('>'));
    assert_eq!(app.tab, 0);
    app.on_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::ALT));
    assert_eq!(app.tab, 2);
    press(&mut app, KeyCode::F(5));
    assert_eq!(app.tab, 4);
    // Alt+key that means nothing is Esc then the key (ESC+key merged over SSH).
    press(&mut app, KeyCode::Char('!'));
    assert!(matches!(app.mode, Mode::Findings(_)));
    app.on_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::ALT));
    assert!(
        matches!(app.mode, Mode::Search(_)),
        "Esc closed the list, / opened search"
    );
}

#[test]
fn typing_a_digit_edits_with_live_percentages_and_enter_saves_with_audit() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        app.selected_key(),
        Some(key(&app, "htx.total", "KH2020")),
        "starts on the plan of the first figure row"
    );
    assert_eq!(growth_of(&app, 1, "htx.total"), Some(dec("114.2")));
    typ(&mut app, "2");
    assert!(matches!(app.mode, Mode::Edit(_)));
    typ(&mut app, "10");
    // Live: the table, the overview's figures and the findings follow the typed figure.
    assert_eq!(growth_of(&app, 1, "htx.total"), Some(dec("119.3")));
    assert_eq!(app.values().value(&key(&app, "htx.total", "KH2020")), Some(dec("210")));
    assert_eq!(
        kttt::domain::rules::tally(&app.findings()).0,
        2,
        "Phụ lục 2's total now disagrees"
    );
    assert_eq!(
        stored(&p, "htx.total", "KH2020").as_deref(),
        Some("201"),
        "nothing is written before Enter"
    );
    let before = audits(&p, "set");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("210"));
    assert_eq!(audits(&p, "set"), before + 1);
    assert_eq!(
        app.selected_key(),
        Some(key(&app, "htx.active", "KH2020")),
        "Enter moves down"
    );
    assert!(app.flash.as_ref().unwrap().text.contains("201 → 210"));
    assert_eq!(
        growth_of(&app, 1, "htx.total"),
        Some(dec("119.3")),
        "after commit the figure stands"
    );
}

#[test]
fn enter_edits_the_current_figure_and_esc_cancels() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    match &app.mode {
        Mode::Edit(e) => assert_eq!(e.field.text(), "201"),
        m => panic!("{m:?}"),
    }
    press(&mut app, KeyCode::Backspace);
    typ(&mut app, "5");
    assert_eq!(growth_of(&app, 1, "htx.total"), Some(dec("116.5")));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(growth_of(&app, 1, "htx.total"), Some(dec("114.2")));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    assert_eq!(audits(&p, "set"), 0);
}

#[test]
fn invalid_input_is_shown_and_never_saved() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "1,2,3");
    match &app.mode {
        Mode::Edit(e) => assert!(e.result.as_ref().unwrap_err().contains("một dấu phẩy thập phân")),
        m => panic!("{m:?}"),
    }
    // The preview falls back to the stored figure while the text is not a number.
    assert_eq!(growth_of(&app, 1, "htx.total"), Some(dec("114.2")));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Edit(_)), "still editing");
    assert!(app.flash.as_ref().unwrap().error);
    assert_eq!(audits(&p, "set"), 0);
    // Backspace as Ctrl+H (0x08) deletes one character in the field.
    for _ in 0..4 {
        app.on_key(KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL));
    }
    match &app.mode {
        Mode::Edit(e) => assert_eq!(e.field.text(), "1"),
        m => panic!("{m:?}"),
    }
}

#[test]
fn computed_cells_and_headings_say_why_they_cannot_be_edited() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::End);
    assert!(app.selected_column().unwrap().is_computed());
    typ(&mut app, "5");
    assert!(matches!(app.mode, Mode::Browse));
    assert!(app.flash.as_ref().unwrap().text.contains("tính tự động"));
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Up);
    assert_eq!(app.selected_indicator(), app.session.catalog().find("htx"));
    press(&mut app, KeyCode::Home);
    // Enter on a heading edits the first cell below it that takes figures.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(&app.mode, Mode::Edit(e) if e.key == key(&app, "htx.total", "TH2018")));
}

#[test]
fn blanking_a_cell_asks_first_and_backspace_in_browsing_is_harmless() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    // An input method's backspace + letter while browsing: a question, then nothing.
    app.on_key(KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL));
    assert!(matches!(app.mode, Mode::Confirm(_)));
    press(&mut app, KeyCode::Char('a'));
    assert!(matches!(app.mode, Mode::Confirm(_)), "other letters do not answer");
    press(&mut app, KeyCode::Char('k'));
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Esc);
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    // Enter never says yes.
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(stored(&p, "htx.total", "KH2020"), None, "blank, not zero");
    assert_eq!(app.session.official().value(&key(&app, "htx.total", "KH2020")), None);
    assert_eq!(growth_of(&app, 1, "htx.total"), None);
}

#[test]
fn target_shortcuts_preview_before_commit() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "110%");
    match &app.mode {
        Mode::Edit(e) => {
            let r = e.result.as_ref().unwrap();
            assert_eq!(r.value, Some(dec("194")));
            assert_eq!(r.explain.as_deref(), Some("110% × 176 = 193,6 → 194"));
        }
        m => panic!("{m:?}"),
    }
    press(&mut app, KeyCode::Tab);
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("194"));
    assert_eq!(
        app.selected_key(),
        Some(key(&app, "htx.active", "TH2018")),
        "Tab at the end of a row goes on to the next row's first figure, never to a % column"
    );
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    typ(&mut app, "+10%");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("213"));
}

#[test]
fn search_finds_names_without_diacritics_and_jumps() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Char('/'));
    typ(&mut app, "hop tac xa giai the");
    match &app.mode {
        Mode::Search(s) => assert_eq!(s.hits.len(), 1),
        m => panic!("{m:?}"),
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, 1);
    assert_eq!(app.selected_indicator(), app.session.catalog().find("htx.dissolved"));
}

#[test]
fn findings_list_jumps_to_the_cell() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Char('!'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, 3, "the sectors tab");
    assert_eq!(app.selected_key(), Some(key(&app, "sector.htx.total", "UTH2019")));
    assert!(
        app.flash
            .as_ref()
            .unwrap()
            .text
            .contains("Tổng các ngành 175 ≠ Tổng số HTX 176")
    );
    press(&mut app, KeyCode::Char('n'));
    assert_ne!(
        app.selected_key(),
        Some(key(&app, "sector.htx.total", "UTH2019")),
        "n goes to the next flagged cell"
    );
}

#[test]
fn overview_enter_opens_the_row() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, 1);
    assert_eq!(app.selected_key(), Some(key(&app, "htx.active", "UTH2019")));
}

#[test]
fn years_change_and_next_years_plan_starts_after_confirmation() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.session.year(), 2020, "no later plan yet");
    press(&mut app, KeyCode::Char('N'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.session.plan_years(), [2020]);
    press(&mut app, KeyCode::Char('N'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session.plan_years(), [2020], "Enter is no");
    press(&mut app, KeyCode::Char('N'));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.session.year(), 2021);
    assert_eq!(app.session.plan_years(), [2020, 2021]);
    assert_eq!(stored(&p, "htx.total", "TH2019").as_deref(), Some("176"));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.session.year(), 2020);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.session.year(), 2021);
}

#[test]
fn a_figure_changed_by_someone_else_meanwhile_is_not_overwritten_silently() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "205");
    // Another official writes the same cell.
    let mut other = common::open(&p);
    set(
        &mut other,
        key(&app, "htx.total", "KH2020"),
        Some(dec("199")),
        Expect::Anything,
    )
    .unwrap();
    press(&mut app, KeyCode::Enter);
    match &app.mode {
        Mode::Choose(q) => assert!(q.question.contains("199"), "{}", q.question),
        m => panic!("{m:?}"),
    }
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("199"));
    // Only an explicit choice answers: Enter, ↓ and Tab do not overwrite.
    for k in [KeyCode::Enter, KeyCode::Down, KeyCode::Tab, KeyCode::Char('x')] {
        press(&mut app, k);
        assert!(matches!(app.mode, Mode::Choose(_)), "{k:?}");
    }
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("199"));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(
        stored(&p, "htx.total", "KH2020").as_deref(),
        Some("205"),
        "written knowingly"
    );
}

#[test]
fn changes_from_another_session_show_up_on_the_next_tick() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    let mut other = common::open(&p);
    set(
        &mut other,
        key(&app, "htx.total", "UTH2019"),
        Some(dec("180")),
        Expect::Anything,
    )
    .unwrap();
    app.update(kttt::keys::Action::Tick);
    assert_eq!(
        app.session.official().value(&key(&app, "htx.total", "UTH2019")),
        Some(dec("180"))
    );
    assert!(app.flash.is_some());
}

#[test]
fn org_picker_switches_unit_and_q_quits() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session.unit().code, "tp-bac-kan");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "12");
    press(&mut app, KeyCode::Enter);
    let v: String = rusqlite::Connection::open(&p)
        .unwrap()
        .query_row(
            "SELECT value FROM value WHERE org_unit = 'tp-bac-kan' AND indicator = 'htx.total'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, "12");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn a_what_if_scenario_is_one_key_away_and_never_touches_official_figures() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Char('S'));
    assert!(matches!(app.mode, Mode::NameInput(_)));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session.scenario().unwrap().name, "Phương án 1");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "210");
    press(&mut app, KeyCode::Enter);
    assert!(app.flash.as_ref().unwrap().text.contains("vào phương án «Phương án 1»"));
    assert_eq!(
        stored(&p, "htx.total", "KH2020").as_deref(),
        Some("201"),
        "official untouched"
    );
    assert_eq!(
        growth_of(&app, 1, "htx.total"),
        Some(dec("119.3")),
        "percentages use the scenario"
    );
    // The overview and the findings follow the scenario too.
    assert_eq!(kttt::domain::rules::tally(&app.findings()).0, 2);
    // Compare, then apply everything after confirming.
    press(&mut app, KeyCode::Char('c'));
    assert!(matches!(app.mode, Mode::Compare(_)));
    assert_eq!(app.differences().len(), 1);
    press(&mut app, KeyCode::Char('A'));
    match &app.mode {
        Mode::Confirm(c) => assert!(c.question.contains("1 → 2 lỗi"), "{}", c.question),
        m => panic!("{m:?}"),
    }
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("210"));
    assert!(
        app.session.scenario().is_none(),
        "applied in full: the scenario is closed"
    );
    assert_eq!(audits(&p, "apply"), 1);
    // And the apply is one step back.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    assert!(app.flash.as_ref().unwrap().text.contains("việc áp dụng phương án"));
    assert_eq!(app.session.scenarios(false).unwrap()[0].name, "Phương án 1");
}

#[test]
fn scenarios_list_switches_renames_and_deletes_with_confirmation() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    app.session.create_scenario("Cao").unwrap();
    app.session.create_scenario("Thấp").unwrap();
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session.scenario().unwrap().name, "Cao");
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('r'));
    // The old name is selected: typing replaces it.
    typ(&mut app, "Cao nhất");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session.scenario().unwrap().name, "Cao nhất");
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.session.scenarios(false).unwrap().len(), 2, "not without a yes");
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('c'));
    let names: Vec<String> = app
        .session
        .scenarios(false)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["Cao nhất"]);
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert!(
        app.session.scenario().is_none(),
        "the list opens on the active scenario; above it, the official figures"
    );
}

#[test]
fn undo_redo_and_history_from_the_keyboard() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "210");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    assert_eq!(
        app.selected_key(),
        Some(key(&app, "htx.total", "KH2020")),
        "undo shows the cell"
    );
    app.on_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("210"));
    press(&mut app, KeyCode::Char('H'));
    match &app.mode {
        Mode::History(h) => {
            let actions: Vec<&str> = h.entries.iter().map(|e| e.action.as_str()).collect();
            assert_eq!(actions, ["seed", "set", "undo", "redo"]);
        }
        m => panic!("{m:?}"),
    }
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn applying_asks_about_each_conflict() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    let id = app.session.create_scenario("X").unwrap().id;
    app.switch_to(Some("X".into()));
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "210");
    press(&mut app, KeyCode::Enter);
    let mut other = common::open(&p);
    set(
        &mut other,
        key(&app, "htx.total", "KH2020"),
        Some(dec("205")),
        Expect::Anything,
    )
    .unwrap();
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('A'));
    press(&mut app, KeyCode::Char('c'));
    match &app.mode {
        Mode::Confirm(c) => assert!(c.question.contains("201 → 205"), "{}", c.question),
        m => panic!("{m:?}"),
    }
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(
        stored(&p, "htx.total", "KH2020").as_deref(),
        Some("205"),
        "kept the official figure"
    );
    assert_eq!(
        common::everything(&other, Some(id)).overlay.changes.len(),
        1,
        "the change stays in the scenario"
    );
    let _ = other.cursor();
}

/// Every heading line of every tab: a digit typed on it goes to the first row below that
/// takes figures, never into the heading — the same in every section.
#[test]
fn a_heading_never_takes_figures_in_any_section() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    let cat = app.session.catalog().clone();
    for tab in 1..=cat.sheets.len() {
        app.tab = tab;
        let v = app.sheet_view(tab, &app.findings());
        for (i, r) in v.rows.iter().enumerate() {
            let RowKind::Indicator(id) = r.kind else { continue };
            if !cat.get(id).heading {
                continue;
            }
            let first_value = v
                .columns
                .iter()
                .position(|c| matches!(c, ColumnKind::Value { .. }))
                .unwrap();
            app.cursors[tab - 1].row = i;
            app.cursors[tab - 1].col = first_value;
            press(&mut app, KeyCode::Char('7'));
            let Mode::Edit(ed) = &app.mode else {
                panic!("{}: {:?}", cat.get(id).code, app.mode)
            };
            let target = cat.get(ed.key.indicator);
            assert!(
                target.has_values && ed.key.indicator != id,
                "a digit on heading {} went to {}",
                cat.get(id).code,
                target.code
            );
            press(&mut app, KeyCode::Esc);
        }
    }
}

/// The heading "II Liên hiệp hợp tác xã" repeats the total of unions: a clerk typing the
/// row's figures types them once, on the total, and the plan is clean.
#[test]
fn the_unions_heading_repeats_its_total_and_is_typed_once() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    let total = key(&app, "lh.total", "KH2020");
    app.jump_to(key(&app, "lh.total", "TH2018"));
    for (k, f) in ["0", "0", "0", "3"].iter().enumerate() {
        typ(&mut app, f);
        press(&mut app, if k < 3 { KeyCode::Tab } else { KeyCode::Enter });
        if let Mode::Choose(_) = app.mode {
            panic!("asked at {k}: {:?}", app.flash);
        }
    }
    assert_eq!(stored(&p, "lh.total", "KH2020").as_deref(), Some("3"));
    assert_eq!(
        common::count(&p, "SELECT count(*) FROM value WHERE indicator IN ('lh', 'sector.lh')"),
        0,
        "the headings hold no figures of their own"
    );
    let id = app.session.catalog().find("lh").unwrap();
    let v = app.sheet_view(1, &app.findings());
    let i = v.rows.iter().position(|r| r.kind == RowKind::Indicator(id)).unwrap();
    let j = v
        .columns
        .iter()
        .position(|c| {
            *c == ColumnKind::Value {
                period: total.period,
                funding: FundingId::TOTAL,
            }
        })
        .unwrap();
    assert_eq!(v.cells[i][j].value, Some(dec("3")), "shown on the heading");
    assert_eq!(v.cells[i][j].key, Some(total), "it is the total's cell");
    assert!(
        !app.findings().iter().any(|f| f.cells.iter().any(|c| c.indicator == id)),
        "no finding compares the heading with its total"
    );
}

/// A plan sent up is locked for its own officials until the level above returns or reopens
/// it, and the approver's question says what changed, how far each appendix was entered and
/// what the checks find.
#[test]
fn a_sent_plan_is_locked_and_the_approver_sees_what_it_holds() {
    let (_d, p) = common::seeded();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_kttt"))
            .args(args)
            .env("KTTT_DB", &p)
            .env("KTTT_CONFIG", "/nonexistent")
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    run(&["--unit", "ba-be", "set", "htx.total", "KH2020", "25"]);
    run(&["--unit", "ba-be", "set", "htx.total", "UTH2019", "20"]);
    // The district's clerk submits, then tries to change a figure: refused, said why.
    let mut clerk = App::new(
        kttt::session::open(&kttt::session::OpenOptions {
            unit: Some("ba-be".into()),
            ..kttt::session::OpenOptions::new(
                kttt::session::DbChoice::named(p.to_str().unwrap()),
                kttt::i18n::Lang::Vi,
            )
        })
        .unwrap(),
        Theme { mono: false },
    );
    press(&mut clerk, KeyCode::Char('2'));
    press(&mut clerk, KeyCode::Char('P'));
    press(&mut clerk, KeyCode::Char('c'));
    let total = key(&clerk, "htx.total", "KH2020");
    clerk.jump_to(total);
    typ(&mut clerk, "5");
    press(&mut clerk, KeyCode::Enter);
    assert_eq!(
        stored(&p, "htx.total", "KH2020").as_deref(),
        Some("201"),
        "the province's is unchanged"
    );
    let said = clerk.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(said.contains("đã gửi lên, chờ duyệt"), "{said}");
    let ba_be: String = rusqlite::Connection::open(&p)
        .unwrap()
        .query_row(
            "SELECT value FROM value WHERE org_unit = 'ba-be' AND indicator = 'htx.total' AND year = 2020 AND kind = 'plan'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ba_be, "25");
    // The province opens Ba Bể in the by-unit view and presses a.
    let mut boss = app_at(&p);
    press(&mut boss, KeyCode::Char('2'));
    boss.jump_to(key(&boss, "htx.total", "KH2020"));
    press(&mut boss, KeyCode::Char('t'));
    let row = boss
        .session
        .parts()
        .iter()
        .position(|o| boss.session.orgs().get(*o).code == "ba-be")
        .unwrap();
    boss.by_unit.as_mut().unwrap().row = row;
    press(&mut boss, KeyCode::Char('a'));
    let Mode::Confirm(q) = &boss.mode else {
        panic!("{:?}", boss.mode)
    };
    assert!(q.question.contains("2 số liệu đã nhập hoặc sửa"), "{}", q.question);
    assert!(q.question.contains("Đã nhập: Phụ lục 1 2/"), "{}", q.question);
    assert!(q.question.contains("Kiểm tra:"), "{}", q.question);
    press(&mut boss, KeyCode::Char('c'));
    // Returned (here: reopened), the clerk types again.
    run(&["--unit", "ba-be", "plan", "reopen"]);
    clerk.session.reload().unwrap();
    clerk.jump_to(total);
    typ(&mut clerk, "26");
    press(&mut clerk, KeyCode::Enter);
    let now: String = rusqlite::Connection::open(&p)
        .unwrap()
        .query_row(
            "SELECT value FROM value WHERE org_unit = 'ba-be' AND indicator = 'htx.total' AND year = 2020 AND kind = 'plan'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(now, "26");
}

/// `L` lists changes in words; Enter on a plan step goes to its unit and says the step and
/// its reason in full.
#[test]
fn enter_on_a_plan_step_in_the_log_goes_to_its_unit() {
    let (_d, p) = common::seeded();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_kttt"))
            .args(args)
            .env("KTTT_DB", &p)
            .env("KTTT_CONFIG", "/nonexistent")
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    run(&["--unit", "cho-don", "set", "htx.total", "KH2020", "31"]);
    run(&["--unit", "cho-don", "plan", "submit"]);
    run(&[
        "--unit",
        "cho-don",
        "plan",
        "return",
        "--comment",
        "Thiếu Phụ lục 3: chưa có số liệu chính sách hỗ trợ",
    ]);
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('L'));
    let Mode::Log(panel) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(panel.entries[0].entry.action, "plan.return");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session.unit().code, "cho-don");
    let said = app.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(
        said.contains(
            "Huyện Chợ Đồn: trả lại kế hoạch — kế hoạch 2020: Thiếu Phụ lục 3: chưa có số liệu chính sách hỗ trợ"
        ),
        "{said}"
    );
}

#[test]
fn starting_a_year_on_another_form_says_which_form_and_what_it_changes() {
    let (_d, p) = tmp();
    let mut s = common::session(&p);
    // Plans up to 2026 (the 2019 form); 2027 is on the two-level form.
    while s.year() < 2026 {
        let y = s.year();
        s.start_plan(y).unwrap();
    }
    let mut app = App::new(s, Theme { mono: false });
    press(&mut app, KeyCode::Char('N'));
    match &app.mode {
        Mode::Confirm(c) => assert!(
            c.question.contains(
                "Năm 2027 dùng biểu mẫu hai-cap-2027 (CHƯA đối chiếu văn bản của Bộ): 19 dòng mới, 3 đổi tên, 0 dòng bỏ"
            ),
            "{}",
            c.question
        ),
        _ => panic!("a question first"),
    }
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.session.year(), 2027);
    // The cooperatives' tab now has the form's new rows.
    assert!(
        app.session.catalog().appendices[0]
            .rows
            .iter()
            .any(|r| app.session.catalog().get(*r).code == "htx.class.good")
    );
    // A year on the same form asks the plain question.
    let (_d2, p2) = tmp();
    let mut app = app_at(&p2);
    press(&mut app, KeyCode::Char('N'));
    match &app.mode {
        Mode::Confirm(c) => assert!(!c.question.contains("biểu mẫu"), "{}", c.question),
        _ => panic!("a question first"),
    }
}
