//! Cookie jars (the `cookies` feature): the request's cookies to read, and the cookies to set,
//! answered as one `Set-Cookie` each in the shape of the event's source.
//!
//! Cookies are parsed and written by the `cookie` crate; signing (HMAC-SHA256, the
//! `signed-cookies` feature) and encryption (AES-256-GCM, `private-cookies`) too, with a
//! [`Key`](cookie::Key) the API keeps in its state.

use http::header::{HeaderValue, SET_COOKIE};
use http::StatusCode;

use super::into_response::{IntoResponse, Response};
use super::rejection::Rejection;

#[cfg(any(feature = "signed-cookies", feature = "private-cookies"))]
pub use cookie::Key;
pub use cookie::{Cookie, Expiration, SameSite};

/// The request's cookies, and the cookies to set in the response.
///
/// As an argument it holds the cookies the request sent; [`add`](CookieJar::add) and
/// [`remove`](CookieJar::remove) record changes, and returning it next to the body,
/// `(jar, body)`, sends one `Set-Cookie` per change.
#[derive(Debug, Clone, Default)]
pub struct CookieJar {
    jar: cookie::CookieJar,
}

impl CookieJar {
    /// A jar holding `cookies`, as sent by the client (for tests and your own extractors).
    pub fn from_cookies(cookies: impl IntoIterator<Item = Cookie<'static>>) -> Self {
        let mut jar = cookie::CookieJar::new();
        for cookie in cookies {
            jar.add_original(cookie);
        }
        CookieJar { jar }
    }

    /// The cookie `name`: one the request sent, or one added since.
    pub fn get(&self, name: &str) -> Option<&Cookie<'static>> {
        self.jar.get(name)
    }

    /// Sets `cookie` in the response (and in this jar).
    #[must_use = "return the jar next to the body: `(jar, body)`"]
    #[allow(clippy::should_implement_trait)] // the `cookie` crate's name for it
    pub fn add(mut self, cookie: impl Into<Cookie<'static>>) -> Self {
        self.jar.add(cookie);
        self
    }

    /// Tells the client to delete `cookie` (a name, or a cookie with the `path` and `domain`
    /// it was set with), by setting it empty and expired.
    #[must_use = "return the jar next to the body: `(jar, body)`"]
    pub fn remove(mut self, cookie: impl Into<Cookie<'static>>) -> Self {
        self.jar.remove(cookie);
        self
    }

    /// Every cookie: those sent, with the changes made.
    pub fn iter(&self) -> impl Iterator<Item = &Cookie<'static>> {
        self.jar.iter()
    }
}

/// The request's cookies signed with the API's [`Key`] (the `signed-cookies` feature): a
/// cookie whose signature doesn't verify is not there; cookies added are signed. The client can
/// read them, not change them.
#[cfg(feature = "signed-cookies")]
#[derive(Clone)]
pub struct SignedCookieJar {
    jar: cookie::CookieJar,
    key: Key,
}

/// The request's cookies encrypted with the API's [`Key`] (the `private-cookies` feature): a
/// cookie that doesn't decrypt is not there; cookies added are encrypted. The client can
/// neither read nor change them.
#[cfg(feature = "private-cookies")]
#[derive(Clone)]
pub struct PrivateCookieJar {
    jar: cookie::CookieJar,
    key: Key,
}

