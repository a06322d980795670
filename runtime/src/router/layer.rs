//! An API inside a layer (middleware, a catcher, CORS), which wraps the API it is given and
//! delegates what it doesn't change. The API inside is seen through [`DynApi`], so a layer is
//! compiled once whatever the API, and the `Api` impl of [`Layered`] (in `api.rs`) is the
//! only part generic over both.

use super::erased::DynApi;
use super::route_info::Forwarding;
use crate::request::extract::BoxFuture;
use crate::request::Request;
use crate::response::Response;

/// What a layer changes about the API inside it: how requests are served, and optionally
/// the answers made before there is a request, and what API Gateway must forward.
#[doc(hidden)]
pub trait Layer: Send + Sync + 'static {
    /// Serves a request, usually by way of `api.serve(request)`.
    fn serve<'r>(
        &'r self,
        api: &'r dyn DynApi,
        request: &'r Request<'r>,
    ) -> BoxFuture<'r, Response>;

    /// A response made before there was a request.
    fn recover(&self, api: &dyn DynApi, response: Response) -> Response {
        api.recover(response)
    }

    /// What API Gateway must forward.
    fn forwarding(&self, api: &dyn DynApi) -> Forwarding {
        api.forwarding()
    }
}

/// An API wrapped in a layer; it is an [`Api`](crate::Api) itself, so layers stack. The
/// last one added is the outermost: it sees the request first and the response last.
pub struct Layered<A, L> {
    pub(super) api: A,
    pub(super) layer: L,
}

impl<A, L> Layered<A, L> {
    pub(super) fn new(api: A, layer: L) -> Self {
        Layered { api, layer }
    }

    /// The layer.
    pub fn layer(&self) -> &L {
        &self.layer
    }
}
