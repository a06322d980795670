use gatewright::prelude::*;

struct User {
    name: String,
}

#[route(GET, "/me")]
fn me() -> User {
    User {
        name: "me".to_owned(),
    }
}

fn main() {}
