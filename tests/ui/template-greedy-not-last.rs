use gatewright::prelude::*;

#[route(GET, "/files/<path+>/meta")]
fn meta(path: String) -> String {
    path
}

fn main() {}
