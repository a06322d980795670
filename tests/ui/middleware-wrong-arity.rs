use gatewright::{middleware, Request, Response};

#[middleware]
async fn log(_request: &Request<'_>) -> Response {
    unimplemented!()
}

fn main() {}
