//! What-if scenarios in the store and the session: the official figures stay byte-for-byte
//! unchanged until apply; apply and discard are single transactions and leave read-only
//! records; an apply can be undone cell by cell; conflicts are caught; undo and redo write
//! audited changes and stay in the layer the user is in.

use crate::common;

use common::backend::{Backend, TestDb};
use common::*;
use kttt::domain::values::{CellKey, Values};
use kttt::error::Error;
use kttt::i18n::Lang;
use kttt::store::sqlite::SqliteStore;
use kttt::store::{ApplyOutcome, Expect, Resolution, ScenarioId, ScenarioStatus, StoreError};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;

fn count_mem(s: &SqliteStore, sql: &str) -> i64 {
    s.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The official figures exactly as stored, row by row (portable SQL).
fn dump(t: &TestDb) -> Vec<Vec<Option<String>>> {
    t.rows(
        "SELECT indicator, org_unit, year, kind, funding, value, source, note, rev, updated_at, updated_by
         FROM value ORDER BY org_unit, year, kind, indicator, funding",
    )
}

fn overlay(s: &kttt::store::SqlStore, id: ScenarioId) -> HashMap<CellKey, Option<Decimal>> {
    everything(s, Some(id)).overlay.changes
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
enum Step {
    Set(usize, Option<u32>),
    Drop(usize),
    Rename,
    NewScenario,
    DiscardOther,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..CELLS.len(), proptest::option::of(0u32..5000)).prop_map(|(c, v)| Step::Set(c, v)),
        2 => (0..CELLS.len()).prop_map(Step::Drop),
        1 => Just(Step::Rename),
        1 => Just(Step::NewScenario),
        1 => Just(Step::DiscardOther),
    ]
}

fn drop_change(s: &mut SqliteStore, id: ScenarioId, k: CellKey) {
    s.write(&kttt::store::Batch {
        action: kttt::store::WriteAction::Set,
        layer: kttt::store::Layer::Scenario(id),
        detail: None,
        ops: vec![kttt::store::Op {
            key: k,
            expect: Expect::Anything,
            to: kttt::store::To::Official,
        }],
    })
    .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn official_figures_are_untouched_by_any_scenario_edits_until_apply(steps in proptest::collection::vec(step(), 1..25)) {
        let mut s = mem();
        let before = official_dump(s.connection());
        let main = s.create_scenario("Chính").unwrap().id;
        let mut other: Option<ScenarioId> = None;
        let mut n = 0;
        let mut expected: HashMap<CellKey, Option<Decimal>> = HashMap::new();
        for o in &steps {
            match o {
                Step::Set(c, v) => {
                    let k = key(&s, CELLS[*c].0, CELLS[*c].1);
                    let v = v.map(Decimal::from);
                    set_in(&mut s, main, k, v).unwrap();
                    let official = everything(&s, None).official.value(&k);
                    if v == official { expected.remove(&k); } else { expected.insert(k, v); }
                }
                Step::Drop(c) => {
                    let k = key(&s, CELLS[*c].0, CELLS[*c].1);
                    drop_change(&mut s, main, k);
                    expected.remove(&k);
                }
                Step::Rename => { n += 1; s.rename_scenario(main, &format!("Chính {n}")).unwrap(); }
                Step::NewScenario => if other.is_none() {
                    let id = s.create_scenario(&format!("Khác {n}")).unwrap().id;
                    let k = key(&s, "htx.total", "KH2020");
                    set_in(&mut s, id, k, Some(dec("999"))).unwrap();
                    other = Some(id);
                },
                Step::DiscardOther => if let Some(id) = other.take() { s.discard_scenario(id).unwrap(); },
            }
            prop_assert_eq!(&official_dump(s.connection()), &before);
        }
        prop_assert_eq!(overlay(&s, main), expected.clone());
        // Apply makes exactly the scenario's changes official.
        let data_before = everything(&s, None).official;
        let ApplyOutcome::Applied { changes, closed, .. } = s.apply_scenario(main, None, &HashMap::new()).unwrap() else { panic!("no conflict expected") };
        prop_assert!(closed);
        prop_assert_eq!(changes.len(), expected.len());
        let after = everything(&s, None).official;
        for (k, v) in &expected {
            prop_assert_eq!(after.value(k), *v);
        }
        for (k, c) in data_before.iter() {
            if !expected.contains_key(k) {
                prop_assert_eq!(after.value(k), c.value);
            }
        }
        // And undoing the apply puts every official figure back.
        let last = s.last_apply(main).unwrap().unwrap();
        let out = s.revert_apply(last).unwrap();
        prop_assert!(out.refused.is_empty());
        prop_assert_eq!(&official_dump(s.connection()).len(), &before.len());
        let reverted = everything(&s, None).official;
        for (k, c) in data_before.iter() {
            prop_assert_eq!(reverted.value(k), c.value);
        }
        prop_assert_eq!(overlay(&s, main), expected);
    }
}

