//! Stage 3: an [`Event`](crate::Event) → the [`Request`] handlers read, and the traits that
//! read each argument from it ([`extract`]), shared state included.
//!
//! A request is built from an event (`parts`); its arguments are read by the extraction traits
//! (`extract`), whose failures are [`Rejection`](crate::Rejection)s from the response stage.
//! Guards and other user-written extractors belong here.

mod claims;
mod claims_de;
pub mod extract;
mod file_name;
mod parts;
mod state;
mod state_map;

pub use claims::{Claims, IamCaller, Scopes};
pub use file_name::FileName;
pub use parts::{Request, RequestContext, Values};
pub use state::State;
pub(crate) use state_map::no_state;
pub use state_map::StateMap;
