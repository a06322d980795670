//! An API with shared state attached, made by [`Api::with_state`](crate::Api::with_state)(crate::Api::with_state).
//!
//! The API itself stays as the macros generated it; the state rides beside it and each request
//! borrows it (handlers take it as [`State<T>`](crate::State)).

use http::Extensions;

/// An API with state attached; made by [`Api::with_state`](crate::Api::with_state).
pub struct WithState<A> {
    pub(super) api: A,
    pub(super) state: Extensions,
}

impl<A> WithState<A> {
    pub(crate) fn new<T: Clone + Send + Sync + 'static>(api: A, value: T) -> Self {
        let mut state = Extensions::new();
        state.insert(value);
        WithState { api, state }
    }
}

impl<A> WithState<A> {
    /// Adds another value; a value of a type already there replaces it.
    pub fn with_state<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }
}
