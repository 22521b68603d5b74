use super::*;
use crate::domain::form::{Form, Forms, Kind, propose};
use crate::exchange::layout::{Cell, Grid, Item, Style};
use crate::exchange::read::read_bytes;
use crate::i18n::Lang;

fn read_back(bytes: Vec<u8>, ext: &str) -> ReadForm {
    let sheets = read_bytes(ext, "form", bytes).unwrap();
    read_form(&sheets).unwrap_or_else(|p| panic!("{p:?}"))
}

fn round_trip(form: &Form, year: i32) {
    let read = read_back(form_workbook(form, year, Lang::Vi).unwrap(), "xlsx");
    let cat = &form.catalog;
    assert_eq!(read.appendices.len(), cat.appendices.len());
    for (a, ra) in cat.appendices.iter().zip(&read.appendices) {
        assert_eq!(ra.number, a.number);
        assert_eq!(ra.title, a.title(Lang::Vi, year));
        assert_eq!(ra.year, Some(year));
        assert_eq!(ra.rows.len(), a.rows.len(), "{}", a.number);
        for (id, r) in a.rows.iter().zip(&ra.rows) {
            let ind = cat.get(*id);
            assert_eq!(r.code.as_deref(), Some(ind.code.as_str()));
            assert_eq!((&r.stt, &r.label), (&ind.number, &ind.name.vi));
            assert_eq!(r.label_before, ind.label_before, "{}", ind.code);
        }
    }
    let p = propose(form, &read);
    let changed: Vec<_> = p.changed().collect();
    assert!(changed.is_empty(), "{changed:#?}");
    assert!(p.changes(&[]).is_empty());
    assert!(
        p.fundings.iter().all(|f| f.known.is_some()) && p.fundings.len() == 6,
        "{:?}",
        p.fundings
    );
}

#[test]
fn the_2019_form_reads_back_as_itself() {
    round_trip(&Forms::builtin().all()[0], 2020);
}

#[test]
fn the_two_level_form_reads_back_as_itself() {
    round_trip(&Forms::builtin().all()[1], 2027);
}

#[test]
fn the_same_rows_without_kttt_codes_match_by_label() {
    let form = &Forms::builtin().all()[0];
    let mut read = read_back(form_workbook(form, 2020, Lang::Vi).unwrap(), "xlsx");
    for a in &mut read.appendices {
        for r in &mut a.rows {
            r.code = None;
        }
    }
    let p = propose(form, &read);
    let changed: Vec<_> = p.changed().collect();
    assert!(changed.is_empty(), "{changed:#?}");
    assert!(p.rows.iter().all(|r| r.kinds == [Kind::Same]));
}

/// The row of a grid whose code cell holds `code`.
fn row_of(g: &Grid, code: &str) -> u32 {
    g.cells
        .iter()
        .find(|c| c.style == Style::Code && c.item == Item::Text(code.into()))
        .map(|c| c.row)
        .unwrap_or_else(|| panic!("no row {code}"))
}

fn put(g: &mut Grid, row: u32, col: u16, text: &str, style: Style) {
    g.cells.retain(|c| !(c.row == row && c.col == col));
    if !text.is_empty() {
        g.text(row, col, text, style);
    }
}

/// Moves every row from `at` down by `by` (up when negative).
fn shift_rows(g: &mut Grid, at: u32, by: i64) {
    let f = |r: u32| if r >= at { (i64::from(r) + by) as u32 } else { r };
    for c in &mut g.cells {
        c.row = f(c.row);
    }
    for m in &mut g.merges {
        (m.first_row, m.last_row) = (f(m.first_row), f(m.last_row));
    }
    for h in &mut g.heights {
        h.0 = f(h.0);
    }
}

fn delete_row(g: &mut Grid, r: u32) -> Vec<Cell> {
    let (gone, kept) = g.cells.drain(..).partition(|c| c.row == r);
    g.cells = kept;
    shift_rows(g, r + 1, -1);
    gone
}

/// Puts cells on a new row at `at`.
fn insert_row(g: &mut Grid, at: u32, cells: Vec<Cell>) {
    shift_rows(g, at, 1);
    g.cells.extend(cells.into_iter().map(|c| Cell { row: at, ..c }));
}

