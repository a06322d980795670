use gatewright::prelude::*;

#[route(ANY, "/items")]
fn any_items() -> &'static str {
    "any"
}

#[route(GET, "/items")]
fn get_items() -> &'static str {
    "get"
}

gatewright::main!(any_items, get_items);
