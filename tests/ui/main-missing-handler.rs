use gatewright::prelude::*;

#[route(GET, "/hello")]
fn hello() -> &'static str {
    "hello"
}

gatewright::main!(hello, helo);
