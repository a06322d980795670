//! CORS: which browser origins may call the API, answered on every response and on preflights.
//!
//! A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered here
//! with exactly the methods of its path, which the router knows from the compiled route table:
//! the router is asked for the path with `OPTIONS` (a route that lists `OPTIONS` itself wins
//! and serves the preflight) and with a method no route can name (what only `ANY` routes
//! serve). Every other response from an allowed origin, errors included, gets the CORS headers.

use std::borrow::Cow;
use std::time::Duration;

use http::header::{
    HeaderName, HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, VARY,
};
use http::{HeaderMap, Method, StatusCode};

use super::erased::DynApi;
use super::layer::Layer;
use super::matched::Match;
use super::route_info::Forwarding;
use crate::event::method::{MethodKind, MethodSet};
use crate::request::extract::BoxFuture;
use crate::request::Request;
use crate::response::{IntoResponse, Rejection, Response};

/// Every method a route can name.
const EVERY_METHOD: MethodSet = MethodSet(0b111_1111);

/// Which origins may call the API from a browser, and with what; given to
/// [`Api::cors`](crate::Api::cors).
///
/// ```
/// use std::time::Duration;
/// use gatewright::prelude::*;
/// use gatewright::Cors;
///
/// #[route(GET | PUT, "/notes/<id>")]
/// fn note(id: u32) -> String {
///     format!("note {id}")
/// }
///
/// let cors = Cors::new()
///     .allow_origin("https://app.example.com")
///     .allow_headers(["content-type", "x-api-key"])
///     .max_age(Duration::from_secs(600));
/// let client = gatewright::testing::TestClient::new(gatewright::api!(note).cors(cors));
///
/// let preflight = client
///     .request(Method::OPTIONS, "/notes/1")
///     .header("origin", "https://app.example.com")
///     .header("access-control-request-method", "PUT")
///     .send();
/// assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
/// assert_eq!(preflight.headers()["access-control-allow-methods"], "GET, HEAD, PUT");
///
/// let response = client.get("/notes/1").header("origin", "https://app.example.com").send();
/// assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.com");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Cors {
    any_origin: bool,
    origins: Vec<String>,
    methods: Option<MethodSet>,
    any_header: bool,
    headers: Vec<String>,
    credentials: bool,
    max_age: Option<Duration>,
    exposed: Vec<String>,
}

impl Cors {
    /// A configuration that allows no origin yet.
    pub fn new() -> Self {
        Cors::default()
    }

    /// Allows `origin`, such as `https://app.example.com` (scheme, host and port, no path).
    pub fn allow_origin(mut self, origin: &str) -> Self {
        self.origins.push(origin.trim_end_matches('/').to_owned());
        self
    }

    /// Allows each of `origins`.
    pub fn allow_origins<I, S>(self, origins: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        origins
            .into_iter()
            .fold(self, |cors, origin| cors.allow_origin(origin.as_ref()))
    }

    /// Allows every origin: `Access-Control-Allow-Origin: *`, or the caller's own origin when
    /// credentials are allowed too (browsers refuse `*` with credentials).
    pub fn allow_any_origin(mut self) -> Self {
        self.any_origin = true;
        self
    }

    /// Allows only these methods, of those each path has; without it, a preflight is told
    /// every method of its path.
    pub fn allow_methods<I: IntoIterator<Item = Method>>(mut self, methods: I) -> Self {
        let mut set = MethodSet::default();
        for method in methods {
            let kind = MethodKind::of(&method);
            if kind != MethodKind::Other {
                set.0 |= 1 << kind as u8;
            }
        }
        self.methods = Some(set);
        self
    }

