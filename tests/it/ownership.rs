//! Scenarios belong to their maker and their unit; an import is one transaction; comments on
//! an approved plan. On both stores (on PostgreSQL each user is a server role the session
//! switches to, so the database's own policies are in play too).

use crate::common;

use common::backend::{Backend, TestDb};
use common::*;
use kttt::domain::access::Role;
use kttt::i18n::Lang;
use kttt::session::Session;
use kttt::store::{Expect, Op, PlanAction, ScenarioStatus, StoreError, To};
use std::collections::HashMap;

fn refused(e: kttt::error::Error) -> String {
    match e.store() {
        Some(StoreError::Refused(_)) => e.message(Lang::Vi),
        other => panic!("expected a refusal, got {other:?}: {}", e.message(Lang::Vi)),
    }
}

/// lan enters for Ba Bể (and reads the province), tuan and khanh for Chợ Đồn, pho for the
/// whole province, minh approves for the province, hoa only reads it.
fn setup(b: Backend) -> TestDb {
    let t = TestDb::seeded(b);
    let mut owner = t.session();
    owner.db_mut().add_user("admin", "Quản trị").unwrap();
    let u = |s: &Session, c: &str| s.orgs().by_code(c).unwrap();
    let (ba_be, cho_don, bk) = (u(&owner, "ba-be"), u(&owner, "cho-don"), u(&owner, "bac-kan"));
    for (name, unit, role) in [
        ("lan", ba_be, Role::Enter),
        ("lan", bk, Role::Read),
        ("tuan", cho_don, Role::Enter),
        ("khanh", cho_don, Role::Enter),
        ("pho", bk, Role::Enter),
        ("minh", bk, Role::Approve),
        ("hoa", bk, Role::Read),
    ] {
        if !owner.db_mut().users(false).unwrap().iter().any(|x| x.name == name) {
            owner.db_mut().add_user(name, name).unwrap();
        }
        owner.db_mut().grant(name, unit, role).unwrap();
    }
    t
}

fn as_user(t: &TestDb, user: &str, unit: &str) -> Session {
    t.session_as(Some(user), Some(unit))
}

fn a_scenario_is_managed_only_by_its_maker_or_whoever_enters_all_of_it(b: Backend) {
    let t = setup(b);
    let mut tuan = as_user(&t, "tuan", "cho-don");
    let sc = tuan.create_scenario("PA Chợ Đồn").unwrap();
    assert_eq!(sc.unit, tuan.orgs().by_code("cho-don"));
    assert_eq!(sc.created_by, "tuan");
    tuan.activate(Some(&sc.name)).unwrap();
    let k = scell(&tuan, "htx.total", "cho-don", "KH2020");
    tuan.set(k, Some(dec("31")), None).unwrap();
    // lan enters Ba Bể only: she may not rename, discard or apply a colleague's Chợ Đồn
    // scenario, and is told whose it is and what she lacks.
    let mut lan = as_user(&t, "lan", "bac-kan");
    let e = denied(lan.rename_scenario(sc.id, "Của lan").unwrap_err());
    assert!(
        e.starts_with("Phương án “PA Chợ Đồn” do tuan tạo cho Huyện Chợ Đồn.")
            && e.ends_with("lan không có quyền nhập số liệu cho Huyện Chợ Đồn."),
        "{e}"
    );
    assert!(denied(lan.discard_scenario(sc.id).unwrap_err()).contains("do tuan tạo"));
    assert!(denied(lan.apply_scenario(sc.id, None, &HashMap::new()).unwrap_err()).contains("do tuan tạo"));
    // Nor add a Ba Bể cell to it: the scenario is Chợ Đồn's, and the refusal says so.
    lan.activate(Some(&sc.name)).unwrap();
    lan.set_org(lan.orgs().by_code("ba-be").unwrap()).unwrap();
    let mine = scell(&lan, "htx.total", "ba-be", "KH2020");
    let e = refused(lan.set(mine, Some(dec("12")), None).unwrap_err());
    assert!(
        e.starts_with("Phương án “PA Chợ Đồn” là phương án của Huyện Chợ Đồn; ô của Huyện Ba Bể nằm ngoài đơn vị đó."),
        "{e}"
    );
    let info = tuan.find_scenario("PA Chợ Đồn", false).unwrap();
    assert_eq!(
        (info.status, info.changes),
        (ScenarioStatus::Open, 1),
        "nothing changed"
    );
    // khanh enters Chợ Đồn too, and pho the whole province: both cover every unit of it.
    let mut khanh = as_user(&t, "khanh", "cho-don");
    khanh.rename_scenario(sc.id, "PA Chợ Đồn 2").unwrap();
    let mut pho = as_user(&t, "pho", "bac-kan");
    pho.rename_scenario(sc.id, "PA Chợ Đồn 3").unwrap();
    // The maker always may; whoever covers it applies it.
    tuan.rename_scenario(sc.id, "PA Chợ Đồn").unwrap();
    khanh.apply_scenario(sc.id, None, &HashMap::new()).unwrap();
    assert_eq!(
        t.count("SELECT count(*) FROM audit WHERE action = 'apply' AND org_unit = 'cho-don' AND os_user = 'khanh'"),
        1
    );
    // A scenario of the maker's own: discarded by its maker only among those of Ba Bể.
    let mut lan2 = as_user(&t, "lan", "ba-be");
    let own = lan2.create_scenario("PA Ba Bể").unwrap();
    match (b, tuan.discard_scenario(own.id).unwrap_err()) {
        // The server does not even show tuan a scenario of a unit tuan may not read.
        (Backend::Postgres, kttt::error::Error::Store(kttt::store::StoreError::NoScenario { .. })) => {}
        (_, e) => assert!(denied(e).contains("tuan không có quyền nhập số liệu cho Huyện Ba Bể")),
    }
    assert_eq!(lan2.discard_scenario(own.id).unwrap(), 0);
}

