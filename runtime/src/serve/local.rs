//! The same program as a local HTTP server, for `cargo run` (debug builds, or the `local`
//! feature).
//!
//! Each HTTP request becomes a REST API proxy event (stage `local`, no `resource`, so the
//! router reads the percent-encoded `path`), goes through the same parsing and router as in
//! Lambda, and its response goes back as HTTP.
//!
//! No client can wedge it: a connection is closed when it sits idle ([`IDLE_TIMEOUT`]) or
//! its request's head is too slow ([`HEADER_READ_TIMEOUT`]), a body too slow is a `408`
//! ([`BODY_READ_TIMEOUT`]), and when connections can't be accepted (no file descriptors
//! left) the accept loop pauses, longer each time up to a second, rather than spin.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::{TokioIo, TokioTimer};
use lambda_runtime::{Context, Error};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;
use tracing::Instrument as _;

use super::local_env::LocalEnv;
use crate::event::synthetic::{self, Parts};
use crate::event::EventSource;
use crate::request::Request;
use crate::response::{Body, IntoResponse, Rejection, Response};
use crate::router::erased::DynApi;

/// The largest body Lambda accepts in a synchronous invocation.
pub const MAX_BODY: usize = 6 * 1024 * 1024;

/// How long the local server keeps a connection that has no request in progress: from when it
/// is accepted, and from the end of each response on a kept-alive connection. Then it closes
/// it.
///
/// 5 s, the keep-alive timeout of Node.js and Apache: long enough for a client that sends
/// requests one after another (a browser loading a page, a test suite) to reuse its
/// connection, short enough that connections opened and left unused (a browser's preconnects,
/// a stuck tool, a client that sends nothing) don't pile up and hold descriptors. A client
/// that finds its connection closed opens another, which on the same machine is immediate.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long the local server waits for a request's head (request line and headers), counted
/// from when the connection starts waiting for the request; then it closes the connection.
///
/// 10 s, twice [`IDLE_TIMEOUT`]: a client on the same machine sends its head in one write, so
/// a head still incomplete by then comes from a client that stalled, or that sends a byte now
/// and then to hold the connection (slowloris). The idle timeout doesn't stop those: it lets
/// a request whose head has begun to arrive go on. (hyper's own default, 30 s, is meant for
/// slow networks.)
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the local server waits for a request's body once its head has arrived; a body
/// still incomplete then is answered `408 Request Timeout`, and the connection closed.
///
/// 10 s: a client on the same machine sends even the largest body Lambda accepts
/// ([`MAX_BODY`]) in well under a second, so a body missing after 10 s was announced and
/// never sent, or stalled.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The first pause after `accept` fails for want of a resource (file descriptors, memory),
/// doubled with each failure in a row up to [`ACCEPT_BACKOFF_MAX`]: short, so that a moment's
/// shortage costs new clients little.
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(10);

/// The longest pause between two attempts to accept while they keep failing. The connections
/// that can't be accepted stay queued and keep the listener ready, so retrying at once would
/// spin; once a second costs nothing, and the server accepts again within a second of
/// descriptors being freed.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Serves HTTP on `addr` until the process is stopped.
///
/// Each connection is served by a task of its own, limited by [`IDLE_TIMEOUT`],
/// [`HEADER_READ_TIMEOUT`] and [`BODY_READ_TIMEOUT`], so that no client can hold one forever;
/// when connections can't be accepted (no descriptors left), the server pauses and retries,
/// serving those it has meanwhile.
pub async fn serve(api: Arc<dyn DynApi>, addr: SocketAddr) -> Result<(), Error> {
    let listener = TcpListener::bind(addr).await.map_err(|err| match err.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("{addr} is already in use; stop the other server or choose another port with PORT=...")
        }
        _ => format!("cannot listen on {addr}: {err}"),
    })?;
    let settings = Arc::new(LocalEnv::from_env()?);
    tracing::info!("serving on http://{addr} (stage `local`)");
    let counter = Arc::new(AtomicU64::new(0));
    let mut backoff = AcceptBackoff::default();
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => {
                backoff.succeeded();
                accepted
            }
            // The client gave up before it was accepted: the next one may be accepted at once.
            Err(err) if lost_connection(&err) => {
                tracing::debug!(error = %err, "a connection was lost before it was accepted");
                continue;
            }
            Err(err) => {
                backoff.failed(&err).await;
                continue;
            }
        };
        let api = api.clone();
        let settings = settings.clone();
        let counter = counter.clone();
        tokio::spawn(async move {
            let service = move |request| {
                let api = api.clone();
                let settings = settings.clone();
                let id = counter.fetch_add(1, Ordering::Relaxed);
                async move { answer(&*api, request, peer, &settings, id).await }
            };
            serve_connection(stream, service).await;
        });
    }
}

