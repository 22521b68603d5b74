//! Roll-ups worked by hand, across the reform, and a property: the roll-up of sums is the
//! sum of the leaves, whatever the tree.

use super::*;
use crate::domain::catalog::FundingId;
use crate::domain::org::{OrgUnit, OrgUnits};
use crate::domain::period::Period;
use crate::domain::values::{Dataset, Source};
use crate::i18n::Text;
use proptest::prelude::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn unit(code: &str, level: Level, parent: Option<&str>, from: Option<&str>, to: Option<&str>) -> OrgUnit {
    OrgUnit {
        id: OrgId(0),
        code: code.into(),
        gso: None,
        level,
        parent: parent.map(str::to_string),
        name: Text::new(code, code),
        short: Text::new(code, code),
        valid_from: from.map(str::to_string),
        valid_to: to.map(str::to_string),
        successor: None,
        scheme: None,
    }
}

/// A province with two districts, until the reform; a new province from it and another old
/// one after, plus a new commune formed partly from a district.
fn tree() -> OrgUnits {
    let to = Some("2025-06-30");
    let from = Some("2025-07-01");
    OrgUnits::new(vec![
        unit("p", Level::Province, None, None, to),
        unit("a", Level::District, Some("p"), None, to),
        unit("b", Level::District, Some("p"), None, to),
        unit("q", Level::Province, None, None, to),
        unit("n", Level::Province, None, from, None),
        unit("x", Level::Commune, Some("n"), from, None),
    ])
    .unwrap()
    .with_mapping(&[
        ("p".into(), "n".into(), MapKind::Whole, None),
        ("q".into(), "n".into(), MapKind::Whole, None),
        ("a".into(), "x".into(), MapKind::Partial, None),
        ("b".into(), "x".into(), MapKind::Partial, Some(d("0.25"))),
    ])
    .unwrap()
}

fn key(c: &Catalog, o: &OrgUnits, code: &str, org: &str, period: &str) -> CellKey {
    CellKey::new(
        c.find(code).unwrap(),
        o.by_code(org).unwrap(),
        Period::parse(period).unwrap(),
        FundingId::TOTAL,
    )
}

#[test]
fn counts_add_up_and_averages_are_weighted_by_their_base() {
    let c = Catalog::builtin();
    let o = tree();
    let t = Tree::new(&c, &o);
    let mut v = Dataset::new();
    let k = |code, org| key(&c, &o, code, org, "KH2020");
    // Two districts: 10 cooperatives with 500 m revenue each, 30 with 700.
    v.set(k("htx.total", "a"), Some(d("10")), Source::User);
    v.set(k("htx.total", "b"), Some(d("30")), Source::User);
    v.set(k("htx.revenue", "a"), Some(d("500")), Source::User);
    v.set(k("htx.revenue", "b"), Some(d("700")), Source::User);
    let total = t.rolled(&v, &k("htx.total", "p"));
    assert_eq!(total.value, Some(d("40")));
    assert_eq!(
        (total.covered, total.expected, total.level),
        (2, 2, Some(Level::District))
    );
    // (10 × 500 + 30 × 700) ÷ 40 = 650, not the mean of means 600.
    assert_eq!(t.rolled(&v, &k("htx.revenue", "p")).value, Some(d("650")));
    // Income per worker is weighted by workers: without them, no figure.
    assert_eq!(t.rolled(&v, &k("htx.income", "p")).value, None);
    // A figure entered for the province is what it shows; the roll-up stays beside it.
    v.set(k("htx.total", "p"), Some(d("41")), Source::User);
    assert_eq!(t.effective(&v, &k("htx.total", "p")), Some(d("41")));
    assert_eq!(t.rolled(&v, &k("htx.total", "p")).value, Some(d("40")));
}

