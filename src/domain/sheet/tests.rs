use super::*;
use crate::domain::attainment::Status;
use crate::domain::catalog::Relation;
use crate::domain::seed::Seed;
use crate::domain::values::Dataset;
use crate::i18n::Lang;

/// The seeded table of an appendix for the 2020 plan.
fn seeded(c: &Catalog, appendix: usize, sums: bool) -> SheetView {
    let d: Dataset = Seed::builtin(c).dataset(OrgId(0));
    let flags = HashMap::new();
    let input = SheetInput {
        catalog: c,
        layout: c.appendices[appendix].layout,
        frame: PlanFrame::new(2020),
        org: OrgId(0),
        values: &d,
        official: None,
        flags: &flags,
        facts: Facts { stored: &d, plans: &[] },
        sums,
    };
    build(&input, &c.appendices[appendix].rows)
}

#[test]
fn phu_luc_1_has_the_appendix_shape_and_percentages() {
    let c = Catalog::builtin();
    let v = seeded(&c, 0, false);
    let heads: Vec<String> = v.columns.iter().map(|k| k.title(&c, Lang::Vi)).collect();
    assert_eq!(
        heads,
        [
            "TH 2018",
            "KH 2019",
            "ƯTH 2019",
            "KH 2020",
            "ƯTH/KH 2019 (%)",
            "KH 2020/ƯTH 2019 (%)"
        ]
    );
    let row = |code: &str| {
        let id = c.find(code).unwrap();
        let i = v.rows.iter().position(|r| r.kind == RowKind::Indicator(id)).unwrap();
        (v.rows[i], &v.cells[i])
    };
    let (r, cells) = row("htx.total");
    assert_eq!(r.indent, 0);
    assert_eq!(cells[4].value, Some(Decimal::new(1023, 1)));
    assert_eq!(cells[4].status, Some(Status::Met));
    assert_eq!(cells[5].value, Some(Decimal::new(1142, 1)));
    let (r, cells) = row("htx.dissolved");
    assert_eq!(r.indent, 1);
    assert_eq!(cells[4].value, Some(Decimal::new(1500, 1)));
    assert_eq!(cells[4].status, Some(Status::Behind), "15 dissolved against 10 planned");
    let (_, cells) = row("htx");
    assert!(!cells[0].applicable, "a heading takes no figures");
    assert_eq!(
        v.rows
            .iter()
            .filter(|r| r.kind == RowKind::Label(Relation::OfWhich))
            .count(),
        7
    );
}

#[test]
fn a_split_group_gets_a_live_sum_row_when_asked() {
    let c = Catalog::builtin();
    let v = seeded(&c, 1, true);
    let total = c.find("sector.htx.total").unwrap();
    let i = v.rows.iter().position(|r| r.kind == RowKind::PartsSum(total)).unwrap();
    assert_eq!(
        v.rows[i - 1].kind,
        RowKind::Indicator(c.find("sector.htx.other").unwrap())
    );
    let est = &v.cells[i][2];
    assert_eq!(est.value, Some(Decimal::from(175)));
    assert_eq!(est.flag, Some(Severity::Error), "175 against a total of 176");
    assert_eq!(v.cells[i][3].value, Some(Decimal::from(201)));
    assert_eq!(v.cells[i][3].flag, None);
    assert_eq!(parts_sum_label(&c, total, Lang::Vi), "= Tổng các ngành");
    assert!(
        !rows(&c, &c.appendices[1].rows)
            .iter()
            .any(|r| matches!(r.kind, RowKind::PartsSum(_))),
        "not in the printed layout"
    );
}

#[test]
fn phu_luc_3_has_the_funding_columns() {
    let c = Catalog::builtin();
    let cols = columns(&c, Layout::Funding, PlanFrame::new(2020));
    let ids: Vec<String> = cols.iter().map(|k| k.id(&c)).collect();
    assert_eq!(
        ids,
        [
            "TH2018",
            "TH2018.ntm",
            "TH2018.other",
            "UTH2019",
            "UTH2019.ntm",
            "UTH2019.other",
            "KH2020",
            "KH2020.ntm",
            "KH2020.other",
            "pct.KH2020/UTH2019"
        ]
    );
}

