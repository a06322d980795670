//! Starting an API: in Lambda when the Runtime API is there, as a local HTTP server otherwise.

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;

use lambda_runtime::Error;

use super::{lambda, runtime_api};
use crate::request::extract::BoxFuture;
use crate::router::erased::DynApi;
use crate::router::Api;

/// What a release build without the `local` feature says when asked for what it left out.
#[cfg(not(any(debug_assertions, feature = "local")))]
const LAMBDA_ONLY: &str =
    "this release build serves only Lambda (it has no local server and no subcommands); \
    run a debug build (`cargo run`), or enable gatewright's `local` feature";

/// Runs an API to completion on a single-threaded runtime, logging with `tracing`:
/// `gatewright::main!` calls this, and it is [`Startup::new(api).run()`](Startup::run). An
/// error is printed (and in Lambda reported to the Runtime API) and gives a failing exit code.
///
/// Given a first argument, it runs that subcommand instead and exits: `routes` prints the
/// route table, `openapi` the OpenAPI document, `sam` a SAM template (see the crate docs); any
/// other is an error with exit code 2. Lambda starts the binary with no argument. A release
/// build has the subcommands and the local server only with the `local` feature.
pub fn run<A: Api>(api: A) -> ExitCode {
    Startup::new(api).run()
}

/// How an API starts: state built with `.await` once per cold start, and a hook for when the
/// process is told to stop. [`run`](Startup::run) does everything [`gatewright::run`](run)
/// does (logging, the subcommands, Lambda or the local server) around them.
///
/// ```no_run
/// use std::process::ExitCode;
/// use gatewright::prelude::*;
/// use gatewright::Startup;
///
/// struct Db;
///
/// impl Db {
///     async fn connect(url: &str) -> Result<Db, String> {
///         if url.is_empty() { Err("DATABASE_URL is empty".into()) } else { Ok(Db) }
///     }
/// }
///
/// #[route(GET, "/ping")]
/// fn ping(_db: State<Db>) -> &'static str {
///     "pong"
/// }
///
/// fn main() -> ExitCode {
///     Startup::new(gatewright::api!(ping))
///         .init(|api| async move {
///             let url = std::env::var("DATABASE_URL").unwrap_or_default();
///             Ok::<_, gatewright::Error>(api.with_state(Db::connect(&url).await?))
///         })
///         .run()
/// }
/// ```
///
/// `init` runs once, before the first request (in Lambda: during the function's init phase),
/// and not for the subcommands, which only describe the API. When it fails, the error is
/// logged and, in Lambda, reported to the Runtime API's `/runtime/init/error`, so the console
/// shows it rather than a bare crash. `on_shutdown` (with the `graceful-shutdown` feature)
/// runs when the process gets `SIGTERM` or `SIGINT`; in Lambda it registers an internal
/// extension, which is what makes Lambda send `SIGTERM` before it stops the function (and
/// gives the hook up to 500 ms).
pub struct Startup<A> {
    api: A,
    init: Option<Init<A>>,
    shutdown: Option<Shutdown>,
}

type Init<A> = Box<dyn FnOnce(A) -> BoxFuture<'static, Result<Arc<dyn DynApi>, Error>> + Send>;
/// Sets up the shutdown hook, given whether this is Lambda. Built by `on_shutdown`, so that an
/// API without a hook links none of it.
type Shutdown = Box<dyn FnOnce(bool) -> BoxFuture<'static, Result<(), Error>> + Send>;

impl<A: Api> Startup<A> {
    /// Starts `api` as it is.
    pub fn new(api: A) -> Self {
        Startup {
            api,
            init: None,
            shutdown: None,
        }
    }

    /// Builds what the API needs before it serves (clients, configuration) with `.await`,
    /// and gives back the API to serve, usually `api.with_state(...)`.
    pub fn init<F, Fut, B, E>(mut self, init: F) -> Self
    where
        F: FnOnce(A) -> Fut + Send + 'static,
        Fut: Future<Output = Result<B, E>> + Send + 'static,
        B: Api,
        E: Into<Error>,
    {
        self.init = Some(Box::new(move |api| {
            Box::pin(async move {
                match init(api).await {
                    Ok(api) => Ok(Arc::new(api) as Arc<dyn DynApi>),
                    Err(err) => Err(err.into()),
                }
            })
        }));
        self
    }

    /// Runs `hook` when the process is told to stop (`SIGTERM`, `SIGINT`), then exits. With
    /// gatewright's `graceful-shutdown` feature.
    #[cfg(feature = "graceful-shutdown")]
    pub fn on_shutdown<F, Fut>(mut self, hook: F) -> Self
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.shutdown = Some(Box::new(move |in_lambda| {
            Box::pin(async move {
                if in_lambda {
                    runtime_api::register_shutdown_extension()?;
                }
                runtime_api::on_signal(hook())
            })
        }));
        self
    }

    /// Runs the API to completion, like [`gatewright::run`](run).
    pub fn run(self) -> ExitCode {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        if let Some(code) = subcommand(&self.api, &args) {
            return code;
        }
        let Startup {
            api,
            init,
            shutdown,
        } = self;
        // From here on nothing depends on the API's type: compiled once, in this crate.
        let prepare: BoxFuture<'static, Result<Arc<dyn DynApi>, Error>> = match init {
            Some(init) => init(api),
            None => Box::pin(std::future::ready(Ok(Arc::new(api) as Arc<dyn DynApi>))),
        };
        run_prepared(prepare, shutdown)
    }
}

/// Sets up logging and the async runtime, then starts.
fn run_prepared(
    prepare: BoxFuture<'static, Result<Arc<dyn DynApi>, Error>>,
    shutdown: Option<Shutdown>,
) -> ExitCode {
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
    match runtime.block_on(start(prepare, shutdown)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Initialises, then serves; a failure before serving is an init error.
async fn start(
    prepare: BoxFuture<'static, Result<Arc<dyn DynApi>, Error>>,
    shutdown: Option<Shutdown>,
) -> Result<(), Error> {
    let in_lambda = std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some();
    let prepared = async {
        if in_lambda {
            lambda::check_environment()?;
        }
        if let Some(shutdown) = shutdown {
            shutdown(in_lambda).await?;
        }
        prepare.await
    }
    .await;
    match prepared {
        Ok(api) => serve_dyn(api).await,
        Err(err) => {
            tracing::error!("the API could not start: {err}");
            let address = std::env::var("AWS_LAMBDA_RUNTIME_API").unwrap_or_default();
            if in_lambda && lambda::valid_runtime_api(&address) {
                if let Err(report) = runtime_api::report_init_error(&err.to_string()) {
                    tracing::error!("the init error could not be reported to Lambda: {report}");
                }
            }
            Err(err)
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
