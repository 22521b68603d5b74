//! Forms as data bound to plan years (issue 25): the 2019 form until 2026, the two-level form
//! from 2027; a plan started across the change; the new rows, rules and labels only in the
//! years of the new form; the series of an indicator running on across both forms and the
//! 2025 reform.

use crate::common;
use common::cli::{ok, run};

/// The line of `show`'s output that holds a label.
fn line<'a>(t: &'a str, label: &str) -> &'a str {
    t.lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no {label}: {t}"))
}

#[test]
fn the_forms_are_listed_with_their_years_sources_and_changes() {
    let (_d, db) = common::seeded();
    let list = ok(&db, &["form", "list"]);
    let first = line(&list, "507-2019");
    assert!(
        first.contains("2019–2026") && first.contains("5678/BKHĐT-HTX (2019-08-12)") && first.contains("101"),
        "{list}"
    );
    let second = line(&list, "hai-cap-2027");
    assert!(
        second.contains("2027–") && second.contains("120") && second.contains("chưa"),
        "{list}"
    );
    // The seeded database's latest plan is 2020: the 2019 form is marked.
    assert!(first.contains("507-2019 *"), "{list}");
    let d = ok(&db, &["form", "diff", "2026", "2027"]);
    assert!(
        d.starts_with(
            "507-2019 → hai-cap-2027\nTóm tắt: 19 dòng mới, 0 dòng bỏ, 3 đổi tên, 0 chuyển chỗ, 0 đổi đơn vị tính"
        ),
        "{d}"
    );
    assert!(d.contains("+ htx.class.weak  Xếp loại yếu"), "{d}");
    assert!(
        d.contains("~ sector.htx.credit  “Hợp tác xã tín dụng” → “Quỹ tín dụng nhân dân”"),
        "{d}"
    );
    assert_eq!(
        ok(&db, &["form", "diff", "507-2019", "2020"]).lines().nth(1),
        Some("Tóm tắt: 0 dòng mới, 0 dòng bỏ, 0 đổi tên, 0 chuyển chỗ, 0 đổi đơn vị tính")
    );
    let show = ok(&db, &["--lang", "en", "form", "show", "hai-cap-2027"]);
    assert!(
        show.contains("Checked: NOT checked against the ministry's text"),
        "{show}"
    );
    assert!(show.contains("Reporting levels: province, commune"), "{show}");
    let bad = run(&db, &["form", "show", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("Không có biểu mẫu “nope”. Các biểu mẫu: 507-2019, hai-cap-2027")
    );
    // The whole form as TOML reads back as the same rows.
    let toml = ok(&db, &["form", "export", "2027"]);
    let v: toml::Value = toml::from_str(&toml).unwrap();
    assert_eq!(v["form"]["id"].as_str(), Some("hai-cap-2027"));
    let rows: usize = v["appendix"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["row"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows, 120);
    // `catalog` lists the rows of the year's form.
    assert_eq!(ok(&db, &["catalog", "--year", "2027"]).lines().count(), 122);
    assert_eq!(ok(&db, &["catalog"]).lines().count(), 103);
}

#[test]
fn thai_nguyen_plans_2027_on_the_two_level_form_with_its_series_carried_across() {
    let (_d, db) = common::without_figures();
    ok(&db, &["plan", "start", "--from", "2025"]);
    // The 2024 actual of the new province comes from the old provinces' communes.
    ok(&db, &["--unit", "cho-ra-01888", "set", "htx.total", "TH2024", "4"]);
    // The 2026 plan (the 2019 form): its figures.
    for (code, period, v) in [
        ("htx.total", "KH2026", "300"),
        ("htx.total", "UTH2025", "280"),
        ("htx.effective", "KH2026", "150"),
    ] {
        ok(&db, &["--unit", "thai-nguyen", "set", code, period, v]);
    }
    let s2026 = ok(&db, &["--unit", "thai-nguyen", "show", "1", "--width", "200"]);
    assert!(line(&s2026, "Tổng số hợp tác xã ").contains(" 4~ "), "{s2026}");
    assert!(
        !s2026.contains("Xếp loại tốt") && !s2026.contains("xếp loại tốt, khá"),
        "{s2026}"
    );
    // Starting 2027 says which form it uses and how the series go on.
    let started = ok(&db, &["plan", "start"]);
    assert!(started.starts_with("Kế hoạch năm 2027 dùng biểu mẫu hai-cap-2027 (CHƯA đối chiếu văn bản của Bộ). So với biểu mẫu 507-2019: 101 dòng nối tiếp số liệu cũ, 19 dòng mới"), "{started}");
    // 2025 actuals of two new communes roll up into the province's TH 2025.
    ok(&db, &["--unit", "bac-kan-01843", "set", "htx.total", "TH2025", "20"]);
    ok(&db, &["--unit", "phong-quang-01849", "set", "htx.total", "TH2025", "7"]);
    ok(&db, &["--unit", "thai-nguyen", "set", "htx.total", "UTH2026", "310"]);
    ok(&db, &["--unit", "thai-nguyen", "set", "htx.total", "KH2027", "341"]);
    ok(
        &db,
        &["--unit", "thai-nguyen", "set", "htx.classified", "KH2027", "200"],
    );
    for (code, v) in [
        ("htx.class.good", "50"),
        ("htx.class.fair", "80"),
        ("htx.class.average", "60"),
        ("htx.class.weak", "5"),
    ] {
        ok(&db, &["--unit", "thai-nguyen", "set", code, "KH2027", v]);
    }
    let s = ok(&db, &["--unit", "thai-nguyen", "show", "1", "--width", "200"]);
    assert!(s.contains("Kế hoạch năm 2027"), "{s}");
    // The indicator's series runs on: TH 2025 the 2026 plan's estimate carried as the
    // provisional actual, KH 2026 from the 2026 plan, ƯTH 2026 and KH 2027 entered, the
    // percentages worked out across the two forms.
    let total = line(&s, "Tổng số hợp tác xã ");
    assert!(
        total.contains(" 280 ") && total.contains(" 300 ") && total.contains(" 310 ") && total.contains(" 341 "),
        "{total}"
    );
    assert!(total.contains("103,3%") && total.contains("110,0%"), "{total}");
    // A relabelled row keeps its figures; new rows are there, blank before the form.
    let eff = line(&s, "Số hợp tác xã hoạt động hiệu quả (xếp loại tốt, khá)");
    assert!(eff.contains(" 150 "), "{eff}");
    let good = line(&s, "Xếp loại tốt");
    assert!(good.trim_end().ends_with(" 50"), "{good}");
    // The form's own rule: the classification adds up to the rated cooperatives.
    let c = String::from_utf8(run(&db, &["--unit", "thai-nguyen", "check", "--format", "json"]).stdout).unwrap();
    let j: serde_json::Value = serde_json::from_str(&c).unwrap();
    let sums: Vec<&serde_json::Value> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "sum:htx.classified")
        .collect();
    assert_eq!(sums.len(), 1, "{c}");
    assert!(sums[0]["message"].as_str().unwrap().contains("195"), "{c}");
    // The total now has a breakdown by size, which must add up to it: without its parts the
    // form says so; the 2019 form has no such rule.
    assert!(
        j["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "sum:htx.total"),
        "{c}"
    );
    // The 2026 plan is unchanged: its form, its rules.
    let c26 = String::from_utf8(
        run(
            &db,
            &["--unit", "thai-nguyen", "check", "--year", "2026", "--format", "json"],
        )
        .stdout,
    )
    .unwrap();
    assert!(c26.contains("\"findings\""), "{c26}");
    assert!(
        !c26.contains("htx.classified") && !c26.contains("sum:htx.total"),
        "{c26}"
    );
    // The workbook of the 2027 plan is in the 2027 layout and reads back unchanged; what a
    // unit must report is what the year's form asks (19 more rows × 4 periods in Phụ lục 1).
    let x = db.parent().unwrap().join("kh-2027.xlsx");
    ok(&db, &["--unit", "thai-nguyen", "export", "--out", x.to_str().unwrap()]);
    let back = ok(&db, &["--unit", "thai-nguyen", "import", x.to_str().unwrap()]);
    assert!(back.contains("kế hoạch năm 2027") && back.contains(" 0 khác"), "{back}");
    let c27 = ok(&db, &["--unit", "thai-nguyen", "completeness"]);
    let own = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("Tỉnh Thái Nguyên"))
            .unwrap()
            .to_string()
    };
    assert!(own(&c27).contains("/204"), "{c27}");
    let c26 = ok(&db, &["--unit", "thai-nguyen", "completeness", "--year", "2026"]);
    assert!(own(&c26).contains("/128"), "{c26}");
    // The view by unit and the written plan follow the form too.
    let by = ok(&db, &["--unit", "thai-nguyen", "show", "--by-unit", "htx.class.good"]);
    assert!(
        by.starts_with("Xếp loại tốt (HTX) theo đơn vị — Tỉnh Thái Nguyên · Kế hoạch năm 2027"),
        "{by}"
    );
    let doc = db.parent().unwrap().join("bc-2027.docx");
    ok(
        &db,
        &["--unit", "thai-nguyen", "report", "--out", doc.to_str().unwrap()],
    );
    let xml = {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::fs::File::open(&doc).unwrap()).unwrap();
        let mut f = z.by_name("word/document.xml").unwrap();
        let mut t = String::new();
        f.read_to_string(&mut t).unwrap();
        t
    };
    assert!(
        xml.contains("năm 2027") && xml.contains("341"),
        "the written plan of 2027 says its target"
    );
    // An indicator of the new form has no place in the 2019 form's years.
    let e = run(&db, &["--unit", "cho-ra-01888", "set", "htx.capital", "TH2024", "1"]);
    assert_eq!(e.status.code(), Some(2));
    let e = String::from_utf8_lossy(&e.stderr);
    assert!(
        e.contains("không có trong biểu mẫu 507-2019 của kế hoạch năm 2026 (nó thuộc biểu mẫu hai-cap-2027)"),
        "{e}"
    );
}
