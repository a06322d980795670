//! The notes binary as a local HTTP server, spoken to over real TCP on 127.0.0.1, and stopped
//! with `SIGINT` as Ctrl-C would. Debug builds have the local server, release builds with the
//! `local` feature too.
#![cfg(any(debug_assertions, feature = "local"))]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one thing may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// The origin `NOTES_CORS_ORIGINS` allows.
const FRONT_END: &str = "http://127.0.0.1:9";

/// The running binary; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stdout: Option<JoinHandle<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start() -> Server {
    start_with(&[])
}

/// The server, with these variables set too.
fn start_with(envs: &[(&str, &str)]) -> Server {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_notes"))
        .envs(envs.iter().copied())
        .env("PORT", port.to_string())
        .env("NOTES_TOKENS", "alice-token=alice")
        .env("NOTES_CORS_ORIGINS", FRONT_END)
        .env_remove("NOTES_STORE")
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Read as it comes, so that the pipe never fills; the thread ends when the process does.
    let mut pipe = child.stdout.take().unwrap();
    let stdout = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let mut server = Server {
        child,
        port,
        stdout: Some(stdout),
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = server.child.try_wait().unwrap() {
            panic!("the server exited with {status}");
        }
        assert!(started.elapsed() < PATIENCE, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

/// A response read off the wire.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.body))
    }
}

/// Sends one HTTP/1.1 request (`Connection: close`) and reads the whole response.
fn send(server: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);

    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("the server answers and closes the connection");
    let text = String::from_utf8(response).expect("a UTF-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete response");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.strip_prefix("HTTP/1.1 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {head}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Sends `SIGINT`, as Ctrl-C would, and waits for the process to exit; its status and stdout.
fn interrupt(mut server: Server) -> (ExitStatus, String) {
    let killed = Command::new("kill")
        .arg("-INT")
        .arg(server.child.id().to_string())
        .status()
        .expect("`kill` runs");
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = server.stdout.take().unwrap().join().unwrap();
    (status, stdout)
}

#[test]
fn serves_the_notes_over_http() {
    let server = start();

    let health = send(&server, "GET", "/health", &[], "");
    assert_eq!(health.status, 200, "{}", health.body);
    assert_eq!(health.json(), json!({ "status": "ok" }));
    assert!(health.header("server-timing").is_some());
    assert_eq!(health.header("cache-control"), None);

    let refused = send(&server, "GET", "/v1/notes", &[], "");
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert_eq!(
        refused.header("www-authenticate"),
        Some("Bearer realm=\"notes\"")
    );
    assert_eq!(refused.json()["error"]["status"], 401);

    let auth = ("Authorization", "Bearer alice-token");
    let json = ("Content-Type", "application/json");
    let created = send(
        &server,
        "POST",
        "/v1/notes",
        &[auth, json],
        r#"{"text":"over HTTP"}"#,
    );
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("location"), Some("/v1/notes/1"));
    assert_eq!(created.header("cache-control"), Some("no-store"));
    let note = json!({ "id": 1, "owner": "alice", "text": "over HTTP" });
    assert_eq!(created.json(), note);

    let read = send(&server, "GET", "/v1/notes/1", &[auth], "");
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.json(), note);

    let bad_id = send(&server, "GET", "/v1/notes/abc", &[auth], "");
    assert_eq!(bad_id.status, 400, "{}", bad_id.body);
    assert_eq!(bad_id.json()["error"]["details"]["parameter"], "id");

    let deleted = send(&server, "DELETE", "/v1/notes/1", &[auth], "");
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(send(&server, "GET", "/v1/notes/1", &[auth], "").status, 404);
}

#[test]
fn answers_preflights_for_the_origins_of_notes_cors_origins() {
    let server = start();
    let preflight = send(
        &server,
        "OPTIONS",
        "/v1/notes/1",
        &[
            ("Origin", FRONT_END),
            ("Access-Control-Request-Method", "PUT"),
            (
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ),
        ],
        "",
    );
    assert_eq!(preflight.status, 204, "{}", preflight.body);
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        Some("GET, HEAD, PUT, DELETE")
    );
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(FRONT_END)
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap_or_default();
    assert!(allowed.contains("authorization"), "{allowed}");

    let other = send(
        &server,
        "OPTIONS",
        "/v1/notes/1",
        &[
            ("Origin", "http://127.0.0.1:8"),
            ("Access-Control-Request-Method", "PUT"),
        ],
        "",
    );
    assert_eq!(other.status, 403, "{}", other.body);
    assert_eq!(other.header("access-control-allow-origin"), None);
}

#[test]
fn sigint_runs_the_shutdown_hook() {
    let server = start();
    assert_eq!(send(&server, "GET", "/health", &[], "").status, 200);
    let (status, stdout) = interrupt(server);
    assert_eq!(status.code(), Some(0), "{status}: {stdout}");
    assert!(stdout.contains("notes: shutting down"), "stdout: {stdout}");
}

#[test]
fn gatewright_claims_stand_in_for_the_authorizer() {
    let server = start_with(&[(
        gatewright::CLAIMS_ENV,
        r#"{"sub":"0d1e","cognito:username":"carol"}"#,
    )]);
    let json = ("Content-Type", "application/json");
    // No token: the claims say who is calling, as API Gateway's authorizer would.
    let created = send(&server, "POST", "/v1/notes", &[json], r#"{"text":"mine"}"#);
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.json()["owner"], "carol");
    let listed = send(&server, "GET", "/v1/notes", &[], "");
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.json()[0]["text"], "mine");
}
