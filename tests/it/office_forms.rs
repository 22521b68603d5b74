//! An office's own rows over the ministry's form (issue 25, point 3): added by the office's
//! administrator, audited with why, for its unit and the units under it only, from their
//! year; a commune's rows build on its province's; the ministry's form untouched; a ministry
//! form still needs an administrator of every top unit; both stores.

use crate::common;

use crate::form_import::{ok, out};
use common::backend::TestDb;
use kttt::domain::access::Role;
use kttt::i18n::Lang;

/// Thái Nguyên's own rows from 2027: community tourism cooperatives (new, of which of the
/// total), the groups' total relabelled, the people's credit funds retired.
const PROVINCE: &str = r#"version = 1
[form]
id = "tn-rieng-2027"
based_on = "hai-cap-2027"
from_year = 2027
office = "thai-nguyen"
title_vi = "Chỉ tiêu riêng của tỉnh Thái Nguyên"
title_en = "Thái Nguyên's own indicators"
issuer_vi = "UBND tỉnh Thái Nguyên"
issuer_en = "Thái Nguyên People's Committee"
origin_vi = "Quyết định của Sở Tài chính"
origin_en = "Decision of the Department of Finance"
checked = true
levels = ["province", "commune"]

[[add]]
after = "htx.effective"
code = "tn.htx.tourism"
vi = "Số HTX du lịch cộng đồng"
en = "Community tourism cooperatives"
unit = "htx"
parent = "htx.total"
rel = "of-which"

[[relabel]]
code = "tht.total"
vi = "Tổng số tổ hợp tác (THT) trên địa bàn tỉnh"
en = "Cooperative groups in the province"

[[retire]]
code = "sector.htx.credit"
"#;

/// A commune's rows over its province's (`based_on`), for `office`.
fn commune(id: &str, based_on: &str, office: &str) -> String {
    PROVINCE
        .replace("id = \"tn-rieng-2027\"", &format!("id = \"{id}\""))
        .replace("based_on = \"hai-cap-2027\"", &format!("based_on = \"{based_on}\""))
        .replace("office = \"thai-nguyen\"", &format!("office = \"{office}\""))
        .split("[[add]]")
        .next()
        .unwrap()
        .to_string()
        + &format!(
            "[[add]]\nafter = \"tn.htx.tourism\"\ncode = \"{id}.tea\"\nvi = \"Số HTX chè\"\nen = \"Tea cooperatives\"\nunit = \"htx\"\nparent = \"htx.total\"\nrel = \"of-which\"\n"
        )
}

