use super::*;
use crate::domain::period::Period;
use crate::domain::seed::Seed;
use crate::domain::values::{Dataset, Source};

/// Bắc Kạn's plan for 2020 (507/KH-UBND), with the figures the planner typed.
fn plan(typed: &[(&str, i64)]) -> (Catalog, Vec<Identity>, Dataset, HashSet<CellKey>) {
    let c = Catalog::builtin();
    let rules = RuleSet::builtin(&c);
    let mut d = Seed::builtin(&c).dataset(OrgId(0));
    let ids = identities(&c, &rules, PlanFrame::new(2020), OrgId(0));
    let mut held = HashSet::new();
    for (code, v) in typed {
        let k = cell(&c, code);
        d.set(k, Some(Decimal::from(*v)), Source::User);
        held.insert(k);
    }
    (c, ids, d, held)
}

fn cell(c: &Catalog, code: &str) -> CellKey {
    CellKey::new(
        c.find(code).unwrap(),
        OrgId(0),
        Period::parse("KH2020").unwrap(),
        FundingId::TOTAL,
    )
}

#[test]
fn two_hundred_and_twenty_cooperatives_need_59_new_at_15_dissolved() {
    // Seed: 176 at the end of 2019 (UTH2019); the plan for 2020 had 25 new, 5 dissolved.
    // The planner raises the target to 220 and expects 10 more dissolved: 176 + new − 15 = 220.
    let (c, ids, d, held) = plan(&[("htx.total", 220), ("htx.dissolved", 15)]);
    let b = balance(&c, &ids, &d, &held, &[]);
    let got: HashMap<&str, Decimal> = b
        .writes
        .iter()
        .map(|w| (c.get(w.key.indicator).code.as_str(), w.new))
        .collect();
    assert_eq!(got["htx.new"], Decimal::from(59));
    let new = b.writes.iter().find(|w| w.key == cell(&c, "htx.new")).unwrap();
    assert_eq!(
        (new.old, new.rule.as_str()),
        (Some(Decimal::from(25)), "stock-flow.htx")
    );
    // The same total in Phụ lục 2, spread over its seven sectors.
    assert_eq!(got["sector.htx.total"], Decimal::from(220));
    assert!(b.unmet.is_empty(), "{:?}", b.unmet);
}

#[test]
fn the_line_of_what_a_target_implies_names_both_ways() {
    let (c, ids, d, _) = plan(&[("htx.total", 220)]);
    let req = implications(&c, &ids, &d, &[cell(&c, "htx.total")]);
    let Requirement::Solve { ways, .. } = &req[0].1 else {
        panic!("{req:?}")
    };
    // 176 + new − 5 = 220: new 49 given dissolved 5; dissolved would have to be
    // 176 + 25 − 220 = −19: not a count, so not offered.
    assert_eq!(ways.len(), 1);
    assert_eq!(ways[0].key, cell(&c, "htx.new"));
    assert_eq!(ways[0].value, Decimal::from(49));
    assert_eq!(ways[0].given, vec![(cell(&c, "htx.dissolved"), Decimal::from(5))]);
    // With 10 more dissolved typed too (15): 59 new, reported once, for the total.
    let (c, ids, d, held) = plan(&[("htx.total", 220), ("htx.dissolved", 15)]);
    let typed: Vec<CellKey> = held.into_iter().collect();
    let req = implications(&c, &ids, &d, &typed);
    let flows: Vec<&Requirement> = req
        .iter()
        .map(|r| &r.1)
        .filter(|r| matches!(r, Requirement::Solve { rule, .. } if rule == "stock-flow.htx"))
        .collect();
    assert_eq!(flows.len(), 1);
    let Requirement::Solve { ways, .. } = flows[0] else {
        panic!("{flows:?}")
    };
    assert_eq!((ways[0].key, ways[0].value), (cell(&c, "htx.new"), Decimal::from(59)));
    // The planner's other way: 54 new typed with the total, then dissolved 10.
    let (c, ids, d, _) = plan(&[("htx.total", 220), ("htx.new", 54)]);
    let req = implications(&c, &ids, &d, &[cell(&c, "htx.total")]);
    let Requirement::Solve { ways, .. } = &req[0].1 else {
        panic!("{req:?}")
    };
    let by: Vec<(IndicatorId, Decimal)> = ways.iter().map(|w| (w.key.indicator, w.value)).collect();
    assert_eq!(
        by,
        vec![
            (c.find("htx.new").unwrap(), Decimal::from(49)),
            (c.find("htx.dissolved").unwrap(), Decimal::from(10)),
        ]
    );
}

#[test]
fn a_total_of_220_spreads_over_the_seven_sectors_exactly() {
    // Phụ lục 2, plan 2020: 155 + 20 + 7 + 0 + 10 + 4 + 5 = 201. 220 × share, rounded down:
    // 169 21 7 0 10 4 5 = 216; the four left go to the largest remainders: trade (.945),
    // industry (.891), construction (.662), agriculture (.652).
    let (c, ids, d, held) = plan(&[("sector.htx.total", 220)]);
    let req = implications(&c, &ids, &d, &[cell(&c, "sector.htx.total")]);
    let shares = req
        .iter()
        .find_map(|r| match &r.1 {
            Requirement::Spread { shares, .. } => Some(shares.clone()),
            _ => None,
        })
        .unwrap();
    let want = [
        ("sector.htx.agri", 170),
        ("sector.htx.industry", 22),
        ("sector.htx.construction", 8),
        ("sector.htx.credit", 0),
        ("sector.htx.trade", 11),
        ("sector.htx.transport", 4),
        ("sector.htx.other", 5),
    ];
    let want: Vec<(CellKey, Decimal)> = want.iter().map(|(k, v)| (cell(&c, k), Decimal::from(*v))).collect();
    assert_eq!(shares, want);
    assert_eq!(shares.iter().map(|s| s.1).sum::<Decimal>(), Decimal::from(220));
    // Balancing writes the four that move (the others already hold their share), the same
    // total in Phụ lục 1, and then the new cooperatives it needs: 220 − 176 + 5 = 49.
    let b = balance(&c, &ids, &d, &held, &[]);
    let got: Vec<(CellKey, Decimal)> = b.writes.iter().map(|w| (w.key, w.new)).collect();
    let mut expected: Vec<(CellKey, Decimal)> = want.iter().filter(|(k, v)| d.value(k) != Some(*v)).copied().collect();
    expected.push((cell(&c, "htx.total"), Decimal::from(220)));
    expected.push((cell(&c, "htx.new"), Decimal::from(49)));
    assert_eq!(got, expected);
}

#[test]
fn a_preferred_indicator_takes_the_difference_and_a_held_cell_never_moves() {
    let (c, ids, d, held) = plan(&[("htx.total", 220)]);
    let b = balance(&c, &ids, &d, &held, &[c.find("htx.dissolved").unwrap()]);
    // 176 + 25 − x = 220 needs x = −19, not a count: the new cooperatives take it, 220 − 176 + 5.
    let new = b.writes.iter().find(|w| w.key == cell(&c, "htx.new")).unwrap();
    assert_eq!(new.new, Decimal::from(49));
    assert!(b.writes.iter().all(|w| !held.contains(&w.key)));
    // Everything held and broken: nothing to write, the rule reported.
    let (c, ids, d, held) = plan(&[("htx.total", 220), ("htx.new", 25), ("htx.dissolved", 5)]);
    let b = balance(&c, &ids, &d, &held, &[]);
    assert!(b.unmet.contains(&"stock-flow.htx".to_string()), "{b:?}");
}
