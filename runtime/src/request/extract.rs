//! Typed extraction: the traits the generated code calls for each handler argument.
//!
//! The `#[route]` macro only decides *where* an argument comes from; these traits decide how
//! its value is read. Bring your own types by implementing them.
//!
//! | argument | trait |
//! |---|---|
//! | named after a `<param>` of the route | [`FromParam`] |
//! | named after a `<param+>` of the route | [`FromSegments`] |
//! | `#[query]`, `#[stage]`, `#[header]`, `#[cookie]` | [`FromField`] (any [`FromParam`] type, `Option<T>`, `Vec<T>`) |
//! | anything else | [`FromRequest`]: [`Method`], [`Json<T>`](crate::Json), [`RawBody`], [`Headers`], [`RequestContext`], [`Event`], [`Context`], [`BaseUrl`](crate::BaseUrl), [`Claims<T>`](crate::Claims), [`Scopes`](crate::Scopes), [`IamCaller`](crate::IamCaller); with their features `Form<T>`, `Multipart`, `CookieJar` and the signed and private jars |
//!
//! # The shapes an argument can take
//!
//! The macro refuses, at the argument, the shapes that could never be read or would say
//! nothing more than a simpler one, and names the fix:
//!
//! - A `<param>` is one segment, always there: its argument is one value, neither `Option<T>`
//!   (a path without it is another route) nor `Vec<T>` (take `String` and split it, or match
//!   the rest of the path with `<param+>` and take [`Segments`]).
//! - A `#[query]`, `#[stage]` or `#[header]` argument is `T` (required), `Option<T>` (may be
//!   absent) or `Vec<T>` (every value; empty when absent). `Option<Option<T>>`,
//!   `Option<Vec<T>>`, `Vec<Vec<T>>` and `Vec<Option<T>>` are refused.
//! - **The body** is read as JSON once and as bytes once: one `Json<T>` and one [`RawBody`] at
//!   most (also as `Option<_>` or `Result<_, _>`), in any order. A body is one JSON value, so
//!   two `Json`s are refused (take one type that holds both, with `#[serde(flatten)]`). The
//!   body is already in the event, not a stream: `RawBody` next to `Json<T>` sees the very bytes
//!   the JSON was read from (to check a signature over them, say), and the OpenAPI document
//!   shows the `Json<T>` body. `T` owns its value: `Json<String>`, not `Json<&str>`.
//! - `Result<T, E>` of a [`FromRequest`] type receives what `T` would have answered: `E` is
//!   `T::Rejection`, or a type of yours that implements `From<T::Rejection>`.
//! - Rust's orphan rule lets a crate implement a trait of gatewright only for its own types:
//!   to read a type of another crate (a `Uuid`, a `Duration`), wrap it in a type of yours.
//!
//! # `async` handlers
//!
//! Arguments that borrow from the request are spelled as in a plain `fn`, without `'_`:
//! `State<T>`, [`Segments`], [`Headers`], [`RawBody`], `&`[`RequestContext`],
//! [`FileName`](crate::FileName), and guards of your own with a lifetime parameter. An `async`
//! handler is compiled as the function it stands for, `fn name(args) -> impl Future<Output = R>
//! + Send`, whose future captures them; call it yourself as before, with `.await`.
//!
//! Its future must be `Send`, since the runtime may move a request between threads: a value
//! that isn't (an `Rc`, a `RefCell` guard) held across an `.await` is a compile error at the
//! handler's name that points at that `.await`. Drop it before the `.await`, or use `Arc` and
//! a `Mutex`.
//!
//! ```
//! use gatewright::prelude::*;
//! use gatewright::testing::TestClient;
//!
//! struct Bucket {
//!     name: &'static str,
//! }
//!
//! /// Stores the body under the rest of the path, if its `x-sum` header matches its bytes.
//! #[route(PUT, "/files/<key+>")]
//! async fn put(key: Segments, bucket: State<Bucket>, headers: Headers, body: RawBody) -> (StatusCode, String) {
//!     let sum: u64 = body.0.iter().map(|b| u64::from(*b)).sum();
//!     if headers.get("x-sum").as_deref() != Some(sum.to_string().as_str()) {
//!         return (StatusCode::BAD_REQUEST, "wrong sum".into());
//!     }
//!     // A real handler would `.await` the upload here.
//!     (StatusCode::CREATED, format!("{}/{}", bucket.name, key.join()))
//! }
//!
//! let client = TestClient::new(gatewright::api!(put).with_state(Bucket { name: "files" }));
//! let stored = client.put("/files/a/b.txt").header("x-sum", "195").body("ab").send();
//! assert_eq!((stored.status(), stored.text()), (StatusCode::CREATED, "files/a/b.txt".into()));
//! ```

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::future::{Future, Ready};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};

