//! Benchmarks of the core: opening and loading the seeded database, recomputing every
//! percentage and rule of the plan, and one audited write.

use criterion::{Criterion, criterion_group, criterion_main};
use kttt::domain::catalog::FundingId;
use kttt::domain::period::{Period, PlanFrame};
use kttt::domain::rules::evaluate;
use kttt::domain::sheet::{SheetInput, build, flags};
use kttt::domain::values::CellKey;
use kttt::store::{Fill, Store};
use rust_decimal::Decimal;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite3");
    drop(Store::open(&path, Fill::Seed).unwrap());

    c.bench_function("open seeded database and load all figures", |b| {
        b.iter(|| {
            let s = Store::open(&path, Fill::Seed).unwrap();
            black_box(s.load_dataset().unwrap().len())
        })
    });

    let store = Store::open(&path, Fill::Seed).unwrap();
    let data = store.load_dataset().unwrap();
    let org = store.orgs.default_unit().unwrap();
    let (catalog, rules) = (store.catalog.clone(), store.rules.clone());
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
                    sums: true,
                };
                cells += build(&input, &a.rows).cells.len();
            }
            black_box((findings.len(), cells))
        })
    });

    let mut store = store;
    let key = CellKey::new(
        store.catalog.find("htx.total").unwrap(),
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
                    .set_value(key, Some(Decimal::from(200 + n % 50)), None, "set")
                    .unwrap(),
            )
        })
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
