//! What handlers return: anything that implements [`IntoResponse`].

use std::borrow::Cow;

use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::{HeaderMap, StatusCode};
use serde::Serialize;

/// A response body: text is sent as is, bytes are sent base64-encoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A UTF-8 body.
    Text(Cow<'static, str>),
    /// A binary body.
    Binary(Vec<u8>),
}

impl Body {
    /// The body's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Body::Empty => &[],
            Body::Text(text) => text.as_bytes(),
            Body::Binary(bytes) => bytes,
        }
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::Text(Cow::Owned(text))
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Body::Text(Cow::Borrowed(text))
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::Binary(bytes)
    }
}

impl From<()> for Body {
    fn from(_: ()) -> Self {
        Body::Empty
    }
}

/// The response a handler produces.
pub type Response = http::Response<Body>;

/// Turns a handler's return value into a response.
#[diagnostic::on_unimplemented(
    message = "`{Self}` can't be returned from a route handler",
    label = "this type doesn't implement `IntoResponse`",
    note = "return a `String`, `&'static str`, `Json<T>`, `(StatusCode, T)`, `http::Response<T>`, `Result<T, E>` of those, or implement `gatewright::IntoResponse`"
)]
pub trait IntoResponse {
    /// Builds the response.
    fn into_response(self) -> Response;
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

fn with_content_type(body: Body, content_type: &'static str) -> Response {
    let mut response = http::Response::new(body);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

impl IntoResponse for String {
    fn into_response(self) -> Response {
        with_content_type(self.into(), "text/plain; charset=utf-8")
    }
}

impl IntoResponse for &'static str {
    fn into_response(self) -> Response {
        with_content_type(self.into(), "text/plain; charset=utf-8")
    }
}

impl IntoResponse for Cow<'static, str> {
    fn into_response(self) -> Response {
        with_content_type(Body::Text(self), "text/plain; charset=utf-8")
    }
}

impl IntoResponse for Vec<u8> {
    fn into_response(self) -> Response {
        with_content_type(self.into(), "application/octet-stream")
    }
}

/// `204 No Content`.
impl IntoResponse for () {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::Empty);
        *response.status_mut() = StatusCode::NO_CONTENT;
        response
    }
}

impl IntoResponse for StatusCode {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::Empty);
        *response.status_mut() = self;
        response
    }
}

impl<T: Into<Body>> IntoResponse for http::Response<T>
where
    T: NotBody,
{
    fn into_response(self) -> Response {
        self.map(Into::into)
    }
}

/// Body types other than [`Body`] itself, so `http::Response<Body>` keeps its own impl.
#[doc(hidden)]
pub trait NotBody {}
impl NotBody for String {}
impl NotBody for &'static str {}
impl NotBody for Vec<u8> {}
impl NotBody for () {}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(value) => value.into_response(),
            Err(err) => err.into_response(),
        }
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, T) {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        *response.status_mut() = self.0;
        response
    }
}

impl<T: IntoResponse> IntoResponse for (HeaderMap, T) {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        extend_headers(response.headers_mut(), self.0);
        response
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, HeaderMap, T) {
    fn into_response(self) -> Response {
        let mut response = (self.1, self.2).into_response();
        *response.status_mut() = self.0;
        response
    }
}

/// Headers given as `[("name", "value"), ...]`; a name or value that isn't valid in HTTP
/// turns the response into a `500` and a log line, since it is a bug in the handler.
impl<T: IntoResponse, const N: usize> IntoResponse for ([(&'static str, &str); N], T) {
    fn into_response(self) -> Response {
        let mut headers = HeaderMap::with_capacity(N);
        for (name, value) in self.0 {
            match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                (Ok(name), Ok(value)) => {
                    headers.append(name, value);
                }
                _ => {
                    tracing::error!(
                        header = name,
                        "a handler returned a header that is not valid HTTP"
                    );
                    return crate::rejection::Rejection::InvalidResponseHeader { name }
                        .into_response();
                }
            }
        }
        (headers, self.1).into_response()
    }
}

impl<T: IntoResponse, const N: usize> IntoResponse for (StatusCode, [(&'static str, &str); N], T) {
    fn into_response(self) -> Response {
        let mut response = (self.1, self.2).into_response();
        if response.status().is_success() {
            *response.status_mut() = self.0;
        }
        response
    }
}

/// Headers set by the handler replace those of the inner response with the same name.
fn extend_headers(target: &mut HeaderMap, source: HeaderMap) {
    let mut last = None;
    for (name, value) in source {
        if let Some(name) = name {
            target.remove(&name);
            last = Some(name);
        }
        if let Some(name) = &last {
            target.append(name.clone(), value);
        }
    }
}

/// A JSON body: an argument read from the request body, or a value to answer with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_string(&self.0) {
            Ok(text) => with_content_type(text.into(), "application/json"),
            Err(err) => {
                tracing::error!(error = %err, "a handler's JSON response could not be serialized");
                crate::rejection::Rejection::UnserializableResponse.into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuples_set_status_and_headers() {
        let response = (
            StatusCode::CREATED,
            [("x-id", "7"), ("content-type", "text/csv")],
            "a,b",
        )
            .into_response();
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(response.headers()["x-id"], "7");
        assert_eq!(response.headers().get_all(CONTENT_TYPE).iter().count(), 1);
        assert_eq!(response.headers()[CONTENT_TYPE], "text/csv");
    }

    #[test]
    fn invalid_header_becomes_a_500() {
        let response = ([("bad name", "v")], "x").into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn results_and_units() {
        let ok: Result<&'static str, StatusCode> = Ok("fine");
        assert_eq!(ok.into_response().status(), StatusCode::OK);
        let err: Result<&'static str, StatusCode> = Err(StatusCode::CONFLICT);
        assert_eq!(err.into_response().status(), StatusCode::CONFLICT);
        assert_eq!(().into_response().status(), StatusCode::NO_CONTENT);
    }
}
