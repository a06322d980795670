use gatewright::prelude::*;

struct Service;

impl Service {
    #[route(GET, "/status")]
    fn status(&self) -> &'static str {
        "ok"
    }
}

fn main() {}
