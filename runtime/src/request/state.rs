//! Shared state: values built once per cold start (a database client, configuration) that
//! handlers take as arguments.
//!
//! ```
//! use gatewright::prelude::*;
//! use gatewright::{Api, State};
//!
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

use std::ops::Deref;

use super::extract::FromRequest;
use super::parts::Request;
use crate::response::Rejection;

/// A value of type `T` given to the API with [`Api::with_state`](crate::Api::with_state), borrowed for the request.
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
    type Rejection = Rejection;
    type Future = std::future::Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(
            request
                .state()
                .get::<T>()
                .map(State)
                .ok_or(Rejection::MissingState {
                    type_name: std::any::type_name::<T>(),
                }),
        )
    }
}
