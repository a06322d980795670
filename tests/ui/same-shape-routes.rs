use gatewright::prelude::*;

#[route(GET, "/a/<x>")]
fn by_x(x: String) -> String {
    x
}

#[route(GET, "/a/<y>")]
fn by_y(y: String) -> String {
    y
}

gatewright::main!(by_x, by_y);
