//! Where described types put the schemas they share, as the route table is described:
//! OpenAPI's `components/schemas`.
//!
//! With the `schemars` feature, a [`Schemas`] holds one `schemars` generator: a type deriving
//! `JsonSchema` is described once under its name, and every use of it is a
//! `{"$ref": "#/components/schemas/Name"}` that resolves in the document. Requests and
//! responses have a generator each, because serde attributes can make a type read differently
//! from how it is written (`default`, `skip_serializing_if`); [`merge`] puts both in one map,
//! renaming the response side's schema where the two differ. Without the feature a `Schemas`
//! is empty and every schema is written out where it is used.

use serde_json::{Map, Value};

/// The schemas a document shares by name, filled as types are described
/// ([`Describe::schema_in`](crate::Describe::schema_in)); [`Schemas::inline`] for schemas that
/// stand alone.
#[derive(Debug)]
pub struct Schemas {
    #[cfg(feature = "schemars")]
    generator: schemars::SchemaGenerator,
}

/// Whether schemas describe what a client sends or what it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
    /// Standalone: nothing shared, nested types written out.
    Inline,
}

impl Schemas {
    /// Schemas that stand alone: every nested type written out where it is used.
    pub fn inline() -> Self {
        Schemas::new(Side::Inline)
    }

    /// For request bodies and parameters: types as they are read, shared by name.
    pub(crate) fn requests() -> Self {
        Schemas::new(Side::Request)
    }

    /// For response bodies: types as they are written, shared by name.
    pub(crate) fn responses() -> Self {
        Schemas::new(Side::Response)
    }

    #[cfg(not(feature = "schemars"))]
    fn new(_side: Side) -> Self {
        Schemas {}
    }

    #[cfg(feature = "schemars")]
    fn new(side: Side) -> Self {
        let settings = schemars::generate::SchemaSettings::openapi3()
            .with(|settings| {
                settings.meta_schema = None;
                settings.inline_subschemas = side == Side::Inline;
            })
            .with_transform(IntegerBounds);
        let settings = match side {
            Side::Response => settings.for_serialize(),
            Side::Request | Side::Inline => settings.for_deserialize(),
        };
        Schemas {
            generator: settings.into_generator(),
        }
    }

    /// The schema of `T` from its `JsonSchema` implementation, in OpenAPI 3.0's dialect:
    /// a `$ref` to `components/schemas` for a named type (unless these schemas are
    /// [inline](Schemas::inline)), integers with their bounds.
    #[cfg(feature = "schemars")]
    pub fn json_schema<T: schemars::JsonSchema + ?Sized>(&mut self) -> Value {
        let mut schema = self.generator.subschema_for::<T>();
        for transform in self.generator.transforms_mut() {
            transform.transform(&mut schema);
        }
        schema.to_value()
    }

    /// The shared schemas, by name.
    pub(crate) fn into_definitions(self) -> Map<String, Value> {
        #[cfg(feature = "schemars")]
        {
            let mut this = self;
            this.generator.take_definitions(true)
        }
        #[cfg(not(feature = "schemars"))]
        {
            let _ = self;
            Map::new()
        }
    }
}

/// The OpenAPI format and bounds of an integer type, by its Rust name (`u8`) or its
/// `schemars` format (`uint8`): formats only where OpenAPI 3.0 has one that holds every value,
/// bounds where a JSON number holds them exactly (`u128`/`i128` have none, `u128` a minimum).
pub(crate) fn integer_schema(name: &str) -> Option<Value> {
    use serde_json::json;
    let (format, min, max): (Option<&str>, Option<i64>, Option<u64>) = match name {
        "u8" | "uint8" => (Some("int32"), Some(0), Some(u8::MAX.into())),
        "u16" | "uint16" => (Some("int32"), Some(0), Some(u16::MAX.into())),
        "u32" | "uint32" => (Some("int64"), Some(0), Some(u32::MAX.into())),
        "u64" | "uint64" => (None, Some(0), Some(u64::MAX)),
        "usize" | "uint" => (None, Some(0), Some(usize::MAX as u64)),
        "u128" | "uint128" => (None, Some(0), None),
        "i8" | "int8" => (Some("int32"), Some(i8::MIN.into()), Some(i8::MAX as u64)),
        "i16" | "int16" => (Some("int32"), Some(i16::MIN.into()), Some(i16::MAX as u64)),
        "i32" | "int32" => (Some("int32"), Some(i32::MIN.into()), Some(i32::MAX as u64)),
        "i64" | "int64" => (Some("int64"), Some(i64::MIN), Some(i64::MAX as u64)),
        "isize" | "int" => (
            Some("int64"),
            Some(isize::MIN as i64),
            Some(isize::MAX as u64),
        ),
        "i128" | "int128" => (None, None, None),
        _ => return None,
    };
    let mut schema = json!({ "type": "integer" });
    if let Some(format) = format {
        schema["format"] = Value::from(format);
    }
    if let Some(min) = min {
        schema["minimum"] = Value::from(min);
    }
    if let Some(max) = max {
        schema["maximum"] = Value::from(max);
    }
    Some(schema)
}

