//! The units on the command line: the tree on a date, importing a list that changes a unit
//! later (it ends and continues, its figures carried over), a file with problems (reported by
//! line, nothing written), a dry run, `show --by-unit` and `completeness`.

use crate::common;

use common::cmd::{failed, kttt, ok};

#[test]
fn the_tree_on_a_date() {
    let (_d, db) = common::seeded();
    let old = ok(kttt(&db).args(["--unit", "bac-kan", "units", "list", "--at", "2024-12-31"]));
    assert!(
        old.starts_with("Đơn vị hành chính ngày 31/12/2024 (117 đơn vị)"),
        "{old}"
    );
    assert!(
        old.lines()
            .any(|l| l.starts_with("01843 ") && l.contains(" Phường Phùng Chí Kiên ")),
        "{old}"
    );
    let new = ok(kttt(&db).args(["--unit", "thai-nguyen", "units", "list", "--at", "2025-07-01"]));
    assert!(
        new.starts_with("Đơn vị hành chính ngày 01/07/2025 (93 đơn vị)"),
        "{new}"
    );
    assert!(
        new.lines()
            .any(|l| l.starts_with("01843 ") && l.contains(" Phường Bắc Kạn ")),
        "{new}"
    );
    // The CSV is the import format: it reads back as a list.
    let csv = ok(kttt(&db).args([
        "--unit",
        "thai-nguyen",
        "units",
        "list",
        "--at",
        "2025-07-01",
        "--format",
        "csv",
    ]));
    assert!(csv.contains("# scheme: 2025\n"), "{csv}");
    assert!(csv.contains("commune,01843,Phường Bắc Kạn,19\n"), "{csv}");
    let e = failed(kttt(&db).args(["units", "list", "--at", "31/12/2024"]));
    assert!(e.contains("không phải ngày"), "{e}");
}

#[test]
fn a_commune_that_becomes_a_ward_ends_and_continues_with_its_figures() {
    let (d, db) = common::without_figures();
    ok(kttt(&db).args(["plan", "start", "--from", "2025"]));
    ok(kttt(&db).args(["plan", "start"]));
    ok(kttt(&db).args(["--unit", "01864", "set", "htx.total", "UTH2026", "4"]));
    let file = d.path().join("tn-2027.csv");
    std::fs::write(
        &file,
        "# Xã Bằng Thành thành phường\n# scheme: 2025\n# valid_from: 2027-01-01\nlevel,gso,name,parent_gso\n\
         province,19,Tỉnh Thái Nguyên,\ncommune,01864,Phường Bằng Thành,19\n",
    )
    .unwrap();
    let dry = ok(kttt(&db).args(["units", "import"]).arg(&file).arg("--dry-run"));
    assert!(dry.contains("+ 01864 Phường Bằng Thành"), "{dry}");
    assert!(dry.contains("− Xã Bằng Thành (kết thúc ngày 31/12/2026)"), "{dry}");
    // The province's other 91 communes are not in this file: they would end too.
    assert!(dry.contains("92 kết thúc"), "{dry}");
    assert_eq!(
        common::count(&db, "SELECT count(*) FROM org_unit WHERE name_vi = 'Phường Bằng Thành'"),
        0
    );
    let out = ok(kttt(&db).args(["units", "import"]).arg(&file));
    assert!(
        out.starts_with("Đã nhập: 1 đơn vị mới, 0 sửa, 92 kết thúc, 1 dòng ánh xạ, 1 không đổi."),
        "{out}"
    );
    // The ward's 2026 estimate is the commune's, through the mapping.
    let shown = ok(kttt(&db).args(["--unit", "01864", "show", "1", "--format", "csv"]));
    let row = shown.lines().find(|l| l.contains(",htx.total,")).unwrap();
    assert!(row.contains(",4,"), "{row}");
    let e = failed(kttt(&db).args(["--unit", "Xã Bằng Thành", "set", "htx.total", "KH2027", "5"]));
    assert!(
        e.contains("không còn tồn tại vào cuối kỳ KH 2027. Số liệu sau đó thuộc: Phường Bằng Thành"),
        "{e}"
    );
    let audit = common::count(
        &db,
        "SELECT count(*) FROM audit WHERE action IN ('unit.add', 'unit.close', 'unit.map') AND batch = (SELECT max(id) FROM batch WHERE action = 'units.import')",
    );
    assert_eq!(audit, 1 + 92 + 1);
}

