//! Stage 1: the bytes of an event → [`Event`], its source and its fields, borrowed from the
//! bytes and decoded only when read.
//!
//! `scan` checks that the event is JSON (exactly what serde_json accepts) and finds the
//! top-level keys of an object (`explain` says why when it isn't), `raw` keeps the maps (headers, query, stage variables) as text
//! until a key is asked for, `proxy_event` tells the source from its
//! markers, `path` and `query` decode what the router and handlers read (with `percent`), and
//! `synthetic` writes the events the local server and the test client send. Nothing here
//! knows about requests, routes or responses.

mod explain;
pub(crate) mod method;
pub(crate) mod path;
mod percent;
mod proxy_event;
pub(crate) mod query;
pub(crate) mod raw;
mod scan;
pub(crate) mod synthetic;

pub(crate) use percent::decode_component;
pub use proxy_event::{Event, EventError, EventSource};
