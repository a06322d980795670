use gatewright::prelude::*;

#[route(GET, "/users/<user-id>")]
fn user() -> &'static str {
    "user"
}

fn main() {}
