use gatewright::prelude::*;

#[route(GET, "/users/<id>")]
fn user(id: Option<u64>) -> String {
    format!("{id:?}")
}

fn main() {}
