use gatewright::prelude::*;

#[route(GET, "/hello/<name>")]
fn hello(nmae: String) -> String {
    nmae
}

fn main() {}
