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

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(create);
}
