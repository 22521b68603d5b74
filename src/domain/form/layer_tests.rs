//! Offices' own rows as layers over the ministry's forms.

use super::*;

/// A form file's head: `id`, based on `base`, from `year`, for `office`.
fn head(id: &str, base: &str, year: i32, office: &str) -> String {
    format!(
        "version = 1\n[form]\nid = \"{id}\"\nbased_on = \"{base}\"\nfrom_year = {year}\noffice = \"{office}\"\ntitle_vi = \"x\"\ntitle_en = \"x\"\nissuer_vi = \"x\"\nissuer_en = \"x\"\norigin_vi = \"x\"\norigin_en = \"x\"\nchecked = false\nlevels = [\"province\", \"commune\"]\n"
    )
}

/// Thái Nguyên's own rows over the two-level form: tourism cooperatives (new, under the
/// total), "THT" relabelled, the credit funds retired.
fn province_rows() -> String {
    format!(
        "{}[[add]]\nafter = \"htx.effective\"\ncode = \"tn.htx.tourism\"\nvi = \"Số HTX du lịch cộng đồng\"\nen = \"Community tourism cooperatives\"\nunit = \"htx\"\nparent = \"htx.total\"\nrel = \"of-which\"\n\n[[relabel]]\ncode = \"tht.total\"\nvi = \"Tổng số tổ hợp tác (THT)\"\nen = \"Cooperative groups (THT)\"\n\n[[retire]]\ncode = \"sector.htx.credit\"\n",
        head("tn-2027", "hai-cap-2027", 2027, "19")
    )
}

fn build(texts: &[String]) -> Result<Forms, CatalogError> {
    Forms::with_added(texts)
}

#[test]
fn an_office_s_rows_apply_to_its_unit_and_the_units_under_it_from_their_year() {
    let forms = build(&[province_rows()]).unwrap();
    assert_eq!(forms.all().len(), 2, "an office's rows are not a ministry form");
    assert_eq!(forms.layers().len(), 1);
    // The province and a commune under it report on the layer from 2027; another province,
    // the country, and 2026 on the ministry's forms.
    assert_eq!(forms.for_unit(2027, &["19"]).source.id, "tn-2027");
    assert_eq!(forms.for_unit(2028, &["01840", "19", "VN"]).source.id, "tn-2027");
    assert_eq!(forms.for_unit(2027, &["20"]).source.id, "hai-cap-2027");
    assert_eq!(forms.for_unit(2027, &["VN"]).source.id, "hai-cap-2027");
    assert_eq!(forms.for_unit(2026, &["19"]).source.id, "507-2019");
    assert_eq!(forms.years_of("tn-2027"), Some((2027, None)));
    let tn = forms.get("tn-2027").unwrap();
    let c = &tn.catalog;
    let tourism = c.find("tn.htx.tourism").unwrap();
    assert!(c.get(tourism).in_form);
    assert_eq!(c.get(c.get(tourism).parent.unwrap()).code, "htx.total");
    assert_eq!(c.get(c.find("tht.total").unwrap()).name.vi, "Tổng số tổ hợp tác (THT)");
    assert!(
        !c.get(c.find("sector.htx.credit").unwrap()).in_form,
        "retired, its figures kept"
    );
    // Printed after the row it follows.
    let rows: Vec<&str> = c.appendices[0].rows.iter().map(|r| c.get(*r).code.as_str()).collect();
    let at = |x: &str| rows.iter().position(|r| *r == x).unwrap();
    assert_eq!(at("tn.htx.tourism"), at("htx.effective") + 1);
    // The ministry's form is not touched.
    let m = forms.get("hai-cap-2027").unwrap();
    assert!(
        m.catalog
            .find("tn.htx.tourism")
            .is_none_or(|i| !m.catalog.get(i).in_form)
    );
    assert!(m.catalog.get(m.catalog.find("sector.htx.credit").unwrap()).in_form);
}