#[test]
fn a_unit_that_has_not_reported_is_not_zero() {
    let c = Catalog::builtin();
    let o = tree();
    let t = Tree::new(&c, &o);
    let mut v = Dataset::new();
    let k = |code, org| key(&c, &o, code, org, "KH2020");
    v.set(k("htx.total", "a"), Some(d("10")), Source::User);
    let r = t.rolled(&v, &k("htx.total", "p"));
    assert_eq!(r.value, Some(d("10")));
    assert_eq!((r.covered, r.expected), (1, 2));
    assert!(!r.complete());
    // Nobody reported: blank, not zero.
    assert_eq!(t.rolled(&v, &k("htx.new", "p")).value, None);
    // A leaf has nothing to roll up.
    assert_eq!(t.rolled(&v, &k("htx.total", "a")).expected, 0);
}

#[test]
fn a_part_that_misses_units_below_it_makes_the_whole_partial() {
    let c = Catalog::builtin();
    let o = OrgUnits::new(vec![
        unit("p", Level::Province, None, None, None),
        unit("a", Level::District, Some("p"), None, None),
        unit("b", Level::District, Some("p"), None, None),
        unit("a1", Level::Commune, Some("a"), None, None),
        unit("a2", Level::Commune, Some("a"), None, None),
        unit("b1", Level::Commune, Some("b"), None, None),
    ])
    .unwrap();
    let t = Tree::new(&c, &o);
    let mut v = Dataset::new();
    let k = |org| key(&c, &o, "htx.total", org, "KH2020");
    // One commune of a, and b as a whole: every district has a figure, but a's is partial.
    v.set(k("a1"), Some(d("4")), Source::User);
    v.set(k("b"), Some(d("6")), Source::User);
    let r = t.rolled(&v, &k("p"));
    assert_eq!(r.value, Some(d("10")));
    assert_eq!((r.covered, r.expected), (2, 2), "both districts have a figure");
    assert!(!r.complete(), "a's figure misses a2");
    let cover = r.cover();
    assert_eq!(
        (cover.covered, cover.expected, cover.level),
        (2, 3, Some(Level::Commune))
    );
    // Only a1: the province reaches one commune of three, not "1/2 huyện".
    v.remove(&k("b"));
    assert_eq!(t.rolled(&v, &k("p")).cover().covered, 1);
    // a entered for itself is whole, whatever its communes hold.
    v.set(k("a"), Some(d("9")), Source::User);
    v.set(k("b"), Some(d("6")), Source::User);
    assert!(t.rolled(&v, &k("p")).complete());
    // Every commune: complete.
    v.remove(&k("a"));
    v.remove(&k("b"));
    for u in ["a1", "a2", "b1"] {
        v.set(k(u), Some(d("1")), Source::User);
    }
    let all = t.rolled(&v, &k("p"));
    assert!(all.complete());
    assert_eq!(all.value, Some(d("3")));
}

#[test]
fn ratios_are_worked_out_from_their_parts() {
    // A share row added to the catalog: active cooperatives ÷ all cooperatives × 100.
    let src = crate::assets::CATALOG.replace(
        "\n[[unit]]\ncode = \"htx\"\n",
        "\n[[unit]]\ncode = \"pct\"\nkind = \"percent\"\nvi = \"%\"\nen = \"%\"\n\n[[unit]]\ncode = \"htx\"\n",
    )
    .replace(
        "[[appendix.row]]\ncode = \"htx.new\"",
        "[[appendix.row]]\ncode = \"htx.active.share\"\nvi = \"Tỷ lệ HTX đang hoạt động\"\nen = \"Share of active cooperatives\"\nunit = \"pct\"\nparent = \"htx.total\"\nrel = \"of-which\"\nwhole = false\nagg = \"ratio:htx.active/htx.total\"\n\n[[appendix.row]]\ncode = \"htx.new\"",
    );
    let c = Catalog::parse(&src).unwrap();
    let o = tree();
    let t = Tree::new(&c, &o);
    let mut v = Dataset::new();
    let k = |code, org| key(&c, &o, code, org, "KH2020");
    v.set(k("htx.total", "a"), Some(d("10")), Source::User);
    v.set(k("htx.total", "b"), Some(d("30")), Source::User);
    v.set(k("htx.active", "a"), Some(d("9")), Source::User);
    v.set(k("htx.active", "b"), Some(d("15")), Source::User);
    // The districts' own shares are 90% and 50%; the province's is 24 ÷ 40 = 60%, not 70%.
    v.set(k("htx.active.share", "a"), Some(d("90")), Source::User);
    v.set(k("htx.active.share", "b"), Some(d("50")), Source::User);
    assert_eq!(t.rolled(&v, &k("htx.active.share", "p")).value, Some(d("60")));
}

