use gatewright::prelude::*;

#[route("/hello", GET)]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
