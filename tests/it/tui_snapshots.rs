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

pub(crate) fn app(lang: Lang) -> App {
    let store = SqliteStore::open_in_memory(Fill::Seed).unwrap();
    App::new(Session::new(store, lang).unwrap(), Theme { mono: false })
}

pub(crate) fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The app in a new scenario, `text` typed into Phụ lục 1's first plan cell (KH2020 of the
/// cooperatives) and entered.
pub(crate) fn typed_in_scenario(lang: Lang, name: &str, text: &str) -> App {
    let mut a = typing_in_scenario(lang, name, text);
    press(&mut a, KeyCode::Enter);
    a
}

pub(crate) fn screen(app: &mut App, w: u16, h: u16) -> String {
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
    let mut e = typed_in_scenario(Lang::En, "High", "+10%");
    press(&mut e, KeyCode::Char('c'));
    insta::assert_snapshot!("scenario_compare_en_80x24", screen(&mut e, 80, 24));
}

/// The seeded province with figures for three of its districts.
pub(crate) fn app_with_districts() -> App {
    use kttt::domain::catalog::FundingId;
    use kttt::domain::period::Period;
    use kttt::domain::values::CellKey;
    let mut a = app(Lang::Vi);
    let s = &mut a.session;
    let bk = s.org();
    let total = s.catalog().find("htx.total").unwrap();
    for (code, kh19, uth19, kh20) in [("ba-be", 20, 22, 25), ("cho-don", 30, 28, 31), ("na-ri", 18, 18, 19)] {
        let org = s.orgs().by_code(code).unwrap();
        s.set_org(org).unwrap();
        for (p, v) in [("KH2019", kh19), ("UTH2019", uth19), ("KH2020", kh20)] {
            let k = CellKey::new(total, org, Period::parse(p).unwrap(), FundingId::TOTAL);
            s.set(k, Some(v.into()), None).unwrap();
        }
    }
    s.set_org(bk).unwrap();
    a
}

#[test]
fn the_by_unit_view_and_its_live_total() {
    let mut a = app_with_districts();
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('t'));
    insta::assert_snapshot!("by_unit_vi_80x24", screen(&mut a, 80, 24));
    // Ba Bể's plan for 2020 retyped: the total row follows before Enter.
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down);
    for c in "40".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    insta::assert_snapshot!("by_unit_typing_vi_80x24", screen(&mut a, 80, 24));
}

#[test]
fn the_unit_picker_as_a_tree_and_searched() {
    let mut a = app(Lang::Vi);
    press(&mut a, KeyCode::Char('o'));
    insta::assert_snapshot!("picker_tree_vi_80x24", screen(&mut a, 80, 24));
    // Every unit ever, searched without diacritics: the new Xã Ba Bể and the old Huyện Ba Bể.
    press(&mut a, KeyCode::Tab);
    for c in "ba be".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    insta::assert_snapshot!("picker_search_vi_80x24", screen(&mut a, 80, 24));
}

/// At 80×24 nothing under the table is cut off: the selected row's full name, a refusal
/// of what is typed with its hint to the end; and the refusal drawn at the table never
/// covers the row being typed or the one above it.
#[test]
fn at_80_by_24_the_whole_name_and_message_show_and_the_edited_row_stays_clear() {
    let mut a = app(Lang::Vi);
    a.tab = 1;
    let id = a.session.catalog().find("htx.managers.college").unwrap_or_else(|| {
        let c = a.session.catalog();
        c.indicators
            .iter()
            .find(|i| i.name.vi.contains("cao đẳng, đại học"))
            .unwrap()
            .id
    });
    let key = a.session.key(
        id,
        kttt::domain::period::Period::parse("KH2020").unwrap(),
        kttt::domain::catalog::FundingId::TOTAL,
    );
    a.jump_to(key);
    let s = screen(&mut a, 80, 24);
    let flat = s.replace("\"\n\"", " ").replace("  ", " ");
    assert!(
        flat.contains("Số cán bộ quản lý HTX đã qua đào tạo đạt trình độ cao đẳng, đại học trở lên"),
        "{s}"
    );
    // Typed wrong, at the bottom of the window.
    a.on_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('1'),
        crossterm::event::KeyModifiers::NONE,
    ));
    a.on_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('a'),
        crossterm::event::KeyModifiers::NONE,
    ));
    let s = screen(&mut a, 80, 24);
    let flat = s.replace("\"\n\" ", " ").replace("\"\n\"", " ");
    assert!(flat.contains("để trống hoặc “-” là không có số liệu."), "{s}");
    let lines: Vec<&str> = s.lines().collect();
    let typed = lines
        .iter()
        .position(|l| l.contains(" 1a "))
        .expect("the row being typed");
    assert!(!lines[typed - 1].contains('✗') && !lines[typed].contains('✗'), "{s}");
    assert!(lines[typed + 1].contains('✗'), "the refusal goes below: {s}");
}

