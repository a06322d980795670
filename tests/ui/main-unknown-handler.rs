use gatewright::prelude::*;

#[route(GET, "/hello")]
fn hello() -> &'static str {
    "hello"
}

fn helper() -> &'static str {
    "not a route"
}

gatewright::main!(hello, helper);
