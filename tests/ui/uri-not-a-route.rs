use gatewright::prelude::*;

#[route(GET, "/users/<id>")]
fn user(id: u32) -> String {
    id.to_string()
}

fn helper(id: u32) -> String {
    id.to_string()
}

fn main() {
    let _ = gatewright::uri!(user(id = 7));
    let _ = gatewright::uri!(helper(id = 7));
}
