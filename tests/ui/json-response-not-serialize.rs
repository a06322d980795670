use gatewright::prelude::*;

struct User {
    name: String,
}

#[route(GET, "/me")]
fn me() -> Json<User> {
    Json(User { name: "ann".into() })
}

fn main() {}
