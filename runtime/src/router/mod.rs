//! Stage 4: a [`Request`](crate::Request) → the route that serves it → its handler's
//! [`Response`](crate::Response).
//!
//! `api` is the trait the generated router implements and the one function that serves an
//! event with it (404, 405, `HEAD`, panics); `route_info` is the table the macros compiled, as
//! data, and `route_table` how it is stored; `callback` the body every route's callback shares; `with_state` attaches shared state; `erased` puts an API behind a pointer for the
//! serving stage. Middleware, catchers and mounted groups act here.

mod api;
mod authorizer;
mod callback;
mod catch;
#[doc(hidden)]
pub mod chunk;
mod cors;
pub(crate) mod erased;
mod layer;
mod matched;
mod middleware;
pub(crate) mod panic;
pub(crate) mod route_info;
mod route_table;
pub(crate) mod schemas;
mod with_state;

pub use api::Api;
pub use catch::{Catch, Catcher};
pub use cors::Cors;
pub use layer::{Layer, Layered};
pub use matched::{segment, takes, Match};
pub use middleware::{group, Middleware, Next, Wrap};
pub use route_info::{
    ArgDoc, ArgInfo, ArgSource, Authorizer, BodySchema, Described, Forwarding, Package,
    ResponseDoc, RouteAuth, RouteInfo, Wire,
};
pub use route_table::RouteTable;
pub use schemas::Schemas;
pub use with_state::WithState;
