use gatewright::prelude::*;

#[route(GET, "/files/<path+>")]
fn file(path: u64) -> String {
    path.to_string()
}

// Listed in an API, where the router reads its arguments and sends its response.
fn main() {
    let _ = gatewright::api!(file);
}
