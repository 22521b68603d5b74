//! Benchmarks of the core: opening and loading the seeded database, recomputing every
//! percentage and rule of the plan, and one audited write.

use criterion::{Criterion, criterion_group, criterion_main};
use kttt::domain::catalog::FundingId;
use kttt::domain::period::{Period, PlanFrame};
use kttt::domain::rules::RuleSet;
use kttt::domain::rules::evaluate;
use kttt::domain::sheet::{Facts, SheetInput, build, flags};
use kttt::domain::values::CellKey;
use kttt::store::sqlite::{OpenMode, SqliteStore};
use kttt::store::{Batch, Expect, Fill, Layer, Op, Scope, To, WriteAction};
use rust_decimal::Decimal;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
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

criterion_group!(engine, benches);
criterion_main!(engine);
