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
    assert_eq!(units.resolve("cho don", When::Ever).ok(), units.by_code("cho-don"));
    assert_eq!(units.resolve("061", When::Ever).ok(), units.by_code("ba-be"));
    assert_eq!(units.get(bk).successor.as_deref(), Some("thai-nguyen"));
    assert_eq!(units.resolve("Hà Nội", When::Ever).ok(), None);
    assert_eq!(units.children(bk).len(), 8);
    assert_eq!(units.subtree(bk).len(), 9);
    assert_eq!(units.parent_of(units.by_code("ba-be").unwrap()), Some(bk));
}

/// The built-in units as a database builds them: the TOML units, then each list, then each
/// mapping, through the same import plans as `kttt units import`.
pub(super) fn builtin_tree() -> OrgUnits {
    let mut units = parse_org_units(crate::assets::ORG_UNITS).unwrap().all().to_vec();
    let mut lines: Vec<(String, String, MapKind, Option<rust_decimal::Decimal>)> = Vec::new();
    for src in crate::assets::UNIT_LISTS {
        let known = OrgUnits::new(units.clone()).unwrap();
        let list = UnitList::parse(src).unwrap();
        let plan = plan_import(&known, &list).unwrap();
        assert!(plan.close.is_empty(), "{plan:?}");
        for (id, want) in plan.update {
            units[id.index()] = want;
        }
        units.extend(plan.add);
        lines.extend(plan.versions.into_iter().map(|(o, n)| (o, n, MapKind::Whole, None)));
    }
    for src in crate::assets::UNIT_MAPPINGS {
        let known = OrgUnits::new(units.clone()).unwrap().with_mapping(&lines).unwrap();
        let m = MappingList::parse(src).unwrap();
        let plan = plan_mapping(&known, &m).unwrap();
        for (id, old) in plan.split {
            units[id.index()].valid_from = Some(m.effective.clone());
            units.push(old);
        }
        for (o, n, kind, share, _) in plan.lines {
            // A later line for the same pair replaces the earlier (as the store's upsert does).
            lines.retain(|(a, b, _, _)| !(a == &o && b == &n));
            lines.push((o, n, kind, share));
        }
    }
    OrgUnits::new(units).unwrap().with_mapping(&lines).unwrap()
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
    assert_eq!(t.resolve("061", When::Ever).ok(), t.by_code("ba-be"));
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
    // A reused code finds the unit of the year asked about.
    assert_eq!(t.resolve("01843", When::Year(2026)), Ok(new));
    assert_eq!(t.resolve("01843", When::Year(2024)), Ok(old));
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

/// (gso, name, parent's gso) of the units under a unit on a day, sorted.
pub(super) fn tree_rows(t: &OrgUnits, root: OrgId, date: &str) -> Vec<(String, String, String)> {
    let mut rows: Vec<_> = t
        .subtree_at(root, date)
        .into_iter()
        .skip(1)
        .map(|u| {
            let x = t.get(u);
            let parent = t.get(t.parent_of(u).unwrap()).gso.clone().unwrap();
            (x.gso.clone().unwrap(), x.name.vi.clone(), parent)
        })
        .collect();
    rows.sort();
    rows
}

/// The rows (gso, name, parent's gso) of a statistics office's list (`gso,name,parent_gso`), sorted.
pub(super) fn office_rows(src: &str) -> Vec<(String, String, String)> {
    let mut rows: Vec<_> = src
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty() && !l.starts_with("gso,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect();
    rows.sort();
    rows
}

/// The communes of Bắc Kạn on a day.
fn bac_kan_communes(t: &OrgUnits, date: &str) -> Vec<OrgId> {
    let bk = t.by_code("bac-kan").unwrap();
    t.subtree_at(bk, date)
        .into_iter()
        .filter(|u| t.get(*u).level == Level::Commune)
        .collect()
}

#[test]
fn bac_kan_had_122_communes_in_2019_and_108_from_february_2020() {
    let t = builtin_tree();
    assert_eq!(bac_kan_communes(&t, "2019-06-30").len(), 122);
    assert_eq!(bac_kan_communes(&t, "2020-01-31").len(), 122);
    assert_eq!(bac_kan_communes(&t, "2020-02-01").len(), 108);
    assert_eq!(bac_kan_communes(&t, "2024-12-31").len(), 108);
    // The province and its districts did not change: the seed's units, with no first day.
    let bk = t.by_code("bac-kan").unwrap();
    for d in t.children_at(bk, "2019-06-30") {
        assert_eq!(t.get(d).level, Level::District);
        assert!(t.get(d).valid_from.is_none(), "{}", t.get(d).code);
        assert!(t.children_at(bk, "2020-02-01").contains(&d));
    }
    assert_eq!(t.children_at(bk, "2019-06-30").len(), 8);
    // Names and types of the time: Vân Tùng was a xã until 9 April 2023, Đồng Tâm was Chợ Mới.
    let name_on = |gso: &str, date: &str| t.get(t.find_at("2004", gso, date).unwrap()).name.vi.clone();
    assert_eq!(name_on("01954", "2019-06-30"), "Xã Vân Tùng");
    assert_eq!(name_on("01954", "2023-04-09"), "Xã Vân Tùng");
    assert_eq!(name_on("01954", "2023-04-10"), "Thị trấn Vân Tùng");
    assert_eq!(name_on("02086", "2019-06-30"), "Thị trấn Chợ Mới");
    assert_eq!(name_on("02086", "2020-02-01"), "Thị trấn Đồng Tâm");
    let hiep_luc = t.find_at("2004", "01960", "2020-02-01").unwrap();
    assert_eq!(t.get(hiep_luc).valid_from.as_deref(), Some("2020-02-01"));
    // A commune of 2019 that was merged ended on 31 January 2020 and went somewhere.
    for u in bac_kan_communes(&t, "2019-06-30") {
        let x = t.get(u);
        if x.valid_to.as_deref() == Some("2020-01-31") {
            assert!(!t.successors(u).is_empty(), "{}", x.name.vi);
        }
    }
}

#[test]
fn the_2019_tree_agrees_with_the_statistics_office_spreadsheet() {
    // Two sources: the tree (the JSON of 2 February 2020) and the office's own spreadsheet.
    let t = builtin_tree();
    let tree = tree_rows(&t, t.by_code("bac-kan").unwrap(), "2019-06-30");
    let official = office_rows(crate::assets::OFFICIAL_GSO_2017_BAC_KAN);
    assert_eq!(official.len(), 8 + 122);
    assert_eq!(tree, official);
}

#[test]
fn the_2020_merger_maps_each_old_commune_into_its_successor() {
    let t = builtin_tree();
    let on = |gso: &str, date: &str| t.find_at("2004", gso, date).unwrap();
    let from = |u: OrgId| -> Vec<(String, MapKind)> {
        let mut v: Vec<_> = t
            .predecessors(u)
            .iter()
            .map(|l| (t.get(l.unit).name.vi.clone(), l.kind))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let hiep_luc = on("01960", "2020-02-01");
    assert_eq!(
        from(hiep_luc),
        [
            ("Xã Hương Nê".to_string(), MapKind::Whole),
            ("Xã Lãng Ngâm".to_string(), MapKind::Whole)
        ]
    );
    // Thượng Giáo took in Cao Trĩ and kept its name and code: it begins anew in 2020, and
    // its 2019 figures are its earlier self's and Cao Trĩ's.
    let thuong_giao = on("01912", "2020-02-01");
    let earlier = on("01912", "2019-12-31");
    assert_ne!(thuong_giao, earlier);
    assert_eq!(t.get(thuong_giao).code, "thuong-giao-01912");
    assert_eq!(t.get(earlier).valid_to.as_deref(), Some("2020-01-31"));
    let mut sources: Vec<&str> = t
        .sources_at(thuong_giao, "2019-12-31")
        .iter()
        .map(|(u, _)| t.get(*u).name.vi.as_str())
        .collect();
    sources.sort();
    assert_eq!(sources, ["Xã Cao Trĩ", "Xã Thượng Giáo"]);
    // Lương Hạ was split between Yến Lạc and Cường Lợi: partial, share unknown.
    let cuong_loi = on("02152", "2020-02-01");
    assert!(
        from(cuong_loi)
            .iter()
            .any(|(n, k)| n == "Xã Lương Hạ" && *k == MapKind::Partial),
        "{:?}",
        from(cuong_loi)
    );
    // Vân Tùng became a thị trấn whole on 10 April 2023.
    let tt = on("01954", "2023-04-10");
    assert_eq!(from(tt), [("Xã Vân Tùng".to_string(), MapKind::Whole)]);
}

#[test]
fn names_resolve_among_the_units_of_the_year() {
    let t = builtin_tree();
    let ba_be = t.by_code("ba-be").unwrap();
    let xa_ba_be = t.find_at("2025", "01906", "2025-07-01").unwrap();
    assert_eq!(t.resolve("Ba Bể", When::Year(2020)), Ok(ba_be));
    assert_eq!(t.resolve("ba be", When::Year(2026)), Ok(xa_ba_be));
    // In 2025 both existed: the district until 30 June, the commune from 1 July.
    match t.resolve("Ba Bể", When::Year(2025)) {
        Err(Unresolved::Ambiguous { units, .. }) => assert_eq!(units, [ba_be, xa_ba_be]),
        other => panic!("{other:?}"),
    }
    let m = t
        .resolve("Ba Bể", When::Year(2025))
        .unwrap_err()
        .message(&t, "Ba Bể", Lang::Vi);
    assert!(m.contains("--unit ba-be (huyện, Huyện Ba Bể (đến 30/06/2025))"), "{m}");
    assert!(m.contains("(xã, Xã Ba Bể (từ 01/07/2025))"), "{m}");
    // A code names one unit and wins over names; it must have existed then.
    assert_eq!(t.resolve("ba-be", When::Year(2025)), Ok(ba_be));
    assert!(matches!(
        t.resolve("ba-be", When::Year(2026)),
        Err(Unresolved::Absent { .. })
    ));
    // Bắc Kạn is the province in 2020, the ward only from 1 July 2025.
    assert_eq!(
        t.resolve("Bắc Kạn", When::Year(2020)),
        t.by_code("bac-kan").ok_or(Unresolved::Unknown)
    );
    // A commune formed in 2020 did not exist at the end of 2019; its message names the old ones.
    let when = When::End(crate::domain::period::Period::parse("TH2019").unwrap());
    let e = t.resolve("Hiệp Lực", when).unwrap_err();
    let m = e.message(&t, "Hiệp Lực", Lang::Vi);
    assert!(
        m.contains("(01/02/2020 – 30/06/2025) chưa tồn tại vào cuối kỳ TH 2019."),
        "{m}"
    );
    assert!(m.contains("Xã Lãng Ngâm") && m.contains("Xã Hương Nê"), "{m}");
    assert_eq!(t.get(t.resolve("Lãng Ngâm", when).unwrap()).name.vi, "Xã Lãng Ngâm");
    // Reused statistics codes resolve by year too.
    assert_eq!(
        t.get(t.resolve("01843", When::Year(2024)).unwrap()).name.vi,
        "Phường Phùng Chí Kiên"
    );
    assert_eq!(
        t.get(t.resolve("01843", When::Year(2026)).unwrap()).name.vi,
        "Phường Bắc Kạn"
    );
    assert_eq!(t.resolve("Hà Nội", When::Year(2020)), Err(Unresolved::Unknown));
}