#[test]
fn apply_writes_every_change_in_one_transaction_with_audit_rows_naming_the_scenario() {
    let mut s = mem();
    let id = s.create_scenario("Tăng HTX").unwrap().id;
    for (code, p, v) in [
        ("htx.total", "KH2020", "210"),
        ("htx.new", "KH2020", "34"),
        ("htx.income", "KH2020", "48,5"),
    ] {
        let v = kttt::domain::number::parse(v, Lang::Vi).unwrap();
        let k = key(&s, code, p);
        set_in(&mut s, id, k, v).unwrap();
    }
    // A failure part-way leaves everything as it was.
    s.connection()
        .execute_batch("CREATE TEMP TRIGGER boom BEFORE UPDATE ON value WHEN NEW.indicator = 'htx.new' BEGIN SELECT RAISE(ABORT, 'boom'); END;")
        .unwrap();
    let before = official_dump(s.connection());
    let audits = count_mem(&s, "SELECT count(*) FROM audit");
    assert!(s.apply_scenario(id, None, &HashMap::new()).is_err());
    assert_eq!(official_dump(s.connection()), before);
    assert_eq!(count_mem(&s, "SELECT count(*) FROM audit"), audits);
    assert_eq!(overlay(&s, id).len(), 3);
    s.connection().execute_batch("DROP TRIGGER boom").unwrap();

    let ApplyOutcome::Applied { changes, closed, .. } = s.apply_scenario(id, None, &HashMap::new()).unwrap() else {
        panic!()
    };
    assert_eq!(changes.len(), 3);
    assert!(closed, "nothing left: the scenario is closed");
    let d = everything(&s, None).official;
    assert_eq!(d.value(&key(&s, "htx.total", "KH2020")), Some(dec("210")));
    assert_eq!(d.value(&key(&s, "htx.income", "KH2020")), Some(dec("48.5")));
    assert_eq!(
        count_mem(
            &s,
            "SELECT count(*) FROM audit WHERE action = 'apply' AND scenario = 'Tăng HTX'"
        ),
        3
    );
    // The scenario stays as a read-only record: who applied it and when.
    let info = s.scenario(id).unwrap();
    assert_eq!(info.status, ScenarioStatus::Applied);
    assert_eq!((info.changes, info.applied), (0, 3));
    assert!(info.closed_at.is_some());
    assert_eq!(info.closed_by.as_deref(), Some(s.actor().user.as_str()));
    assert!(s.scenarios(false).unwrap().is_empty());
    assert_eq!(s.scenarios(true).unwrap().len(), 1);
    let h = s.history(&key(&s, "htx.total", "KH2020")).unwrap();
    let last = h.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.scenario.as_deref(), last.old, last.new),
        ("apply", Some("Tăng HTX"), Some(dec("201")), Some(dec("210")))
    );
    // A closed scenario takes no more figures.
    let k = key(&s, "htx.total", "KH2020");
    let err = set_in(&mut s, id, k, Some(dec("1"))).unwrap_err();
    assert!(matches!(err, StoreError::ScenarioClosed { .. }), "{err:?}");
    let msg = Error::from(err).message(Lang::Vi);
    assert!(
        msg.contains("«Tăng HTX» đã được áp dụng") && msg.contains(&s.actor().user),
        "{msg}"
    );
}

