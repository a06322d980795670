use gatewright::prelude::*;

#[route(GET, "/users//posts")]
fn posts() -> &'static str {
    "posts"
}

fn main() {}
