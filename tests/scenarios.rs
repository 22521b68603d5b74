//! What-if scenarios in the store and the session: the official figures stay byte-for-byte
//! unchanged until apply; apply and discard are single transactions; conflicts are caught;
//! undo and redo write audited changes.

use kttt::domain::catalog::FundingId;
use kttt::domain::period::Period;
use kttt::domain::values::{CellKey, Values};
use kttt::error::Error;
use kttt::i18n::Lang;
use kttt::session::Session;
use kttt::store::{ApplyOutcome, Fill, Resolution, Store};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn key(s: &Store, code: &str, period: &str) -> CellKey {
    CellKey::new(
        s.catalog.find(code).unwrap(),
        s.orgs.by_code("bac-kan").unwrap(),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

/// The official figures exactly as stored, row by row.
fn official_dump(s: &Store) -> Vec<String> {
    let mut st = s
        .connection()
        .prepare("SELECT quote(indicator)||quote(org_unit)||year||kind||funding||quote(value)||source||quote(note)||rev||updated_at||updated_by FROM value ORDER BY 1")
        .unwrap();
    st.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn count(s: &Store, sql: &str) -> i64 {
    s.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

const CELLS: &[(&str, &str)] = &[
    ("htx.total", "KH2020"),
    ("htx.total", "UTH2019"),
    ("htx.members", "KH2020"),
    ("htx.income", "KH2020"),
    ("sector.htx.agri", "UTH2019"),
    ("lh.total", "UTH2019"),
    ("tht.total", "KH2019"),
];

#[derive(Clone, Debug)]
enum Op {
    Set(usize, Option<u32>),
    Drop(usize),
    Rename,
    NewScenario,
    DiscardOther,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..CELLS.len(), proptest::option::of(0u32..5000)).prop_map(|(c, v)| Op::Set(c, v)),
        2 => (0..CELLS.len()).prop_map(Op::Drop),
        1 => Just(Op::Rename),
        1 => Just(Op::NewScenario),
        1 => Just(Op::DiscardOther),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn official_figures_are_untouched_by_any_scenario_edits_until_apply(ops in proptest::collection::vec(op(), 1..25)) {
        let mut s = Store::open_in_memory(Fill::Seed).unwrap();
        let before = official_dump(&s);
        let main = s.create_scenario("Chính").unwrap().id;
        let mut other: Option<i64> = None;
        let mut n = 0;
        let mut expected: HashMap<CellKey, Option<Decimal>> = HashMap::new();
        for o in &ops {
            match o {
                Op::Set(c, v) => {
                    let k = key(&s, CELLS[*c].0, CELLS[*c].1);
                    let v = v.map(Decimal::from);
                    s.set_scenario_value(main, k, Some(v), None, "scenario.set").unwrap();
                    let official = s.load_dataset().unwrap().value(&k);
                    if v == official { expected.remove(&k); } else { expected.insert(k, v); }
                }
                Op::Drop(c) => {
                    let k = key(&s, CELLS[*c].0, CELLS[*c].1);
                    s.set_scenario_value(main, k, None, None, "scenario.set").unwrap();
                    expected.remove(&k);
                }
                Op::Rename => { n += 1; s.rename_scenario(main, &format!("Chính {n}")).unwrap(); }
                Op::NewScenario => if other.is_none() {
                    let id = s.create_scenario("Khác").unwrap().id;
                    s.set_scenario_value(id, key(&s, "htx.total", "KH2020"), Some(Some(dec("999"))), None, "scenario.set").unwrap();
                    other = Some(id);
                },
                Op::DiscardOther => if let Some(id) = other.take() { s.discard_scenario(id).unwrap(); },
            }
            prop_assert_eq!(&official_dump(&s), &before);
        }
        prop_assert_eq!(s.load_overlay(main).unwrap().changes, expected.clone());
        // Apply makes exactly the scenario's changes official.
        let data_before = s.load_dataset().unwrap();
        let ApplyOutcome::Applied { changes, removed } = s.apply_scenario(main, None, &HashMap::new()).unwrap() else { panic!("no conflict expected") };
        prop_assert!(removed);
        prop_assert_eq!(changes.len(), expected.len());
        let after = s.load_dataset().unwrap();
        for (k, v) in &expected {
            prop_assert_eq!(after.value(k), *v);
        }
        for (k, c) in data_before.iter() {
            if !expected.contains_key(k) {
                prop_assert_eq!(after.value(k), c.value);
            }
        }
    }
}

#[test]
fn apply_writes_every_change_in_one_transaction_with_audit_rows_naming_the_scenario() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    let id = s.create_scenario("Tăng HTX").unwrap().id;
    for (code, p, v) in [
        ("htx.total", "KH2020", "210"),
        ("htx.new", "KH2020", "34"),
        ("htx.income", "KH2020", "48,5"),
    ] {
        let v = kttt::domain::number::parse(v, Lang::Vi).unwrap();
        s.set_scenario_value(id, key(&s, code, p), Some(v), None, "scenario.set")
            .unwrap();
    }
    // A failure part-way leaves everything as it was.
    s.connection()
        .execute_batch("CREATE TEMP TRIGGER boom BEFORE UPDATE ON value WHEN NEW.indicator = 'htx.new' BEGIN SELECT RAISE(ABORT, 'boom'); END;")
        .unwrap();
    let before = official_dump(&s);
    let audits = count(&s, "SELECT count(*) FROM audit");
    assert!(s.apply_scenario(id, None, &HashMap::new()).is_err());
    assert_eq!(official_dump(&s), before);
    assert_eq!(count(&s, "SELECT count(*) FROM audit"), audits);
    assert_eq!(s.load_overlay(id).unwrap().changes.len(), 3);
    s.connection().execute_batch("DROP TRIGGER boom").unwrap();

    let ApplyOutcome::Applied { changes, removed } = s.apply_scenario(id, None, &HashMap::new()).unwrap() else {
        panic!()
    };
    assert_eq!(changes.len(), 3);
    assert!(removed, "nothing left: the scenario is closed");
    let d = s.load_dataset().unwrap();
    assert_eq!(d.value(&key(&s, "htx.total", "KH2020")), Some(dec("210")));
    assert_eq!(d.value(&key(&s, "htx.income", "KH2020")), Some(dec("48.5")));
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM audit WHERE action = 'apply' AND scenario = 'Tăng HTX'"
        ),
        3
    );
    assert_eq!(count(&s, "SELECT count(*) FROM scenario"), 0);
    let h = s.history(&key(&s, "htx.total", "KH2020")).unwrap();
    let last = h.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.scenario.as_deref(), last.old, last.new),
        ("apply", Some("Tăng HTX"), Some(dec("201")), Some(dec("210")))
    );
}

