use super::*;
use crate::domain::catalog::Relation;

#[test]
fn the_2019_form_is_the_catalog_as_it_was_and_covers_every_year_before_the_next() {
    let forms = Forms::builtin();
    let first = forms.for_year(2020);
    assert_eq!(first.source.id, "507-2019");
    assert_eq!(forms.for_year(2010).source.id, "507-2019");
    assert_eq!(forms.for_year(2026).source.id, "507-2019");
    assert_eq!(forms.for_year(2027).source.id, "hai-cap-2027");
    assert_eq!(forms.for_year(2031).source.id, "hai-cap-2027");
    let builtin = Catalog::builtin();
    assert_eq!(first.catalog.indicators.len(), builtin.indicators.len());
    for (a, b) in first.catalog.indicators.iter().zip(&builtin.indicators) {
        assert_eq!((a.id, &a.code, a.in_form), (b.id, &b.code, true));
    }
    assert_eq!(forms.years_of("507-2019"), Some((2019, Some(2026))));
    assert_eq!(forms.years_of("hai-cap-2027"), Some((2027, None)));
}

#[test]
fn an_indicator_keeps_its_id_in_every_form_and_new_rows_follow() {
    let forms = Forms::builtin();
    let (old, new) = (&forms.all()[0].catalog, &forms.all()[1].catalog);
    for i in &old.indicators {
        let id = new.find(&i.code).expect("every old code is in the newer catalog");
        assert_eq!(id, i.id, "{}", i.code);
    }
    let share = new.find("htx.managers.trained_share").unwrap();
    assert!(share.0 as usize >= old.indicators.len());
    assert!(old.find("htx.managers.trained_share").is_none());
    // Relabelled: the same indicator, the new words.
    let eff = new.find("htx.effective").unwrap();
    assert_eq!(eff, old.find("htx.effective").unwrap());
    assert!(new.get(eff).name.vi.contains("xếp loại tốt, khá"));
    assert!(!old.get(eff).name.vi.contains("xếp loại"));
    // The classification is a "Chia ra" group under the rated cooperatives, printed in
    // order after the of-which rows of the total.
    let rated = new.find("htx.classified").unwrap();
    let parts: Vec<&str> = new
        .split_parts(rated)
        .iter()
        .map(|p| new.get(*p).code.as_str())
        .collect();
    assert_eq!(
        parts,
        [
            "htx.class.good",
            "htx.class.fair",
            "htx.class.average",
            "htx.class.weak"
        ]
    );
    assert_eq!(
        new.get(new.find("htx.class.good").unwrap()).label_before,
        Some(Relation::Split)
    );
    let rows: Vec<&str> = new.appendices[0]
        .rows
        .iter()
        .map(|r| new.get(*r).code.as_str())
        .collect();
    let at = |c: &str| rows.iter().position(|r| *r == c).unwrap();
    assert!(at("htx.effective") < at("htx.hightech"));
    assert!(at("htx.class.weak") < at("htx.size.micro"));
    assert!(at("htx.size.large") < at("htx.members"));
    assert!(at("htx.income") < at("htx.capital") && at("htx.capital") < at("htx.jobs") && at("htx.jobs") < at("lh"));
    // The percent row uses the form's own unit.
    let u = new.get(share).unit.unwrap();
    assert_eq!(new.units[u].code, "phan-tram");
}

#[test]
fn the_registry_holds_every_code_and_the_rules_of_a_form_name_only_its_rows() {
    let forms = Forms::builtin();
    let reg = forms.registry();
    for f in forms.all() {
        for i in f.catalog.indicators.iter().filter(|i| i.in_form) {
            assert_eq!(reg.find(&i.code), Some(i.id));
        }
    }
    let new = &forms.all()[1];
    assert!(new.rules().rules.iter().any(|r| r.id == "sum:htx.classified"));
    assert!(
        !forms.all()[0]
            .rules()
            .rules
            .iter()
            .any(|r| r.id == "sum:htx.classified")
    );
}

