//! [`Created<T>`]: `201 Created`, with the `Location` of what was created.

use http::header::{HeaderValue, LOCATION};
use http::StatusCode;

use super::into_response::{IntoResponse, Response};
use super::rejection::Rejection;

/// `201 Created` with `T` as the body and, when given, a `Location` header: the answer to a
/// `POST` that made something, documented as such in the OpenAPI document.
///
/// ```
/// use gatewright::prelude::*;
/// use gatewright::testing::TestClient;
/// use gatewright::Created;
///
/// #[route(POST, "/notes")]
/// fn create(Json(text): Json<String>) -> Created<Json<String>> {
///     Created::at(gatewright::uri!(note(id = 7)), Json(text))
/// }
///
/// #[route(GET, "/notes/<id>")]
/// fn note(id: u32) -> String {
///     format!("note {id}")
/// }
///
/// let client = TestClient::new(gatewright::api!(create, note));
/// let response = client.post("/notes").json(&"hi").send();
/// assert_eq!(response.status(), StatusCode::CREATED);
/// assert_eq!(response.header("location"), Some("/notes/7"));
/// assert_eq!(response.text(), r#""hi""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created<T> {
    location: Option<String>,
    body: T,
}

impl<T> Created<T> {
    /// `201` with this body and no `Location`.
    pub fn new(body: T) -> Self {
        Created {
            location: None,
            body,
        }
    }

    /// `201` with this body, and `location` (a path such as `uri!` builds, or a URL) as its
    /// `Location`.
    pub fn at(location: impl Into<String>, body: T) -> Self {
        Created {
            location: Some(location.into()),
            body,
        }
    }
}

impl<T: IntoResponse> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        let location = match self.location.map(HeaderValue::try_from).transpose() {
            Ok(location) => location,
            Err(_) => {
                return Rejection::InvalidResponseHeader { name: "location" }.into_response();
            }
        };
        let mut response = self.body.into_response();
        *response.status_mut() = StatusCode::CREATED;
        if let Some(location) = location {
            response.headers_mut().insert(LOCATION, location);
        }
        response
    }
}
