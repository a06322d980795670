//! The traits that describe arguments and responses for the route table: JSON schemas, content
//! types, whether a value is required.
//!
//! The macro writes, for each argument and return type, a call to these traits through a
//! function pointer in the route table; it never guesses from how a type is spelled. A type
//! that implements none of them still compiles, and is described as well as can be known:
//!
//! | type | described as |
//! |---|---|
//! | a path, query, header or stage argument whose type doesn't implement [`Describe`] | `{"type": "string"}` (values arrive as strings); `Option<T>` and `Vec<T>` of one are still optional, and an array |
//! | a `Json<T>` body or response where `T` doesn't implement [`Describe`] | `{}`: any JSON |
//! | another return type that doesn't implement [`DescribeResponse`] | a response whose status and body are chosen at run time |
//! | another argument that doesn't implement [`DescribeRequest`] | not part of the request's parameters or body |
//!
//! Implement [`Describe`] for your own types to document them:
//!
//! ```
//! use gatewright::Describe;
//! use serde_json::{json, Value};
//!
//! #[derive(serde::Deserialize)]
//! struct NewUser {
//!     name: String,
//!     age: Option<u8>,
//! }
//!
//! impl Describe for NewUser {
//!     fn schema() -> Value {
//!         json!({
//!             "type": "object",
//!             "required": ["name"],
//!             "properties": { "name": String::schema(), "age": Option::<u8>::schema() },
//!         })
//!     }
//! }
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use http::{HeaderMap, StatusCode};
use serde_json::{json, Value};

use crate::request::extract::{RawBody, Segments};
use crate::request::FileName;
use crate::response::{Json, Rejection};
use crate::router::ResponseDoc;

/// The JSON schema of a type's values: an OpenAPI 3.0 Schema Object.
///
/// Implemented for the integer and float types (with their bounds), `bool`, `char`, `String`,
/// `str`, `Cow<str>`, `FileName` (with a `pattern`), `Segments`, `Option<T>` (nullable; an
/// optional parameter), `Vec<T>`, slices and arrays, maps with string keys, `Box`, `Arc`,
/// references, and `serde_json::Value` (`{}`).
pub trait Describe {
    /// The schema.
    fn schema() -> Value;

    /// As a parameter's type: the schema of one value, and whether the parameter is required.
    #[doc(hidden)]
    fn __param() -> (Value, bool) {
        (Self::schema(), true)
    }
}

macro_rules! describe_integers {
    ($($ty:ty => $format:expr, $bounded:expr;)*) => {$(
        impl Describe for $ty {
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
            fn schema() -> Value {
                let mut schema = json!({ "type": "integer" });
                if let Some(format) = $format {
                    schema["format"] = Value::from(format);
                }
                if $bounded {
                    schema["minimum"] = Value::from(<$ty>::MIN as i64);
                    schema["maximum"] = Value::from(<$ty>::MAX as u64);
                } else if <$ty>::MIN == 0 {
                    // u128's and i128's bounds don't fit in JSON numbers without loss.
                    schema["minimum"] = Value::from(0);
                }
                schema
            }
        }
    )*};
}

describe_integers! {
    u8 => Some("int32"), true;
    u16 => Some("int32"), true;
    u32 => Some("int64"), true;
    u64 => None::<&str>, true;
    u128 => None::<&str>, false;
    usize => None::<&str>, true;
    i8 => Some("int32"), true;
    i16 => Some("int32"), true;
    i32 => Some("int32"), true;
    i64 => Some("int64"), true;
    i128 => None::<&str>, false;
    isize => Some("int64"), true;
}

impl Describe for f32 {
    fn schema() -> Value {
        json!({ "type": "number", "format": "float" })
    }
}

impl Describe for f64 {
    fn schema() -> Value {
        json!({ "type": "number", "format": "double" })
    }
}

impl Describe for bool {
    fn schema() -> Value {
        json!({ "type": "boolean" })
    }
}

impl Describe for char {
    fn schema() -> Value {
        json!({ "type": "string", "minLength": 1, "maxLength": 1 })
    }
}

