//! Users, grants and approval locks, on every write path, checked inside the write
//! transaction; the audit names the user; a database without users stays open; the file's
//! owner administers it.

use crate::common;

use common::backend::{Backend, TestDb};
use common::*;
use kttt::domain::access::Role;
use kttt::domain::catalog::FundingId;
use kttt::domain::values::CellKey;
use kttt::i18n::Lang;
use kttt::session::{OpenOptions, Session, UnitsFile};
use kttt::store::{PlanAction, StoreError};
use std::collections::HashMap;

fn as_user(t: &TestDb, user: &str, unit: &str) -> Session {
    t.session_as(Some(user), Some(unit))
}

fn locked(e: kttt::error::Error) -> String {
    match e.store() {
        Some(StoreError::Locked(_)) => e.message(Lang::Vi),
        other => panic!("expected a lock, got {other:?}: {}", e.message(Lang::Vi)),
    }
}

/// A seeded file whose owner (this process) set up: lan enters for Ba Bể, minh approves for
/// the province, hoa only reads.
fn setup(b: Backend) -> TestDb {
    let t = TestDb::seeded(b);
    let mut owner = t.session();
    owner.db_mut().add_user("admin", "Quản trị").unwrap();
    for (n, d) in [("lan", "Nguyễn Thị Lan"), ("minh", "Trần Minh"), ("hoa", "Lê Hoa")] {
        owner.db_mut().add_user(n, d).unwrap();
    }
    let ba_be = owner.orgs().by_code("ba-be").unwrap();
    let bk = owner.orgs().by_code("bac-kan").unwrap();
    owner.db_mut().grant("lan", ba_be, Role::Enter).unwrap();
    owner.db_mut().grant("minh", bk, Role::Approve).unwrap();
    owner.db_mut().grant("hoa", bk, Role::Read).unwrap();
    t
}

fn a_database_without_users_is_open_and_the_owner_administers_one_with_users(b: Backend) {
    let open = TestDb::seeded(b);
    let mut s = open.session();
    let k = skey(&s, "htx.total", "KH2020");
    s.set(k, Some(dec("205")), None).unwrap();
    let t2 = setup(b);
    let mut owner = t2.session();
    let k = skey(&owner, "htx.total", "KH2020");
    owner.set(k, Some(dec("206")), None).unwrap();
}

fn a_grant_allows_its_unit_and_the_units_below_and_nothing_else(b: Backend) {
    let p = setup(b);
    let mut lan = as_user(&p, "lan", "ba-be");
    let k = scell(&lan, "htx.total", "ba-be", "KH2020");
    lan.set(k, Some(dec("12")), None).unwrap();
    // A commune of Ba Bể is below it.
    let cho_ra = lan
        .orgs()
        .resolve("Thị trấn Chợ Rã", kttt::domain::org::When::Year(2024))
        .unwrap();
    lan.set_org(cho_ra).unwrap();
    let k = CellKey::new(k.indicator, cho_ra, k.period, FundingId::TOTAL);
    lan.set(k, Some(dec("2")), None).unwrap();
    // Chợ Đồn is not: not even to look at.
    let cho_don = lan.unit_of_code("cho-don").unwrap();
    let e = lan.set_org(cho_don).unwrap_err();
    assert_eq!(denied(e), "Người dùng lan không có quyền xem Huyện Chợ Đồn.");
    // hoa reads the province but writes nothing.
    let mut hoa = as_user(&p, "hoa", "bac-kan");
    let k = scell(&hoa, "htx.total", "bac-kan", "KH2020");
    let e = hoa.set(k, Some(dec("1")), None).unwrap_err();
    assert!(denied(e).starts_with("Người dùng hoa không có quyền nhập số liệu cho Tỉnh Bắc Kạn."));
    // Someone the database does not know cannot even open it.
    let e = kttt::session::open(&OpenOptions {
        user: Some("ai-do".into()),
        ..OpenOptions::new(p.choice(), Lang::Vi)
    })
    .err()
    .unwrap();
    assert!(denied(e).contains("“ai-do” chưa có trong danh sách người dùng"));
}

