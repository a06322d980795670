//! `cargo run --example hello`: the example API, the same program as the `hello` binary.

include!("../src/main.rs");
