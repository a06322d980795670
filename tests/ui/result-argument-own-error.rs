use gatewright::prelude::*;

#[route(POST, "/echo")]
fn echo(body: Result<Json<String>, String>) -> String {
    body.map(|Json(text)| text).unwrap_or_default()
}

fn main() {}
