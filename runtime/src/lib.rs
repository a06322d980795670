//! HTTP APIs for AWS Lambda, with routes checked and compiled into one binary at build time.
//!
//! ```no_run
//! use gatewright::prelude::*;
//!
//! /// Greets someone.
//! #[route(GET, "/hello/<name>")]
//! async fn hello(name: String, #[query] greeting: Option<String>) -> String {
//!     format!("{}, {name}!", greeting.as_deref().unwrap_or("Hello"))
//! }
//!
//! #[route(GET | HEAD, "/users/<id>")]
//! fn user(id: u64, #[stage("tableName")] table: Option<String>) -> Json<serde_json::Value> {
//!     Json(serde_json::json!({ "id": id, "table": table }))
//! }
//!
//! #[route(ANY, "/<proxy+>")]
//! async fn fallback(method: Method, proxy: String) -> (StatusCode, String) {
//!     (StatusCode::NOT_FOUND, format!("nothing at {method} /{proxy}"))
//! }
//!
//! gatewright::main!(hello, user, fallback);
//! ```
//!
//! `gatewright::main!` writes `fn main`: in Lambda (when `AWS_LAMBDA_RUNTIME_API` is set) it
//! serves invocations through the official `lambda_runtime`; anywhere else it serves HTTP on
//! `127.0.0.1:3000` (`PORT` changes the port), so `cargo run` is the development loop.
//! `gatewright::api!(hello, user)` builds the same router as a value, for tests.
//!
//! A release build is the Lambda function alone: the local server and the binary's
//! subcommands (see below) are left out, as Lambda uses neither, unless the `local` feature is
//! enabled. Outside Lambda, such a build says so and exits.
//!
//! # Routes
//!
//! `#[route(METHODS, "TEMPLATE")]` goes on a free function, `async` or not. `METHODS` is one of
//! `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`, or several joined with `|`, or
//! `ANY` for every method. A template starts with `/` and has segments of three kinds:
//!
//! - a literal, such as `users`, matching exactly that (decoded) segment;
//! - `<name>`, matching any one non-empty segment, read by the argument `name`;
//! - `<name+>`, matching one or more segments, last in a template only (API Gateway's
//!   `{proxy+}`).
//!
//! `/` alone is the root. Handlers may live in any module; list them by path in `main!`, from
//! anywhere they can be named (a handler that isn't `pub` is listed in its own module). Any
//! name will do, `line` or `vec` included, and any number of routes: an API of a thousand
//! routes needs no `recursion_limit` or other setting. A listed function without `#[route]` is
//! a compile error at its name.
//!
//! # Matching
//!
//! The rules, applied to the method and the decoded segments of the API-relative path:
//!
//! 1. **Trailing slash.** One trailing `/` is ignored: `/users/` is `/users`. Templates never end
//!    with `/` (the macro refuses them), so there is one way to write each route.
//! 2. **Precedence**, segment by segment from the left and independent of the order of
//!    declaration: a literal beats `<param>`, which beats `<greedy+>`. When a more precise branch
//!    dead-ends, the router backtracks to the next one: with `/a/b/c` and `/a/<x>/d`, the path
//!    `/a/b/d` matches the second.
//! 3. **Methods.** A route matches when both its path and its method match. Among matching
//!    routes precedence decides. A route that names a method beats an `ANY` route of the same
//!    template (`GET /items` next to `ANY /items`: `GET` goes to the first, everything else,
//!    `HEAD` included, to the second), as in API Gateway. Otherwise `HEAD` is served by the
//!    `GET` route (with the body dropped) unless a `HEAD` route matches.
//! 4. **No match.** When no route's path matches: `404`. When paths match but no method does:
//!    `405` with an `Allow` header listing the methods of every route whose path matches.
//! 5. **Empty segments** (`/a//b`) are never matched by `<param>`; a literal never matches them.
//!
//! Two routes with the same method (or both `ANY`) and the same shape (`/a/<x>` and `/a/<y>`)
//! are a compile error, and so are parameters with different names at the same position under
//! the same prefix (`/users/<id>` and `/users/<name>/posts`): API Gateway refuses to deploy
//! those.
//!
//! # The path and percent-encoding
//!
//! Routing uses the API-relative path, whatever the stage name or custom-domain base path.
//! It is rebuilt from the template that matched in API Gateway (`resource` such as
//! `/users/{id}` or `/{proxy+}`; for HTTP API payload 2.0 the path of `routeKey`) and
//! `pathParameters`, which API Gateway has already percent-decoded: a `{name}` value is one
//! segment even when it holds a `/` sent as `%2F`, and a `{name+}` value is split on `/`. When the
//! event names no template (or lacks a parameter it names), the path is read from `path` or
//! `rawPath` and split on `/`; REST APIs, Function URLs and load balancers send it
//! percent-encoded, so each segment is then decoded (a bad escape or a non-UTF-8 result is a
//! `400`), while HTTP APIs send it decoded and start it with the stage name unless the stage is
//! `$default`, which is removed. `+` in a path is a literal `+`. Query parameters, headers and
//! stage variables are used as API Gateway gives them, already decoded; payload 2.0 query
//! parameters are read from `rawQueryString` and a load balancer's from its still-encoded maps,
//! both decoded here (`+` is a space).
//!
//! # Malformed events
//!
//! An event must be JSON exactly as serde_json reads it into a `serde_json::Value`, all of it,
//! the values no handler reads included. Comments, single quotes, trailing commas, `tru`,
//! `007`, numbers beyond `f64` (`1e400`), raw control characters or unpaired surrogates
//! (`"\ud800"`) in strings, or more than 127 levels of nesting make it a `400`
//! (`"malformed event"`) whose message is serde_json's. A key given twice, at the top of the
//! event or in any of its objects (`headers`, `multiValueHeaders`, `queryStringParameters`,
//! `multiValueQueryStringParameters`, `pathParameters`, `stageVariables`, `requestContext`),
//! counts once, with its last value, as serde_json reads it: an earlier value is not looked at,
//! whatever its type. Header names that differ only in case are different keys in JSON: where
//! one value is read, it is the last of them in the event; where all are (`Vec<T>`,
//! [`Request::header`]), they are joined.
//!
//! # Extraction
//!
//! See [`extract`]: an argument named after a path parameter is parsed with [`FromParam`] (or
//! [`FromSegments`] for `<name+>`); `#[query]`, `#[query("page-size")]`, `#[stage]`,
//! `#[stage("name")]`, `#[header]` (the argument's name with `_` as `-`),
//! `#[header("x-api-key")]`, `#[cookie]` and `#[cookie("name")]` (the `cookies` feature) read
//! named fields with [`FromField`]; anything else is read from the whole request with
//! [`FromRequest`]: among others `Form<T>` (feature `forms`), `Multipart` (feature
//! `multipart`), the cookie jars (features `cookies`, `signed-cookies`, `private-cookies`), and
//! [`BaseUrl`], the prefix the client's URL has before the routes, for a [`Redirect`] that is
//! right behind a stage or a custom domain's base path. A value that doesn't parse is a `400` whose JSON body
//! names the parameter, the value and the expected type. A missing required stage variable is
//! a deployment mistake: a `500`, and the log line names it.
//!
//! The shapes an argument can take (one value for a `<param>`, `T`, `Option<T>` or `Vec<T>` for
//! a named field, one `Json<T>` and one `RawBody` at most) and how `async` handlers take
//! borrowing arguments without `'_` are in [`extract`].
//!
//! **Who is calling.** [`Claims<T>`] (the token's claims, or a Lambda authorizer's context, read
//! into any `T: Deserialize`), [`Scopes`] and [`IamCaller`] read what API Gateway's authorizer
//! said, wherever the event's source puts it; a missing identity is a `401`, claims that don't
//! fit `T` a `403` naming the claim. [`Api::authorizer`] declares the authorizer for the
//! `openapi` and `sam` documents, and `#[route(.., scopes = ["a"])]` / `#[route(.., auth = none)]`
//! what it does for each route ([`RouteAuth`]).
//!
//! **File names.** A `<name>` segment is decoded before it is parsed, and a `/` sent as `%2F`
//! stays in it (see above): a `String` receives `..%2F..%2Fetc%2Fpasswd` as
//! `../../etc/passwd`, as sent. For a value that becomes a file name, or part of a path, key
//! or URL, take [`FileName`], which refuses an empty name, `.`, `..`, `/`, `\`, NUL and other
//! control characters with a `400` that says which; for `<name+>`, [`Segments`] refuses `.`,
//! `..`, `\` and NUL in every segment.
//!
//! # Responses
//!
//! Handlers return anything that implements [`IntoResponse`]. A handler that panics answers
//! `500` with the request id, and the process goes on serving.
//!
//! # Around the routes
//!
//! - **Guards**: an argument of your own type that implements [`FromRequest`] decides whether
//!   the request reaches the handler, and may answer with any response.
//! - **Middleware** ([`Middleware`], [`macro@middleware`]): [`Api::wrap`] runs it around every
//!   request, gatewright's own answers included; `mount("/prefix", [...], wrap = [...])` in
//!   `main!`/`api!` around one group of routes.
//! - **Catchers** ([`Catcher`]): [`Api::catch`] answers every [`Rejection`] with the API's own
//!   response.
//! - **CORS** ([`Cors`]): [`Api::cors`] answers preflights with each path's methods, from
//!   the compiled route table.
//! - **Mounting**: `mount("/v1", [a, b])` puts routes under a prefix; the whole table is
//!   checked and routed with the full paths.
//! - **Start-up** ([`Startup`]): state built with `.await` once per cold start, a shutdown
//!   hook, and init errors reported to Lambda.
//!
//! Each is a layer around the generated router and costs nothing to an API that doesn't use
//! it. The last layer added is the outermost.
//!
//! # The route table as data
//!
//! [`Api::routes`] is every route as the macros saw it ([`RouteInfo`]), schemas included
//! ([`Describe`]). From it the binary answers `routes` ([`routes_table`]), `openapi`
//! ([`openapi`]) and `sam` ([`sam`]) given as its first argument, and [`uri!`] builds a route's
//! path from typed arguments.

