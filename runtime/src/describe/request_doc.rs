//! [`DescribeRequest`]: what an argument read from the whole request takes from it, and the
//! body of every [`Rejection`](crate::response::Rejection).

use serde_json::{json, Value};

use super::schema::Describe;
use crate::request::extract::RawBody;
use crate::response::Json;
use crate::router::Schemas;

/// The body an argument read from the whole request takes, if any.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BodyDoc {
    /// The body's content type.
    pub content_type: &'static str,
    /// The JSON schema of the body.
    pub schema: Value,
    /// Whether a request without a (valid) body is refused.
    pub required: bool,
    /// Whether a body that breaks its type's rules is refused with `422`
    /// (`Valid<T>`, the `garde` feature).
    pub validated: bool,
}

impl BodyDoc {
    /// A body of `content_type` described by `schema`.
    pub fn new(content_type: &'static str, schema: Value, required: bool) -> Self {
        BodyDoc {
            content_type,
            schema,
            required,
            validated: false,
        }
    }
}

/// Describes what an argument read from the whole request ([`FromRequest`](crate::FromRequest))
/// takes from it: the body, or nothing a client sends as a parameter.
pub trait DescribeRequest {
    /// The body it reads, if any; its schema refers to `schemas` for the types it shares.
    fn body(schemas: &mut Schemas) -> Option<BodyDoc>;
}

/// A JSON body described by `T`.
impl<T: Describe> DescribeRequest for Json<T> {
    fn body(schemas: &mut Schemas) -> Option<BodyDoc> {
        Some(BodyDoc::new(
            "application/json",
            T::schema_in(schemas),
            true,
        ))
    }
}

/// Any bytes.
impl DescribeRequest for RawBody<'_> {
    fn body(_: &mut Schemas) -> Option<BodyDoc> {
        Some(BodyDoc::new(
            "application/octet-stream",
            json!({ "type": "string", "format": "binary" }),
            false,
        ))
    }
}

/// The same body, but a request without one is served too.
impl<T: DescribeRequest, E> DescribeRequest for Result<T, E> {
    fn body(schemas: &mut Schemas) -> Option<BodyDoc> {
        T::body(schemas).map(|body| BodyDoc {
            required: false,
            ..body
        })
    }
}

/// The JSON body every rejection has: an `error` message and string details; a `422` lists
/// every failing field in `fields`.
pub(crate) fn rejection_schema() -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": { "type": "string" },
            "fields": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "message"],
                    "properties": { "path": { "type": "string" }, "message": { "type": "string" } },
                },
            },
        },
        "additionalProperties": { "type": "string" },
    })
}

/// The same body, refused with `422` when it breaks its type's rules.
#[cfg(feature = "garde")]
impl<T: DescribeRequest> DescribeRequest for crate::request::Valid<T> {
    fn body(schemas: &mut Schemas) -> Option<BodyDoc> {
        T::body(schemas).map(|body| BodyDoc {
            validated: true,
            ..body
        })
    }
}
