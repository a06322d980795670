mod users {
    use gatewright::prelude::*;

    #[route(GET, "/users/<id>")]
    pub fn get_item(id: u64) -> String {
        id.to_string()
    }
}

fn main() {
    let _ = gatewright::uri!(users::get_item(idd = 7));
}