#[test]
fn a_form_is_refused_when_its_changes_do_not_fit_the_form_before() {
    let first = FormFile::parse(crate::assets::FORM_2019).unwrap();
    let bad = |text: &str| {
        let f = FormFile::parse(text).unwrap();
        Forms::build(first.clone(), Catalog::builtin(), builtin_raw(), vec![(f, text)])
            .unwrap_err()
            .0
    };
    let head = "version = 1\n[form]\nid = \"x\"\nbased_on = \"507-2019\"\nfrom_year = 2030\ntitle_vi = \"x\"\ntitle_en = \"x\"\nissuer_vi = \"x\"\nissuer_en = \"x\"\norigin_vi = \"x\"\norigin_en = \"x\"\nchecked = false\nlevels = [\"province\"]\n";
    assert!(bad(&format!("{head}[[relabel]]\ncode = \"nope\"\nvi = \"a\"\nen = \"a\"\n")).contains("nope"));
    assert!(
        bad(&format!(
            "{head}[[add]]\nafter = \"htx.total\"\ncode = \"htx.total\"\nvi = \"a\"\nen = \"a\"\nunit = \"htx\"\n"
        ))
        .contains("taken")
    );
    assert!(bad(&format!("{head}[[retire]]\ncode = \"htx.total\"\n")).contains("below"));
    assert!(bad(&head.replace("2030", "2018")).contains("or later"));
}

#[test]
fn the_diff_of_the_two_level_form_names_every_change() {
    let forms = Forms::builtin();
    let d = diff(&forms.all()[0], &forms.all()[1]);
    let of = |code: &str| d.rows.iter().find(|(c, _)| c == code).map(|(_, x)| x.clone()).unwrap();
    assert_eq!(of("htx.total"), vec![RowChange::Same]);
    assert!(matches!(of("htx.effective")[0], RowChange::Relabelled { .. }));
    assert_eq!(of("htx.jobs"), vec![RowChange::New]);
    assert_eq!(d.count(|c| *c == RowChange::New), 19);
    assert_eq!(d.count(|c| matches!(c, RowChange::Relabelled { .. })), 3);
    assert_eq!(d.count(|c| *c == RowChange::Gone), 0);
}

/// The built-in forms and a later one (2030) that measures income per month, counts
/// cooperatives and unions together, and breaks the jobs series.
fn with_2030() -> Forms {
    let first = FormFile::parse(crate::assets::FORM_2019).unwrap();
    let f27 = crate::assets::LATER_FORMS[0];
    let f30 = r#"version = 1
[form]
id = "test-2030"
based_on = "hai-cap-2027"
from_year = 2030
title_vi = "x"
title_en = "x"
issuer_vi = "x"
issuer_en = "x"
origin_vi = "x"
origin_en = "x"
checked = false
levels = ["province", "commune"]

[[retire]]
code = "htx.income"

[[retire]]
code = "htx.jobs"

[[add]]
after = "htx.profit"
code = "htx.income.month"
no = "7"
vi = "Thu nhập bình quân của lao động thường xuyên trong hợp tác xã"
en = "Average monthly income"
unit = "trd-thang"
kind = "average"
parent = "htx"
agg = "mean:htx.labour"

[[add]]
after = "htx.capital"
code = "htx.jobs.new"
no = "9"
vi = "Số việc làm mới"
en = "New jobs"
unit = "nguoi"
parent = "htx"

[[add]]
after = "htx.jobs.new"
code = "ktt.units"
no = "10"
vi = "Tổng số HTX và liên hiệp HTX"
en = "Cooperatives and unions"
unit = "htx"
parent = "htx"

[[series]]
code = "htx.income.month"
from = ["htx.income"]
how = "factor"
by = "1/12"

[[series]]
code = "htx.jobs.new"
from = ["htx.jobs"]
how = "break"

[[series]]
code = "ktt.units"
from = ["htx.total", "lh.total"]
how = "sum"
"#;
    let later = vec![
        (FormFile::parse(f27).unwrap(), f27),
        (FormFile::parse(f30).unwrap(), f30),
    ];
    Forms::build(first, Catalog::builtin(), builtin_raw(), later).unwrap()
}

