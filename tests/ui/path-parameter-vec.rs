use gatewright::prelude::*;

#[route(GET, "/blobs/<bytes>")]
fn blob(bytes: Vec<u8>) -> String {
    format!("{bytes:?}")
}

fn main() {}
