use gatewright::prelude::*;

#[route(GET, "/users")]
fn users(#[header("")] token: Option<String>) -> String {
    format!("{token:?}")
}

fn main() {}
