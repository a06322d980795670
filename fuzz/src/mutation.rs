//! Edits of real events for the `mutate` target: a [`Plan`] picks one of the events of
//! `tests/fixtures` and up to eight edits that keep most of its shape (escaping a character of
//! a key or string, repeating a key with another value, splicing in a value or any piece of
//! another event, wrapping a value in deeper nesting, changing a value or a literal, removing a
//! member), so that the fuzzer spends its time on events that are nearly right.
//!
//! Edits work on the text, not on a parsed value: a repeated key or an escaped one has no
//! place in a `serde_json::Value`. After each edit the text is scanned again by a lenient
//! lexer (`tokens`) that finds keys, values and literals even in broken JSON.

use std::ops::Range;

use arbitrary::Arbitrary;

use crate::tokens::{skip_whitespace, Tokens};

include!(concat!(env!("OUT_DIR"), "/seeds.rs"));

/// The most edits one plan makes.
const MAX_EDITS: usize = 8;

/// The longest piece of another event one edit splices in.
const MAX_SPLICE: usize = 4096;

/// An event to start from and what to do to it.
#[derive(Debug, Arbitrary)]
pub struct Plan {
    /// Which of [`SEEDS`].
    pub seed: u8,
    /// The edits, in order.
    pub edits: Vec<Edit>,
}

/// One edit. Indices pick among the keys, values or literals the text has at that moment,
/// modulo their number; an edit with nothing to act on does nothing.
#[derive(Debug, Arbitrary)]
pub enum Edit {
    /// Writes one ASCII character of a key (or of a string value) as a `\u00XX` escape, or a
    /// `/` as `\/`.
    Escape {
        string: u16,
        at: u8,
        in_key: bool,
        upper: bool,
    },
    /// Repeats a key of an object with another value, just before or just after the original.
    DuplicateKey {
        key: u16,
        value: NewValue,
        after: bool,
    },
    /// Puts a value of another event in place of a value.
    SpliceValue { from: u8, value: u16, into: u16 },
    /// Puts any piece of another event at any position, in place of `remove` bytes.
    SpliceBytes {
        from: u8,
        start: u16,
        len: u16,
        at: u16,
        remove: u8,
    },
    /// Wraps a value in `depth` arrays or objects, or turns it into a string.
    Wrap {
        value: u16,
        how: Wrapping,
        depth: u8,
    },
    /// Puts another value in place of a value.
    Replace { value: u16, with: NewValue },
    /// Changes a number, `true`, `false` or `null`.
    ChangeLiteral { literal: u16, with: NewValue },
    /// Removes a member (key and value) of an object.
    Remove { key: u16 },
    /// Points the event at one of the fuzz API's paths (`path` and `rawPath`, no template)
    /// with one of the methods (`httpMethod` and `requestContext.http.method`).
    Route { path: u8, method: u8 },
    /// Adds a header, query parameter or stage variable that the fuzz API reads to each of the
    /// event's maps of that kind (or sets the body): its usual value, or `value`.
    Field { field: u8, value: Option<String> },
}

/// Paths that reach every route of the fuzz API (`crate::api`).
const PATHS: &[&str] = &[
    "/",
    "/items/7",
    "/items/x",
    "/types/-1/2.5e3/true/x/word",
    "/types/1/nan/no/xy/w",
    "/files/a/b%2Fc/..",
    "/files/a%20b/c",
    "/echo/x/y/",
    "/query",
    "/headers",
    "/stage",
    "/json",
    "/any-json",
    "/maybe-json",
    "/raw",
    "/context",
    "/me",
    "/maybe",
    "/either",
    "/keys",
    "/cookies",
    "/own",
    "/v1/notes",
    "/v1/notes/18446744073709551615",
    "/admin/stats",
    "/a%zz",
    "//",
];

const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "get",
];

/// Where a field goes.
#[derive(Clone, Copy)]
enum Map {
    Header,
    Query,
    Stage,
    Body,
}

