//! The notes binary as a Lambda function, against a stand-in for the Lambda Runtime and
//! Extensions APIs on 127.0.0.1: REST API events in and proxy responses out, a store that
//! cannot open reported as an init error, and `SIGTERM` running the shutdown hook.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::HeaderMap;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// How long any one thing may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

/// One call the function made to the stand-in.
#[derive(Debug)]
struct Call {
    method: String,
    path: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Call {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("{} sent no JSON ({err}): {:?}", self.path, self.body))
    }
}

struct StandIn {
    events: Mutex<VecDeque<(String, Vec<u8>)>>,
    calls: mpsc::UnboundedSender<Call>,
}

/// The Runtime API (`/2018-06-01/runtime/...`) and the Extensions API
/// (`/2020-01-01/extension/...`), as far as the function uses them; every call is recorded.
async fn stand_in(
    state: Arc<StandIn>,
    request: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|body| body.to_bytes().to_vec())
        .unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let _ = state.calls.send(Call {
        method: parts.method.to_string(),
        path: path.clone(),
        headers: parts.headers,
        body,
    });
    let reply = hyper::Response::builder();
    match path.as_str() {
        "/2018-06-01/runtime/invocation/next" => loop {
            let next = state.events.lock().unwrap().pop_front();
            if let Some((id, event)) = next {
                return reply
                    .header("lambda-runtime-aws-request-id", id)
                    .header("lambda-runtime-deadline-ms", "4102444800000")
                    .header(
                        "lambda-runtime-invoked-function-arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:notes",
                    )
                    .body(Full::new(Bytes::from(event)))
                    .unwrap();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        },
        "/2020-01-01/extension/register" => reply
            .status(200)
            .header("lambda-extension-identifier", "test-id")
            .body(Full::new(Bytes::from_static(
                br#"{"functionName":"notes","functionVersion":"1","handler":"bootstrap"}"#,
            )))
            .unwrap(),
        // With no events subscribed, Lambda answers this only at shutdown.
        "/2020-01-01/extension/event/next" => std::future::pending().await,
        _ => reply.status(202).body(Full::new(Bytes::new())).unwrap(),
    }
}

/// The binary, started against the stand-in.
struct Function {
    child: Child,
    calls: mpsc::UnboundedReceiver<Call>,
    seen: Vec<Call>,
    server: JoinHandle<()>,
}

impl Drop for Function {
    fn drop(&mut self) {
        self.server.abort();
        let _ = self.child.start_kill();
    }
}

