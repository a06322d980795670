//! A client for testing an API in unit tests: build a request, get the response, no server.
//!
//! Each request goes through the whole per-request path: it becomes the event its front door
//! would send, the API serves the event's bytes, and the response is read back from the JSON
//! the front door would receive.
//!
//! ```
//! use gatewright::prelude::*;
//! use gatewright::testing::TestClient;
//! use gatewright::EventSource;
//!
//! #[route(GET, "/hello/<name>")]
//! fn hello(name: String, #[query] greeting: Option<String>) -> String {
//!     format!("{}, {name}!", greeting.as_deref().unwrap_or("Hello"))
//! }
//!
//! let client = TestClient::new(gatewright::api!(hello));
//! let response = client.get("/hello/bob?greeting=Hi").send();
//! assert_eq!(response.status(), StatusCode::OK);
//! assert_eq!(response.text(), "Hi, bob!");
//!
//! let client = client.source(EventSource::HttpApiV2);
//! assert_eq!(client.get("/hello/ann").header("x-trace", "1").send().text(), "Hello, ann!");
//! ```

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use base64::Engine as _;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method, StatusCode};
use lambda_runtime::Context;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::event::synthetic::{self, Identity, Parts};
use crate::event::EventSource;
use crate::router::Api;

/// Sends requests to an API; see the [module docs](self).
pub struct TestClient<A> {
    api: A,
    source: EventSource,
    stage: String,
    stage_variables: Vec<(String, String)>,
    /// For `send`, made on first use: a client used with `.await` in an async test never
    /// makes one (a runtime can't be started, or dropped, inside another).
    runtime: std::sync::OnceLock<tokio::runtime::Runtime>,
}

impl<A: Api> TestClient<A> {
    /// A client sending REST API events, stage `test`.
    pub fn new(api: A) -> Self {
        TestClient {
            api,
            source: EventSource::RestApi,
            stage: "test".to_owned(),
            stage_variables: Vec::new(),
            runtime: std::sync::OnceLock::new(),
        }
    }

    /// Sends events of this source from now on.
    pub fn source(mut self, source: EventSource) -> Self {
        self.source = source;
        self
    }

    /// Sets a stage variable.
    pub fn stage_variable(mut self, name: &str, value: &str) -> Self {
        self.stage_variables
            .push((name.to_owned(), value.to_owned()));
        self
    }

    /// The API under test.
    pub fn api(&self) -> &A {
        &self.api
    }

    /// A request with any method; `uri` is a path with an optional query, percent-encoded.
    pub fn request(&self, method: Method, uri: &str) -> TestRequest<'_, A> {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        TestRequest {
            client: self,
            method,
            path: path.to_owned(),
            query: query.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            identity: Identity::default(),
        }
    }

    /// A `GET` request.
    pub fn get(&self, uri: &str) -> TestRequest<'_, A> {
        self.request(Method::GET, uri)
    }

    /// A `POST` request.
    pub fn post(&self, uri: &str) -> TestRequest<'_, A> {
        self.request(Method::POST, uri)
    }

    /// A `PUT` request.
    pub fn put(&self, uri: &str) -> TestRequest<'_, A> {
        self.request(Method::PUT, uri)
    }

    /// A `PATCH` request.
    pub fn patch(&self, uri: &str) -> TestRequest<'_, A> {
        self.request(Method::PATCH, uri)
    }

    /// A `DELETE` request.
    pub fn delete(&self, uri: &str) -> TestRequest<'_, A> {
        self.request(Method::DELETE, uri)
    }

    /// A `HEAD` request.
    pub fn head(&self, uri: &str) -> TestRequest<'_, A> {
        self.request(Method::HEAD, uri)
    }

    /// Serves raw event bytes, for events the builder can't make (malformed ones, AWS's own).
    ///
    /// Not inside an async runtime (such as a `#[tokio::test]`): `.await`
    /// [`serve_event`](Self::serve_event) there.
    pub fn send_event(&self, event: &[u8]) -> TestResponse {
        if tokio::runtime::Handle::try_current().is_ok() {
            panic!("`send` and `send_event` block, which an async runtime can't do: in an async test, `.await` the request instead (`client.get(\"/\").await`) or use `serve_event(..).await`");
        }
        let runtime = self.runtime.get_or_init(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a single-threaded runtime can always be built")
        });
        runtime.block_on(self.serve_event(event))
    }

    /// Serves raw event bytes, for async tests.
    pub async fn serve_event(&self, event: &[u8]) -> TestResponse {
        let mut context = Context::default();
        context.request_id = "test-request".to_owned();
        let bytes = self.api.handle_event(event, &context).await;
        TestResponse::read(&bytes, Value::Null)
    }
}

/// A request being built; [`send`](Self::send) serves it.
pub struct TestRequest<'c, A> {
    client: &'c TestClient<A>,
    method: Method,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    identity: Identity,
}