    /// Allows these request headers (beyond the CORS-safelisted ones), such as
    /// `content-type` for JSON or `authorization`.
    pub fn allow_headers<I, S>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.headers.extend(lowercase(headers));
        self
    }

    /// Allows whatever request headers a preflight asks for.
    pub fn allow_any_header(mut self) -> Self {
        self.any_header = true;
        self
    }

    /// Lets browsers send cookies and `Authorization` with their requests.
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.credentials = allow;
        self
    }

    /// How long a browser may reuse a preflight's answer.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Response headers, beyond the safelisted ones, that scripts may read (such as `location`).
    pub fn expose_headers<I, S>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.exposed.extend(lowercase(headers));
        self
    }

    /// Whether requests from `origin` may be read by the page that made them.
    pub fn allows(&self, origin: &str) -> bool {
        self.any_origin || self.origins.iter().any(|allowed| allowed == origin)
    }

    /// The `Access-Control-Allow-Origin` for an allowed origin.
    fn allow_origin_value(&self, origin: &str) -> Option<HeaderValue> {
        if self.any_origin && !self.credentials {
            Some(HeaderValue::from_static("*"))
        } else {
            HeaderValue::from_str(origin).ok()
        }
    }

    /// The headers every response to an allowed origin carries.
    fn decorate(&self, headers: &mut HeaderMap, origin: &str) {
        if let Some(value) = self.allow_origin_value(origin) {
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
        if self.credentials {
            headers.insert(
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        if !self.exposed.is_empty() {
            insert_list(headers, ACCESS_CONTROL_EXPOSE_HEADERS, &self.exposed);
        }
    }

    /// The answer to a preflight for a path whose routes allow `methods`.
    fn preflight_response(
        &self,
        request: &Request<'_>,
        origin: &str,
        methods: MethodSet,
    ) -> Response {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        self.decorate(headers, origin);
        headers.remove(ACCESS_CONTROL_EXPOSE_HEADERS);
        let methods = MethodSet(methods.0 & self.methods.unwrap_or(EVERY_METHOD).0);
        if let Ok(value) = HeaderValue::from_str(&methods.allow_header()) {
            headers.insert(ACCESS_CONTROL_ALLOW_METHODS, value);
        }
        let asked = header(request, "access-control-request-headers");
        if self.any_header {
            if let Some(value) = asked.and_then(|asked| HeaderValue::from_str(&asked).ok()) {
                headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, value);
            }
            headers.append(
                VARY,
                HeaderValue::from_static("access-control-request-headers"),
            );
        } else if !self.headers.is_empty() {
            insert_list(headers, ACCESS_CONTROL_ALLOW_HEADERS, &self.headers);
        }
        if let Some(max_age) = self.max_age {
            headers.insert(ACCESS_CONTROL_MAX_AGE, max_age.as_secs().into());
        }
        response
    }

    /// The methods a preflight for this request's path is told, or `None` when a route of
    /// the path serves `OPTIONS` itself, or no route has the path.
    fn path_methods(api: &dyn DynApi, request: &Request<'_>) -> Option<MethodSet> {
        let segments = request.segments();
        match api.find(MethodKind::Options, segments) {
            // Found with `OPTIONS`: a route that lists it, unless it is the `ANY` route
            // that a method no route names also finds.
            Match::Found(route) => match api.find(MethodKind::Other, segments) {
                Match::Found(any) if any == route => Some(EVERY_METHOD),
                _ => None,
            },
            Match::MethodNotAllowed(methods) => Some(methods),
            Match::NotFound => None,
        }
    }
}

/// Header names as HTTP/2 and API Gateway's payload 2.0 spell them.
fn lowercase<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> impl Iterator<Item = String> {
    names
        .into_iter()
        .map(|name| name.as_ref().to_ascii_lowercase())
}

fn insert_list(headers: &mut HeaderMap, name: HeaderName, values: &[String]) {
    if let Ok(value) = HeaderValue::from_str(&values.join(", ")) {
        headers.insert(name, value);
    }
}

/// The last value of a request header, if it is there.
fn header<'r>(request: &Request<'r>, name: &str) -> Option<Cow<'r, str>> {
    match request.header(name).ok()? {
        crate::request::Values::None => None,
        crate::request::Values::One(value) => Some(value),
        crate::request::Values::Many(mut values) => values.pop(),
    }
}

/// `Vary: Origin`, since the answer depends on who asks (unless every origin gets `*`).
fn vary_on_origin(cors: &Cors, response: &mut Response) {
    if !cors.any_origin || cors.credentials {
        response
            .headers_mut()
            .append(VARY, HeaderValue::from_static("origin"));
    }
}

impl Layer for Cors {
    fn serve<'r>(
        &'r self,
        api: &'r dyn DynApi,
        request: &'r Request<'r>,
    ) -> BoxFuture<'r, Response> {
        Box::pin(async move {
            let Some(origin) = header(request, "origin") else {
                let mut response = api.serve(request).await;
                vary_on_origin(self, &mut response);
                return response;
            };
            let preflight = request.method() == Method::OPTIONS
                && header(request, "access-control-request-method").is_some();
            if preflight {
                if let Some(methods) = Self::path_methods(api, request) {
                    let mut response = if self.allows(&origin) {
                        self.preflight_response(request, &origin, methods)
                    } else {
                        api.recover(
                            Rejection::OriginNotAllowed {
                                origin: origin.clone().into_owned(),
                            }
                            .into_response(),
                        )
                    };
                    vary_on_origin(self, &mut response);
                    return response;
                }
            }
            let mut response = api.serve(request).await;
            if self.allows(&origin) {
                self.decorate(response.headers_mut(), &origin);
            }
            vary_on_origin(self, &mut response);
            response
        })
    }

    fn forwarding(&self, api: &dyn DynApi) -> Forwarding {
        Forwarding {
            preflight: true,
            ..api.forwarding()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_origin_is_a_star_unless_credentials_are_allowed() {
        let any = Cors::new().allow_any_origin();
        assert!(any.allows("https://x.example"));
        assert_eq!(any.allow_origin_value("https://x.example").unwrap(), "*");
        let with_credentials = any.allow_credentials(true);
        assert_eq!(
            with_credentials
                .allow_origin_value("https://x.example")
                .unwrap(),
            "https://x.example"
        );
    }

    #[test]
    fn origins_are_compared_without_a_trailing_slash() {
        let cors = Cors::new().allow_origins(["https://a.example/", "http://127.0.0.1:8080"]);
        assert!(cors.allows("https://a.example"));
        assert!(cors.allows("http://127.0.0.1:8080"));
        assert!(!cors.allows("http://127.0.0.1:8081"));
        assert!(!Cors::new().allows("https://a.example"));
    }
}
