//! [`DescribeResponse`]: the responses a handler's return type can produce.

use std::borrow::Cow;

use http::{HeaderMap, StatusCode};
use serde_json::json;

use super::request_doc::rejection_schema;
use super::schema::Describe;
use crate::response::{Created, Json, Rejection};
use crate::router::ResponseDoc;
use crate::router::Schemas;

/// Describes the responses a handler's return type ([`IntoResponse`](crate::IntoResponse)) can
/// produce. Implement it for your error type to document what `Result<T, YourError>` answers:
///
/// ```
/// use gatewright::{Describe, DescribeResponse, IntoResponse, Json, Response, ResponseDoc, Schemas, StatusCode};
///
/// enum ApiError {
///     NotFound,
///     Conflict,
/// }
///
/// impl IntoResponse for ApiError {
///     fn into_response(self) -> Response {
///         match self {
///             ApiError::NotFound => (StatusCode::NOT_FOUND, Json("no such thing")).into_response(),
///             ApiError::Conflict => (StatusCode::CONFLICT, Json("it changed")).into_response(),
///         }
///     }
/// }
///
/// impl DescribeResponse for ApiError {
///     fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
///         [StatusCode::NOT_FOUND, StatusCode::CONFLICT]
///             .map(|status| ResponseDoc::json(status, String::schema_in(schemas)))
///             .into()
///     }
/// }
/// ```
pub trait DescribeResponse {
    /// Every response it can produce; empty when that is not known. Body schemas refer to
    /// `schemas` for the types they share.
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc>;
}

const TEXT: &str = "text/plain; charset=utf-8";

fn text() -> Vec<ResponseDoc> {
    vec![ResponseDoc::ok(TEXT, json!({ "type": "string" }))]
}

impl DescribeResponse for String {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        text()
    }
}

impl DescribeResponse for &'static str {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        text()
    }
}

impl DescribeResponse for Cow<'static, str> {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        text()
    }
}

/// Binary: `application/octet-stream`, sent base64-encoded.
impl DescribeResponse for Vec<u8> {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        vec![ResponseDoc::ok(
            "application/octet-stream",
            json!({ "type": "string", "format": "binary" }),
        )]
    }
}

/// `204 No Content`.
impl DescribeResponse for () {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        vec![ResponseDoc::empty(Some(StatusCode::NO_CONTENT))]
    }
}

/// A status chosen at run time, no body.
impl DescribeResponse for StatusCode {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        vec![ResponseDoc::empty(None)]
    }
}

impl<T: Describe> DescribeResponse for Json<T> {
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
        vec![ResponseDoc::ok("application/json", T::schema_in(schemas))]
    }
}

/// `201 Created` with `T`'s body, and a `Location` header when the handler gives one.
impl<T: DescribeResponse> DescribeResponse for Created<T> {
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
        let mut responses = T::responses(schemas);
        if responses.is_empty() {
            responses.push(ResponseDoc::empty(None));
        }
        for response in &mut responses {
            response.status = Some(StatusCode::CREATED);
            response
                .headers
                .push(("location", "The URL of what was created"));
        }
        responses.dedup();
        responses
    }
}

/// An error status with the JSON body of [`Rejection::body`].
impl DescribeResponse for Rejection {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        vec![ResponseDoc::json(None, rejection_schema())]
    }
}

/// `T`'s responses and `E`'s. (Where `E` doesn't implement `DescribeResponse`, the route table
/// has `T`'s and one whose status and body are chosen at run time.)
impl<T: DescribeResponse, E: DescribeResponse> DescribeResponse for Result<T, E> {
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
        let (ok, err) = (T::responses(schemas), E::responses(schemas));
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
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
        with_status(T::responses(schemas), None)
    }
}

impl<T: DescribeResponse> DescribeResponse for (HeaderMap, T) {
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
        T::responses(schemas)
    }
}

impl<T: DescribeResponse> DescribeResponse for (StatusCode, HeaderMap, T) {
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
        with_status(T::responses(schemas), None)
    }
}

/// Headers may replace the content type, so it is known only when none is set.
impl<T: DescribeResponse, V, const N: usize> DescribeResponse for ([(&'static str, V); N], T) {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        Vec::new()
    }
}
