// The notes API as a Lambda function, and locally as an HTTP server: `cargo run -p notes`.
//
// Everything the API is lives in the library (`src/lib.rs`), so that tests can serve it too;
// here it is started: the store opened with `.await` once per cold start, and flushed when
// Lambda shuts the function down.

use std::process::ExitCode;

use gatewright::{Api, Startup};

fn main() -> ExitCode {
    Startup::new(notes::api())
        .init(|api| async move {
            let store = notes::Store::open(&notes::Config::from_env()).await?;
            Ok::<_, gatewright::Error>(api.with_state(store))
        })
        .on_shutdown(|| async {
            println!("notes: shutting down");
        })
        .run()
}
