//! The same program as a local HTTP server, for `cargo run` (debug builds, or the `local`
//! feature).
//!
//! Each HTTP request becomes a REST API proxy event (stage `local`, no `resource`, so the
//! router reads the percent-encoded `path`), goes through the same parsing and router as in
//! Lambda, and its response goes back as HTTP.
//!
//! When connections can't be accepted (no file descriptors left), the accept loop pauses,
//! longer each time up to a second, rather than spin.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::TokioIo;
use lambda_runtime::{Context, Error};
use tokio::net::TcpListener;
use tokio::time::Instant;
use tracing::Instrument as _;

use crate::event::synthetic::{self, Parts};
use crate::event::EventSource;
use crate::request::Request;
use crate::response::{Body, IntoResponse, Rejection, Response};
use crate::router::erased::DynApi;

/// The largest body Lambda accepts in a synchronous invocation.
pub const MAX_BODY: usize = 6 * 1024 * 1024;

/// The environment variable that sets the local server's stage variables, as
/// `name=value,name=value`.
pub const STAGE_VARIABLES_ENV: &str = "GATEWRIGHT_STAGE_VARIABLES";

/// The first pause after `accept` fails for want of a resource (file descriptors, memory),
/// doubled with each failure in a row up to [`ACCEPT_BACKOFF_MAX`]: short, so that a moment's
/// shortage costs new clients little.
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(10);

/// The longest pause between two attempts to accept while they keep failing. The connections
/// that can't be accepted stay queued and keep the listener ready, so retrying at once would
/// spin; once a second costs nothing, and the server accepts again within a second of
/// descriptors being freed.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Serves HTTP on `addr` until the process is stopped; when connections can't be accepted
/// (no file descriptors left), it pauses and retries, serving those it has meanwhile.
pub async fn serve(api: Arc<dyn DynApi>, addr: SocketAddr) -> Result<(), Error> {
    let listener = TcpListener::bind(addr).await.map_err(|err| match err.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("{addr} is already in use; stop the other server or choose another port with PORT=...")
        }
        _ => format!("cannot listen on {addr}: {err}"),
    })?;
    let stage_variables = Arc::new(stage_variables_from_env()?);
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
        let stage_variables = stage_variables.clone();
        let counter = counter.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let api = api.clone();
                let stage_variables = stage_variables.clone();
                let id = counter.fetch_add(1, Ordering::Relaxed);
                async move {
                    Ok::<_, Infallible>(answer(&*api, request, peer, &stage_variables, id).await)
                }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection closed with an error");
            }
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

fn stage_variables_from_env() -> Result<Vec<(String, String)>, Error> {
    let mut variables = Vec::new();
    let Ok(spec) = std::env::var(STAGE_VARIABLES_ENV) else {
        return Ok(variables);
    };
    for pair in spec.split(',').filter(|pair| !pair.trim().is_empty()) {
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            format!("`{STAGE_VARIABLES_ENV}` must be `name=value,name=value`, but has {pair:?}")
        })?;
        variables.push((name.trim().to_owned(), value.to_owned()));
    }
    Ok(variables)
}

async fn answer(
    api: &dyn DynApi,
    request: http::Request<Incoming>,
    peer: SocketAddr,
    stage_variables: &[(String, String)],
    id: u64,
) -> http::Response<Full<Bytes>> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut context = Context::default();
    context.request_id = format!("local-{id}");
    let span = tracing::info_span!("request", requestId = %context.request_id);
    let response = async {
        match to_event(request, peer, stage_variables, &context.request_id).await {
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
    stage_variables: &[(String, String)],
    request_id: &str,
) -> Result<Vec<u8>, Response> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let mut response = Rejection::InvalidBody {
                reason: format!("the body is larger than {MAX_BODY} bytes"),
            }
            .into_response();
            *response.status_mut() = http::StatusCode::PAYLOAD_TOO_LARGE;
            return Err(response);
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
            stage_variables,
            request_id,
            source_ip: &source_ip,
        },
    )
    .map_err(|bad| Rejection::BadQuery { pair: bad.0 }.into_response())?;
    serde_json::to_vec(&event).map_err(|_| Rejection::UnserializableResponse.into_response())
}
