//! Helpers for gatewright's integration tests, and the README's examples as doctests.

use gatewright::{Api, Context};
use serde_json::Value;

/// The routes of `examples/hello`, compiled into the tests as they are into the example.
#[path = "../../examples/hello/src/routes.rs"]
pub mod hello;

/// The router of `examples/hello`.
pub fn hello_api() -> impl Api {
    gatewright::api!(
        hello::hello,
        hello::hello_name,
        hello::user,
        hello::stage,
        hello::proxy
    )
}

/// The folder of the events written by others, `tests/fixtures`.
pub fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The bytes of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The body of a proxy response parsed as JSON; `name` says which case failed.
pub fn body_json(name: &str, response: &Value) -> Value {
    let body = response["body"]
        .as_str()
        .unwrap_or_else(|| panic!("{name}: a text body"));
    serde_json::from_str(body).unwrap_or_else(|err| panic!("{name}: {err}: {body}"))
}

/// Serves one event's bytes with `api` and returns the proxy response as JSON.
pub fn invoke<A: Api>(api: &A, event: &[u8]) -> Value {
    let mut context = Context::default();
    context.request_id = "test-request".to_owned();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let bytes = runtime.block_on(api.handle_event(event, &context));
    serde_json::from_slice(&bytes).expect("the response is JSON")
}

/// A REST API proxy event for `method` and `path` (no `resource`, so the router reads `path`),
/// with `extra` fields merged in.
pub fn event(method: &str, path: &str, extra: Value) -> Vec<u8> {
    let mut event = serde_json::json!({ "httpMethod": method, "path": path });
    if let (Value::Object(event), Value::Object(extra)) = (&mut event, extra) {
        event.extend(extra);
    }
    serde_json::to_vec(&event).expect("JSON")
}

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