use http::Method;
use lambda_runtime::Context;
use serde::de::DeserializeOwned;

use super::parts::{Request, RequestContext, Values};
use crate::event::Event;
use crate::response::{IntoResponse, Json, Rejection, Response, Source, Violation};

/// Why a value didn't parse as the argument's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// What the value should have been, such as `u64`.
    pub expected: &'static str,
    /// Why it isn't.
    pub reason: String,
    /// The rules of its type it breaks, each at its path within the value (empty for the
    /// value itself), when it parsed but isn't valid: with the `garde` feature, a `422` rather
    /// than a `400` (`Valid<T>` fills it in).
    pub violations: Vec<Violation>,
}

impl ParamError {
    /// An error for `expected` with the parser's own `reason`.
    pub fn new(expected: &'static str, reason: impl fmt::Display) -> Self {
        ParamError {
            expected,
            reason: reason.to_string(),
            violations: Vec::new(),
        }
    }
}

/// A value read from one path segment, or from one query parameter, header or stage variable.
///
/// Implemented for `String`, `&str`, `Cow<str>`, [`FileName`](crate::FileName) (which refuses
/// what can't be one file name, such as `..` or a decoded `/`), the integer and float types,
/// `bool` and `char`. For your own type that implements `FromStr`, write
/// [`from_str_param!(MyType)`](crate::from_str_param); a type of another crate can't be given
/// the trait in yours (Rust's orphan rule): wrap it in a type of your own.
#[diagnostic::on_unimplemented(
    message = "`{Self}` can't be parsed from a path segment or parameter value",
    label = "this type doesn't implement `FromParam`",
    note = "for a type of your crate that implements `FromStr`, write `gatewright::from_str_param!({Self});`, or implement `gatewright::FromParam` for it",
    note = "a type of another crate can't be given the trait in yours: wrap it in a type of your own, such as `struct Id(Uuid);` with `FromStr`, and take that"
)]
pub trait FromParam<'r>: Sized {
    /// Parses the decoded value.
    fn from_param(value: &'r str) -> Result<Self, ParamError>;
}

impl<'r> FromParam<'r> for &'r str {
    fn from_param(value: &'r str) -> Result<Self, ParamError> {
        Ok(value)
    }
}

impl<'r> FromParam<'r> for String {
    fn from_param(value: &'r str) -> Result<Self, ParamError> {
        Ok(value.to_owned())
    }
}

impl<'r> FromParam<'r> for Cow<'r, str> {
    fn from_param(value: &'r str) -> Result<Self, ParamError> {
        Ok(Cow::Borrowed(value))
    }
}

/// Implements [`FromParam`] for types that implement `FromStr`, so they can be path segments,
/// query parameters, headers and stage variables.
///
/// ```
/// #[derive(Debug)]
/// enum Color { Red, Blue }
///
/// impl std::str::FromStr for Color {
///     type Err = String;
///     fn from_str(s: &str) -> Result<Self, String> {
///         match s {
///             "red" => Ok(Color::Red),
///             "blue" => Ok(Color::Blue),
///             _ => Err(format!("expected `red` or `blue`")),
///         }
///     }
/// }
///
/// gatewright::from_str_param!(Color);
/// ```
#[macro_export]
macro_rules! from_str_param {
    ($($ty:ty),+ $(,)?) => {$(
        impl<'r> $crate::FromParam<'r> for $ty {
            fn from_param(value: &'r str) -> ::core::result::Result<Self, $crate::ParamError> {
                <$ty as ::core::str::FromStr>::from_str(value)
                    .map_err(|err| $crate::ParamError::new(::core::stringify!($ty), err))
            }
        }
    )+};
}

