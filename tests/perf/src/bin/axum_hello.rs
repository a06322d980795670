//! The routes of `examples/hello` on axum 0.8 (`src/axum_routes.rs`, the benchmarks' peer),
//! served over HTTP on `127.0.0.1:$PORT` (default 3000): what `tests/perf/reliability.sh` loads
//! side by side with `hello`'s local server. Both run on a current-thread tokio runtime, and
//! neither logs requests while loaded (the script sets hello's level to `warn`).

#[path = "../axum_routes.rs"]
mod axum_routes;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = match std::env::var("PORT") {
        Ok(port) => port.parse::<u16>()?,
        Err(_) => 3000,
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
            axum::serve(listener, axum_routes::router()).await?;
            Ok(())
        })
}
