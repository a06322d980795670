use gatewright::prelude::*;

#[route(GET, "/pairs")]
fn pairs(#[query] (a, b): (u32, u32)) -> String {
    format!("{a} {b}")
}

fn main() {}
