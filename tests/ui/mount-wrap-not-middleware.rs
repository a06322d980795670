use gatewright::prelude::*;

#[route(GET, "/a")]
fn a() -> &'static str {
    "a"
}

const NOT_A_MIDDLEWARE: u8 = 1;

fn main() {
    let _ = gatewright::api!(mount("/v1", [a], wrap = [NOT_A_MIDDLEWARE]));
}
