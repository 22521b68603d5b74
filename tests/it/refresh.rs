//! Following other sessions by the change cursor: a write from elsewhere reaches an open
//! session by re-reading only the cells it touched; nothing is read when nothing changed; and
//! after any mix of writes from several connections, catching up equals reading everything
//! again.

use crate::common;

use common::backend::{Backend, TestDb};
use common::*;
use kttt::domain::values::Values;
use kttt::store::Expect;
use kttt::store::sql::SqlStore;
use proptest::prelude::*;
use std::collections::HashMap;

/// The session's next refresh that finds something (a server's notification may take a
/// moment to arrive).
fn refreshed(s: &mut kttt::session::Session) -> kttt::session::Refresh {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let r = s.refresh().unwrap();
        if r.changed() || std::time::Instant::now() > deadline {
            return r;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

fn another_process_write_reaches_the_session_by_reading_only_that_cell(b: Backend) {
    let t = TestDb::seeded(b);
    let p = t.db.clone();
    let mut s = t.session();
    let k = skey(&s, "htx.total", "UTH2019");
    let growth = |s: &kttt::session::Session| {
        kttt::domain::attainment::growth(
            s.values().value(&skey(s, "htx.total", "KH2020")),
            s.values().value(&skey(s, "htx.total", "UTH2019")),
        )
    };
    assert_eq!(growth(&s), Some(dec("114.2")));
    // Nothing committed: nothing read.
    let before = s.rows_read();
    assert!(!s.refresh().unwrap().changed());
    assert_eq!(s.rows_read(), before);
    // Another process writes one cell.
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(["set", "htx.total", "UTH2019", "180"])
        .env("KTTT_DB", &p)
        .output()
        .unwrap();
    assert!(o.status.success());
    let r = refreshed(&mut s);
    assert_eq!(r.cells, vec![k]);
    assert_eq!(s.rows_read() - before, 1, "one row read: the changed cell");
    assert_eq!(s.values().value(&k), Some(dec("180")));
    assert_eq!(growth(&s), Some(dec("111.7")), "its percentages follow");
    // A district's figure is part of the province's roll-up: that one cell is read.
    let ba_be = |s: &kttt::session::Session| {
        kttt::domain::values::CellKey::new(
            s.catalog().find("htx.total").unwrap(),
            s.orgs().by_code("ba-be").unwrap(),
            kttt::domain::period::Period::parse("KH2020").unwrap(),
            kttt::domain::catalog::FundingId::TOTAL,
        )
    };
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(["--unit", "ba-be", "set", "htx.total", "KH2020", "12"])
        .env("KTTT_DB", &p)
        .output()
        .unwrap();
    assert!(o.status.success());
    let before = s.rows_read();
    let r = refreshed(&mut s);
    assert_eq!(r.cells, vec![ba_be(&s)]);
    assert_eq!(s.rows_read() - before, 1);
    // A write outside the session's slice (another province) is not even read.
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("kttt"))
        .args(["--unit", "thai-nguyen-2004", "set", "htx.total", "KH2020", "300"])
        .env("KTTT_DB", &p)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = s.rows_read();
    // Nothing in view changes: wait until the session has caught up past that write.
    let cursor = s.cursor();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut cells = Vec::new();
    while s.cursor() == cursor && std::time::Instant::now() < deadline {
        cells.extend(s.refresh().unwrap().cells);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(s.cursor() > cursor, "the session caught up with the write");
    assert!(cells.is_empty());
    assert_eq!(s.rows_read(), before);
}

#[derive(Clone, Debug)]
enum Step {
    Official(usize, usize, Option<u32>),
    InScenario(usize, usize, Option<u32>),
    Apply(usize),
    Mine(usize, Option<u32>),
    Refresh,
}

const CELLS: &[(&str, &str)] = &[
    ("htx.total", "KH2020"),
    ("htx.total", "UTH2019"),
    ("htx.members", "KH2020"),
    ("tht.total", "KH2020"),
    ("sector.htx.agri", "UTH2019"),
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (0..3usize, 0..CELLS.len(), proptest::option::of(0u32..900)).prop_map(|(w, c, v)| Step::Official(w, c, v)),
        4 => (0..3usize, 0..CELLS.len(), proptest::option::of(0u32..900)).prop_map(|(w, c, v)| Step::InScenario(w, c, v)),
        1 => (0..3usize).prop_map(Step::Apply),
        3 => (0..CELLS.len(), proptest::option::of(0u32..900)).prop_map(|(c, v)| Step::Mine(c, v)),
        2 => Just(Step::Refresh),
    ]
}

fn catching_up_case(b: Backend, steps: &[Step]) -> Result<(), TestCaseError> {
    let t = TestDb::seeded(b);
    let mut watcher = t.session();
    let mut writers: Vec<SqlStore> = (0..3).map(|_| t.store()).collect();
    let id = writers[0].create_scenario("Theo dõi").unwrap().id;
    watcher.activate(Some("Theo dõi")).unwrap();
    for st in steps {
        match st {
            Step::Official(w, c, v) => {
                let k = key(&writers[*w], CELLS[*c].0, CELLS[*c].1);
                let _ = set(
                    &mut writers[*w],
                    k,
                    v.map(rust_decimal::Decimal::from),
                    Expect::Anything,
                );
            }
            Step::InScenario(w, c, v) => {
                let k = key(&writers[*w], CELLS[*c].0, CELLS[*c].1);
                let _ = set_in(&mut writers[*w], id, k, v.map(rust_decimal::Decimal::from));
            }
            Step::Apply(w) => {
                if writers[*w].scenario(id).unwrap().status == kttt::store::ScenarioStatus::Open {
                    let _ = writers[*w].apply_scenario(id, None, &HashMap::new());
                }
            }
            Step::Mine(c, v) => {
                // The watching session writes too, in whichever layer it is in.
                let k = skey(&watcher, CELLS[*c].0, CELLS[*c].1);
                let _ = watcher.set(k, v.map(rust_decimal::Decimal::from), None);
            }
            Step::Refresh => {
                watcher.refresh().unwrap();
            }
        }
    }
    // Catch up by the cursor only (a server's notification may take a moment to arrive):
    // the watcher must come to hold exactly what a session reading everything holds.
    let mut fresh = t.session();
    if watcher.scenario().is_some() {
        fresh.view_scenario(id).unwrap();
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        watcher.refresh().unwrap();
        let same = watcher.official() == fresh.official() && watcher.overlay() == fresh.overlay();
        if same || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    prop_assert_eq!(watcher.official(), fresh.official());
    prop_assert_eq!(watcher.overlay(), fresh.overlay());
    prop_assert_eq!(watcher.scenario().map(|s| s.status), fresh.scenario().map(|s| s.status));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, .. ProptestConfig::default() })]

    #[test]
    fn catching_up_by_the_cursor_equals_reading_everything_again_on_sqlite(steps in proptest::collection::vec(step(), 1..30)) {
        catching_up_case(Backend::Sqlite, &steps)?;
    }

    #[test]
    fn catching_up_by_the_cursor_equals_reading_everything_again_on_postgres(steps in proptest::collection::vec(step(), 1..30)) {
        catching_up_case(Backend::Postgres, &steps)?;
    }
}

on_both!(another_process_write_reaches_the_session_by_reading_only_that_cell);
