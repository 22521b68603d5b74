//! Data-entry safety in the app, key by key: a figure meant for a scenario closed elsewhere
//! is never written as official, headings and table ends never swallow or overwrite figures,
//! questions need explicit answers, pastes and split escape sequences never run commands,
//! doubtful figures are asked about, undo stays in its layer and says what it did.

use crate::common;

use common::{audits, dec, set, stored, tmp};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::values::{CellKey, Values};
use kttt::keys::Action;
use kttt::store::{Expect, ScenarioStatus};
use kttt::tui::app::{App, ChooseKind, Mode};
use kttt::tui::input::burst::Chunk;
use kttt::tui::input::decode::Input;
use kttt::tui::theme::Theme;
use std::collections::HashMap;
use std::time::{Duration, Instant};

fn app_at(path: &std::path::Path) -> App {
    App::new(common::session(path), Theme { mono: true })
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        match c {
            '\r' => press(app, KeyCode::Enter),
            '\t' => press(app, KeyCode::Tab),
            c => press(app, KeyCode::Char(c)),
        }
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

fn flash(app: &App) -> String {
    app.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
}

#[test]
fn a_figure_meant_for_a_scenario_closed_elsewhere_is_never_written_as_official() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    let info = app.session.create_scenario("PA1").unwrap();
    app.switch_to(Some("PA1".into()));
    typ(&mut app, "\t230\r");
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    // Another official applies PA1 from another process.
    let mut other = common::open(&p);
    other.apply_scenario(info.id, None, &HashMap::new()).unwrap();
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("230"));
    app.update(Action::Tick);
    let said = flash(&app);
    assert!(
        said.contains("«PA1» đã được áp dụng") && said.contains(&other.actor().user),
        "{said}"
    );
    assert_eq!(app.session.scenario().map(|s| s.status), Some(ScenarioStatus::Applied));
    // The next figure typed for PA1 is not written anywhere without a choice.
    let sets = audits(&p, "set");
    press(&mut app, KeyCode::Up);
    typ(&mut app, "240\r");
    match &app.mode {
        Mode::Choose(q) => {
            assert!(matches!(q.kind, ChooseKind::LayerGone { .. }));
            assert!(q.question.contains("đã được áp dụng"), "{}", q.question);
        }
        m => panic!("{m:?}"),
    }
    assert_eq!(audits(&p, "set"), sets, "nothing written as official");
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("230"));
    // Into a new scenario, chosen explicitly.
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.session.scenario().unwrap().name, "PA1 (2)");
    assert_eq!(
        app.session.values().value(&key(&app, "htx.total", "KH2020")),
        Some(dec("240"))
    );
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("230"));
    assert_eq!(audits(&p, "set"), sets);
}

#[test]
fn the_closed_scenarios_figure_goes_to_the_official_figures_only_when_chosen() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    let info = app.session.create_scenario("PA2").unwrap();
    app.switch_to(Some("PA2".into()));
    let mut other = common::open(&p);
    other.discard_scenario(info.id).unwrap();
    app.update(Action::Tick);
    assert!(flash(&app).contains("đã bị huỷ"), "{}", flash(&app));
    typ(&mut app, "\t222\r");
    assert!(matches!(app.mode, Mode::Choose(_)));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Edit(_)), "Esc goes back to the edit");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("222"));
    assert!(app.session.scenario().is_none(), "now on the official figures");
}

#[test]
fn digits_typed_on_a_heading_go_to_the_first_cells_below() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(
        app.selected_indicator(),
        app.session.catalog().find("htx"),
        "g lands on the heading"
    );
    typ(&mut app, "201\r190\r26\r");
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    assert_eq!(stored(&p, "htx.active", "KH2020").as_deref(), Some("190"));
    assert_eq!(stored(&p, "htx.new", "KH2020").as_deref(), Some("26"));
}