/// Whether a failed `accept` concerns only the connection it would have returned.
fn lost_connection(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

/// The pauses between attempts to accept while they fail, and one log line per run of
/// failures rather than one per attempt.
#[derive(Default)]
struct AcceptBackoff {
    /// The failures in a row, and when the first was.
    failing: Option<(u32, Instant)>,
    delay: Duration,
}

impl AcceptBackoff {
    async fn failed(&mut self, err: &io::Error) {
        match &mut self.failing {
            Some((failures, _)) => {
                *failures += 1;
                self.delay = (self.delay * 2).min(ACCEPT_BACKOFF_MAX);
            }
            None => {
                tracing::warn!(
                    "cannot accept connections: {err}; retrying at most every {ACCEPT_BACKOFF_MAX:?}, serving the open connections meanwhile"
                );
                self.failing = Some((1, Instant::now()));
                self.delay = ACCEPT_BACKOFF_MIN;
            }
        }
        tokio::time::sleep(self.delay).await;
    }

    fn succeeded(&mut self) {
        if let Some((failures, since)) = self.failing.take() {
            tracing::info!(
                "accepting connections again, after {failures} failed attempts in {:.1?}",
                since.elapsed()
            );
        }
    }
}

/// Serves one connection until the client closes it or a timeout does: [`IDLE_TIMEOUT`] with
/// no request in progress, [`HEADER_READ_TIMEOUT`] for a request's head (hyper's timer) and
/// [`BODY_READ_TIMEOUT`] for its body (in [`to_event`]).
async fn serve_connection<S, F>(stream: TcpStream, answer: S)
where
    S: Fn(http::Request<Incoming>) -> F + Send + 'static,
    F: std::future::Future<Output = http::Response<Full<Bytes>>> + Send + 'static,
{
    let activity = Arc::new(Activity::new());
    let service = {
        let activity = activity.clone();
        hyper::service::service_fn(move |request| {
            // Taken when the head has arrived, given back when the response is ready, even if
            // the connection is dropped meanwhile.
            let serving = Activity::begin(&activity);
            let response = answer(request);
            async move {
                let response = response.await;
                drop(serving);
                Ok::<_, Infallible>(response)
            }
        })
    };
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    let result = loop {
        tokio::select! {
            result = connection.as_mut() => break result,
            () = tokio::time::sleep_until(activity.idle_deadline()) => {
                if activity.idle_deadline() <= Instant::now() {
                    // Closes an idle connection at once; one whose next head has begun to
                    // arrive gets until the header timeout, and is closed after its response.
                    connection.as_mut().graceful_shutdown();
                    break connection.as_mut().await;
                }
            }
        }
    };
    match result {
        Ok(()) => {}
        Err(err) if err.is_timeout() => tracing::warn!(
            "closed a connection whose request head did not arrive within {HEADER_READ_TIMEOUT:?}"
        ),
        Err(err) => tracing::debug!(error = %err, "connection closed with an error"),
    }
}

/// Whether a connection is serving a request, and since when it has not been.
struct Activity(Mutex<(usize, Instant)>);

impl Activity {
    fn new() -> Self {
        Activity(Mutex::new((0, Instant::now())))
    }

    fn begin(activity: &Arc<Self>) -> Serving {
        activity.0.lock().unwrap_or_else(PoisonError::into_inner).0 += 1;
        Serving(activity.clone())
    }

    /// When the connection will have been idle for [`IDLE_TIMEOUT`]; while it serves a
    /// request, a whole timeout from now.
    fn idle_deadline(&self) -> Instant {
        let (serving, since) = *self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if serving > 0 {
            Instant::now() + IDLE_TIMEOUT
        } else {
            since + IDLE_TIMEOUT
        }
    }
}

/// A request in progress on a connection.
struct Serving(Arc<Activity>);

impl Drop for Serving {
    fn drop(&mut self) {
        let mut state = self.0 .0.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 -= 1;
        state.1 = Instant::now();
    }
}

async fn answer(
    api: &dyn DynApi,
    request: http::Request<Incoming>,
    peer: SocketAddr,
    settings: &LocalEnv,
    id: u64,
) -> http::Response<Full<Bytes>> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut context = Context::default();
    context.request_id = format!("local-{id}");
    let span = tracing::info_span!("request", requestId = %context.request_id);
    let response = async {
        match to_event(request, peer, settings, &context.request_id).await {
            Ok(event) => match Request::from_event(&event, &context) {
                Ok(request) => api.serve(&request.with_state(api.state())).await,
                Err(rejection) => api.recover(rejection.into_response()),
            },
            Err(response) => api.recover(response),
        }
    }
    .instrument(span.clone())
    .await;
    let _entered = span.enter();
    tracing::info!(
        "{method} {path} {} {:.1?}",
        response.status().as_u16(),
        started.elapsed()
    );
    let (parts, body) = response.into_parts();
    let bytes = match body {
        Body::Empty => Bytes::new(),
        Body::Text(text) => Bytes::from(text.into_owned()),
        Body::Binary(bytes) => Bytes::from(bytes),
    };
    http::Response::from_parts(parts, Full::new(bytes))
}

