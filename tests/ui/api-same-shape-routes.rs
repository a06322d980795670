use gatewright::prelude::*;

#[route(GET, "/a/<x>")]
fn by_x(x: String) -> String {
    x
}

#[route(GET, "/a/<x>")]
fn by_x_again(x: String) -> String {
    x
}

// `api!` is an expression: the router's errors must not turn into syntax errors around it.
fn api() -> impl Api {
    gatewright::api!(by_x, by_x_again)
}

fn main() {
    let _ = api();
}
