//! The API's [`Authorizer`], declared once with [`Api::authorizer`](crate::Api::authorizer): API
//! Gateway runs it before the function, and the `openapi` and `sam` documents wire it to every
//! route but those marked `auth = none`, with the scopes each route asks for.

use super::erased::DynApi;
use super::layer::Layer;
use super::route_info::{Authorizer, Forwarding};
use crate::request::extract::BoxFuture;
use crate::request::Request;
use crate::response::Response;

/// The API is served as it is; only the deploy documents change.
impl Layer for Authorizer {
    fn serve<'r>(
        &'r self,
        api: &'r dyn DynApi,
        request: &'r Request<'r>,
    ) -> BoxFuture<'r, Response> {
        api.serve(request)
    }

    fn forwarding(&self, api: &dyn DynApi) -> Forwarding {
        Forwarding {
            authorizer: Some(*self),
            ..api.forwarding()
        }
    }
}
