//! Shared state attached to an API by [`Api::with_state`](crate::Api::with_state).
//!
//! The state rides beside the API as a [`StateMap`], and each request borrows it (handlers
//! take it as [`State<T>`](crate::State)). Adding state to an API that already has some, even
//! with layers between, moves the values out to the new outer map, so requests see them all.

use crate::request::StateMap;

/// An API with state attached; made by [`Api::with_state`](crate::Api::with_state).
pub struct WithState<A> {
    pub(super) api: A,
    pub(super) state: StateMap,
}

impl<A> WithState<A> {
    pub(super) fn new(api: A, state: StateMap) -> Self {
        WithState { api, state }
    }

    /// Adds another value; a value of a type already there replaces it.
    pub fn with_state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }
}