fn every_write_path_checks_the_grant(b: Backend) {
    let p = setup(b);
    let mut lan = as_user(&p, "lan", "ba-be");
    // Scenarios: lan may create one and edit Ba Bể in it, not the province.
    let sc = lan.create_scenario("PA lan").unwrap();
    lan.activate(Some(&sc.name)).unwrap();
    let mine = scell(&lan, "htx.total", "ba-be", "KH2020");
    lan.set(mine, Some(dec("15")), None).unwrap();
    let bk = lan.orgs().by_code("bac-kan").unwrap();
    // With leave to read the province, lan looks at it; writing there is the store's refusal.
    p.session().db_mut().grant("lan", bk, Role::Read).unwrap();
    lan.set_org(bk).unwrap();
    let theirs = CellKey::new(mine.indicator, bk, mine.period, FundingId::TOTAL);
    assert!(denied(lan.set(theirs, Some(dec("1")), None).unwrap_err()).contains("Tỉnh Bắc Kạn"));
    lan.set_org(mine.org).unwrap();
    // Plan start, units, users: administrators only.
    assert!(denied(lan.start_plan(2020).unwrap_err()).contains("quản trị"));
    let list = UnitsFile::parse(
        "# scheme: 2025\n# valid_from: 2027-01-01\nlevel,gso,name,parent_gso\nprovince,19,Tỉnh Thái Nguyên,\n",
    )
    .unwrap();
    assert!(
        denied(
            lan.db_mut()
                .import_units(&list, &mut kttt::work::unwatched)
                .unwrap_err()
        )
        .contains("quản trị")
    );
    assert!(denied(lan.db_mut().add_user("x", "X").unwrap_err()).contains("quản trị"));
    assert!(denied(lan.db_mut().grant("lan", bk, Role::Admin).unwrap_err()).contains("quản trị"));
    // hoa (read only) cannot create a scenario.
    let mut hoa = as_user(&p, "hoa", "bac-kan");
    assert!(denied(hoa.create_scenario("PA hoa").unwrap_err()).contains("hoa"));
    // The scenario lan made is Ba Bể's: a province cell has no place in it, not even from the
    // owner, and the refusal says why; lan applies it.
    let mut owner = p.session();
    owner.activate(Some(&sc.name)).unwrap();
    let k = skey(&owner, "htx.total", "KH2020");
    let e = owner.set(k, Some(dec("210")), None).unwrap_err();
    assert!(
        e.message(Lang::Vi)
            .contains("Phương án “PA lan” là phương án của Huyện Ba Bể; ô của Tỉnh Bắc Kạn nằm ngoài đơn vị đó"),
        "{}",
        e.message(Lang::Vi)
    );
    lan.apply_scenario(sc.id, None, &HashMap::new()).unwrap();
}