impl Describe for str {
    fn schema() -> Value {
        json!({ "type": "string" })
    }
}

impl Describe for String {
    fn schema() -> Value {
        str::schema()
    }
}

impl Describe for Segments<'_> {
    fn schema() -> Value {
        str::schema()
    }
}

/// A string that is one file name: not empty, not `.` or `..`, and without `/`, `\` or
/// control characters (in the pattern, a name starts with a character other than `.`, or with
/// `.` and another character, or with `..` and a third).
impl Describe for FileName<'_> {
    fn schema() -> Value {
        json!({
            "type": "string",
            "minLength": 1,
            "pattern": r"^(?:\.?[^./\\\x00-\x1F\x7F-\x9F]|\.\.[^/\\\x00-\x1F\x7F-\x9F])[^/\\\x00-\x1F\x7F-\x9F]*$",
        })
    }
}

impl Describe for Value {
    fn schema() -> Value {
        json!({})
    }
}

impl<T: Describe + ?Sized> Describe for &T {
    fn schema() -> Value {
        T::schema()
    }

    fn __param() -> (Value, bool) {
        T::__param()
    }
}

impl<T: Describe + ?Sized> Describe for Box<T> {
    fn schema() -> Value {
        T::schema()
    }
}

impl<T: Describe + ?Sized> Describe for Arc<T> {
    fn schema() -> Value {
        T::schema()
    }
}

impl<T: Describe + ToOwned + ?Sized> Describe for Cow<'_, T> {
    fn schema() -> Value {
        T::schema()
    }
}

/// In a JSON value, `null` or a `T`; as a parameter, an optional `T`.
impl<T: Describe> Describe for Option<T> {
    fn schema() -> Value {
        let mut schema = T::schema();
        if let Value::Object(map) = &mut schema {
            map.insert("nullable".into(), Value::Bool(true));
        }
        schema
    }

    fn __param() -> (Value, bool) {
        (T::schema(), false)
    }
}

/// An array; as a query parameter or header, every value, and optional.
impl<T: Describe> Describe for Vec<T> {
    fn schema() -> Value {
        json!({ "type": "array", "items": T::schema() })
    }

    fn __param() -> (Value, bool) {
        (Self::schema(), false)
    }
}

impl<T: Describe> Describe for [T] {
    fn schema() -> Value {
        json!({ "type": "array", "items": T::schema() })
    }
}

impl<T: Describe, const N: usize> Describe for [T; N] {
    fn schema() -> Value {
        json!({ "type": "array", "items": T::schema(), "minItems": N, "maxItems": N })
    }
}

impl<V: Describe, S> Describe for HashMap<String, V, S> {
    fn schema() -> Value {
        json!({ "type": "object", "additionalProperties": V::schema() })
    }
}

impl<V: Describe> Describe for BTreeMap<String, V> {
    fn schema() -> Value {
        json!({ "type": "object", "additionalProperties": V::schema() })
    }
}

impl Describe for serde_json::Map<String, Value> {
    fn schema() -> Value {
        json!({ "type": "object" })
    }
}

/// The body an argument read from the whole request takes, if any.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BodyDoc {
    /// The body's content type.
    pub content_type: &'static str,
    /// The JSON schema of the body.
    pub schema: Value,
    /// Whether a request without a (valid) body is refused.
    pub required: bool,
}

impl BodyDoc {
    /// A body of `content_type` described by `schema`.
    pub fn new(content_type: &'static str, schema: Value, required: bool) -> Self {
        BodyDoc {
            content_type,
            schema,
            required,
        }
    }
}

/// Describes what an argument read from the whole request ([`FromRequest`](crate::FromRequest))
/// takes from it: the body, or nothing a client sends as a parameter.
pub trait DescribeRequest {
    /// The body it reads, if any.
    fn body() -> Option<BodyDoc>;
}

/// A JSON body described by `T`.
impl<T: Describe> DescribeRequest for Json<T> {
    fn body() -> Option<BodyDoc> {
        Some(BodyDoc::new("application/json", T::schema(), true))
    }
}

