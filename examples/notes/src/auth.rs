//! Who is calling: the user the API's Cognito user pool authorizer let in, else (the local
//! server, tests) a bearer token looked up in the store.

use gatewright::{BoxFuture, Claims, FromRequest, Rejection, Request, Values};
use serde::Deserialize;

use crate::error::ApiError;
use crate::store::Store;

/// The caller. Deployed, API Gateway's Cognito user pool authorizer has checked the token and
/// passed its claims: the caller is the token's user. Where no authorizer ran (`cargo run`,
/// tests), it is the owner of `Authorization: Bearer <token>` in the store. A handler that
/// takes it is never called without one; a missing or unknown token is a `401` with
/// `WWW-Authenticate`.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The token's owner.
    pub name: String,
}

/// The claims of a Cognito ID or access token that name the user.
#[derive(Deserialize)]
struct User {
    sub: String,
    /// `cognito:username` in an ID token, `username` in an access token.
    #[serde(alias = "cognito:username")]
    username: Option<String>,
}

impl<'r> FromRequest<'r> for Caller {
    type Rejection = ApiError;
    type Future = BoxFuture<'r, Result<Self, ApiError>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        Box::pin(async move {
            match Claims::<User>::from_request(request).await {
                Ok(Claims(user)) => {
                    return Ok(Caller {
                        name: user.username.unwrap_or(user.sub),
                    })
                }
                // No authorizer ran: the token is ours to check.
                Err(Rejection::Unauthenticated { .. }) => {}
                Err(_) => return Err(ApiError::Unauthorized("the token names no user")),
            }
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
