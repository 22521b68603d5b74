//! What the app draws, through ratatui's TestBackend: every tab at 80×24 and 120×40 in
//! Vietnamese and English, an edit in progress with its live percentages, and the popups.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kttt::i18n::Lang;
use kttt::session::Session;
use kttt::store::Fill;
use kttt::store::sqlite::SqliteStore;
use kttt::tui::app::App;
use kttt::tui::theme::Theme;
use kttt::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(lang: Lang) -> App {
    let store = SqliteStore::open_in_memory(Fill::Seed).unwrap();
    App::new(Session::new(Box::new(store), lang).unwrap(), Theme { mono: false })
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| views::draw(f, app)).unwrap();
    t.backend().to_string()
}

#[test]
fn every_tab_at_both_sizes_in_both_languages() {
    for lang in [Lang::Vi, Lang::En] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut a = app(lang);
            for tab in 0..a.tab_count() {
                a.tab = tab;
                let name = format!("tab{}_{}_{w}x{h}", tab + 1, lang.code());
                insta::assert_snapshot!(name, screen(&mut a, w, h));
            }
        }
    }
}

#[test]
fn an_edit_in_progress_shows_live_percentages() {
    let mut a = app(Lang::Vi);
    press(&mut a, KeyCode::Tab);
    for c in "110%".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    insta::assert_snapshot!("edit_target_shortcut_vi_80x24", screen(&mut a, 80, 24));
    let mut a = app(Lang::Vi);
    press(&mut a, KeyCode::Tab);
    for c in "1,2,3".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    insta::assert_snapshot!("edit_invalid_vi_80x24", screen(&mut a, 80, 24));
}

#[test]
fn popups_and_the_too_small_note() {
    let mut a = app(Lang::Vi);
    press(&mut a, KeyCode::Char('!'));
    insta::assert_snapshot!("findings_vi_80x24", screen(&mut a, 80, 24));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('?'));
    insta::assert_snapshot!("help_vi_80x24", screen(&mut a, 80, 24));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('/'));
    for c in "thanh vien".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    insta::assert_snapshot!("search_vi_80x24", screen(&mut a, 80, 24));
    let mut a = app(Lang::En);
    insta::assert_snapshot!("too_small_en_50x12", screen(&mut a, 50, 12));
}

#[test]
fn a_failing_rule_is_marked_and_explained_in_the_detail_line() {
    let mut a = app(Lang::Vi);
    press(&mut a, KeyCode::Char('!'));
    press(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("176!"), "{s}");
    insta::assert_snapshot!("sector_error_vi_80x24", s);
}

#[test]
fn a_scenario_shows_in_the_header_its_cells_are_marked_and_compared() {
    let mut a = app(Lang::Vi);
    a.session.create_scenario("Tăng HTX").unwrap();
    a.switch_to(Some("Tăng HTX".into()));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Left);
    for c in "180".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Up);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("PHƯƠNG ÁN: Tăng HTX"));
    insta::assert_snapshot!("scenario_marked_vi_80x24", s);
    press(&mut a, KeyCode::Char('c'));
    insta::assert_snapshot!("scenario_compare_vi_80x24", screen(&mut a, 80, 24));
    insta::assert_snapshot!("scenario_compare_vi_120x40", screen(&mut a, 120, 40));
    let mut e = app(Lang::En);
    e.session.create_scenario("High").unwrap();
    e.switch_to(Some("High".into()));
    press(&mut e, KeyCode::Tab);
    for c in "+10%".chars() {
        press(&mut e, KeyCode::Char(c));
    }
    press(&mut e, KeyCode::Enter);
    press(&mut e, KeyCode::Char('c'));
    insta::assert_snapshot!("scenario_compare_en_80x24", screen(&mut e, 80, 24));
}
