use gatewright::prelude::*;

#[route(GET, "/users")]
fn users(#[query] #[header] limit: Option<u64>) -> String {
    format!("{limit:?}")
}

fn main() {}
