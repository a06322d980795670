//! The three implementations of the example API measured side by side, each taking the bytes
//! of one API Gateway REST proxy event to the bytes of its proxy response, and the events.
//!
//! All three run on the same trivial executor, [`block_on`], so the comparison is the work each
//! one does per event and nothing else. `github` holds the route-lookup comparison.
//!
//! Shared by `benches/events.rs` and `benches/routes.rs` (criterion) and `benches/one.rs` (one
//! case N times, for callgrind).

// Each bench target uses part of it.
#![allow(dead_code)]

use std::future::Future;
use std::task::{Context as TaskContext, Poll, Waker};

use gatewright::{Api, Context};

pub mod github;
pub mod layered;

/// The peer's routes, shared with `tests/perf/lambda_http_axum` (`coldstart.sh`).
#[path = "../../src/axum_routes.rs"]
mod axum_routes;

/// Every criterion bench's settings: short runs, so the whole suite takes about two minutes.
/// (`benches/one.rs` has no criterion, hence the path instead of an import.)
pub fn config() -> criterion::Criterion {
    criterion::Criterion::default()
        .measurement_time(std::time::Duration::from_secs(3))
        .warm_up_time(std::time::Duration::from_secs(1))
        .sample_size(30)
}

/// Reading `github-routes.txt`, shared with `build.rs`.
#[path = "../../src/table.rs"]
pub mod table;

/// The events of `tests/fixtures/perf`, by name.
pub const CASES: [(&str, &[u8]); 4] = [
    (
        "hello.json",
        include_bytes!("../../../fixtures/perf/hello.json"),
    ),
    (
        "hello_mv.json",
        include_bytes!("../../../fixtures/perf/hello_mv.json"),
    ),
    (
        "users.json",
        include_bytes!("../../../fixtures/perf/users.json"),
    ),
    (
        "proxy.json",
        include_bytes!("../../../fixtures/perf/proxy.json"),
    ),
];

/// The status and body each case must answer, whichever implementation serves it.
pub const EXPECTED: [(&str, u16, &str); 4] = [
    ("hello.json", 200, "Howdy, me!"),
    ("hello_mv.json", 200, "Howdy, me!"),
    ("users.json", 200, r#"{"id":42}"#),
    (
        "proxy.json",
        200,
        r#"{"method":"GET","proxy":"test/hello"}"#,
    ),
];

/// Polls `future` to completion with a no-op waker. Every implementation here finishes without
/// waiting on I/O, so one poll is enough; a `Pending` is a bug in the benchmark.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = TaskContext::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the future waited; the benchmark executor cannot wake it"),
    }
}

/// The implementations, in the order reports list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impl {
    Gatewright,
    LambdaHttpAxum,
    HandMatched,
}

impl Impl {
    pub const ALL: [Impl; 3] = [Impl::Gatewright, Impl::LambdaHttpAxum, Impl::HandMatched];

    /// The name used in benchmark ids and on the command line of `benches/one.rs`.
    pub fn name(self) -> &'static str {
        match self {
            Impl::Gatewright => "gatewright",
            Impl::LambdaHttpAxum => "lambda_http+axum",
            Impl::HandMatched => "lambda_runtime+hand",
        }
    }
}

/// Every implementation, built once.
pub struct Servers<A> {
    pub gatewright: gw::Server<A>,
    pub lambda_http: lh::Server,
    pub hand: hand::Server,
}

impl Servers<()> {
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> Servers<impl Api> {
        Servers {
            gatewright: gw::Server::new(),
            lambda_http: lh::Server::new(),
            hand: hand::Server::new(),
        }
    }
}

impl<A: Api> Servers<A> {
    pub fn handle(&self, which: Impl, event: &[u8]) -> Vec<u8> {
        match which {
            Impl::Gatewright => self.gatewright.handle(event),
            Impl::LambdaHttpAxum => self.lambda_http.handle(event),
            Impl::HandMatched => self.hand.handle(event),
        }
    }

    /// Panics unless every implementation answers every case with the expected status and
    /// body, so that no benchmark ever times a wrong answer.
    pub fn check(&self) {
        for ((name, event), (expected_name, status, body)) in CASES.iter().zip(EXPECTED) {
            assert_eq!(*name, expected_name);
            for which in Impl::ALL {
                let response = self.handle(which, event);
                let response: serde_json::Value =
                    serde_json::from_slice(&response).unwrap_or_else(|err| {
                        panic!("{} answered {name} with invalid JSON: {err}", which.name())
                    });
                assert_eq!(
                    (response["statusCode"].as_u64(), response["body"].as_str()),
                    (Some(u64::from(status)), Some(body)),
                    "{} answered {name} with {response}",
                    which.name(),
                );
                assert_ne!(
                    response["isBase64Encoded"],
                    serde_json::Value::Bool(true),
                    "{} answered {name} in base64",
                    which.name()
                );
            }
        }
    }
}

/// The routes of `examples/hello`, compiled in as the example and the tests do.
#[path = "../../../../examples/hello/src/routes.rs"]
pub mod routes;

/// gatewright: `api!` over the routes of `examples/hello`, served by `Api::handle_event`.
pub mod gw {
    use super::*;

    pub struct Server<A> {
        api: A,
        context: Context,
    }

    impl Server<()> {
        #[allow(clippy::new_ret_no_self)]
        pub fn new() -> Server<impl Api> {
            let api = gatewright::api!(
                routes::hello,
                routes::hello_name,
                routes::user,
                routes::stage,
                routes::proxy
            );
            Server {
                api,
                context: Context::default(),
            }
        }
    }

