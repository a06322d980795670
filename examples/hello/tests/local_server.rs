//! The example binary as a local HTTP server, spoken to over real TCP. Debug builds have the
//! local server, release builds with the `local` feature too; otherwise a release build is the
//! Lambda function alone (`release_build.rs`).
#![cfg(any(debug_assertions, feature = "local"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The server, its port, and the lines it has logged so far.
struct Server(Child, u16, Arc<Mutex<Vec<String>>>);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    fn log(&self) -> Vec<String> {
        self.2.lock().unwrap().clone()
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
    start_with(Command::new(env!("CARGO_BIN_EXE_hello")))
}

/// Starts the example server with `command`, which runs the example binary.
fn start_with(mut command: Command) -> Server {
    let port = free_port();
    let mut child = command
        .env("PORT", port.to_string())
        .env("GATEWRIGHT_STAGE_VARIABLES", "stageVarName=local-value")
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .env_remove("AWS_LAMBDA_LOG_FORMAT")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let collected = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            collected.lock().unwrap().push(line);
        }
    });
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child, port, log)
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

/// The CPU time (user and system, in clock ticks) the process has used.
#[cfg(target_os = "linux")]
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name in parentheses: state, ppid, ... utime (14th) and stime (15th).
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn out_of_descriptors_the_server_waits_rather_than_spins_then_serves_again() {
    // At most 64 descriptors: some fifty connections, and `accept` fails after that.
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(r#"ulimit -n 64 && exec "$0""#)
        .arg(env!("CARGO_BIN_EXE_hello"));
    let server = start_with(command);
    let accept_fails = |log: &[String]| {
        log.iter()
            .filter(|line| line.contains("cannot accept connections"))
            .count()
    };

    // More connections than the server can take: the rest wait in the listener's queue.
    let mut held = Vec::new();
    for _ in 0..150 {
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], server.1));
        match TcpStream::connect_timeout(&address, Duration::from_millis(500)) {
            Ok(stream) => held.push(stream),
            Err(_) => break,
        }
    }
    let started = Instant::now();
    while accept_fails(&server.log()) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "accept never failed with {} connections open: {:?}",
            held.len(),
            server.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let lines_before = server.log().len();
    let ticks_before = cpu_ticks(server.0.id());
    std::thread::sleep(Duration::from_secs(2));
    let ticks = cpu_ticks(server.0.id()) - ticks_before;
    let log = server.log();
    let logged = &log[lines_before..];
    // A spinning accept loop would use the whole 2 s: some 200 ticks.
    assert!(ticks <= 20, "{ticks} ticks of CPU time in 2 s");
    assert!(logged.len() <= 2, "the log grew by {logged:?}");

    drop(held);
    let started = Instant::now();
    loop {
        let (status, _) = send(
            &server,
            b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        if status == "HTTP/1.1 200 OK" {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not served again: {status:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = server.log();
    assert!(
        log.iter()
            .any(|line| line.contains("accepting connections again")),
        "{log:?}"
    );
}
