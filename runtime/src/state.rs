//! Shared state: values built once per cold start (a database client, configuration) that
//! handlers take as arguments.
//!
//! ```
//! use gatewright::prelude::*;
//! use gatewright::{Api, State};
//!
//! #[derive(Clone)]
//! struct Config {
//!     greeting: String,
//! }
//!
//! #[route(GET, "/hello/<name>")]
//! fn hello(name: String, config: State<Config>) -> String {
//!     format!("{}, {name}!", config.greeting)
//! }
//!
//! let api = gatewright::api!(hello).with_state(Config { greeting: "Hi".into() });
//! # let response = gatewright::testing::TestClient::new(api).get("/hello/bob").send();
//! # assert_eq!(response.text(), "Hi, bob!");
//! ```

use std::future::Future;
use std::ops::Deref;

use http::Extensions;

use crate::api::{Api, Match};
use crate::extract::FromRequest;
use crate::method::MethodKind;
use crate::rejection::Rejection;
use crate::request::Request;
use crate::response::Response;
use crate::route_info::{Package, RouteInfo};

/// A value of type `T` given to the API with [`Api::with_state`], borrowed for the request.
#[derive(Debug)]
pub struct State<'r, T>(pub &'r T);

impl<T> Deref for State<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0
    }
}

impl<T> Clone for State<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for State<'_, T> {}

/// A missing state is a bug in `main`, not in the request: `500`, and the log line names the type.
impl<'r, T: Send + Sync + 'static> FromRequest<'r> for State<'r, T> {
    fn from_request(request: &'r Request<'r>) -> Result<Self, Rejection> {
        request
            .state()
            .get::<T>()
            .map(State)
            .ok_or(Rejection::MissingState {
                type_name: std::any::type_name::<T>(),
            })
    }
}

/// An API with state attached; made by [`Api::with_state`].
pub struct WithState<A> {
    api: A,
    state: Extensions,
}

impl<A> WithState<A> {
    pub(crate) fn new<T: Clone + Send + Sync + 'static>(api: A, value: T) -> Self {
        let mut state = Extensions::new();
        state.insert(value);
        WithState { api, state }
    }
}

impl<A: Api> WithState<A> {
    /// Adds another value; a value of a type already there replaces it.
    pub fn with_state<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }
}

impl<A: Api> Api for WithState<A> {
    fn route<S: AsRef<str>>(&self, method: MethodKind, segments: &[S]) -> Match {
        self.api.route(method, segments)
    }

    fn call<'r>(
        &'r self,
        route: u16,
        request: &'r Request<'r>,
    ) -> impl Future<Output = Response> + Send + 'r {
        self.api.call(route, request)
    }

    fn routes(&self) -> &'static [RouteInfo] {
        self.api.routes()
    }

    fn package(&self) -> Package {
        self.api.package()
    }

    fn state(&self) -> &Extensions {
        &self.state
    }
}
