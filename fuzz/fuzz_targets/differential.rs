//! gatewright's reader against serde_json's, on any bytes:
//!
//! - gatewright reads the bytes as an event only when serde_json reads them as a JSON object,
//!   and then exactly when the rules of the front doors make that object an HTTP event
//!   (`gatewright_fuzz::reading`);
//! - every value it reads (the source, the method, the headers it lists, each header, query
//!   value and stage variable by name, the path segments where they come straight from
//!   `path`/`rawPath`, the body) equals serde_json's reading, in which a repeated key keeps
//!   its last value.

#![no_main]

use gatewright::{Context, Request};
use gatewright_fuzz::reading::{self, answer, Answer, Expected, Refused};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The names looked up in every event, beside the keys it has.
const NAMES: &[&str] = &["host", "cookie", "name", "stageVarName", ""];

fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(2000) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.into_owned(),
    }
}

fn check(what: &str, name: &str, expected: &Expected, got: &Answer, bytes: &[u8]) {
    assert!(
        expected.admits(got),
        "{what}({name:?}): gatewright read {got:?}, serde_json reads {expected:?}\nevent: {}",
        shown(bytes)
    );
}

fuzz_target!(|bytes: &[u8]| {
    let context = Context::default();
    let request = Request::from_event(bytes, &context);
    let event = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(event)) => event,
        refused => {
            if let Ok(request) = &request {
                panic!(
                    "gatewright read an event that serde_json does not read as an object ({}); method {:?}\nevent: {}",
                    match refused {
                        Err(err) => err.to_string(),
                        Ok(_) => "not an object".to_owned(),
                    },
                    request.method(),
                    shown(bytes)
                );
            }
            return;
        }
    };
    let request = match (reading::read(&event), request) {
        (None, Err(_)) => return,
        (None, Ok(request)) => panic!(
            "gatewright read as an HTTP event (method {:?}, {:?}) an object that is not one\nevent: {}",
            request.method(),
            request.event().source(),
            shown(bytes)
        ),
        (Some(_), Err(rejection)) => panic!(
            "gatewright refused an HTTP event that serde_json reads: {}\nevent: {}",
            rejection.body(),
            shown(bytes)
        ),
        (Some(reading), Ok(request)) => (reading, request),
    };
    let (reading, request) = request;

    assert_eq!(
        request.event().source(),
        reading.source,
        "source\nevent: {}",
        shown(bytes)
    );
    assert_eq!(
        request.method().as_str(),
        reading.method,
        "method\nevent: {}",
        shown(bytes)
    );

    let listed = request.headers().map_err(|_| Refused).map(|entries| {
        let mut entries: Vec<(String, String)> = entries
            .into_iter()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        entries.sort();
        entries
    });
    assert_eq!(
        listed,
        reading.headers(),
        "headers(): gatewright, then serde_json\nevent: {}",
        shown(bytes)
    );

    let mut names: Vec<String> = NAMES.iter().map(|name| name.to_string()).collect();
    names.extend(reading.names());
    names.truncate(256);
    for name in &names {
        check(
            "header",
            name,
            &reading.header(name),
            &answer(request.header(name)),
            bytes,
        );
        check(
            "query",
            name,
            &reading.query(name),
            &answer(request.query(name)),
            bytes,
        );
        check(
            "stage_variable",
            name,
            &reading.stage_variable(name),
            &answer(request.stage_variable(name)),
            bytes,
        );
    }

    if let Some(expected) = reading.path_segments() {
        let got = match request.bad_path() {
            Some(segment) => Err(segment.to_owned()),
            None => Ok(request.segments().iter().map(|s| s.to_string()).collect()),
        };
        assert_eq!(
            got,
            expected,
            "segments: gatewright, then serde_json\nevent: {}",
            shown(bytes)
        );
    }

    let body = request
        .body()
        .map(|body| body.into_owned())
        .map_err(|_| Refused);
    assert_eq!(
        body,
        reading.body(),
        "body: gatewright, then serde_json\nevent: {}",
        shown(bytes)
    );
});
