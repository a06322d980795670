use gatewright::prelude::*;

#[route(GET, "/me")]
fn me(#[header("x api key")] key: Option<String>) -> String {
    key.unwrap_or_default()
}

fn main() {}
