use gatewright::prelude::*;

#[route(GET)]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
