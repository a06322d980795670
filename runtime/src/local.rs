//! The same binary as a local HTTP server, for `cargo run`.
//!
//! Each HTTP request becomes a REST API proxy event (stage `local`, no `resource`, so the
//! router reads the percent-encoded `path`), goes through the same parsing and router as in
//! Lambda, and its response goes back as HTTP.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use base64::Engine as _;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::TokioIo;
use lambda_runtime::{tracing, Context, Error};
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;

use crate::api::Api;
use crate::path::percent_decode;
use crate::rejection::Rejection;
use crate::request::Request;
use crate::response::{Body, IntoResponse, Response};

/// The largest body Lambda accepts in a synchronous invocation.
pub const MAX_BODY: usize = 6 * 1024 * 1024;

/// The environment variable that sets the local server's stage variables, as
/// `name=value,name=value`.
pub const STAGE_VARIABLES_ENV: &str = "GATEWRIGHT_STAGE_VARIABLES";

/// Serves HTTP on `addr` until the process is stopped.
pub async fn serve<A: Api>(api: A, addr: SocketAddr) -> Result<(), Error> {
    let listener = TcpListener::bind(addr).await.map_err(|err| match err.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("{addr} is already in use; stop the other server or choose another port with PORT=...")
        }
        _ => format!("cannot listen on {addr}: {err}"),
    })?;
    let stage_variables = Arc::new(stage_variables_from_env()?);
    tracing::info!("serving on http://{addr} (stage `local`)");
    let api = Arc::new(api);
    let counter = Arc::new(AtomicU64::new(0));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(err) => {
                tracing::warn!(error = %err, "accept failed");
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

fn stage_variables_from_env() -> Result<Map<String, Value>, Error> {
    let mut variables = Map::new();
    let Ok(spec) = std::env::var(STAGE_VARIABLES_ENV) else {
        return Ok(variables);
    };
    for pair in spec.split(',').filter(|pair| !pair.trim().is_empty()) {
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            format!("`{STAGE_VARIABLES_ENV}` must be `name=value,name=value`, but has {pair:?}")
        })?;
        variables.insert(name.trim().to_owned(), Value::String(value.to_owned()));
    }
    Ok(variables)
}

async fn answer<A: Api>(
    api: &A,
    request: http::Request<Incoming>,
    peer: SocketAddr,
    stage_variables: &Map<String, Value>,
    id: u64,
) -> http::Response<Full<Bytes>> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut context = Context::default();
    context.request_id = format!("local-{id}");
    let response = match to_event(request, peer, stage_variables, &context.request_id).await {
        Ok(event) => match Request::from_event(&event, &context) {
            Ok(request) => api.serve(&request).await,
            Err(rejection) => rejection.into_response(),
        },
        Err(response) => response,
    };
    tracing::info!(
        request_id = %context.request_id,
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
    stage_variables: &Map<String, Value>,
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

    let mut headers = Map::new();
    let mut multi_headers: Map<String, Value> = Map::new();
    for (name, value) in &parts.headers {
        let value = Value::String(String::from_utf8_lossy(value.as_bytes()).into_owned());
        headers.insert(name.as_str().to_owned(), value.clone());
        match multi_headers
            .entry(name.as_str())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(values) => values.push(value),
            _ => unreachable!("every entry is an array"),
        }
    }

    let mut query = Map::new();
    let mut multi_query: Map<String, Value> = Map::new();
    for pair in parts
        .uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(name), Some(value)) = (decode_query(name), decode_query(value)) else {
            return Err(Rejection::BadQuery {
                pair: pair.to_owned(),
            }
            .into_response());
        };
        query.insert(name.clone(), Value::String(value.clone()));
        match multi_query
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(values) => values.push(Value::String(value)),
            _ => unreachable!("every entry is an array"),
        }
    }

    let (body, is_base64) = match std::str::from_utf8(&body) {
        _ if body.is_empty() => (Value::Null, false),
        Ok(text) => (Value::String(text.to_owned()), false),
        Err(_) => (
            Value::String(base64::engine::general_purpose::STANDARD.encode(&body)),
            true,
        ),
    };
    let nonempty = |map: Map<String, Value>| {
        if map.is_empty() {
            Value::Null
        } else {
            Value::Object(map)
        }
    };
    let event = json!({
        "httpMethod": parts.method.as_str(),
        "path": parts.uri.path(),
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": nonempty(query),
        "multiValueQueryStringParameters": nonempty(multi_query),
        "stageVariables": nonempty(stage_variables.clone()),
        "requestContext": {
            "requestId": request_id,
            "stage": "local",
            "path": parts.uri.path(),
            "httpMethod": parts.method.as_str(),
            "identity": { "sourceIp": peer.ip().to_string() },
        },
        "body": body,
        "isBase64Encoded": is_base64,
    });
    Ok(serde_json::to_vec(&event).expect("a JSON value always serializes"))
}

/// Decodes a query string component: `+` is a space, then `%XX` escapes.
fn decode_query(component: &str) -> Option<String> {
    let spaced = component.replace('+', " ");
    percent_decode(&spaced).map(|decoded| decoded.into_owned())
}
