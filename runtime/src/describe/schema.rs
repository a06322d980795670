//! [`Describe`]: the JSON schema of a type's values, for parameters and JSON bodies.
//!
//! The macro writes, for each argument and return type, a call to the describing traits
//! through a function pointer in the route table; it never guesses from how a type is spelled.
//! A type that implements none of them still compiles, and is described as well as can be
//! known:
//!
//! | type | described as |
//! |---|---|
//! | a path, query, header or stage argument whose type doesn't implement [`Describe`] | `{"type": "string"}` (values arrive as strings); `Option<T>` and `Vec<T>` of one are still optional, and an array |
//! | a `Json<T>` body or response where `T` doesn't implement [`Describe`] | `{}`: any JSON |
//! | another return type that doesn't implement [`DescribeResponse`](crate::DescribeResponse) | a response whose status and body are chosen at run time |
//! | `Result<T, E>` where only `T` describes itself | `T`'s responses, and one whose status and body are chosen at run time |
//! | another argument that doesn't implement [`DescribeRequest`](crate::DescribeRequest) | not part of the request's parameters or body |
//!
//! **With the `schemars` feature**, every type that implements `schemars::JsonSchema`
//! (`#[derive(JsonSchema)]`) implements [`Describe`] through it: serde's attributes (`rename`,
//! `tag`, `default`, ...) and validation attributes (`#[garde(length(max = 100))]`) are in the
//! schema, and a named type is one entry of the document's `components/schemas` that every use
//! refers to. Then `schemars` describes the standard types too, with the same schemas as
//! without it; a type of yours that implements `Describe` by hand keeps its schema where it is
//! used directly (implement `JsonSchema` instead for it to be described inside an `Option`, a
//! `Vec` or another type; a type can't implement both).
//!
//! Without the feature, implement [`Describe`] for your own types to document them:
//!
//! ```
//! use gatewright::Describe;
//! use serde_json::{json, Value};
//!
//! #[derive(serde::Deserialize)]
//! struct NewUser {
//!     name: String,
//!     age: Option<u8>,
//! }
//!
//! impl Describe for NewUser {
//!     fn schema() -> Value {
//!         json!({
//!             "type": "object",
//!             "required": ["name"],
//!             "properties": { "name": String::schema(), "age": Option::<u8>::schema() },
//!         })
//!     }
//! }
//! ```

use serde_json::{json, Value};

use crate::router::Schemas;

/// The JSON schema of a type's values: an OpenAPI 3.0 Schema Object.
///
/// Implemented for the integer and float types (with their bounds), `bool`, `char`, `String`,
/// `str`, `Cow<str>`, `FileName` (with a `pattern`), `Segments`, `Option<T>` (nullable; an
/// optional parameter), `Vec<T>`, slices and arrays, maps with string keys, `Box`, `Arc`,
/// references, and `serde_json::Value` (`{}`); with the `schemars` feature, for every type
/// that implements `schemars::JsonSchema` instead.
pub trait Describe {
    /// The schema, standing alone: nested types written out.
    fn schema() -> Value;

    /// The schema as part of a document whose shared schemas are `schemas`: with the
    /// `schemars` feature, a named type is a `$ref` to its entry there. By default, [`schema`](Describe::schema).
    fn schema_in(schemas: &mut Schemas) -> Value {
        let _ = schemas;
        Self::schema()
    }
}

/// With `schemars`: every `JsonSchema` type, through its schema.
#[cfg(feature = "schemars")]
impl<T: schemars::JsonSchema + ?Sized> Describe for T {
    fn schema() -> Value {
        Schemas::inline().json_schema::<T>()
    }

    fn schema_in(schemas: &mut Schemas) -> Value {
        schemas.json_schema::<T>()
    }
}

fn string() -> Value {
    json!({ "type": "string" })
}

/// A string that is one file name: not empty, not `.` or `..`, and without `/`, `\` or
/// control characters (in the pattern, a name starts with a character other than `.`, or with
/// `.` and another character, or with `..` and a third).
fn file_name() -> Value {
    json!({
        "type": "string",
        "minLength": 1,
        "pattern": r"^(?:\.?[^./\\\x00-\x1F\x7F-\x9F]|\.\.[^/\\\x00-\x1F\x7F-\x9F])[^/\\\x00-\x1F\x7F-\x9F]*$",
    })
}

#[cfg(feature = "schemars")]
mod json_schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};

    use super::{file_name, string};
    use crate::request::extract::Segments;
    use crate::request::FileName;

    fn schema(value: serde_json::Value) -> Schema {
        Schema::try_from(value).unwrap_or_default()
    }

    impl JsonSchema for FileName<'_> {
        fn inline_schema() -> bool {
            true
        }

        fn schema_name() -> Cow<'static, str> {
            "FileName".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            schema(file_name())
        }
    }

    impl JsonSchema for Segments<'_> {
        fn inline_schema() -> bool {
            true
        }

        fn schema_name() -> Cow<'static, str> {
            "Segments".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            schema(string())
        }
    }
}

/// Without `schemars`: gatewright's own descriptions of the standard types (the same schemas
/// `schemars` gives with the feature).
#[cfg(not(feature = "schemars"))]
mod by_hand {
    use std::borrow::Cow;
    use std::collections::{BTreeMap, HashMap};
    use std::sync::Arc;

