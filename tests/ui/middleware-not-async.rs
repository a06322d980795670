use gatewright::{middleware, Next, Request, Response};

#[middleware]
fn log(_request: &Request<'_>, next: Next<'_>) -> Response {
    unimplemented!("{}", std::mem::size_of_val(&next))
}

fn main() {}