fn an_approved_plan_locks_typed_edits_undo_and_apply_until_reopened(b: Backend) {
    let p = setup(b);
    let mut lan = as_user(&p, "lan", "ba-be");
    let k = scell(&lan, "htx.total", "ba-be", "KH2020");
    lan.set(k, Some(dec("12")), None).unwrap();
    let ba_be = lan.org();
    lan.plan_step(ba_be, PlanAction::Submit, None).unwrap();
    // lan cannot approve their own plan; minh, above, can.
    assert!(
        denied(lan.plan_step(ba_be, PlanAction::Approve, None).unwrap_err()).contains("duyệt kế hoạch của Huyện Ba Bể")
    );
    let mut minh = as_user(&p, "minh", "bac-kan");
    // Unit ids are each session's own: minh names Ba Bể in his.
    let ba_be_m = minh.unit_of_code("ba-be").unwrap();
    minh.plan_step(ba_be_m, PlanAction::Approve, None).unwrap();
    // lan's session still sees the plan as sent (which locks too); the approval is read
    // inside the write transaction.
    assert_eq!(
        lan.lock(&k).map(|l| l.step),
        Some(kttt::domain::access::PlanStep::Submitted)
    );
    let e = lan.set(k, Some(dec("13")), None).unwrap_err();
    assert!(locked(e).starts_with("Kế hoạch năm 2020 của Huyện Ba Bể đã được duyệt (minh,"));
    assert!(locked(lan.undo().unwrap_err()).contains("đã được duyệt"));
    let sc = lan.create_scenario("Sau duyệt").unwrap();
    lan.activate(Some(&sc.name)).unwrap();
    lan.set(k, Some(dec("14")), None).unwrap(); // a what-if may still be tried
    assert!(locked(lan.apply_scenario(sc.id, None, &HashMap::new()).unwrap_err()).contains("đã được duyệt"));
    lan.activate(None).unwrap();
    // Returning needs a reason; reopening unlocks.
    assert!(minh.plan_step(ba_be_m, PlanAction::Return, None).is_err());
    minh.plan_step(ba_be_m, PlanAction::Reopen, Some("sửa số HTX")).unwrap();
    lan.set(k, Some(dec("13")), None).unwrap();
    let steps = p.rows("SELECT action, os_user FROM batch WHERE action LIKE 'plan.%' ORDER BY id");
    let s = |a: &str, u: &str| vec![Some(a.to_string()), Some(u.to_string())];
    assert_eq!(
        steps,
        [
            s("plan.submit", "lan"),
            s("plan.approve", "minh"),
            s("plan.reopen", "minh")
        ]
    );
}

fn the_audit_names_the_user_and_keeps_the_operating_system_account(b: Backend) {
    let p = setup(b);
    let mut lan = as_user(&p, "lan", "ba-be");
    let k = scell(&lan, "htx.total", "ba-be", "KH2020");
    lan.set(k, Some(dec("12")), None).unwrap();
    let row = p.rows(
        "SELECT a.os_user, b.os_account FROM audit a JOIN batch b ON b.id = a.batch
         WHERE a.org_unit = 'ba-be' AND a.action = 'set' ORDER BY a.id DESC LIMIT 1",
    );
    assert_eq!(row[0][0].as_deref(), Some("lan"));
    assert_eq!(row[0][1].as_deref(), Some(kttt::store::os_account()));
}

/// Two real accounts on one file: while root has the database open, its `-wal`/`-shm`
/// belong to root's group, and a second account's write fails. kttt explains the setgid
/// folder instead of SQLite's "attempt to write a readonly database". Needs root (to run the
/// second account); it fails, rather than skips, without it.
#[cfg(unix)]
#[test]
fn a_second_account_blocked_by_the_first_ones_sidecars_is_told_how_to_share() {
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        unsafe { libc::geteuid() },
        0,
        "this test runs a second account (nobody) and needs root, as in CI"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = dir.path().join("k.sqlite3");
    drop(open(&db));
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    // Root keeps the database open: its sidecars exist, 0644, root's group.
    let keep = rusqlite::Connection::open(&db).unwrap();
    keep.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
        .unwrap();
    keep.execute("CREATE TEMP TABLE t (x)", []).unwrap();
    keep.query_row("SELECT count(*) FROM value", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let shm = dir.path().join("k.sqlite3-shm");
    assert!(shm.exists());
    std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = std::process::Command::new("runuser")
        .args(["-u", "nobody", "--"])
        .arg(env!("CARGO_BIN_EXE_kttt"))
        .args(["set", "htx.total", "KH2020", "210"])
        .env("KTTT_DB", &db)
        .env("KTTT_LANG", "vi")
        .env("HOME", dir.path())
        .output()
        .expect("runuser");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("setgid") && err.contains("umask 002"), "{err}");
    assert!(!err.contains("readonly database"), "{err}");
    drop(keep);
}

on_both!(
    a_database_without_users_is_open_and_the_owner_administers_one_with_users,
    a_grant_allows_its_unit_and_the_units_below_and_nothing_else,
    every_write_path_checks_the_grant,
    an_approved_plan_locks_typed_edits_undo_and_apply_until_reopened,
    the_audit_names_the_user_and_keeps_the_operating_system_account
);
