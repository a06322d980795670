//! Reading the request's cookies (the `cookies` feature): `#[cookie]` arguments and the jars.
//!
//! Every source's cookies arrive as the `Cookie` header, as [`Request::header`] reads it: a
//! REST API's `Cookie` headers (all of them, from `multiValueHeaders`), a payload 2.0 event's
//! `cookies` array, a load balancer's `cookie` header. A pair that isn't `name=value` is
//! skipped, as browsers do.

use std::borrow::Cow;
use std::future::Ready;

use cookie::Cookie;

use super::extract::FromRequest;
use super::parts::{Request, Values};
use crate::response::{CookieJar, Rejection};

/// Every cookie the request sent, in order.
fn cookies(request: &Request<'_>) -> Result<Vec<Cookie<'static>>, Rejection> {
    let headers = request.header("cookie")?;
    Ok(headers
        .as_slice()
        .iter()
        .flat_map(|header| Cookie::split_parse(header.as_ref().to_owned()))
        .filter_map(Result::ok)
        .collect())
}

/// The values of the cookie `name`, for a `#[cookie]` argument.
pub(crate) fn values<'r>(request: &'r Request<'r>, name: &str) -> Result<Values<'r>, Rejection> {
    let mut found: Vec<Cow<'r, str>> = cookies(request)?
        .into_iter()
        .filter(|cookie| cookie.name() == name)
        .map(|cookie| Cow::Owned(cookie.value().to_owned()))
        .collect();
    Ok(match found.len() {
        0 => Values::None,
        1 => Values::One(found.pop().unwrap_or_default()),
        _ => Values::Many(found),
    })
}

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
