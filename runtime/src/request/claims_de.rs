//! An authorizer's output read into the handler's own type, straight from the event's text.
//!
//! The value is walked as the rest of the event is read (see `event/raw.rs`): an object's key
//! given twice counts once, with its last value, and nothing is parsed that the type doesn't
//! ask for.
//!
//! API Gateway hands most authorizer values over as strings: REST API Cognito claims and Lambda
//! authorizer context values (`"true"`, `"42"`), and HTTP API JWT claims (an array claim as
//! `"[a b]"`). Other sources keep JSON types (an HTTP API Lambda authorizer's context, some
//! REST events' numbers). So the type decides, as a query string reader would:
//!
//! - a number or `bool` field reads a number or boolean, or a string holding one;
//! - a `String` field reads a string, or the text of a number or boolean;
//! - a sequence field reads an array, or a string holding a JSON array, or API Gateway's
//!   `[a b c]` rendering of one, or a list separated by commas or spaces;
//! - a struct or map field reads an object, or a string holding a JSON object.
//!
//! Errors say where: `address.city`, `groups[1]`.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, SeqDeserializer, StringDeserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, Visitor,
};
use serde_json::value::RawValue;

use crate::event::raw::{nullable_string, RawObject};

/// Why the authorizer's value doesn't fit the type: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsError {
    /// Object keys and array indexes from the value's top, outermost first.
    path: Vec<Segment>,
    message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl ClaimsError {
    fn at(mut self, segment: Segment) -> Self {
        self.path.insert(0, segment);
        self
    }

    /// The field that was wrong, as a path (`address.city`, `groups[1]`); for a missing field,
    /// the field itself. `None` when the value as a whole is wrong.
    pub fn field(&self) -> Option<String> {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(key) if out.is_empty() => out.push_str(key),
                Segment::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Segment::Index(index) => out.push_str(&format!("[{index}]")),
            }
        }
        if let Some(missing) = self
            .message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'))
        {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(missing);
        }
        Some(out).filter(|out| !out.is_empty())
    }

    /// What was wrong, in serde's words.
    pub fn reason(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ClaimsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field() {
            Some(field) if !self.message.starts_with("missing field") => {
                write!(f, "`{field}`: {}", self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ClaimsError {}

impl de::Error for ClaimsError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ClaimsError {
            path: Vec::new(),
            message: message.to_string(),
        }
    }
}

fn json_error(err: serde_json::Error) -> ClaimsError {
    de::Error::custom(err)
}

/// Reads `T` from `raw`, the JSON text of a value of a checked event.
pub(crate) fn from_raw<T: DeserializeOwned>(raw: &str) -> Result<T, ClaimsError> {
    T::deserialize(Raw::new(raw)?)
}

/// One value: JSON text from the event, or a string's contents.
enum Raw<'a> {
    Json(&'a str),
    Text(Cow<'a, str>),
}

impl<'a> Raw<'a> {
    fn new(raw: &'a str) -> Result<Self, ClaimsError> {
        if raw.starts_with('"') {
            let text = nullable_string(raw, "value")
                .map_err(de::Error::custom)?
                .unwrap_or_default();
            Ok(Raw::Text(text))
        } else {
            Ok(Raw::Json(raw))
        }
    }

    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Raw::Text(text) => Unexpected::Str(text),
            Raw::Json(raw) => match raw.as_bytes().first() {
                Some(b'{') => Unexpected::Map,
                Some(b'[') => Unexpected::Seq,
                Some(b't') => Unexpected::Bool(true),
                Some(b'f') => Unexpected::Bool(false),
                Some(b'n') => Unexpected::Unit,
                _ => Unexpected::Other(raw),
            },
        }
    }

    /// The text a number or boolean is read from: a JSON literal, or a string's contents.
    fn literal(&self) -> Option<&str> {
        match self {
            Raw::Text(text) => Some(text.trim()),
            Raw::Json(raw) if !raw.starts_with(['{', '[', 'n']) => Some(raw),
            Raw::Json(_) => None,
        }
    }
}

/// A number's text as the visitor's smallest fitting kind, as serde_json reads numbers.
fn visit_number<'de, V: Visitor<'de>>(
    text: &str,
    visitor: V,
) -> Option<Result<V::Value, ClaimsError>> {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(value) = text.parse::<u64>() {
            return Some(visitor.visit_u64(value));
        }
        if let Ok(value) = text.parse::<i64>() {
            return Some(visitor.visit_i64(value));
        }
        if let Ok(value) = text.parse::<u128>() {
            return Some(visitor.visit_u128(value));
        }
        if let Ok(value) = text.parse::<i128>() {
            return Some(visitor.visit_i128(value));
        }
    }
    // Rust also reads `inf` and `NaN`, which no JSON number is.
    let numeric = text.starts_with(|c: char| c == '-' || c.is_ascii_digit());
    match text.parse::<f64>() {
        Ok(value) if numeric && value.is_finite() => Some(visitor.visit_f64(value)),
        _ => None,
    }
}

