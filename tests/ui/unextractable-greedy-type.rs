use gatewright::prelude::*;

#[route(GET, "/files/<path+>")]
fn file(path: u64) -> String {
    path.to_string()
}

fn main() {}
