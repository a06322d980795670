use gatewright::prelude::*;

#[route(GET, "/a")]
fn a() -> &'static str {
    "a"
}

fn main() {
    let _ = gatewright::api!(mount("/v1", [a], middleware = [a]));
}