#[test]
fn apply_can_take_chosen_cells_only() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    let id = s.create_scenario("A").unwrap().id;
    let (a, b) = (key(&s, "htx.total", "KH2020"), key(&s, "htx.new", "KH2020"));
    s.set_scenario_value(id, a, Some(Some(dec("210"))), None, "scenario.set")
        .unwrap();
    s.set_scenario_value(id, b, Some(Some(dec("34"))), None, "scenario.set")
        .unwrap();
    let ApplyOutcome::Applied { changes, removed } = s.apply_scenario(id, Some(&[b]), &HashMap::new()).unwrap() else {
        panic!()
    };
    assert_eq!((changes.len(), removed), (1, false));
    let d = s.load_dataset().unwrap();
    assert_eq!(d.value(&b), Some(dec("34")));
    assert_eq!(d.value(&a), Some(dec("201")));
    assert_eq!(
        s.load_overlay(id).unwrap().changes.keys().copied().collect::<Vec<_>>(),
        vec![a]
    );
}

#[test]
fn discard_is_one_transaction_and_leaves_the_official_figures() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    let id = s.create_scenario("B").unwrap().id;
    s.set_scenario_value(
        id,
        key(&s, "htx.total", "KH2020"),
        Some(Some(dec("300"))),
        None,
        "scenario.set",
    )
    .unwrap();
    let before = official_dump(&s);
    s.connection()
        .execute_batch("CREATE TEMP TRIGGER boom BEFORE DELETE ON scenario BEGIN SELECT RAISE(ABORT, 'boom'); END;")
        .unwrap();
    assert!(s.discard_scenario(id).is_err());
    assert_eq!(count(&s, "SELECT count(*) FROM scenario_value"), 1, "rolled back whole");
    s.connection().execute_batch("DROP TRIGGER boom").unwrap();
    assert_eq!(s.discard_scenario(id).unwrap(), 1);
    assert_eq!(count(&s, "SELECT count(*) FROM scenario_value"), 0);
    assert_eq!(count(&s, "SELECT count(*) FROM scenario"), 0);
    assert_eq!(official_dump(&s), before);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM audit WHERE action = 'scenario.discard' AND scenario = 'B'"
        ),
        1
    );
}

