use gatewright::prelude::*;

#[route(GET, "/hello/<name>")]
fn hello(name: String) -> String {
    name
}

fn link() -> String {
    gatewright::uri!(hello(nmae = "bob", name = "bob", name = "again"))
}

fn main() {}