from_str_param!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, bool, char
);

/// The segments a `<name+>` parameter matched, refusing `..` and `.` so that they are safe to
/// join onto a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segments<'r>(Vec<&'r str>);

impl<'r> Segments<'r> {
    /// The segments in order.
    pub fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        self.0.iter().copied()
    }

    /// The segments joined with `/`.
    pub fn join(&self) -> String {
        self.0.join("/")
    }

    /// The segments as a relative path.
    pub fn to_path_buf(&self) -> std::path::PathBuf {
        self.0.iter().collect()
    }
}

/// A value read from the rest of the path that a `<name+>` parameter matched.
#[diagnostic::on_unimplemented(
    message = "`{Self}` can't take the rest of the path that a `<name+>` parameter matches",
    label = "use `String` or `gatewright::Segments` here",
    note = "`<name+>` matches one or more segments; read them as a `String` joined with `/`, or as `Segments`"
)]
pub trait FromSegments<'r>: Sized {
    /// Reads the matched segments (one or more).
    fn from_segments(segments: &'r [Cow<'r, str>]) -> Result<Self, ParamError>;
}

impl<'r> FromSegments<'r> for String {
    fn from_segments(segments: &'r [Cow<'r, str>]) -> Result<Self, ParamError> {
        Ok(segments.join("/"))
    }
}

impl<'r> FromSegments<'r> for Segments<'r> {
    fn from_segments(segments: &'r [Cow<'r, str>]) -> Result<Self, ParamError> {
        let mut out = Vec::with_capacity(segments.len());
        for segment in segments {
            match segment.as_ref() {
                ".." | "." => {
                    return Err(ParamError::new(
                        "path segments",
                        "`.` and `..` are not allowed",
                    ))
                }
                s if s.contains(['/', '\\', '\0']) => {
                    return Err(ParamError::new(
                        "path segments",
                        "a segment may not contain `/`, `\\` or NUL",
                    ))
                }
                s => out.push(s),
            }
        }
        Ok(Segments(out))
    }
}

/// The values of one named field, as [`FromField`] reads them.
#[derive(Debug, Clone, Copy)]
pub struct Field<'f> {
    values: &'f [Cow<'f, str>],
}

impl<'f> Field<'f> {
    /// A field with these values (for testing your own [`FromField`] types).
    pub fn new(values: &'f [Cow<'f, str>]) -> Self {
        Field { values }
    }

    /// The last value: the one API Gateway keeps when a single value is asked for.
    pub fn last(&self) -> Option<&'f str> {
        self.values.last().map(|value| value.as_ref())
    }

    /// Every value, in order.
    pub fn all(&self) -> impl Iterator<Item = &'f str> {
        self.values.iter().map(|value| value.as_ref())
    }
}

/// Why a named field couldn't be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldError {
    /// The field is required and absent.
    Missing,
    /// The value (shown as received) didn't parse.
    Invalid {
        /// The value.
        value: String,
        /// The parse error.
        error: ParamError,
    },
}

/// A value read from a query parameter (`#[query]`), stage variable (`#[stage]`) or header
/// (`#[header]`): any [`FromParam`] type (required), `Option<T>` (optional) or `Vec<T>`
/// (every value, from the multi-value fields).
#[diagnostic::on_unimplemented(
    message = "`{Self}` can't be read from a query parameter, stage variable or header",
    label = "this type doesn't implement `FromField`",
    note = "use a type that implements `FromParam`, or `Option<T>` / `Vec<T>` of one"
)]
pub trait FromField<'r>: Sized {
    /// Reads the field.
    fn from_field(field: Field<'r>) -> Result<Self, FieldError>;
}

fn parse_value<'r, T: FromParam<'r>>(value: &'r str) -> Result<T, FieldError> {
    T::from_param(value).map_err(|error| FieldError::Invalid {
        value: value.to_owned(),
        error,
    })
}

