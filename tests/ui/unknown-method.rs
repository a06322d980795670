use gatewright::prelude::*;

#[route(FETCH, "/hello")]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
