use gatewright::prelude::*;

#[route(GET, "/files/<name>.json")]
fn file(name: String) -> String {
    name
}

fn main() {}
