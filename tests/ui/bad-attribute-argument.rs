use gatewright::prelude::*;

#[route(GET, "/users")]
fn users(#[query(5)] limit: Option<u64>) -> String {
    format!("{limit:?}")
}

fn main() {}