#[test]
fn an_office_s_indicator_has_one_id_in_every_catalog_even_after_a_later_ministry_form() {
    let ministry_2030 = "version = 1\n[form]\nid = \"m-2030\"\nbased_on = \"hai-cap-2027\"\nfrom_year = 2030\ntitle_vi = \"x\"\ntitle_en = \"x\"\nissuer_vi = \"x\"\nissuer_en = \"x\"\norigin_vi = \"x\"\norigin_en = \"x\"\nchecked = false\nlevels = [\"province\"]\n[[add]]\nafter = \"htx.jobs\"\ncode = \"htx.digital\"\nvi = \"HTX chuyển đổi số\"\nen = \"Digital cooperatives\"\nunit = \"htx\"\nparent = \"htx.total\"\nrel = \"of-which\"\n";
    // The office's rows added first, the ministry's 2030 form after them.
    let forms = build(&[province_rows(), ministry_2030.to_string()]).unwrap();
    let reg = forms.registry();
    for f in forms.all().iter().chain(forms.layers()) {
        // Every catalog knows every indicator (a roll-up above an office reads its figures).
        assert_eq!(f.catalog.indicators.len(), reg.indicators.len(), "{}", f.source.id);
        for i in &f.catalog.indicators {
            assert_eq!(reg.find(&i.code), Some(i.id), "{} in {}", i.code, f.source.id);
        }
    }
    let tourism = reg.find("tn.htx.tourism").unwrap();
    assert!(!reg.get(tourism).in_form);
    assert_eq!(reg.get(tourism).name.vi, "Số HTX du lịch cộng đồng");
    assert!(!forms.get("m-2030").unwrap().catalog.get(tourism).in_form);
    assert_eq!(forms.defining("tn.htx.tourism").unwrap().source.id, "tn-2027");
    // From 2030 the layer's ministry form is no longer in force: the province reports on the
    // ministry's new form until its office bases its rows on it again.
    assert_eq!(forms.years_of("tn-2027"), Some((2027, Some(2029))));
    assert_eq!(forms.for_unit(2030, &["19"]).source.id, "m-2030");
    let again = format!(
        "{}[[add]]\nafter = \"htx.effective\"\ncode = \"tn.htx.tourism\"\nvi = \"Số HTX du lịch cộng đồng\"\nen = \"Community tourism cooperatives\"\nunit = \"htx\"\nparent = \"htx.total\"\nrel = \"of-which\"\n",
        head("tn-2030", "m-2030", 2030, "19")
    );
    let forms = build(&[province_rows(), ministry_2030.to_string(), again]).unwrap();
    let l = forms.for_unit(2030, &["19"]);
    assert_eq!(l.source.id, "tn-2030");
    assert_eq!(
        l.catalog.find("tn.htx.tourism"),
        forms.registry().find("tn.htx.tourism"),
        "the same series"
    );
    assert!(l.catalog.get(l.catalog.find("htx.digital").unwrap()).in_form);
}

#[test]
fn a_commune_s_rows_build_on_its_province_s_and_the_nearest_office_wins() {
    let commune = format!(
        "{}[[add]]\nafter = \"tn.htx.tourism\"\ncode = \"dx.htx.tea\"\nvi = \"Số HTX chè\"\nen = \"Tea cooperatives\"\nunit = \"htx\"\nparent = \"htx.total\"\nrel = \"of-which\"\n",
        head("dx-2027", "tn-2027", 2027, "01840")
    );
    let more = format!(
        "{}[[add]]\nafter = \"htx.effective\"\ncode = \"tn.htx.women\"\nvi = \"Số HTX do phụ nữ làm giám đốc\"\nen = \"Cooperatives led by women\"\nunit = \"htx\"\nparent = \"htx.total\"\nrel = \"of-which\"\n",
        head("tn-2028", "tn-2027", 2028, "19")
    );
    let forms = build(&[province_rows(), commune, more]).unwrap();
    let dx = forms.for_unit(2028, &["01840", "19"]);
    assert_eq!(
        dx.source.id, "dx-2027",
        "the commune's own office is nearer than the province's newer rows"
    );
    for code in ["tn.htx.tourism", "dx.htx.tea"] {
        assert!(dx.catalog.get(dx.catalog.find(code).unwrap()).in_form, "{code}");
    }
    assert_eq!(forms.for_unit(2028, &["01843", "19"]).source.id, "tn-2028");
    assert_eq!(forms.for_unit(2027, &["01843", "19"]).source.id, "tn-2027");
    // A commune of another province does not get them, nor does the province the commune's.
    assert_eq!(forms.for_unit(2028, &["01840", "20"]).source.id, "hai-cap-2027");
    assert_eq!(forms.for_unit(2027, &["19"]).source.id, "tn-2027");
    // Rows over another province's rows never apply (and the store refuses to add them).
    let on_other = head("hn-2027", "tn-2027", 2027, "01");
    let forms = build(&[province_rows(), on_other]).unwrap();
    assert_eq!(forms.for_unit(2027, &["01"]).source.id, "hai-cap-2027");
}

#[test]
fn an_office_s_rows_are_refused_when_they_would_take_or_rewrite_what_is_not_theirs() {
    let err = |texts: &[String]| build(texts).unwrap_err().0;
    // A code the ministry uses.
    let taken = format!(
        "{}[[add]]\nafter = \"htx.effective\"\ncode = \"htx.jobs\"\nvi = \"a\"\nen = \"a\"\nunit = \"htx\"\n",
        head("tn-x", "507-2019", 2019, "19")
    );
    assert!(err(&[taken]).contains("taken"));
    // Another office's code.
    let other = province_rows()
        .replace("\"tn-2027\"", "\"hn-2027\"")
        .replace("office = \"19\"", "office = \"01\"");
    assert!(err(&[province_rows(), other]).contains("another office"));
    // Based on nothing known.
    assert!(err(&[head("x", "nope", 2027, "19")]).contains("neither"));
    // Over a ministry form in a year it is no longer in force.
    assert!(err(&[head("x", "507-2019", 2027, "19")]).contains("no longer in force"));
    // Before its form's first year.
    assert!(err(&[head("x", "hai-cap-2027", 2026, "19")]).contains("or later"));
    // A ministry form may not be based on an office's rows.
    let ministry_on_layer = head("m", "tn-2027", 2030, "19").replace("office = \"19\"\n", "");
    assert!(err(&[province_rows(), ministry_on_layer]).contains("based on the form before"));
}