#[test]
fn a_new_indicator_takes_its_earlier_figures_through_the_links_and_never_across_a_break() {
    use crate::domain::org::OrgId;
    use crate::domain::period::{Period, PeriodKind, PlanFrame};
    use crate::domain::sheet::Progress;
    use crate::domain::values::{CellKey, Dataset, Layered, Source, Values};
    use rust_decimal::Decimal;
    let forms = with_2030();
    let form = forms.for_year(2030);
    assert_eq!(form.source.id, "test-2030");
    assert_eq!(forms.for_year(2029).source.id, "hai-cap-2027");
    let c = &form.catalog;
    let id = |code: &str| c.find(code).unwrap();
    let key = |code: &str, y: i32, k: PeriodKind| {
        CellKey::new(
            id(code),
            OrgId(0),
            Period::new(y, k),
            crate::domain::catalog::FundingId::TOTAL,
        )
    };
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let mut base = Dataset::new();
    base.set(
        key("htx.income", 2029, PeriodKind::Estimate),
        Some(d("120")),
        Source::User,
    );
    base.set(key("htx.income", 2029, PeriodKind::Plan), Some(d("150")), Source::User);
    base.set(
        key("htx.income.month", 2030, PeriodKind::Plan),
        Some(d("11")),
        Source::User,
    );
    base.set(key("htx.jobs", 2029, PeriodKind::Estimate), Some(d("40")), Source::User);
    base.set(key("htx.jobs.new", 2030, PeriodKind::Plan), Some(d("44")), Source::User);
    base.set(
        key("htx.total", 2029, PeriodKind::Estimate),
        Some(d("176")),
        Source::User,
    );
    base.set(key("lh.total", 2029, PeriodKind::Estimate), Some(d("2")), Source::User);
    base.set(key("htx.total", 2029, PeriodKind::Plan), Some(d("180")), Source::User);
    let v = Layered {
        series: Some(&form.series),
        ..Layered::official(&base)
    };
    // A changed unit: per year over 12 is per month, marked as carried, never stored.
    let est = key("htx.income.month", 2029, PeriodKind::Estimate);
    assert_eq!(v.value(&est), Some(d("10")));
    assert!(v.carried(&est));
    assert!(base.cell(&est).is_none());
    assert_eq!(
        v.value(&key("htx.income.month", 2029, PeriodKind::Plan)),
        Some(d("12.5"))
    );
    // The form's own years take only entered figures.
    let plan = key("htx.income.month", 2030, PeriodKind::Plan);
    assert_eq!(v.value(&plan), Some(d("11")));
    assert!(!v.carried(&plan));
    // The percentages run across the change of unit: 10 of 12,5 is 80 %, 11 over 10 is 110 %.
    let p = Progress::of(
        |per| {
            v.value(&CellKey::new(
                id("htx.income.month"),
                OrgId(0),
                per,
                crate::domain::catalog::FundingId::TOTAL,
            ))
        },
        PlanFrame::new(2030),
        crate::domain::catalog::Direction::Higher,
    );
    assert_eq!(p.attainment.value, Some(d("80.0")));
    assert_eq!(p.growth.value, Some(d("110.0")));
    // A break carries nothing, so no percentage spans it.
    assert_eq!(v.value(&key("htx.jobs.new", 2029, PeriodKind::Estimate)), None);
    let p = Progress::of(
        |per| {
            v.value(&CellKey::new(
                id("htx.jobs.new"),
                OrgId(0),
                per,
                crate::domain::catalog::FundingId::TOTAL,
            ))
        },
        PlanFrame::new(2030),
        crate::domain::catalog::Direction::Higher,
    );
    assert_eq!(p.growth.value, None);
    // A merge is the sum of its parts, blank while one of them is.
    assert_eq!(v.value(&key("ktt.units", 2029, PeriodKind::Estimate)), Some(d("178")));
    assert_eq!(v.value(&key("ktt.units", 2029, PeriodKind::Plan)), None);
    // The diff names the retired rows as gone, the new ones as new.
    let dd = diff(forms.for_year(2029), form);
    assert_eq!(dd.count(|x| *x == RowChange::Gone), 2);
    assert_eq!(dd.count(|x| *x == RowChange::New), 3);
}

