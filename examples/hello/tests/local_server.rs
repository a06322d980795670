//! The example binary as a local HTTP server, spoken to over real TCP, by clients that behave
//! and by clients that try to wedge it (silent, slow, out of descriptors). Debug builds have the
//! local server, release builds with the `local` feature too; otherwise a release build is the
//! Lambda function alone (`release_build.rs`).
#![cfg(any(debug_assertions, feature = "local"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gatewright::{BODY_READ_TIMEOUT, HEADER_READ_TIMEOUT, IDLE_TIMEOUT};

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

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", server.1)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

/// Reads one response (its body by `content-length`) and returns the status line and body.
fn read_response(stream: &mut TcpStream) -> (String, String) {
    let mut received = Vec::new();
    let mut byte = [0u8];
    while !received.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap() == 0 {
            break;
        }
        received.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&received).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).unwrap();
    let status = head.lines().next().unwrap_or("").to_owned();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Waits until the server closes `stream`, and says when it did.
fn closed_at(stream: &mut TcpStream, limit: Duration) -> Instant {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut buffer = [0u8; 64];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return Instant::now(),
            Ok(_) => continue,
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => return Instant::now(),
            Err(err) => panic!("the server did not close the connection within {limit:?}: {err}"),
        }
    }
}

/// A request on a connection of its own, answered at once.
fn assert_served(server: &Server) {
    let started = Instant::now();
    let (status, body) = send(
        server,
        b"GET /hello/ann HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        (status.as_str(), body.as_str()),
        ("HTTP/1.1 200 OK", "Hello, ann!")
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered in {:?}",
        started.elapsed()
    );
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

/// A timer that fired `at`, measured from `from`, is within a second of `timeout` (later, on a
/// busy machine, by up to five).
fn assert_after(what: &str, from: Instant, at: Instant, timeout: Duration) {
    let after = at - from;
    assert!(
        after + Duration::from_secs(1) >= timeout && after <= timeout + Duration::from_secs(5),
        "{what} after {after:?}, not {timeout:?}"
    );
}

#[test]
fn idle_connections_are_closed_and_others_served_meanwhile() {
    let server = start();
    let opened = Instant::now();
    let mut silent = connect(&server);
    let mut kept_alive = connect(&server);
    kept_alive
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (status, body) = read_response(&mut kept_alive);
    assert_eq!(
        (status.as_str(), body.as_str()),
        ("HTTP/1.1 200 OK", "Hello, world!")
    );
    let answered = Instant::now();
    assert_served(&server);

    let limit = IDLE_TIMEOUT + Duration::from_secs(10);
    let silent_closed = closed_at(&mut silent, limit);
    assert_after(
        "a connection that sent nothing was closed",
        opened,
        silent_closed,
        IDLE_TIMEOUT,
    );
    let kept_alive_closed = closed_at(&mut kept_alive, limit);
    assert_after(
        "a kept-alive connection was closed",
        answered,
        kept_alive_closed,
        IDLE_TIMEOUT,
    );
    assert_served(&server);
}

#[test]
fn a_slowloris_client_is_cut_off_while_others_are_served() {
    let server = start();
    let mut slow = connect(&server);
    // Long enough that, a byte every 200 ms, it would take a minute.
    let request = format!(
        "GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: {}\r\n\r\n",
        "z".repeat(300)
    );
    let started = Instant::now();
    let mut served = 0;
    let mut cut_off = None;
    for (sent, byte) in request.bytes().enumerate() {
        // Once the server has closed it, the first write is refused with a reset, or the
        // one after it.
        if slow.write_all(&[byte]).is_err() {
            cut_off = Some(Instant::now());
            break;
        }
        if sent % 5 == 0 {
            assert_served(&server);
            served += 1;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let cut_off = cut_off.expect("the slow client was never cut off");
    // Cut off by the header timeout (the idle timeout ends with its first byte), within the
    // 400 ms it takes two writes to notice.
    assert_after(
        "the slow client was cut off",
        started,
        cut_off - Duration::from_millis(400),
        HEADER_READ_TIMEOUT,
    );
    assert!(served >= 5, "{served} requests served meanwhile");
    assert_served(&server);
}

#[test]
fn a_body_that_never_arrives_is_a_408_and_others_are_served_meanwhile() {
    let server = start();
    let mut stream = connect(&server);
    stream
        .write_all(b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly this")
        .unwrap();
    let sent = Instant::now();
    assert_served(&server);
    let (status, body) = read_response(&mut stream);
    assert_after(
        "the body timed out",
        sent,
        Instant::now(),
        BODY_READ_TIMEOUT,
    );
    assert_eq!(status, "HTTP/1.1 408 Request Timeout");
    assert_eq!(
        body,
        format!(
            r#"{{"error":"invalid body","reason":"the body did not arrive within {} s"}}"#,
            BODY_READ_TIMEOUT.as_secs()
        )
    );
    closed_at(&mut stream, Duration::from_secs(5));
    assert_served(&server);
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
