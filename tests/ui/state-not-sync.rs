use std::cell::Cell;

use gatewright::prelude::*;

struct Counter {
    hits: Cell<u64>,
}

#[route(GET, "/hits")]
fn hits(counter: State<Counter>) -> String {
    counter.hits.get().to_string()
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(hits);
}
