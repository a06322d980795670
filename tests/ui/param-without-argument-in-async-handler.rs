use gatewright::prelude::*;

// Only the route's own error: the borrowing argument needs no `'_` here either.
#[route(GET, "/users/<id>")]
async fn user(headers: Headers) -> String {
    headers.get("x-id").unwrap_or_default().into_owned()
}

fn main() {}
