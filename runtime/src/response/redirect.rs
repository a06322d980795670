//! `Redirect`: a `3xx` answer with a `Location`.

use http::header::{HeaderValue, LOCATION};
use http::StatusCode;

use super::into_response::{Body, IntoResponse, Response};
use super::rejection::Rejection;

/// A redirect: a status and a `Location`, with no body.
///
/// Behind an API Gateway stage or a custom domain's base path, the routes are not at the root
/// of the URL the client used: build the location with
/// [`BaseUrl::join`](crate::BaseUrl::join) (`Redirect::to(base.join(uri!(item(id = 7))))`), so
/// that it is right wherever the API is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    status: StatusCode,
    location: String,
}

impl Redirect {
    /// `303 See Other`: the client fetches `location` with `GET` (after a form post, say).
    pub fn to(location: impl Into<String>) -> Self {
        Redirect::with_status(StatusCode::SEE_OTHER, location)
    }

    /// `307 Temporary Redirect`: the client repeats the request, method and body, at `location`.
    pub fn temporary(location: impl Into<String>) -> Self {
        Redirect::with_status(StatusCode::TEMPORARY_REDIRECT, location)
    }

    /// `308 Permanent Redirect`: as `temporary`, and the client may remember it.
    pub fn permanent(location: impl Into<String>) -> Self {
        Redirect::with_status(StatusCode::PERMANENT_REDIRECT, location)
    }

    fn with_status(status: StatusCode, location: impl Into<String>) -> Self {
        Redirect {
            status,
            location: location.into(),
        }
    }

    /// The status: `303`, `307` or `308`.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `Location`.
    pub fn location(&self) -> &str {
        &self.location
    }
}

/// A location that isn't a valid header value (a control character) is a bug in the handler:
/// a `500` and a log line.
impl IntoResponse for Redirect {
    fn into_response(self) -> Response {
        match HeaderValue::try_from(self.location) {
            Ok(location) => {
                let mut response = Response::new(Body::Empty);
                *response.status_mut() = self.status;
                response.headers_mut().insert(LOCATION, location);
                response
            }
            Err(_) => {
                tracing::error!("a handler redirected to a location that is not a valid header");
                Rejection::InvalidResponseHeader { name: "location" }.into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_constructor_has_its_status_and_the_location() {
        for (redirect, status) in [
            (Redirect::to("/a"), 303),
            (Redirect::temporary("/a"), 307),
            (Redirect::permanent("/a"), 308),
        ] {
            let response = redirect.into_response();
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(response.headers()[LOCATION], "/a");
            assert_eq!(response.body(), &Body::Empty);
        }
        let bad = Redirect::to("/a\nb").into_response();
        assert_eq!(bad.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