/// `schemars`' integer formats (`uint8`, ..., which OpenAPI 3.0 doesn't define) replaced by
/// OpenAPI's and the type's bounds, as gatewright describes integers without schemars; a bound
/// the type's attributes set (`#[garde(range(..))]`) is kept.
#[cfg(feature = "schemars")]
#[derive(Debug, Clone, Copy)]
struct IntegerBounds;

#[cfg(feature = "schemars")]
impl schemars::transform::Transform for IntegerBounds {
    fn transform(&mut self, schema: &mut schemars::Schema) {
        if let Some(object) = schema.as_object_mut() {
            let integer = object.get("type").and_then(Value::as_str) == Some("integer");
            let bounds = object
                .get("format")
                .and_then(Value::as_str)
                .filter(|_| integer)
                .and_then(integer_schema);
            if let Some(Value::Object(bounds)) = bounds {
                object.remove("format");
                for (key, value) in bounds {
                    object.entry(key).or_insert(value);
                }
            }
        }
        schemars::transform::transform_subschemas(self, schema);
    }
}

/// The request side's and the response side's shared schemas in one map. A name both sides
/// use for different schemas (a type read and written differently) keeps the request side's;
/// the response side's is renamed `<Name>Response` (then `<Name>Response2`, ...), and `renamed`
/// gets each `$ref` to rewrite in the response side's schemas.
pub(crate) fn merge(
    requests: Map<String, Value>,
    mut responses: Map<String, Value>,
) -> (Map<String, Value>, Vec<(String, String)>) {
    let mut renamed: Vec<(String, String)> = Vec::new();
    // A schema that only refers to a renamed one differs too, once rewritten: until no more.
    loop {
        let mut more = Vec::new();
        for (name, schema) in &responses {
            let old = reference(name);
            let done = renamed.iter().chain(&more).any(|(from, _)| *from == old);
            if done || !requests.get(name).is_some_and(|other| other != schema) {
                continue;
            }
            let base = format!("{name}Response");
            let mut new = base.clone();
            let mut n = 2;
            while requests.contains_key(&new)
                || responses.contains_key(&new)
                || renamed
                    .iter()
                    .chain(&more)
                    .any(|(_, to)| *to == reference(&new))
            {
                new = format!("{base}{n}");
                n += 1;
            }
            more.push((old, reference(&new)));
        }
        if more.is_empty() {
            break;
        }
        renamed.extend(more);
        for schema in responses.values_mut() {
            rewrite_refs(schema, &renamed);
        }
    }
    let mut merged = requests;
    for (name, schema) in responses {
        let name = match renamed.iter().find(|(old, _)| *old == reference(&name)) {
            Some((_, new)) => new.trim_start_matches(PREFIX).to_owned(),
            None => name,
        };
        merged.entry(name).or_insert(schema);
    }
    (merged, renamed)
}

const PREFIX: &str = "#/components/schemas/";

fn reference(name: &str) -> String {
    format!("{PREFIX}{name}")
}

/// Every `$ref` in `value` that `renamed` maps, rewritten.
pub(crate) fn rewrite_refs(value: &mut Value, renamed: &[(String, String)]) {
    if renamed.is_empty() {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(target) if key == "$ref" => {
                        if let Some((_, new)) = renamed.iter().find(|(old, _)| old == target) {
                            *target = new.clone();
                        }
                    }
                    other => rewrite_refs(other, renamed),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rewrite_refs(item, renamed)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_type_read_and_written_differently_gets_two_names() {
        let requests = Map::from_iter([
            ("Note".to_owned(), json!({ "required": ["text"] })),
            ("Tag".to_owned(), json!({ "type": "string" })),
        ]);
        let responses = Map::from_iter([
            (
                "Note".to_owned(),
                json!({ "properties": { "tag": { "$ref": "#/components/schemas/Tag" } } }),
            ),
            ("Tag".to_owned(), json!({ "type": "string" })),
        ]);
        let (merged, renamed) = merge(requests, responses);
        assert_eq!(
            renamed,
            [(
                "#/components/schemas/Note".to_owned(),
                "#/components/schemas/NoteResponse".to_owned()
            )]
        );
        assert_eq!(merged.len(), 3);
        assert_eq!(merged["Note"], json!({ "required": ["text"] }));
        assert_eq!(
            merged["NoteResponse"]["properties"]["tag"]["$ref"],
            "#/components/schemas/Tag"
        );
        let mut schema = json!({ "items": { "$ref": "#/components/schemas/Note" } });
        rewrite_refs(&mut schema, &renamed);
        assert_eq!(schema["items"]["$ref"], "#/components/schemas/NoteResponse");
    }

    #[test]
    fn integers_have_openapi_formats_and_their_bounds() {
        assert_eq!(
            integer_schema("uint8"),
            Some(json!({ "type": "integer", "format": "int32", "minimum": 0, "maximum": 255 }))
        );
        assert_eq!(integer_schema("u8"), integer_schema("uint8"));
        assert_eq!(
            integer_schema("u64"),
            Some(json!({ "type": "integer", "minimum": 0, "maximum": u64::MAX }))
        );
        assert_eq!(integer_schema("i128"), Some(json!({ "type": "integer" })));
        assert_eq!(integer_schema("float"), None);
    }
}
