use gatewright::prelude::*;

#[route(GET, "/users")]
fn users(limit: u64) -> String {
    limit.to_string()
}

fn main() {}
