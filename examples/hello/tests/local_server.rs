//! The example binary as a local HTTP server, spoken to over real TCP. Debug builds have the
//! local server, release builds with the `local` feature too; otherwise a release build is the
//! Lambda function alone (`release_build.rs`).
#![cfg(any(debug_assertions, feature = "local"))]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
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
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_hello"))
        .env("PORT", port.to_string())
        .env("GATEWRIGHT_STAGE_VARIABLES", "stageVarName=local-value")
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child, port)
}

/// Sends raw HTTP/1.1 and returns the status line and body.
fn send(server: &Server, request: &[u8]) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.1)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.lines().next().unwrap_or("").to_owned();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serves_http_through_the_router() {
    let server = start();
    let (status, body) = send(
        &server,
        b"GET /hello/bob?greeting=Hi HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        (status.as_str(), body.as_str()),
        ("HTTP/1.1 200 OK", "Hi, bob!")
    );
    let (_, body) = send(
        &server,
        b"GET /stage HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(body, r#"{"stageVarName":"local-value"}"#);
    let (status, _) = send(
        &server,
        b"GET /hello?name=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, "HTTP/1.1 400 Bad Request");
    let (status, body) = send(
        &server,
        b"PATCH /a/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc",
    );
    assert_eq!(
        (status.as_str(), body.as_str()),
        ("HTTP/1.1 200 OK", r#"{"method":"PATCH","proxy":"a/b"}"#)
    );
}

#[test]
fn an_oversized_body_is_a_413_and_the_server_goes_on() {
    let server = start();
    let size = gatewright::MAX_BODY + 1;
    let mut request = format!(
        "POST /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {size}\r\n\r\n"
    )
    .into_bytes();
    request.resize(request.len() + size, b'x');
    let (status, body) = send(&server, &request);
    assert_eq!(status, "HTTP/1.1 413 Payload Too Large", "{body}");
    let (status, _) = send(
        &server,
        b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let output = Command::new(env!("CARGO_BIN_EXE_hello"))
        .env("PORT", port.to_string())
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("127.0.0.1:{port} is already in use")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
