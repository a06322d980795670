use gatewright::prelude::*;

#[route(GET, "/users/<id>")]
fn user(id: u64, #[query] page: Option<u32>) -> String {
    format!("{id} {page:?}")
}

fn link() -> String {
    gatewright::uri!(user(id = "seven", page = 1.5))
}

fn main() {}