/// A new column at `at`: merged heads over it grow to cover it.
fn insert_col(g: &mut Grid, at: u16) {
    for c in &mut g.cells {
        if c.col >= at {
            c.col += 1;
        }
    }
    for m in &mut g.merges {
        if m.first_col >= at {
            m.first_col += 1;
        }
        if m.last_col >= at {
            m.last_col += 1;
        }
    }
    for h in &mut g.hidden {
        if *h >= at {
            *h += 1;
        }
    }
    g.widths.insert(at as usize, 12.0);
}

fn line(g: &Grid, stt: &str, label: &str, unit: &str) -> Vec<Cell> {
    let code = g.hidden[0];
    let mut out = vec![
        Cell::new(0, 1, Item::Text(label.into()), Style::Name { indent: 1, bold: false }),
        Cell::new(0, code, Item::Text(String::new()), Style::Code),
    ];
    if !stt.is_empty() {
        out.push(Cell::new(0, 0, Item::Text(stt.into()), Style::Stt { bold: false }));
    }
    if !unit.is_empty() {
        out.push(Cell::new(0, 2, Item::Text(unit.into()), Style::Unit));
    }
    out.retain(|c| c.item != Item::Text(String::new()));
    out
}

/// The 2019 form's workbook as a later letter reworks it.
fn reworked() -> Vec<u8> {
    let form = &Forms::builtin().all()[0];
    let mut grids = form_grids(form, 2027, Lang::Vi);
    let code_col = grids[0].hidden[0];
    let g = &mut grids[0];
    // Renamed, its code kept.
    let r = row_of(g, "htx.effective");
    put(
        g,
        r,
        1,
        "Số hợp tác xã hoạt động hiệu quả (xếp loại tốt, khá)",
        Style::Name { indent: 1, bold: false },
    );
    // A new row in the of-which group of the total.
    let new = line(g, "", "Số hợp tác xã ứng dụng công nghệ cao", "HTX");
    insert_row(g, r + 1, new);
    // Gone.
    delete_row(g, row_of(g, "htx.dissolved"));
    // One word more, and no code: doubtful.
    let r = row_of(g, "htx.labour.new");
    put(
        g,
        r,
        1,
        "Số lao động thường xuyên tuyển mới",
        Style::Name { indent: 1, bold: false },
    );
    put(g, r, code_col, "", Style::Code);
    // Per year → per month.
    let r = row_of(g, "htx.income");
    put(g, r, 2, "Tr đồng/tháng", Style::Unit);
    // A new numbered row after it.
    let new = line(g, "8", "Vốn điều lệ bình quân một hợp tác xã", "Tr đồng");
    insert_row(g, r + 1, new);
    // The unions' profit moves under the groups (still numbered 5).
    let cells = delete_row(g, row_of(g, "lh.profit"));
    let at = row_of(g, "tht.profit") + 1;
    insert_row(g, at, cells);
    // Phụ lục 3: a new source in each period's "Trong đó".
    let g = &mut grids[2];
    let hl = g.header.1 - 1;
    for at in [11u16, 8, 5] {
        insert_col(g, at);
        put(g, hl, at, "CTMTQG Giảm nghèo bền vững", Style::Header);
    }
    crate::exchange::xlsx::workbook(&grids, Lang::Vi).unwrap()
}