    impl<A: Api> Server<A> {
        /// `Api::handle_event`: the whole per-request path of the Lambda binary.
        pub fn handle(&self, event: &[u8]) -> Vec<u8> {
            block_on(self.api.handle_event(event, &self.context))
        }
    }
}

/// `lambda_http` 1.x with an `axum` 0.8 router, fed the event the way `lambda_http::run` is:
/// `lambda_runtime` deserializes the bytes into `LambdaRequest` (through `serde_path_to_error`),
/// `lambda_http::Adapter` turns it into an `http::Request`, calls the router, and turns the
/// `axum` response into the API Gateway response, which `lambda_runtime` serializes.
pub mod lh {
    use super::*;

    use axum::Router;
    use lambda_http::request::LambdaRequest;
    use lambda_http::{Adapter, LambdaEvent};
    use tower::ServiceExt;

    pub struct Server {
        router: Router,
        context: Context,
    }

    impl Server {
        pub fn new() -> Self {
            // The events carry the stage (`test`) in `requestContext` but not in `path`, as
            // API Gateway sends them: without this, `lambda_http` prefixes `/test` to the path
            // and every event would fall through to the proxy route.
            std::env::set_var("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true");
            let router = super::axum_routes::router();
            Server {
                router,
                context: Context::default(),
            }
        }

        pub fn handle(&self, event: &[u8]) -> Vec<u8> {
            block_on(async {
                let deserializer = &mut serde_json::Deserializer::from_slice(event);
                let request: LambdaRequest =
                    serde_path_to_error::deserialize(deserializer).expect("a lambda_http request");
                let event = LambdaEvent::new(request, self.context.clone());
                // `Router` is an `Arc` inside: cloning it is what `oneshot` needs.
                let response = Adapter::from(self.router.clone())
                    .oneshot(event)
                    .await
                    .unwrap_or_else(|never| match never {});
                serde_json::to_vec(&response).expect("a serializable response")
            })
        }
    }
}

/// `lambda_runtime` with `aws_lambda_events`, the path and method matched by hand: what a
/// `service_fn(|event: LambdaEvent<ApiGatewayProxyRequest>| ...)` handler does.
pub mod hand {
    use super::*;

    use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayProxyResponse};
    use aws_lambda_events::encodings::Body;
    use aws_lambda_events::query_map::QueryMap;
    use http::header::{HeaderValue, CONTENT_TYPE};
    use http::Method;
    use serde_json::json;

    fn text(status: i64, body: String) -> ApiGatewayProxyResponse {
        respond(status, "text/plain; charset=utf-8", body)
    }

    fn json(status: i64, body: serde_json::Value) -> ApiGatewayProxyResponse {
        respond(status, "application/json", body.to_string())
    }

    fn respond(status: i64, content_type: &'static str, body: String) -> ApiGatewayProxyResponse {
        let mut response = ApiGatewayProxyResponse::default();
        response.status_code = status;
        response
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        response.body = Some(Body::Text(body));
        response
    }

    fn query<'a>(query: &'a QueryMap, name: &str) -> Option<&'a str> {
        query.first(name)
    }

    async fn handler(event: LambdaEvent) -> ApiGatewayProxyResponse {
        let LambdaEvent {
            payload: event,
            context: _,
        } = event;
        let path = event.path.as_deref().unwrap_or("/");
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut segments = path.split('/');
        let segments = (segments.next(), segments.next(), segments.next());
        let get = event.http_method == Method::GET;
        match segments {
            (Some("hello"), None, None) if get => {
                let name = query(&event.query_string_parameters, "name").unwrap_or("world");
                text(200, format!("Hello, {name}!"))
            }
            (Some("hello"), Some(name), None) if get && !name.is_empty() => {
                let greeting = query(&event.query_string_parameters, "greeting").unwrap_or("Hello");
                text(200, format!("{greeting}, {name}!"))
            }
            (Some("users"), Some(id), None) if get => match id.parse::<u64>() {
                Ok(id) => json(200, json!({ "id": id })),
                Err(err) => json(
                    400,
                    json!({ "error": "invalid id", "reason": err.to_string() }),
                ),
            },
            (Some("stage"), None, None) if get => {
                let value = event.stage_variables.get("stageVarName");
                json(200, json!({ "stageVarName": value }))
            }
            (Some(first), _, _) if !first.is_empty() => json(
                200,
                json!({ "method": event.http_method.as_str(), "proxy": path }),
            ),
            _ => json(404, json!({ "error": "not found" })),
        }
    }

    type LambdaEvent = lambda_runtime::LambdaEvent<ApiGatewayProxyRequest>;

    pub struct Server {
        context: Context,
    }

    impl Server {
        pub fn new() -> Self {
            Server {
                context: Context::default(),
            }
        }

        pub fn handle(&self, event: &[u8]) -> Vec<u8> {
            block_on(async {
                let deserializer = &mut serde_json::Deserializer::from_slice(event);
                let request: ApiGatewayProxyRequest =
                    serde_path_to_error::deserialize(deserializer)
                        .expect("an API Gateway proxy request");
                let event = LambdaEvent::new(request, self.context.clone());
                let response = handler(event).await;
                serde_json::to_vec(&response).expect("a serializable response")
            })
        }
    }
}
