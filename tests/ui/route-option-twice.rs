use gatewright::prelude::*;

#[route(GET, "/hello", scopes = ["a"], scopes = ["b"])]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
