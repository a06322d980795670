//! Catchers: the API's own answers to what gatewright would otherwise answer itself.
//!
//! Every [`Rejection`] becomes a response that carries it (in the response's extensions), so
//! a catcher wrapped around the API finds it there, whether it came from the router (`404`,
//! `405`), an argument that didn't parse (`400`), a panic (`500`) or an event that couldn't
//! be read; and it answers in every source's shape, as any response does.

use http::header::CONTENT_TYPE;

use serde_json::Value;

use super::erased::DynApi;
use super::layer::{Layer, Layered};
use super::route_info::{BodySchema, Forwarding};
use super::schemas::Schemas;
use crate::request::extract::BoxFuture;
use crate::request::Request;
use crate::response::{IntoResponse, Rejection, Response};

/// Turns a [`Rejection`] into the API's own response: any `Fn(&Rejection) -> impl IntoResponse`.
///
/// ```
/// use gatewright::prelude::*;
/// use gatewright::Rejection;
///
/// #[route(GET, "/users/<id>")]
/// fn user(id: u64) -> String {
///     format!("user {id}")
/// }
///
/// fn problem(rejection: &Rejection) -> impl IntoResponse {
///     let status = rejection.status();
///     (status, [("content-type", "application/problem+json")], format!(r#"{{"status":{}}}"#, status.as_u16()))
/// }
///
/// let client = gatewright::testing::TestClient::new(gatewright::api!(user).catch(problem));
/// let response = client.get("/users/x").send();
/// assert_eq!(response.status(), StatusCode::BAD_REQUEST);
/// assert_eq!(response.text(), r#"{"status":400}"#);
/// assert_eq!(client.get("/nowhere").send().text(), r#"{"status":404}"#);
/// ```
///
/// The headers of the rejection's response other than its content type (a `405`'s `Allow`,
/// headers a group's middleware set) are kept unless the catcher sets them, and the response
/// keeps the rejection, so middleware outside the catcher can still tell what happened.
pub trait Catcher: Send + Sync + 'static {
    /// The response to `rejection`.
    fn catch(&self, rejection: &Rejection) -> Response;
}

impl<F, R> Catcher for F
where
    F: Fn(&Rejection) -> R + Send + Sync + 'static,
    R: IntoResponse,
{
    fn catch(&self, rejection: &Rejection) -> Response {
        self(rejection).into_response()
    }
}

/// The layer [`Api::catch`](crate::Api::catch) adds.
#[doc(hidden)]
pub struct Catch<C>(pub(super) C, pub(super) Option<BodySchema>);

impl<A, C> Layered<A, Catch<C>> {
    /// Says what the catcher's bodies are, for the `openapi` document: the schema of its
    /// answers to the requests gatewright turns away (`400`, `404`, `422`, ...), in place of
    /// [`Rejection::body`]'s; such as `ApiError::schema_in` of a type that derives
    /// `JsonSchema` or implements [`Describe`](crate::Describe).
    ///
    /// ```
    /// use gatewright::prelude::*;
    /// use gatewright::{Describe, Rejection};
    ///
    /// #[route(GET, "/users/<id>")]
    /// fn user(id: u64) -> String {
    ///     format!("user {id}")
    /// }
    ///
    /// fn problem(rejection: &Rejection) -> (StatusCode, Json<String>) {
    ///     (rejection.status(), Json(rejection.body()))
    /// }
    ///
    /// let api = gatewright::api!(user).catch(problem).describe_as(String::schema_in);
    /// let info = gatewright::openapi::Info::new("users", "1");
    /// let document = gatewright::openapi::document(api.routes(), &info.forwarding(api.forwarding()));
    /// let bad = &document["paths"]["/users/{id}"]["get"]["responses"]["400"];
    /// assert_eq!(bad["content"]["application/json"]["schema"], serde_json::json!({ "type": "string" }));
    /// ```
    pub fn describe_as(mut self, schema: fn(&mut Schemas) -> Value) -> Self {
        self.layer.1 = Some(BodySchema(schema));
        self
    }
}

impl<C: Catcher> Catch<C> {
    fn apply(&self, mut response: Response) -> Response {
        let Some(rejection) = response.extensions_mut().remove::<Rejection>() else {
            return response;
        };
        let mut caught = self.0.catch(&rejection);
        // What was set on the way out (a 405's `Allow`, a group middleware's headers) stays,
        // unless the catcher sets it; the body and its type are the catcher's.
        let mut last = None;
        for (name, value) in std::mem::take(response.headers_mut()) {
            if let Some(name) = name {
                last =
                    (name != CONTENT_TYPE && !caught.headers().contains_key(&name)).then_some(name);
            }
            if let Some(name) = &last {
                caught.headers_mut().append(name.clone(), value);
            }
        }
        caught.extensions_mut().insert(rejection);
        caught
    }
}

impl<C: Catcher> Layer for Catch<C> {
    fn serve<'r>(
        &'r self,
        api: &'r dyn DynApi,
        request: &'r Request<'r>,
    ) -> BoxFuture<'r, Response> {
        Box::pin(async move { self.apply(api.serve(request).await) })
    }

    fn recover(&self, api: &dyn DynApi, response: Response) -> Response {
        self.apply(api.recover(response))
    }

    /// The API answers unmatched paths itself: API Gateway must send them.
    fn forwarding(&self, api: &dyn DynApi) -> Forwarding {
        Forwarding {
            unmatched: true,
            rejection_body: self.1,
            ..api.forwarding()
        }
    }
}