// The stages of an event's way through the crate, in the one order imports may follow (each
// imports only from those above it; see the README's "Architecture").
mod describe;
mod event;
mod request;
mod response;
mod router;
mod serve;

pub use describe::{openapi, routes_table, sam, uri};
pub use describe::{BodyDoc, Describe, DescribeRequest, DescribeResponse};
pub use event::{Event, EventError, EventSource};
#[cfg(feature = "garde")]
pub use garde;
pub use gatewright_macros::middleware;
pub use gatewright_macros::{api, main, route, uri};
pub use http::{self, HeaderMap, Method, StatusCode};
pub use lambda_runtime::Context;
pub use request::extract;
pub use request::extract::{
    BoxFuture, FieldError, FromField, FromParam, FromRequest, FromSegments, Headers, ParamError,
    RawBody, Segments,
};
#[cfg(feature = "forms")]
pub use request::Form;
#[cfg(feature = "garde")]
pub use request::Valid;
pub use request::{BasePath, BaseUrl};
pub use request::{
    Claims, FileName, IamCaller, Request, RequestContext, Scopes, State, StateMap, Values,
};
#[cfg(feature = "multipart")]
pub use request::{Multipart, Part};
#[cfg(feature = "cookies")]
pub use response::CookieJar;
#[cfg(feature = "private-cookies")]
pub use response::PrivateCookieJar;
#[cfg(feature = "signed-cookies")]
pub use response::SignedCookieJar;
pub use response::{
    Body, Created, IntoResponse, Json, Redirect, Rejection, Response, Source, Violation,
};

