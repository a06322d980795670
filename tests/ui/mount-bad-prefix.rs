use gatewright::prelude::*;

#[route(GET, "/a")]
fn a() -> &'static str {
    "a"
}

#[route(GET, "/b")]
fn b() -> &'static str {
    "b"
}

fn main() {
    let _ = gatewright::api!(mount("/v1/", [a]), mount("/<tenant>", [b]));
}
