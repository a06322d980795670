use gatewright::prelude::*;

#[route(GET | ANY, "/hello")]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
