//! JSON bodies: [`Json<T>`] answers with a serialized value (and, in the request stage, reads one).

use serde::Serialize;

use super::into_response::{with_content_type, IntoResponse, Response};
use super::rejection::Rejection;

/// A JSON body: an argument read from the request body, or a value to answer with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_string(&self.0) {
            Ok(text) => with_content_type(text.into(), "application/json"),
            Err(err) => {
                tracing::error!(error = %err, "a handler's JSON response could not be serialized");
                Rejection::UnserializableResponse.into_response()
            }
        }
    }
}