#[test]
fn a_new_unit_before_it_existed_is_made_of_its_predecessors() {
    let c = Catalog::builtin();
    let o = tree();
    let t = Tree::new(&c, &o);
    let mut v = Dataset::new();
    let k = |org, period| key(&c, &o, "htx.total", org, period);
    // 2024: the old province's districts and the other old province entered figures.
    v.set(k("a", "TH2024"), Some(d("12")), Source::User);
    v.set(k("b", "TH2024"), Some(d("8")), Source::User);
    v.set(k("q", "TH2024"), Some(d("100")), Source::User);
    let n = t.rolled(&v, &k("n", "TH2024"));
    assert!(n.mapped);
    assert_eq!(n.value, Some(d("120")), "p rolled up (20) + q (100), both whole");
    assert_eq!((n.covered, n.expected), (2, 2));
    // The commune took part of a (no share known) and a quarter of b: not comparable.
    let x = t.rolled(&v, &k("x", "TH2024"));
    assert_eq!(x.value, None);
    assert_eq!(x.not_comparable, vec![o.by_code("a").unwrap()]);
    // After the reform the new province is its own communes.
    v.set(k("x", "KH2026"), Some(d("7")), Source::User);
    let n26 = t.rolled(&v, &k("n", "KH2026"));
    assert!(!n26.mapped);
    assert_eq!(n26.value, Some(d("7")));
}

#[test]
fn a_known_share_counts_by_that_share() {
    let c = Catalog::builtin();
    let o = OrgUnits::new(vec![
        unit("a", Level::District, None, None, Some("2025-06-30")),
        unit("x", Level::Commune, None, Some("2025-07-01"), None),
    ])
    .unwrap()
    .with_mapping(&[("a".into(), "x".into(), MapKind::Partial, Some(d("0.25")))])
    .unwrap();
    let t = Tree::new(&c, &o);
    let mut v = Dataset::new();
    v.set(key(&c, &o, "htx.total", "a", "TH2024"), Some(d("12")), Source::User);
    v.set(key(&c, &o, "htx.income", "a", "TH2024"), Some(d("43.2")), Source::User);
    assert_eq!(
        t.rolled(&v, &key(&c, &o, "htx.total", "x", "TH2024")).value,
        Some(d("3"))
    );
}

proptest! {
    #[test]
    fn the_roll_up_of_sums_is_the_sum_of_the_leaves(
        shape in proptest::collection::vec(0usize..4, 1..40),
        values in proptest::collection::vec(0i64..10_000, 40),
        missing in proptest::collection::vec(any::<bool>(), 40),
    ) {
        // Unit i + 1 hangs under unit shape[i] % (i + 1): any tree, root 0.
        let mut units = vec![unit("u0", Level::Province, None, None, None)];
        for (i, s) in shape.iter().enumerate() {
            let parent = format!("u{}", s % (i + 1));
            units.push(unit(&format!("u{}", i + 1), Level::Commune, Some(&parent), None, None));
        }
        let o = OrgUnits::new(units).unwrap();
        let c = Catalog::builtin();
        let t = Tree::new(&c, &o);
        let mut v = Dataset::new();
        let mut leaves = Decimal::ZERO;
        let mut any = false;
        let (mut n_leaves, mut entered) = (0, 0);
        for u in o.all() {
            if o.children(u.id).is_empty() {
                n_leaves += 1;
            }
            if o.children(u.id).is_empty() && !missing[u.id.index()] {
                let x = Decimal::from(values[u.id.index()]);
                v.set(key(&c, &o, "htx.total", &u.code, "KH2020"), Some(x), Source::User);
                leaves += x;
                any = true;
                entered += 1;
            }
        }
        let root = key(&c, &o, "htx.total", "u0", "KH2020");
        let expected = if any { Some(leaves) } else { None };
        if o.children(OrgId(0)).is_empty() {
            prop_assert_eq!(t.effective(&v, &root), v.value(&root));
        } else {
            let r = t.rolled(&v, &root);
            prop_assert_eq!(r.value, expected);
            // Complete exactly when every unit at the bottom is in it; when a part misses
            // some below it, the figure says how many of them it reaches.
            prop_assert_eq!(r.complete(), entered == n_leaves);
            if let Some(deep) = r.deep {
                prop_assert_eq!((deep.covered, deep.expected), (entered, n_leaves));
            }
        }
    }
}

