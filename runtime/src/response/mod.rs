//! Stage 2: what a handler returns → [`Response`] → the bytes of the proxy response in the
//! shape of the event's source.
//!
//! `into_response` is the vocabulary every stage answers with ([`IntoResponse`], [`Body`]);
//! `rejection` is every answer gatewright makes itself (bad input, no route, a panic);
//! `proxy_response` writes a response in a source's JSON shape. The request stage imports this
//! one, for its rejections; nothing here knows about requests or routes.

#[cfg(feature = "cookies")]
mod cookies;
mod created;
mod header_array;
mod into_response;
mod json;
pub(crate) mod proxy_response;
mod redirect;
mod rejection;

#[cfg(any(feature = "signed-cookies", feature = "private-cookies"))]
pub use cookies::Key;
#[cfg(feature = "private-cookies")]
pub use cookies::PrivateCookieJar;
#[cfg(feature = "signed-cookies")]
pub use cookies::SignedCookieJar;
#[cfg(feature = "cookies")]
pub use cookies::{Cookie, CookieJar, Expiration, SameSite};
pub use created::Created;
pub use into_response::{Body, IntoResponse, Response};
pub use json::Json;
pub use redirect::Redirect;
pub use rejection::{Rejection, Source, Violation};
