//! Headers given as arrays of pairs next to a body: `([("x-id", "7")], body)`.

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};

use super::into_response::{IntoResponse, Response};
use super::rejection::Rejection;

/// Headers given as `[("name", "value"), ...]`, values borrowed (`&str`) or built
/// (`String`, such as a `Location`); a name or value that isn't valid in HTTP turns the
/// response into a `500` and a log line, since it is a bug in the handler.
impl<T: IntoResponse, V: AsRef<str>, const N: usize> IntoResponse for ([(&'static str, V); N], T) {
    fn into_response(self) -> Response {
        let mut headers = HeaderMap::with_capacity(N);
        for (name, value) in self.0 {
            match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value.as_ref()),
            ) {
                (Ok(name), Ok(value)) => {
                    headers.append(name, value);
                }
                _ => {
                    tracing::error!(
                        header = name,
                        "a handler returned a header that is not valid HTTP"
                    );
                    return Rejection::InvalidResponseHeader { name }.into_response();
                }
            }
        }
        (headers, self.1).into_response()
    }
}

impl<T: IntoResponse, V: AsRef<str>, const N: usize> IntoResponse
    for (StatusCode, [(&'static str, V); N], T)
{
    fn into_response(self) -> Response {
        let mut response = (self.1, self.2).into_response();
        if response.status().is_success() {
            *response.status_mut() = self.0;
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use http::header::CONTENT_TYPE;

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
}
