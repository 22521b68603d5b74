//! Benchmarks of the core: opening and loading the seeded database, recomputing every
//! percentage and rule of the plan, one audited write, a target (a count, an average)
//! allocated over every commune of the synthetic country and a goal seek as the app does it.

mod measure;

use kttt::domain::catalog::FundingId;
use kttt::domain::period::{Period, PlanFrame};
use kttt::domain::rules::RuleSet;
use kttt::domain::rules::evaluate;
use kttt::domain::sheet::{Facts, SheetInput, build, flags};
use kttt::domain::values::CellKey;
use kttt::store::sqlite::{OpenMode, SqliteStore};
use kttt::store::{Batch, Expect, Fill, Layer, Op, Scope, To, WriteAction};
use measure::Bench;
use rust_decimal::Decimal;
use std::hint::black_box;

fn benches(c: &mut Bench) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite3");
    let mode = OpenMode {
        create: Some(Fill::Seed),
        read_only: false,
        actor: None,
    };
    drop(SqliteStore::open(&path, mode.clone()).unwrap());
    let scope = |org| Scope {
        orgs: Some(vec![org]),
        years: 2017..=2020,
        periods: None,
        indicators: None,
        scenario: None,
    };

    // What every process pays for the forms: the built-in ones read, the later form derived
    // from the first, each form's rules (a process builds them once).
    c.bench_function("build the forms (2019 and the two-level form, rules, registry)", |b| {
        b.iter(|| {
            let f = kttt::domain::form::Forms::with_added(&[]).unwrap();
            black_box(f.registry().indicators.len())
        })
    });

    c.bench_function("open seeded database and read one unit's plan", |b| {
        b.iter(|| {
            let s = SqliteStore::open(&path, mode.clone()).unwrap();
            let org = s.orgs().all()[0].id;
            black_box(s.read(&scope(org)).unwrap().official.len())
        })
    });

    let store = SqliteStore::open(&path, mode.clone()).unwrap();
    let org = store.orgs().all()[0].id;
    let data = store.read(&scope(org)).unwrap().official;
    let catalog = store.catalog().clone();
    let rules = RuleSet::builtin(&catalog);
    c.bench_function("recompute every percentage and rule of the 2020 plan", |b| {
        b.iter(|| {
            let frame = PlanFrame::new(2020);
            let findings = evaluate(&catalog, &rules, &data, &[(org, "bac-kan")], frame);
            let f = flags(&findings);
            let mut cells = 0;
            for a in &catalog.appendices {
                let input = SheetInput {
                    catalog: &catalog,
                    layout: a.layout,
                    frame,
                    org,
                    values: &data,
                    official: None,
                    flags: &f,
                    facts: Facts {
                        stored: &data,
                        plans: &[],
                    },
                    sums: true,
                };
                cells += build(&input, &a.rows).cells.len();
            }
            black_box((findings.len(), cells))
        })
    });

    let mut store = store;
    let key = CellKey::new(
        store.catalog().find("htx.total").unwrap(),
        org,
        Period::parse("KH2020").unwrap(),
        FundingId::TOTAL,
    );
    let mut n = 0i64;
    c.bench_function("one audited write (transaction + audit row, WAL file)", |b| {
        b.iter(|| {
            n += 1;
            black_box(
                store
                    .write(&Batch {
                        action: WriteAction::Set,
                        layer: Layer::Official,
                        detail: None,
                        ops: vec![Op {
                            key,
                            expect: Expect::Anything,
                            to: To::Figure(Some(Decimal::from(200 + n % 50))),
                        }],
                    })
                    .unwrap(),
            )
        })
    });
}

