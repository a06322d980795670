//! Objects of the event kept as raw JSON text until a handler asks for one of their keys.
//!
//! Most handlers read a parameter or two of an event that carries dozens of headers. Building
//! every map up front is most of the cost of a request, so the event parser only checks that
//! each map is an object and keeps its text; a lookup scans that text once (see `scan.rs`),
//! borrowing the value it finds and parsing nothing else.
//!
//! A key given twice is read as serde_json reads it: the last value counts, and only it is
//! looked at, so an earlier value of the wrong type does not matter. Where a listing keeps
//! order, the key stays where it first appeared (serde_json's `Map` with `preserve_order`).
//! Names that are different keys in JSON but match one lookup (`Host` and `host` for a header)
//! are different entries: a single value is the last one in the event, a list joins them all.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

use super::percent::decode_component;
use super::scan;

/// A JSON object of the event, or nothing (absent or `null`), as its raw text.
#[derive(Clone, Copy, Default)]
pub struct RawObject<'a>(Option<&'a str>);

impl fmt::Debug for RawObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.unwrap_or("null"))
    }
}

/// A name and its value.
pub type Entry<'a> = (Cow<'a, str>, Cow<'a, str>);

/// A name and its values, from a multi-value map.
pub type ListEntry<'a> = (Cow<'a, str>, Vec<Cow<'a, str>>);