#[test]
fn apply_asks_about_an_official_figure_that_changed_meanwhile() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    let id = s.create_scenario("C").unwrap().id;
    let (a, b) = (key(&s, "htx.total", "KH2020"), key(&s, "htx.new", "KH2020"));
    s.set_scenario_value(id, a, Some(Some(dec("210"))), None, "scenario.set")
        .unwrap();
    s.set_scenario_value(id, b, Some(Some(dec("34"))), None, "scenario.set")
        .unwrap();
    s.set_value(a, Some(dec("205")), None, "set").unwrap();
    let before = official_dump(&s);
    let ApplyOutcome::Conflicts(c) = s.apply_scenario(id, None, &HashMap::new()).unwrap() else {
        panic!("a conflict")
    };
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].key, c[0].base, c[0].official, c[0].scenario),
        (a, Some(dec("201")), Some(dec("205")), Some(dec("210")))
    );
    assert_eq!(official_dump(&s), before, "nothing written while a question is open");
    // Keep the official figure for that cell; the rest is applied, the cell stays in the scenario.
    let skip = HashMap::from([(a, Resolution::Skip)]);
    let ApplyOutcome::Applied { changes, removed } = s.apply_scenario(id, None, &skip).unwrap() else {
        panic!()
    };
    assert_eq!((changes.len(), removed), (1, false));
    assert_eq!(s.load_dataset().unwrap().value(&a), Some(dec("205")));
    let over = HashMap::from([(a, Resolution::Overwrite)]);
    let ApplyOutcome::Applied { changes, removed } = s.apply_scenario(id, None, &over).unwrap() else {
        panic!()
    };
    assert_eq!((changes.len(), removed), (1, true));
    assert_eq!(s.load_dataset().unwrap().value(&a), Some(dec("210")));
}

#[test]
fn a_scenario_holds_only_changed_cells() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    let id = s.create_scenario("D").unwrap().id;
    let a = key(&s, "htx.total", "KH2020");
    s.set_scenario_value(id, a, Some(Some(dec("210"))), None, "scenario.set")
        .unwrap();
    s.set_scenario_value(id, a, Some(Some(dec("201"))), None, "scenario.set")
        .unwrap();
    assert!(
        s.load_overlay(id).unwrap().changes.is_empty(),
        "back to the official figure: no change kept"
    );
    s.set_scenario_value(id, a, Some(None), None, "scenario.set").unwrap();
    assert_eq!(
        s.load_overlay(id).unwrap().changes.get(&a),
        Some(&None),
        "a scenario may blank a figure"
    );
    assert!(
        s.set_scenario_value(id, key(&s, "htx", "KH2020"), Some(Some(dec("1"))), None, "scenario.set")
            .is_err()
    );
}

