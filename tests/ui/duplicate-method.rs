use gatewright::prelude::*;

#[route(GET | POST | GET, "/hello")]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
