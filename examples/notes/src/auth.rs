//! Who is calling: a guard that reads the bearer token and looks it up in the store.

use gatewright::{BoxFuture, FromRequest, Request, Values};

use crate::error::ApiError;
use crate::store::Store;

/// The caller, known by `Authorization: Bearer <token>`; a handler that takes it is never
/// called without one. A missing or unknown token is a `401` with `WWW-Authenticate`.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The token's owner.
    pub name: String,
}

impl<'r> FromRequest<'r> for Caller {
    type Rejection = ApiError;
    type Future = BoxFuture<'r, Result<Self, ApiError>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        Box::pin(async move {
            let header = request.header("authorization").unwrap_or(Values::None);
            let token = header
                .last()
                .and_then(|value| value.strip_prefix("Bearer "))
                .ok_or(ApiError::Unauthorized(
                    "send `Authorization: Bearer <token>`",
                ))?;
            let store = request
                .state()
                .get::<Store>()
                .ok_or(ApiError::Internal("the store is not open"))?;
            match store.caller(token.trim()).await {
                Some(name) => Ok(Caller { name }),
                None => Err(ApiError::Unauthorized("this token is not known")),
            }
        })
    }
}