fn an_apply_is_undone_cell_by_cell(b: Backend) {
    let t = TestDb::seeded(b);
    let mut s = t.store();
    let id = s.create_scenario("Hoàn tác").unwrap().id;
    let (a, b) = (key(&s, "htx.total", "KH2020"), key(&s, "htx.new", "KH2020"));
    set_in(&mut s, id, a, Some(dec("210"))).unwrap();
    set_in(&mut s, id, b, Some(dec("34"))).unwrap();
    let ApplyOutcome::Applied { batch, .. } = s.apply_scenario(id, None, &HashMap::new()).unwrap() else {
        panic!()
    };
    // Someone changes one of the applied cells afterwards.
    set(&mut s, b, Some(dec("40")), Expect::Anything).unwrap();
    let out = s.revert_apply(batch).unwrap();
    assert_eq!(out.changes.len(), 1, "only the untouched cell goes back");
    assert_eq!((out.changes[0].key, out.changes[0].new), (a, Some(dec("201"))));
    assert_eq!(out.refused.len(), 1);
    assert_eq!(
        (out.refused[0].key, out.refused[0].applied, out.refused[0].now),
        (b, Some(dec("34")), Some(dec("40")))
    );
    let d = everything(&s, None).official;
    assert_eq!(d.value(&a), Some(dec("201")));
    assert_eq!(d.value(&b), Some(dec("40")), "the later figure stands");
    // The scenario is open again with both changes pending; the refused one will ask.
    assert_eq!(out.scenario.status, ScenarioStatus::Open);
    assert_eq!(overlay(&s, id).len(), 2);
    let ApplyOutcome::Conflicts(c) = s.apply_scenario(id, None, &HashMap::new()).unwrap() else {
        panic!("the changed cell needs a decision")
    };
    assert_eq!(c.iter().map(|x| x.key).collect::<Vec<_>>(), vec![b]);
    assert!(s.revert_apply(batch).is_err(), "only once");
    assert_eq!(t.count("SELECT count(*) FROM audit WHERE action = 'revert'"), 1);
}

fn apply_can_take_chosen_cells_only(b: Backend) {
    let t = TestDb::seeded(b);
    let mut s = t.store();
    let id = s.create_scenario("A").unwrap().id;
    let (a, b) = (key(&s, "htx.total", "KH2020"), key(&s, "htx.new", "KH2020"));
    set_in(&mut s, id, a, Some(dec("210"))).unwrap();
    set_in(&mut s, id, b, Some(dec("34"))).unwrap();
    let ApplyOutcome::Applied { changes, closed, .. } = s.apply_scenario(id, Some(&[b]), &HashMap::new()).unwrap()
    else {
        panic!()
    };
    assert_eq!((changes.len(), closed), (1, false));
    let d = everything(&s, None).official;
    assert_eq!(d.value(&b), Some(dec("34")));
    assert_eq!(d.value(&a), Some(dec("201")));
    assert_eq!(overlay(&s, id).keys().copied().collect::<Vec<_>>(), vec![a]);
    // The applied cell can be changed again in the same scenario.
    set_in(&mut s, id, b, Some(dec("36"))).unwrap();
    assert_eq!(overlay(&s, id).len(), 2);
}

#[test]
fn discard_is_one_transaction_and_keeps_a_record() {
    let mut s = mem();
    let id = s.create_scenario("B").unwrap().id;
    let k = key(&s, "htx.total", "KH2020");
    set_in(&mut s, id, k, Some(dec("300"))).unwrap();
    let before = official_dump(s.connection());
    s.connection()
        .execute_batch("CREATE TEMP TRIGGER boom BEFORE UPDATE ON scenario BEGIN SELECT RAISE(ABORT, 'boom'); END;")
        .unwrap();
    assert!(s.discard_scenario(id).is_err());
    assert_eq!(
        s.scenario(id).unwrap().status,
        ScenarioStatus::Open,
        "rolled back whole"
    );
    s.connection().execute_batch("DROP TRIGGER boom").unwrap();
    assert_eq!(s.discard_scenario(id).unwrap(), 1);
    let info = s.scenario(id).unwrap();
    assert_eq!((info.status, info.changes), (ScenarioStatus::Discarded, 1));
    assert_eq!(official_dump(s.connection()), before);
    assert_eq!(
        count_mem(
            &s,
            "SELECT count(*) FROM audit WHERE action = 'scenario.discard' AND scenario = 'B'"
        ),
        1
    );
    assert!(
        s.discard_scenario(id).is_err(),
        "a closed scenario cannot be closed again"
    );
    // The name is free again for a new scenario.
    s.create_scenario("B").unwrap();
}