both! {
    fn an_office_adds_its_own_rows_for_its_unit_and_the_units_under_it(b) {
        let t = TestDb::without_figures(b);
        ok(&t, &["plan", "start", "--from", "2025"]);
        ok(&t, &["plan", "start"]);
        assert_eq!(t.count("SELECT max(year) FROM plan"), 2027);
        let mut owner = t.session();
        // The first user administers every top unit; the others their own unit.
        owner.db_mut().add_user("admin", "Quản trị").unwrap();
        for (name, unit) in [("tn", "thai-nguyen"), ("dx", "duc-xuan-01840-2025"), ("bk", "bac-kan-01843")] {
            owner.db_mut().add_user(name, name).unwrap();
            owner.db_mut().hold_all_units().unwrap();
            let id = owner.orgs().by_code(unit).unwrap();
            owner.db_mut().grant(name, id, Role::Admin).unwrap();
        }
        drop(owner);
        // A commune's administrator may not add the province's rows; the province's may.
        let mut dx = t.session_as(Some("dx"), Some("duc-xuan-01840-2025"));
        let e = dx.db_mut().add_form(PROVINCE, "thử").unwrap_err();
        assert!(e.message(Lang::Vi).contains("quản trị"), "{}", e.message(Lang::Vi));
        drop(dx);
        let mut tn = t.session_as(Some("tn"), Some("thai-nguyen"));
        // The province's administrator is not every top unit's: no ministry form.
        let ministry = include_str!("fixtures/form-cv-2029.toml");
        let e = tn.db_mut().add_form(ministry, "thử").unwrap_err();
        assert!(e.message(Lang::Vi).contains("quản trị"), "{}", e.message(Lang::Vi));
        let added = tn.db_mut().add_form(PROVINCE, "Quyết định 12/QĐ-STC").unwrap();
        assert_eq!((added.id.as_str(), added.from_year, added.new_indicators), ("tn-rieng-2027", 2027, 1));
        drop(tn);
        assert_eq!(t.count("SELECT count(*) FROM form WHERE office = 'thai-nguyen'"), 1);
        assert_eq!(t.count("SELECT count(*) FROM audit WHERE action = 'form.add' AND os_user = 'tn'"), 1);
        // Listed as the office's; the ministry's form is not changed.
        let list = ok(&t, &["form", "list"]);
        assert!(list.lines().any(|l| l.starts_with("tn-rieng-2027 (riêng của thai-nguyen)") && l.contains("2027–")), "{list}");
        let shown = ok(&t, &["--unit", "duc-xuan-01840-2025", "form", "show", "2027"]);
        assert!(shown.starts_with("tn-rieng-2027 ·") && shown.contains("Số HTX du lịch cộng đồng"), "{shown}");
        let m = ok(&t, &["form", "show", "hai-cap-2027"]);
        assert!(!m.contains("du lịch cộng đồng") && m.contains("Quỹ tín dụng nhân dân"), "{m}");
        // The province and its communes report on it in 2027, not in 2026.
        let p27 = ok(&t, &["--unit", "thai-nguyen", "show", "1", "--width", "200"]);
        assert!(p27.contains("Số HTX du lịch cộng đồng"), "{p27}");
        assert!(p27.contains("Tổng số tổ hợp tác (THT) trên địa bàn tỉnh"), "{p27}");
        let p2 = ok(&t, &["--unit", "thai-nguyen", "show", "2", "--width", "200"]);
        assert!(!p2.contains("Quỹ tín dụng nhân dân"), "retired for the province: {p2}");
        let p26 = ok(&t, &["--unit", "thai-nguyen", "show", "1", "--year", "2026", "--width", "200"]);
        assert!(!p26.contains("du lịch cộng đồng"), "{p26}");
        ok(&t, &["--unit", "duc-xuan-01840-2025", "set", "tn.htx.tourism", "KH2027", "2"]);
        ok(&t, &["--unit", "bac-kan-01843", "set", "tn.htx.tourism", "KH2027", "3"]);
        let c = ok(&t, &["--unit", "duc-xuan-01840-2025", "show", "1", "--width", "200"]);
        assert!(c.lines().any(|l| l.contains("Số HTX du lịch cộng đồng") && l.trim_end().ends_with('2')), "{c}");
        // The province's figure is its communes' sum.
        let p = ok(&t, &["--unit", "thai-nguyen", "show", "1", "--width", "200"]);
        let row = p.lines().find(|l| l.contains("Số HTX du lịch cộng đồng")).unwrap();
        assert!(row.contains('5'), "{row}");
        // Nowhere else: in 2026 the indicator is not in the form.
        let (code, _, e) = out(t.kttt().args(["--unit", "thai-nguyen", "set", "tn.htx.tourism", "UTH2025", "1"]));
        assert_eq!(code, 2, "{e}");
        assert!(e.contains("không có trong biểu mẫu 507-2019"), "{e}");
    }
}

both! {
    fn a_commune_s_rows_build_on_its_province_s_and_never_on_another_branch_s(b) {
        let t = TestDb::without_figures(b);
        ok(&t, &["plan", "start", "--from", "2025"]);
        ok(&t, &["plan", "start"]);
        let mut owner = t.session();
        owner.db_mut().add_form(PROVINCE, "Quyết định 12/QĐ-STC").unwrap();
        owner.db_mut().add_form(&commune("dx-2027", "tn-rieng-2027", "duc-xuan-01840-2025"), "Nghị quyết HĐND xã").unwrap();
        // Another commune may not build on Đức Xuân's rows.
        let e = owner
            .db_mut()
            .add_form(&commune("bk-2027", "dx-2027", "bac-kan-01843"), "thử")
            .unwrap_err();
        assert!(e.message(Lang::En).contains("not bac-kan-01843 nor above it"), "{}", e.message(Lang::En));
        // An office that is not a unit.
        let e = owner.db_mut().add_form(&commune("zz-2027", "hai-cap-2027", "nowhere"), "thử").unwrap_err();
        assert!(e.message(Lang::Vi).contains("Không có đơn vị mã “nowhere”"), "{}", e.message(Lang::Vi));
        drop(owner);
        let dx = ok(&t, &["--unit", "duc-xuan-01840-2025", "show", "1", "--width", "200"]);
        assert!(dx.contains("Số HTX du lịch cộng đồng") && dx.contains("Số HTX chè"), "{dx}");
        let bk = ok(&t, &["--unit", "bac-kan-01843", "show", "1", "--width", "200"]);
        assert!(bk.contains("Số HTX du lịch cộng đồng") && !bk.contains("Số HTX chè"), "{bk}");
        let p = ok(&t, &["--unit", "thai-nguyen", "show", "1", "--width", "200"]);
        assert!(!p.contains("Số HTX chè"), "{p}");
        // The database opens again with both layers (read when the store opens).
        let list = ok(&t, &["form", "list"]);
        assert!(list.contains("dx-2027 (riêng của duc-xuan-01840-2025)"), "{list}");
    }
}