impl<'r, T: FromParam<'r>> FromField<'r> for T {
    fn from_field(field: Field<'r>) -> Result<Self, FieldError> {
        parse_value(field.last().ok_or(FieldError::Missing)?)
    }
}

impl<'r, T: FromParam<'r>> FromField<'r> for Option<T> {
    fn from_field(field: Field<'r>) -> Result<Self, FieldError> {
        field.last().map(parse_value).transpose()
    }
}

impl<'r, T: FromParam<'r>> FromField<'r> for Vec<T> {
    fn from_field(field: Field<'r>) -> Result<Self, FieldError> {
        field.all().map(parse_value).collect()
    }
}

/// A value read from the request as a whole, for arguments that are neither path parameters
/// nor marked `#[query]`, `#[stage]` or `#[header]`: the built-in types below, and **guards**,
/// types of your own that decide whether a request may reach the handler.
///
/// `from_request` may `.await` (a session or token lookup), and a request it turns away is
/// answered with [`Self::Rejection`](FromRequest::Rejection), any response you like: a `401`
/// with `WWW-Authenticate`, a `403`, your API's own error JSON.
///
/// ```
/// use gatewright::prelude::*;
/// use gatewright::{BoxFuture, FromRequest, Request};
///
/// /// The caller, known by the `x-api-key` header.
/// struct Caller(String);
///
/// impl<'r> FromRequest<'r> for Caller {
///     type Rejection = (StatusCode, [(&'static str, &'static str); 1], &'static str);
///     type Future = BoxFuture<'r, Result<Self, Self::Rejection>>;
///
///     fn from_request(request: &'r Request<'r>) -> Self::Future {
///         Box::pin(async move {
///             let key = request.header("x-api-key").unwrap_or(gatewright::Values::None);
///             // A real guard would look the key up here, with `.await`.
///             match key.last() {
///                 Some("secret") => Ok(Caller("ann".into())),
///                 _ => Err((StatusCode::UNAUTHORIZED, [("www-authenticate", "ApiKey")], "who are you?")),
///             }
///         })
///     }
/// }
///
/// #[route(GET, "/me")]
/// fn me(caller: Caller) -> String {
///     caller.0
/// }
///
/// let client = gatewright::testing::TestClient::new(gatewright::api!(me));
/// assert_eq!(client.get("/me").header("x-api-key", "secret").send().text(), "ann");
/// let denied = client.get("/me").send();
/// assert_eq!(denied.status(), StatusCode::UNAUTHORIZED);
/// assert_eq!(denied.headers()["www-authenticate"], "ApiKey");
/// ```
///
/// `Option<T>` of a guard is `None` where `T` turns the request away, and `Result<T, T::Rejection>`
/// gives the handler the rejection to look at.
#[diagnostic::on_unimplemented(
    message = "the argument type `{Self}` says nothing about where its value comes from",
    label = "no source for this argument",
    note = "name the argument after a `<param>` of the route, or mark it `#[query]`, `#[stage]`, `#[header(\"name\")]` or `#[cookie]`",
    note = "types read from the request as a whole are `Method`, `Json<T>`, `Form<T>`, `Multipart`, `RawBody`, `Headers`, `CookieJar`, `BaseUrl`, `State<T>`, `&RequestContext`, `&Event`, `&Context`, and guards: your own types that implement `gatewright::FromRequest`"
)]
pub trait FromRequest<'r>: Sized {
    /// The answer to a request this type can't be read from.
    type Rejection: IntoResponse;

    /// What `from_request` returns: [`Ready`] for a value read without waiting, a
    /// [`BoxFuture`](crate::BoxFuture) for an `async` block. (A named type rather than an
    /// `async fn`, so that the handler's future stays `Send` for any lifetime.)
    type Future: Future<Output = Result<Self, Self::Rejection>> + Send;

    /// Reads the value, or turns the request away.
    fn from_request(request: &'r Request<'r>) -> Self::Future;
}

/// A boxed future that borrows for `'a`: the [`FromRequest::Future`] of a guard that awaits.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A built-in argument, read without waiting.
fn ready<T>(value: Result<T, Rejection>) -> Ready<Result<T, Rejection>> {
    std::future::ready(value)
}

