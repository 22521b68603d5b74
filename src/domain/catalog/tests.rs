use super::*;

#[test]
fn builtin_catalog_holds_every_appendix_row() {
    let c = Catalog::builtin();
    assert_eq!(c.appendices.len(), 3);
    let count = |a: usize, origin: Origin| {
        c.appendices[a]
            .rows
            .iter()
            .filter(|r| c.get(**r).origin == origin)
            .count()
    };
    // Phụ lục 1 prints 35 rows besides its "Trong đó:" labels; Phụ lục 2, 20; the seed shows 16 of Phụ lục 3.
    assert_eq!(count(0, Origin::Appendix), 35);
    assert_eq!(count(1, Origin::Appendix), 20);
    assert_eq!(count(2, Origin::Appendix), 16);
    assert_eq!(count(2, Origin::Reconstructed), 8);
    let t = c.get(c.find("htx.labour.members").unwrap());
    assert_eq!(t.name.vi, "Số lao động thường xuyên là thành viên hợp tác xã");
    assert_eq!(t.relation, Some(Relation::OfWhich));
    assert_eq!(c.get(c.find("htx.dissolved").unwrap()).direction, Direction::Lower);
    assert_eq!(c.get(c.find("htx.members.left").unwrap()).direction, Direction::Lower);
    let rev = c.get(c.find("htx.revenue").unwrap());
    assert_eq!(
        rev.aggregation,
        Aggregation::Mean {
            base: c.find("htx.total").unwrap()
        }
    );
    assert_eq!(c.unit_name(rev.id, Lang::Vi), "Tr đồng/năm");
    let agri = c.get(c.find("sector.htx.agri").unwrap());
    assert_eq!(agri.relation, Some(Relation::Split));
    assert_eq!(agri.depth, 2);
    let section = |code: &str| c.get(c.find(code).unwrap()).section;
    assert_eq!(section("htx.income"), Section::Htx);
    assert_eq!(section("lh.dissolved"), Section::Lh);
    assert_eq!(section("tht.converted"), Section::Tht);
    assert_eq!(section("sector.lh.agri"), Section::Sector);
    assert_eq!(section("policy.other"), Section::Policy);
}

#[test]
fn sheets_select_their_rows() {
    let c = Catalog::builtin();
    let htx = &c.sheets[0];
    assert!(htx.rows.contains(&c.find("lh.profit").unwrap()));
    assert!(!htx.rows.contains(&c.find("tht.total").unwrap()));
    let tht = &c.sheets[1];
    assert!(tht.rows.contains(&c.find("tht.new").unwrap()));
    assert_eq!(c.sheets.len(), 4);
}

#[test]
fn finds_appendices_and_funding() {
    let c = Catalog::builtin();
    assert_eq!(c.appendix("phu-luc-2"), Some(1));
    assert_eq!(c.appendix("3"), Some(2));
    assert_eq!(c.appendix("Phụ lục 1"), Some(0));
    assert_eq!(c.appendix("phu-luc-9"), None);
    assert_eq!(c.funding_parts().len(), 2);
    assert_eq!(c.funding("ntm"), Some(FundingId(1)));
    assert_eq!(
        c.appendices[0].title(Lang::Vi, 2020),
        "TÌNH HÌNH PHÁT TRIỂN KINH TẾ TẬP THỂ NĂM 2019 VÀ KẾ HOẠCH NĂM 2020"
    );
}

#[test]
fn search_ignores_diacritics() {
    let c = Catalog::builtin();
    let hits = c.search("hop tac xa giai the", Lang::Vi);
    assert_eq!(hits, vec![c.find("htx.dissolved").unwrap()]);
    assert!(c.search("", Lang::Vi).is_empty());
    let funds = c.get(c.find("policy.processing.funds").unwrap());
    assert_eq!(funds.short.vi, "Hỗ trợ về chế biến sản phẩm: tổng kinh phí hỗ trợ");
    assert_eq!(funds.short.en, "Support for product processing: total support funds");
}

#[test]
fn rejects_broken_catalogs() {
    let base = "version = 1\n[[funding]]\ncode='total'\nvi='T'\nen='T'\n[[appendix]]\ncode='a'\nno='1'\nsection='htx'\ntitle_vi='x'\ntitle_en='x'\nlayout='plan'\n";
    assert!(Catalog::parse(base).is_ok());
    let orphan = format!("{base}[[appendix.row]]\ncode='x'\nvi='x'\nen='x'\nparent='nope'\n");
    assert!(Catalog::parse(&orphan).unwrap_err().0.contains("parent nope"));
    let twice = format!(
        "{base}[[appendix.row]]\ncode='x'\nvi='x'\nen='x'\nkind='count'\n[[appendix.row]]\ncode='x'\nvi='y'\nen='y'\n"
    );
    assert!(Catalog::parse(&twice).unwrap_err().0.contains("twice"));
    let kindless = format!("{base}[[appendix.row]]\ncode='x'\nvi='x'\nen='x'\n");
    assert!(Catalog::parse(&kindless).unwrap_err().0.contains("no kind"));
    let unknown = format!("{base}[[appendix.row]]\ncode='x'\nvi='x'\nen='x'\nkind='money'\n");
    assert!(Catalog::parse(&unknown).unwrap_err().0.contains("money"));
    let nfd = format!("{base}[[appendix.row]]\ncode='x'\nvi='e\u{323}\u{302}'\nen='x'\n");
    assert!(Catalog::parse(&nfd).unwrap_err().0.contains("NFC"));
    assert!(Catalog::parse("version = 2").is_err());
}

/// The JSON the binary reads is the TOML's, value for value and byte for byte as
/// `serde_json` writes it. `KTTT_WRITE_ASSETS=1` writes the files again (after the TOML
/// changed); otherwise a difference fails, naming that command.
#[test]
fn the_json_assets_are_the_toml_s() {
    for (toml_text, json, file) in [
        (crate::assets::CATALOG, crate::assets::CATALOG_JSON, "catalog.json"),
        (crate::assets::RULES, crate::assets::RULES_JSON, "rules.json"),
    ] {
        let value: toml::Value = toml::from_str(toml_text).unwrap();
        let made = serde_json::to_string_pretty(&value).unwrap() + "\n";
        if made == json {
            continue;
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join(file);
        if std::env::var_os("KTTT_WRITE_ASSETS").is_some() {
            std::fs::write(&path, made).unwrap();
        } else {
            panic!(
                "{} is not the TOML's: run `KTTT_WRITE_ASSETS=1 cargo test json_assets`, then build again",
                path.display()
            );
        }
    }
}

#[test]
fn the_compiled_json_reads_as_the_toml_does() {
    // The binary reads the catalog and the rules from JSON made from the TOML.
    let from_json = Catalog::builtin();
    let from_toml = Catalog::parse(crate::assets::CATALOG).unwrap();
    assert_eq!(format!("{from_json:?}"), format!("{from_toml:?}"));
    let rules_json = crate::domain::rules::RuleSet::builtin(&from_json);
    let rules_toml = crate::domain::rules::RuleSet::parse(crate::assets::RULES, &from_toml).unwrap();
    assert_eq!(format!("{rules_json:?}"), format!("{rules_toml:?}"));
    assert!(rules_json.rules.len() > 100);
}