    use serde_json::{json, Value};

    use super::{file_name, string, Describe};
    use crate::request::extract::Segments;
    use crate::request::FileName;
    use crate::router::schemas::integer_schema;
    use crate::router::Schemas;

    macro_rules! describe_integers {
        ($($ty:ident)*) => {$(
            impl Describe for $ty {
                fn schema() -> Value {
                    integer_schema(stringify!($ty)).unwrap_or_default()
                }
            }
        )*};
    }

    describe_integers!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize);

    impl Describe for f32 {
        fn schema() -> Value {
            json!({ "type": "number", "format": "float" })
        }
    }

    impl Describe for f64 {
        fn schema() -> Value {
            json!({ "type": "number", "format": "double" })
        }
    }

    impl Describe for bool {
        fn schema() -> Value {
            json!({ "type": "boolean" })
        }
    }

    impl Describe for char {
        fn schema() -> Value {
            json!({ "type": "string", "minLength": 1, "maxLength": 1 })
        }
    }

    impl Describe for str {
        fn schema() -> Value {
            string()
        }
    }

    impl Describe for String {
        fn schema() -> Value {
            string()
        }
    }

    impl Describe for Segments<'_> {
        fn schema() -> Value {
            string()
        }
    }

    impl Describe for FileName<'_> {
        fn schema() -> Value {
            file_name()
        }
    }

    impl Describe for Value {
        fn schema() -> Value {
            json!({})
        }
    }

    macro_rules! describe_as_inner {
        ($($ty:ty => ($($bound:tt)*);)*) => {$(
            impl<T: Describe + $($bound)*> Describe for $ty {
                fn schema() -> Value {
                    T::schema()
                }

                fn schema_in(schemas: &mut Schemas) -> Value {
                    T::schema_in(schemas)
                }
            }
        )*};
    }

    describe_as_inner! {
        &T => (?Sized);
        Box<T> => (?Sized);
        Arc<T> => (?Sized);
        Cow<'_, T> => (ToOwned + ?Sized);
    }

    /// `null` or a `T`.
    impl<T: Describe> Describe for Option<T> {
        fn schema() -> Value {
            Self::schema_in(&mut Schemas::inline())
        }

        fn schema_in(schemas: &mut Schemas) -> Value {
            let mut schema = T::schema_in(schemas);
            if let Value::Object(map) = &mut schema {
                map.insert("nullable".into(), Value::Bool(true));
            }
            schema
        }
    }

    macro_rules! describe_arrays {
        ($($ty:ty $(, const $n:ident)?;)*) => {$(
            impl<T: Describe $(, const $n: usize)?> Describe for $ty {
                fn schema() -> Value {
                    Self::schema_in(&mut Schemas::inline())
                }

                fn schema_in(schemas: &mut Schemas) -> Value {
                    #[allow(unused_mut)]
                    let mut schema = json!({ "type": "array", "items": T::schema_in(schemas) });
                    $(
                        schema["minItems"] = Value::from($n);
                        schema["maxItems"] = Value::from($n);
                    )?
                    schema
                }
            }
        )*};
    }

    describe_arrays! {
        Vec<T>;
        [T];
        [T; N], const N;
    }

    impl<V: Describe, S> Describe for HashMap<String, V, S> {
        fn schema() -> Value {
            Self::schema_in(&mut Schemas::inline())
        }

        fn schema_in(schemas: &mut Schemas) -> Value {
            json!({ "type": "object", "additionalProperties": V::schema_in(schemas) })
        }
    }

    impl<V: Describe> Describe for BTreeMap<String, V> {
        fn schema() -> Value {
            Self::schema_in(&mut Schemas::inline())
        }

        fn schema_in(schemas: &mut Schemas) -> Value {
            json!({ "type": "object", "additionalProperties": V::schema_in(schemas) })
        }
    }

    impl Describe for serde_json::Map<String, Value> {
        fn schema() -> Value {
            json!({ "type": "object" })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::extract::Segments;
    use crate::request::FileName;

    /// The same schemas with and without `schemars` (`cargo test --features schemars`).
    #[test]
    fn standard_types_are_described_alike_with_and_without_schemars() {
        assert_eq!(
            u8::schema(),
            json!({ "type": "integer", "format": "int32", "minimum": 0, "maximum": 255 })
        );
        assert_eq!(
            Option::<u64>::schema(),
            json!({ "type": "integer", "minimum": 0, "maximum": u64::MAX, "nullable": true })
        );
        assert_eq!(
            Vec::<String>::schema(),
            json!({ "type": "array", "items": { "type": "string" } })
        );
        assert_eq!(
            <[bool; 2]>::schema(),
            json!({ "type": "array", "items": { "type": "boolean" }, "minItems": 2, "maxItems": 2 })
        );
        assert_eq!(
            f64::schema(),
            json!({ "type": "number", "format": "double" })
        );
        assert_eq!(
            char::schema(),
            json!({ "type": "string", "minLength": 1, "maxLength": 1 })
        );
        assert_eq!(Value::schema(), json!({}));
        assert_eq!(FileName::schema(), file_name());
        assert_eq!(Segments::schema(), string());
        assert_eq!(
            std::collections::BTreeMap::<String, i8>::schema(),
            json!({ "type": "object", "additionalProperties": i8::schema() })
        );
    }
}
