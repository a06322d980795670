//! An API: the router and dispatcher that `gatewright::main!` / `gatewright::api!` generate, and
//! the one function that serves an event with it.

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::task::Poll;

use lambda_runtime::Context;

use super::route_info::{Package, RouteInfo};
use super::with_state::WithState;
use crate::event::method::{MethodKind, MethodSet};
use crate::event::{Event, EventSource};
use crate::request::Request;
use crate::response::proxy_response;
use crate::response::{Body, IntoResponse, Rejection, Response};

/// What the router found for a method and a path.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Route number `route` serves the request.
    Found(u16),
    /// Routes match the path, but not the method.
    MethodNotAllowed(MethodSet),
    /// No route matches the path.
    NotFound,
}

/// The routes of one API, compiled into a `match` by `gatewright::main!` or `gatewright::api!`.
///
/// You don't implement this yourself.
pub trait Api: Send + Sync + 'static {
    #[doc(hidden)]
    fn route<S: AsRef<str>>(&self, method: MethodKind, segments: &[S]) -> Match;

    /// Splits `path` (leading `/` and one trailing `/` dropped) into segments on the stack and
    /// routes them; what the router costs on its own, splitting included.
    #[doc(hidden)]
    fn route_path(&self, method: MethodKind, path: &str) -> Match
    where
        Self: Sized,
    {
        const STACK: usize = 16;
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        if path.is_empty() {
            return self.route::<&str>(method, &[]);
        }
        let mut segments = [""; STACK];
        let mut count = 0;
        let mut rest = path;
        // Segments are short: a plain search beats `str::split`'s per-segment set-up.
        loop {
            let end = rest
                .bytes()
                .position(|byte| byte == b'/')
                .unwrap_or(rest.len());
            if count == STACK {
                let all: Vec<&str> = path.split('/').collect();
                return self.route(method, &all);
            }
            segments[count] = &rest[..end];
            count += 1;
            if end == rest.len() {
                break;
            }
            rest = &rest[end + 1..];
        }
        self.route(method, &segments[..count])
    }

    #[doc(hidden)]
    fn call<'r>(
        &'r self,
        route: u16,
        request: &'r Request<'r>,
    ) -> impl Future<Output = Response> + Send + 'r;

    /// The routes as data, in the order `main!`/`api!` lists them: methods, template, handler,
    /// doc comment, arguments and responses (see [`RouteInfo`]). The binary's `routes`,
    /// `openapi` and `sam` subcommands are made from it.
    fn routes(&self) -> &'static [RouteInfo];

    /// The package the API was compiled in, from Cargo's environment.
    #[doc(hidden)]
    fn package(&self) -> Package {
        Package::UNKNOWN
    }

    /// The values handlers take as [`State`](crate::State).
    fn state(&self) -> &http::Extensions {
        crate::request::no_state()
    }

    /// Gives handlers `value` as [`State<T>`](crate::State), built once per cold start.
    fn with_state<T: Clone + Send + Sync + 'static>(self, value: T) -> WithState<Self>
    where
        Self: Sized,
    {
        WithState::new(self, value)
    }

    /// Serves one request.
    fn serve<'r>(&'r self, request: &'r Request<'r>) -> impl Future<Output = Response> + Send + 'r
    where
        Self: Sized,
    {
        serve(self, request)
    }

    /// Serves the bytes of one proxy event, answering the bytes of the proxy response.
    ///
    /// This is the whole per-request path of the Lambda binary, and what tests call.
    fn handle_event<'a>(
        &'a self,
        event: &'a [u8],
        context: &'a Context,
    ) -> impl Future<Output = Vec<u8>> + Send + 'a
    where
        Self: Sized,
    {
        async move {
            let event = match Event::parse(event) {
                Ok(event) => event,
                // The source is unknown: answer in the REST API's shape, which HTTP APIs read too.
                Err(err) => {
                    let rejection = Rejection::MalformedEvent {
                        message: err.to_string(),
                    };
                    return proxy_response::to_json(
                        &rejection.into_response(),
                        EventSource::RestApi,
                    );
                }
            };
            let source = event.source();
            let response = match Request::from_parsed(event, context) {
                Ok(request) => serve(self, &request.with_state(self.state())).await,
                Err(rejection) => rejection.into_response(),
            };
            proxy_response::to_json(&response, source)
        }
    }
}

async fn serve<'r, A: Api>(api: &'r A, request: &'r Request<'r>) -> Response {
    match api.route(request.method_kind(), request.segments()) {
        Match::Found(route) => match catch_panic(api.call(route, request)).await {
            Ok(mut response) => {
                // A response to `HEAD` has no body, whichever route served it.
                if request.method() == http::Method::HEAD {
                    *response.body_mut() = Body::Empty;
                }
                response
            }
            Err(_) => Rejection::HandlerPanicked {
                request_id: request.lambda_context().request_id.clone(),
            }
            .into_response(),
        },
        Match::MethodNotAllowed(allow) => Rejection::MethodNotAllowed { allow }.into_response(),
        Match::NotFound => {
            tracing::debug!(method = %request.method(), "no route matches");
            Rejection::NotFound.into_response()
        }
    }
}

/// Runs `future`, turning a panic in any of its polls into an error, so that one handler's bug
/// answers `500` and the process goes on to the next request.
async fn catch_panic<F: Future>(future: F) -> Result<F::Output, Box<dyn Any + Send>> {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(move |cx| {
        match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(Err(panic)),
        }
    })
    .await
}

impl<A: Api> Api for WithState<A> {
    fn route<S: AsRef<str>>(&self, method: MethodKind, segments: &[S]) -> Match {
        self.api.route(method, segments)
    }

    fn call<'r>(
        &'r self,
        route: u16,
        request: &'r Request<'r>,
    ) -> impl Future<Output = Response> + Send + 'r {
        self.api.call(route, request)
    }

    fn routes(&self) -> &'static [RouteInfo] {
        self.api.routes()
    }

    fn package(&self) -> Package {
        self.api.package()
    }

    fn state(&self) -> &http::Extensions {
        &self.state
    }
}
