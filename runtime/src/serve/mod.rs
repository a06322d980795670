//! Stage 6: serving an API. `start` picks the mode from the environment: the Lambda loop
//! (`lambda`, through the official `lambda_runtime`), the local HTTP server (`local`) or a
//! subcommand (`cli`); `logging` writes one line per request; `testing` sends requests through
//! the same per-request path without a server. Start-up, shutdown and the server's limits
//! belong here.

// Linked only where `start` uses them: debug builds, or the `local` feature.
#[cfg_attr(not(any(debug_assertions, feature = "local")), allow(dead_code))]
mod cli;
mod lambda;
#[cfg_attr(not(any(debug_assertions, feature = "local")), allow(dead_code))]
mod local;
#[cfg_attr(not(any(debug_assertions, feature = "local")), allow(dead_code))]
mod local_env;
mod logging;
mod runtime_api;
mod start;
pub mod testing;

pub use local::{BODY_READ_TIMEOUT, HEADER_READ_TIMEOUT, IDLE_TIMEOUT, MAX_BODY};
pub use local_env::{CLAIMS_ENV, IAM_CALLER_ENV, SCOPES_ENV, STAGE_VARIABLES_ENV};
pub use start::{run, serve, Startup};
