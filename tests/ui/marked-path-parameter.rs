use gatewright::prelude::*;

#[route(GET, "/users/<id>")]
fn user(#[query] id: u64) -> String {
    id.to_string()
}

fn main() {}