fn the_scenario_list_shows_only_units_the_user_may_read(b: Backend) {
    let t = setup(b);
    let mut tuan = as_user(&t, "tuan", "cho-don");
    tuan.create_scenario("Riêng Chợ Đồn").unwrap();
    let mut lan = as_user(&t, "lan", "ba-be");
    lan.create_scenario("Riêng Ba Bể").unwrap();
    // tuan sees only Chợ Đồn's; hoa, who reads the province, sees both.
    let names = |s: &Session| -> Vec<String> { s.scenarios(true).unwrap().into_iter().map(|x| x.name).collect() };
    assert_eq!(names(&tuan), ["Riêng Chợ Đồn"]);
    assert!(tuan.find_scenario("Riêng Ba Bể", true).is_err());
    let hoa = as_user(&t, "hoa", "bac-kan");
    assert_eq!(names(&hoa), ["Riêng Chợ Đồn", "Riêng Ba Bể"]);
}

/// A trigger that refuses every scenario cell, in the backend's dialect.
fn no_scenario_cells(t: &TestDb) {
    t.exec(match t.backend {
        Backend::Sqlite => {
            "CREATE TRIGGER boom BEFORE INSERT ON scenario_value BEGIN SELECT RAISE(ABORT, 'boom'); END;"
        }
        Backend::Postgres => {
            "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$;
             CREATE TRIGGER boom BEFORE INSERT ON scenario_value FOR EACH ROW EXECUTE FUNCTION boom();"
        }
    });
}

fn an_import_is_one_transaction_and_a_refused_one_leaves_no_scenario(b: Backend) {
    let t = setup(b);
    let mut lan = as_user(&t, "lan", "ba-be");
    let cells = [
        (scell(&lan, "htx.total", "ba-be", "KH2020"), Some(dec("12"))),
        (scell(&lan, "htx.members", "ba-be", "KH2020"), Some(dec("90"))),
    ];
    // The scenario and its cells are one batch: one store call, one transaction.
    let batches = t.count("SELECT count(*) FROM batch");
    let info = lan.import_as_scenario("Nhập Ba Bể", &cells).unwrap();
    assert_eq!((info.changes, info.unit), (2, lan.orgs().by_code("ba-be")));
    assert_eq!(t.count("SELECT count(*) FROM batch"), batches + 1);
    let rows = t.rows(&format!(
        "SELECT a.action, b.action FROM audit a JOIN batch b ON b.id = a.batch WHERE a.scenario_id = {} ORDER BY a.id",
        info.id.0
    ));
    let row = |a: &str| vec![Some(a.to_string()), Some("import".to_string())];
    assert_eq!(rows, [row("scenario.create"), row("import"), row("import")]);
    // A write that fails half-way (the database refuses the cells) leaves no scenario at all,
    // not even a discarded one.
    let scenarios = t.count("SELECT count(*) FROM scenario");
    no_scenario_cells(&t);
    assert!(lan.import_as_scenario("Nhập hỏng", &cells).is_err());
    assert_eq!(t.count("SELECT count(*) FROM scenario"), scenarios);
    // So does one refused by role (hoa only reads) or by the scenario's unit.
    let mut hoa = as_user(&t, "hoa", "bac-kan");
    let k = scell(&hoa, "htx.total", "bac-kan", "KH2020");
    assert!(
        denied(
            hoa.import_as_scenario("Nhập của hoa", &[(k, Some(dec("1")))])
                .unwrap_err()
        )
        .contains("hoa")
    );
    let mut store = t.store();
    let outside = Op {
        key: key_at(&store, "htx.total", "cho-don", "KH2020"),
        expect: Expect::Anything,
        to: To::Figure(Some(dec("3"))),
    };
    let ba_be = store.orgs().by_code("ba-be");
    let e = store.import_scenario("Nhập lạc", ba_be, &[outside]).unwrap_err();
    assert!(
        matches!(e, StoreError::Refused(ref r) if matches!(**r, kttt::store::Refusal::OutsideScenario { .. })),
        "{e:?}"
    );
    assert_eq!(t.count("SELECT count(*) FROM scenario"), scenarios);
    assert!(
        store
            .scenarios(true)
            .unwrap()
            .iter()
            .all(|s| s.name != "Nhập lạc" && s.name != "Nhập hỏng")
    );
}

