//! An API: the trait the router that `gatewright::main!` / `gatewright::api!` generate
//! implements, the one function that serves an event with it, the builder methods that wrap it
//! in layers, and the `Api` impls of those layers.

use std::borrow::Cow;
use std::future::Future;

use lambda_runtime::Context;

use super::catch::{Catch, Catcher};
use super::cors::Cors;
use super::erased::DynApi;
use super::layer::{Layer, Layered};
use super::matched::Match;
use super::middleware::{Middleware, Wrap};
use super::panic::catch_panic;
use super::route_info::{Authorizer, Forwarding, Package, RouteInfo};
use super::with_state::WithState;
use crate::event::method::MethodKind;
use crate::event::{Event, EventSource};
use crate::request::extract::BoxFuture;
use crate::request::{Request, StateMap};
use crate::response::proxy_response;
use crate::response::{Body, IntoResponse, Rejection, Response};

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
    fn state(&self) -> &StateMap {
        crate::request::no_state()
    }

    /// The state, moved out to a new outer layer by [`with_state`](Api::with_state).
    #[doc(hidden)]
    fn take_state(&mut self) -> StateMap {
        StateMap::new()
    }

    /// Gives handlers `value` as [`State<T>`](crate::State): built once (per cold start in
    /// Lambda) and shared by every request, so it needs `Send + Sync` but not `Clone`.
    fn with_state<T: Send + Sync + 'static>(mut self, value: T) -> WithState<Self>
    where
        Self: Sized,
    {
        let mut state = self.take_state();
        state.insert(value);
        WithState::new(self, state)
    }

    /// Serves one request: the layers (middleware, catchers, CORS) around the router, which
    /// picks the route (or answers `404`/`405`), reads the arguments and calls the handler.
    fn serve<'r>(&'r self, request: &'r Request<'r>) -> impl Future<Output = Response> + Send + 'r
    where
        Self: Sized,
    {
        dispatch(self, request)
    }

    /// A response made before there was a request to serve (an event that can't be read),
    /// given to the catchers.
    #[doc(hidden)]
    fn recover(&self, response: Response) -> Response {
        response
    }

    /// What API Gateway must forward to the function besides the routes, for the deploy
    /// artifacts.
    #[doc(hidden)]
    fn forwarding(&self) -> Forwarding {
        Forwarding::default()
    }

    /// Runs `middleware` around every request this API serves, 404s, 405s, rejections and
    /// panics included; see [`Middleware`]. The last layer added is the outermost.
    fn wrap<M: Middleware>(self, middleware: M) -> Layered<Self, Wrap<M>>
    where
        Self: Sized,
    {
        Layered::new(self, Wrap(middleware))
    }

    /// Answers every [`Rejection`] (bad input, `404`, `405`, a panic's `500`) with the
    /// catcher's response instead of gatewright's JSON; see [`Catcher`].
    fn catch<C: Catcher>(self, catcher: C) -> Layered<Self, Catch<C>>
    where
        Self: Sized,
    {
        Layered::new(self, Catch(catcher, None))
    }

    /// Lets browsers on other origins call the API, as `cors` says: preflights are answered
    /// with each path's own methods, and every response (errors included) to an allowed
    /// origin carries the CORS headers. See [`Cors`].
    fn cors(self, cors: Cors) -> Layered<Self, Cors>
    where
        Self: Sized,
    {
        Layered::new(self, cors)
    }

    /// Declares the authorizer API Gateway runs before every route but those marked
    /// `auth = none` (see [`Authorizer`]); the `openapi` and `sam` documents wire it, with the
    /// scopes each route asks for. Requests are served as before: handlers read what the
    /// authorizer said with [`Claims`](crate::Claims), [`Scopes`](crate::Scopes) and
    /// [`IamCaller`](crate::IamCaller).
    fn authorizer(self, authorizer: Authorizer) -> Layered<Self, Authorizer>
    where
        Self: Sized,
    {
        Layered::new(self, authorizer)
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
                        &self.recover(rejection.into_response()),
                        EventSource::RestApi,
                    );
                }
            };
            let source = event.source();
            let response = match Request::from_parsed(event, context) {
                Ok(request) => self.serve(&request.with_state(self.state())).await,
                Err(rejection) => self.recover(rejection.into_response()),
            };
            proxy_response::to_json(&response, source)
        }
    }
}

/// The router and the handler, for [`Api::serve`].
async fn dispatch<'r, A: Api>(api: &'r A, request: &'r Request<'r>) -> Response {
    if let Some(segment) = request.bad_path() {
        return Rejection::BadPath {
            segment: segment.to_owned(),
        }
        .into_response();
    }
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

impl<A: Api> DynApi for A {
    fn handle_event<'a>(&'a self, event: &'a [u8], context: &'a Context) -> BoxFuture<'a, Vec<u8>> {
        Box::pin(Api::handle_event(self, event, context))
    }

    fn serve<'r>(&'r self, request: &'r Request<'r>) -> BoxFuture<'r, Response> {
        Box::pin(Api::serve(self, request))
    }

    fn recover(&self, response: Response) -> Response {
        Api::recover(self, response)
    }

    fn state(&self) -> &StateMap {
        Api::state(self)
    }

    fn forwarding(&self) -> Forwarding {
        Api::forwarding(self)
    }

    fn find(&self, method: MethodKind, segments: &[Cow<'_, str>]) -> Match {
        Api::route(self, method, segments)
    }
}

/// The methods of an API around an inner one (`self.api`) that route and call as it does.
macro_rules! delegate_routing {
    () => {
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
    };
}

/// Every API in a layer is an API: routing and the table are the inner API's, serving is
/// the layer's.
impl<A: Api, L: Layer> Api for Layered<A, L> {
    delegate_routing!();

    fn state(&self) -> &StateMap {
        self.api.state()
    }

    fn take_state(&mut self) -> StateMap {
        self.api.take_state()
    }

    fn serve<'r>(&'r self, request: &'r Request<'r>) -> impl Future<Output = Response> + Send + 'r {
        self.layer.serve(&self.api, request)
    }

    fn recover(&self, response: Response) -> Response {
        self.layer.recover(&self.api, response)
    }

    fn forwarding(&self) -> Forwarding {
        self.layer.forwarding(&self.api)
    }
}

/// An API with state is the same API; requests borrow the state from here.
impl<A: Api> Api for WithState<A> {
    delegate_routing!();

    fn state(&self) -> &StateMap {
        &self.state
    }

    fn take_state(&mut self) -> StateMap {
        std::mem::take(&mut self.state)
    }

    fn serve<'r>(&'r self, request: &'r Request<'r>) -> impl Future<Output = Response> + Send + 'r {
        self.api.serve(request)
    }

    fn recover(&self, response: Response) -> Response {
        self.api.recover(response)
    }

    fn forwarding(&self) -> Forwarding {
        self.api.forwarding()
    }
}