impl<'r> FromRequest<'r> for Method {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        ready(Ok(request.method().clone()))
    }
}

impl<'r> FromRequest<'r> for &'r Context {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        ready(Ok(request.lambda_context()))
    }
}

impl<'r> FromRequest<'r> for &'r RequestContext<'r> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        ready(request.request_context())
    }
}

impl<'r> FromRequest<'r> for &'r Event<'r> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        ready(Ok(request.event()))
    }
}

/// The request body's bytes, base64-decoded when the event says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBody<'r>(pub Cow<'r, [u8]>);

impl<'r> FromRequest<'r> for RawBody<'r> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        ready(request.body().map(RawBody))
    }
}

/// What a `Json<T>` argument needs of `T`; named so that a type without it is reported in the
/// user's terms.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` can't be read from a JSON body: it doesn't implement `serde::Deserialize` for data it owns",
    label = "`Json<T>` needs `T: serde::de::DeserializeOwned`",
    note = "derive it on your type: `#[derive(serde::Deserialize)]`; a type that borrows, such as `&str`, can't outlive the body: take `String`",
    note = "for a type of another crate, see whether the crate has a `serde` feature, or take `serde_json::Value`"
)]
pub trait JsonBody: DeserializeOwned {}

impl<T: DeserializeOwned> JsonBody for T {}

/// A JSON request body; an empty or invalid body is a `400` that says what was wrong.
impl<'r, T: JsonBody + Send> FromRequest<'r> for Json<T> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        ready(request.body().and_then(|body| {
            serde_json::from_slice(&body)
                .map(Json)
                .map_err(|err| Rejection::InvalidBody {
                    reason: format!("the body is not the JSON this route takes: {err}"),
                })
        }))
    }
}

/// The request headers, looked up ignoring ASCII case, each lookup borrowing from the event.
#[derive(Debug, Clone, Copy)]
pub struct Headers<'r>(&'r Request<'r>);

impl<'r> Headers<'r> {
    /// The last value of `name`; `None` when absent (or malformed in the event).
    pub fn get(&self, name: &str) -> Option<Cow<'r, str>> {
        match self.0.header(name).ok()? {
            Values::None => None,
            Values::One(value) => Some(value),
            Values::Many(mut values) => values.pop(),
        }
    }

    /// Every value of `name`.
    pub fn get_all(&self, name: &str) -> impl Iterator<Item = Cow<'r, str>> {
        let values = match self.0.header(name) {
            Ok(Values::Many(values)) => values,
            Ok(Values::One(value)) => vec![value],
            _ => Vec::new(),
        };
        values.into_iter()
    }

    /// Every header as name and value pairs, in the event's order.
    pub fn entries(&self) -> Vec<(Cow<'r, str>, Cow<'r, str>)> {
        self.0.headers().unwrap_or_default()
    }
}

impl<'r> FromRequest<'r> for Headers<'r> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        ready(Ok(Headers(request)))
    }
}

/// The value, or what it would have answered (`Result<T, T::Rejection>`, or an error type of
/// yours that implements `From<T::Rejection>`): the handler decides.
impl<'r, T: FromRequest<'r>, E: From<T::Rejection>> FromRequest<'r> for Result<T, E>
where
    T::Future: Unpin,
{
    type Rejection = Infallible;
    type Future = Settled<T::Future, fn(Result<T, T::Rejection>) -> Result<Self, Infallible>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        Settled(T::from_request(request), |result| {
            Ok(result.map_err(E::from))
        })
    }
}

/// The value, or `None` where it would have turned the request away: an optional guard.
impl<'r, T: FromRequest<'r>> FromRequest<'r> for Option<T>
where
    T::Future: Unpin,
{
    type Rejection = Infallible;
    type Future = Settled<T::Future, fn(Result<T, T::Rejection>) -> Result<Self, Infallible>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        Settled(T::from_request(request), |result| Ok(result.ok()))
    }
}

/// A future that maps the output of another: the extractors `Option<T>` and `Result<T, E>`.
#[doc(hidden)]
pub struct Settled<F, M>(F, M);