fn apply_asks_about_an_official_figure_that_changed_meanwhile(b: Backend) {
    let t = TestDb::seeded(b);
    let mut s = t.store();
    let id = s.create_scenario("C").unwrap().id;
    let (a, b) = (key(&s, "htx.total", "KH2020"), key(&s, "htx.new", "KH2020"));
    set_in(&mut s, id, a, Some(dec("210"))).unwrap();
    set_in(&mut s, id, b, Some(dec("34"))).unwrap();
    set(&mut s, a, Some(dec("205")), Expect::Anything).unwrap();
    let before = dump(&t);
    let ApplyOutcome::Conflicts(c) = s.apply_scenario(id, None, &HashMap::new()).unwrap() else {
        panic!("a conflict")
    };
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].key, c[0].base, c[0].official, c[0].scenario),
        (a, Some(dec("201")), Some(dec("205")), Some(dec("210")))
    );
    assert_eq!(dump(&t), before, "nothing written while a question is open");
    let skip = HashMap::from([(a, Resolution::Skip)]);
    let ApplyOutcome::Applied { changes, closed, .. } = s.apply_scenario(id, None, &skip).unwrap() else {
        panic!()
    };
    assert_eq!((changes.len(), closed), (1, false));
    assert_eq!(everything(&s, None).official.value(&a), Some(dec("205")));
    let over = HashMap::from([(a, Resolution::Overwrite)]);
    let ApplyOutcome::Applied { changes, closed, .. } = s.apply_scenario(id, None, &over).unwrap() else {
        panic!()
    };
    assert_eq!((changes.len(), closed), (1, true));
    assert_eq!(everything(&s, None).official.value(&a), Some(dec("210")));
}

fn a_scenario_holds_only_changed_cells(b: Backend) {
    let t = TestDb::seeded(b);
    let mut s = t.store();
    let id = s.create_scenario("D").unwrap().id;
    let a = key(&s, "htx.total", "KH2020");
    set_in(&mut s, id, a, Some(dec("210"))).unwrap();
    set_in(&mut s, id, a, Some(dec("201"))).unwrap();
    assert!(
        overlay(&s, id).is_empty(),
        "back to the official figure: no change kept"
    );
    set_in(&mut s, id, a, None).unwrap();
    assert_eq!(overlay(&s, id).get(&a), Some(&None), "a scenario may blank a figure");
    let heading = key(&s, "htx", "KH2020");
    assert!(set_in(&mut s, id, heading, Some(dec("1"))).is_err());
}

fn scenario_names_are_checked(b: Backend) {
    let t = TestDb::seeded(b);
    let mut s = t.session();
    s.create_scenario("Phương án cao").unwrap();
    for bad in ["", "   ", "a\u{1b}[31m", &"x".repeat(61), "Cao\u{202e}", "Ca\u{200b}o"] {
        assert!(s.create_scenario(bad).is_err(), "{bad:?}");
    }
    let dup = s.create_scenario("phuong an CAO").unwrap_err();
    assert!(
        dup.message(Lang::Vi).contains("Đã có phương án"),
        "{}",
        dup.message(Lang::Vi)
    );
    // Decomposed input is stored composed.
    let info = s.create_scenario("Nghe\u{323}\u{302} thấp").unwrap();
    assert_eq!(info.name, "Nghệ thấp");
    assert_eq!(s.find_scenario("nghe thap", false).unwrap().id, info.id);
}