#[test]
fn the_end_of_the_table_never_lets_the_next_figure_overwrite_the_last() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('G'));
    let last = app.selected_key().unwrap();
    typ(&mut app, "100\r");
    assert_eq!(app.selected_key(), Some(last));
    assert!(flash(&app).contains("Hết bảng"), "{}", flash(&app));
    typ(&mut app, "101\r");
    assert!(matches!(app.mode, Mode::Browse), "no edit starts at the end");
    assert!(flash(&app).contains("Hết bảng"));
    let code = app.session.catalog().get(last.indicator).code.clone();
    assert_eq!(
        stored(&p, &code, "KH2020").as_deref(),
        Some("100"),
        "the saved figure stands"
    );
    // Moving away and back lets typing start again.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Down);
    typ(&mut app, "7");
    assert!(matches!(app.mode, Mode::Edit(_)));
}

#[test]
fn an_input_method_left_on_cannot_destroy_a_figure() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    typ(&mut app, "\t210\r");
    press(&mut app, KeyCode::Up);
    // Telex "uw" sends u, Backspace, ư.
    press(&mut app, KeyCode::Char('u'));
    let said = flash(&app);
    assert!(
        said.contains("Đã hoàn tác") && said.contains("Tổng số hợp tác xã, KH 2020: 201") && said.contains("Ctrl+R"),
        "the undo says what it undid: {said}"
    );
    ctrl(&mut app, 'h');
    assert!(matches!(app.mode, Mode::Confirm(_)));
    press(&mut app, KeyCode::Char('ư'));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(
        stored(&p, "htx.total", "KH2020").as_deref(),
        Some("201"),
        "Enter means no"
    );
    ctrl(&mut app, 'r');
    assert_eq!(
        stored(&p, "htx.total", "KH2020").as_deref(),
        Some("210"),
        "redo is one key away"
    );
}

#[test]
fn pastes_and_bursts_never_run_commands() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    // The bursts arrived a while ago: what is typed next is typed by hand.
    let t0 = Instant::now().checked_sub(Duration::from_secs(1)).unwrap();
    let burst = |s: &str| -> Vec<KeyEvent> {
        s.chars()
            .map(|c| match c {
                '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                '\t' => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            })
            .collect()
    };
    // A sentence pasted without brackets while browsing: ignored, not `S` + a name + Enter.
    app.on_chunk(Chunk::Burst(t0, burst("Số liệu quý 1\n")));
    assert!(matches!(app.mode, Mode::Browse));
    assert!(app.session.scenarios(false).unwrap().is_empty());
    assert!(flash(&app).contains("không được coi là lệnh"), "{}", flash(&app));
    // A copied table block: no figure is written.
    press(&mut app, KeyCode::Tab);
    app.on_chunk(Chunk::Burst(t0, burst("160\t172\t176\t201\n2020\n2021\n")));
    assert_eq!(audits(&p, "set"), 0);
    // A bracketed paste outside a field is refused.
    app.on_chunk(Chunk::One(t0, Input::Paste("2020\n2021\n".into())));
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(audits(&p, "set"), 0);
    // Into a figure field it takes the first figure and says what it dropped.
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    app.on_chunk(Chunk::One(t0, Input::Paste("160\t172\t176\t201\n".into())));
    match &app.mode {
        Mode::Edit(e) => assert_eq!(e.field.text(), "160"),
        m => panic!("{m:?}"),
    }
    assert!(flash(&app).contains("172 176 201"), "{}", flash(&app));
    assert_eq!(audits(&p, "set"), 0, "nothing is saved without Enter");
    // A burst into a field stops at the first key that would save.
    ctrl(&mut app, 'u');
    app.on_chunk(Chunk::Burst(t0, burst("205\n2021\n")));
    match &app.mode {
        Mode::Edit(e) => assert_eq!(e.field.text(), "205"),
        m => panic!("{m:?}"),
    }
    assert_eq!(audits(&p, "set"), 0);
    // The rest of a paste that comes a moment later is part of it.
    let now = Instant::now();
    press(&mut app, KeyCode::Esc);
    app.on_chunk(Chunk::Burst(now, burst("Số liệu")));
    app.on_key_at(
        KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE),
        now + Duration::from_millis(20),
    );
    app.on_key_at(
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        now + Duration::from_millis(30),
    );
    assert!(matches!(app.mode, Mode::Browse), "the tail “1⏎” starts no edit");
    assert_eq!(audits(&p, "set"), 0);
    app.burst_until = None;
    press(&mut app, KeyCode::Enter);
    // The suggested scenario name is selected: what is typed replaces it.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('S'));
    typ(&mut app, "Cao");
    match &app.mode {
        Mode::NameInput(n) => assert_eq!(n.field.text(), "Cao"),
        m => panic!("{m:?}"),
    }
    // Fields have a limit.
    press(&mut app, KeyCode::Esc);
    typ(&mut app, &"1".repeat(100));
    match &app.mode {
        Mode::Edit(e) => assert_eq!(e.field.text().len(), 25),
        m => panic!("{m:?}"),
    }
}

