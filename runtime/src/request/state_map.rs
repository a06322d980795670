//! Where an API keeps its shared state, for requests to borrow.

use std::any::{Any, TypeId};
use std::fmt;

/// The values an API was given with [`Api::with_state`](crate::Api::with_state), one per
/// type. A value is built once per cold start and shared by every request, so it needs only
/// `Send + Sync`, not `Clone`.
#[derive(Default)]
pub struct StateMap {
    // A few values at most: a linear search beats hashing.
    values: Vec<(TypeId, Box<dyn Any + Send + Sync>)>,
}

impl StateMap {
    /// No values.
    pub const fn new() -> Self {
        StateMap { values: Vec::new() }
    }

    /// Adds `value`, replacing the value of the same type if there was one.
    pub fn insert<T: Send + Sync + 'static>(&mut self, value: T) {
        let id = TypeId::of::<T>();
        match self.values.iter_mut().find(|(key, _)| *key == id) {
            Some((_, slot)) => *slot = Box::new(value),
            None => self.values.push((id, Box::new(value))),
        }
    }

    /// The value of type `T`, if the API has one.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        let id = TypeId::of::<T>();
        self.values
            .iter()
            .find(|(key, _)| *key == id)
            .and_then(|(_, value)| value.downcast_ref())
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl fmt::Debug for StateMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateMap")
            .field("len", &self.values.len())
            .finish()
    }
}

/// The state of an API that has none.
pub(crate) fn no_state() -> &'static StateMap {
    static EMPTY: StateMap = StateMap::new();
    &EMPTY
}
