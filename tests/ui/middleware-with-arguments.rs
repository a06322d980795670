use gatewright::{middleware, Next, Request, Response};

#[middleware(order = 1)]
async fn log(_request: &Request<'_>, next: Next<'_>) -> Response {
    next.run().await
}

fn main() {}
