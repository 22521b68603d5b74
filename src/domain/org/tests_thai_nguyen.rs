//! The old Thái Nguyên's dated tree: 180 communes in 2019, the changes of resolutions 814
//! (2020), 469 (2022), 729 (2023) and 1240 (2024), each list checked on its last day.
use super::tests::{builtin_tree, office_rows, tree_rows};
use super::*;

/// The old province (scheme 2004, code 19).
fn old_tn(t: &OrgUnits) -> OrgId {
    t.find_at("2004", "19", "2019-06-30").unwrap()
}

/// The communes of the old Thái Nguyên on a day.
fn communes(t: &OrgUnits, date: &str) -> Vec<OrgId> {
    t.subtree_at(old_tn(t), date)
        .into_iter()
        .filter(|u| t.get(*u).level == Level::Commune)
        .collect()
}

fn on(t: &OrgUnits, gso: &str, date: &str) -> OrgId {
    t.find_at("2004", gso, date).unwrap()
}

#[test]
fn thai_nguyen_had_180_communes_in_2019_and_172_before_the_reform() {
    let t = builtin_tree();
    // The old province is one unit throughout: the seed's list of 2025 and every earlier list.
    assert_eq!(t.get(old_tn(&t)).code, "thai-nguyen-2004");
    assert_eq!(on(&t, "19", "2025-06-30"), old_tn(&t));
    for (date, n) in [
        ("2019-06-30", 180),
        ("2019-12-31", 180),
        ("2020-01-01", 178),
        ("2022-04-09", 178),
        ("2022-04-10", 178),
        ("2023-04-09", 178),
        ("2023-04-10", 177),
        ("2024-11-30", 177),
        ("2024-12-01", 172),
        ("2025-06-30", 172),
    ] {
        assert_eq!(communes(&t, date).len(), n, "{date}");
        assert_eq!(t.children_at(old_tn(&t), date).len(), 9, "{date}");
    }
}

#[test]
fn each_list_is_the_tree_on_its_last_day() {
    // The same importer as `kttt units import`: each file, read back from the tree on its day.
    let t = builtin_tree();
    for src in crate::assets::THAI_NGUYEN_LISTS {
        let list = UnitList::parse(src).unwrap();
        let day = list.valid_to.clone().unwrap();
        let tree = tree_rows(&t, old_tn(&t), &day);
        let mut want: Vec<_> = list
            .rows
            .iter()
            .filter(|r| r.level != Level::Province)
            .map(|r| (r.gso.clone(), r.name.clone(), r.parent_gso.clone().unwrap()))
            .collect();
        want.sort();
        assert_eq!(tree, want, "{day}");
    }
}

#[test]
fn the_2019_tree_agrees_with_the_statistics_office_spreadsheet() {
    let t = builtin_tree();
    let tree = tree_rows(&t, old_tn(&t), "2019-06-30");
    let official = office_rows(crate::assets::OFFICIAL_GSO_2017_THAI_NGUYEN);
    assert_eq!(official.len(), 9 + 180);
    assert_eq!(tree, official);
}