/// Builds the REST API proxy event API Gateway would send for this request.
async fn to_event(
    request: http::Request<Incoming>,
    peer: SocketAddr,
    settings: &LocalEnv,
    request_id: &str,
) -> Result<Vec<u8>, Response> {
    let (parts, body) = request.into_parts();
    let body = Limited::new(body, MAX_BODY).collect();
    let body = match tokio::time::timeout(BODY_READ_TIMEOUT, body).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(err)) if err.is::<LengthLimitError>() => {
            return Err(body_rejection(Rejection::BodyTooLarge { limit: MAX_BODY }));
        }
        Ok(Err(err)) => {
            let reason = format!("the body could not be read: {err}");
            return Err(body_rejection(Rejection::InvalidBody { reason }));
        }
        Err(_elapsed) => {
            return Err(body_rejection(Rejection::BodyTimeout {
                seconds: BODY_READ_TIMEOUT.as_secs(),
            }));
        }
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let source_ip = peer.ip().to_string();
    let event = synthetic::event(
        EventSource::RestApi,
        &Parts {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: parts.uri.query().unwrap_or(""),
            headers: &headers,
            body: &body,
            stage: "local",
            stage_variables: &settings.stage_variables,
            request_id,
            source_ip: &source_ip,
            identity: &settings.identity,
        },
    )
    .map_err(|bad| Rejection::BadQuery { pair: bad.0 }.into_response())?;
    serde_json::to_vec(&event).map_err(|_| Rejection::UnserializableResponse.into_response())
}

/// The answer to a body that could not be read whole; the rest of the body is not read, so
/// the connection is closed after it.
fn body_rejection(rejection: Rejection) -> Response {
    let mut response = rejection.into_response();
    response.headers_mut().insert(
        http::header::CONNECTION,
        http::HeaderValue::from_static("close"),
    );
    response
}