impl<F: Future + Unpin, M: Fn(F::Output) -> O + Unpin, O> Future for Settled<F, M> {
    type Output = O;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<O> {
        let this = self.get_mut();
        Pin::new(&mut this.0).poll(cx).map(&this.1)
    }
}

/// The wiring the generated code calls: one function per kind of argument, each turning a
/// failure into the response of the rejection that names the argument, so that the router
/// reads an argument with `?` (a few tokens per argument, which every `cargo check` expands
/// and lowers again, rather than a `match` with a `return`).
#[doc(hidden)]
// The error is the response that is sent, built on the failure path only, and the reads'
// results are consumed at once by `?`: boxing it would cost an allocation per rejection.
#[allow(clippy::result_large_err)]
pub mod wire {
    use super::*;

    /// The result of a read: the argument, or the response that turns the request away.
    pub type Read<T> = Result<T, Response>;

    pub fn path<'r, T: FromParam<'r>>(
        request: &'r Request<'r>,
        index: usize,
        name: &'static str,
    ) -> Read<T> {
        let value: &'r str = &request.segments()[index];
        T::from_param(value)
            .map_err(|error| invalid(Source::Path, name, value.to_owned(), error).into_response())
    }

    pub fn greedy<'r, T: FromSegments<'r>>(
        request: &'r Request<'r>,
        index: usize,
        name: &'static str,
    ) -> Read<T> {
        let segments = &request.segments()[index..];
        T::from_segments(segments)
            .map_err(|error| invalid(Source::Path, name, segments.join("/"), error).into_response())
    }

