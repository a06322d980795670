//! `BaseUrl`: where the API's routes start in the URL the client used, to build links and
//! redirects that are right behind a stage or a custom domain's base path.

use std::borrow::Cow;
use std::future::Ready;

use super::extract::FromRequest;
use super::parts::Request;
use crate::event::EventSource;
use crate::response::Rejection;

/// The path the client's URL had before the API's routes: the stage of an `execute-api` URL
/// (`/prod`), a custom domain's base path (`/orders`), or nothing.
///
/// | front door | prefix |
/// |---|---|
/// | REST API (and the local server) | `requestContext.path` less the API-relative path: `/prod` through `execute-api`, the base path through a custom domain |
/// | HTTP API, through `execute-api` | `/` + the stage, unless the stage is `$default` |
/// | HTTP API, through a custom domain | the [`BasePath`] in the API's state, if any: the event doesn't say which API mapping the client used |
/// | Function URL, load balancer | nothing |
///
/// ```
/// use gatewright::prelude::*;
/// use gatewright::{BaseUrl, Redirect};
///
/// #[route(GET, "/items/<id>")]
/// fn item(id: u32) -> String {
///     format!("item {id}")
/// }
///
/// #[route(POST, "/items")]
/// fn create(base: BaseUrl) -> Redirect {
///     Redirect::to(base.join(gatewright::uri!(item(id = 7))))
/// }
/// # let client = gatewright::testing::TestClient::new(gatewright::api!(item, create));
/// # assert_eq!(client.post("/items").send().header("location"), Some("/items/7"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl<'r> {
    prefix: Cow<'r, str>,
}

impl<'r> BaseUrl<'r> {
    /// The prefix: empty, or `/` and segments with no trailing `/`, as the client sent them.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// `path` (from the API's root, such as what [`uri!`](crate::uri!) builds) as the client
    /// would reach it: the prefix, then `path`.
    pub fn join(&self, path: impl AsRef<str>) -> String {
        let path = path.as_ref();
        let mut out = String::with_capacity(self.prefix.len() + path.len() + 1);
        out.push_str(&self.prefix);
        if !path.starts_with('/') {
            out.push('/');
        }
        out.push_str(path);
        out
    }
}

/// The base path of the API mapping that serves an HTTP API on a custom domain, given to the
/// API as state (`.with_state(BasePath::new("/orders"))`): an HTTP API's event names the stage
/// but not the mapping, so [`BaseUrl`] can't tell it otherwise. REST API events carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasePath(String);

impl BasePath {
    /// `path`, such as `orders` or `/orders/v1/`: written with one leading `/` and none
    /// trailing; empty for the root.
    pub fn new(path: &str) -> Self {
        let trimmed = path.trim_matches('/');
        match trimmed {
            "" => BasePath(String::new()),
            _ => BasePath(format!("/{trimmed}")),
        }
    }

    /// The path, `/orders`, or empty.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'r> FromRequest<'r> for BaseUrl<'r> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(prefix(request).map(|prefix| BaseUrl { prefix }))
    }
}

fn prefix<'r>(request: &'r Request<'r>) -> Result<Cow<'r, str>, Rejection> {
    match request.event().source() {
        EventSource::RestApi => {
            let context = request.request_context()?;
            let Some(path) = context.path.as_deref() else {
                return Ok(Cow::Borrowed(""));
            };
            Ok(Cow::Owned(
                strip_segments(path, request.segments().len()).to_owned(),
            ))
        }
        EventSource::HttpApiV1 | EventSource::HttpApiV2 => {
            let context = request.request_context()?;
            let custom_domain = context
                .domain_name
                .as_deref()
                .is_some_and(|domain| !domain.contains(".execute-api."));
            if custom_domain {
                let base = request.state().get::<BasePath>();
                return Ok(Cow::Borrowed(base.map_or("", BasePath::as_str)));
            }
            Ok(match context.stage.as_deref() {
                None | Some("$default") | Some("") => Cow::Borrowed(""),
                Some(stage) => Cow::Owned(format!("/{stage}")),
            })
        }
        // Function URLs and load balancers pass the client's path as it is.
        _ => Ok(Cow::Borrowed("")),
    }
}

/// `path` without its last `count` segments (one trailing `/` aside): the part before the
/// API-relative path. Empty when `path` has no more segments than that.
fn strip_segments(path: &str, count: usize) -> &str {
    let mut rest = path.strip_suffix('/').unwrap_or(path);
    for _ in 0..count {
        match rest.rfind('/') {
            Some(slash) => rest = &rest[..slash],
            None => return "",
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_what_precedes_the_api_relative_segments() {
        for (path, count, prefix) in [
            ("/prod/hello/world", 2, "/prod"),
            ("/prod/hello/world/", 2, "/prod"),
            ("/v1/admin/hello", 1, "/v1/admin"),
            ("/hello", 1, ""),
            ("/prod", 0, "/prod"),
            ("/prod/", 0, "/prod"),
            ("/", 0, ""),
            ("/a", 3, ""),
        ] {
            assert_eq!(strip_segments(path, count), prefix, "{path} less {count}");
        }
    }

    #[test]
    fn base_paths_are_normalized() {
        assert_eq!(BasePath::new("orders/").as_str(), "/orders");
        assert_eq!(BasePath::new("/a/b").as_str(), "/a/b");
        assert_eq!(BasePath::new("/").as_str(), "");
        let base = BaseUrl {
            prefix: Cow::Borrowed("/prod"),
        };
        assert_eq!(base.join("/items/7?x=1"), "/prod/items/7?x=1");
        assert_eq!(base.join("items"), "/prod/items");
    }
}
