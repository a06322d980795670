use gatewright::prelude::*;

#[route(GET, "/status")]
struct Status {
    ok: bool,
}

fn main() {}
