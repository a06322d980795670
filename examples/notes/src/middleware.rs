//! Code around the handlers: timing for every response, no caching for the notes.

use std::time::Instant;

use gatewright::http::HeaderValue;
use gatewright::{middleware, Next, Request, Response};

/// `Server-Timing: app;dur=<ms>` on every response, errors included.
#[middleware]
pub async fn timing(_request: &Request<'_>, next: Next<'_>) -> Response {
    let started = Instant::now();
    let mut response = next.run().await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={millis:.2}")) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}

/// Notes are private: `Cache-Control: no-store` on every response under `/v1`.
#[middleware]
pub async fn no_store(_request: &Request<'_>, next: Next<'_>) -> Response {
    let mut response = next.run().await;
    response
        .headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    response
}
