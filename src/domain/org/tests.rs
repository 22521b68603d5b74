//! The built-in units, the dated tree and the reform's mapping.
use super::*;

#[test]
fn builtin_units_are_the_province_and_its_eight_districts() {
    let units = parse_org_units(crate::assets::ORG_UNITS).unwrap();
    let bk = units.by_code("bac-kan").unwrap();
    assert_eq!(units.default_unit(), Some(bk));
    let districts: Vec<&str> = units
        .all()
        .iter()
        .filter(|u| u.parent.as_deref() == Some("bac-kan"))
        .map(|u| u.name.vi.as_str())
        .collect();
    assert_eq!(districts.len(), 8);
    for name in [
        "Thành phố Bắc Kạn",
        "Huyện Ba Bể",
        "Huyện Bạch Thông",
        "Huyện Chợ Đồn",
        "Huyện Chợ Mới",
        "Huyện Na Rì",
        "Huyện Ngân Sơn",
        "Huyện Pác Nặm",
    ] {
        assert!(districts.contains(&name), "{name}");
    }
    assert_eq!(units.lookup("cho don"), units.by_code("cho-don"));
    assert_eq!(units.lookup("061"), units.by_code("ba-be"));
    assert_eq!(units.get(bk).successor.as_deref(), Some("thai-nguyen"));
    assert_eq!(units.lookup("Hà Nội"), None);
    assert_eq!(units.children(bk).len(), 8);
    assert_eq!(units.subtree(bk).len(), 9);
    assert_eq!(units.parent_of(units.by_code("ba-be").unwrap()), Some(bk));
}

/// The built-in units as a database builds them: the TOML units, then each list, then the
/// mapping, through the same import plan as `kttt units import`.
fn builtin_tree() -> OrgUnits {
    let mut units = parse_org_units(crate::assets::ORG_UNITS).unwrap().all().to_vec();
    for src in crate::assets::UNIT_LISTS {
        let known = OrgUnits::new(units.clone()).unwrap();
        let list = UnitList::parse(src).unwrap();
        let plan = plan_import(&known, &list).unwrap();
        assert!(plan.close.is_empty() && plan.versions.is_empty(), "{plan:?}");
        for (id, want) in plan.update {
            units[id.index()] = want;
        }
        units.extend(plan.add);
    }
    let known = OrgUnits::new(units).unwrap();
    let m = MappingList::parse(crate::assets::UNIT_MAPPINGS[0]).unwrap();
    let before = day_before(&m.effective).unwrap();
    let lines: Vec<_> = m
        .rows
        .iter()
        .map(|r| {
            let o = known.find_at(&m.from_scheme, &r.old_gso, &before).unwrap();
            let n = known.find_at(&m.to_scheme, &r.new_gso, &m.effective).unwrap();
            (known.get(o).code.clone(), known.get(n).code.clone(), r.kind, r.share)
        })
        .collect();
    known.with_mapping(&lines).unwrap()
}

#[test]
fn the_real_trees_have_their_published_sizes() {
    let t = builtin_tree();
    let bk = t.by_code("bac-kan").unwrap();
    assert_eq!(t.children_at(bk, "2024-12-31").len(), 8);
    assert_eq!(t.subtree_at(bk, "2024-12-31").len(), 1 + 8 + 108);
    let tn = t.by_code("thai-nguyen").unwrap();
    let new: Vec<&OrgUnit> = t.children_at(tn, "2025-12-31").into_iter().map(|c| t.get(c)).collect();
    assert_eq!(new.len(), 92);
    assert_eq!(new.iter().filter(|u| u.name.vi.starts_with("Xã ")).count(), 77);
    assert_eq!(new.iter().filter(|u| u.name.vi.starts_with("Phường ")).count(), 15);
    // Old Thái Nguyên: 9 district-level units and their communes, under a code of its own.
    let old_tn = t.find_at("2004", "19", "2024-12-31").unwrap();
    assert_ne!(old_tn, tn);
    assert_eq!(t.children_at(old_tn, "2024-12-31").len(), 9);
    // On a day in 2025 after the reform, the old trees are gone.
    assert!(
        t.roots_at("2025-12-31")
            .iter()
            .all(|r| t.get(*r).scheme.as_deref() != Some("2004"))
    );
    // The existing codes kept their meaning.
    assert_eq!(t.lookup("061"), t.by_code("ba-be"));
}

