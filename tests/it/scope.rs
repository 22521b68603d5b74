//! What a process reads does not grow with the units outside its scope: `catalog` (a
//! database handle, no figures), `show` and `set` (a session on one unit, its slice read
//! once) read the same unit rows from the seed as from the seed with 3.030 more units under
//! another province.

use crate::common;

use common::backend::{Backend, TestDb};
use kttt::domain::period::Period;
use kttt::i18n::Lang;
use kttt::session::{Db, OpenOptions};

/// 30 districts of 100 communes each under the new Thái Nguyên: far from Ba Bể.
fn add_units(t: &TestDb) {
    t.exec(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 29)
         INSERT INTO org_unit (code, level, parent, name_vi, name_en, short_vi, valid_from, position, key_vi, key_short, key_en)
         SELECT 'xd-' || i, 'district', 'thai-nguyen', 'Huyện Thử ' || i, 'Test district ' || i, 'Thử ' || i,
                '2025-07-01', 10000 + i * 101, 'huyen thu ' || i, 'thu ' || i, 'test district ' || i FROM n;
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2999)
         INSERT INTO org_unit (code, level, parent, name_vi, name_en, short_vi, valid_from, position, key_vi, key_short, key_en)
         SELECT 'xc-' || i, 'commune', 'xd-' || (i / 100), 'Xã Thử ' || i, 'Test commune ' || i, 'Thử ' || i,
                '2025-07-01', 10001 + (i / 100) * 101 + i % 100, 'xa thu ' || i, 'thu ' || i, 'test commune ' || i FROM n;",
    );
}

/// What `catalog`, `show --unit ba-be` and `set --unit ba-be htx.total KH2020` read: unit
/// rows for each, and how often the set's slice was read.
fn reads(t: &TestDb) -> (usize, usize, usize, usize) {
    let o = || OpenOptions::new(t.choice(), Lang::Vi);
    let catalog = Db::open(&o()).unwrap();
    assert!(!catalog.catalog().indicators.is_empty());
    let show = kttt::session::open(&OpenOptions {
        unit: Some("ba-be".into()),
        ..o()
    })
    .unwrap();
    assert_eq!(show.slice_reads(), 1);
    let period = Period::parse("KH2020").unwrap();
    let mut set = kttt::session::open(&OpenOptions {
        unit: Some("ba-be".into()),
        period: Some(period),
        ..o()
    })
    .unwrap();
    set.focus(period).unwrap();
    let k = set.key(
        set.catalog().find("htx.total").unwrap(),
        period,
        kttt::domain::catalog::FundingId::TOTAL,
    );
    set.set(k, Some(common::dec("12")), None).unwrap();
    (
        catalog.units_read(),
        show.db().units_read(),
        set.db().units_read(),
        set.slice_reads(),
    )
}

both! {
    fn catalog_show_and_set_read_nothing_of_the_units_outside_their_scope(b) {
        let plain = TestDb::seeded(b);
        let big = TestDb::seeded(b);
        add_units(&big);
        assert_eq!(big.count("SELECT count(*) FROM org_unit") - plain.count("SELECT count(*) FROM org_unit"), 3030);
        let (catalog, show, set, set_slices) = reads(&big);
        assert_eq!((catalog, show, set, set_slices), reads(&plain), "the same rows with 3.030 more units");
        // catalog holds the top units only; a district's view is far from the whole tree.
        assert_eq!(catalog, 3);
        assert!(show < 200, "{show}");
        assert_eq!(set_slices, 1, "set reads its slice once");
    }
}

/// The picker's search finds units in the store, holding only its hits and those above.
#[test]
fn a_search_holds_its_hits_not_the_tree() {
    let t = TestDb::seeded(Backend::Sqlite);
    add_units(&t);
    let mut s = kttt::session::open(&OpenOptions {
        unit: Some("ba-be".into()),
        ..OpenOptions::new(t.choice(), Lang::Vi)
    })
    .unwrap();
    let before = s.db().units_read();
    let hits = s.db_mut().search_units("Xã Thử 12", Some(2026), 50).unwrap();
    let names: Vec<String> = hits.iter().map(|h| s.orgs().get(*h).name.vi.clone()).collect();
    assert_eq!(names.len(), 50, "at most the limit: {names:?}");
    assert!(names.iter().all(|n| n.starts_with("Xã Thử 12")), "{names:?}");
    // 50 communes and the 3 districts above them (the province is held already).
    assert!(
        s.db().units_read() - before <= 50 + 3,
        "{}",
        s.db().units_read() - before
    );
}

