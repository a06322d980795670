use gatewright::prelude::*;

struct UserId(u64);

#[route(GET, "/users/<id>")]
fn user(id: UserId) -> String {
    id.0.to_string()
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(user);
}
