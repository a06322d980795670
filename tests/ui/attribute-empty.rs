use gatewright::prelude::*;

#[route()]
fn hello() -> &'static str {
    "hello"
}

fn main() {}
