use gatewright::prelude::*;

#[route(GET, "/hello", "/hi")]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