#[test]
fn scenario_names_are_checked() {
    let mut s = Store::open_in_memory(Fill::Seed).unwrap();
    s.create_scenario("Phương án cao").unwrap();
    for bad in ["", "   ", "a\u{1b}[31m", &"x".repeat(61)] {
        assert!(matches!(s.create_scenario(bad), Err(Error::Refused(_))), "{bad:?}");
    }
    let dup = s.create_scenario("phuong an CAO").unwrap_err();
    assert!(dup.message(Lang::Vi).contains("Đã có phương án"));
    // Decomposed input is stored composed.
    let info = s.create_scenario("Nghe\u{323}\u{302} thấp").unwrap();
    assert_eq!(info.name, "Nghệ thấp");
    assert_eq!(s.scenario("nghe thap").unwrap().id, info.id);
}

fn session() -> Session {
    Session::new(Store::open_in_memory(Fill::Seed).unwrap(), Lang::Vi).unwrap()
}

#[test]
fn undo_and_redo_write_audited_changes_in_both_layers() {
    let mut s = session();
    let k = key(&s.store, "htx.total", "KH2020");
    s.enter(k, "210", None).unwrap();
    s.enter(k, "220", None).unwrap();
    assert_eq!(s.undo().unwrap().unwrap().key, k);
    assert_eq!(s.data.value(&k), Some(dec("210")));
    assert_eq!(s.store.load_dataset().unwrap().value(&k), Some(dec("210")));
    s.undo().unwrap();
    assert_eq!(s.data.value(&k), Some(dec("201")));
    assert!(s.undo().unwrap().is_none(), "nothing more");
    s.redo().unwrap();
    assert_eq!(s.store.load_dataset().unwrap().value(&k), Some(dec("210")));
    let actions: Vec<String> = s.store.history(&k).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["seed", "set", "set", "undo", "undo", "redo"]);
    // A new edit clears what could be redone.
    s.enter(k, "230", None).unwrap();
    assert_eq!(s.history_depth(), (2, 0));

    // In a scenario: undo takes the change out of the scenario; the official figure stays.
    s.store.create_scenario("E").unwrap();
    s.activate(Some("E")).unwrap();
    s.enter(k, "250", None).unwrap();
    assert_eq!(s.values().value(&k), Some(dec("250")));
    s.undo().unwrap();
    assert!(s.scenario.as_ref().unwrap().overlay.changes.is_empty());
    assert_eq!(s.store.load_dataset().unwrap().value(&k), Some(dec("230")));
    s.redo().unwrap();
    assert_eq!(s.values().value(&k), Some(dec("250")));
    assert_eq!(s.store.load_dataset().unwrap().value(&k), Some(dec("230")));
    // Undoing an official edit while in the scenario goes to the official layer and comes back.
    s.undo().unwrap(); // the scenario edit
    s.undo().unwrap(); // the official 230
    assert_eq!(s.store.load_dataset().unwrap().value(&k), Some(dec("210")));
    assert!(s.scenario.is_some(), "still in the scenario");
}

#[test]
fn undo_refuses_when_someone_else_changed_the_cell_since() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.sqlite3");
    let mut s = Session::new(Store::open(&path, Fill::Seed).unwrap(), Lang::Vi).unwrap();
    let k = key(&s.store, "htx.total", "KH2020");
    s.enter(k, "210", None).unwrap();
    let mut other = Store::open(&path, Fill::Seed).unwrap();
    other.set_value(k, Some(dec("215")), None, "set").unwrap();
    s.reload().unwrap();
    assert!(matches!(s.undo(), Err(Error::Conflict { now: Some(_) })));
    assert_eq!(
        other.load_dataset().unwrap().value(&k),
        Some(dec("215")),
        "the other user's figure stands"
    );
    assert_eq!(s.history_depth(), (1, 0), "the edit can still be undone later");
}
