//! The example binary under the official `lambda_runtime` loop, against a stand-in for the
//! Lambda Runtime API on 127.0.0.1: events in, proxy responses out, bad events answered and
//! the process still serving, and an exit that is an error, not a panic, when the Runtime API
//! says to stop.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// What the function posted back for one invocation.
#[derive(Debug)]
enum Outcome {
    Response(Value),
    Error(String),
}

struct RuntimeApi {
    events: Mutex<VecDeque<(String, Vec<u8>)>>,
    /// The status `/next` answers once the events are all sent; `None` to wait for more.
    then: Option<u16>,
    outcomes: mpsc::UnboundedSender<(String, Outcome)>,
}

async fn runtime_api(
    state: Arc<RuntimeApi>,
    request: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let path = request.uri().path().to_owned();
    let body = request
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    if path.ends_with("/invocation/next") {
        loop {
            let next = state.events.lock().unwrap().pop_front();
            if let Some((id, event)) = next {
                return hyper::Response::builder()
                    .header("lambda-runtime-aws-request-id", id)
                    .header("lambda-runtime-deadline-ms", "4102444800000")
                    .header(
                        "lambda-runtime-invoked-function-arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:hello",
                    )
                    .body(Full::new(Bytes::from(event)))
                    .unwrap();
            }
            if let Some(status) = state.then {
                // What Lambda's Runtime API sends when the runtime must exit.
                let error = r#"{"errorMessage":"the execution environment is shutting down","errorType":"ContainerError"}"#;
                return hyper::Response::builder()
                    .status(status)
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from(error)))
                    .unwrap();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let parts: Vec<&str> = path.split('/').collect();
    let outcome = match parts.as_slice() {
        [.., "invocation", id, "response"] => Some((
            id.to_string(),
            Outcome::Response(serde_json::from_slice(&body).expect("the response is JSON")),
        )),
        [.., "invocation", id, "error"] => Some((
            id.to_string(),
            Outcome::Error(String::from_utf8_lossy(&body).into()),
        )),
        _ => Some((
            "init".to_owned(),
            Outcome::Error(format!("{path}: {}", String::from_utf8_lossy(&body))),
        )),
    };
    if let Some(outcome) = outcome {
        let _ = state.outcomes.send(outcome);
    }
    hyper::Response::builder()
        .status(202)
        .body(Full::new(Bytes::new()))
        .unwrap()
}

/// The stand-in Runtime API, serving until it is aborted.
struct StandIn {
    addr: std::net::SocketAddr,
    outcomes: mpsc::UnboundedReceiver<(String, Outcome)>,
    server: tokio::task::JoinHandle<()>,
}

/// Starts the stand-in Runtime API with `events`, then `/next` answering `then`.
async fn stand_in(events: Vec<Vec<u8>>, then: Option<u16>) -> StandIn {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (sender, receiver) = mpsc::unbounded_channel();
    let state = Arc::new(RuntimeApi {
        events: Mutex::new(
            events
                .into_iter()
                .enumerate()
                .map(|(i, e)| (format!("req-{i}"), e))
                .collect(),
        ),
        then,
        outcomes: sender,
    });
    let server = tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let state = state.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let state = state.clone();
                    async move { Ok::<_, Infallible>(runtime_api(state, request).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    StandIn {
        addr,
        outcomes: receiver,
        server,
    }
}

/// The example binary, as Lambda starts it, with `AWS_LAMBDA_RUNTIME_API` set to `address`.
fn function(address: String) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_hello"));
    command
        .env("AWS_LAMBDA_RUNTIME_API", address)
        .env("AWS_LAMBDA_FUNCTION_NAME", "hello")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .kill_on_drop(true);
    command
}

/// Starts the stand-in Runtime API with `events`, runs the binary against it with
/// `AWS_LAMBDA_RUNTIME_API` set to `runtime_api(addr)`, and collects one outcome per event.
async fn run_events(
    events: Vec<Vec<u8>>,
    runtime_api_value: impl Fn(std::net::SocketAddr) -> String,
) -> Vec<(String, Outcome)> {
    let count = events.len();
    let StandIn {
        addr,
        outcomes: mut receiver,
        server,
    } = stand_in(events, None).await;
    let mut child = function(runtime_api_value(addr))
        .spawn()
        .expect("the example binary starts");

    let mut outcomes = Vec::new();
    while outcomes.len() < count {
        match tokio::time::timeout(Duration::from_secs(30), receiver.recv()).await {
            Ok(Some(outcome)) => outcomes.push(outcome),
            _ => break,
        }
    }
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().await.ok();
    server.abort();
    assert!(
        still_running,
        "the function exited instead of waiting for the next event"
    );
    assert_eq!(outcomes.len(), count, "one outcome per event: {outcomes:?}");
    outcomes
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn response(outcome: &(String, Outcome)) -> &Value {
    match &outcome.1 {
        Outcome::Response(value) => value,
        Outcome::Error(error) => panic!("{} failed: {error}", outcome.0),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn serves_events_and_survives_bad_ones() {
    let mut hello_bad_base64: Value = serde_json::from_slice(&fixture("perf/hello.json")).unwrap();
    hello_bad_base64["body"] = json!("%%%");
    hello_bad_base64["isBase64Encoded"] = json!(true);
    hello_bad_base64["httpMethod"] = json!("POST");
    let mut wrong_type: Value = serde_json::from_slice(&fixture("perf/users.json")).unwrap();
    wrong_type["headers"] = json!(["not", "an", "object"]);

    let events = vec![
        fixture("seed.json"),
        fixture("perf/hello.json"),
        b"this is not JSON".to_vec(),
        fixture("perf/users.json"),
        vec![0xff, 0xfe, b'{'],
        serde_json::to_vec(&wrong_type).unwrap(),
        br#"{"version":"2.0","rawPath":"/hello"}"#.to_vec(),
        fixture("perf/proxy.json"),
        fixture("perf/hello_mv.json"),
    ];
    let outcomes = run_events(events, |addr| addr.to_string()).await;
    let ids: Vec<&str> = outcomes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["req-0", "req-1", "req-2", "req-3", "req-4", "req-5", "req-6", "req-7", "req-8"]
    );

    assert_eq!(response(&outcomes[0])["body"], "Hello, me!");
    assert_eq!(response(&outcomes[1])["body"], "Howdy, me!");
    assert_eq!(response(&outcomes[3])["statusCode"], 200);
    assert_eq!(response(&outcomes[7])["statusCode"], 200);
    assert_eq!(response(&outcomes[8])["body"], "Howdy, me!");
    for (index, expected) in [
        (2, "not valid JSON"),
        (4, "not valid JSON"),
        (5, "`headers` is an array"),
        (6, "requestContext.http.method"),
    ] {
        let outcome = response(&outcomes[index]);
        assert_eq!(outcome["statusCode"], 400, "{outcome}");
        let body: Value = serde_json::from_str(outcome["body"].as_str().unwrap()).unwrap();
        assert_eq!(body["error"], "malformed event");
        assert!(
            body["message"].as_str().unwrap().contains(expected),
            "{body}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn runtime_api_address_with_a_scheme_also_works() {
    let outcomes = run_events(vec![fixture("seed.json")], |addr| format!("http://{addr}")).await;
    assert_eq!(response(&outcomes[0])["body"], "Hello, me!");
}

#[test]
fn a_bad_runtime_api_address_is_an_error_not_a_panic() {
    for (name, value) in [
        ("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001/.rt"),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots"),
    ] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_hello"));
        command
            .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
            .env("AWS_LAMBDA_FUNCTION_NAME", "hello")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env(name, value);
        let output = command.output().expect("the example binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: `{name}` is ")),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_error_from_next_ends_the_process_with_an_error_not_a_panic() {
    let mut stand_in = stand_in(vec![fixture("seed.json")], Some(500)).await;
    let child = function(stand_in.addr.to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the example binary starts");
    let output = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("the function exits")
        .unwrap();
    stand_in.server.abort();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);

    // The event before the error was served.
    let served = stand_in.outcomes.try_recv().unwrap();
    assert_eq!(response(&served)["body"], "Hello, me!");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let message = "the Lambda runtime loop stopped: lambda_runtime failed on an answer of the \
        Runtime API (missing lambda-runtime-aws-request-id header)";
    assert!(stderr.starts_with(&format!("error: {message}")), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains(message), "logged: {stdout}");
}