/// A value of the wrong JSON type inside one of the event's objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue(pub String);

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'a> RawObject<'a> {
    /// Wraps `raw`, which must be an object or `null`; `None` names what it was instead.
    pub fn new(raw: Option<&'a str>) -> Result<Self, &'static str> {
        match raw.map(|raw| raw.as_bytes().first().copied()) {
            None => Ok(RawObject(None)),
            Some(Some(b'{')) => Ok(RawObject(raw)),
            Some(Some(b'n')) => Ok(RawObject(None)),
            Some(Some(b'[')) => Err("an array"),
            Some(Some(b'"')) => Err("a string"),
            Some(_) => Err("a number or a boolean"),
        }
    }

    /// The raw JSON text, if there is an object.
    pub fn text(&self) -> Option<&'a str> {
        self.0
    }

    /// Whether there is no object, or an empty one.
    pub fn is_empty(&self) -> bool {
        self.0
            .is_none_or(|raw| raw[1..].trim_start().starts_with('}'))
    }

    /// The last string value under `key` (`null` counts as absent).
    pub fn get(&self, key: &str, case: Case) -> Result<Option<Cow<'a, str>>, BadValue> {
        match self.find(key, case)? {
            Some(raw) => nullable_string(raw, key),
            None => Ok(None),
        }
    }

    /// Every string of the array under `key` (for the multi-value maps), in order; for
    /// headers, the arrays of every spelling of the name, each spelling's last.
    pub fn get_list(&self, key: &str, case: Case) -> Result<Option<Vec<Cow<'a, str>>>, BadValue> {
        // Nearly always one spelling, given once: its array is the answer.
        let mut first: Option<(Cow<'a, str>, &'a str)> = None;
        let mut more = Unique::new();
        self.each(|name, raw| {
            if case.matches(&name, key) {
                match &mut first {
                    None => first = Some((name, raw)),
                    Some((first_name, first_raw)) if *first_name == name => *first_raw = raw,
                    Some(_) => more.insert(name, raw),
                }
            }
            Ok(())
        })?;
        let Some((_, raw)) = first else {
            return Ok(None);
        };
        let mut values = list(raw, key)?;
        for (_, raw) in more.entries {
            values.extend(list(raw, key)?);
        }
        Ok(Some(values))
    }

    /// Whether `key` is present, whatever its value.
    pub fn has_key(&self, key: &str) -> bool {
        matches!(self.find(key, Case::Sensitive), Ok(Some(_)))
    }

    /// The object under `key`, for nested objects such as `requestContext.http`.
    pub fn get_object(&self, key: &str) -> Result<RawObject<'a>, BadValue> {
        RawObject::new(self.find(key, Case::Sensitive)?)
            .map_err(|what| BadValue(format!("`{key}` is {what}, not an object")))
    }

    /// The raw values of the keys `names` (compared exactly), in one pass.
    pub fn fields<const N: usize>(
        &self,
        names: [&str; N],
    ) -> Result<[Option<&'a str>; N], BadValue> {
        let mut found = [None; N];
        self.each(|name, raw| {
            if let Some(at) = names.iter().position(|wanted| *wanted == name) {
                found[at] = Some(raw);
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// Every entry whose value is a string, in order.
    pub fn entries(&self) -> Result<Vec<Entry<'a>>, BadValue> {
        let mut entries = Vec::new();
        for (name, raw) in self.unique()? {
            if let Some(value) = nullable_string(raw, &name)? {
                entries.push((name, value));
            }
        }
        Ok(entries)
    }

    /// Every entry of a multi-value map, in order.
    pub fn list_entries(&self) -> Result<Vec<ListEntry<'a>>, BadValue> {
        let mut entries = Vec::new();
        for (name, raw) in self.unique()? {
            let values = list(raw, &name)?;
            entries.push((name, values));
        }
        Ok(entries)
    }

    /// Every key, in order.
    pub fn keys(&self) -> Result<Vec<String>, BadValue> {
        Ok(self
            .unique()?
            .into_iter()
            .map(|(name, _)| name.into_owned())
            .collect())
    }

    /// Every member once, where its key first appears, with its last raw value (for readers
    /// that walk an object of any shape, such as an authorizer's claims).
    pub fn members(&self) -> Result<Vec<(Cow<'a, str>, &'a str)>, BadValue> {
        self.unique()
    }

    /// Every key once, where it first appears, with its last raw value.
    fn unique(&self) -> Result<Vec<(Cow<'a, str>, &'a str)>, BadValue> {
        let mut unique = Unique::new();
        self.each(|name, raw| {
            unique.insert(name, raw);
            Ok(())
        })?;
        Ok(unique.entries)
    }

    /// The raw value of the last entry named `key`.
    fn find(&self, key: &str, case: Case) -> Result<Option<&'a str>, BadValue> {
        let mut found = None;
        self.each(|name, raw| {
            if case.matches(&name, key) {
                found = Some(raw);
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// Calls `visit` with every entry, stopping at the first error.
    fn each(
        &self,
        mut visit: impl FnMut(Cow<'a, str>, &'a str) -> Result<(), BadValue>,
    ) -> Result<(), BadValue> {
        let Some(text) = self.0 else { return Ok(()) };
        let mut error = None;
        let scanned = scan::object(text, |name, raw| {
            visit(name, raw).map_err(|bad| {
                error = Some(bad);
                scan::Malformed
            })
        });
        match (scanned, error) {
            (_, Some(bad)) => Err(bad),
            (Err(_), None) => Err(BadValue("not a valid JSON object".to_owned())),
            (Ok(()), None) => Ok(()),
        }
    }
}

/// The entries of an object, each key once, where it first appears, with its last value.
struct Unique<'a> {
    entries: Vec<(Cow<'a, str>, &'a str)>,
    /// Where each key is in `entries`, once there are too many to search one by one.
    index: Option<HashMap<Cow<'a, str>, usize>>,
}

impl<'a> Unique<'a> {
    /// Up to this many entries, a key is looked for one entry at a time.
    const SEARCHED: usize = 32;

    fn new() -> Self {
        Unique {
            entries: Vec::new(),
            index: None,
        }
    }

    fn insert(&mut self, name: Cow<'a, str>, raw: &'a str) {
        let found = match &mut self.index {
            None if self.entries.len() < Self::SEARCHED => {
                self.entries.iter().position(|(seen, _)| *seen == name)
            }
            None => {
                let names = self.entries.iter().map(|(seen, _)| seen.clone());
                let index = self.index.insert(names.zip(0..).collect());
                index.get(&name).copied()
            }
            Some(index) => index.get(&name).copied(),
        };
        match found {
            Some(at) => self.entries[at].1 = raw,
            None => {
                if let Some(index) = &mut self.index {
                    index.insert(name.clone(), self.entries.len());
                }
                self.entries.push((name, raw));
            }
        }
    }
}

/// A string value or `null`.
pub(crate) fn nullable_string<'a>(
    raw: &'a str,
    key: &str,
) -> Result<Option<Cow<'a, str>>, BadValue> {
    match raw.as_bytes().first() {
        Some(b'"') => scan::string(raw)
            .map(Some)
            .map_err(|_| BadValue(format!("`{key}` is not a valid JSON string"))),
        _ if raw == "null" => Ok(None),
        _ => Err(BadValue(format!("`{key}` is not a string"))),
    }
}

/// An array of strings (null entries skipped) or `null`.
fn list<'a>(raw: &'a str, key: &str) -> Result<Vec<Cow<'a, str>>, BadValue> {
    serde_json::from_str::<StrList<'a>>(raw)
        .map(|StrList(values)| values)
        .map_err(|err| BadValue(format!("`{key}`: {err}")))
}

/// How keys are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Exactly (query parameters, stage variables, path parameters).
    Sensitive,
    /// Ignoring ASCII case (headers).
    Insensitive,
    /// After decoding the key as a query component (a load balancer's query parameters).
    QueryEncoded,
}

