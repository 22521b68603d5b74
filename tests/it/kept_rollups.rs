//! Roll-ups kept between processes: a province's sheet opened a second time is drawn from
//! the roll-ups the first worked out, without reading its districts' figures — the same
//! sheet, the same checks — and never once a figure below it, the units or the form moved,
//! however the figure was written (kttt, or another tool straight into the table).

use crate::common;

use common::backend::TestDb;
use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::view::ViewOptions;
use kttt::i18n::Lang;
use kttt::session::{OpenOptions, Session};

fn open(t: &TestDb, lean: bool) -> Session {
    kttt::session::open(&OpenOptions {
        lean,
        ..OpenOptions::new(t.choice(), Lang::Vi)
    })
    .unwrap()
}

/// The sheets, checks and parts' starts as shown (unit ids aside: each process has its own).
fn shown(s: &Session) -> (String, usize, Vec<usize>) {
    let view = s.plan_view(ViewOptions::default());
    (format!("{:?}", view.sheets), view.findings.len(), s.parts_started())
}

/// A district's htx.total for KH 2020, written by a session of its own.
fn set_district(t: &TestDb, unit: &str, figure: &str) {
    let period = Period::parse("KH2020").unwrap();
    let mut w = kttt::session::open(&OpenOptions {
        unit: Some(unit.into()),
        period: Some(period),
        ..OpenOptions::new(t.choice(), Lang::Vi)
    })
    .unwrap();
    w.focus(period).unwrap();
    let k = w.key(w.catalog().find("htx.total").unwrap(), period, FundingId::TOTAL);
    w.set(k, Some(common::dec(figure)), None).unwrap();
}

/// The province's roll-up of htx.total, KH 2020.
fn rolled_total(s: &Session) -> Option<rust_decimal::Decimal> {
    let key = s.key(
        s.catalog().find("htx.total").unwrap(),
        Period::parse("KH2020").unwrap(),
        FundingId::TOTAL,
    );
    kttt::domain::values::Values::rolled(&s.values(), &key).and_then(|r| r.value)
}

both! {
    fn a_sheet_opens_from_kept_roll_ups_until_anything_they_come_from_moves(b) {
        let t = TestDb::seeded(b);
        // Two districts have entered their 2020 plan (the sample plan has the province's only).
        set_district(&t, "ba-be", "120");
        set_district(&t, "pac-nam", "30");
        // A session that only writes keeps nothing.
        assert_eq!(t.count("SELECT count(*) FROM rollup_kept"), 0);
        assert_eq!(t.count("SELECT count(*) FROM rollup_kept WHERE org_unit = 'bac-kan'"), 0);
        // Nothing kept yet: the districts' figures are read, the roll-ups kept.
        let first = open(&t, true);
        assert!(!first.parts_unread());
        let full = shown(&first);
        assert_eq!(t.count("SELECT count(*) FROM rollup_kept WHERE org_unit = 'bac-kan'"), 1);
        // Kept and current: drawn from them, far fewer figures read, the same sheet.
        let second = open(&t, true);
        assert!(second.parts_unread());
        assert!(second.rows_read() < first.rows_read(), "{} vs {}", second.rows_read(), first.rows_read());
        assert_eq!(rolled_total(&second), Some(common::dec("150")));
        assert_eq!(shown(&second), full);
        assert_eq!(rolled_total(&second), rolled_total(&first));
        // A session that is not lean reads the parts whatever is kept.
        assert!(!open(&t, false).parts_unread());

        // Another session changes a district's figure: the kept roll-ups are behind.
        set_district(&t, "ba-be", "125");
        let third = open(&t, true);
        assert!(!third.parts_unread(), "a district's new figure is read");
        assert_eq!(rolled_total(&third), Some(common::dec("155")));
        // …and kept again: the next one is drawn from the new roll-ups.
        let fourth = open(&t, true);
        assert!(fourth.parts_unread());
        assert_eq!(rolled_total(&fourth), Some(common::dec("155")));
        assert_eq!(shown(&fourth), shown(&open(&t, false)));

        // Another tool writes a figure straight into the table: behind as well.
        t.exec("UPDATE value SET value = '1' WHERE org_unit = 'ba-be' AND indicator = 'htx.total' AND year = 2020 AND kind = 'plan' AND funding = 'total'");
        let fifth = open(&t, true);
        assert!(!fifth.parts_unread());
        assert_eq!(rolled_total(&fifth), Some(common::dec("31")));
        assert_eq!(shown(&fifth), shown(&open(&t, false)));
        assert!(open(&t, true).parts_unread());

        // The units change: behind.
        t.exec("UPDATE org_unit SET name_en = 'Ba Be district' WHERE code = 'ba-be'");
        assert!(!open(&t, true).parts_unread());

        // Roll-ups kept by another build or for another form are not read.
        assert!(open(&t, true).parts_unread());
        t.exec("UPDATE rollup_kept SET form = 'another'");
        assert!(!open(&t, true).parts_unread());
        // Unreadable kept text is worked out again, never shown.
        t.exec("UPDATE rollup_kept SET cells = 'started\\t1\\nperiods\\tbroken\\n'");
        let broken = open(&t, true);
        assert!(!broken.parts_unread());
        assert_eq!(shown(&broken), shown(&open(&t, false)));

        // A lean session reads its parts when asked, and its roll-ups are worked out from them.
        let mut lean = open(&t, true);
        assert!(lean.parts_unread());
        let kept = shown(&lean);
        lean.need_parts().unwrap();
        assert!(!lean.parts_unread());
        assert!(lean.rows_read() > second.rows_read());
        assert_eq!(shown(&lean), kept);
        let ind = lean.catalog().find("htx.total").unwrap();
        let full_session = open(&t, false);
        let (a, b) = (lean.by_unit(ind, FundingId::TOTAL), full_session.by_unit(ind, FundingId::TOTAL));
        assert_eq!(format!("{:?}{:?}{:?}", a.total, a.coverage, a.rolled), format!("{:?}{:?}{:?}", b.total, b.coverage, b.rolled));
        assert_eq!(a.parts.len(), 8);
    }
}

