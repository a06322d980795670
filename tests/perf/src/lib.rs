//! Benchmarks of gatewright side by side with its peers; see `benches/` and `BENCHMARKS.md` at
//! the workspace root. This library is empty on purpose: the peers are dev-dependencies, which
//! only bench targets can use, so `cargo test --workspace` never builds them.