impl<A: Api> TestRequest<'_, A> {
    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds a query parameter, encoding it.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(&encode(name));
        self.query.push('=');
        self.query.push_str(&encode(value));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Says the caller was identified by a Cognito user pool (REST API, HTTP API 1.0) or a JWT
    /// authorizer (HTTP API 2.0) with these claims (a JSON object), as API Gateway passes
    /// them: every value a string, an array as `[a b]`. Function URLs (IAM only) and load
    /// balancers have no such authorizer, so there [`Claims`](crate::Claims) stays a `401`.
    pub fn claims(mut self, claims: Value) -> Self {
        self.identity.claims = Some(object(claims, "claims"));
        self
    }

    /// The scopes of the caller's token, beside its claims (see [`claims`](Self::claims)).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.identity.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Says a Lambda authorizer let the caller in with this context (a JSON object): a REST
    /// API gets its values as strings beside a `principalId`, an HTTP API 2.0 as they are in
    /// `authorizer.lambda`.
    pub fn lambda_authorizer(mut self, context: Value) -> Self {
        self.identity.lambda = Some(object(context, "the Lambda authorizer's context"));
        self
    }

    /// Says the request was signed by this IAM identity (an ARN such as
    /// `arn:aws:iam::123456789012:user/ann`): `identity` in a REST API event,
    /// `authorizer.iam` in an HTTP API 2.0 or Function URL event.
    pub fn iam_caller(mut self, arn: &str) -> Self {
        self.identity.iam_arn = Some(arn.to_owned());
        self
    }

    /// Sets a JSON body and its content type.
    pub fn json<T: Serialize>(self, value: &T) -> Self {
        let body = serde_json::to_vec(value).expect("test values serialize");
        self.header("content-type", "application/json").body(body)
    }

    /// Serves the request and reads the response. In an async test, `.await` the request
    /// instead.
    pub fn send(self) -> TestResponse {
        let (event, bytes) = self.event();
        let mut response = self.client.send_event(&bytes);
        response.event = event;
        response
    }

    /// The event the front door would send, as JSON and as bytes.
    fn event(&self) -> (Value, Vec<u8>) {
        let client = self.client;
        let parts = Parts {
            method: self.method.as_str(),
            path: &self.path,
            query: &self.query,
            headers: &self.headers,
            body: &self.body,
            stage: &client.stage,
            stage_variables: &client.stage_variables,
            request_id: "test-request",
            source_ip: "127.0.0.1",
            identity: &self.identity,
        };
        let event = match synthetic::event(client.source, &parts) {
            Ok(event) => event,
            Err(bad) => panic!("the test request's query has a bad escape: {}", bad.0),
        };
        let bytes = serde_json::to_vec(&event).expect("events serialize");
        (event, bytes)
    }
}

/// `client.get("/").await` in an async test (`#[tokio::test]`): the request served on the
/// test's own runtime.
impl<'c, A: Api> IntoFuture for TestRequest<'c, A> {
    type Output = TestResponse;
    type IntoFuture = Pin<Box<dyn Future<Output = TestResponse> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (event, bytes) = self.event();
            let mut response = self.client.serve_event(&bytes).await;
            response.event = event;
            response
        })
    }
}

fn object(value: Value, what: &str) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("{what} must be a JSON object, not {other}"),
    }
}

fn encode(component: &str) -> String {
    let mut out = String::with_capacity(component.len());
    for byte in component.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A response as the front door received it.
#[derive(Debug)]
pub struct TestResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    /// The proxy response JSON, as sent to the front door.
    pub raw: Value,
    /// The event that was served (`null` for [`TestClient::send_event`]).
    pub event: Value,
}

impl TestResponse {
    fn read(bytes: &[u8], event: Value) -> Self {
        let raw: Value = serde_json::from_slice(bytes).expect("the API answers JSON");
        let status = raw["statusCode"]
            .as_u64()
            .and_then(|code| StatusCode::from_u16(code as u16).ok());
        let mut headers = HeaderMap::new();
        let mut add = |name: &str, value: &Value| {
            if let (Ok(name), Some(Ok(value))) = (
                HeaderName::from_bytes(name.as_bytes()),
                value.as_str().map(HeaderValue::from_str),
            ) {
                headers.append(name, value);
            }
        };
        if let Some(multi) = raw["multiValueHeaders"].as_object() {
            for (name, values) in multi {
                values
                    .as_array()
                    .into_iter()
                    .flatten()
                    .for_each(|value| add(name, value));
            }
        } else if let Some(single) = raw["headers"].as_object() {
            single.iter().for_each(|(name, value)| add(name, value));
        }
        for cookie in raw["cookies"].as_array().into_iter().flatten() {
            add("set-cookie", cookie);
        }
        let text = raw["body"].as_str().unwrap_or("");
        let body = if raw["isBase64Encoded"] == Value::Bool(true) {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .expect("a base64 body")
        } else {
            text.as_bytes().to_vec()
        };
        TestResponse {
            status: status.expect("a status code"),
            headers,
            body,
            raw,
            event,
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers (for payload 2.0, `cookies` as `set-cookie`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The last value of a header, as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get_all(name)
            .iter()
            .next_back()
            .and_then(|value| value.to_str().ok())
    }

    /// The body's bytes, base64-decoded if it was sent encoded.
    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("the body is not that JSON ({err}): {}", self.text()))
    }
}