both! {
    fn a_lean_sheet_served_by_kept_roll_ups_holds_only_the_units_near_its_unit(b) {
        let t = TestDb::seeded(b);
        // Units under the province's districts: 100 villages under Ba Bể, for 2020.
        t.exec(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99)
             INSERT INTO org_unit (code, level, parent, name_vi, name_en, short_vi, valid_from, position, key_vi, key_short, key_en)
             SELECT 'xv-' || i, 'commune', 'ba-be', 'Xã Thử ' || i, 'Test commune ' || i, 'Thử ' || i,
                    '2015-01-01', 20000 + i, 'xa thu ' || i, 'thu ' || i, 'test commune ' || i FROM n;",
        );
        let lean = || {
            kttt::session::open(&OpenOptions {
                lean: true,
                ..OpenOptions::new(t.choice(), Lang::Vi)
            })
            .unwrap()
        };
        let view = |s: &kttt::session::Session| {
            format!("{:?}", s.plan_view(kttt::domain::view::ViewOptions::default()).sheets)
        };
        // The first works the province's roll-ups out from the whole tree below it and keeps
        // them; the second is drawn from them and holds only the province, those above it,
        // its districts and the units it ended into — none of the 100 communes.
        let first = lean();
        let whole = first.db().units_read();
        assert!(whole > 100, "{whole}");
        let (sheets, parts) = (view(&first), first.parts());
        let parts: Vec<String> = parts.iter().map(|p| first.orgs().get(*p).code.clone()).collect();
        drop(first);
        let mut second = lean();
        assert!(second.parts_unread(), "drawn from the kept roll-ups");
        let near = second.db().units_read();
        assert!(near + 100 <= whole, "{near} of {whole}");
        let codes: Vec<String> = second.parts().iter().map(|p| second.orgs().get(*p).code.clone()).collect();
        assert_eq!((view(&second), codes), (sheets.clone(), parts));
        // Once the parts are needed, the tree below is held and read: the same sheets.
        second.need_parts().unwrap();
        assert_eq!(second.db().units_read(), whole);
        assert_eq!(view(&second), sheets);
    }
}

both! {
    fn the_by_unit_table_reads_its_parts_figures_once_not_with_the_session(b) {
        let t = TestDb::seeded(b);
        // Ba Bể has entered its 2020 plan (the sample plan has the province's figures only).
        let period = Period::parse("KH2020").unwrap();
        let mut w = kttt::session::open(&OpenOptions {
            unit: Some("ba-be".into()),
            period: Some(period),
            ..OpenOptions::new(t.choice(), Lang::Vi)
        })
        .unwrap();
        w.focus(period).unwrap();
        let k = w.key(w.catalog().find("htx.total").unwrap(), period, kttt::domain::catalog::FundingId::TOTAL);
        w.set(k, Some(common::dec("120")), None).unwrap();
        drop(w);
        let open = |own_only: bool| {
            kttt::session::open(&OpenOptions {
                own_only,
                ..OpenOptions::new(t.choice(), Lang::Vi)
            })
            .unwrap()
        };
        let (mut full, mut own) = (open(false), open(true));
        // The province's own figures only: none of its districts'.
        assert!(own.rows_read() < full.rows_read(), "{} vs {}", own.rows_read(), full.rows_read());
        let start = own.rows_read();
        let htx = own.catalog().find("htx.total").unwrap();
        let table = own.deep_by_unit(htx, kttt::domain::catalog::FundingId::TOTAL).unwrap();
        assert_eq!(table, full.deep_by_unit(htx, kttt::domain::catalog::FundingId::TOTAL).unwrap());
        assert!(own.rows_read() > start, "the table read the parts' figures it shows");
        assert_eq!(table.parts.len(), 8, "Bắc Kạn's 8 districts");
        // Asked for later, the parts are read and the session's roll-ups are the full one's.
        own.need_parts().unwrap();
        let view = |s: &kttt::session::Session| {
            format!("{:?}", s.plan_view(kttt::domain::view::ViewOptions::default()).sheets)
        };
        assert_eq!(view(&own), view(&full));
    }
}

both! {
    fn a_code_with_quotes_commas_braces_and_backslashes_is_found_by_its_list(b) {
        let t = TestDb::seeded(b);
        let odd = r#"x"y\z,{w} 1"#;
        t.exec(&format!(
            "INSERT INTO org_unit (code, level, parent, name_vi, name_en, short_vi, valid_from, position, key_vi, key_short, key_en)
             VALUES ('{}', 'commune', 'ba-be', 'Xã Lạ', 'Odd commune', 'Lạ', '2015-01-01', 30000, 'xa la', 'la', 'odd commune')",
            odd.replace('\'', "''")
        ));
        let mut s = kttt::session::open(&OpenOptions::new(t.choice(), Lang::Vi)).unwrap();
        let id = s.unit_of_code(odd).expect("held by its code");
        assert_eq!(s.orgs().get(id).code, odd);
        assert_eq!(s.orgs().get(id).name.vi, "Xã Lạ");
        // Held with its district's tree too: the list of codes below reads it back.
        let ba_be = s.unit_of_code("ba-be").unwrap();
        s.db_mut().hold_tree(ba_be).unwrap();
        assert!(s.orgs().children_at(ba_be, "2020-12-31").contains(&id));
    }
}
