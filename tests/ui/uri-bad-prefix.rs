use gatewright::prelude::*;

#[route(GET, "/notes/<id>")]
fn note(id: u32) -> String {
    id.to_string()
}

fn main() {
    let _ = gatewright::uri!("v1", note(id = 1));
}
