//! Objects of the event kept as raw JSON text until a handler asks for one of their keys.
//!
//! Most handlers read a parameter or two of an event that carries dozens of headers. Building
//! every map up front is most of the cost of a request, so the event parser only checks that
//! each map is an object and keeps its text; a lookup scans that text once, borrowing the
//! value it finds and skipping everything else without building it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// A JSON object of the event, or nothing (absent or `null`).
#[derive(Clone, Copy, Default)]
pub struct RawObject<'a>(Option<&'a RawValue>);

impl fmt::Debug for RawObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(raw) => f.write_str(raw.get()),
            None => f.write_str("null"),
        }
    }
}

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
    pub fn new(raw: Option<&'a RawValue>) -> Result<Self, &'static str> {
        match raw.map(|raw| raw.get().as_bytes().first().copied()) {
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
        self.0.map(RawValue::get)
    }

    /// Whether there is no object, or an empty one.
    pub fn is_empty(&self) -> bool {
        self.0
            .is_none_or(|raw| raw.get()[1..].trim_start().starts_with('}'))
    }

    /// The last string value under `key` (`null` counts as absent).
    pub fn get(&self, key: &str, case: Case) -> Result<Option<Cow<'a, str>>, BadValue> {
        struct Get<'k, 'a> {
            key: &'k str,
            case: Case,
            found: Option<Cow<'a, str>>,
        }
        impl<'a> Scan<'a> for Get<'_, 'a> {
            fn value<M: MapAccess<'a>>(&mut self, name: &str, map: &mut M) -> Result<(), M::Error> {
                if self.case.matches(name, self.key) {
                    let NullableStr(value) = map.next_value()?;
                    self.found = value;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(())
            }
        }
        let mut get = Get {
            key,
            case,
            found: None,
        };
        self.scan(&mut get)?;
        Ok(get.found)
    }

    /// Every string of the array under `key` (for the multi-value maps), in order.
    pub fn get_list(&self, key: &str, case: Case) -> Result<Option<Vec<Cow<'a, str>>>, BadValue> {
        struct GetList<'k, 'a> {
            key: &'k str,
            case: Case,
            found: Option<Vec<Cow<'a, str>>>,
        }
        impl<'a> Scan<'a> for GetList<'_, 'a> {
            fn value<M: MapAccess<'a>>(&mut self, name: &str, map: &mut M) -> Result<(), M::Error> {
                if self.case.matches(name, self.key) {
                    let StrList(values) = map.next_value()?;
                    self.found.get_or_insert_with(Vec::new).extend(values);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(())
            }
        }
        let mut get = GetList {
            key,
            case,
            found: None,
        };
        self.scan(&mut get)?;
        Ok(get.found)
    }

    /// Whether `key` is present, whatever its value.
    pub fn has_key(&self, key: &str) -> bool {
        struct HasKey<'k> {
            key: &'k str,
            found: bool,
        }
        impl<'a> Scan<'a> for HasKey<'_> {
            fn value<M: MapAccess<'a>>(&mut self, name: &str, map: &mut M) -> Result<(), M::Error> {
                self.found |= name == self.key;
                map.next_value::<IgnoredAny>().map(drop)
            }
        }
        let mut has = HasKey { key, found: false };
        self.scan(&mut has).is_ok() && has.found
    }

    /// The object under `key`, for nested objects such as `requestContext.http`.
    pub fn get_object(&self, key: &str) -> Result<RawObject<'a>, BadValue> {
        struct GetObject<'k, 'a> {
            key: &'k str,
            found: Option<&'a RawValue>,
        }
        impl<'a> Scan<'a> for GetObject<'_, 'a> {
            fn value<M: MapAccess<'a>>(&mut self, name: &str, map: &mut M) -> Result<(), M::Error> {
                if name == self.key {
                    self.found = map.next_value()?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(())
            }
        }
        let mut get = GetObject { key, found: None };
        self.scan(&mut get)?;
        RawObject::new(get.found)
            .map_err(|what| BadValue(format!("`{key}` is {what}, not an object")))
    }

    /// Every entry whose value is a string, in order.
    pub fn entries(&self) -> Result<Vec<(Cow<'a, str>, Cow<'a, str>)>, BadValue> {
        struct Entries<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);
        impl<'a> Scan<'a> for Entries<'a> {
            fn value<M: MapAccess<'a>>(&mut self, name: &str, map: &mut M) -> Result<(), M::Error> {
                if let NullableStr(Some(value)) = map.next_value()? {
                    self.0.push((Cow::Owned(name.to_owned()), value));
                }
                Ok(())
            }
        }
        let mut entries = Entries(Vec::new());
        self.scan(&mut entries)?;
        Ok(entries.0)
    }

    /// Every entry of a multi-value map, in order.
    pub fn list_entries(&self) -> Result<Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>, BadValue> {
        struct ListEntries<'a>(Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>);
        impl<'a> Scan<'a> for ListEntries<'a> {
            fn value<M: MapAccess<'a>>(&mut self, name: &str, map: &mut M) -> Result<(), M::Error> {
                let StrList(values) = map.next_value()?;
                self.0.push((Cow::Owned(name.to_owned()), values));
                Ok(())
            }
        }
        let mut entries = ListEntries(Vec::new());
        self.scan(&mut entries)?;
        Ok(entries.0)
    }

    /// Every key, in order.
    pub fn keys(&self) -> Result<Vec<String>, BadValue> {
        struct Keys(Vec<String>);
        impl<'a> Scan<'a> for Keys {
            fn value<M: MapAccess<'a>>(&mut self, name: &str, map: &mut M) -> Result<(), M::Error> {
                self.0.push(name.to_owned());
                map.next_value::<IgnoredAny>().map(drop)
            }
        }
        let mut keys = Keys(Vec::new());
        self.scan(&mut keys)?;
        Ok(keys.0)
    }

    fn scan<S: Scan<'a>>(&self, scan: &mut S) -> Result<(), BadValue> {
        let Some(raw) = self.0 else { return Ok(()) };
        let mut deserializer = serde_json::Deserializer::from_str(raw.get());
        deserializer
            .deserialize_map(ScanVisitor(scan))
            .map_err(|err| BadValue(err.to_string()))
    }
}