#[test]
fn a_link_must_name_a_new_row_and_rows_of_the_form_before() {
    let first = FormFile::parse(crate::assets::FORM_2019).unwrap();
    let head = "version = 1\n[form]\nid = \"x\"\nbased_on = \"507-2019\"\nfrom_year = 2030\ntitle_vi = \"x\"\ntitle_en = \"x\"\nissuer_vi = \"x\"\nissuer_en = \"x\"\norigin_vi = \"x\"\norigin_en = \"x\"\nchecked = false\nlevels = [\"province\"]\n[[add]]\nafter = \"htx.total\"\ncode = \"htx.x\"\nvi = \"a\"\nen = \"a\"\nunit = \"htx\"\nparent = \"htx\"\n";
    let bad = |tail: &str| {
        let text = format!("{head}{tail}");
        let f = FormFile::parse(&text).unwrap();
        Forms::build(first.clone(), Catalog::builtin(), builtin_raw(), vec![(f, &text)])
            .unwrap_err()
            .0
    };
    assert!(
        bad("[[series]]\ncode = \"htx.total\"\nfrom = [\"htx.new\"]\nhow = \"sum\"\n")
            .contains("new indicator with its own code")
    );
    assert!(bad("[[series]]\ncode = \"htx.x\"\nfrom = [\"htx\"]\nhow = \"sum\"\n").contains("not a row with figures"));
    assert!(
        bad("[[series]]\ncode = \"htx.x\"\nfrom = [\"htx.new\", \"htx.total\"]\nhow = \"factor\"\nby = \"2\"\n")
            .contains("from one row")
    );
    assert!(
        bad("[[series]]\ncode = \"htx.x\"\nfrom = [\"htx.new\"]\nhow = \"share\"\nby = \"3/2\"\n")
            .contains("at most the whole")
    );
    assert!(
        bad("[[series]]\ncode = \"htx.x\"\nfrom = [\"htx.new\"]\nhow = \"factor\"\nby = \"1/0\"\n")
            .contains("not a number")
    );
    assert!(
        bad("[[series]]\ncode = \"htx.x\"\nfrom = [\"htx.new\"]\nhow = \"guess\"\n")
            .contains("not factor, sum, share or break")
    );
}

#[test]
fn a_form_moves_a_row_to_the_top_changes_its_relation_and_adds_a_first_row_below_another() {
    let text = r#"version = 1
[form]
id = "x-2030"
based_on = "hai-cap-2027"
from_year = 2030
title_vi = "x"
title_en = "x"
issuer_vi = "x"
issuer_en = "x"
origin_vi = "x"
origin_en = "x"
checked = false
levels = ["province", "commune"]

[[move]]
code = "htx.jobs"
after = "htx.capital"
parent = ""

[[move]]
code = "htx.hightech"
after = "htx.effective"
rel = "split"

[[add]]
after = "htx.total"
code = "htx.first"
vi = "Hàng đầu"
en = "First"
unit = "htx"
parent = "htx.total"
rel = "of-which"
"#;
    let forms = Forms::with_added(&[text.to_string()]).unwrap();
    let c = &forms.get("x-2030").unwrap().catalog;
    let get = |code: &str| c.get(c.find(code).unwrap());
    assert_eq!(get("htx.jobs").parent, None, "a row of the top level now");
    assert_eq!(get("htx.jobs").relation, None);
    assert_eq!(get("htx.hightech").relation, Some(Relation::Split));
    let rows: Vec<&str> = c.appendices[0].rows.iter().map(|r| c.get(*r).code.as_str()).collect();
    let at = |x: &str| rows.iter().position(|r| *r == x).unwrap();
    assert_eq!(at("htx.first"), at("htx.total") + 1, "the first row below its parent");
    assert_eq!(c.get(get("htx.first").parent.unwrap()).code, "htx.total");
    // The form before is as it was.
    let before = &forms.get("hai-cap-2027").unwrap().catalog;
    assert!(before.get(before.find("htx.jobs").unwrap()).parent.is_some());
    assert_eq!(
        before.get(before.find("htx.hightech").unwrap()).relation,
        Some(Relation::OfWhich)
    );
}

