use gatewright::prelude::*;

#[route(GET, "/hello", scopes = ["notes:read", "notes write"])]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
