//! Roll-up through the session, over the real units: districts and communes add up to their
//! province, live as a figure is typed; Thái Nguyên's 2026 plan shows 2024 actuals built from
//! the old Bắc Kạn and the old Thái Nguyên; a partial predecessor without a share is flagged;
//! writes outside a unit's dates are refused; the entered figure and the roll-up disagreeing
//! is a finding.

use crate::common;

use common::*;
use kttt::domain::catalog::FundingId;
use kttt::domain::org::When;
use kttt::domain::period::Period;
use kttt::domain::values::{CellKey, Values};
use kttt::i18n::Lang;
use kttt::session::Session;
use kttt::store::Fill;
use kttt::store::sqlite::SqliteStore;

fn empty_2026() -> Session {
    let store = SqliteStore::open_in_memory(Fill::Empty).unwrap();
    let mut s = Session::new(store, Lang::Vi).unwrap();
    s.start_plan(2025).unwrap();
    assert_eq!(s.year(), 2026);
    s
}

fn cell(s: &Session, code: &str, org: &str, period: &str) -> CellKey {
    CellKey::new(
        s.catalog().find(code).unwrap(),
        s.orgs().by_code(org).unwrap_or_else(|| panic!("{org}")),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

fn put(s: &mut Session, code: &str, org: &str, period: &str, v: &str) {
    let org_id = s.orgs().by_code(org).unwrap();
    let back = s.org();
    s.set_org(org_id).unwrap();
    let k = cell(s, code, org, period);
    s.set(k, Some(dec(v)), None).unwrap();
    s.set_org(back).unwrap();
}

#[test]
fn thai_nguyen_2026_shows_2024_actuals_of_the_two_old_provinces() {
    let mut s = empty_2026();
    // 2024: one former Bắc Kạn district and the former Thái Nguyên entered figures.
    put(&mut s, "htx.total", "ba-be", "TH2024", "12");
    put(&mut s, "htx.total", "thai-nguyen-2004", "TH2024", "300");
    put(&mut s, "htx.total", "thai-nguyen", "UTH2025", "330");
    s.set_org(s.orgs().by_code("thai-nguyen").unwrap()).unwrap();
    let v = s.values();
    let k = cell(&s, "htx.total", "thai-nguyen", "TH2024");
    assert_eq!(v.value(&k), Some(dec("312")), "Bắc Kạn (from Ba Bể) + old Thái Nguyên");
    let r = v.rolled(&k).unwrap();
    assert!(r.mapped);
    assert_eq!((r.covered, r.expected), (2, 2));
    // The sheet marks it as rolled up, and the percentages use it.
    let sheet = s.sheet(0, &s.catalog().appendices[0].rows, &v, &[]);
    let row = sheet
        .rows
        .iter()
        .position(|r| r.kind == kttt::domain::sheet::RowKind::Indicator(k.indicator))
        .unwrap();
    let th = &sheet.cells[row][0];
    assert_eq!(th.value, Some(dec("312")));
    assert!(th.rolled);
}

#[test]
fn a_partial_predecessor_without_a_share_is_not_comparable() {
    let mut s = empty_2026();
    // Phường Phan Đình Phùng (05443, 2025) took part of Phường Gia Sàng (05461) among others.
    let pdp = kttt::session::open::lookup_unit(&mut s, "Phường Phan Đình Phùng", When::Year(2026)).unwrap();
    for old in s.orgs().predecessors(pdp).to_vec() {
        let code = s.orgs().get(old.unit).code.clone();
        put(&mut s, "htx.total", &code, "TH2024", "5");
    }
    s.set_org(pdp).unwrap();
    let k = CellKey::new(
        s.catalog().find("htx.total").unwrap(),
        pdp,
        Period::parse("TH2024").unwrap(),
        FundingId::TOTAL,
    );
    let r = s.values().rolled(&k).unwrap();
    assert_eq!(r.value, None);
    assert!(!r.not_comparable.is_empty());
    assert_eq!(s.orgs().get(r.not_comparable[0]).name.vi, "Phường Gia Sàng");
}

#[test]
fn a_commune_typed_moves_the_province_total_before_it_is_saved() {
    let mut s = empty_2026();
    let tn = s.orgs().by_code("thai-nguyen").unwrap();
    s.set_org(tn).unwrap();
    assert_eq!(s.parts().len(), 92);
    let first = s.parts()[0];
    let code = s.orgs().get(first).code.clone();
    put(&mut s, "htx.total", &code, "KH2026", "4");
    let second = s.orgs().get(s.parts()[1]).code.clone();
    put(&mut s, "htx.total", &second, "KH2026", "6");
    let total = s.by_unit(s.catalog().find("htx.total").unwrap(), FundingId::TOTAL);
    assert_eq!(total.total[3].value, Some(dec("10")));
    assert_eq!(total.coverage[3], (2, 92));
    // Typing 40 over the first commune's 4: the total follows before anything is written.
    let k = cell(&s, "htx.total", &code, "KH2026");
    let preview = s.values_with(Some((k, Some(dec("40")))));
    let live = s.by_unit_with(&preview, k.indicator, FundingId::TOTAL);
    assert_eq!(live.total[3].value, Some(dec("46")));
    assert_eq!(
        s.values().value(&cell(&s, "htx.total", "thai-nguyen", "KH2026")),
        Some(dec("10"))
    );
}

#[test]
fn writes_outside_a_unit_s_dates_are_refused_with_its_successors() {
    let mut s = empty_2026();
    let ba_be = s.orgs().by_code("ba-be").unwrap();
    s.set_org(ba_be).unwrap();
    let k = cell(&s, "htx.total", "ba-be", "KH2026");
    let e = s.set(k, Some(dec("3")), None).unwrap_err().message(Lang::Vi);
    assert!(
        e.contains("Huyện Ba Bể (đến 30/06/2025) không còn tồn tại vào cuối kỳ KH 2026"),
        "{e}"
    );
    let old = s.orgs().resolve("Phường Phùng Chí Kiên", When::Year(2024)).unwrap();
    s.set_org(old).unwrap();
    let k = CellKey::new(k.indicator, old, Period::parse("KH2026").unwrap(), FundingId::TOTAL);
    let e = s.set(k, Some(dec("3")), None).unwrap_err().message(Lang::Vi);
    assert!(e.contains("Số liệu sau đó thuộc: Phường Bắc Kạn"), "{e}");
}

#[test]
fn an_entered_total_that_disagrees_with_its_parts_is_a_finding() {
    let mut s = empty_2026();
    let tn = s.orgs().by_code("thai-nguyen").unwrap();
    s.set_org(tn).unwrap();
    let parts: Vec<String> = s.parts().iter().map(|p| s.orgs().get(*p).code.clone()).collect();
    for p in &parts {
        put(&mut s, "htx.total", p, "KH2026", "2");
    }
    put(&mut s, "htx.total", "thai-nguyen", "KH2026", "190");
    let f = s.findings(&s.values());
    let msgs: Vec<String> = f
        .iter()
        .map(|x| kttt::domain::rules::describe(s.catalog(), s.rules(), x, Lang::Vi))
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m == "Tổng số HTX: số nhập 190, các xã cộng lại 184 (92/92 xã) (kế hoạch 2026)"),
        "{msgs:#?}"
    );
    // Partial reporting is not a contradiction: with one commune missing, no finding (the
    // communes so far add up to less than the entered total).
    put(&mut s, "htx.total", &parts[0], "KH2026", "0");
    let blank_key = cell(&s, "htx.total", &parts[1], "KH2026");
    let p1 = s.orgs().get(blank_key.org).id;
    s.set_org(p1).unwrap();
    s.set(blank_key, None, None).unwrap();
    s.set_org(tn).unwrap();
    let f = s.findings(&s.values());
    assert!(
        !f.iter().any(|x| s.rules().get(x.rule).id == "rollup:htx.total"),
        "{f:#?}"
    );
}
