use gatewright::{middleware, Request, Response};

#[middleware]
async fn log(_request: &Request<'_>, next: String) -> Response {
    unimplemented!("{next}")
}

fn main() {}