/// The two keyed jars differ only in what `cookie` does with the key.
macro_rules! keyed_jar {
    ($feature:literal, $jar:ident, $view:ident, $view_mut:ident) => {
        #[cfg(feature = $feature)]
        impl $jar {
            /// A jar of `cookies` as the client sent them (still signed or encrypted), read
            /// with `key`.
            pub fn from_cookies(
                cookies: impl IntoIterator<Item = Cookie<'static>>,
                key: &Key,
            ) -> Self {
                $jar {
                    jar: CookieJar::from_cookies(cookies).jar,
                    key: key.clone(),
                }
            }

            /// The cookie `name`, verified and decoded; `None` when absent or not genuine.
            pub fn get(&self, name: &str) -> Option<Cookie<'static>> {
                self.jar.$view(&self.key).get(name)
            }

            /// Sets `cookie` in the response, protected with the key.
            #[must_use = "return the jar next to the body: `(jar, body)`"]
            #[allow(clippy::should_implement_trait)] // the `cookie` crate's name for it
            pub fn add(mut self, cookie: impl Into<Cookie<'static>>) -> Self {
                self.jar.$view_mut(&self.key).add(cookie);
                self
            }

            /// Tells the client to delete `cookie`.
            #[must_use = "return the jar next to the body: `(jar, body)`"]
            pub fn remove(mut self, cookie: impl Into<Cookie<'static>>) -> Self {
                self.jar.$view_mut(&self.key).remove(cookie);
                self
            }
        }

        #[cfg(feature = $feature)]
        impl std::fmt::Debug for $jar {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // Never the key.
                f.debug_struct(stringify!($jar)).finish_non_exhaustive()
            }
        }

        #[cfg(feature = $feature)]
        impl<T: IntoResponse> IntoResponse for ($jar, T) {
            fn into_response(self) -> Response {
                with_changes(&self.0.jar, self.1.into_response())
            }
        }

        #[cfg(feature = $feature)]
        impl<T: IntoResponse> IntoResponse for (StatusCode, $jar, T) {
            fn into_response(self) -> Response {
                with_status(self.0, with_changes(&self.1.jar, self.2.into_response()))
            }
        }
    };
}

keyed_jar!("signed-cookies", SignedCookieJar, signed, signed_mut);
keyed_jar!("private-cookies", PrivateCookieJar, private, private_mut);

/// The body's response with a `Set-Cookie` for each change in the jar.
impl<T: IntoResponse> IntoResponse for (CookieJar, T) {
    fn into_response(self) -> Response {
        with_changes(&self.0.jar, self.1.into_response())
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, CookieJar, T) {
    fn into_response(self) -> Response {
        with_status(self.0, with_changes(&self.1.jar, self.2.into_response()))
    }
}

/// Adds a `Set-Cookie` per change, in the order of the cookies' names (the jar keeps them in
/// a hash set: without it the order would change from one run to the next); a cookie that
/// isn't a valid header value (a control character in its value) is a bug in the handler: a
/// `500` and a log line.
fn with_changes(jar: &cookie::CookieJar, mut response: Response) -> Response {
    let mut changes: Vec<&Cookie<'static>> = jar.delta().collect();
    changes.sort_by(|a, b| a.name().cmp(b.name()));
    for cookie in changes {
        match HeaderValue::try_from(cookie.to_string()) {
            Ok(value) => {
                response.headers_mut().append(SET_COOKIE, value);
            }
            Err(_) => {
                tracing::error!(
                    cookie = cookie.name(),
                    "a handler set a cookie that is not a valid header"
                );
                return Rejection::InvalidResponseHeader { name: "set-cookie" }.into_response();
            }
        }
    }
    response
}

/// The status the handler gave, unless the body's own answer is an error.
fn with_status(status: StatusCode, mut response: Response) -> Response {
    if response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_is_one_set_cookie_with_its_attributes() {
        let jar = CookieJar::from_cookies([Cookie::new("seen", "1")])
            .add(
                Cookie::build(("session", "abc"))
                    .http_only(true)
                    .secure(true)
                    .same_site(SameSite::Lax)
                    .path("/")
                    .max_age(cookie::time::Duration::hours(1)),
            )
            .add(Cookie::new("theme", "dark"))
            .remove("seen");
        let response = (jar, "ok").into_response();
        let mut set: Vec<_> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect();
        set.sort();
        assert_eq!(set.len(), 3, "{set:?}");
        assert!(
            set[0].starts_with("seen=; ") && set[0].contains("Max-Age=0"),
            "{set:?}"
        );
        assert_eq!(
            set[1],
            "session=abc; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=3600"
        );
        assert_eq!(set[2], "theme=dark");
        // Cookies only read are not sent back.
        let unchanged = (CookieJar::from_cookies([Cookie::new("a", "1")]), "ok").into_response();
        assert!(unchanged.headers().get(SET_COOKIE).is_none());
    }
}
