use gatewright::prelude::*;

#[route(GET, "/items/<id>")]
fn item<T: std::fmt::Display>(id: T) -> String {
    id.to_string()
}

fn main() {}