/// The view model of Bắc Kạn's Phụ lục 1 for 2020 over the seed, with the province's own
/// estimate of cooperatives blanked (two districts reported theirs), one figure from the
/// plan's text, one with a comment, and the plan approved — officially, or under a scenario
/// that changes the commented figure and the plan text's.
mod marks_and_percentages {
    use super::*;
    use crate::domain::access::{Lock, PlanState, PlanStep};
    use crate::domain::marks::Mark;
    use crate::domain::org::{OrgUnits, parse_org_units};
    use crate::domain::rollup::Tree;
    use crate::domain::values::{Cell, Layered, Overlay, Source};

    struct World {
        c: Catalog,
        o: OrgUnits,
        d: Dataset,
        bk: OrgId,
    }

    fn dec(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str_exact(s).unwrap())
    }

    impl World {
        fn new() -> World {
            let c = Catalog::builtin();
            let o = parse_org_units(crate::assets::ORG_UNITS).unwrap();
            let bk = o.by_code("bac-kan").unwrap();
            let mut w = World {
                d: Seed::builtin(&c).dataset(bk),
                c,
                o,
                bk,
            };
            w.d.remove(&w.key("htx.total", "bac-kan", "UTH2019"));
            for (unit, v) in [("ba-be", "20"), ("cho-don", "30")] {
                let k = w.key("htx.total", unit, "UTH2019");
                w.d.set(k, dec(v), Source::User);
            }
            let k = w.key("htx.active", "bac-kan", "TH2018");
            w.d.set(k, dec("156"), Source::Narrative);
            let k = w.key("htx.dissolved", "bac-kan", "KH2020");
            w.d.insert(
                k,
                Cell {
                    value: dec("5"),
                    source: Source::User,
                    note: Some("theo báo cáo của huyện".into()),
                    rev: 1,
                },
            );
            w
        }

        fn key(&self, code: &str, unit: &str, period: &str) -> CellKey {
            CellKey::new(
                self.c.find(code).unwrap(),
                self.o.by_code(unit).unwrap(),
                Period::parse(period).unwrap(),
                FundingId::TOTAL,
            )
        }

        /// Phụ lục 1 as shown: officially with the plan approved, or under `overlay`.
        fn view(&self, overlay: Option<&Overlay>, flags: &HashMap<CellKey, Severity>) -> SheetView {
            let official = Layered {
                tree: Some(Tree::new(&self.c, &self.o)),
                ..Layered::official(&self.d)
            };
            let values = Layered { overlay, ..official };
            let approved = [PlanState {
                org: self.bk,
                year: 2020,
                step: PlanStep::Approved,
                comment: None,
                at: String::new(),
                by: "tinh".into(),
            }];
            let input = SheetInput {
                catalog: &self.c,
                layout: Layout::Plan,
                frame: PlanFrame::new(2020),
                org: self.bk,
                values: &values,
                official: Some(&official),
                flags,
                facts: Facts {
                    stored: &self.d,
                    // A scenario's figures are not locked.
                    plans: if overlay.is_some() { &[] } else { &approved },
                },
                sums: false,
            };
            build(&input, &self.c.appendices[0].rows)
        }
    }

    /// The row of an indicator and its cell in a period.
    fn at(v: &SheetView, w: &World, code: &str, period: &str) -> (RowView, CellView) {
        let i = v.row_of(w.c.find(code).unwrap()).unwrap();
        let j = v.column_of(Period::parse(period).unwrap(), FundingId::TOTAL).unwrap();
        (v.rows[i], v.cells[i][j])
    }

    #[test]
    fn a_partial_roll_up_is_marked_and_its_row_s_percentages_follow_it() {
        let w = World::new();
        let v = w.view(None, &HashMap::new());
        let (row, c) = at(&v, &w, "htx.total", "UTH2019");
        assert_eq!(c.value, dec("50"), "20 + 30 from two districts");
        assert!(c.rolled && c.partial());
        let cover = c.cover.unwrap();
        assert_eq!((cover.covered, cover.expected), (2, 8));
        assert_eq!(Mark::origin(&c), Some(Mark::Partial));
        assert_eq!(Mark::printed(&c), Some(Mark::Partial));
        assert_eq!(Mark::total(&c), Some(Mark::Partial));
        assert_eq!(Mark::beside(&c), Some(Mark::Locked), "the app says the lock first");
        // ƯTH/KH 2019: 50 ÷ 172; KH 2020/ƯTH 2019: 201 ÷ 50.
        let p = row.progress;
        assert_eq!((p.attainment.over, p.attainment.under), (dec("50"), dec("172")));
        assert_eq!(p.attainment.value, dec("29.1"));
        assert_eq!(p.attainment.status, Some(Status::Behind));
        assert_eq!(p.growth.value, dec("402.0"));
        assert_eq!(p.growth.status, None, "growth is not attainment");
        let i = v.row_of(w.c.find("htx.total").unwrap()).unwrap();
        assert_eq!(v.cells[i][4], p.attainment.cell());
        assert_eq!(v.cells[i][5], p.growth.cell());
    }

    #[test]
    fn a_narrative_figure_is_starred_until_a_scenario_changes_it() {
        let w = World::new();
        let (_, c) = at(&w.view(None, &HashMap::new()), &w, "htx.active", "TH2018");
        assert!(c.narrative && !c.rolled);
        assert_eq!(Mark::origin(&c), Some(Mark::Narrative));
        assert_eq!(
            Mark::beside(&c),
            Some(Mark::Narrative),
            "the plan's text before its lock"
        );
        let mut o = Overlay::default();
        o.changes.insert(w.key("htx.active", "bac-kan", "TH2018"), dec("157"));
        let (_, c) = at(&w.view(Some(&o), &HashMap::new()), &w, "htx.active", "TH2018");
        assert!(!c.narrative && c.changed);
        assert_eq!(Mark::printed(&c), Some(Mark::Changed));
        assert_eq!(Mark::origin(&c), None);
    }

    #[test]
    fn a_locked_figure_says_which_plan_locks_it() {
        let w = World::new();
        let warned = HashMap::from([(w.key("htx.new", "bac-kan", "KH2020"), Severity::Warning)]);
        let v = w.view(None, &warned);
        let (_, c) = at(&v, &w, "htx.total", "KH2020");
        let lock = Lock {
            org: w.bk,
            year: 2020,
            step: PlanStep::Approved,
        };
        assert_eq!(c.lock, Some(lock));
        assert_eq!(Mark::beside(&c), Some(Mark::Locked));
        assert_eq!(Mark::printed(&c), None, "a printed table does not say locks");
        let (_, c) = at(&v, &w, "htx.new", "KH2020");
        assert_eq!(c.lock, Some(lock));
        assert_eq!(Mark::beside(&c), Some(Mark::Warning), "a finding before the lock");
        // Under a scenario nothing is locked.
        let (_, c) = at(
            &w.view(Some(&Overlay::default()), &HashMap::new()),
            &w,
            "htx.total",
            "KH2020",
        );
        assert_eq!((c.lock, Mark::beside(&c)), (None, None));
    }

    #[test]
    fn a_figure_changed_in_a_scenario_keeps_its_comment_and_moves_its_percentages() {
        let w = World::new();
        let (_, c) = at(&w.view(None, &HashMap::new()), &w, "htx.dissolved", "KH2020");
        assert!(c.noted && !c.changed);
        assert_eq!(Mark::beside(&c), Some(Mark::Noted), "a comment before the lock");
        let mut o = Overlay::default();
        o.changes.insert(w.key("htx.dissolved", "bac-kan", "KH2020"), dec("8"));
        let v = w.view(Some(&o), &HashMap::new());
        let (row, c) = at(&v, &w, "htx.dissolved", "KH2020");
        assert_eq!(c.value, dec("8"));
        assert!(c.changed && c.noted && c.lock.is_none());
        assert_eq!(Mark::printed(&c), Some(Mark::Changed));
        assert_eq!(Mark::beside(&c), Some(Mark::Noted));
        assert_eq!(Mark::changed_text("8".into(), &c), "8#");
        // Fewer dissolved is better: 15 against 10 planned is behind; KH 2020/ƯTH 2019 = 8 ÷ 15.
        assert_eq!(row.progress.attainment.value, dec("150.0"));
        assert_eq!(row.progress.attainment.status, Some(Status::Behind));
        assert_eq!(row.progress.growth.value, dec("53.3"));
        assert_eq!(
            row.progress.growth.fraction(),
            Decimal::from(8).checked_div(Decimal::from(15))
        );
    }
}
