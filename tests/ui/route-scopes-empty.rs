use gatewright::prelude::*;

#[route(GET, "/hello", scopes = [])]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
