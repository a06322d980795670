use gatewright::prelude::*;

#[route(GET, "/search")]
fn search(#[query] q: String, #[query] page: Option<u32>, #[query] tag: Vec<String>) -> String {
    format!("{q} {page:?} {tag:?}")
}

fn link() -> String {
    gatewright::uri!(search(page = 2))
}

fn main() {}
