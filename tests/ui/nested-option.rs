use gatewright::prelude::*;

#[route(GET, "/search")]
fn search(#[query] page: Option<Option<u32>>) -> String {
    format!("{page:?}")
}

fn main() {}
