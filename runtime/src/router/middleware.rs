//! Middleware: code that runs around handlers, sees each request and its response, and may
//! answer in the handler's place.
//!
//! Around a whole API with [`Api::wrap`](crate::Api::wrap), where it also sees the answers
//! gatewright makes itself (`404`, `405`, rejections, a panic's `500`); or around the routes
//! of one group, listed in `mount(...)` of `main!`/`api!`.

use super::erased::DynApi;
use super::layer::Layer;
use crate::request::extract::BoxFuture;
use crate::request::Request;
use crate::response::Response;

/// Code that runs around handlers. Write it as an `async fn` with
/// [`#[middleware]`](crate::middleware), or implement it on a type of your own when it has
/// settings:
///
/// ```
/// use gatewright::prelude::*;
/// use gatewright::{BoxFuture, Middleware, Next, Request, Response};
///
/// /// Adds the same header to every response.
/// struct Stamp(&'static str);
///
/// impl Middleware for Stamp {
///     fn call<'r>(&'r self, request: &'r Request<'r>, next: Next<'r>) -> BoxFuture<'r, Response> {
///         Box::pin(async move {
///             let mut response = next.run().await;
///             response.headers_mut().insert("x-served-by", self.0.parse().unwrap());
///             response
///         })
///     }
/// }
///
/// #[route(GET, "/")]
/// fn home() -> &'static str {
///     "home"
/// }
///
/// let api = gatewright::api!(home).wrap(Stamp("gatewright"));
/// let client = gatewright::testing::TestClient::new(api);
/// assert_eq!(client.get("/").send().headers()["x-served-by"], "gatewright");
/// assert_eq!(client.get("/nowhere").send().headers()["x-served-by"], "gatewright");
/// ```
pub trait Middleware: Send + Sync + 'static {
    /// Serves `request`: call [`next.run()`](Next::run) for what is inside (the handler,
    /// or the next middleware), or answer without it.
    fn call<'r>(&'r self, request: &'r Request<'r>, next: Next<'r>) -> BoxFuture<'r, Response>;
}

/// What is inside a middleware: the next middleware, the router or the handler.
pub struct Next<'r> {
    request: &'r Request<'r>,
    inner: Inner<'r>,
}

enum Inner<'r> {
    /// The API inside an API-wide middleware.
    Api(&'r dyn DynApi),
    /// The rest of a group's middleware, then its route's handler.
    Group {
        rest: &'r [&'r dyn Middleware],
        handler: fn(&'r Request<'r>) -> BoxFuture<'r, Response>,
    },
}

impl<'r> Next<'r> {
    /// Runs what is inside, once, and gives its response.
    pub fn run(self) -> BoxFuture<'r, Response> {
        match self.inner {
            Inner::Api(api) => api.serve(self.request),
            Inner::Group { rest, handler } => group(rest, self.request, handler),
        }
    }

    /// The request, as the middleware got it.
    pub fn request(&self) -> &'r Request<'r> {
        self.request
    }
}

/// Runs a group's middleware, in order, around its route's handler: what the generated
/// router calls for a route under `mount(..., wrap = [...])`.
#[doc(hidden)]
pub fn group<'r>(
    middleware: &'r [&'r dyn Middleware],
    request: &'r Request<'r>,
    handler: fn(&'r Request<'r>) -> BoxFuture<'r, Response>,
) -> BoxFuture<'r, Response> {
    match middleware.split_first() {
        None => handler(request),
        Some((first, rest)) => first.call(
            request,
            Next {
                request,
                inner: Inner::Group { rest, handler },
            },
        ),
    }
}

/// The layer [`Api::wrap`](crate::Api::wrap) adds.
#[doc(hidden)]
pub struct Wrap<M>(pub(super) M);

impl<M: Middleware> Layer for Wrap<M> {
    fn serve<'r>(
        &'r self,
        api: &'r dyn DynApi,
        request: &'r Request<'r>,
    ) -> BoxFuture<'r, Response> {
        self.0.call(
            request,
            Next {
                request,
                inner: Inner::Api(api),
            },
        )
    }
}
