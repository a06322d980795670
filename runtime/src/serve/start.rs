//! Starting an API: in Lambda when the Runtime API is there, as a local HTTP server otherwise.

use std::process::ExitCode;
use std::sync::Arc;

use lambda_runtime::Error;

use super::lambda;
use crate::router::erased::DynApi;
use crate::router::Api;

/// What a release build without the `local` feature says when asked for what it left out.
#[cfg(not(any(debug_assertions, feature = "local")))]
const LAMBDA_ONLY: &str =
    "this release build serves only Lambda (it has no local server and no subcommands); \
    run a debug build (`cargo run`), or enable gatewright's `local` feature";

/// Runs an API to completion on a single-threaded runtime, logging with `tracing`:
/// `gatewright::main!` calls this. An error is printed and gives a failing exit code.
///
/// Given a first argument, it runs that subcommand instead and exits: `routes` prints the
/// route table, `openapi` the OpenAPI document, `sam` a SAM template (see the crate docs); any
/// other is an error with exit code 2. Lambda starts the binary with no argument. A release
/// build has the subcommands and the local server only with the `local` feature.
pub fn run<A: Api>(api: A) -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = subcommand(&api, &args) {
        return code;
    }
    run_dyn(Arc::new(api))
}

fn run_dyn(api: Arc<dyn DynApi>) -> ExitCode {
    super::logging::init();
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
/// stops; elsewhere it serves HTTP on `127.0.0.1:$PORT` (default 3000) until stopped, in debug
/// builds and with the `local` feature (a release build without it is an error there). Set up
/// logging first if you want it (`run` does: `tracing` to stdout, JSON when
/// `AWS_LAMBDA_LOG_FORMAT=JSON`, level from `AWS_LAMBDA_LOG_LEVEL` or `RUST_LOG`).
pub async fn serve<A: Api>(api: A) -> Result<(), Error> {
    serve_dyn(Arc::new(api)).await
}

async fn serve_dyn(api: Arc<dyn DynApi>) -> Result<(), Error> {
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        return lambda::run(api).await;
    }
    serve_locally(api).await
}

// The local server and the subcommands are in debug builds always and in release builds with
// the `local` feature. Lambda uses neither, and they would make the deployed binary a quarter
// larger and slower to start. They are left out by `cfg`: a branch that is merely never
// taken would still be compiled into `serve`'s future.

#[cfg(any(debug_assertions, feature = "local"))]
fn subcommand<A: Api>(api: &A, args: &[std::ffi::OsString]) -> Option<ExitCode> {
    super::cli::run(api.routes(), api.package(), api.forwarding(), args)
}

#[cfg(not(any(debug_assertions, feature = "local")))]
fn subcommand<A: Api>(_api: &A, args: &[std::ffi::OsString]) -> Option<ExitCode> {
    let arg = args.get(1)?;
    eprintln!("error: cannot run {arg:?}: {LAMBDA_ONLY}");
    Some(ExitCode::from(super::cli::USAGE_ERROR))
}

#[cfg(any(debug_assertions, feature = "local"))]
async fn serve_locally(api: Arc<dyn DynApi>) -> Result<(), Error> {
    let port = match std::env::var("PORT") {
        Ok(port) => port
            .parse::<u16>()
            .map_err(|_| format!("`PORT` must be a port number, not {port:?}"))?,
        Err(_) => 3000,
    };
    super::local::serve(api, std::net::SocketAddr::from(([127, 0, 0, 1], port))).await
}

#[cfg(not(any(debug_assertions, feature = "local")))]
async fn serve_locally(_api: Arc<dyn DynApi>) -> Result<(), Error> {
    Err(format!("`AWS_LAMBDA_RUNTIME_API` is not set, and {LAMBDA_ONLY}").into())
}
