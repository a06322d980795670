use std::cell::Cell;

use gatewright::prelude::*;

struct Counter {
    hits: Cell<u64>,
}

#[route(GET, "/hits")]
fn hits(counter: State<Counter>) -> String {
    counter.hits.get().to_string()
}

fn main() {}
