//! What handlers return: anything that implements [`IntoResponse`], and the [`Body`] of a
//! [`Response`].

use std::borrow::Cow;

use http::header::{HeaderValue, CONTENT_TYPE};
use http::{HeaderMap, StatusCode};

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
    note = "return a `String`, `&'static str`, `Json<T>`, `(StatusCode, T)`, `http::Response<T>`, `Result<T, E>` of those, or implement `gatewright::IntoResponse` for a type of your crate",
    note = "a type of another crate (an error such as `std::io::Error`) can't be given the trait in yours: turn it into one that has it, such as `(StatusCode::INTERNAL_SERVER_ERROR, err.to_string())`"
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

pub(super) fn with_content_type(body: Body, content_type: &'static str) -> Response {
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
/// What a value that can't fail answers: never called.
impl IntoResponse for std::convert::Infallible {
    fn into_response(self) -> Response {
        match self {}
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_and_units() {
        let ok: Result<&'static str, StatusCode> = Ok("fine");
        assert_eq!(ok.into_response().status(), StatusCode::OK);
        let err: Result<&'static str, StatusCode> = Err(StatusCode::CONFLICT);
        assert_eq!(err.into_response().status(), StatusCode::CONFLICT);
        assert_eq!(().into_response().status(), StatusCode::NO_CONTENT);
    }
}