fn undo_and_redo_write_audited_changes_and_stay_in_their_layer(b: Backend) {
    let t = TestDb::seeded(b);
    let mut s = t.session();
    let k = skey(&s, "htx.total", "KH2020");
    s.enter(k, "210", None).unwrap();
    s.enter(k, "220", None).unwrap();
    s.undo().unwrap().unwrap();
    assert_eq!(s.official().value(&k), Some(dec("210")));
    s.undo().unwrap();
    assert_eq!(s.official().value(&k), Some(dec("201")));
    assert!(s.undo().unwrap().is_none(), "nothing more");
    s.redo().unwrap();
    assert_eq!(s.official().value(&k), Some(dec("210")));
    let actions: Vec<String> = s.history(&k).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["seed", "set", "set", "undo", "undo", "redo"]);
    // A new edit clears what could be redone.
    s.enter(k, "230", None).unwrap();
    assert_eq!(s.history_depth(), (2, 0));

    // In a scenario: undo takes the change out of the scenario; the official figure stays.
    s.create_scenario("E").unwrap();
    s.activate(Some("E")).unwrap();
    assert_eq!(s.history_depth(), (0, 0), "the official edits are not this layer's");
    s.enter(k, "250", None).unwrap();
    assert_eq!(s.values().value(&k), Some(dec("250")));
    s.undo().unwrap();
    assert!(s.overlay().changes.is_empty());
    assert_eq!(s.official().value(&k), Some(dec("230")));
    s.redo().unwrap();
    assert_eq!(s.values().value(&k), Some(dec("250")));
    assert_eq!(s.official().value(&k), Some(dec("230")));
    // Undo never leaves the scenario to change official figures.
    s.undo().unwrap(); // the scenario edit
    let err = s.undo().unwrap_err();
    assert!(
        err.message(Lang::Vi).contains("số chính thức"),
        "{}",
        err.message(Lang::Vi)
    );
    assert_eq!(
        s.official().value(&k),
        Some(dec("230")),
        "the official figure is untouched"
    );
    assert!(s.scenario().is_some(), "still in the scenario");
    s.activate(None).unwrap();
    s.undo().unwrap();
    assert_eq!(s.official().value(&k), Some(dec("210")), "undone where it was made");
}

fn an_apply_is_one_undoable_step_of_the_session(b: Backend) {
    let t = TestDb::seeded(b);
    let mut s = t.session();
    let k = skey(&s, "htx.total", "KH2020");
    let info = s.create_scenario("PA1").unwrap();
    s.activate(Some("PA1")).unwrap();
    s.enter(k, "230", None).unwrap();
    let ApplyOutcome::Applied { closed, .. } = s.apply_scenario(info.id, None, &HashMap::new()).unwrap() else {
        panic!()
    };
    assert!(closed);
    assert!(s.scenario().is_none(), "back on the official figures");
    assert_eq!(s.official().value(&k), Some(dec("230")));
    let undone = s.undo().unwrap().unwrap();
    assert!(matches!(undone, kttt::session::Undone::Apply { ref refused, .. } if refused.is_empty()));
    assert_eq!(s.official().value(&k), Some(dec("201")));
    assert_eq!(s.find_scenario("PA1", false).unwrap().status, ScenarioStatus::Open);
    s.redo().unwrap();
    assert_eq!(s.official().value(&k), Some(dec("230")));
}

fn undo_refuses_when_someone_else_changed_the_cell_since(b: Backend) {
    let t = TestDb::seeded(b);
    let mut s = t.session();
    let k = skey(&s, "htx.total", "KH2020");
    s.enter(k, "210", None).unwrap();
    let mut other = t.store();
    set(&mut other, k, Some(dec("215")), Expect::Anything).unwrap();
    s.refresh().unwrap();
    assert!(matches!(
        s.undo(),
        Err(Error::Store(StoreError::Conflict { now: Some(_), .. }))
    ));
    assert_eq!(
        everything(&other, None).official.value(&k),
        Some(dec("215")),
        "the other user's figure stands"
    );
    assert_eq!(s.history_depth(), (1, 0), "the edit can still be undone later");
}

on_both!(
    an_apply_is_undone_cell_by_cell,
    apply_can_take_chosen_cells_only,
    apply_asks_about_an_official_figure_that_changed_meanwhile,
    a_scenario_holds_only_changed_cells,
    scenario_names_are_checked,
    undo_and_redo_write_audited_changes_and_stay_in_their_layer,
    an_apply_is_one_undoable_step_of_the_session,
    undo_refuses_when_someone_else_changed_the_cell_since
);
