use gatewright::prelude::*;

struct Filter {
    tag: String,
}

#[route(GET, "/posts")]
fn posts(#[query] filter: Filter) -> String {
    filter.tag
}

fn main() {}