#[test]
fn a_view_changing_key_right_after_a_lone_esc_is_held_back() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    let year = app.session.year();
    let t0 = Instant::now();
    // F2 split by a slow link: ESC, then `[12~` later than the decoder waits.
    let k = |c| KeyEvent::new(c, KeyModifiers::NONE);
    app.on_key_at(k(KeyCode::Esc), t0);
    app.on_key_at(k(KeyCode::Char('[')), t0 + Duration::from_millis(150));
    assert_eq!(app.session.year(), year, "`[` did not change the plan year");
    assert!(flash(&app).contains("ngay sau Esc"), "{}", flash(&app));
    for (i, c) in "12~".chars().enumerate() {
        app.on_key_at(k(KeyCode::Char(c)), t0 + Duration::from_millis(160 + i as u64));
    }
    assert!(matches!(app.mode, Mode::Browse), "the sequence's tail starts no edit");
    assert_eq!(audits(&p, "set"), 0, "nothing started this way is saved");
    // Typing goes on normally after it.
    app.on_key_at(k(KeyCode::Char('7')), t0 + Duration::from_secs(1));
    assert!(matches!(app.mode, Mode::Edit(_)));
    press(&mut app, KeyCode::Esc);
    // Esc, then another key quickly, is just that.
    app.on_key_at(k(KeyCode::Esc), t0 + Duration::from_secs(2));
    app.on_key_at(k(KeyCode::Char('S')), t0 + Duration::from_millis(2100));
    assert!(matches!(app.mode, Mode::NameInput(_)));
    press(&mut app, KeyCode::Esc);
    // Later, `[` works.
    app.on_key_at(k(KeyCode::Esc), t0 + Duration::from_secs(5));
    app.on_key_at(k(KeyCode::Char('[')), t0 + Duration::from_secs(6));
    assert!(flash(&app).contains("kế hoạch đầu tiên"), "{}", flash(&app));
}

#[test]
fn control_keys_do_what_they_say_and_nothing_else() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'l');
    assert!(app.repaint, "Ctrl+L asks for a full repaint");
    for c in ['s', 'q', 'o', 'u'] {
        ctrl(&mut app, c);
        assert!(matches!(app.mode, Mode::Browse), "Ctrl+{c}");
        assert!(!app.quit, "Ctrl+{c}");
    }
    typ(&mut app, "21");
    ctrl(&mut app, 'c');
    assert!(matches!(app.mode, Mode::Browse), "Ctrl+C cancels the edit");
    assert!(!app.quit, "and keeps the app open");
    ctrl(&mut app, 'c');
    assert!(app.quit, "a second Ctrl+C quits");
    assert_eq!(audits(&p, "set"), 0);
}

#[test]
fn digits_on_the_overview_go_to_the_tab_they_label() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.tab, 2);
}