/// Any bytes.
impl DescribeRequest for RawBody<'_> {
    fn body() -> Option<BodyDoc> {
        Some(BodyDoc::new(
            "application/octet-stream",
            json!({ "type": "string", "format": "binary" }),
            false,
        ))
    }
}

/// The same body, but a request without one is served too.
impl<T: DescribeRequest, E> DescribeRequest for Result<T, E> {
    fn body() -> Option<BodyDoc> {
        T::body().map(|body| BodyDoc {
            required: false,
            ..body
        })
    }
}

/// Describes the responses a handler's return type ([`IntoResponse`](crate::IntoResponse)) can
/// produce.
pub trait DescribeResponse {
    /// Every response it can produce; empty when that is not known.
    fn responses() -> Vec<ResponseDoc>;
}

const TEXT: &str = "text/plain; charset=utf-8";

fn text() -> Vec<ResponseDoc> {
    vec![ResponseDoc::ok(TEXT, str::schema())]
}

impl DescribeResponse for String {
    fn responses() -> Vec<ResponseDoc> {
        text()
    }
}

impl DescribeResponse for &'static str {
    fn responses() -> Vec<ResponseDoc> {
        text()
    }
}

impl DescribeResponse for Cow<'static, str> {
    fn responses() -> Vec<ResponseDoc> {
        text()
    }
}

/// Binary: `application/octet-stream`, sent base64-encoded.
impl DescribeResponse for Vec<u8> {
    fn responses() -> Vec<ResponseDoc> {
        vec![ResponseDoc::ok(
            "application/octet-stream",
            json!({ "type": "string", "format": "binary" }),
        )]
    }
}

/// `204 No Content`.
impl DescribeResponse for () {
    fn responses() -> Vec<ResponseDoc> {
        vec![ResponseDoc::empty(Some(StatusCode::NO_CONTENT))]
    }
}

/// A status chosen at run time, no body.
impl DescribeResponse for StatusCode {
    fn responses() -> Vec<ResponseDoc> {
        vec![ResponseDoc::empty(None)]
    }
}

impl<T: Describe> DescribeResponse for Json<T> {
    fn responses() -> Vec<ResponseDoc> {
        vec![ResponseDoc::ok("application/json", T::schema())]
    }
}

/// The JSON body every rejection has: an `error` message and string details.
pub(crate) fn rejection_schema() -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": { "error": { "type": "string" } },
        "additionalProperties": { "type": "string" },
    })
}

/// An error status with the JSON body of [`Rejection::body`].
impl DescribeResponse for Rejection {
    fn responses() -> Vec<ResponseDoc> {
        vec![ResponseDoc {
            status: None,
            content_type: Some("application/json"),
            schema: Some(rejection_schema()),
        }]
    }
}

impl<T: DescribeResponse, E: DescribeResponse> DescribeResponse for Result<T, E> {
    fn responses() -> Vec<ResponseDoc> {
        let (ok, err) = (T::responses(), E::responses());
        if ok.is_empty() || err.is_empty() {
            // One side is unknown, so the whole is.
            return Vec::new();
        }
        ok.into_iter().chain(err).collect()
    }
}

fn with_status(responses: Vec<ResponseDoc>, status: Option<StatusCode>) -> Vec<ResponseDoc> {
    responses
        .into_iter()
        .map(|response| ResponseDoc { status, ..response })
        .collect()
}

/// `T`'s body with the status chosen at run time.
impl<T: DescribeResponse> DescribeResponse for (StatusCode, T) {
    fn responses() -> Vec<ResponseDoc> {
        with_status(T::responses(), None)
    }
}

impl<T: DescribeResponse> DescribeResponse for (HeaderMap, T) {
    fn responses() -> Vec<ResponseDoc> {
        T::responses()
    }
}

impl<T: DescribeResponse> DescribeResponse for (StatusCode, HeaderMap, T) {
    fn responses() -> Vec<ResponseDoc> {
        with_status(T::responses(), None)
    }
}