#[test]
fn a_form_adds_an_appendix_with_its_rows_and_a_tab_for_it() {
    let text = r#"version = 1
[form]
id = "x-2030"
based_on = "hai-cap-2027"
from_year = 2030
title_vi = "x"
title_en = "x"
issuer_vi = "x"
issuer_en = "x"
origin_vi = "x"
origin_en = "x"
checked = false
levels = ["province", "commune"]

[[new_appendix]]
code = "phu-luc-4"
no = "4"
section = "htx"
title_vi = "CHUYỂN ĐỔI SỐ TRONG KINH TẾ TẬP THỂ NĂM {prev} VÀ KẾ HOẠCH NĂM {year}"
title_en = "DIGITAL TRANSFORMATION IN {prev} AND PLAN FOR {year}"
layout = "plan"

[[new_appendix.row]]
code = "ds"
no = "I"
vi = "CHUYỂN ĐỔI SỐ"
en = "DIGITAL TRANSFORMATION"
heading = true

[[new_appendix.row]]
code = "ds.htx"
no = "1"
vi = "Số HTX ứng dụng chuyển đổi số"
en = "Cooperatives using digital tools"
unit = "htx"
parent = "ds"

[[new_appendix.row]]
code = "ds.htx.ecommerce"
vi = "Bán hàng trên sàn thương mại điện tử"
en = "Selling on e-commerce platforms"
unit = "htx"
parent = "ds.htx"
rel = "of-which"
label = "of-which"

[[new_sheet]]
code = "ds"
vi = "Chuyển đổi số"
en = "Digital"
appendix = "phu-luc-4"
"#;
    let forms = Forms::with_added(&[text.to_string()]).unwrap();
    let f = forms.get("x-2030").unwrap();
    let c = &f.catalog;
    assert_eq!(c.appendices.len(), 4);
    assert_eq!(c.appendices[3].number, "4");
    let rows: Vec<&str> = c.appendices[3].rows.iter().map(|r| c.get(*r).code.as_str()).collect();
    assert_eq!(rows, ["ds", "ds.htx", "ds.htx.ecommerce"]);
    assert_eq!(
        c.sheets.len(),
        forms.get("hai-cap-2027").unwrap().catalog.sheets.len() + 1
    );
    assert_eq!(c.sheets.last().unwrap().rows.len(), 3);
    // New indicators follow every earlier one; an of-which rule comes with the new rows.
    let base = forms.get("hai-cap-2027").unwrap().catalog.indicators.len();
    assert!(c.find("ds.htx").unwrap().0 as usize >= base);
    assert!(
        f.rules()
            .rules
            .iter()
            .any(|r| r.kind.indicators().contains(&c.find("ds.htx.ecommerce").unwrap()))
    );
    // A code taken by the form before is refused.
    let taken = text.replace("code = \"ds.htx\"\n", "code = \"htx.total\"\n");
    assert!(Forms::with_added(&[taken]).unwrap_err().0.contains("taken"));
}
