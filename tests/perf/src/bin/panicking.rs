//! An API with a handler that panics, for the fault table of `tests/perf/reliability.sh`:
//! `GET /panic` panics; `GET /hello/<name>` answers as in `examples/hello`, so the event after
//! the panic shows whether the process went on serving.

use gatewright::prelude::*;

#[route(GET, "/hello/<name>")]
async fn hello_name(name: String, #[query] greeting: Option<String>) -> String {
    format!("{}, {name}!", greeting.as_deref().unwrap_or("Hello"))
}

#[route(GET, "/panic")]
fn panics() -> String {
    panic!("this handler always panics")
}

gatewright::main!(hello_name, panics);
