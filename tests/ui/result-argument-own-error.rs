use gatewright::prelude::*;

#[route(POST, "/echo")]
fn echo(body: Result<Json<String>, String>) -> String {
    body.map(|Json(text)| text).unwrap_or_default()
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(echo);
}
