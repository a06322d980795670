//! Helpers for gatewright's integration tests, and the README's examples as doctests.

use std::collections::BTreeSet;

use gatewright::{Api, Context, EventSource};
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

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn assert_strings(name: &str, what: &str, values: &Value) {
    let values = values
        .as_array()
        .unwrap_or_else(|| panic!("{name}: {what} is not an array: {values}"));
    assert!(values.iter().all(Value::is_string), "{name}: {what}");
}

/// The proxy response has exactly the fields `source` reads, of the right types; for REST,
/// `headers` holds the last value of each `multiValueHeaders` entry.
pub fn assert_shape(name: &str, source: EventSource, response: &Value) {
    let status = response["statusCode"]
        .as_u64()
        .unwrap_or_else(|| panic!("{name}: statusCode in {response}"));
    assert!((100..600).contains(&status), "{name}: {status}");
    assert!(response["body"].is_string(), "{name}: body");
    assert!(
        response["isBase64Encoded"].is_boolean(),
        "{name}: isBase64Encoded"
    );
    let string_map = |field: &str| {
        let map = response[field]
            .as_object()
            .unwrap_or_else(|| panic!("{name}: {field} in {response}"));
        assert!(map.values().all(Value::is_string), "{name}: {field}");
    };
    let list_map = |field: &str| {
        let map = response[field]
            .as_object()
            .unwrap_or_else(|| panic!("{name}: {field} in {response}"));
        for (header, values) in map {
            assert_strings(name, header, values);
        }
    };
    match source {
        EventSource::RestApi | EventSource::HttpApiV1 => {
            assert_eq!(
                keys(response),
                BTreeSet::from([
                    "statusCode",
                    "headers",
                    "multiValueHeaders",
                    "body",
                    "isBase64Encoded"
                ]),
                "{name}"
            );
            string_map("headers");
            list_map("multiValueHeaders");
            assert_eq!(
                keys(&response["headers"]),
                keys(&response["multiValueHeaders"]),
                "{name}: the same header names"
            );
            for (header, value) in response["headers"].as_object().unwrap() {
                let values = response["multiValueHeaders"][header].as_array().unwrap();
                assert_eq!(values.last(), Some(value), "{name}: {header}");
            }
        }
        EventSource::HttpApiV2 | EventSource::FunctionUrl => {
            assert_eq!(
                keys(response),
                BTreeSet::from([
                    "statusCode",
                    "headers",
                    "cookies",
                    "body",
                    "isBase64Encoded"
                ]),
                "{name}"
            );
            string_map("headers");
            assert_strings(name, "cookies", &response["cookies"]);
            let headers = response["headers"].as_object().unwrap();
            assert!(
                !headers.keys().any(|h| h.eq_ignore_ascii_case("set-cookie")),
                "{name}: Set-Cookie belongs in `cookies`"
            );
        }
        EventSource::Alb {
            multi_value_headers,
        } => {
            let headers = if multi_value_headers {
                "multiValueHeaders"
            } else {
                "headers"
            };
            assert_eq!(
                keys(response),
                BTreeSet::from([
                    "statusCode",
                    "statusDescription",
                    headers,
                    "body",
                    "isBase64Encoded"
                ]),
                "{name}"
            );
            if multi_value_headers {
                list_map(headers);
            } else {
                string_map(headers);
            }
            let code = gatewright::StatusCode::from_u16(status as u16).unwrap();
            assert_eq!(
                response["statusDescription"],
                format!("{status} {}", code.canonical_reason().unwrap()),
                "{name}"
            );
        }
        other => panic!("{name}: unexpected source {other:?}"),
    }
}

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