/// The fields the fuzz API reads, with a usual value.
const FIELDS: &[(Map, &str, &str)] = &[
    (Map::Header, "authorization", "Bearer t0k3n"),
    (Map::Header, "origin", "https://app.example.com"),
    (Map::Header, "access-control-request-method", "PUT"),
    (
        Map::Header,
        "access-control-request-headers",
        "authorization, x-other",
    ),
    (Map::Header, "x-api-key", "k"),
    (Map::Header, "x-admin", "yes"),
    (Map::Header, "x-block", "yes"),
    (Map::Header, "cookie", "a=1; b=2"),
    (Map::Header, "content-type", "application/json"),
    (Map::Header, "accept", "text/plain"),
    (Map::Query, "page", "2"),
    (Map::Query, "page-size", "300"),
    (Map::Query, "tag", "a b"),
    (Map::Query, "type", "x"),
    (Map::Query, "verbose", "true"),
    (Map::Query, "trace", "abc"),
    (Map::Stage, "table", "t"),
    (Map::Stage, "limit", "65536"),
    (Map::Stage, "stageVarName", "v"),
    (Map::Body, "", r#"{"name":"n","count":4294967295}"#),
    (Map::Body, "", r#"{"name":1}"#),
    (Map::Body, "", "[1,2"),
];

/// How [`Edit::Wrap`] nests a value.
#[derive(Debug, Arbitrary)]
pub enum Wrapping {
    Array,
    Object,
    String,
}

/// A value an edit writes.
#[derive(Debug, Arbitrary)]
pub enum NewValue {
    Null,
    True,
    False,
    Number(Number),
    String(String),
    Strings(Vec<String>),
    EmptyObject,
    EmptyArray,
    /// Another value of the same event.
    ValueOf(u16),
    /// Any text, JSON or not.
    Raw(String),
}

/// Numbers JSON allows and some it doesn't.
#[derive(Debug, Arbitrary)]
pub enum Number {
    Int(i64),
    Float(f64),
    Zero,
    NegativeZero,
    /// Past `u64`.
    Big,
    /// Past `f64`: serde_json refuses it.
    Huge,
    Tiny,
    /// Not JSON: `01`, `+1`, `1.`, `.5`, `0x1f`, `NaN`, `-`.
    LeadingZero,
    Plus,
    TrailingDot,
    LeadingDot,
    Hex,
    NaN,
    Minus,
}

impl Number {
    fn text(&self) -> String {
        match self {
            Number::Int(n) => n.to_string(),
            Number::Float(x) => format!("{x:e}"),
            Number::Zero => "0".into(),
            Number::NegativeZero => "-0.0".into(),
            Number::Big => "340282366920938463463374607431768211456".into(),
            Number::Huge => "1e400".into(),
            Number::Tiny => "-1.5E-400".into(),
            Number::LeadingZero => "01".into(),
            Number::Plus => "+1".into(),
            Number::TrailingDot => "1.".into(),
            Number::LeadingDot => ".5".into(),
            Number::Hex => "0x1f".into(),
            Number::NaN => "NaN".into(),
            Number::Minus => "-".into(),
        }
    }
}

impl Plan {
    /// The event after the edits.
    pub fn apply(&self) -> Vec<u8> {
        let mut text = pick(SEEDS, self.seed as usize).1.to_vec();
        for edit in self.edits.iter().take(MAX_EDITS) {
            edit.apply(&mut text);
        }
        text
    }
}

fn pick<T>(items: &[T], index: usize) -> &T {
    &items[index % items.len()]
}

fn pick_range(ranges: &[Range<usize>], index: u16) -> Option<Range<usize>> {
    (!ranges.is_empty()).then(|| pick(ranges, index as usize).clone())
}

impl Edit {
    fn apply(&self, text: &mut Vec<u8>) {
        let tokens = Tokens::of(text);
        match self {
            Edit::Escape {
                string,
                at,
                in_key,
                upper,
            } => {
                let strings = if *in_key {
                    &tokens.keys
                } else {
                    &tokens.strings
                };
                let Some(span) = pick_range(strings, *string) else {
                    return;
                };
                // Inside the quotes.
                let inner = span.start + 1..span.end.saturating_sub(1).max(span.start + 1);
                if inner.is_empty() {
                    return;
                }
                let pos = inner.start + *at as usize % inner.len();
                let byte = text[pos];
                if !byte.is_ascii() || byte == b'\\' || text[pos - 1] == b'\\' {
                    return;
                }
                let escaped = match (byte, upper) {
                    (b'/', true) => "\\/".to_owned(),
                    (_, true) => format!("\\u{:04X}", byte),
                    (_, false) => format!("\\u{:04x}", byte),
                };
                text.splice(pos..pos + 1, escaped.into_bytes());
            }
            Edit::DuplicateKey { key, value, after } => {
                let Some(member) = pick_range(&tokens.members, *key) else {
                    return;
                };
                let key_span = tokens.member_key[&member.start].clone();
                let mut new = text[key_span].to_vec();
                new.push(b':');
                new.extend(value.text(text, &tokens));
                if *after {
                    let end = tokens.member_value_end[&member.start];
                    new.insert(0, b',');
                    text.splice(end..end, new);
                } else {
                    new.push(b',');
                    text.splice(member.start..member.start, new);
                }
            }
            Edit::SpliceValue { from, value, into } => {
                let other = pick(SEEDS, *from as usize).1;
                let other_tokens = Tokens::of(other);
                let (Some(piece), Some(into)) = (
                    pick_range(&other_tokens.values, *value),
                    pick_range(&tokens.values, *into),
                ) else {
                    return;
                };
                text.splice(into, other[piece].iter().copied());
            }
            Edit::SpliceBytes {
                from,
                start,
                len,
                at,
                remove,
            } => {
                let other = pick(SEEDS, *from as usize).1;
                let start = *start as usize % other.len().max(1);
                let len = (*len as usize % MAX_SPLICE).min(other.len() - start);
                let at = *at as usize % (text.len() + 1);
                let remove = (*remove as usize).min(text.len() - at);
                text.splice(at..at + remove, other[start..start + len].iter().copied());
            }
            Edit::Wrap { value, how, depth } => {
                let Some(span) = pick_range(&tokens.values, *value) else {
                    return;
                };
                let inner = text[span.clone()].to_vec();
                let depth = *depth as usize;
                let wrapped = match how {
                    Wrapping::Array => [b"[".repeat(depth), inner, b"]".repeat(depth)].concat(),
                    Wrapping::Object => {
                        [br#"{"k":"#.repeat(depth), inner, b"}".repeat(depth)].concat()
                    }
                    Wrapping::String => {
                        serde_json::to_vec(&String::from_utf8_lossy(&inner)).expect("a string")
                    }
                };
                text.splice(span, wrapped);
            }
            Edit::Replace { value, with } => {
                if let Some(span) = pick_range(&tokens.values, *value) {
                    let new = with.text(text, &tokens);
                    text.splice(span, new);
                }
            }
            Edit::ChangeLiteral { literal, with } => {
                if let Some(span) = pick_range(&tokens.literals, *literal) {
                    let new = with.text(text, &tokens);
                    text.splice(span, new);
                }
            }
            Edit::Route { path, method } => Edit::route(text, &tokens, *path, *method),
            Edit::Field { field, value } => Edit::field(text, &tokens, *field, value),
            Edit::Remove { key } => {
                if let Some(member) = pick_range(&tokens.members, *key) {
                    let mut span = member;
                    let after = skip_whitespace(text, span.end);
                    if text.get(after) == Some(&b',') {
                        span.end = after + 1;
                    } else if let Some(before) = text[..span.start]
                        .iter()
                        .rposition(|byte| !byte.is_ascii_whitespace())
                    {
                        if text[before] == b',' {
                            span.start = before;
                        }
                    }
                    text.splice(span, []);
                }
            }
        }
    }
}

impl Edit {
    fn route(text: &mut Vec<u8>, tokens: &Tokens, path: u8, method: u8) {
        let path = json_string(pick(PATHS, path as usize));
        let method = json_string(pick(METHODS, method as usize));
        let mut edits = Vec::new();
        for (key, value) in [
            ("path", &path),
            ("rawPath", &path),
            ("resource", &b"null".to_vec()),
            ("routeKey", &json_string("$default")),
            ("httpMethod", &method),
            ("method", &method),
        ] {
            for span in tokens.values_of(text, key) {
                edits.push((span, value.clone()));
            }
        }
        splice_all(text, edits);
    }

    fn field(text: &mut Vec<u8>, tokens: &Tokens, field: u8, value: &Option<String>) {
        let (map, name, usual) = *pick(FIELDS, field as usize);
        let value = value.as_deref().unwrap_or(usual);
        let member = |value: &[u8]| [json_string(name), b":".to_vec(), value.to_vec()].concat();
        let mut edits = Vec::new();
        let mut insert = |key: &str, new: Vec<u8>| {
            for span in tokens.values_of(text, key) {
                if text[span.start] == b'{' {
                    let after = span.start + 1;
                    let comma = text[after..span.end - 1]
                        .iter()
                        .any(|b| !b.is_ascii_whitespace());
                    let new = if comma {
                        [new.clone(), b",".to_vec()].concat()
                    } else {
                        new.clone()
                    };
                    edits.push((after..after, new));
                } else if &text[span.clone()] == b"null" {
                    edits.push((span, [b"{".to_vec(), new.clone(), b"}".to_vec()].concat()));
                }
            }
        };
        match map {
            Map::Header => {
                insert("headers", member(&json_string(value)));
                insert(
                    "multiValueHeaders",
                    member(&serde_json::to_vec(&[value]).expect("JSON")),
                );
            }
            Map::Query => {
                insert("queryStringParameters", member(&json_string(value)));
                insert(
                    "multiValueQueryStringParameters",
                    member(&serde_json::to_vec(&[value]).expect("JSON")),
                );
                for span in tokens.values_of(text, "rawQueryString") {
                    let old: String =
                        serde_json::from_slice(&text[span.clone()]).unwrap_or_default();
                    let pair = format!(
                        "{}={}",
                        name,
                        value
                            .replace('%', "%25")
                            .replace(' ', "+")
                            .replace('&', "%26")
                    );
                    let new = if old.is_empty() {
                        pair
                    } else {
                        format!("{old}&{pair}")
                    };
                    edits.push((span, json_string(&new)));
                }
            }
            Map::Stage => insert("stageVariables", member(&json_string(value))),
            Map::Body => {
                for span in tokens.values_of(text, "body") {
                    edits.push((span, json_string(value)));
                }
                for span in tokens.values_of(text, "isBase64Encoded") {
                    edits.push((span, b"false".to_vec()));
                }
            }
        }
        splice_all(text, edits);
    }
}

fn json_string(value: &str) -> Vec<u8> {
    serde_json::to_vec(value).expect("a string")
}

/// Makes every edit, from the last to the first so that the spans stay right; overlapping
/// ones are left out.
fn splice_all(text: &mut Vec<u8>, mut edits: Vec<(Range<usize>, Vec<u8>)>) {
    edits.sort_by_key(|(span, _)| std::cmp::Reverse((span.start, span.end)));
    let mut limit = usize::MAX;
    for (span, new) in edits {
        if span.end <= limit {
            limit = span.start;
            text.splice(span, new);
        }
    }
}

impl NewValue {
    fn text(&self, text: &[u8], tokens: &Tokens) -> Vec<u8> {
        match self {
            NewValue::Null => b"null".to_vec(),
            NewValue::True => b"true".to_vec(),
            NewValue::False => b"false".to_vec(),
            NewValue::Number(number) => number.text().into_bytes(),
            NewValue::String(string) => serde_json::to_vec(string).expect("a string"),
            NewValue::Strings(strings) => serde_json::to_vec(strings).expect("strings"),
            NewValue::EmptyObject => b"{}".to_vec(),
            NewValue::EmptyArray => b"[]".to_vec(),
            NewValue::ValueOf(index) => match pick_range(&tokens.values, *index) {
                Some(span) => text[span].to_vec(),
                None => b"null".to_vec(),
            },
            NewValue::Raw(raw) => raw.as_bytes().to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_fields_keep_events_valid() {
        for (seed, (name, _)) in SEEDS.iter().enumerate() {
            let plan = Plan {
                seed: seed as u8,
                edits: vec![
                    Edit::Route { path: 1, method: 1 },
                    Edit::Field {
                        field: 0,
                        value: None,
                    },
                    Edit::Field {
                        field: 10,
                        value: Some("a&b c".into()),
                    },
                    Edit::Field {
                        field: 16,
                        value: None,
                    },
                ],
            };
            let text = plan.apply();
            let event: serde_json::Value =
                serde_json::from_slice(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
            for key in ["path", "rawPath"] {
                if !event[key].is_null() {
                    assert_eq!(event[key], "/items/7", "{name}");
                }
            }
            if event["headers"].is_object() {
                assert_eq!(event["headers"]["authorization"], "Bearer t0k3n", "{name}");
            }
            if let Some(query) = event["rawQueryString"].as_str() {
                assert!(query.ends_with("page=a%26b+c"), "{name}: {query}");
            }
            if !event["stageVariables"].is_null() {
                assert_eq!(event["stageVariables"]["table"], "t", "{name}");
            }
        }
    }

    #[test]
    fn every_seed_is_an_event() {
        assert!(SEEDS.len() >= 50);
        for (name, bytes) in SEEDS {
            assert!(
                serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
                "{name}"
            );
        }
    }
}
