use gatewright::{middleware, Next, Request};

#[middleware]
async fn log(_request: &Request<'_>, next: Next<'_>) {
    next.run().await;
}

fn main() {}