    /// The values of a query parameter, header or stage variable, kept by the generated code
    /// so that arguments can borrow from them.
    pub fn values<'r>(
        request: &'r Request<'r>,
        source: Source,
        name: &'static str,
    ) -> Read<Values<'r>> {
        match source {
            Source::Query => request.query(name),
            Source::Header => request.header(name),
            _ => request.stage_variable(name),
        }
        .map_err(IntoResponse::into_response)
    }

    pub fn field<'f, T: FromField<'f>>(
        values: &'f Values<'_>,
        source: Source,
        name: &'static str,
    ) -> Read<T> {
        T::from_field(Field::new(values.as_slice())).map_err(|err| {
            match (err, source) {
                (FieldError::Missing, Source::Stage) => Rejection::MissingStageVariable { name },
                (FieldError::Missing, _) => Rejection::MissingParameter { source, name },
                (FieldError::Invalid { value, error }, _) => invalid(source, name, value, error),
            }
            .into_response()
        })
    }

    /// A whole-request argument once awaited (see [`Arg::request`]), its rejection, of the
    /// extractor's own type, turned into its response.
    pub fn request<T, E: IntoResponse>(read: Result<T, E>) -> Read<T> {
        read.map_err(IntoResponse::into_response)
    }

    /// The values of the cookie `name`, for `#[cookie]`; `Gate` is `()`, which satisfies
    /// the bound only with the `cookies` feature, so that without it the argument is a compile
    /// error that says so.
    pub fn cookie<'r, Gate: CookiesFeature>(
        request: &'r Request<'r>,
        name: &'static str,
    ) -> Read<Values<'r>> {
        #[cfg(feature = "cookies")]
        return super::super::cookies::values(request, name).map_err(IntoResponse::into_response);
        #[cfg(not(feature = "cookies"))]
        {
            let _ = (request, name);
            Ok(Values::None)
        }
    }

    #[diagnostic::on_unimplemented(
        message = "`#[cookie]` arguments need gatewright's `cookies` feature",
        label = "this argument reads a cookie",
        note = "enable the feature in Cargo.toml: `gatewright = {{ version = \"0.1\", features = [\"cookies\"] }}`"
    )]
    pub trait CookiesFeature {}

    #[cfg(feature = "cookies")]
    impl CookiesFeature for () {}

    /// The type of a handler's argument `I`, taken from its `fn` type: the router reads an
    /// argument from the request as a whole, and awaits it, before calling the handler, so it
    /// names the type first: `nth1(handler as fn(_, _) -> _).request(request)`.
    ///
    /// One function per index (`nth0` ... `nth15`), as for the describing probes: a const
    /// argument would be an item of its own in the user's crate for every such argument.
    macro_rules! nth_args {
        ($($name:ident $index:literal)*) => {$(
            #[doc = concat!("The type of a handler's argument ", stringify!($index), ".")]
            pub fn $name<F: Nth<$index>>(_handler: F) -> Arg<F::Arg> {
                Arg(PhantomData)
            }
        )*};
    }

    nth_args!(nth0 0 nth1 1 nth2 2 nth3 3 nth4 4 nth5 5 nth6 6 nth7 7 nth8 8 nth9 9 nth10 10
        nth11 11 nth12 12 nth13 13 nth14 14 nth15 15);

    /// An argument's type, as a value; see [`nth0`].
    pub struct Arg<T>(PhantomData<fn() -> T>);

    impl<T> Arg<T> {
        /// Reads the argument. A method, so that `T` is known where its bound is checked, and a
        /// type that can't be read is reported as `T`.
        pub fn request<'r>(self, request: &'r Request<'r>) -> T::Future
        where
            T: FromRequest<'r>,
        {
            T::from_request(request)
        }
    }

    /// The type of argument `I` of a function pointer type; see [`nth0`].
    pub trait Nth<const I: usize> {
        type Arg;
    }

    /// The return type of a function pointer type: what the describing code asks about a
    /// handler's output, named through the handler's `fn` type as [`nth0`] names an argument.
    pub trait Ret {
        type Output;
    }

    macro_rules! nth {
        ([$($all:ident)*] $($index:literal $arg:ident)*) => {
            nth!(@each [$($all)*] $($index $arg)*);
        };
        (@each [$($all:ident)*]) => {
            impl<R, $($all),*> Ret for fn($($all),*) -> R {
                type Output = R;
            }
        };
        (@each [$($all:ident)*] $index:literal $arg:ident $($rest:tt)*) => {
            impl<R, $($all),*> Nth<$index> for fn($($all),*) -> R {
                type Arg = $arg;
            }
            nth!(@each [$($all)*] $($rest)*);
        };
    }

    nth!([]);
    nth!([A0] 0 A0);
    nth!([A0 A1] 0 A0 1 A1);
    nth!([A0 A1 A2] 0 A0 1 A1 2 A2);
    nth!([A0 A1 A2 A3] 0 A0 1 A1 2 A2 3 A3);
    nth!([A0 A1 A2 A3 A4] 0 A0 1 A1 2 A2 3 A3 4 A4);
    nth!([A0 A1 A2 A3 A4 A5] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5);
    nth!([A0 A1 A2 A3 A4 A5 A6] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7 A8] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7 8 A8);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7 A8 A9] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7 8 A8 9 A9);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7 8 A8 9 A9 10 A10);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7 8 A8 9 A9 10 A10 11 A11);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7 8 A8 9 A9 10 A10 11 A11 12 A12);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7 8 A8 9 A9 10 A10 11 A11 12 A12 13 A13);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7 8 A8 9 A9 10 A10 11 A11 12 A12 13 A13 14 A14);
    nth!([A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15] 0 A0 1 A1 2 A2 3 A3 4 A4 5 A5 6 A6 7 A7 8 A8 9 A9 10 A10 11 A11 12 A12 13 A13 14 A14 15 A15);

    fn invalid(source: Source, name: &'static str, value: String, error: ParamError) -> Rejection {
        #[cfg(feature = "garde")]
        if !error.violations.is_empty() {
            let violations = error
                .violations
                .into_iter()
                .map(|violation| {
                    let path = match violation.path.as_str() {
                        "" => name.to_owned(),
                        path if path.starts_with('[') => format!("{name}{path}"),
                        path => format!("{name}.{path}"),
                    };
                    Violation::new(path, violation.message)
                })
                .collect();
            return Rejection::Invalid {
                source,
                name,
                violations,
            };
        }
        Rejection::InvalidParameter {
            source,
            name,
            value,
            expected: error.expected,
            reason: error.reason,
        }
    }
}
