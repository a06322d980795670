use gatewright::prelude::*;

#[route(GET, "/hello", scopes = "notes:read")]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