macro_rules! tolerant_numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
            let Some(text) = self.literal() else {
                return Err(de::Error::invalid_type(self.unexpected(), &visitor));
            };
            match visit_number(text, visitor) {
                Some(result) => result,
                None => Err(de::Error::invalid_type(self.unexpected(), &NumberExpected)),
            }
        }
    )*};
}

struct NumberExpected;

impl de::Expected for NumberExpected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }
}

impl<'de> Deserializer<'de> for Raw<'de> {
    type Error = ClaimsError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        match self {
            Raw::Text(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Raw::Text(Cow::Owned(text)) => visitor.visit_string(text),
            Raw::Json(raw) => match raw.as_bytes().first() {
                Some(b'{') => visitor.visit_map(Members::new(raw)?),
                Some(b'[') => visitor.visit_seq(Elements::new(raw)?),
                Some(b't') => visitor.visit_bool(true),
                Some(b'f') => visitor.visit_bool(false),
                Some(b'n') => visitor.visit_unit(),
                _ => visit_number(raw, visitor)
                    .unwrap_or_else(|| Err(de::Error::custom(format!("`{raw}` is not a number")))),
            },
        }
    }

    tolerant_numbers!(
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        match self.literal() {
            Some("true") => visitor.visit_bool(true),
            Some("false") => visitor.visit_bool(false),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        match self {
            // A number or boolean as its text.
            Raw::Json(raw) if !raw.starts_with(['{', '[', 'n']) => visitor.visit_borrowed_str(raw),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        match self {
            Raw::Json("null") => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ClaimsError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        let Raw::Text(text) = self else {
            return self.deserialize_any(visitor);
        };
        let trimmed = text.trim();
        if let Ok(value @ serde_json::Value::Array(_)) = serde_json::from_str(trimmed) {
            return value.deserialize_any(visitor).map_err(json_error);
        }
        // `[a b c]`, as API Gateway renders an array claim; or `a,b` or `a b`.
        let inner = trimmed
            .strip_prefix('[')
            .and_then(|inner| inner.strip_suffix(']'))
            .unwrap_or(trimmed);
        let items = inner
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|item| !item.is_empty())
            .map(|item| Raw::Text(Cow::Owned(item.to_owned())));
        let mut seq = SeqDeserializer::new(items);
        let value = visitor.visit_seq(&mut seq)?;
        seq.end()?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ClaimsError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ClaimsError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        let Raw::Text(text) = &self else {
            return self.deserialize_any(visitor);
        };
        match serde_json::from_str(text.trim()) {
            Ok(value @ serde_json::Value::Object(_)) => {
                value.deserialize_any(visitor).map_err(json_error)
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ClaimsError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ClaimsError> {
        match self {
            Raw::Text(text) => {
                let variant: StringDeserializer<ClaimsError> =
                    text.into_owned().into_deserializer();
                visitor.visit_enum(variant)
            }
            Raw::Json(raw) => {
                let mut json = serde_json::Deserializer::from_str(raw);
                json.deserialize_enum(name, variants, visitor)
                    .map_err(json_error)
            }
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ClaimsError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { bytes byte_buf unit unit_struct }
}

impl<'de> IntoDeserializer<'de, ClaimsError> for Raw<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// An object's members, each key once with its last value.
struct Members<'a> {
    members: std::vec::IntoIter<(Cow<'a, str>, &'a str)>,
    value: Option<(Cow<'a, str>, &'a str)>,
}

impl<'a> Members<'a> {
    fn new(raw: &'a str) -> Result<Self, ClaimsError> {
        let object = RawObject::new(Some(raw)).map_err(de::Error::custom)?;
        let members = object.members().map_err(de::Error::custom)?;
        Ok(Members {
            members: members.into_iter(),
            value: None,
        })
    }
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = ClaimsError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ClaimsError> {
        let Some((key, raw)) = self.members.next() else {
            return Ok(None);
        };
        let value = match &key {
            Cow::Borrowed(key) => {
                seed.deserialize(BorrowedStrDeserializer::<ClaimsError>::new(key))
            }
            Cow::Owned(key) => seed.deserialize(key.clone().into_deserializer()),
        }?;
        self.value = Some((key, raw));
        Ok(Some(value))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, ClaimsError> {
        let (key, raw) = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value was asked for before its key"))?;
        Raw::new(raw)
            .and_then(|value| seed.deserialize(value))
            .map_err(|err| err.at(Segment::Key(key.into_owned())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// An array's elements.
struct Elements<'a> {
    elements: std::iter::Enumerate<std::vec::IntoIter<&'a RawValue>>,
}

impl<'a> Elements<'a> {
    fn new(raw: &'a str) -> Result<Self, ClaimsError> {
        let elements: Vec<&RawValue> = serde_json::from_str(raw).map_err(json_error)?;
        Ok(Elements {
            elements: elements.into_iter().enumerate(),
        })
    }
}

impl<'de> SeqAccess<'de> for Elements<'de> {
    type Error = ClaimsError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, ClaimsError> {
        let Some((index, raw)) = self.elements.next() else {
            return Ok(None);
        };
        Raw::new(raw.get())
            .and_then(|value| seed.deserialize(value))
            .map(Some)
            .map_err(|err| err.at(Segment::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.elements.len())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct User {
        sub: String,
        #[serde(rename = "custom:tier")]
        tier: u8,
        email_verified: bool,
        #[serde(rename = "cognito:groups", default)]
        groups: Vec<String>,
        #[serde(default)]
        exp: Option<u64>,
    }

    #[test]
    fn strings_read_as_the_types_the_fields_ask_for() {
        // REST API Cognito claims: every value a string, an array claim rendered `[a b]`.
        let rest = r#"{"sub":"u-1","custom:tier":"3","email_verified":"true","cognito:groups":"[admin users]","exp":"1700000000"}"#;
        let user: User = from_raw(rest).unwrap();
        assert_eq!(
            user,
            User {
                sub: "u-1".into(),
                tier: 3,
                email_verified: true,
                groups: vec!["admin".into(), "users".into()],
                exp: Some(1_700_000_000),
            }
        );
        // The same claims with JSON types.
        let typed = r#"{"sub":"u-1","custom:tier":3,"email_verified":true,"cognito:groups":["admin","users"],"exp":1700000000}"#;
        assert_eq!(from_raw::<User>(typed).unwrap(), user);
        // A number read as a `String` is its text.
        let map: BTreeMap<String, String> = from_raw(r#"{"clientId":1,"ok":false}"#).unwrap();
        assert_eq!(map["clientId"], "1");
        assert_eq!(map["ok"], "false");
        // A string holding JSON, as Lambda authorizers pass objects.
        let nested: BTreeMap<String, BTreeMap<String, u32>> =
            from_raw(r#"{"limits":"{\"daily\":5}"}"#).unwrap();
        assert_eq!(nested["limits"]["daily"], 5);
        let list: Vec<String> = from_raw(r#""a,b c""#).unwrap();
        assert_eq!(list, ["a", "b", "c"]);
        let list: Vec<u8> = from_raw(r#""[1, 2]""#).unwrap();
        assert_eq!(list, [1, 2]);
    }

    #[test]
    fn the_last_of_a_key_given_twice_counts() {
        let user: User = from_raw(
            r#"{"sub":{"bad":1},"sub":"u-2","custom:tier":"x","custom:tier":"1","email_verified":"false"}"#,
        )
        .unwrap();
        assert_eq!((user.sub.as_str(), user.tier), ("u-2", 1));
    }

    #[test]
    fn errors_name_the_field() {
        let err = from_raw::<User>(r#"{"sub":"u","custom:tier":"gold","email_verified":"true"}"#)
            .unwrap_err();
        assert_eq!(err.field().as_deref(), Some("custom:tier"));
        assert_eq!(
            err.to_string(),
            r#"`custom:tier`: invalid type: string "gold", expected a number"#
        );
        let err = from_raw::<User>(r#"{"sub":"u","custom:tier":300,"email_verified":"true"}"#)
            .unwrap_err();
        assert_eq!(err.field().as_deref(), Some("custom:tier"));
        assert!(err.reason().contains("300"), "{err}");
        let err = from_raw::<User>(r#"{"sub":"u","custom:tier":1}"#).unwrap_err();
        assert_eq!(err.field().as_deref(), Some("email_verified"));
        assert_eq!(err.to_string(), "missing field `email_verified`");
        let err = from_raw::<Vec<u8>>(r#"[1,"x"]"#).unwrap_err();
        assert_eq!(err.field().as_deref(), Some("[1]"));
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Inner,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            count: u32,
        }
        let err = from_raw::<Outer>(r#"{"inner":{}}"#).unwrap_err();
        assert_eq!(err.field().as_deref(), Some("inner.count"));
        let err = from_raw::<Outer>(r#"{"inner":{"count":"-1"}}"#).unwrap_err();
        assert_eq!(err.field().as_deref(), Some("inner.count"));
        let err = from_raw::<u32>(r#""NaN""#).unwrap_err();
        assert_eq!(err.field(), None);
    }
}
