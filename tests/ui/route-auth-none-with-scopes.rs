use gatewright::prelude::*;

#[route(GET, "/hello", auth = none, scopes = ["notes:read"])]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
