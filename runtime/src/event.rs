//! The API Gateway REST API (payload version 1.0) proxy event, parsed by borrowing from its bytes.
//!
//! Every string that holds no JSON escape is a slice of the input; nothing is copied unless
//! it has to be unescaped. Maps are kept as small vectors of pairs in the order of the input,
//! since an event holds a few dozen entries at most and lookups are rare and cheap.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// An API Gateway REST API proxy event (`"version": "1.0"` or no version).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RestEvent<'a> {
    /// The resource template that matched, such as `/users/{id}` or `/{proxy+}`.
    #[serde(borrow, default)]
    pub resource: Option<Cow<'a, str>>,
    /// The request path as API Gateway saw it; may carry a stage or base-path prefix.
    #[serde(borrow, default)]
    pub path: Option<Cow<'a, str>>,
    /// The request method.
    #[serde(borrow)]
    pub http_method: Cow<'a, str>,
    /// Single-value headers: the last value of each.
    #[serde(borrow, default)]
    pub headers: Pairs<'a>,
    /// Every value of every header.
    #[serde(borrow, default)]
    pub multi_value_headers: MultiPairs<'a>,
    /// Single-value query parameters: the last value of each, already percent-decoded.
    #[serde(borrow, default)]
    pub query_string_parameters: Pairs<'a>,
    /// Every value of every query parameter.
    #[serde(borrow, default)]
    pub multi_value_query_string_parameters: MultiPairs<'a>,
    /// The values of the resource's `{name}` and `{name+}` parts.
    #[serde(borrow, default)]
    pub path_parameters: Pairs<'a>,
    /// The stage variables of the deployment stage.
    #[serde(borrow, default)]
    pub stage_variables: Pairs<'a>,
    /// Who called, through which API and stage.
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    pub request_context: RequestContext<'a>,
    /// The body: text, or base64 when `is_base64_encoded` is set.
    #[serde(borrow, default)]
    pub body: Option<Cow<'a, str>>,
    /// Whether `body` is base64.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_base64_encoded: bool,
}

/// The `requestContext` of a REST API event: the fields handlers commonly read.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestContext<'a> {
    /// API Gateway's id for this request.
    #[serde(borrow, default)]
    pub request_id: Option<Cow<'a, str>>,
    /// The deployment stage, such as `prod`.
    #[serde(borrow, default)]
    pub stage: Option<Cow<'a, str>>,
    /// The AWS account that owns the API.
    #[serde(borrow, default)]
    pub account_id: Option<Cow<'a, str>>,
    /// The API's id.
    #[serde(borrow, default)]
    pub api_id: Option<Cow<'a, str>>,
    /// The resource template, such as `/users/{id}`.
    #[serde(borrow, default)]
    pub resource_path: Option<Cow<'a, str>>,
    /// The full request path, with the stage.
    #[serde(borrow, default)]
    pub path: Option<Cow<'a, str>>,
    /// The host name the client used.
    #[serde(borrow, default)]
    pub domain_name: Option<Cow<'a, str>>,
    /// The caller.
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    pub identity: Identity<'a>,
    /// What an authorizer said about the caller, as raw JSON for the handler to parse.
    #[serde(borrow, default)]
    pub authorizer: Option<&'a RawValue>,
}

/// The caller, as `requestContext.identity` describes it.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Identity<'a> {
    /// The client's IP address.
    #[serde(borrow, default)]
    pub source_ip: Option<Cow<'a, str>>,
    /// The client's `User-Agent`.
    #[serde(borrow, default)]
    pub user_agent: Option<Cow<'a, str>>,
    /// The API key, when the method requires one.
    #[serde(borrow, default)]
    pub api_key: Option<Cow<'a, str>>,
    /// The IAM user's ARN, for IAM-authorized requests.
    #[serde(borrow, default)]
    pub user_arn: Option<Cow<'a, str>>,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A JSON object of strings (or `null`), kept as pairs in input order. Null values are skipped.
#[derive(Debug, Default, Clone)]
pub struct Pairs<'a>(pub Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> Pairs<'a> {
    /// The value of `name`, compared exactly.
    pub fn get(&self, name: &str) -> Option<&Cow<'a, str>> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The value of `name`, compared ignoring ASCII case (for headers).
    pub fn get_ignore_case(&self, name: &str) -> Option<&Cow<'a, str>> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A JSON object of string arrays (or `null`), kept as pairs in input order.
#[derive(Debug, Default, Clone)]
pub struct MultiPairs<'a>(pub Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>);

impl<'a> MultiPairs<'a> {
    /// Every value of `name`, compared exactly.
    pub fn get(&self, name: &str) -> Option<&[Cow<'a, str>]> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
    }