/// Planning: one indicator's target allocated over every commune of the synthetic country
/// (the unit tree built in memory, a figure of the base period for each commune), and a goal
/// seek on the seeded plan in a scenario (KH2020 of the cooperatives for 110% growth).
fn planning(c: &mut Bench) {
    use kttt::domain::org::{Level, OrgUnits};
    use kttt::domain::planning::allocate::{Method, allocate};
    use kttt::domain::planning::seek::Measure;
    use kttt::domain::values::{Dataset, Source};

    let units = OrgUnits::new(kttt::synth::units(kttt::synth::Size::NATIONAL)).unwrap();
    let communes: Vec<_> = units
        .all()
        .iter()
        .filter(|u| u.level == Level::Commune)
        .map(|u| u.id)
        .collect();
    let catalog = kttt::domain::form::Forms::with_added(&[])
        .unwrap()
        .registry()
        .as_ref()
        .clone();
    let htx = catalog.find("htx.total").unwrap();
    let (plan, by) = (Period::parse("KH2027").unwrap(), Period::parse("UTH2026").unwrap());
    let mut data = Dataset::new();
    for (i, o) in communes.iter().enumerate() {
        let key = CellKey::new(htx, *o, by, FundingId::TOTAL);
        data.set(key, Some(Decimal::from(3 + i % 17)), Source::User);
    }
    let target = Decimal::from(communes.len() as i64 * 12);
    let once = allocate(&catalog, htx, target, plan, by, Method::Proportional, &communes, &data).unwrap();
    assert_eq!(
        once.cells.iter().map(|x| x.new).sum::<Decimal>(),
        target,
        "whole counts adding up exactly"
    );
    c.bench_function(
        &format!(
            "allocate one indicator over every commune of the synthetic country ({})",
            communes.len()
        ),
        |b| {
            b.iter(|| {
                let a = allocate(&catalog, htx, target, plan, by, Method::Proportional, &communes, &data).unwrap();
                black_box(a.cells.len())
            })
        },
    );
    // An average over the same communes, weighted by the counts just allocated, rounded to
    // tenths with the weighted roll-up exactly the target.
    let rev = catalog.find("htx.revenue").unwrap();
    for (i, (o, x)) in communes.iter().zip(&once.cells).enumerate() {
        data.set(CellKey::new(htx, *o, plan, FundingId::TOTAL), Some(x.new), Source::User);
        let r = Decimal::new(3003 + (i as i64 * 37) % 5000, 1);
        data.set(CellKey::new(rev, *o, by, FundingId::TOTAL), Some(r), Source::User);
    }
    let avg = Decimal::new(6573, 1);
    let once = allocate(&catalog, rev, avg, plan, by, Method::Proportional, &communes, &data).unwrap();
    assert!(
        once.exact && once.rolled == avg,
        "the weighted roll-up exactly the target"
    );
    c.bench_function(
        &format!(
            "allocate an average over every commune of the synthetic country ({}), exact",
            communes.len()
        ),
        |b| {
            b.iter(|| {
                let a = allocate(&catalog, rev, avg, plan, by, Method::Proportional, &communes, &data).unwrap();
                black_box(a.cells.len())
            })
        },
    );

    let store = SqliteStore::open_in_memory(Fill::Seed).unwrap();
    let mut s = kttt::session::Session::new(store, kttt::i18n::Lang::Vi).unwrap();
    // Two districts with cooperatives and their average revenue, for a goal on a roll-up.
    let (ind, rev) = (
        s.catalog().find("htx.total").unwrap(),
        s.catalog().find("htx.revenue").unwrap(),
    );
    let kh = Period::parse("KH2020").unwrap();
    let province = s.org();
    for (code, r) in [("ba-be", 600), ("bach-thong", 400)] {
        let org = s.orgs().by_code(code).unwrap();
        s.set_org(org).unwrap();
        for (i, v) in [(ind, 20), (rev, r)] {
            s.set(CellKey::new(i, org, kh, FundingId::TOTAL), Some(Decimal::from(v)), None)
                .unwrap();
        }
    }
    s.set_org(province).unwrap();
    s.create_scenario("seek").unwrap();
    s.activate(Some("seek")).unwrap();
    let cell = s.key(ind, kh, FundingId::TOTAL);
    let goal = Measure::Ratio {
        num: cell,
        den: s.key(ind, Period::parse("UTH2019").unwrap(), FundingId::TOTAL),
    };
    c.bench_function(
        "a goal seek (KH2020/UTH2019 = 110%, in a scenario, as in the app)",
        |b| b.iter(|| black_box(s.seek(cell, goal, Decimal::from(110)).unwrap().value)),
    );
    // Not linear: the province's average revenue from one district's cooperatives (bisection
    // over the roll-up, as `scenario seek … --at ba-be` does): (600·n + 8000) / (n + 20) = 450.
    let ba_be = CellKey::new(ind, s.orgs().by_code("ba-be").unwrap(), kh, FundingId::TOTAL);
    let avg = Measure::Value(s.key(rev, kh, FundingId::TOTAL));
    assert_eq!(s.seek(ba_be, avg, Decimal::from(450)).unwrap().value, Decimal::from(7));
    assert_eq!(
        s.seek(cell, goal, Decimal::from(110)).unwrap().value,
        Decimal::from(194)
    );
    c.bench_function(
        "a goal seek on a roll-up (the province's revenue per HTX = 450, bisection)",
        |b| b.iter(|| black_box(s.seek(ba_be, avg, Decimal::from(450)).unwrap().value)),
    );
}

fn main() {
    let mut c = Bench::from_args();
    benches(&mut c);
    planning(&mut c);
}
