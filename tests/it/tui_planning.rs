//! Planning in the app, through ratatui's TestBackend at 80×24: scenarios side by side with
//! the columns and rows chosen, goal seek on the roll-up of the units below from the by-unit
//! view, an allocation beside each unit's own proposal after hand edits.

use crate::tui_snapshots::{allocated_by_unit, app_with_districts, press, screen, typed_in_scenario};
use crossterm::event::KeyCode;
use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::values::{CellKey, Values};
use kttt::i18n::Lang;
use kttt::tui::app::App;
use rust_decimal::Decimal;

fn keys(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn down(a: &mut App, n: usize) {
    for _ in 0..n {
        press(a, KeyCode::Down);
    }
}

#[test]
fn side_by_side_with_the_columns_and_indicators_chosen() {
    let mut a = typed_in_scenario(Lang::Vi, "220 HTX", "220");
    a.session.create_scenario("200 HTX").unwrap();
    a.switch_to(Some("200 HTX".into()));
    press(&mut a, KeyCode::Up);
    keys(&mut a, "200");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Char('C'));
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("side_choose_vi_80x24", s);
    // The columns (official, the active scenario first), the kind of rows, the indicators:
    // the selected row's first (Tổng số HTX), then the headline ones.
    for want in [
        "[x] Cột: số chính thức",
        "[x] Cột: phương án 200 HTX",
        "[x] Cột: phương án 220 HTX",
        "(•) Dòng: các ô",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    // Untick the official figures; tick the total and the members (the 6th and 10th lines
    // of indicators are 5 and 9 below the first).
    press(&mut a, KeyCode::Char(' '));
    down(&mut a, 5);
    press(&mut a, KeyCode::Char(' '));
    let members = a
        .session
        .catalog()
        .get(a.session.catalog().find("htx.members").unwrap())
        .short
        .get(Lang::Vi)
        .to_string();
    let s = screen(&mut a, 80, 24);
    let line = s.lines().position(|l| l.contains(&members)).expect("members listed");
    let here = s.lines().position(|l| l.contains("[x] Tổng số HTX")).unwrap();
    down(&mut a, line - here);
    press(&mut a, KeyCode::Char('x'));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("[ ] Cột: số chính thức") && s.contains("(•) Dòng: các chỉ tiêu"),
        "{s}"
    );
    press(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("side_chosen_vi_80x24", s);
    let head = s.lines().find(|l| l.contains("│Chỉ tiêu")).unwrap();
    assert!(!head.contains("Chính thức") && head.contains("200 HTX"), "{s}");
    // Each figure and percentage in the two scenarios' columns; the checks of each stay in view.
    let row = |start: &str| -> Vec<String> {
        let l = s
            .lines()
            .find(|l| l.contains(start))
            .unwrap_or_else(|| panic!("{start}: {s}"));
        l.trim_end_matches(['"', ' ', '│'])
            .split_whitespace()
            .rev()
            .take(2)
            .map(str::to_string)
            .collect()
    };
    assert_eq!(row("* Tổng số HTX — KH 2020"), ["220", "200"]);
    assert_eq!(row(&format!("{members} — KH 2020 ")), ["1.809", "1.809"]);
    assert_eq!(row("Tổng số HTX — KH 2020/ƯTH 2019"), ["125,0%", "113,6%"]);
    assert!(s.contains("Kiểm tra (lỗi/cảnh báo/lưu ý)"), "{s}");
    // `C` goes back to the choice as it was; Esc closes.
    press(&mut a, KeyCode::Char('C'));
    assert!(screen(&mut a, 80, 24).contains("[ ] Cột: số chính thức"));
    press(&mut a, KeyCode::Esc);
    assert!(!screen(&mut a, 80, 24).contains("Cột:"));
}

#[test]
fn at_most_four_scenarios_side_by_side_and_one_at_least() {
    let mut a = typed_in_scenario(Lang::En, "S1", "220");
    for n in ["S2", "S3", "S4", "S5"] {
        a.session.create_scenario(n).unwrap();
    }
    press(&mut a, KeyCode::Char('C'));
    let s = screen(&mut a, 80, 24);
    // The active one first, four ticked; the fifth cannot be ticked before one is unticked.
    assert!(s.contains("[x] Column: scenario S1"), "{s}");
    assert_eq!(s.matches("[x] Column: scenario").count(), 4, "{s}");
    let fifth = s.lines().position(|l| l.contains("[ ] Column: scenario")).unwrap();
    let first = s.lines().position(|l| l.contains("[x] Column: the official")).unwrap();
    down(&mut a, fifth - first);
    press(&mut a, KeyCode::Char(' '));
    assert!(screen(&mut a, 80, 24).contains("At most 4 scenarios side by side"));
    // None ticked: the summary is not shown, and why is said.
    press(&mut a, KeyCode::Up);
    for _ in 0..4 {
        press(&mut a, KeyCode::Char(' '));
        press(&mut a, KeyCode::Up);
    }
    press(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Tick at least one scenario"), "{s}");
    assert!(s.contains("Column:"), "still choosing: {s}");
}

/// Ba Bể's cell of `code` for the plan of 2020.
fn ba_be(a: &App, code: &str) -> CellKey {
    let s = &a.session;
    CellKey::new(
        s.catalog().find(code).unwrap(),
        s.orgs().by_code("ba-be").unwrap(),
        Period::parse("KH2020").unwrap(),
        FundingId::TOTAL,
    )
}

#[test]
fn goal_seek_from_the_by_unit_view_moves_one_unit_for_the_roll_up() {
    // Ba Bể 25, Chợ Đồn 31, Na Rì 19 planned for 2020: the province rolls up to 75.
    let mut a = app_with_districts();
    a.session.create_scenario("Mục tiêu").unwrap();
    a.switch_to(Some("Mục tiêu".into()));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('t'));
    down(&mut a, 2);
    press(&mut a, KeyCode::Char('M'));
    // The province's roll-up to 100: Ba Bể must plan 100 − 31 − 19 = 50 (exactly, linear).
    keys(&mut a, "KH = 100");
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("by_unit_seek_vi_80x24", s);
    assert!(
        s.contains("Huyện Ba Bể 25 → 50, Tỉnh Bắc Kạn (tổng hợp) đạt 100"),
        "{s}"
    );
    press(&mut a, KeyCode::Enter);
    let key = ba_be(&a, "htx.total");
    assert_eq!(a.session.values().value(&key), Some(Decimal::from(50)));
    assert_eq!(
        a.session.values_official().value(&key),
        Some(Decimal::from(25)),
        "only in the scenario"
    );
    let t = a.by_unit_table().unwrap();
    let col = a.by_unit.unwrap().col;
    assert_eq!(t.total[col].value, Some(Decimal::from(100)));
    // Revenue per cooperative over the districts, weighted by their cooperatives (now 50,
    // 31, 19): 400, 600, 500 roll up to (20 000 + 18 600 + 9 500) / 100 = 481. For 520 Ba
    // Bể's average: (50·x + 28 100) / 100 = 520 → x = 478.
    let revenue = a.session.catalog().find("htx.revenue").unwrap();
    for (code, v) in [("ba-be", 400), ("cho-don", 600), ("na-ri", 500)] {
        let org = a.session.orgs().by_code(code).unwrap();
        let k = CellKey::new(revenue, org, Period::parse("KH2020").unwrap(), FundingId::TOTAL);
        a.session.set(k, Some(v.into()), None).unwrap();
    }
    a.by_unit = Some(kttt::tui::app::ByUnitView {
        indicator: revenue,
        ..a.by_unit.unwrap()
    });
    press(&mut a, KeyCode::Char('M'));
    keys(&mut a, "KH = 520");
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Huyện Ba Bể 400 → 478, Tỉnh Bắc Kạn (tổng hợp) đạt 520"),
        "{s}"
    );
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.session.values().value(&ba_be(&a, "htx.revenue")),
        Some(Decimal::from(478))
    );
    // One audited write each, undone by `u`.
    press(&mut a, KeyCode::Char('u'));
    assert_eq!(
        a.session.values().value(&ba_be(&a, "htx.revenue")),
        Some(Decimal::from(400))
    );
}

#[test]
fn the_by_unit_view_follows_hand_edits_after_an_allocation() {
    // 100 allocated over 22, 28, 18: 32, 41, 27 beside their own 25, 31, 19.
    let mut a = allocated_by_unit();
    // Ba Bể's allocation typed over by hand in the scenario: 35, ten more than it proposed.
    down(&mut a, 2);
    keys(&mut a, "35");
    press(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("by_unit_allocation_edited_vi_80x24", s);
    let row = |unit: &str| s.lines().find(|l| l.contains(unit)).unwrap().to_string();
    assert!(row("Ba Bể").contains("25 (+10)"), "{s}");
    assert!(row("Chợ Đồn").contains("31 (+10)"), "{s}");
    // The roll-up is 103 now, against the province's own 100.
    let t = a.by_unit_table().unwrap();
    let col = a.by_unit.unwrap().col;
    assert_eq!(
        (t.total[col].value, t.own[col].value),
        (Some(Decimal::from(103)), Some(Decimal::from(100)))
    );
}
