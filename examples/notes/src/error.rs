//! The API's one error shape, for its handlers' errors and for everything gatewright turns
//! away (through the catcher): `{"error": {"status": 404, "message": "..."}}`.

use gatewright::{IntoResponse, Json, Rejection, Response, StatusCode};
use serde_json::json;

/// What a handler can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No token, or an unknown one.
    Unauthorized(&'static str),
    /// No such note (for this caller).
    NotFound(u64),
    /// The note's text is empty or too long.
    Invalid(String),
    /// Something on our side.
    Internal(&'static str),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(&self) -> String {
        match self {
            ApiError::Unauthorized(why) => format!("unauthorized: {why}"),
            ApiError::NotFound(id) => format!("there is no note {id}"),
            ApiError::Invalid(why) => why.clone(),
            ApiError::Internal(why) => format!("internal error: {why}"),
        }
    }
}

fn body(status: StatusCode, message: &str, details: serde_json::Value) -> Response {
    let mut error = json!({ "status": status.as_u16(), "message": message });
    if !details.is_null() {
        error["details"] = details;
    }
    (status, Json(json!({ "error": error }))).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = body(self.status(), &self.message(), serde_json::Value::Null);
        if let ApiError::Unauthorized(_) = self {
            response.headers_mut().insert(
                "www-authenticate",
                gatewright::http::HeaderValue::from_static("Bearer realm=\"notes\""),
            );
        }
        response
    }
}

/// Everything gatewright answers itself (no route, a bad parameter, a bad body, a panic) in
/// the same shape as [`ApiError`], with gatewright's details.
pub fn catcher(rejection: &Rejection) -> Response {
    let details: serde_json::Value = serde_json::from_str(&rejection.body()).unwrap_or_default();
    let message = details["error"].as_str().unwrap_or("error").to_owned();
    body(rejection.status(), &message, details)
}
