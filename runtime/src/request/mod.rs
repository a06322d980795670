//! Stage 3: an [`Event`](crate::Event) → the [`Request`] handlers read, and the traits that
//! read each argument from it ([`extract`]), shared state included.
//!
//! A request is built from an event (`parts`); its arguments are read by the extraction traits
//! (`extract`), whose failures are [`Rejection`](crate::Rejection)s from the response stage.
//! Guards and other user-written extractors belong here.

mod base_url;
mod claims;
mod claims_de;
#[cfg(feature = "cookies")]
mod cookie_jars;
#[cfg(feature = "cookies")]
mod cookies;
pub mod extract;
mod file_name;
#[cfg(feature = "forms")]
mod form;
#[cfg(any(feature = "forms", feature = "multipart"))]
mod media_type;
#[cfg(feature = "multipart")]
mod multipart;
mod parts;
mod state;
mod state_map;
#[cfg(feature = "garde")]
mod valid;

pub use base_url::{BasePath, BaseUrl};
pub use claims::{Claims, IamCaller, Scopes};
pub use file_name::FileName;
#[cfg(feature = "forms")]
pub use form::{Form, FORM_URLENCODED};
#[cfg(feature = "multipart")]
pub use multipart::{Multipart, Part, MULTIPART_FORM_DATA};
pub use parts::{Request, RequestContext, Values};
pub use state::State;
pub(crate) use state_map::no_state;
pub use state_map::StateMap;
#[cfg(feature = "garde")]
pub use valid::Valid;