/// Roll-ups kept as text read back the same — a partial one, one through the reform's
/// mapping, a not comparable one, a deep cover — and only by the catalog they were made with.
#[test]
fn kept_roll_ups_read_back_the_same_and_only_by_their_catalog() {
    let c = Catalog::builtin();
    let o = tree();
    let t = Tree::new(&c, &o);
    let mut v = Dataset::new();
    let k = |code, org, period| key(&c, &o, code, org, period);
    v.set(k("htx.total", "a", "TH2024"), Some(d("12")), Source::User);
    v.set(k("htx.total", "q", "TH2024"), Some(d("100")), Source::User);
    v.set(k("htx.revenue", "a", "TH2024"), Some(d("43.25")), Source::User);
    v.set(k("htx.total", "x", "KH2026"), Some(d("7")), Source::User);
    let periods = [Period::parse("TH2024").unwrap(), Period::parse("KH2026").unwrap()];
    for unit in ["n", "x", "p"] {
        let org = o.by_code(unit).unwrap();
        let made = t.rollups(&v, org, &periods, &|_, _| true);
        let text = stored::encode(&made, &[3, 0, 1], &c, &o);
        let (back, started) = stored::decode(&text, org, &c, &o).expect("reads back");
        assert_eq!(back, made, "{unit}");
        assert_eq!(started, vec![3, 0, 1]);
        assert_eq!(stored::encode(&back, &started, &c, &o), text);
    }
    let (x, _) = stored::decode(
        &stored::encode(
            &t.rollups(&v, o.by_code("x").unwrap(), &periods, &|_, _| true),
            &[],
            &c,
            &o,
        ),
        o.by_code("x").unwrap(),
        &c,
        &o,
    )
    .unwrap();
    let nc = x.get(&k("htx.total", "x", "TH2024")).unwrap();
    assert_eq!(nc.not_comparable, vec![o.by_code("a").unwrap()]);
    // Another form's rows, or a build's other logic: another key, so never read.
    let other = Catalog::parse(&crate::assets::CATALOG.replace("code = \"htx.new\"", "code = \"htx.moi\"")).unwrap();
    assert_ne!(stored::form_key(&c, "b1"), stored::form_key(&other, "b1"));
    assert_ne!(stored::form_key(&c, "b1"), stored::form_key(&c, "b2"));
    assert_eq!(stored::form_key(&c, "b1"), stored::form_key(&Catalog::builtin(), "b1"));
    // Text that names a row the catalog lacks, or is cut short, is not read.
    let n = o.by_code("n").unwrap();
    let text = stored::encode(&t.rollups(&v, n, &periods, &|_, _| true), &[2], &c, &o);
    assert!(stored::decode(&text.replace("htx.new\t", "htx.moi\t"), n, &c, &o).is_none());
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 3);
    let cut = format!("{}\n{}\n{}\n", lines[0], lines[1], &lines[2][..lines[2].len() / 2]);
    assert!(stored::decode(&cut, n, &c, &o).is_none());
}