fn comments_on_an_approved_plan_are_allowed_and_audited_while_its_figures_stay_locked(b: Backend) {
    let t = setup(b);
    let mut lan = as_user(&t, "lan", "ba-be");
    let k = scell(&lan, "htx.total", "ba-be", "KH2020");
    lan.set(k, Some(dec("12")), None).unwrap();
    let ba_be = lan.org();
    lan.plan_step(ba_be, PlanAction::Submit, None).unwrap();
    let mut minh = as_user(&t, "minh", "bac-kan");
    // Unit ids are each session's own: minh names Ba Bể and its cell in his.
    let ba_be_m = minh.unit_of_code("ba-be").unwrap();
    let km = kttt::domain::values::CellKey { org: ba_be_m, ..k };
    minh.plan_step(ba_be_m, PlanAction::Approve, None).unwrap();
    // A comment is not a figure: who enters the unit, or approves it, may still write one.
    lan.set_note(&k, Some("Số liệu theo báo cáo quý 3")).unwrap();
    minh.set_org(ba_be_m).unwrap();
    minh.set_note(&km, Some("Đã đối chiếu")).unwrap();
    assert_eq!(minh.note(&km), Some("Đã đối chiếu"));
    // Each is audited with who wrote it and the old and new text.
    let notes = t.rows("SELECT os_user, detail FROM audit WHERE action = 'note' ORDER BY id");
    let n = |u: &str, d: &str| vec![Some(u.to_string()), Some(d.to_string())];
    assert_eq!(
        notes,
        [
            n("lan", " → Số liệu theo báo cáo quý 3"),
            n("minh", "Số liệu theo báo cáo quý 3 → Đã đối chiếu")
        ]
    );
    // The figure itself stays locked, and who only reads comments nothing.
    assert!(lan.set(k, Some(dec("13")), None).is_err());
    assert_eq!(t.rows("SELECT value FROM value WHERE org_unit = 'ba-be' AND indicator = 'htx.total' AND year = 2020 AND kind = 'plan'")[0][0].as_deref(), Some("12"));
    let mut hoa = as_user(&t, "hoa", "bac-kan");
    let ba_be_h = hoa.unit_of_code("ba-be").unwrap();
    hoa.set_org(ba_be_h).unwrap();
    let kh = kttt::domain::values::CellKey { org: ba_be_h, ..k };
    assert!(denied(hoa.set_note(&kh, Some("x")).unwrap_err()).contains("hoa"));
}

on_both!(
    a_scenario_is_managed_only_by_its_maker_or_whoever_enters_all_of_it,
    the_scenario_list_shows_only_units_the_user_may_read,
    an_import_is_one_transaction_and_a_refused_one_leaves_no_scenario,
    comments_on_an_approved_plan_are_allowed_and_audited_while_its_figures_stay_locked,
    each_user_finds_the_app_where_they_left_it
);

/// Where each official last looked is kept per user in the database (an official over SSH
/// has no files of their own); one user's place is not another's.
fn each_user_finds_the_app_where_they_left_it(b: Backend) {
    let t = setup(b);
    let mut lan = as_user(&t, "lan", "ba-be");
    assert_eq!(lan.last_view(), None);
    lan.remember_view();
    let mut tuan = as_user(&t, "tuan", "cho-don");
    tuan.remember_view();
    let mut again = as_user(&t, "lan", "bac-kan");
    let (unit, year) = again.last_view().unwrap();
    assert_eq!((again.orgs().get(unit).code.as_str(), year), ("ba-be", 2020));
    // hoa reads the whole province and last looked at Chợ Mới: the app opens there.
    let mut hoa = as_user(&t, "hoa", "cho-moi");
    hoa.remember_view();
    let keeper = kttt::tui::remember::Keeper::Database;
    let mut fresh = t.session_as(Some("hoa"), None);
    assert_eq!(fresh.unit().code, "bac-kan");
    kttt::tui::remember::restore(&keeper, &mut fresh);
    assert_eq!(fresh.unit().code, "cho-moi");
    assert_eq!(t.count("SELECT count(*) FROM user_view"), 3);
    // No audit row: a place to open is not a figure.
    assert_eq!(t.count("SELECT count(*) FROM audit WHERE action LIKE '%view%'"), 0);
}