#[test]
fn doubtful_figures_are_asked_about_before_saving() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Tab);
    let members = key(&app, "htx.members", "KH2020");
    app.jump_to(members);
    // An English-style thousands separator for a number of people.
    typ(&mut app, "1,859");
    match &app.mode {
        Mode::Edit(e) => assert!(e.concern.as_ref().unwrap().0.contains("Có phải 1.859")),
        m => panic!("{m:?}"),
    }
    press(&mut app, KeyCode::Enter);
    match &app.mode {
        Mode::Choose(q) => assert!(q.question.contains("Có phải 1.859"), "{}", q.question),
        m => panic!("{m:?}"),
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        stored(&p, "htx.members", "KH2020").as_deref(),
        Some("1859"),
        "Enter saves the suggestion"
    );
    // A thousand times last year's income: the suggestion, or as typed when chosen.
    let income = key(&app, "htx.income", "KH2020");
    app.jump_to(income);
    typ(&mut app, "45.600\r");
    assert!(matches!(app.mode, Mode::Choose(_)));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(
        stored(&p, "htx.income", "KH2020").as_deref(),
        Some("45600"),
        "kept as typed, knowingly"
    );
    // A figure that breaks its kind cannot be saved at all.
    let total = key(&app, "htx.total", "KH2020");
    app.jump_to(total);
    typ(&mut app, "\r");
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "(5)\r");
    assert!(matches!(app.mode, Mode::Edit(_)));
    assert!(flash(&app).contains("không thể âm"), "{}", flash(&app));
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("201"));
    press(&mut app, KeyCode::Esc);
    // `-5` is five fewer than the figure shown, and the preview says so.
    app.jump_to(total);
    typ(&mut app, "-5");
    let Mode::Edit(ed) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let preview = format!("{ed:?}");
    assert!(preview.contains("201 − 5 = 196"), "{preview}");
    typ(&mut app, "\r");
    assert_eq!(stored(&p, "htx.total", "KH2020").as_deref(), Some("196"));
}

#[test]
fn the_app_keeps_seeing_others_after_its_own_save() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    let mut other = common::open(&p);
    // Someone writes while this user is typing; this user then saves another cell.
    typ(&mut app, "\t21");
    set(
        &mut other,
        key(&app, "htx.new", "UTH2019"),
        Some(dec("31")),
        Expect::Anything,
    )
    .unwrap();
    typ(&mut app, "0\r");
    app.update(Action::Tick);
    assert_eq!(
        app.session.values().value(&key(&app, "htx.new", "UTH2019")),
        Some(dec("31")),
        "the other session's figure is on screen"
    );
    assert_eq!(
        app.session.values().value(&key(&app, "htx.total", "KH2020")),
        Some(dec("210"))
    );
}

#[test]
fn the_users_own_saved_message_is_not_hidden_by_news_of_others() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    let mut other = common::open(&p);
    typ(&mut app, "\t21");
    set(
        &mut other,
        key(&app, "htx.new", "UTH2019"),
        Some(dec("31")),
        Expect::Anything,
    )
    .unwrap();
    typ(&mut app, "0\r");
    app.update(Action::Tick);
    let said = app.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(said.starts_with("Đã ghi"), "the user sees their own save first: {said}");
    assert_eq!(
        app.session.values().value(&key(&app, "htx.new", "UTH2019")),
        Some(dec("31")),
        "while the other session's figure is already on screen"
    );
    std::thread::sleep(std::time::Duration::from_millis(1600));
    app.update(Action::Tick);
    let said = app.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(said.contains("vừa được cập nhật"), "then the news: {said}");
}

#[test]
fn a_scenario_change_shows_beside_a_finding_mark_without_colour() {
    let (_d, p) = tmp();
    let mut app = app_at(&p);
    app.session.create_scenario("X").unwrap();
    app.switch_to(Some("X".into()));
    app.jump_to(key(&app, "htx.total", "UTH2019"));
    typ(&mut app, "180\r");
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| kttt::tui::views::draw(f, &mut app)).unwrap();
    let screen = t.backend().to_string();
    assert!(screen.contains("180#!"), "{screen}");
}

#[test]
fn stored_text_never_reaches_the_screen_raw() {
    let (_d, p) = tmp();
    drop(common::open(&p));
    let hostile = "Bắc Kạn\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}";
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute(
            "UPDATE org_unit SET name_vi = ?1, short_vi = ?1, name_en = ?1",
            [hostile],
        )
        .unwrap();
    let mut app = app_at(&p);
    press(&mut app, KeyCode::Char('o'));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| kttt::tui::views::draw(f, &mut app)).unwrap();
    let screen = t.backend().to_string();
    assert!(screen.contains("Bắc Kạn"), "{screen}");
    assert!(
        !screen
            .chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{202e}'),
        "{screen:?}"
    );
}