#[test]
fn a_reworked_workbook_is_proposed_row_by_row_and_its_changes_make_it() {
    let form = &Forms::builtin().all()[0];
    let read = read_back(reworked(), "xlsx");
    let p = propose(form, &read);
    let of = |label: &str| {
        p.rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
            .kinds
            .clone()
    };
    let by_code = |code: &str| {
        p.rows
            .iter()
            .find(|r| r.code.as_deref() == Some(code))
            .unwrap_or_else(|| panic!("no row {code}"))
            .kinds
            .clone()
    };
    assert_eq!(
        by_code("htx.effective"),
        [Kind::Relabelled {
            from: "Số hợp tác xã hoạt động hiệu quả".into(),
            to: "Số hợp tác xã hoạt động hiệu quả (xếp loại tốt, khá)".into()
        }]
    );
    assert_eq!(of("Số hợp tác xã ứng dụng công nghệ cao"), [Kind::New]);
    assert_eq!(of("Vốn điều lệ bình quân một hợp tác xã"), [Kind::New]);
    assert_eq!(by_code("htx.dissolved"), [Kind::Gone]);
    let k = by_code("htx.labour.new");
    assert!(
        matches!(&k[0], Kind::Doubtful { candidate, why } if candidate == "htx.labour.new" && why.en == "one word added: “tuyen”"),
        "{k:?}"
    );
    assert!(matches!(&k[1], Kind::Relabelled { .. }) && k.len() == 2, "{k:?}");
    let k = by_code("htx.income");
    assert_eq!(
        k[0],
        Kind::Unit {
            from: "Tr đồng/năm".into(),
            to: "Tr đồng/tháng".into(),
            factor: Some(crate::domain::form::Factor { num: 1, den: 12 })
        }
    );
    assert!(
        matches!(&k[1], Kind::Doubtful { candidate, why } if candidate == "htx.income" && why.vi.contains("1/12") && why.en.contains("new series")),
        "{k:?}"
    );
    assert_eq!(
        by_code("lh.profit"),
        [Kind::Moved {
            from: "1 · lh · 5".into(),
            to: "1 · tht · 5".into()
        }]
    );
    let changed: Vec<&str> = p.changed().map(|r| r.label.as_str()).collect();
    assert_eq!(changed.len(), 7, "{changed:#?}");
    // The new source is read in each period and added once, printed where it was read.
    let new: Vec<&str> = p
        .fundings
        .iter()
        .filter(|f| f.known.is_none())
        .map(|f| f.col.as_str())
        .collect();
    assert_eq!(new.len(), 3, "{:?}", p.fundings);
    assert!(p.notes.is_empty(), "{:?}", p.notes);
    let sources = p.changes(&[]).new_funding;
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert_eq!(
        (
            sources[0].code.as_str(),
            sources[0].vi.as_str(),
            sources[0].after.as_str()
        ),
        ("ctmtqg_giam_ngheo_ben_vung", "CTMTQG Giảm nghèo bền vững", "ntm")
    );
    assert_eq!(p.doubtful(), ["htx.labour.new", "htx.income"]);
    // Accepting the one word, not the factor: the income is a new series.
    for accept in [&["htx.labour.new"][..], &["htx.labour.new", "htx.income"]] {
        let changes = p.changes(accept);
        let kept = accept.contains(&"htx.income");
        assert_eq!(changes.unit.len(), usize::from(kept));
        assert_eq!(changes.retire.len(), 1 + usize::from(!kept));
        assert_eq!(changes.add.len(), 2 + usize::from(!kept));
        let (cat, _) = crate::domain::catalog::Catalog::derive(
            &form.catalog,
            &crate::domain::catalog::builtin_raw(),
            &changes,
            "reworked",
        )
        .unwrap_or_else(|e| panic!("{e:?}\n{changes:#?}"));
        for (a, ra) in cat.appendices.iter().zip(&read.appendices) {
            let rows: Vec<(String, String, String)> = a
                .rows
                .iter()
                .map(|id| {
                    let i = cat.get(*id);
                    (
                        i.number.clone(),
                        i.name.vi.clone(),
                        cat.unit_name(*id, Lang::Vi).to_string(),
                    )
                })
                .collect();
            let read_rows: Vec<(String, String, String)> = ra
                .rows
                .iter()
                .map(|r| (r.stt.clone(), r.label.clone(), r.unit.clone()))
                .collect();
            assert_eq!(rows, read_rows, "Phụ lục {}", a.number);
        }
        // The sources keep their ids; the new one follows them and prints after ntm.
        let printed: Vec<(&str, u8)> = cat.fundings_printed().map(|f| (f.code.as_str(), f.id.0)).collect();
        assert_eq!(
            printed,
            [
                ("total", 0),
                ("ntm", 1),
                ("ctmtqg_giam_ngheo_ben_vung", 3),
                ("other", 2)
            ]
        );
        assert_eq!(cat.funding_parts().len(), 3);
        // Read against the form it makes, the workbook is that form.
        let next = Form {
            catalog: std::sync::Arc::new(cat),
            rules: Default::default(),
            ..form.clone()
        };
        let again = propose(&next, &read);
        let changed: Vec<_> = again.changed().collect();
        assert!(changed.is_empty(), "{changed:#?}");
        assert!(again.fundings.iter().all(|f| f.known.is_some()), "{:?}", again.fundings);
        assert!(again.changes(&[]).new_funding.is_empty());
    }
}

