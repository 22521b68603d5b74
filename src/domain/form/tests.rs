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
    assert!(new.rules.rules.iter().any(|r| r.id == "sum:htx.classified"));
    assert!(!forms.all()[0].rules.rules.iter().any(|r| r.id == "sum:htx.classified"));
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
