//! An API behind a pointer, for everything that serves it.
//!
//! The Lambda loop and the local server take a `dyn DynApi`, so they are compiled once, in
//! this crate, rather than once per API type in the application's crate: editing a handler
//! then recompiles the handler and its router, not tokio, hyper and `lambda_runtime`
//! instantiated with the router's future.


use lambda_runtime::Context;

use super::api::Api;
use crate::request::extract::BoxFuture;
use crate::request::Request;
use crate::response::Response;

/// The object-safe part of [`Api`] that serving needs, implemented for every API. The route
/// table is not in it: a vtable entry would link the table and its schemas into every binary.
pub(crate) trait DynApi: Send + Sync + 'static {
    /// [`Api::handle_event`].
    fn handle_event<'a>(&'a self, event: &'a [u8], context: &'a Context) -> BoxFuture<'a, Vec<u8>>;

    /// [`Api::serve`].
    fn serve<'r>(&'r self, request: &'r Request<'r>) -> BoxFuture<'r, Response>;

    /// [`Api::state`].
    fn state(&self) -> &http::Extensions;
}

impl<A: Api> DynApi for A {
    fn handle_event<'a>(&'a self, event: &'a [u8], context: &'a Context) -> BoxFuture<'a, Vec<u8>> {
        Box::pin(Api::handle_event(self, event, context))
    }

    fn serve<'r>(&'r self, request: &'r Request<'r>) -> BoxFuture<'r, Response> {
        Box::pin(Api::serve(self, request))
    }

    fn state(&self) -> &http::Extensions {
        Api::state(self)
    }
}
