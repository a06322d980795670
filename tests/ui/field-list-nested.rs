use gatewright::prelude::*;

#[route(GET, "/posts")]
fn posts(#[query] tag: Option<Vec<String>>, #[header] accept: Vec<Vec<String>>) -> String {
    format!("{tag:?} {accept:?}")
}

fn main() {}