/// A built-in form's workbook (`form`: its place, for `year`) as an office reworks it: a row
/// of its own under the total, after the effective cooperatives.
pub(crate) fn office_workbook(form: usize, year: i32) -> Vec<u8> {
    use kttt::exchange::layout::{Cell, Item, Style};
    let form = &kttt::domain::form::Forms::builtin().all()[form];
    let mut grids = kttt::exchange::form::form_grids(form, year, Lang::Vi);
    let g = &mut grids[0];
    let code_col = g.hidden[0];
    let at = g
        .cells
        .iter()
        .find(|c| c.col == code_col && c.item == Item::Text("htx.effective".into()))
        .map(|c| c.row)
        .unwrap()
        + 1;
    let down = |r: u32| if r >= at { r + 1 } else { r };
    for c in &mut g.cells {
        c.row = down(c.row);
    }
    for m in &mut g.merges {
        (m.first_row, m.last_row) = (down(m.first_row), down(m.last_row));
    }
    for h in &mut g.heights {
        h.0 = down(h.0);
    }
    g.cells.push(Cell::new(
        at,
        1,
        Item::Text("Số HTX nuôi ong lấy mật".into()),
        Style::Name { indent: 1, bold: false },
    ));
    g.cells.push(Cell::new(at, 2, Item::Text("HTX".into()), Style::Unit));
    kttt::exchange::xlsx::workbook(&grids, Lang::Vi).unwrap()
}

both! {
    fn an_office_s_workbook_becomes_its_own_rows_over_the_form_its_unit_reports_on(b) {
        let t = TestDb::without_figures(b);
        ok(&t, &["plan", "start", "--from", "2025"]);
        ok(&t, &["plan", "start"]);
        t.session().db_mut().add_form(PROVINCE, "Quyết định 12/QĐ-STC").unwrap();
        let file = t.file("tn-2028.xlsx");
        std::fs::write(&file, office_workbook(1, 2027)).unwrap();
        let f = file.to_str().unwrap();
        let args = ["form", "import", f, "--office", "thai-nguyen", "--from-year", "2028", "--id", "tn-2028"];
        let dry = ok(&t, &[&args[..], &["--dry-run"]].concat());
        // Proposed over what the province reports on (the ministry's form with its own rows):
        // the new row, and its own tourism row gone from the workbook.
        assert!(dry.starts_with("tn-rieng-2027 → tn-2028\n"), "{dry}");
        assert!(dry.contains("+ "), "{dry}");
        assert!(dry.contains("Số HTX nuôi ong lấy mật"), "{dry}");
        assert!(dry.contains("- tn.htx.tourism"), "{dry}");
        let added = ok(&t, &[&args[..], &["--why", "Quyết định 20/QĐ-STC"]].concat());
        assert!(added.contains("Đã thêm biểu mẫu tn-2028 cho thai-nguyen và các đơn vị cấp dưới áp dụng từ kế hoạch năm 2028"), "{added}");
        // Starting 2028 at the province says its form changes: the office's new rows.
        let started = ok(&t, &["--unit", "thai-nguyen", "plan", "start"]);
        assert!(started.starts_with("Kế hoạch năm 2028 dùng biểu mẫu tn-2028"), "{started}");
        let p = ok(&t, &["--unit", "thai-nguyen", "show", "1", "--width", "200"]);
        assert!(p.contains("Số HTX nuôi ong lấy mật"), "{p}");
        let list = ok(&t, &["form", "list"]);
        assert!(list.contains("tn-2028 (riêng của thai-nguyen)"), "{list}");
        let body = t.rows("SELECT body FROM form WHERE id = 'tn-2028'");
        let body = body[0][0].as_deref().unwrap();
        assert!(body.contains("based_on = \"tn-rieng-2027\"") && body.contains("office = \"thai-nguyen\""), "{body}");
    }
}