impl Function {
    /// Starts the stand-in with `events` (ids `req-0`, `req-1`, ...) and the binary against
    /// it, with the environment Lambda gives and `env` on top.
    async fn start(events: Vec<Value>, env: &[(&str, &str)]) -> Function {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (sender, calls) = mpsc::unbounded_channel();
        let state = Arc::new(StandIn {
            events: Mutex::new(
                events
                    .iter()
                    .enumerate()
                    .map(|(i, event)| (format!("req-{i}"), serde_json::to_vec(event).unwrap()))
                    .collect(),
            ),
            calls: sender,
        });
        let server = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = state.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(stand_in(state, request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        let mut command = Command::new(env!("CARGO_BIN_EXE_notes"));
        command
            .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
            .env("AWS_LAMBDA_FUNCTION_NAME", "notes")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("NOTES_TOKENS", "alice-token=alice,bob-token=bob")
            .env_remove("NOTES_STORE")
            .env_remove("NOTES_CORS_ORIGINS")
            .env_remove("PORT")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for (name, value) in env {
            command.env(name, value);
        }
        Function {
            child: command.spawn().expect("the notes binary starts"),
            calls,
            seen: Vec::new(),
            server,
        }
    }

    /// Waits for the `n`th call (from 1) to a path that ends with `path`; every call is kept.
    async fn nth_call_to(&mut self, path: &str, n: usize) -> &Call {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let mut matching = self.seen.iter().enumerate();
            if let Some((index, _)) = matching
                .by_ref()
                .filter(|(_, call)| call.path.ends_with(path))
                .nth(n - 1)
            {
                return &self.seen[index];
            }
            match tokio::time::timeout_at(deadline, self.calls.recv()).await {
                Ok(Some(call)) => self.seen.push(call),
                _ => panic!(
                    "no call {n} to {path} within {PATIENCE:?}; calls: {:?}",
                    self.paths()
                ),
            }
        }
    }

    /// Waits for the first call to a path that ends with `path`.
    async fn call_to(&mut self, path: &str) -> &Call {
        self.nth_call_to(path, 1).await
    }

    /// The response the function posted for invocation `id`.
    async fn response(&mut self, id: &str) -> Value {
        let call = self
            .call_to(&format!("/runtime/invocation/{id}/response"))
            .await;
        assert_eq!(call.method, "POST");
        call.json()
    }

    /// Every call seen so far, and any still queued.
    fn paths(&mut self) -> Vec<String> {
        while let Ok(call) = self.calls.try_recv() {
            self.seen.push(call);
        }
        self.seen.iter().map(|call| call.path.clone()).collect()
    }

    /// Waits for the process to exit; its status, stdout and stderr.
    async fn exit(&mut self) -> (std::process::ExitStatus, String, String) {
        let status = tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("the function exits in time")
            .unwrap();
        let mut stdout = String::new();
        let mut stderr = String::new();
        use tokio::io::AsyncReadExt as _;
        if let Some(mut out) = self.child.stdout.take() {
            let _ = tokio::time::timeout(PATIENCE, out.read_to_string(&mut stdout)).await;
        }
        if let Some(mut err) = self.child.stderr.take() {
            let _ = tokio::time::timeout(PATIENCE, err.read_to_string(&mut stderr)).await;
        }
        (status, stdout, stderr)
    }
}

/// A REST API proxy event for `/{proxy+}` on stage `prod`, as API Gateway sends it.
fn rest_event(method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> Value {
    let mut headers = json!({
        "Accept": "application/json",
        "Host": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
        "User-Agent": "curl/8.5.0",
        "X-Amzn-Trace-Id": "Root=1-65a1b2c3-0123456789abcdef01234567",
        "X-Forwarded-For": "192.0.2.10",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https"
    });
    if let Some(token) = token {
        headers["Authorization"] = json!(format!("Bearer {token}"));
    }
    if body.is_some() {
        headers["Content-Type"] = json!("application/json");
    }
    let multi: serde_json::Map<String, Value> = headers
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, value)| (name.clone(), json!([value])))
        .collect();
    json!({
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": multi,
        "queryStringParameters": null,
        "multiValueQueryStringParameters": null,
        "pathParameters": { "proxy": path.trim_start_matches('/') },
        "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "a1b2c3d4e5",
            "domainName": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
            "httpMethod": method,
            "identity": { "sourceIp": "192.0.2.10", "userAgent": "curl/8.5.0" },
            "path": format!("/prod{path}"),
            "protocol": "HTTP/1.1",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "requestTimeEpoch": 1_705_000_000_000u64,
            "resourceId": "abc123",
            "resourcePath": "/{proxy+}",
            "stage": "prod"
        },
        "body": body,
        "isBase64Encoded": false
    })
}

/// A header of a REST API proxy response, from `headers` or `multiValueHeaders`.
fn header<'v>(response: &'v Value, name: &str) -> Option<&'v str> {
    let find = |map: &'v Value| {
        map.as_object()?
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    };
    match find(&response["headers"]) {
        Some(value) => value.as_str(),
        None => find(&response["multiValueHeaders"])?
            .as_array()?
            .last()?
            .as_str(),
    }
}

