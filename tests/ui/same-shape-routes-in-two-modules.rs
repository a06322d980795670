mod a {
    use gatewright::prelude::*;

    #[route(GET, "/items/<id>")]
    pub fn get_item(id: u64) -> String {
        id.to_string()
    }
}

mod b {
    use gatewright::prelude::*;

    #[route(GET, "/items/<key>")]
    pub fn get_item(key: String) -> String {
        key
    }
}

gatewright::main!(a::get_item, b::get_item);
