use gatewright::prelude::*;

struct NewUser {
    name: String,
}

#[route(POST, "/users")]
fn create(Json(user): Json<NewUser>) -> String {
    user.name
}

fn main() {}
