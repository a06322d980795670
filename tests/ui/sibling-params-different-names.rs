use gatewright::prelude::*;

#[route(GET, "/users/<id>")]
fn user(id: u64) -> String {
    id.to_string()
}

#[route(GET, "/users/<name>/posts")]
fn posts(name: String) -> String {
    name
}

gatewright::main!(user, posts);
