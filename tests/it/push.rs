//! `kttt push`: a province's approved figures and their audit trail sent to the ministry's
//! PostgreSQL database in one transaction; a second push changes nothing; figures that are
//! not approved are not sent; a figure the ministry holds differently is reported and
//! nothing is written; the ministry's roll-up over the units it received is the province's.

use crate::common;

use common::backend::{Backend, TestDb};
use std::process::Output;

fn run(db: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kttt"))
        .args(args)
        .env("KTTT_DB", db)
        .env_remove("KTTT_LANG")
        .env_remove("KTTT_CONFIG")
        .env("COLUMNS", "150")
        .output()
        .unwrap()
}

fn ok(db: &str, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(
        o.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn footprint(t: &TestDb) -> Vec<i64> {
    ["audit", "batch", "value", "plan_state", "push_received"]
        .iter()
        .map(|table| t.count(&format!("SELECT count(*) FROM {table}")))
        .collect()
}

/// A province (its own database, on `b`) whose district Ba Bể and the province itself have
/// approved 2020 plans, Chợ Đồn's only submitted; and an empty ministry database.
fn province_and_ministry(b: Backend) -> (TestDb, TestDb) {
    let p = TestDb::seeded(b);
    ok(&p.db, &["--unit", "ba-be", "set", "htx.total", "KH2020", "20"]);
    ok(&p.db, &["--unit", "cho-don", "set", "htx.total", "KH2020", "31"]);
    for (u, steps) in [
        ("ba-be", &["submit", "approve"][..]),
        ("cho-don", &["submit"][..]),
        ("bac-kan", &["submit", "approve"][..]),
    ] {
        for s in steps {
            ok(&p.db, &["--unit", u, "plan", s]);
        }
    }
    let m = TestDb::without_figures(Backend::Postgres);
    (p, m)
}

fn push_once_then_again(b: Backend) {
    let (p, m) = province_and_ministry(b);
    let said = ok(&p.db, &["push", "--to", &m.db]);
    assert!(
        said.contains("334 số liệu mới") && said.contains("334 dòng nhật ký"),
        "{said}"
    );
    assert!(said.contains("Tỉnh Bắc Kạn, Huyện Ba Bể"), "{said}");
    assert!(said.contains("Chưa duyệt, không gửi: Huyện Chợ Đồn"), "{said}");
    // In the ministry: the figures, their history, and the plans approved (so locked there too).
    assert_eq!(
        m.count("SELECT count(*) FROM value WHERE org_unit IN ('bac-kan', 'ba-be')"),
        334
    );
    assert_eq!(
        m.count("SELECT count(*) FROM value WHERE org_unit = 'cho-don'"),
        0,
        "not approved: not sent"
    );
    assert_eq!(m.count("SELECT count(*) FROM audit WHERE action = 'received'"), 334);
    assert_eq!(m.count("SELECT count(*) FROM plan_state WHERE state = 'approved'"), 2);
    let shown = ok(&m.db, &["--unit", "bac-kan", "show", "1"]);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("Tổng số hợp tác xã ") && l.contains("102,3%")),
        "{shown}"
    );
    let e = run(&m.db, &["--unit", "ba-be", "set", "htx.total", "KH2020", "21"]);
    assert!(
        String::from_utf8_lossy(&e.stderr).contains("đã được duyệt"),
        "locked in the ministry too"
    );
    // The same push again: nothing new, nothing written.
    let before = footprint(&m);
    let again = ok(&p.db, &["push", "--to", &m.db]);
    assert!(
        again.contains("Không có gì mới để gửi") && again.contains("334 số liệu như nhau"),
        "{again}"
    );
    assert_eq!(footprint(&m), before);
}

fn a_figure_held_differently_is_reported_and_nothing_is_written(b: Backend) {
    let (p, m) = province_and_ministry(b);
    ok(&p.db, &["push", "--to", &m.db]);
    // The province reopens Ba Bể's plan, changes a figure, approves again and pushes.
    ok(&p.db, &["--unit", "ba-be", "plan", "reopen"]);
    ok(&p.db, &["--unit", "ba-be", "set", "htx.total", "KH2020", "24"]);
    ok(&p.db, &["--unit", "ba-be", "plan", "submit"]);
    ok(&p.db, &["--unit", "ba-be", "plan", "approve"]);
    let before = footprint(&m);
    let o = run(&p.db, &["push", "--to", &m.db]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("Huyện Ba Bể, htx.total KH 2020: nơi nhận giữ 20, gửi lên 24"),
        "{err}"
    );
    assert!(err.contains("không ghi đè, chưa ghi gì"), "{err}");
    assert_eq!(footprint(&m), before, "nothing was written");
    assert_eq!(
        m.rows("SELECT value FROM value WHERE org_unit = 'ba-be' AND indicator = 'htx.total'")[0][0].as_deref(),
        Some("20")
    );
}

