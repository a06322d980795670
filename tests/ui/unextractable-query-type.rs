use gatewright::prelude::*;

struct Filter {
    tag: String,
}

#[route(GET, "/posts")]
fn posts(#[query] filter: Filter) -> String {
    filter.tag
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(posts);
}
