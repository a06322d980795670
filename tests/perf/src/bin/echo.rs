//! The peer for the cold-start, size and memory comparison (`tests/perf/coldstart.sh`): the
//! smallest `lambda_runtime` function, which answers each event with the event itself. It runs
//! on a current-thread tokio runtime with every driver enabled, as `gatewright::run` does.

use lambda_runtime::{service_fn, Error, LambdaEvent};

fn main() -> Result<(), Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(lambda_runtime::run(service_fn(
            |event: LambdaEvent<serde_json::Value>| async { Ok::<_, Error>(event.payload) },
        )))
}
