use gatewright::prelude::*;
use gatewright::Valid;

#[derive(serde::Deserialize)]
struct NewUser {
    name: String,
}

#[route(POST, "/users")]
fn create(Valid(Json(user)): Valid<Json<NewUser>>) -> String {
    user.name
}

fn main() {}
