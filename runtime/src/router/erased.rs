//! An API behind a pointer, for everything that serves it.
//!
//! The Lambda loop and the local server take a `dyn DynApi`, so they are compiled once, in
//! this crate, rather than once per API type in the application's crate: editing a handler
//! then recompiles the handler and its router, not tokio, hyper and `lambda_runtime`
//! instantiated with the router's future.

use std::borrow::Cow;

use lambda_runtime::Context;

use super::matched::Match;
use super::route_info::Forwarding;
use crate::event::method::MethodKind;
use crate::request::extract::BoxFuture;
use crate::request::{Request, StateMap};
use crate::response::Response;

/// The object-safe part of [`Api`](crate::Api) that serving and layers need, implemented for
/// every API (in `api.rs`). The route table is not in it: a vtable entry would link the table
/// and its schemas into every binary.
#[doc(hidden)]
pub trait DynApi: Send + Sync + 'static {
    /// [`Api::handle_event`](crate::Api::handle_event).
    fn handle_event<'a>(&'a self, event: &'a [u8], context: &'a Context) -> BoxFuture<'a, Vec<u8>>;

    /// [`Api::serve`](crate::Api::serve).
    fn serve<'r>(&'r self, request: &'r Request<'r>) -> BoxFuture<'r, Response>;

    /// `Api::recover`.
    fn recover(&self, response: Response) -> Response;

    /// [`Api::state`](crate::Api::state).
    fn state(&self) -> &StateMap;

    /// `Api::forwarding`.
    fn forwarding(&self) -> Forwarding;

    /// What the router finds for `method` on these segments.
    fn find(&self, method: MethodKind, segments: &[Cow<'_, str>]) -> Match;
}