/// One pass over an object: called with each key, it must consume the value.
trait Scan<'a> {
    fn value<M: MapAccess<'a>>(&mut self, name: &str, map: &mut M) -> Result<(), M::Error>;
}

struct ScanVisitor<'s, S>(&'s mut S);

impl<'a, S: Scan<'a>> Visitor<'a> for ScanVisitor<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<(), M::Error> {
        while let Some(KeyStr(key)) = map.next_key()? {
            self.0.value(&key, &mut map)?;
        }
        Ok(())
    }
}

/// How keys are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Exactly (query parameters, stage variables, path parameters).
    Sensitive,
    /// Ignoring ASCII case (headers).
    Insensitive,
}

impl Case {
    fn matches(self, name: &str, key: &str) -> bool {
        match self {
            Case::Sensitive => name == key,
            Case::Insensitive => name.eq_ignore_ascii_case(key),
        }
    }
}

/// A key: borrowed when it holds no escapes.
struct KeyStr<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for KeyStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor).map(KeyStr)
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
        RawObject::new(Some(serde_json::from_str(json).unwrap())).unwrap()
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
    fn only_objects_or_null() {
        assert!(RawObject::new(Some(serde_json::from_str("[1]").unwrap())).is_err());
        assert!(RawObject::new(Some(serde_json::from_str("null").unwrap()))
            .unwrap()
            .is_empty());
        assert!(object("{ }").is_empty());
        assert!(!object(r#"{"a":"b"}"#).is_empty());
    }
}
