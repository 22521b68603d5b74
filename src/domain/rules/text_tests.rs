//! The plan text's own arithmetic over the seed: each statement it gets wrong is found and
//! said with its arithmetic, a rounding within the stated precision is not, and notes on the
//! rows kttt rebuilt from the text say so.
use super::*;
use crate::domain::period::PlanFrame;
use crate::domain::seed::Seed;
use crate::domain::values::{Dataset, Source};

fn seeded() -> (Catalog, RuleSet, Dataset) {
    let c = Catalog::builtin();
    let r = RuleSet::builtin(&c);
    let d = Seed::builtin(&c).dataset(OrgId(0));
    (c, r, d)
}

fn check(c: &Catalog, r: &RuleSet, d: &Dataset, year: i32) -> Vec<Finding> {
    evaluate(c, r, d, &[(OrgId(0), "bac-kan")], PlanFrame::new(year))
}

/// The findings of one rule with their severity, in words.
fn of_rule(c: &Catalog, r: &RuleSet, fs: &[Finding], id: &str, lang: Lang) -> Vec<(Severity, String)> {
    fs.iter()
        .filter(|f| r.get(f.rule).id == id)
        .map(|f| (f.severity, describe(c, r, f, lang)))
        .collect()
}

/// The findings of one rule on the seed, in words.
fn said(id: &str, lang: Lang) -> Vec<(Severity, String)> {
    let (c, r, d) = seeded();
    of_rule(&c, &r, &check(&c, &r, &d, 2020), id, lang)
}

/// The one warning of a rule, in Vietnamese, which starts as given.
fn warning(id: &str, starts: &str) -> String {
    let found = said(id, Lang::Vi);
    assert_eq!(found.len(), 1, "{id}: {found:#?}");
    assert_eq!(found[0].0, Severity::Warning);
    assert!(found[0].1.starts_with(starts), "{id}: {}", found[0].1);
    found[0].1.clone()
}