#[test]
fn the_new_thai_nguyen_agrees_with_the_official_list_1027() {
    // Two sources: the tree (from dvhcvn/20250701's mapping) and the statistics office's list.
    let t = builtin_tree();
    let tn = t.by_code("thai-nguyen").unwrap();
    let mut tree: Vec<(String, String)> = t
        .subtree_at(tn, "2025-12-31")
        .into_iter()
        .map(|u| (t.get(u).gso.clone().unwrap(), t.get(u).name.vi.clone()))
        .collect();
    tree.sort();
    let mut official: Vec<(String, String)> = crate::assets::OFFICIAL_1027_THAI_NGUYEN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty() && !l.starts_with("gso,"))
        .map(|l| {
            let (g, n) = l.split_once(',').unwrap();
            (g.to_string(), n.to_string())
        })
        .collect();
    official.sort();
    assert_eq!(official.len(), 93);
    assert_eq!(tree, official);
}

#[test]
fn codes_are_reused_so_units_carry_their_scheme() {
    let t = builtin_tree();
    let old = t.find_at("2004", "01843", "2025-06-30").unwrap();
    let new = t.find_at("2025", "01843", "2025-07-01").unwrap();
    assert_eq!(t.get(old).name.vi, "Phường Phùng Chí Kiên");
    assert_eq!(t.get(new).name.vi, "Phường Bắc Kạn");
    // Phường Bắc Kạn was formed whole from four old wards and communes.
    let mut from: Vec<&str> = t
        .predecessors(new)
        .iter()
        .map(|l| {
            assert_eq!(l.kind, MapKind::Whole);
            t.get(l.unit).name.vi.as_str()
        })
        .collect();
    from.sort();
    assert_eq!(
        from,
        [
            "Phường Phùng Chí Kiên",
            "Phường Sông Cầu",
            "Phường Xuất Hóa",
            "Xã Nông Thượng"
        ]
    );
    // Every old commune of both provinces went somewhere.
    for root in ["bac-kan", "thai-nguyen-2004"] {
        let r = t.by_code(root).unwrap();
        for u in t.subtree_at(r, "2024-12-31") {
            if t.get(u).level == Level::Commune {
                assert!(!t.successors(u).is_empty(), "{}", t.get(u).name.vi);
            }
        }
    }
    // The new province's 2024 figures come from both old provinces, whole.
    let tn = t.by_code("thai-nguyen").unwrap();
    let sources: Vec<&str> = t
        .sources_at(tn, "2024-12-31")
        .iter()
        .map(|(u, l)| {
            assert_eq!(l.kind, MapKind::Whole);
            t.get(*u).code.as_str()
        })
        .collect();
    assert_eq!(sources, ["bac-kan", "thai-nguyen-2004"]);
    // A lookup by a reused code finds the unit valid latest.
    assert_eq!(t.lookup("01843"), Some(new));
}

#[test]
fn a_list_that_changes_a_unit_later_ends_it_and_continues_it() {
    // Like the ten Đồng Nai communes that became wards in 2026: the commune ends the day
    // before, a ward continues it, and the mapping carries its figures over whole.
    let t = builtin_tree();
    let list = UnitList::parse(
        "# scheme: 2025\n# valid_from: 2026-03-01\nlevel,gso,name,parent_gso\nprovince,19,Tỉnh Thái Nguyên,\n\
         commune,01843,Phường Bắc Kạn,19\ncommune,01840,Phường Đức Xuân,19\ncommune,01864,Phường Bằng Thành,19\n",
    )
    .unwrap();
    let plan = plan_import(&t, &list).unwrap();
    let bang_thanh = t.find_at("2025", "01864", "2026-01-01").unwrap();
    assert_eq!(t.get(bang_thanh).name.vi, "Xã Bằng Thành");
    assert!(plan.close.contains(&(bang_thanh, "2026-02-28".to_string())));
    let added: Vec<&str> = plan.add.iter().map(|u| u.name.vi.as_str()).collect();
    assert_eq!(added, ["Phường Bằng Thành"]);
    assert_eq!(plan.add[0].valid_from.as_deref(), Some("2026-03-01"));
    assert_eq!(
        plan.versions,
        vec![(t.get(bang_thanh).code.clone(), plan.add[0].code.clone())]
    );
    // The province's other communes are not in this list: they end too.
    assert_eq!(plan.close.len(), 1 + 89);
    assert_eq!(plan.unchanged, 3);
}

