//! Starting an API: in Lambda when the Runtime API is there, as a local HTTP server otherwise.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use lambda_runtime::Error;

use crate::api::Api;
use crate::erased::DynApi;
use crate::{lambda, local};

/// Runs an API to completion on a single-threaded runtime, logging with `tracing`:
/// `gatewright::main!` calls this. An error is printed and gives a failing exit code.
///
/// Given a first argument, it runs that subcommand instead and exits: `routes` prints the
/// route table, `openapi` the OpenAPI document, `sam` a SAM template (see the crate docs); any
/// other is an error with exit code 2. Lambda starts the binary with no argument.
pub fn run<A: Api>(api: A) -> ExitCode {
    run_dyn(Arc::new(api))
}

fn run_dyn(api: Arc<dyn DynApi>) -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = crate::cli::run(&*api, &args) {
        return code;
    }
    crate::logging::init();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve_dyn(api)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Serves an API from your own async `main`, for state that takes `.await` to build:
///
/// ```no_run
/// use gatewright::prelude::*;
/// use gatewright::{Api, State};
///
/// #[derive(Clone)]
/// struct Db;
///
/// #[route(GET, "/ping")]
/// fn ping(_db: State<Db>) -> &'static str {
///     "pong"
/// }
///
/// #[tokio::main(flavor = "current_thread")]
/// async fn main() -> Result<(), gatewright::Error> {
///     let db = Db; // connect here, once per cold start
///     gatewright::serve(gatewright::api!(ping).with_state(db)).await
/// }
/// ```
///
/// In Lambda (`AWS_LAMBDA_RUNTIME_API` is set) it serves invocations until the Runtime API
/// stops; elsewhere it serves HTTP on `127.0.0.1:$PORT` (default 3000) until stopped. Set up
/// logging first if you want it (`run` does: `tracing` to stdout, JSON when
/// `AWS_LAMBDA_LOG_FORMAT=JSON`, level from `AWS_LAMBDA_LOG_LEVEL` or `RUST_LOG`).
pub async fn serve<A: Api>(api: A) -> Result<(), Error> {
    serve_dyn(Arc::new(api)).await
}

async fn serve_dyn(api: Arc<dyn DynApi>) -> Result<(), Error> {
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        return lambda::run(api).await;
    }
    let port = match std::env::var("PORT") {
        Ok(port) => port
            .parse::<u16>()
            .map_err(|_| format!("`PORT` must be a port number, not {port:?}"))?,
        Err(_) => 3000,
    };
    local::serve(api, SocketAddr::from(([127, 0, 0, 1], port))).await
}