#[test]
fn the_two_level_form_without_codes_matches_by_label_and_the_form_decides_the_places() {
    let form = &Forms::builtin().all()[1];
    let mut read = read_back(form_workbook(form, 2027, Lang::Vi).unwrap(), "xlsx");
    for a in &mut read.appendices {
        for r in &mut a.rows {
            r.code = None;
        }
    }
    let p = propose(form, &read);
    let changed: Vec<_> = p.changed().collect();
    assert!(changed.is_empty(), "{changed:#?}");
}

/// A Phụ lục 3 as a letter's own workbook has it: no code column, short period heads,
/// "Trong đó: …" in the source's own head, a sheet of instructions before it.
fn ministry_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let f = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("Hướng dẫn").unwrap();
    ws.write_string(0, 0, "Các tỉnh điền số liệu vào các phụ lục.").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("PL3").unwrap();
    ws.write_string(0, 0, "BỘ TÀI CHÍNH").unwrap();
    ws.write_string(1, 0, "Phụ lục 3").unwrap();
    ws.write_string(
        2,
        0,
        "TÌNH HÌNH THỰC HIỆN CHÍNH SÁCH HỖ TRỢ NĂM 2026 VÀ KẾ HOẠCH NĂM 2027",
    )
    .unwrap();
    for (c, t) in ["STT", "Chỉ tiêu", "ĐVT"].iter().enumerate() {
        ws.merge_range(4, c as u16, 6, c as u16, t, &f).unwrap();
    }
    for (k, p) in ["TH 2025", "ƯTH 2026", "KH 2027"].iter().enumerate() {
        let c = 3 + 3 * k as u16;
        ws.merge_range(4, c, 4, c + 2, p, &f).unwrap();
        ws.merge_range(5, c, 6, c, "Tổng số", &f).unwrap();
        ws.merge_range(5, c + 1, 5, c + 2, "Trong đó", &f).unwrap();
        ws.write_string(6, c + 1, "Trong đó: CTMTQG XD Nông thôn mới").unwrap();
        ws.write_string(6, c + 2, "Nguồn vốn khác").unwrap();
    }
    for c in 0..12u16 {
        ws.write_string(7, c, format!("({})", c + 1)).unwrap();
    }
    let rows = [
        ("1", "Hỗ trợ đầu tư phát triển kết cấu hạ tầng", ""),
        ("", "- Số hợp tác xã được hỗ trợ", "HTX"),
        ("", "- Tổng kinh phí hỗ trợ", "Tr đồng"),
        ("", "Trong đó:", ""),
        ("", "Ngân sách trung ương", "Tr đồng"),
        ("", "Ngân sách địa phương", "Tr đồng"),
        ("2", "Hỗ trợ khác", "Tr đồng"),
    ];
    for (i, (stt, label, unit)) in rows.iter().enumerate() {
        let r = 8 + i as u32;
        ws.write_string(r, 0, *stt).unwrap();
        ws.write_string(r, 1, *label).unwrap();
        ws.write_string(r, 2, *unit).unwrap();
    }
    ws.write_number(9, 3, 4.0).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_letters_own_appendix_is_read_by_its_heads_and_rows() {
    use crate::domain::catalog::Relation;
    use crate::domain::form::read::{ColumnRole, Tier};
    use crate::domain::period::{Period, PeriodKind};
    let read = read_back(ministry_workbook(), "xlsx");
    assert_eq!(read.skipped, ["Hướng dẫn"]);
    let a = &read.appendices[0];
    assert_eq!((a.number.as_str(), a.year), ("3", Some(2027)));
    assert!(a.title.starts_with("TÌNH HÌNH THỰC HIỆN"));
    let roles: Vec<&ColumnRole> = a.columns.iter().map(|c| &c.role).collect();
    assert_eq!(roles.len(), 12);
    assert_eq!(
        *roles[3],
        ColumnRole::Value {
            period: Period::new(2025, PeriodKind::Actual),
            tier: Tier::Total
        }
    );
    assert_eq!(
        *roles[7],
        ColumnRole::Value {
            period: Period::new(2026, PeriodKind::Estimate),
            tier: Tier::Part("CTMTQG XD Nông thôn mới".into())
        }
    );
    assert_eq!(
        *roles[11],
        ColumnRole::Value {
            period: Period::new(2027, PeriodKind::Plan),
            tier: Tier::Part("Nguồn vốn khác".into())
        }
    );
    type Row<'a> = (&'a str, Option<usize>, Option<Relation>, u8, bool);
    let rows: Vec<Row> = a
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.place.parent, r.place.relation, r.depth, r.heading))
        .collect();
    assert_eq!(
        rows,
        [
            ("Hỗ trợ đầu tư phát triển kết cấu hạ tầng", None, None, 0, true),
            ("- Số hợp tác xã được hỗ trợ", Some(0), None, 1, false),
            ("- Tổng kinh phí hỗ trợ", Some(0), None, 1, false),
            ("Ngân sách trung ương", Some(2), Some(Relation::OfWhich), 2, false),
            ("Ngân sách địa phương", Some(2), Some(Relation::OfWhich), 2, false),
            ("Hỗ trợ khác", None, None, 0, false),
        ]
    );
    assert_eq!(a.rows[3].label_before, Some(Relation::OfWhich));
    // Against the 2019 form: its sources are known, its rows found by their labels.
    let p = propose(&Forms::builtin().all()[0], &read);
    assert!(p.fundings.iter().all(|f| f.known.is_some()), "{:?}", p.fundings);
    let codes: Vec<Option<&str>> = p.rows.iter().take(6).map(|r| r.code.as_deref()).collect();
    assert_eq!(
        codes,
        [
            Some("policy.infra"),
            Some("policy.infra.coops"),
            Some("policy.infra.funds"),
            Some("policy.infra.funds.central"),
            Some("policy.infra.funds.local"),
            Some("policy.other")
        ]
    );
    assert_eq!(
        p.rows[5].kinds,
        [Kind::Moved {
            from: "3 · — · 6".into(),
            to: "3 · — · 2".into()
        }]
    );
}

