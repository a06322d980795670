use std::num::ParseIntError;

use gatewright::prelude::*;

#[route(GET, "/double/<n>")]
fn double(n: String) -> Result<String, ParseIntError> {
    Ok((n.parse::<u64>()? * 2).to_string())
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(double);
}
