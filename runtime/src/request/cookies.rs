//! Reading the request's cookies (the `cookies` feature), for `#[cookie]` arguments and the
//! jars (`cookie_jars`).
//!
//! Every source's cookies arrive as the `Cookie` header, as [`Request::header`] reads it: a
//! REST API's `Cookie` headers (all of them, from `multiValueHeaders`), a payload 2.0 event's
//! `cookies` array, a load balancer's `cookie` header. A pair that isn't `name=value` is
//! skipped, as browsers do.

use std::borrow::Cow;

use cookie::Cookie;

use super::parts::{Request, Values};
use crate::response::Rejection;

/// Every cookie the request sent, in order.
pub(super) fn cookies(request: &Request<'_>) -> Result<Vec<Cookie<'static>>, Rejection> {
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
