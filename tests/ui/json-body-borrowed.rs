use gatewright::prelude::*;

#[route(POST, "/echo")]
fn echo(Json(text): Json<&str>) -> String {
    text.to_owned()
}

fn main() {}