#[test]
fn a_list_starting_with_a_unit_corrects_it_in_place() {
    let t = builtin_tree();
    let list = UnitList::parse(
        "# scheme: 2004\n# valid_to: 2025-06-30\nlevel,gso,name,parent_gso\nprovince,06,Tỉnh Bắc Kạn,\n\
         district,061,Huyện Ba Bể,06\ncommune,01888,Thị trấn Chợ Rã (sửa),061\n",
    )
    .unwrap();
    let plan = plan_import(&t, &list).unwrap();
    assert!(plan.add.is_empty() && plan.close.is_empty());
    assert_eq!(plan.update.len(), 1);
    assert_eq!(plan.update[0].1.name.vi, "Thị trấn Chợ Rã (sửa)");
    assert_eq!(plan.update[0].1.code, "cho-ra-01888");
}

#[test]
fn files_with_problems_say_where() {
    let e = UnitList::parse("level,gso,name,parent_gso\nxa,12a,,\n").unwrap_err();
    let msgs: Vec<String> = e.iter().map(|p| p.message(Lang::Vi)).collect();
    assert!(msgs.iter().any(|m| m.contains("# scheme: 2004")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.starts_with("dòng 2: mã “12a”")), "{msgs:?}");
    let e = UnitList::parse("# scheme: 2025\nlevel,gso,name\n").unwrap_err();
    assert!(e[0].message(Lang::En).contains("the header must be"), "{e:?}");
    let e = MappingList::parse("# from_scheme: 2004\n# to_scheme: 2025\n# effective: 2025-07-01\nold_gso,old_name,new_gso,new_name,kind,share\n1,a,2,b,half,\n3,c,4,d,partial,1.5\n").unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].message(Lang::En).starts_with("line 5: kind “half”"), "{e:?}");
    assert!(e[1].message(Lang::En).starts_with("line 6: share “1.5”"), "{e:?}");
    let m = MappingList::parse("# from_scheme: 2004\n# to_scheme: 2025\n# effective: 2025-07-01\nold_gso,old_name,new_gso,new_name,kind,share\n1,a,2,b,partial,40%\n").unwrap();
    assert_eq!(m.rows[0].share, Some(rust_decimal::Decimal::new(4, 1)));
}

#[test]
fn codes_are_readable_and_unique() {
    let none = |_: &str| false;
    assert_eq!(
        unit_code(Level::District, "Thành phố Bắc Kạn", "058", "2004", &none),
        "tp-bac-kan"
    );
    assert_eq!(unit_code(Level::District, "Huyện Ba Bể", "061", "2004", &none), "ba-be");
    assert_eq!(
        unit_code(Level::District, "Thị xã Phổ Yên", "172", "2004", &none),
        "tx-pho-yen"
    );
    assert_eq!(
        unit_code(Level::Province, "Tỉnh Thái Nguyên", "19", "2004", &none),
        "thai-nguyen"
    );
    assert_eq!(
        unit_code(Level::Commune, "Phường Phùng Chí Kiên", "01843", "2004", &none),
        "phung-chi-kien-01843"
    );
    let taken = |c: &str| c == "thai-nguyen" || c == "thai-nguyen-2004";
    assert_eq!(
        unit_code(Level::Province, "Tỉnh Thái Nguyên", "19", "2004", &taken),
        "thai-nguyen-2004-2"
    );
}
