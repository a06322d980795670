use gatewright::prelude::*;

#[route(GET, "/users/")]
fn users() -> &'static str {
    "users"
}

fn main() {}