    /// Every value of `name`, compared ignoring ASCII case (for headers).
    pub fn get_ignore_case(&self, name: &str) -> Option<&[Cow<'a, str>]> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A string that is borrowed when the JSON holds no escapes.
struct BorrowedStr<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for BorrowedStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
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
        deserializer.deserialize_str(StrVisitor).map(BorrowedStr)
    }
}

/// A string or `null`.
struct NullableStr<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for NullableStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<BorrowedStr<'a>>::deserialize(deserializer).map(|v| NullableStr(v.map(|s| s.0)))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for PairsVisitor<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings, or null")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Pairs::default())
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Pairs::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_map(self)
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(BorrowedStr(key)) = map.next_key()? {
                    if let NullableStr(Some(value)) = map.next_value()? {
                        pairs.push((key, value));
                    }
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_option(PairsVisitor(std::marker::PhantomData))
    }
}

/// A JSON array of strings (null entries skipped), or `null`.
struct StrList<'a>(Vec<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for StrList<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for ListVisitor<'a> {
            type Value = StrList<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of strings, or null")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(StrList(Vec::new()))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(StrList(Vec::new()))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_seq(self)
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
                let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(1));
                while let Some(NullableStr(value)) = seq.next_element()? {
                    values.extend(value);
                }
                Ok(StrList(values))
            }
        }
        deserializer.deserialize_option(ListVisitor(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for MultiPairs<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MultiVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for MultiVisitor<'a> {
            type Value = MultiPairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of string arrays, or null")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(MultiPairs::default())
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(MultiPairs::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_map(self)
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(BorrowedStr(key)) = map.next_key()? {
                    let StrList(values) = map.next_value()?;
                    pairs.push((key, values));
                }
                Ok(MultiPairs(pairs))
            }
        }
        deserializer.deserialize_option(MultiVisitor(std::marker::PhantomData))
    }
}

/// Why an event could not be read.
#[derive(Debug)]
pub struct EventError {
    message: String,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EventError {}

impl<'a> RestEvent<'a> {
    /// Parses an event, borrowing from `bytes` wherever it can.
    ///
    /// On failure the error names the field that was wrong and what was expected there.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, EventError> {
        match serde_json::from_slice(bytes) {
            Ok(event) => Ok(event),
            Err(_) => Err(Self::explain(bytes)),
        }
    }

    /// Parses again, slowly, to say where the event went wrong; only ever on the error path.
    #[cold]
    fn explain(bytes: &'a [u8]) -> EventError {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let result: Result<RestEvent<'a>, _> = serde_path_to_error::deserialize(&mut deserializer);
        let message = match result {
            Ok(_) => "the event could not be read".to_owned(),
            Err(err) => {
                let path = err.path().to_string();
                let inner = err.into_inner();
                if inner.is_syntax() || inner.is_eof() {
                    format!("the event is not valid JSON: {inner}")
                } else if path == "." {
                    format!("expected an API Gateway REST API proxy event: {inner}")
                } else {
                    format!("expected an API Gateway REST API proxy event; at `{path}`: {inner}")
                }
            }
        };
        EventError { message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let bytes = br#"{"httpMethod":"GET","path":"/a\/b","headers":{"Host":"x"},"body":null}"#;
        let event = RestEvent::parse(bytes).unwrap();
        assert!(matches!(event.http_method, Cow::Borrowed("GET")));
        assert!(matches!(event.path, Some(Cow::Owned(ref p)) if p == "/a/b"));
        assert!(matches!(
            event.headers.get_ignore_case("host"),
            Some(Cow::Borrowed("x"))
        ));
        assert_eq!(event.body, None);
    }

    #[test]
    fn nulls_stand_for_empty_maps_and_are_skipped_inside_them() {
        let bytes = br#"{"httpMethod":"GET","headers":null,"multiValueHeaders":{"a":null,"b":["1",null,"2"]},
            "queryStringParameters":{"q":null},"requestContext":null,"isBase64Encoded":null}"#;
        let event = RestEvent::parse(bytes).unwrap();
        assert!(event.headers.is_empty());
        assert_eq!(event.multi_value_headers.get("a"), Some(&[][..]));
        assert_eq!(event.multi_value_headers.get("b").unwrap(), &["1", "2"]);
        assert!(event.query_string_parameters.is_empty());
        assert!(!event.is_base64_encoded);
    }

    #[test]
    fn errors_name_the_field() {
        let err = RestEvent::parse(br#"{"httpMethod":"GET","headers":{"a":5}}"#).unwrap_err();
        assert!(err.to_string().contains("`headers.a`"), "{err}");
        let err = RestEvent::parse(br#"{"path":"/"}"#).unwrap_err();
        assert!(
            err.to_string().contains("missing field `httpMethod`"),
            "{err}"
        );
        let err = RestEvent::parse(b"{\"httpMethod\":").unwrap_err();
        assert!(
            err.to_string().starts_with("the event is not valid JSON"),
            "{err}"
        );
    }
}
