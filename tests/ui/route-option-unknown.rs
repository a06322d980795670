use gatewright::prelude::*;

#[route(GET, "/hello", auht = none)]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
