//! The checks the `event` and `mutate` targets make of any bytes: served, they get a proxy
//! response that is a JSON object with a `statusCode`; read as a request, every accessor
//! answers (a value or a rejection) without panicking.

use std::sync::OnceLock;

use gatewright::layers::DynApi;
use gatewright::{Context, Request, Values};
use serde_json::Value;

/// The names every lookup is tried with, beside those found in the event.
const NAMES: &[&str] = &[
    "host",
    "Host",
    "cookie",
    "content-type",
    "authorization",
    "origin",
    "x-api-key",
    "name",
    "page",
    "tag",
    "stageVarName",
    "",
    "a b",
    "é",
];

/// Lookups per accessor at most, so that an event with thousands of keys stays fast.
const MAX_NAMES: usize = 64;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
    })
}

fn apis() -> &'static [Box<dyn DynApi>; 2] {
    static APIS: OnceLock<[Box<dyn DynApi>; 2]> = OnceLock::new();
    APIS.get_or_init(|| {
        [
            Box::new(crate::api::bare()),
            Box::new(crate::api::layered()),
        ]
    })
}

fn context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let mut context = Context::default();
        context.request_id = "fuzz-request".to_owned();
        context
    })
}

/// Serves `bytes` with both APIs and checks each answer.
pub fn serve(bytes: &[u8]) {
    let [bare, layered] = apis();
    let answer = runtime().block_on(bare.handle_event(bytes, context()));
    check_answer(&answer, true);
    let answer = runtime().block_on(layered.handle_event(bytes, context()));
    check_answer(&answer, false);
}

/// A proxy response: a JSON object with a numeric `statusCode`. From the API without a
/// catcher, an error's body (when it has one) is JSON with an `error` message: gatewright's
/// own rejections, and the guard's and the group middleware's refusals, written the same way.
fn check_answer(answer: &[u8], bare: bool) {
    let response: Value = serde_json::from_slice(answer).unwrap_or_else(|err| {
        panic!(
            "the answer is not JSON ({err}): {}",
            String::from_utf8_lossy(answer)
        )
    });
    let status = response
        .get("statusCode")
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("the answer has no numeric `statusCode`: {response}"));
    assert!((100..1000).contains(&status), "{response}");
    if bare && status >= 400 && response["isBase64Encoded"] != Value::Bool(true) {
        let body = response["body"].as_str().unwrap_or("");
        if !body.is_empty() {
            let body: Value = serde_json::from_str(body)
                .unwrap_or_else(|err| panic!("an error body is not JSON ({err}): {response}"));
            assert!(body["error"].is_string(), "{response}");
        }
    }
}

/// Reads `bytes` as a request and calls every accessor.
pub fn read(bytes: &[u8]) {
    let Ok(request) = Request::from_event(bytes, context()) else {
        return;
    };
    let _ = request.method();
    let _ = request.bad_path();
    let _ = request.segments();
    let _ = request.body();
    let _ = request.request_context();
    let listed = request.headers();
    let mut names: Vec<String> = NAMES.iter().map(|name| name.to_string()).collect();
    if let Ok(headers) = &listed {
        names.extend(headers.iter().map(|(name, _)| name.to_string()));
    }
    names.extend(names_in(bytes));
    names.truncate(MAX_NAMES * 3);
    for name in &names {
        for values in [
            request.header(name),
            request.query(name),
            request.stage_variable(name),
        ]
        .into_iter()
        .flatten()
        {
            let _ = values.last();
            if let Values::Many(values) = values {
                assert!(values.len() > 1);
            }
        }
    }
}

/// The keys of the event's maps, when serde_json can read it.
fn names_in(bytes: &[u8]) -> Vec<String> {
    let Ok(Value::Object(event)) = serde_json::from_slice::<Value>(bytes) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for map in [
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "stageVariables",
        "pathParameters",
    ] {
        if let Some(Value::Object(map)) = event.get(map) {
            names.extend(map.keys().take(MAX_NAMES).cloned());
        }
    }
    if let Some(Value::String(query)) = event.get("rawQueryString") {
        names.extend(
            query
                .split('&')
                .take(MAX_NAMES)
                .map(|pair| pair.split('=').next().unwrap_or("").to_owned()),
        );
    }
    names
}
