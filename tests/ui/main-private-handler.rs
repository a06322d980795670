mod users {
    use gatewright::prelude::*;

    #[route(GET, "/users")]
    fn list() -> &'static str {
        "users"
    }
}

gatewright::main!(users::list);
