use gatewright::prelude::*;

#[route(GET, "/users")]
fn users(limit: u64) -> String {
    limit.to_string()
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(users);
}
