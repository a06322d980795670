//! Route lookup over the 130-route GitHub-API-like table (`github-routes.txt`): gatewright's
//! generated router against matchit 0.9, every route's concrete path looked up once per
//! iteration: `cargo bench -p gatewright-perf --bench routes`. See `shared/github.rs`.

// `api!` nests one macro expansion per route.
#![recursion_limit = "512"]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod shared;

use shared::github::Routers;

fn routes(c: &mut Criterion) {
    let routers = Routers::new();
    // Never time a wrong answer: every path must find its own route in every router.
    routers.check();

    let mut group = c.benchmark_group("github-130-routes");
    group.throughput(Throughput::Elements(routers.paths.len() as u64));
    group.bench_function("gatewright", |b| {
        b.iter(|| {
            for path in &routers.paths {
                black_box(routers.gatewright_lookup(black_box(path)));
            }
        })
    });
    group.bench_function("matchit-0.9", |b| {
        b.iter(|| {
            for path in &routers.paths {
                black_box(routers.matchit.at(black_box(path)).ok());
            }
        })
    });
    group.bench_function("matchit-0.9/as-is", |b| {
        b.iter(|| {
            for path in &routers.as_is_paths {
                black_box(routers.matchit_as_is.at(black_box(path)).ok());
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = shared::config();
    targets = routes
}
criterion_main!(benches);
