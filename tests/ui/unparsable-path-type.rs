use gatewright::prelude::*;

struct UserId(u64);

#[route(GET, "/users/<id>")]
fn user(id: UserId) -> String {
    id.0.to_string()
}

fn main() {}
