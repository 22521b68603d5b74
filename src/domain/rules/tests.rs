//! The rules over the seed and over hand-made figures.
use super::*;
use crate::domain::period::PlanFrame;
use crate::domain::seed::Seed;
use crate::domain::values::Dataset;

fn seeded() -> (Catalog, RuleSet, Dataset) {
    let c = Catalog::builtin();
    let r = RuleSet::builtin(&c);
    let d = Seed::builtin(&c).dataset(OrgId(0));
    (c, r, d)
}

fn messages(c: &Catalog, r: &RuleSet, fs: &[Finding], lang: Lang) -> Vec<String> {
    fs.iter()
        .map(|f| {
            format!(
                "{} {}: {}",
                f.severity.label(lang),
                r.get(f.rule).id,
                describe(c, r, f, lang)
            )
        })
        .collect()
}

#[test]
fn seed_reports_the_documents_real_inconsistencies() {
    let (c, r, d) = seeded();
    let fs = evaluate(&c, &r, &d, &[(OrgId(0), "bac-kan")], PlanFrame::new(2020));
    let msgs = messages(&c, &r, &fs, Lang::Vi);
    for m in &msgs {
        println!("{m}");
    }
    let has = |needle: &str| msgs.iter().any(|m| m.contains(needle));
    // Phụ lục 2: the sectors of the 2019 estimate add up to 175, not 176.
    assert!(has(
        "Lỗi sum:sector.htx.total: Tổng các ngành 175 ≠ Tổng số HTX 176 (ước thực hiện 2019)"
    ));
    // Stock and flow: 160 + 30 − 15 = 175 cooperatives, but 176 are estimated.
    assert!(has(
        "Tổng số HTX ước thực hiện 2019 là 176, nhưng 160 (thực hiện 2018) + 30 HTX thành lập mới − 15 HTX giải thể = 175"
    ));
    // The text says 1.559 members; Phụ lục 1 says 1.599.
    assert!(has("Phần thuyết minh ghi 1.559 nhưng Phụ lục 1 ghi 1.599"));
    // The text says 96,2% of plan for revenue; 625 ÷ 850 is 73,5% (625 ÷ 650 is 96,2%).
    assert!(has("Phần thuyết minh ghi 96,2% nhưng theo phụ lục 625 ÷ 850 = 73,5%"));
    // Processing support: the text reports 8 cooperatives, Phụ lục 3 has none.
    assert!(has(
        "Chính sách hỗ trợ chế biến sản phẩm: số hợp tác xã được hỗ trợ (thuyết minh) 8 ≠ Hỗ trợ về chế biến sản phẩm: số hợp tác xã được hỗ trợ (Phụ lục 3) không có số liệu (ước thực hiện 2019)"
    ));
    // Phụ lục 3, 3.1: the amounts are not split by funding source.
    assert!(has("Lưu ý funding:policy.credit.loans.amount"));
    let (e, w, i) = tally(&fs);
    // The warnings: 11 of stock and flow, 2 of Phụ lục 3 against the text, 2 claims of the
    // text against Phụ lục 1, 6 of the text's own arithmetic. The notes: Phụ lục 2's unions
    // of 2019 have no sector split; Phụ lục 3's loan amounts and the rows kttt rebuilt from
    // the text have no funding split.
    assert_eq!((e, w, i), (1, 21, 8), "{msgs:#?}");
}

#[test]
fn english_messages() {
    let (c, r, d) = seeded();
    let fs = evaluate(&c, &r, &d, &[(OrgId(0), "bac-kan")], PlanFrame::new(2020));
    let msgs = messages(&c, &r, &fs, Lang::En);
    assert!(
        msgs.iter()
            .any(|m| m.contains("Sum of sectors 175 ≠ Total cooperatives 176 (estimate 2019)")),
        "{msgs:#?}"
    );
}

#[test]
fn fixing_a_figure_clears_its_finding() {
    let (c, r, mut d) = seeded();
    let key = CellKey::new(
        c.find("sector.htx.other").unwrap(),
        OrgId(0),
        Period::parse("UTH2019").unwrap(),
        FundingId::TOTAL,
    );
    d.set(key, Some(Decimal::from(4)), crate::domain::values::Source::User);
    let fs = evaluate(&c, &r, &d, &[(OrgId(0), "bac-kan")], PlanFrame::new(2020));
    assert_eq!(tally(&fs).0, 0);
}

