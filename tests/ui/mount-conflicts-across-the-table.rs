use gatewright::prelude::*;

#[route(GET, "/notes/<id>")]
fn note(id: u32) -> String {
    id.to_string()
}

#[route(GET, "/v1/notes/<name>")]
fn named(name: String) -> String {
    name
}

fn main() {
    let _ = gatewright::api!(named, mount("/v1", [note]));
}
