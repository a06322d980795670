use gatewright::prelude::*;
use gatewright::{FromRequest, Request};

struct Caller;
struct Denied;

impl<'r> FromRequest<'r> for Caller {
    type Rejection = Denied;
    type Future = std::future::Ready<Result<Self, Denied>>;

    fn from_request(_request: &'r Request<'r>) -> Self::Future {
        std::future::ready(Err(Denied))
    }
}

#[route(GET, "/me")]
fn me(_caller: Caller) -> &'static str {
    "me"
}

fn main() {}
