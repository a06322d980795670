use gatewright::prelude::*;

#[route(GET, "/hello", auth = cognito)]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