/// Cookies (the `cookies` feature): the jars, and the `cookie` crate's types to build cookies
/// with their attributes.
#[cfg(feature = "cookies")]
pub mod cookies {
    #[cfg(any(feature = "signed-cookies", feature = "private-cookies"))]
    pub use crate::response::Key;
    #[cfg(feature = "private-cookies")]
    pub use crate::response::PrivateCookieJar;
    #[cfg(feature = "signed-cookies")]
    pub use crate::response::SignedCookieJar;
    pub use crate::response::{Cookie, CookieJar, Expiration, SameSite};
    /// Durations and dates for `Max-Age` and `Expires`.
    pub use cookie::time;
}

/// The media types of the body extractors.
pub mod media_types {
    #[cfg(feature = "forms")]
    pub use crate::request::FORM_URLENCODED;
    #[cfg(feature = "multipart")]
    pub use crate::request::MULTIPART_FORM_DATA;
}
pub use router::{
    Api, ArgInfo, ArgSource, Authorizer, Catcher, Cors, Forwarding, Layered, Middleware, Next,
    ResponseDoc, RouteAuth, RouteInfo, Schemas, WithState,
};
#[cfg(feature = "schemars")]
pub use schemars;
pub use serve::testing;
pub use serve::{
    run, serve, Startup, BODY_READ_TIMEOUT, CLAIMS_ENV, HEADER_READ_TIMEOUT, IAM_CALLER_ENV,
    IDLE_TIMEOUT, MAX_BODY, SCOPES_ENV, STAGE_VARIABLES_ENV,
};
pub use uri::IntoParam;

