use gatewright::prelude::*;

#[route(get, "/hello")]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
