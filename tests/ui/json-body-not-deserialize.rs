use gatewright::prelude::*;

struct NewUser {
    name: String,
}

#[route(POST, "/users")]
fn create(Json(user): Json<NewUser>) -> String {
    user.name
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(create);
}
