use gatewright::prelude::*;

#[route(GET, "/users/<id")]
fn user(id: u64) -> String {
    id.to_string()
}

fn main() {}