#[test]
fn a_file_with_problems_is_reported_by_line_and_nothing_is_written() {
    let (d, db) = common::seeded();
    let before = common::count(&db, "SELECT count(*) FROM org_unit");
    let file = d.path().join("bad.csv");
    std::fs::write(
        &file,
        "# scheme: 2025\n# valid_from: 2027-01-01\nlevel,gso,name,parent_gso\nprovince,19,Tỉnh Thái Nguyên,\n\
         xa,01864,Phường Bằng Thành,19\ncommune,0186x,Phường Mới,19\ncommune,01870,Xã Lạ,99\n",
    )
    .unwrap();
    let e = failed(kttt(&db).args(["units", "import"]).arg(&file));
    assert!(
        e.contains("dòng 5: cấp “xa” không phải province, district hay commune") || e.contains("dòng 6: mã “0186x”"),
        "{e}"
    );
    assert!(e.contains("dòng 6: mã “0186x” không phải mã số thống kê"), "{e}");
    assert_eq!(common::count(&db, "SELECT count(*) FROM org_unit"), before);
    // A mapping naming units nobody imported.
    let m = d.path().join("map.csv");
    std::fs::write(
        &m,
        "# from_scheme: 2004\n# to_scheme: 2025\n# effective: 2025-07-01\nold_gso,old_name,new_gso,new_name,kind,share\n\
         99999,Xã Không Có,01843,Phường Bắc Kạn,whole,\n",
    )
    .unwrap();
    let e = failed(kttt(&db).args(["units", "import"]).arg(&m));
    assert!(e.contains("dòng 5: không có đơn vị 99999 Xã Không Có"), "{e}");
}

#[test]
fn by_unit_and_completeness_on_the_command_line() {
    let (_d, db) = common::seeded();
    for (u, v) in [("ba-be", "25"), ("cho-don", "31")] {
        ok(kttt(&db).args(["--unit", u, "set", "htx.total", "KH2020", v]));
    }
    let t = ok(kttt(&db).args(["show", "--by-unit", "htx.total"]));
    assert!(
        t.starts_with("Tổng số hợp tác xã (HTX) theo đơn vị — Tỉnh Bắc Kạn · Kế hoạch năm 2020"),
        "{t}"
    );
    assert!(
        t.lines().any(|l| l.starts_with("Huyện Ba Bể") && l.contains("25")),
        "{t}"
    );
    let total = t.lines().find(|l| l.starts_with("Cộng (2/8 huyện)")).unwrap();
    assert!(total.contains("56~"), "a partial roll-up is marked: {total}");
    assert!(t.contains("~ số cộng chưa đủ"), "{t}");
    let own = t.lines().find(|l| l.starts_with("Số nhập của Bắc Kạn")).unwrap();
    assert!(own.contains("201"), "{own}");
    let j: serde_json::Value = serde_json::from_str(&ok(kttt(&db).args([
        "show",
        "--by-unit",
        "htx.total",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(j[0]["total"][3], "56");
    assert_eq!(j[0]["coverage"][3], serde_json::json!([2, 8]));
    assert_eq!(j[0]["difference"][3], "145");
    let c = ok(kttt(&db).arg("completeness"));
    assert!(c.contains("Phụ lục 1: 2/8 huyện có số liệu, 0 đủ"), "{c}");
    assert!(
        c.lines()
            .any(|l| l.starts_with("Huyện Na Rì") && l.contains("chưa nhập 0/128")),
        "{c}"
    );
    let m = ok(kttt(&db).args(["--unit", "ba-be", "completeness", "--missing"]));
    assert!(m.contains("ô còn thiếu"), "{m}");
    let e = failed(kttt(&db).args(["--unit", "cho-ra-01888", "show", "--by-unit", "htx.total"]));
    assert!(
        e.contains("Thị trấn Chợ Rã không có đơn vị cấp dưới vào cuối năm 2020"),
        "{e}"
    );
}

#[test]
fn a_unit_that_gave_only_funding_sources_has_entered_the_appendix() {
    let (_d, db) = common::seeded();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_kttt"))
            .args(args)
            .env("KTTT_DB", &db)
            .env("KTTT_CONFIG", "/nonexistent")
            .env_remove("KTTT_LANG")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    run(&[
        "--unit",
        "ba-be",
        "set",
        "policy.other",
        "KH2020",
        "5",
        "--funding",
        "ntm",
    ]);
    let c = run(&["completeness"]);
    let line = c.lines().find(|l| l.starts_with("Huyện Ba Bể")).unwrap();
    assert!(line.contains("đang nhập 1/57"), "{c}");
}
