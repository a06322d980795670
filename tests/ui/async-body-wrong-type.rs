use gatewright::prelude::*;

// An `async` handler whose body doesn't have its return type is "mismatched types" at the
// expression, as in any `async fn`: the tail, a `return`'s value, a handler with marked
// arguments, one with no return type.
#[route(GET, "/count")]
async fn count() -> String {
    42
}

#[route(GET, "/items/<id>")]
async fn item(id: u32) -> Result<String, StatusCode> {
    if id == 0 {
        return Ok(id);
    }
    Ok(format!("item {id}"))
}

#[route(GET, "/search")]
async fn search(#[query] limit: Option<u32>) -> String {
    limit.unwrap_or(10)
}

#[route(POST, "/ping")]
async fn ping() {
    "pong"
}

fn main() {
    let _ = gatewright::api!(count, item, search, ping);
}