impl Case {
    fn matches(self, name: &str, key: &str) -> bool {
        match self {
            Case::Sensitive => name == key,
            Case::Insensitive => name.eq_ignore_ascii_case(key),
            Case::QueryEncoded if name.contains(['%', '+']) => {
                decode_component(name).is_some_and(|decoded| decoded == key)
            }
            Case::QueryEncoded => name == key,
        }
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

/// A string or `null`; other types are an error naming what was expected. Unlike
/// `Option<Cow<str>>`, whose derived impl always copies, it borrows when it can.
#[derive(Debug, Default)]
pub(crate) struct NullableStr<'a>(pub Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for NullableStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NullableVisitor;
        impl<'de> Visitor<'de> for NullableVisitor {
            type Value = Option<Cow<'de, str>>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or null")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_str(StrVisitor).map(Some)
            }
        }
        deserializer
            .deserialize_option(NullableVisitor)
            .map(NullableStr)
    }
}

/// An array of strings (null entries skipped), or `null`.
#[derive(Debug, Default)]
pub(crate) struct StrList<'a>(pub Vec<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for StrList<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = Vec<Cow<'de, str>>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of strings, or null")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_seq(self)
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
                let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(2));
                while let Some(NullableStr(value)) = seq.next_element()? {
                    values.extend(value);
                }
                Ok(values)
            }
        }
        deserializer.deserialize_option(ListVisitor).map(StrList)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(json: &str) -> RawObject<'_> {
        RawObject::new(Some(json)).unwrap()
    }

    #[test]
    fn lookups_borrow_and_skip_the_rest() {
        let headers =
            object(r#"{"Host":"a","X-N":null,"Accept":"b","host":"c","Big":{"x":[1,2]}}"#);
        assert!(matches!(
            headers.get("HOST", Case::Insensitive),
            Ok(Some(Cow::Borrowed("c")))
        ));
        assert_eq!(
            headers.get("Host", Case::Sensitive).unwrap().as_deref(),
            Some("a")
        );
        assert_eq!(headers.get("x-n", Case::Insensitive).unwrap(), None);
        assert_eq!(headers.get("missing", Case::Insensitive).unwrap(), None);
        assert!(headers.has_key("Big"));
        assert_eq!(
            headers.get_object("Big").unwrap().text(),
            Some(r#"{"x":[1,2]}"#)
        );
        assert!(headers.get("Big", Case::Sensitive).is_err());
    }

    #[test]
    fn lists_and_entries() {
        let multi = object(r#"{"a":["1",null,"2"],"b":null,"A":["3"]}"#);
        assert_eq!(
            multi.get_list("a", Case::Insensitive).unwrap().unwrap(),
            ["1", "2", "3"]
        );
        assert_eq!(
            multi.get_list("b", Case::Sensitive).unwrap().unwrap(),
            Vec::<Cow<str>>::new()
        );
        assert_eq!(multi.get_list("c", Case::Sensitive).unwrap(), None);
        assert_eq!(multi.list_entries().unwrap().len(), 3);
        let single = object(r#"{"k":"v","n":null,"e":"\u00e9"}"#);
        let entries = single.entries().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].1, "é");
    }

    #[test]
    fn the_last_of_a_key_given_twice_counts() {
        let multi = object(r#"{"a":"bad","b":["x"],"a":["1"],"A":["2"],"a":["3"]}"#);
        assert_eq!(
            multi.get_list("a", Case::Insensitive).unwrap().unwrap(),
            ["3", "2"]
        );
        assert_eq!(
            multi.get_list("a", Case::Sensitive).unwrap().unwrap(),
            ["3"]
        );
        let names: Vec<(String, usize)> = multi
            .list_entries()
            .unwrap()
            .into_iter()
            .map(|(name, values)| (name.into_owned(), values.len()))
            .collect();
        assert_eq!(
            names,
            [
                ("a".to_owned(), 1),
                ("b".to_owned(), 1),
                ("A".to_owned(), 1)
            ]
        );
        let single = object(r#"{"k":1,"k":"v","n":"x","n":null}"#);
        assert_eq!(
            single.entries().unwrap(),
            [(Cow::Borrowed("k"), Cow::Borrowed("v"))]
        );
        assert_eq!(
            single.fields(["n", "k", "z"]).unwrap(),
            [Some("null"), Some(r#""v""#), None]
        );
        assert_eq!(single.keys().unwrap(), ["k", "n"]);
    }

    #[test]
    fn only_objects_or_null() {
        assert!(RawObject::new(Some("[1]")).is_err());
        assert!(RawObject::new(Some("null")).unwrap().is_empty());
        assert!(object("{ }").is_empty());
        assert!(!object(r#"{"a":"b"}"#).is_empty());
    }
}
