use gatewright::prelude::*;

#[route(FETCH, "/users/<id>")]
fn user(id: u64) -> String {
    id.to_string()
}

#[route(GET, "posts/")]
fn posts() -> &'static str {
    "posts"
}

#[route(GET, "/hello/<name>")]
fn hello(nmae: String) -> String {
    nmae
}

fn main() {
    // The handlers still compile and can be called as plain functions: no cascade.
    let _ = (user(1), posts(), hello("x".to_owned()));
}
