//! The API's one error shape, for its handlers' errors and for everything gatewright turns
//! away (through the catcher): `{"error": {"status": 404, "message": "..."}}`.

use gatewright::{
    Describe, DescribeResponse, IntoResponse, Json, Rejection, Response, ResponseDoc, Schemas,
    StatusCode,
};
use schemars::JsonSchema;
use serde::Serialize;

/// What a handler can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No token, or an unknown one.
    Unauthorized(&'static str),
    /// No such note (for this caller).
    NotFound(u64),
    /// Something on our side.
    Internal(&'static str),
}

/// Every error's body.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The error in [`ErrorBody`].
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorDetail {
    /// The response's status.
    pub status: u16,
    /// What went wrong, for a person.
    pub message: String,
    /// gatewright's own details of a request it turned away (such as the failing `fields`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    const STATUSES: [StatusCode; 3] = [
        StatusCode::UNAUTHORIZED,
        StatusCode::NOT_FOUND,
        StatusCode::INTERNAL_SERVER_ERROR,
    ];

    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized(_) => Self::STATUSES[0],
            ApiError::NotFound(_) => Self::STATUSES[1],
            ApiError::Internal(_) => Self::STATUSES[2],
        }
    }

    fn message(&self) -> String {
        match self {
            ApiError::Unauthorized(why) => format!("unauthorized: {why}"),
            ApiError::NotFound(id) => format!("there is no note {id}"),
            ApiError::Internal(why) => format!("internal error: {why}"),
        }
    }
}

fn body(status: StatusCode, message: String, details: Option<serde_json::Value>) -> Response {
    let error = ErrorDetail {
        status: status.as_u16(),
        message,
        details,
    };
    (status, Json(ErrorBody { error })).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = body(self.status(), self.message(), None);
        if let ApiError::Unauthorized(_) = self {
            response.headers_mut().insert(
                "www-authenticate",
                gatewright::http::HeaderValue::from_static("Bearer realm=\"notes\""),
            );
        }
        response
    }
}

/// What `Result<T, ApiError>` can answer besides `T`, in the OpenAPI document.
impl DescribeResponse for ApiError {
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
        let schema = ErrorBody::schema_in(schemas);
        Self::STATUSES
            .map(|status| ResponseDoc::json(status, schema.clone()))
            .into()
    }
}

/// Everything gatewright answers itself (no route, a bad parameter, a bad body, a panic) in
/// the same shape as [`ApiError`], with gatewright's details.
pub fn catcher(rejection: &Rejection) -> Response {
    let details: serde_json::Value = serde_json::from_str(&rejection.body()).unwrap_or_default();
    let message = details["error"].as_str().unwrap_or("error").to_owned();
    body(
        rejection.status(),
        message,
        Some(details).filter(|d| !d.is_null()),
    )
}