#[test]
fn a_partial_roll_up_is_marked_and_its_coverage_is_in_the_status_line() {
    // Ba Bể alone entered no unions (0) for 2018: the province's figure is 1 district of 8.
    let store = SqliteStore::open_in_memory(Fill::Seed).unwrap();
    let mut s = Session::new(store, Lang::Vi).unwrap();
    let bk = s.org();
    let ba_be = s.orgs().by_code("ba-be").unwrap();
    s.set_org(ba_be).unwrap();
    let lh = s.catalog().find("lh.total").unwrap();
    let k = s.key(
        lh,
        kttt::domain::period::Period::parse("TH2018").unwrap(),
        kttt::domain::catalog::FundingId::TOTAL,
    );
    s.set(k, Some(rust_decimal::Decimal::ZERO), None).unwrap();
    s.set_org(bk).unwrap();
    let mut a = App::new(s, Theme { mono: false });
    a.tab = 1;
    let v = a.sheet_view(1, &[]);
    let row = v
        .rows
        .iter()
        .position(|r| r.kind == kttt::domain::sheet::RowKind::Indicator(lh))
        .expect("the unions' row on the cooperatives tab");
    a.cursors[0].row = row;
    a.cursors[0].col = 0;
    let shown = screen(&mut a, 120, 40);
    let line = shown
        .lines()
        .find(|l| l.contains("Tổng số liên hiệp hợp tác xã"))
        .unwrap();
    assert!(line.contains("0~") && !line.contains("0+"), "{line}");
    assert!(
        shown.contains("~ Chưa nhập cho đơn vị này; cộng từ các đơn vị cấp dưới: 1/8 huyện (chưa đủ"),
        "{shown}"
    );
}

#[test]
fn the_balance_key_writes_what_a_typed_target_implies_and_u_undoes_it() {
    use kttt::domain::values::Values;
    let mut a = typed_in_scenario(Lang::Vi, "220 HTX", "220");
    press(&mut a, KeyCode::Char('='));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Đã cân đối"), "{s}");
    insta::assert_snapshot!("balance_vi_80x24", s);
    let new = a.session.key(
        a.session.catalog().find("htx.new").unwrap(),
        kttt::domain::period::Period::parse("KH2020").unwrap(),
        kttt::domain::catalog::FundingId::TOTAL,
    );
    // 176 + new − 5 = 220.
    assert_eq!(a.session.values().value(&new), Some(49.into()));
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(a.session.values().value(&new), Some(25.into()));
    // Without a scenario the key says how to open one.
    let mut b = app(Lang::En);
    press(&mut b, KeyCode::Tab);
    press(&mut b, KeyCode::Char('='));
    assert!(screen(&mut b, 80, 24).contains("No scenario is active"));
}

/// The app in a new scenario with `text` typed into Phụ lục 1's first plan cell, not entered.
pub(crate) fn typing_in_scenario(lang: Lang, name: &str, text: &str) -> App {
    let mut a = app(lang);
    a.session.create_scenario(name).unwrap();
    a.switch_to(Some(name.into()));
    press(&mut a, KeyCode::Tab);
    for c in text.chars() {
        press(&mut a, KeyCode::Char(c));
    }
    a
}

