//! The old Thái Nguyên by year (issue 23, point 2): its 2019 tree of 180 communes with the names
//! of the time, a 2019 figure only for a commune of 2019, rolling forward into the commune that
//! took it in and up into its district.

use crate::common;

use assert_cmd::Command;
use common::cmd::{kttt, ok};

/// The standard error of a refused command (exit 2).
fn refused(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr).unwrap()
}

/// The row of an indicator in `show`'s output.
fn row(show: &str, label: &str) -> String {
    show.lines().find(|l| l.contains(label)).unwrap().to_string()
}

#[test]
fn the_2019_tree_is_that_of_2019() {
    let (_d, db) = common::tmp();
    ok(kttt(&db).arg("init"));
    let at = |date: &str| ok(kttt(&db).args(["--unit", "thai-nguyen-2004", "units", "list", "--at", date]));
    // 1 province, 9 district-level units, 180 communes; Phổ Yên a thị xã with xã.
    let tree = at("2019-06-30");
    assert!(
        tree.starts_with("Đơn vị hành chính ngày 30/06/2019 (190 đơn vị)"),
        "{tree}"
    );
    assert!(tree.contains(" Thị xã Phổ Yên "), "{tree}");
    assert!(tree.contains(" Xã Hồng Tiến "), "{tree}");
    assert!(tree.contains(" Xã Kim Sơn "), "{tree}");
    assert!(!tree.contains("Thành phố Phổ Yên"), "{tree}");
    for (date, n) in [
        ("2020-01-01", 188),
        ("2022-04-10", 188),
        ("2023-04-10", 187),
        ("2024-12-01", 182),
    ] {
        let tree = at(date);
        let head = format!("({n} đơn vị)");
        assert!(tree.lines().next().unwrap().ends_with(&head), "{date}: {tree}");
    }
    assert!(at("2022-04-10").contains(" Phường Hồng Tiến "));
}

#[test]
fn a_2019_figure_of_kim_son_rolls_into_kim_phuong_and_dinh_hoa() {
    let (_d, db) = common::tmp();
    ok(kttt(&db).arg("init"));
    // Kim Sơn existed in 2019 (it joined Kim Phượng on 1 January 2020, 814/NQ-UBTVQH14).
    ok(kttt(&db).args(["--unit", "Kim Sơn", "set", "htx.total", "UTH2019", "3"]));
    ok(kttt(&db).args(["--unit", "Kim Phượng", "set", "htx.total", "UTH2019", "2"]));
    // In the 2020 plan, Kim Phượng is the commune of 2020: its 2019 figure is both.
    let show = ok(kttt(&db).args(["--unit", "Kim Phượng", "show", "phu-luc-1", "--width", "150"]));
    assert!(row(&show, "Tổng số hợp tác xã").contains(" 5+ "), "{show}");
    // Định Hóa's is a sum of only some of its communes, and says so.
    let show = ok(kttt(&db).args(["--unit", "Định Hóa", "show", "phu-luc-1", "--width", "150"]));
    assert!(row(&show, "Tổng số hợp tác xã").contains(" 5~ "), "{show}");
    // A 2020 figure is Kim Phượng's, not Kim Sơn's.
    let e = refused(kttt(&db).args(["--unit", "Kim Sơn", "set", "htx.total", "KH2020", "1"]));
    assert!(e.contains("Xã Kim Sơn"), "{e}");
    assert!(e.contains("Số liệu sau đó thuộc: Xã Kim Phượng."), "{e}");
    // A commune that did not exist in 2019 cannot take a 2019 figure.
    let e = refused(kttt(&db).args(["--unit", "Vạn Phú", "set", "htx.total", "UTH2019", "1"]));
    assert!(e.contains("chưa tồn tại vào cuối kỳ ƯTH 2019"), "{e}");
    assert!(e.contains("Xã Ký Phú") && e.contains("Xã Vạn Thọ"), "{e}");
}
