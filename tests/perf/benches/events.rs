//! Event bytes → response bytes, for each event of `tests/fixtures/perf`, with gatewright and
//! its peers side by side in one run: `cargo bench -p gatewright-perf --bench events`.

// `shared` holds the 130-route table too, and `api!` nests one macro expansion per route.
#![recursion_limit = "512"]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

mod shared;

use shared::{Impl, Servers, CASES};

fn events(c: &mut Criterion) {
    let servers = Servers::new();
    // Never time a wrong answer: every implementation must answer every case alike.
    servers.check();
    for (name, event) in CASES {
        let mut group = c.benchmark_group(name);
        for which in Impl::ALL {
            group.bench_with_input(
                BenchmarkId::from_parameter(which.name()),
                event,
                |b, event| b.iter(|| servers.handle(which, std::hint::black_box(event))),
            );
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = shared::config();
    targets = events
}
criterion_main!(benches);