#[test]
fn typing_a_target_in_a_scenario_shows_what_it_implies_live() {
    let mut a = typing_in_scenario(Lang::Vi, "220 HTX", "220");
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("implied_typing_vi_80x24", s);
    // 220 = 176 + new − 5 dissolved: 49 new.
    assert!(s.contains("⇒"), "{s}");
    assert!(s.contains("HTX thành lập mới 49 nếu HTX giải thể 5"), "{s}");
    // One more digit and the line follows: 2201 = 176 + new − 5.
    press(&mut a, KeyCode::Char('1'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("2.030 nếu HTX giải thể 5"), "{s}");
    // Esc: nothing was written, the line is gone.
    press(&mut a, KeyCode::Esc);
    let s = screen(&mut a, 80, 24);
    assert!(!s.contains("⇒"), "{s}");
    // Without a scenario the app does not plan: no implication while typing.
    let mut b = app(Lang::Vi);
    press(&mut b, KeyCode::Tab);
    for c in "220".chars() {
        press(&mut b, KeyCode::Char(c));
    }
    assert!(!screen(&mut b, 80, 24).contains("⇒"));
}

#[test]
fn the_goal_key_finds_the_figure_for_a_growth_and_writes_it_undoably() {
    use kttt::domain::values::Values;
    let mut a = typing_in_scenario(Lang::Vi, "Mục tiêu", "");
    let cell = a.selected_key().unwrap();
    let before = a.session.values().value(&cell);
    press(&mut a, KeyCode::Char('M'));
    // The field opens with a growth goal for the row, and shows the figure found already.
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("seek_vi_80x24", s);
    // 110% of the estimate 176 is 193,6: a count, so 194 (110,2%).
    assert!(s.contains("→ 194, đạt 110,2%"), "{s}");
    // A goal that cannot be read says how to write one, and the field stays open.
    press(&mut a, KeyCode::Char('x'));
    assert!(screen(&mut a, 80, 24).contains("Viết mục tiêu"));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.session.values().value(&cell), before);
    // A plain figure for the plan: = 200 on the row's KH.
    for _ in 0..20 {
        press(&mut a, KeyCode::Backspace);
    }
    for c in "KH/ƯTH = 125%".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter);
    // 125% of 176 = 220, written into the scenario, not the official figures.
    assert_eq!(a.session.values().value(&cell), Some(220.into()));
    assert_eq!(a.session.values_official().value(&cell), before);
    assert!(screen(&mut a, 80, 24).contains("Đã ghi theo mục tiêu"));
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(a.session.values().value(&cell), before);
    // Outside a scenario the key says how to open one.
    let mut b = app(Lang::En);
    press(&mut b, KeyCode::Tab);
    press(&mut b, KeyCode::Char('M'));
    assert!(screen(&mut b, 80, 24).contains("Goal seek works in a scenario"));
}

#[test]
fn scenarios_side_by_side_with_the_official_figures() {
    let mut a = typed_in_scenario(Lang::Vi, "220 HTX", "220");
    a.session.create_scenario("200 HTX").unwrap();
    a.switch_to(Some("200 HTX".into()));
    // Enter moved down a row: back to the total.
    press(&mut a, KeyCode::Up);
    for c in "200".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter);
    // `C` asks what to put side by side; as it opens: both scenarios, the changed cells.
    press(&mut a, KeyCode::Char('C'));
    press(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("side_vi_80x24", s);
    for want in ["Chính thức", "200 HTX", "220 HTX", "* Tổng số HTX", "Kiểm tra"] {
        assert!(s.contains(want), "{want}: {s}");
    }
    // The row of the typed cell: the official figure, then each scenario's (the active first).
    let row = s
        .lines()
        .find(|l| l.contains("* Tổng số HTX") && l.contains("KH 2020"))
        .unwrap();
    let row = row.trim_end_matches(['"', ' ', '│']);
    let figures: Vec<&str> = row.split_whitespace().rev().take(3).collect();
    assert_eq!(figures, ["220", "200", "201"], "{row}");
    press(&mut a, KeyCode::Esc);
    assert!(!screen(&mut a, 80, 24).contains("Chính thức"));
}

/// Bắc Kạn's districts (`app_with_districts`) with 100 cooperatives for 2020 allocated over
/// them in proportion to their 2019 estimates, in the scenario "Giao huyện", by unit.
pub(crate) fn allocated_by_unit() -> App {
    use kttt::domain::catalog::FundingId;
    use kttt::domain::period::Period;
    use kttt::domain::planning::allocate::Method;
    let mut a = app_with_districts();
    a.session.create_scenario("Giao huyện").unwrap();
    let total = a.session.catalog().find("htx.total").unwrap();
    let cell = a.session.key(total, Period::parse("KH2020").unwrap(), FundingId::TOTAL);
    let by = Period::parse("UTH2019").unwrap();
    // 100 over 22, 28, 18 (ƯTH 2019): 32,35 · 41,18 · 26,47 → 32, 41, 27.
    a.session
        .allocate_scenario(
            "Giao huyện",
            cell,
            Some(100.into()),
            by,
            Method::Proportional,
            "test",
            true,
        )
        .unwrap()
        .unwrap();
    a.switch_to(Some("Giao huyện".into()));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('t'));
    a
}

#[test]
fn the_by_unit_view_shows_an_allocation_beside_what_each_unit_proposed() {
    let mut a = allocated_by_unit();
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("by_unit_allocation_vi_80x24", s);
    assert!(s.contains("Tự đề xuất (chênh)"), "{s}");
    // Ba Bể proposed 25 and is given 32 (+7); Chợ Đồn 31 → 41 (+10); Na Rì 19 → 27 (+8).
    for (unit, want) in [("Ba Bể", "25 (+7)"), ("Chợ Đồn", "31 (+10)"), ("Na Rì", "19 (+8)")] {
        let row = s.lines().find(|l| l.contains(unit)).unwrap();
        assert!(row.contains(want), "{unit}: {row}");
    }
    // Without a scenario the column is the entry state again.
    a.switch_to(None);
    assert!(!screen(&mut a, 80, 24).contains("Tự đề xuất"));
}
