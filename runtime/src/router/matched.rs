//! What the router finds for a method and a path.

use crate::event::method::MethodSet;

/// What the router found for a method and a path.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Route number `route` serves the request.
    Found(u16),
    /// Routes match the path, but not the method.
    MethodNotAllowed(MethodSet),
    /// No route matches the path.
    NotFound,
}
