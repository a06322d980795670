use gatewright::prelude::*;

#[route(GET, "/hello", auth = none scopes = ["a"])]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