fn body(response: &Value) -> Value {
    let text = response["body"]
        .as_str()
        .unwrap_or_else(|| panic!("no body: {response}"));
    serde_json::from_str(text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
}

#[tokio::test(flavor = "current_thread")]
async fn serves_rest_api_events() {
    let events = vec![
        rest_event("GET", "/health", None, None),
        rest_event("GET", "/v1/notes", None, None),
        rest_event("GET", "/v1/notes", Some("stolen-token"), None),
        rest_event(
            "POST",
            "/v1/notes",
            Some("alice-token"),
            Some(r#"{"text":"from Lambda"}"#),
        ),
        rest_event("GET", "/v1/notes/1", Some("alice-token"), None),
        rest_event("GET", "/v1/notes/1", Some("bob-token"), None),
        rest_event("GET", "/v1/notes/abc", Some("alice-token"), None),
        rest_event("GET", "/v1/notes", Some("alice-token"), None),
    ];
    let mut function = Function::start(events, &[]).await;

    let health = function.response("req-0").await;
    assert_eq!(health["statusCode"], 200, "{health}");
    assert_eq!(body(&health), json!({ "status": "ok" }));
    assert!(header(&health, "server-timing").is_some(), "{health}");

    for id in ["req-1", "req-2"] {
        let refused = function.response(id).await;
        assert_eq!(refused["statusCode"], 401, "{id}: {refused}");
        assert_eq!(
            header(&refused, "www-authenticate"),
            Some("Bearer realm=\"notes\""),
            "{refused}"
        );
        assert_eq!(header(&refused, "cache-control"), Some("no-store"));
        assert_eq!(body(&refused)["error"]["status"], 401);
    }

    let created = function.response("req-3").await;
    assert_eq!(created["statusCode"], 201, "{created}");
    assert_eq!(
        header(&created, "location"),
        Some("/v1/notes/1"),
        "{created}"
    );
    assert_eq!(header(&created, "content-type"), Some("application/json"));
    let note = json!({ "id": 1, "owner": "alice", "text": "from Lambda" });
    assert_eq!(body(&created), note);

    let read = function.response("req-4").await;
    assert_eq!(read["statusCode"], 200, "{read}");
    assert_eq!(body(&read), note);

    let not_bobs = function.response("req-5").await;
    assert_eq!(not_bobs["statusCode"], 404, "{not_bobs}");
    assert_eq!(body(&not_bobs)["error"]["message"], "there is no note 1");

    let bad_id = function.response("req-6").await;
    assert_eq!(bad_id["statusCode"], 400, "{bad_id}");
    assert_eq!(body(&bad_id)["error"]["details"]["parameter"], "id");

    let listed = function.response("req-7").await;
    assert_eq!(body(&listed), json!([note]));

    // Still serving: asking for a ninth event, not exited.
    function.nth_call_to("/runtime/invocation/next", 9).await;
    assert!(
        function.child.try_wait().unwrap().is_none(),
        "the function exited instead of waiting for the next event"
    );
    let paths = function.paths();
    assert!(
        !paths.iter().any(|path| path.ends_with("/error")),
        "no invocation failed: {paths:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_store_that_cannot_open_is_an_init_error() {
    let events = vec![rest_event("GET", "/health", None, None)];
    let mut function = Function::start(events, &[("NOTES_STORE", "bogus")]).await;

    let report = function.call_to("/2018-06-01/runtime/init/error").await;
    assert_eq!(report.method, "POST");
    assert_eq!(
        report.header("lambda-runtime-function-error-type"),
        Some("Runtime.InitError")
    );
    let error = report.json();
    let message = error["errorMessage"].as_str().unwrap_or_default();
    assert!(
        message.contains("NOTES_STORE") && message.contains("bogus"),
        "{error}"
    );
    assert!(error["errorType"].is_string(), "{error}");

    let (status, _, stderr) = function.exit().await;
    assert!(!status.success(), "{status}: {stderr}");
    assert!(stderr.contains("NOTES_STORE"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let paths = function.paths();
    assert!(
        !paths.iter().any(|path| path.ends_with("/invocation/next")),
        "it asked for an event after failing to start: {paths:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn sigterm_runs_the_shutdown_hook() {
    let events = vec![rest_event("GET", "/health", None, None)];
    let mut function = Function::start(events, &[]).await;

    let register = function.call_to("/2020-01-01/extension/register").await;
    assert_eq!(register.method, "POST");
    assert_eq!(
        register.header("lambda-extension-name"),
        Some("gatewright-graceful-shutdown")
    );
    let subscribed = register.json();
    assert_eq!(subscribed["events"], json!([]), "{subscribed}");

    let next = function.call_to("/2020-01-01/extension/event/next").await;
    assert_eq!(next.method, "GET");
    assert_eq!(next.header("lambda-extension-identifier"), Some("test-id"));

    let health = function.response("req-0").await;
    assert_eq!(health["statusCode"], 200, "{health}");
    function.nth_call_to("/runtime/invocation/next", 2).await;
    assert!(
        function.child.try_wait().unwrap().is_none(),
        "the function exited before it was told to"
    );

    let pid = function.child.id().expect("the function is running");
    let killed = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .status()
        .expect("`kill` runs");
    assert!(killed.success());

    let (status, stdout, stderr) = function.exit().await;
    assert_eq!(status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("notes: shutting down"),
        "stdout: {stdout}\nstderr: {stderr}"
    );
}
