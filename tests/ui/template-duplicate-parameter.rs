use gatewright::prelude::*;

#[route(GET, "/users/<id>/friends/<id>")]
fn friend(id: u64) -> String {
    id.to_string()
}

fn main() {}
