use gatewright::prelude::*;

struct User {
    name: String,
}

#[route(GET, "/me")]
fn me() -> Json<User> {
    Json(User { name: "ann".into() })
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(me);
}
