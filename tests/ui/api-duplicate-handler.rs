use gatewright::prelude::*;

#[route(GET, "/hello")]
fn hello() -> &'static str {
    "hello"
}

// `api!` is an expression: its errors must not turn into syntax errors around it.
fn api() -> impl Api {
    gatewright::api!(hello, hello, hello)
}

fn main() {
    let _ = api();
}
