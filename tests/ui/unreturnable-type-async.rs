use gatewright::prelude::*;

struct User {
    name: String,
}

#[route(GET, "/me")]
async fn me() -> User {
    User {
        name: "me".to_owned(),
    }
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(me);
}
