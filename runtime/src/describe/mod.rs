//! Stage 5, beside the per-request path: the route table described for people and tools.
//!
//! `schema`, `request_doc` and `response_doc` hold the traits that give argument and response
//! types their JSON schemas (into the route table's [`Schemas`](crate::Schemas)), `probe` the
//! calls the generated code makes to them;
//! `routes_table`, `openapi` and `sam` (with `yaml`) turn the compiled table into the binary's
//! subcommands' output; `uri` builds a route's path from typed values for [`uri!`](crate::uri!).
//! Nothing on the per-request path imports this stage, so none of it is linked into a release
//! build that doesn't use it.

mod bodies;
pub mod openapi;
pub mod probe;
pub(crate) mod request_doc;
pub(crate) mod response_doc;
pub mod routes_table;
pub mod sam;
pub(crate) mod schema;
pub mod uri;
mod yaml;

pub use request_doc::{BodyDoc, DescribeRequest};
pub use response_doc::DescribeResponse;
pub use schema::Describe;
