//! The calls to Lambda's Runtime and Extensions APIs that `lambda_runtime` doesn't make for
//! us: reporting an initialisation error, and registering the internal extension that makes
//! Lambda send `SIGTERM` before it shuts the function down.
//!
//! Plain blocking HTTP/1.1 over a loopback connection, written here: each is one small
//! request made at most once, and an HTTP client would put some 30 KB into every binary.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use lambda_runtime::Error;

/// What the extension is called; internal extension names are unique within a function.
#[cfg(feature = "graceful-shutdown")]
const EXTENSION_NAME: &str = "gatewright-graceful-shutdown";

/// `AWS_LAMBDA_RUNTIME_API` as an address to connect to and a path prefix: `host:port` in
/// Lambda, `http://host:port/prefix` under some emulators.
fn endpoint() -> Result<(String, String), Error> {
    let address = std::env::var("AWS_LAMBDA_RUNTIME_API")?;
    let uri: http::Uri = if address.contains("://") {
        address.parse()?
    } else {
        format!("http://{address}").parse()?
    };
    let authority = uri
        .authority()
        .ok_or("`AWS_LAMBDA_RUNTIME_API` has no host")?;
    let port = authority.port_u16().unwrap_or(80);
    let prefix = uri.path().trim_end_matches('/').to_owned();
    Ok((format!("{}:{port}", authority.host()), prefix))
}

/// The status and headers of a response.
struct Head {
    status: u16,
    #[cfg_attr(not(feature = "graceful-shutdown"), allow(dead_code))]
    headers: Vec<(String, String)>,
}

/// Sends one request and reads the head of its response, blocking: each call is made once,
/// before the function serves, or on a thread of its own. The connection is returned for a
/// caller that waits for more.
fn send(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(Head, TcpStream), Error> {
    let (address, prefix) = endpoint()?;
    let mut stream = TcpStream::connect(&address)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut request = format!(
        "{method} {prefix}{path} HTTP/1.1\r\nhost: {address}\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(name);
        request.push_str(": ");
        request.push_str(value);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(body)?;
    // The head, a byte at a time: it is short, and what follows it stays in the stream.
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        if stream.read(&mut byte)? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("the Runtime API answered {status_line:?}"))?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Ok((Head { status, headers }, stream))
}

/// Reports that the function failed to start, so Lambda shows `message` instead of a bare
/// crash. Lambda then stops the process; the caller exits too.
pub fn report_init_error(message: &str) -> Result<(), Error> {
    let body = format!(
        "{{\"errorType\":\"gatewright::InitError\",\"errorMessage\":{}}}",
        serde_json::to_string(message)?
    );
    let (head, _) = send(
        "POST",
        "/2018-06-01/runtime/init/error",
        &[
            ("lambda-runtime-function-error-type", "Runtime.InitError"),
            ("content-type", "application/json"),
            ("connection", "close"),
        ],
        body.as_bytes(),
    )?;
    match head.status {
        200..=299 => Ok(()),
        status => Err(format!("the Runtime API answered {status} to the init error").into()),
    }
}

/// Registers an internal extension that subscribes to no events, which is what makes Lambda
/// send `SIGTERM` (and wait up to 500 ms) before shutting down; then keeps its `next` call
/// open, as an extension must, on a task of its own.
#[cfg(feature = "graceful-shutdown")]
pub fn register_shutdown_extension() -> Result<(), Error> {
    let (head, _) = send(
        "POST",
        "/2020-01-01/extension/register",
        &[
            ("lambda-extension-name", EXTENSION_NAME),
            ("content-type", "application/json"),
            ("connection", "close"),
        ],
        br#"{"events":[]}"#,
    )?;
    if head.status != 200 {
        return Err(format!(
            "the Extensions API answered {} to the registration of `{EXTENSION_NAME}`",
            head.status
        )
        .into());
    }
    let id = head
        .headers
        .into_iter()
        .find(|(name, _)| name == "lambda-extension-identifier")
        .map(|(_, value)| value)
        .ok_or("the Extensions API gave no `Lambda-Extension-Identifier`")?;
    std::thread::spawn(move || {
        // With no events subscribed, `next` is answered only at shutdown, by which time the
        // signal handler runs; an error here changes nothing for the function.
        let headers = [("lambda-extension-identifier", id.as_str())];
        if let Ok((_, mut stream)) = send("GET", "/2020-01-01/extension/event/next", &headers, b"")
        {
            let _ = stream.set_read_timeout(None);
            let _ = stream.read_to_end(&mut Vec::new());
        }
    });
    Ok(())
}

/// Runs `hook` when the process gets `SIGTERM` (from Lambda, or anyone) or `SIGINT` (Ctrl-C
/// locally), then exits.
#[cfg(feature = "graceful-shutdown")]
pub fn on_signal<F>(hook: F) -> Result<(), Error>
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        tokio::spawn(async move {
            let name = tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = interrupt.recv() => "SIGINT",
            };
            tracing::info!("{name}: running the shutdown hook");
            hook.await;
            tracing::info!("shut down");
            std::process::exit(0);
        });
    }
    #[cfg(not(unix))]
    {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                hook.await;
                std::process::exit(0);
            }
        });
    }
    Ok(())
}