fn only_an_approved_plan_is_sent(b: Backend) {
    let p = TestDb::seeded(b);
    let m = TestDb::without_figures(Backend::Postgres);
    let before = footprint(&m);
    let o = run(&p.db, &["push", "--to", &m.db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("chưa được duyệt: chỉ số liệu đã duyệt mới được gửi lên"));
    assert_eq!(footprint(&m), before);
}

#[test]
fn the_ministrys_roll_up_over_what_it_received_is_the_provinces() {
    let (p, m) = province_and_ministry(Backend::Sqlite);
    ok(&p.db, &["--unit", "cho-don", "plan", "approve"]);
    ok(&p.db, &["push", "--to", &m.db]);
    let province = ok(
        &p.db,
        &["--unit", "bac-kan", "show", "--by-unit", "htx.total,htx.revenue"],
    );
    let ministry = ok(
        &m.db,
        &["--unit", "bac-kan", "show", "--by-unit", "htx.total,htx.revenue"],
    );
    assert_eq!(ministry, province);
    assert!(ministry.contains("Cộng (2/8 huyện)"), "{ministry}");
}

/// A push stopped half-way (Ctrl+C in `kttt push`) writes nothing at the receiver: its one
/// transaction is rolled back; sent again without stopping, it is written whole.
fn a_push_stopped_half_way_writes_nothing(b: Backend) {
    let (p, m) = province_and_ministry(b);
    let out = p.session().outgoing(2020).unwrap();
    let mut target = kttt::session::open(&kttt::session::OpenOptions::new(m.choice(), kttt::i18n::Lang::Vi)).unwrap();
    let before = footprint(&m);
    let mut told = Vec::new();
    let e = target
        .receive(&out.push, &mut |done, total| {
            told.push((done, total));
            false
        })
        .unwrap_err();
    assert!(e.is_stopped(), "{e:?}");
    // Stopped while the figures were being written (334 compared, then written), not after.
    let (done, total) = told[0];
    assert!(done > 334 && done < total, "{told:?}");
    assert_eq!(footprint(&m), before, "rolled back");
    let r = target.receive(&out.push, &mut kttt::work::unwatched).unwrap();
    assert_eq!((r.written, r.audit_copied), (334, 334));
}

on_both!(
    push_once_then_again,
    a_figure_held_differently_is_reported_and_nothing_is_written,
    only_an_approved_plan_is_sent,
    a_push_stopped_half_way_writes_nothing
);

/// Figures entered on a form the receiving database does not hold are refused before
/// anything is read; figures of a form it holds go through.
#[test]
fn figures_of_a_form_the_ministry_does_not_hold_are_refused() {
    let m = TestDb::without_figures(Backend::Postgres);
    let mut st = m.store();
    let push = |form: &str, year: i32| kttt::store::Push {
        source: "tinh".into(),
        source_name: "Tỉnh".into(),
        year,
        form: form.into(),
        ..Default::default()
    };
    let before = footprint(&m);
    let e = st
        .receive(&push("cv-2029", 2029), &mut kttt::work::unwatched)
        .unwrap_err();
    let said = kttt::error::Error::from(e).message(kttt::i18n::Lang::Vi);
    assert!(
        said.contains("Số liệu năm 2029 được nhập theo biểu mẫu cv-2029, cơ sở dữ liệu nhận không có biểu mẫu này."),
        "{said}"
    );
    assert_eq!(footprint(&m), before, "nothing written");
    let r = st
        .receive(&push("hai-cap-2027", 2027), &mut kttt::work::unwatched)
        .unwrap()
        .unwrap();
    assert_eq!((r.written, r.conflicts.len()), (0, 0));
}

/// An office's own rows stay with the office: its figures are not sent, the ministry's are.
fn an_office_s_own_rows_are_not_pushed(b: Backend) {
    let p = TestDb::seeded(b);
    let layer = "version = 1\n[form]\nid = \"bk-rieng\"\nbased_on = \"507-2019\"\nfrom_year = 2020\noffice = \"bac-kan\"\ntitle_vi = \"x\"\ntitle_en = \"x\"\nissuer_vi = \"x\"\nissuer_en = \"x\"\norigin_vi = \"x\"\norigin_en = \"x\"\nchecked = true\nlevels = [\"province\", \"district\"]\n[[add]]\nafter = \"htx.effective\"\ncode = \"bk.htx.tea\"\nvi = \"Số HTX chè\"\nen = \"Tea cooperatives\"\nunit = \"htx\"\nparent = \"htx.total\"\nrel = \"of-which\"\n";
    p.session().db_mut().add_form(layer, "Quyết định của tỉnh").unwrap();
    ok(&p.db, &["--unit", "ba-be", "set", "htx.total", "KH2020", "20"]);
    ok(&p.db, &["--unit", "ba-be", "set", "bk.htx.tea", "KH2020", "4"]);
    for (u, step) in [
        ("ba-be", "submit"),
        ("ba-be", "approve"),
        ("bac-kan", "submit"),
        ("bac-kan", "approve"),
    ] {
        ok(&p.db, &["--unit", u, "plan", step]);
    }
    let m = TestDb::without_figures(Backend::Postgres);
    let said = ok(&p.db, &["push", "--to", &m.db]);
    assert!(said.contains("334 số liệu mới"), "{said}");
    assert_eq!(m.count("SELECT count(*) FROM value WHERE indicator = 'bk.htx.tea'"), 0);
    assert_eq!(m.count("SELECT count(*) FROM value WHERE org_unit = 'ba-be' AND indicator = 'htx.total' AND year = 2020 AND kind = 'plan'"), 1);
    assert_eq!(p.count("SELECT count(*) FROM value WHERE indicator = 'bk.htx.tea'"), 1);
}

#[test]
fn an_office_s_own_rows_are_not_pushed_from_sqlite() {
    an_office_s_own_rows_are_not_pushed(Backend::Sqlite);
}
