use gatewright::prelude::*;

#[route(GET, "/hello/<name>")]
fn hello(name: String, #[query] greeting: Option<String>) -> String {
    format!("{greeting:?}, {name}")
}

fn link() -> String {
    gatewright::uri!(hello(greeting = "Hi"))
}

fn main() {}
