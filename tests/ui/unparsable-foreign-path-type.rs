use std::time::Duration;

use gatewright::prelude::*;

#[route(GET, "/sleep/<duration>")]
fn sleep(duration: Duration) -> String {
    format!("{duration:?}")
}

fn main() {}
