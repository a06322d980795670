//! What the router finds for a method and a path.

use crate::event::method::{MethodKind, MethodSet};

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

/// Whether a route of methods `mask` (bit `n` for `MethodKind` `n`) takes `method`; if not, its
/// methods are added to `allowed`, for the `405` if no other route takes the request. The
/// router calls it once per route at the end of a path, `if takes(..) { return Found(route) }`:
/// one call where a `match` on the method would be an arm per method, for every route, that
/// every `cargo check` lowers and resolves again.
#[doc(hidden)]
#[inline(always)]
pub fn takes(method: MethodKind, mask: u8, allowed: &mut u8) -> bool {
    if mask & (1 << method as u8) != 0 {
        true
    } else {
        *allowed |= mask;
        false
    }
}

/// Segment `index` of the path: one call in the router's matching code, where
/// `let segment: &str = segments[index].as_ref();` is a type, an index and a method call for
/// every node of the route tree, that every `cargo check` lowers and resolves again.
#[doc(hidden)]
#[inline(always)]
pub fn segment<S: AsRef<str>>(segments: &[S], index: usize) -> &str {
    segments[index].as_ref()
}