/// Headers may replace the content type, so it is known only when none is set.
impl<T: DescribeResponse, V, const N: usize> DescribeResponse for ([(&'static str, V); N], T) {
    fn responses() -> Vec<ResponseDoc> {
        Vec::new()
    }
}

/// The hidden probes the generated code calls: each tries the traits above and falls back to
/// what can be said without them (see the module docs), by method resolution on `&&Probe<T>`,
/// `&Probe<T>`, then `Probe<T>`.
#[doc(hidden)]
pub mod probe {
    use std::marker::PhantomData;

    use serde_json::{json, Value};

    use super::{Describe, DescribeRequest, DescribeResponse};
    use crate::response::Json;
    use crate::router::{ArgDoc, ResponseDoc};

    pub struct Probe<T: ?Sized>(PhantomData<fn() -> *const T>);

    impl<T: ?Sized> Probe<T> {
        pub const fn new() -> Self {
            Probe(PhantomData)
        }
    }

    impl<T: ?Sized> Default for Probe<T> {
        fn default() -> Self {
            Probe::new()
        }
    }

    fn param((schema, required): (Value, bool)) -> ArgDoc {
        ArgDoc {
            schema,
            required,
            body: None,
        }
    }

    fn string() -> Value {
        json!({ "type": "string" })
    }

    pub trait ParamDescribed {
        fn param(&self) -> ArgDoc;
    }

    impl<T: Describe + ?Sized> ParamDescribed for &&Probe<T> {
        fn param(&self) -> ArgDoc {
            param(T::__param())
        }
    }

    pub trait ParamWrapped {
        fn param(&self) -> ArgDoc;
    }

    impl<T> ParamWrapped for &Probe<Option<T>> {
        fn param(&self) -> ArgDoc {
            param((string(), false))
        }
    }

    impl<T> ParamWrapped for &Probe<Vec<T>> {
        fn param(&self) -> ArgDoc {
            param((json!({ "type": "array", "items": string() }), false))
        }
    }

    pub trait ParamPlain {
        fn param(&self) -> ArgDoc;
    }

    impl<T: ?Sized> ParamPlain for Probe<T> {
        fn param(&self) -> ArgDoc {
            param((string(), true))
        }
    }

    pub trait RequestDescribed {
        fn request(&self) -> ArgDoc;
    }

    impl<T: DescribeRequest + ?Sized> RequestDescribed for &&Probe<T> {
        fn request(&self) -> ArgDoc {
            match T::body() {
                Some(body) => ArgDoc {
                    schema: body.schema,
                    required: body.required,
                    body: Some(body.content_type),
                },
                None => ArgDoc::other(),
            }
        }
    }

    pub trait RequestJson {
        fn request(&self) -> ArgDoc;
    }

    impl<T> RequestJson for &Probe<Json<T>> {
        fn request(&self) -> ArgDoc {
            ArgDoc {
                schema: json!({}),
                required: true,
                body: Some("application/json"),
            }
        }
    }

    impl<T, E> RequestJson for &Probe<Result<Json<T>, E>> {
        fn request(&self) -> ArgDoc {
            ArgDoc {
                schema: json!({}),
                required: false,
                body: Some("application/json"),
            }
        }
    }

    pub trait RequestOther {
        fn request(&self) -> ArgDoc;
    }

    impl<T: ?Sized> RequestOther for Probe<T> {
        fn request(&self) -> ArgDoc {
            ArgDoc::other()
        }
    }

    pub trait ResponseDescribed {
        fn responses(&self) -> Vec<ResponseDoc>;
    }

    impl<T: DescribeResponse + ?Sized> ResponseDescribed for &&Probe<T> {
        fn responses(&self) -> Vec<ResponseDoc> {
            T::responses()
        }
    }

    pub trait ResponseJson {
        fn responses(&self) -> Vec<ResponseDoc>;
    }

    impl<T> ResponseJson for &Probe<Json<T>> {
        fn responses(&self) -> Vec<ResponseDoc> {
            vec![ResponseDoc::ok("application/json", json!({}))]
        }
    }

    pub trait ResponseUnknown {
        fn responses(&self) -> Vec<ResponseDoc>;
    }

    impl<T: ?Sized> ResponseUnknown for Probe<T> {
        fn responses(&self) -> Vec<ResponseDoc> {
            Vec::new()
        }
    }
}