#[test]
fn names_and_types_are_those_of_the_time() {
    let t = builtin_tree();
    let name = |gso: &str, date: &str| t.get(on(&t, gso, date)).name.vi.clone();
    // Phổ Yên was a thị xã with xã until 9 April 2022 (469/NQ-UBTVQH15).
    assert_eq!(name("172", "2019-06-30"), "Thị xã Phổ Yên");
    assert_eq!(name("172", "2022-04-10"), "Thành phố Phổ Yên");
    assert_eq!(name("05869", "2022-04-09"), "Xã Hồng Tiến");
    assert_eq!(name("05869", "2022-04-10"), "Phường Hồng Tiến");
    // A xã that stayed a xã belongs to the thị xã, then to the city.
    let phuc_thuan_2019 = on(&t, "05866", "2019-06-30");
    assert_eq!(t.get(t.parent_of(phuc_thuan_2019).unwrap()).name.vi, "Thị xã Phổ Yên");
    let phuc_thuan_2023 = on(&t, "05866", "2023-01-01");
    assert_eq!(
        t.get(t.parent_of(phuc_thuan_2023).unwrap()).name.vi,
        "Thành phố Phổ Yên"
    );
    // 814/NQ-UBTVQH14: Lương Châu became Châu Sơn; Vinh Sơn and Kim Sơn ended on 31 December 2019.
    assert_eq!(name("05509", "2019-12-31"), "Phường Lương Châu");
    assert_eq!(name("05509", "2020-01-01"), "Phường Châu Sơn");
    for gso in ["05524", "05557"] {
        assert_eq!(t.get(on(&t, gso, "2019-06-30")).valid_to.as_deref(), Some("2019-12-31"));
        assert_eq!(t.find_at("2004", gso, "2020-01-01"), None);
    }
    // 729/NQ-UBTVQH15: Hóa Thượng a thị trấn, Quân Chu one thị trấn under the xã's code.
    assert_eq!(name("05692", "2023-04-09"), "Xã Hóa Thượng");
    assert_eq!(name("05692", "2023-04-10"), "Thị trấn Hóa Thượng");
    assert_eq!(name("05851", "2023-04-09"), "Xã Quân Chu");
    assert_eq!(name("05851", "2023-04-10"), "Thị trấn Quân Chu");
    assert_eq!(name("05764", "2023-04-09"), "Thị trấn Quân Chu");
    // 1240/NQ-UBTVQH15: Vạn Phú from 1 December 2024.
    assert_eq!(name("05845", "2024-11-30"), "Xã Ký Phú");
    assert_eq!(name("05845", "2024-12-01"), "Xã Vạn Phú");
    // Units that did not change keep their identity and code from 2019 to 2025.
    let quan_trieu = on(&t, "05431", "2019-06-30");
    assert_eq!(quan_trieu, on(&t, "05431", "2025-06-30"));
    assert!(t.get(quan_trieu).valid_from.is_none());
}

#[test]
fn a_2019_commune_rolls_forward_through_each_mapping() {
    let t = builtin_tree();
    let sources = |u: OrgId, date: &str| -> Vec<(String, MapKind)> {
        let mut v: Vec<_> = t
            .sources_at(u, date)
            .iter()
            .map(|(s, l)| (t.get(*s).name.vi.clone(), l.kind))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    // Kim Phượng took in the whole of Kim Sơn and kept its code: it begins anew in 2020.
    let kim_phuong = on(&t, "05551", "2020-01-01");
    assert_ne!(kim_phuong, on(&t, "05551", "2019-12-31"));
    assert_eq!(t.get(kim_phuong).valid_from.as_deref(), Some("2020-01-01"));
    let whole = |n: &str| (n.to_string(), MapKind::Whole);
    assert_eq!(
        sources(kim_phuong, "2019-12-31"),
        [whole("Xã Kim Phượng"), whole("Xã Kim Sơn")]
    );
    // Vạn Phú's 2019 figure: Vạn Thọ's and Ký Phú's, whole, through the 2024 mapping.
    let van_phu = on(&t, "05845", "2024-12-01");
    assert_eq!(
        sources(van_phu, "2019-12-31"),
        [whole("Xã Ký Phú"), whole("Xã Vạn Thọ")]
    );
    // The city of Phổ Yên's 2019 figure is the thị xã's.
    let tp = on(&t, "172", "2023-01-01");
    assert_eq!(sources(tp, "2019-12-31"), [whole("Thị xã Phổ Yên")]);
    // Châu Sơn: the lists show Lương Châu's code continuing and Vinh Sơn ending, the text was
    // not read: partial, not comparable rather than wrong.
    let chau_son = on(&t, "05509", "2020-01-01");
    assert!(
        sources(chau_son, "2019-12-31")
            .iter()
            .all(|(_, k)| *k == MapKind::Partial)
    );
    // Quân Chu's two units went whole into the thị trấn of 2023.
    let quan_chu = on(&t, "05851", "2023-04-10");
    assert_eq!(
        sources(quan_chu, "2022-12-31"),
        [whole("Thị trấn Quân Chu"), whole("Xã Quân Chu")]
    );
}