/// A cell of the seed's unit.
fn at(c: &Catalog, code: &str, period: &str) -> CellKey {
    CellKey::new(
        c.find(code).unwrap(),
        OrgId(0),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

#[test]
fn a_figure_run_together_is_read_apart() {
    // "Có 2541 HTX (chiếm 61%)" of 41 non-agricultural cooperatives: 25 and 41 run together.
    let m = warning(
        "text.nonagri-funds-2019",
        "Phần thuyết minh ghi 2541 HTX có trích lập các quỹ, nhiều hơn 41 HTX phi nông nghiệp",
    );
    assert!(
        m.contains("có lẽ “2541” là hai số 25 và 41 viết liền: 25 ÷ 41 = 61,0%, khớp với 61% văn bản ghi"),
        "{m}"
    );
    let en = &said("text.nonagri-funds-2019", Lang::En)[0].1;
    assert!(
        en.contains("probably “2541” is 25 and 41 run together: 25 ÷ 41 = 61.0%, which gives the text's 61%"),
        "{en}"
    );
}

#[test]
fn a_stated_percentage_is_checked_against_its_own_parts() {
    // "thành lập mới 22/30 HTX đạt 74%": 22 ÷ 30 is 73,3%.
    let m = warning("text.htx-new-aug-2019", "Phần thuyết minh ghi 74%");
    assert_eq!(
        m,
        "Phần thuyết minh ghi 74% nhưng 22 ÷ 30 = 73,3% (HTX thành lập mới đến 20/8/2019). \
         «Trong đó thành lập mới 22/30 HTX đạt 74%»"
    );
    let en = &said("text.htx-new-aug-2019", Lang::En)[0].1;
    assert!(en.starts_with("The plan's text says 74% but 22 ÷ 30 = 73.3%"), "{en}");
}

#[test]
fn a_part_larger_than_its_whole() {
    // Agricultural cooperatives: 1.142 workers who are also members, of 1.098 members.
    let m = warning(
        "text.agri-labour-members-of-members-2019",
        "Phần thuyết minh ghi 1.142 lao động đồng thời là thành viên, nhiều hơn 1.098 thành viên",
    );
    assert!(!m.contains("viết liền"), "1.142 does not read as two figures: {m}");
    // The same workers added over both sectors exceed Phụ lục 1's row.
    warning(
        "text.sectors-labour-members-2019",
        "Phần thuyết minh ghi 1.142 (nông, lâm nghiệp) + 397 (phi nông nghiệp) = 1.539 nhưng Phụ lục 1 ghi 1.450",
    );
}

#[test]
fn stated_parts_that_do_not_add_up() {
    // "45 HTX hoạt động tốt … HTX hoạt động trung bình 99 HTX" of 156: 144.
    warning(
        "text.htx-effective-parts-2019",
        "Phần thuyết minh ghi 156 HTX hoạt động hiệu quả nhưng 45 HTX hoạt động tốt + 99 HTX hoạt động trung bình = 144",
    );
}

#[test]
fn percentages_of_the_wrong_plan_say_which_plan_they_are_of() {
    // 447,2 ÷ 850 is 52,6%; 68,8% is 447,2 ÷ 650, the plan for 2020.
    let m = warning(
        "text.htx-revenue-aug-2019",
        "Phần thuyết minh ghi 68,8% nhưng 447,2 ÷ 850 (Doanh thu bình quân một HTX, Phụ lục 1, kế hoạch 2019) = 52,6%",
    );
    assert!(m.contains("; 68,8% là 447,2 ÷ 650, tức so với kế hoạch 2020."), "{m}");
    // And the 96,2% of the year's estimate: 625 ÷ 650.
    let m = warning(
        "text.htx-revenue-2019",
        "Phần thuyết minh ghi 96,2% nhưng theo phụ lục 625 ÷ 850 = 73,5%",
    );
    assert!(m.contains("; 96,2% là 625 ÷ 650, tức so với kế hoạch 2020."), "{m}");
}

#[test]
fn a_rounding_within_the_stated_precision_is_no_warning() {
    // "133/142 HTX đạt 93,6%": 93,66… cut off to one decimal.
    assert!(said("text.htx-agri-2019", Lang::Vi).is_empty());
    // "23 HTX ngừng hoạt động chiếm 13,7%": 13,77… cut off; "204 … chiếm 52,9%" of 386:
    // averages known to half a million each.
    assert!(said("text.htx-stopped-aug-2019", Lang::Vi).is_empty());
    assert!(said("text.agri-revenue-members-2019", Lang::Vi).is_empty());
    // A percentage off by more than its precision is still a warning.
    let c = Catalog::builtin();
    let bad = crate::assets::RULES.replace("percent = \"93,6\"", "percent = \"93,8\"");
    let r = RuleSet::parse(&bad, &c).unwrap();
    let d = Seed::builtin(&c).dataset(OrgId(0));
    let fs = check(&c, &r, &d, 2020);
    let agri: Vec<String> = fs
        .iter()
        .filter(|f| r.get(f.rule).id == "text.htx-agri-2019")
        .map(|f| describe(&c, &r, f, Lang::Vi))
        .collect();
    assert_eq!(agri.len(), 1, "{agri:#?}");
    assert!(
        agri[0].contains("93,8% nhưng theo phụ lục 133 ÷ 142 = 93,7%"),
        "{agri:#?}"
    );
}

#[test]
fn the_texts_arithmetic_that_holds_is_not_reported() {
    let (c, r, d) = seeded();
    let fs = check(&c, &r, &d, 2020);
    let statements = r
        .rules
        .iter()
        .filter(|x| matches!(x.kind, RuleKind::Statement(_)))
        .count();
    assert!(statements >= 25, "{statements}");
    let wrong: Vec<&str> = fs
        .iter()
        .filter(|f| matches!(r.get(f.rule).kind, RuleKind::Statement(_)))
        .map(|f| r.get(f.rule).id.as_str())
        .collect();
    assert_eq!(
        wrong,
        [
            "text.htx-new-aug-2019",
            "text.htx-effective-parts-2019",
            "text.htx-revenue-aug-2019",
            "text.agri-labour-members-of-members-2019",
            "text.nonagri-funds-2019",
            "text.sectors-labour-members-2019",
        ]
    );
    // The statements belong to the 2020 plan's document: not said of the 2021 plan.
    assert!(
        check(&c, &r, &d, 2021)
            .iter()
            .all(|f| !matches!(r.get(f.rule).kind, RuleKind::Statement(_) | RuleKind::Claim(_)))
    );
}

#[test]
fn a_statement_on_a_cell_follows_the_cell() {
    // "1.098 thành viên chiếm 68,7%" of Phụ lục 1's members: right for 1.599, not for 1.400.
    let (c, r, mut d) = seeded();
    let members = at(&c, "htx.members", "UTH2019");
    d.set(members, Some(Decimal::from(1400)), Source::User);
    let fs = check(&c, &r, &d, 2020);
    let m: Vec<String> = of_rule(&c, &r, &fs, "text.agri-members-2019", Lang::Vi)
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        m,
        [
            "Phần thuyết minh ghi 68,7% nhưng 1.098 thành viên ÷ 1.400 (Tổng số thành viên HTX, Phụ lục 1, \
          ước thực hiện 2019) = 78,4% (thành viên của HTX nông, lâm nghiệp). «Số lượng thành viên tham gia: \
          1.098 thành viên chiếm 68,7%.»"
        ]
    );
    let f = fs
        .iter()
        .find(|f| r.get(f.rule).id == "text.agri-members-2019")
        .unwrap();
    assert_eq!(f.primary().indicator, c.find("sector.htx.agri").unwrap());
    assert!(f.cells.contains(&members), "the cell it divides by is named");
    // Blank, the statement cannot be checked and says nothing.
    d.set(members, None, Source::User);
    let fs = check(&c, &r, &d, 2020);
    assert!(fs.iter().all(|f| r.get(f.rule).id != "text.agri-members-2019"));
}

#[test]
fn notes_on_rows_kttt_rebuilt_say_so() {
    let (c, r, d) = seeded();
    let fs = check(&c, &r, &d, 2020);
    let notes: Vec<String> = fs
        .iter()
        .filter(|f| r.get(f.rule).id.starts_with("funding:"))
        .map(|f| describe(&c, &r, f, Lang::Vi))
        .collect();
    let rebuilt: Vec<&String> = notes.iter().filter(|m| m.contains("dòng do kttt dựng lại")).collect();
    assert_eq!(rebuilt.len(), 4, "{notes:#?}");
    assert!(rebuilt.iter().all(|m| m.ends_with(
        "; dòng do kttt dựng lại, số liệu lấy từ phần thuyết minh (phần thuyết minh không chia theo nguồn vốn)"
    )));
    // The published loan amounts are the document's own: said as before.
    assert!(
        notes.contains(
            &"Số tiền được vay tổ chức tín dụng: Tổng số 2.500 chưa chia theo nguồn vốn (ước thực hiện 2019)"
                .to_string()
        ),
        "{notes:#?}"
    );
    // A total typed into a rebuilt row is no longer the text's figure.
    let mut d = d;
    let key = at(&c, "policy.land.area", "UTH2019");
    d.set(key, Some(Decimal::from(30)), Source::User);
    let fs = check(&c, &r, &d, 2020);
    let land = fs
        .iter()
        .find(|f| f.primary() == key)
        .map(|f| describe(&c, &r, f, Lang::En))
        .unwrap();
    assert_eq!(
        land,
        "Land allocation and lease: total area allocated or leased: Total 30 is not split by funding source \
         (estimate 2019); a row kttt rebuilt from the ministry's template"
    );
}

#[test]
fn statements_are_checked_when_read() {
    let c = Catalog::builtin();
    let parse = |from: &str, to: &str| {
        let src = crate::assets::RULES.replacen(from, to, 1);
        assert_ne!(src, crate::assets::RULES, "{from}");
        RuleSet::parse(&src, &c)
    };
    let e = parse(
        "kind = \"ratio\"\nrow = \"tht.new\"",
        "kind = \"average\"\nrow = \"tht.new\"",
    )
    .unwrap_err();
    assert!(e.contains("text.tht-new-aug-2019") && e.contains("average"), "{e}");
    let e = parse(
        "whole = { row = \"htx.revenue\", period = \"KH2019\" }",
        "whole = { row = \"htx.revenue\" }",
    )
    .unwrap_err();
    assert!(e.contains("a row with its period"), "{e}");
    let e = parse("part = { value = \"22\" }", "part = { value = \"22 HTX\" }").unwrap_err();
    assert!(e.contains("text.htx-new-aug-2019"), "{e}");
    let e = parse("percent = \"74\"\n", "").unwrap_err();
    assert!(e.contains("percent"), "{e}");
    let e = parse("whole = { row = \"htx.members\"", "whole = { row = \"htx\"").unwrap_err();
    assert!(e.contains("takes no figures"), "{e}");
}