#[test]
fn parts_larger_than_the_whole_are_errors() {
    let (c, r, mut d) = seeded();
    let key = CellKey::new(
        c.find("htx.active").unwrap(),
        OrgId(0),
        Period::parse("KH2020").unwrap(),
        FundingId::TOTAL,
    );
    d.set(key, Some(Decimal::from(250)), crate::domain::values::Source::User);
    let fs = evaluate(&c, &r, &d, &[(OrgId(0), "bac-kan")], PlanFrame::new(2020));
    let msgs = messages(&c, &r, &fs, Lang::Vi);
    assert!(
        msgs.iter()
            .any(|m| m.contains("Số hợp tác xã đang hoạt động 250 lớn hơn Tổng số HTX 201 (kế hoạch 2020)")),
        "{msgs:#?}"
    );
    let fund = CellKey::new(
        c.find("policy.disaster.funds").unwrap(),
        OrgId(0),
        Period::parse("KH2020").unwrap(),
        c.funding("ntm").unwrap(),
    );
    d.set(fund, Some(Decimal::from(400)), crate::domain::values::Source::User);
    let fs = evaluate(&c, &r, &d, &[(OrgId(0), "bac-kan")], PlanFrame::new(2020));
    let msgs = messages(&c, &r, &fs, Lang::Vi);
    assert!(
        msgs.iter().any(|m| m.contains("CTMTQG + Vốn khác = 550 ≠ Tổng số 650")),
        "{msgs:#?}"
    );
}

#[test]
fn the_texts_statements_apply_to_its_own_unit_only() {
    let (c, r, _) = seeded();
    let empty = crate::domain::values::Dataset::new();
    assert!(!evaluate(&c, &r, &empty, &[(OrgId(0), "bac-kan")], PlanFrame::new(2020)).is_empty());
    assert!(
        evaluate(&c, &r, &empty, &[(OrgId(3), "ba-be")], PlanFrame::new(2020)).is_empty(),
        "a district without figures has no findings"
    );
}

#[test]
fn a_side_whose_appendix_was_not_reported_is_a_note_not_an_error() {
    // A commune that reports Phụ lục 1 only: Phụ lục 2's total is blank because the whole
    // appendix is, which is partial reporting, not a contradiction.
    let c = Catalog::builtin();
    let r = RuleSet::builtin(&c);
    let mut d = Dataset::new();
    let at = |code: &str| {
        CellKey::new(
            c.find(code).unwrap(),
            OrgId(3),
            Period::parse("KH2020").unwrap(),
            FundingId::TOTAL,
        )
    };
    d.set(
        at("htx.total"),
        Some(Decimal::from(12)),
        crate::domain::values::Source::User,
    );
    let fs = evaluate(&c, &r, &d, &[(OrgId(3), "ba-be")], PlanFrame::new(2020));
    let same: Vec<&Finding> = fs.iter().filter(|f| r.get(f.rule).id == "same.htx-total").collect();
    assert_eq!(same.len(), 1, "{fs:#?}");
    assert_eq!(same[0].severity, Severity::Info);
    assert_eq!(
        describe(&c, &r, same[0], Lang::Vi),
        "Phụ lục 2 chưa có số liệu (kế hoạch 2020): chưa so được Tổng số HTX (Phụ lục 2) với Tổng số HTX (Phụ lục 1) 12"
    );
    assert_eq!(tally(&fs).0, 0);
    // Once Phụ lục 2 has any figure, a blank total there is a real gap: an error again.
    d.set(
        at("sector.htx.agri"),
        Some(Decimal::from(5)),
        crate::domain::values::Source::User,
    );
    let fs = evaluate(&c, &r, &d, &[(OrgId(3), "ba-be")], PlanFrame::new(2020));
    let same: Vec<&Finding> = fs.iter().filter(|f| r.get(f.rule).id == "same.htx-total").collect();
    assert_eq!(same[0].severity, Severity::Error, "{fs:#?}");
}

#[test]
fn rule_files_are_checked() {
    let c = Catalog::builtin();
    let bad = crate::assets::RULES.replace("stock = \"htx.total\"", "stock = \"htx.nothing\"");
    assert!(RuleSet::parse(&bad, &c).unwrap_err().contains("htx.nothing"));
    let bad = crate::assets::RULES.replace("split_sum = \"error\"", "split_sum = \"fatal\"");
    assert!(RuleSet::parse(&bad, &c).is_err());
}