/// The layers an API can be wrapped in, by [`Api::wrap`], [`Api::catch`], [`Api::cors`] and
/// [`Api::with_state`]: the types those return, to name them where `impl Api` won't do.
pub mod layers {
    pub use crate::router::erased::DynApi;
    pub use crate::router::{Catch, Layer, Layered, Wrap};
}

/// The error `serve` returns.
pub type Error = lambda_runtime::Error;

/// The names a handler file needs: `use gatewright::prelude::*;`.
pub mod prelude {
    #[cfg(feature = "cookies")]
    pub use crate::CookieJar;
    #[cfg(feature = "forms")]
    pub use crate::Form;
    #[cfg(feature = "multipart")]
    pub use crate::Multipart;
    pub use crate::{
        route, Api, BaseUrl, Claims, FileName, Headers, IntoResponse, Json, Method, RawBody,
        Redirect, Segments, State, StatusCode,
    };
}

#[doc(hidden)]
pub mod __private {
    pub use crate::__callback_module;
    pub use crate::__route_callback;
    pub use crate::describe::probe;
    pub use crate::describe::uri;
    pub use crate::event::method::{MethodKind, MethodSet};
    pub use crate::request::extract::wire;
    pub use crate::request::extract::BoxFuture;
    pub use crate::request::Request;
    pub use crate::response::{IntoResponse, Rejection, Response, Source};
    pub use crate::router::chunk;
    pub use crate::router::{
        group, segment, takes, Api, ArgDoc, ArgInfo, Described, Match, Middleware, Next, Package,
        RouteAuth, RouteInfo, RouteTable, Schemas, Wire,
    };
    pub use core;
    /// Short paths for the `impl Future + Send` that `#[route]` writes for every `async` handler.
    pub use core::future::Future;
    pub use core::marker::Send;
    /// Short paths for the code `#[route]` writes once per argument.
    pub use core::result::Result::{Err, Ok};
    pub use gatewright_macros::{__router, __uri};

    /// A value of any type, never made: `#[route]` returns it from an `async` handler's future
    /// behind `if false`, before the body, so that rustc knows the future's output type while
    /// it checks the body, and a body of the wrong type is "mismatched types" at the wrong
    /// expression, as in an `async fn`.
    #[inline(always)]
    pub fn future_output<T>() -> T {
        unreachable!("never called: `#[route]` calls it behind `if false`")
    }

    /// What `main!`, `api!` and `uri!` find for a listed path that has no `#[route]`.
    pub mod not_a_route {
        pub use gatewright_macros::__not_a_route as route;
    }

    /// `not_a_route` under each name `main!`/`api!` give the listed handlers, which a long
    /// list imports with one glob rather than one import per handler.
    #[allow(unreachable_pub)]
    pub mod not_a_route_names {
        gatewright_macros::__not_a_route_names!();
    }
}
