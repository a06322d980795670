//! The cookie jars as arguments: `CookieJar`, and the signed and private jars with the API's
//! key.

use std::future::Ready;

use super::cookies::cookies;
use super::extract::FromRequest;
use super::parts::Request;
use crate::response::{CookieJar, Rejection};

impl<'r> FromRequest<'r> for CookieJar {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(cookies(request).map(CookieJar::from_cookies))
    }
}

/// The key a signed or private jar reads with: a `500` naming it when the API has none.
#[cfg(any(feature = "signed-cookies", feature = "private-cookies"))]
fn key<'r>(request: &'r Request<'r>) -> Result<&'r cookie::Key, Rejection> {
    request
        .state()
        .get::<cookie::Key>()
        .ok_or(Rejection::MissingState {
            type_name: "gatewright::cookies::Key",
        })
}

#[cfg(feature = "signed-cookies")]
impl<'r> FromRequest<'r> for crate::response::SignedCookieJar {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(key(request).and_then(|key| {
            Ok(crate::response::SignedCookieJar::from_cookies(
                cookies(request)?,
                key,
            ))
        }))
    }
}

#[cfg(feature = "private-cookies")]
impl<'r> FromRequest<'r> for crate::response::PrivateCookieJar {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(key(request).and_then(|key| {
            Ok(crate::response::PrivateCookieJar::from_cookies(
                cookies(request)?,
                key,
            ))
        }))
    }
}