/// A scenario's roll-ups are worked out from its own figures and never kept.
#[test]
fn a_scenario_keeps_nothing_and_reads_its_parts() {
    let t = TestDb::seeded(common::backend::Backend::Sqlite);
    let mut s = open(&t, true);
    s.create_scenario("Thử").unwrap();
    let kept = t.count("SELECT count(*) FROM rollup_kept");
    let lean = kttt::session::open(&OpenOptions {
        lean: true,
        scenario: Some("Thử".into()),
        ..OpenOptions::new(t.choice(), Lang::Vi)
    })
    .unwrap();
    assert!(!lean.parts_unread());
    assert_eq!(t.count("SELECT count(*) FROM rollup_kept"), kept);
}

/// The app at 80×24 as `tui::run` opens it: its first frame drawn from the kept roll-ups
/// is the frame drawn from the parts' figures, on every tab, before and after it reads them.
#[test]
fn the_apps_first_frame_from_kept_roll_ups_is_the_same_as_from_the_parts() {
    use kttt::tui::{app::App, theme::Theme, views};
    use ratatui::{Terminal, backend::TestBackend};
    let screen = |app: &mut App| {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| views::draw(f, app)).unwrap();
        t.backend().to_string()
    };
    let t = TestDb::seeded(common::backend::Backend::Sqlite);
    set_district(&t, "ba-be", "120");
    set_district(&t, "cho-don", "31");
    let _ = open(&t, true);
    let mut kept = App::new(open(&t, true), Theme { mono: false });
    assert!(kept.session.parts_unread());
    let mut full = App::new(open(&t, false), Theme { mono: false });
    for tab in 0..full.tab_count() {
        kept.tab = tab;
        full.tab = tab;
        let first = screen(&mut kept);
        assert_eq!(first, screen(&mut full), "tab {tab}");
        if tab == 0 {
            assert!(first.contains("Đơn vị cấp dưới đã nhập: PL1 2/8 · PL2 0/8"), "{first}");
        }
    }
    kept.session.need_parts().unwrap();
    assert!(!kept.session.parts_unread());
    for tab in 0..full.tab_count() {
        kept.tab = tab;
        full.tab = tab;
        assert_eq!(screen(&mut kept), screen(&mut full), "tab {tab} with the parts read");
    }
}
