use std::time::Duration;

use gatewright::prelude::*;

#[route(GET, "/sleep/<duration>")]
fn sleep(duration: Duration) -> String {
    format!("{duration:?}")
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(sleep);
}