#[test]
fn a_workbook_without_an_appendix_says_so() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "x").unwrap();
    let sheets = read_bytes("xlsx", "x", wb.save_to_buffer().unwrap()).unwrap();
    let e = read_form(&sheets).unwrap_err();
    assert!(e[0].message.en.contains("no appendix sheet"), "{e:?}");
}

#[test]
fn a_source_named_for_a_national_programme_is_no_estimate() {
    use crate::domain::form::read::{ColumnRole, Tier};
    use crate::domain::period::{Period, PeriodKind};
    let parts = ["Thực hiện năm 2025", "Trong đó", "CTMTQG Giảm nghèo bền vững quốc gia"].map(String::from);
    assert_eq!(
        role(&parts),
        Some(ColumnRole::Value {
            period: Period::new(2025, PeriodKind::Actual),
            tier: Tier::Part("CTMTQG Giảm nghèo bền vững quốc gia".into())
        })
    );
}

#[test]
fn a_sheet_nesting_thousands_deep_is_read_and_matched_quickly() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Phụ lục 1").unwrap();
    for (c, t) in ["STT", "Chỉ tiêu", "ĐVT", "KH 2027"].iter().enumerate() {
        ws.write_string(2, c as u16, *t).unwrap();
    }
    for i in 0..3000u32 {
        ws.write_string(3 + 2 * i, 1, "Trong đó:").unwrap();
        ws.write_string(4 + 2 * i, 1, format!("Số hợp tác xã hoạt động hiệu quả {i}"))
            .unwrap();
        ws.write_string(4 + 2 * i, 2, "HTX").unwrap();
    }
    let started = std::time::Instant::now();
    let read = read_back(wb.save_to_buffer().unwrap(), "xlsx");
    assert_eq!(read.appendices[0].rows.len(), 3000);
    assert!(read.appendices[0].rows.iter().all(|r| r.also.len() < 8));
    let p = propose(&Forms::builtin().all()[0], &read);
    let changes = p.changes(&[]);
    assert!(changes.add.len() >= 2999);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}
