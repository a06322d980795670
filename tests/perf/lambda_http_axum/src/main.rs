//! The example API written with `lambda_http` + axum, for the cold-start, size and memory
//! comparison (`tests/perf/coldstart.sh`): `lambda_http::run` with the axum router, on the
//! same current-thread tokio runtime as `gatewright::run` and the echo, with no logging set up
//! (as the echo).

#[path = "../../src/axum_routes.rs"]
mod axum_routes;

fn main() -> Result<(), lambda_http::Error> {
    // The events carry their stage only in `requestContext` (see `benches/shared`).
    std::env::set_var("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(lambda_http::run(axum_routes::router()))
}
