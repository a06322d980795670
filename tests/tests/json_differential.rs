//! gatewright reads an event as serde_json reads it, on real events mutated by small edits.
//!
//! For every mutant: gatewright refuses it as invalid JSON exactly when serde_json refuses it
//! as a `Value` (or reads something other than an object); when serde_json reads an object,
//! gatewright reads the mutant as it reads serde_json's own reading written back out (each key
//! once, its last value), and what it reads matches that object directly: method, path,
//! body, headers, query parameters and stage variables. The events are every JSON file of
//! `tests/fixtures`; 256 cases per property from a fixed seed (`PROPTEST_RNG_SEED` and
//! `PROPTEST_CASES` override them).

use std::collections::BTreeSet;
use std::path::Path;

use gatewright::{Context, Event, EventSource, Request};
use gatewright_tests::fixtures_dir;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config, RngSeed};
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// The events and their mutations

/// The text of every event in `tests/fixtures`, in a fixed order.
fn events() -> &'static [Vec<u8>] {
    static EVENTS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    EVENTS.get_or_init(|| {
        let mut paths = Vec::new();
        collect(&fixtures_dir(), &mut paths);
        paths.sort();
        assert!(paths.len() > 50, "{} fixtures", paths.len());
        paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
    })
}

fn collect(dir: &Path, paths: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, paths);
        } else if path.extension().is_some_and(|e| e == "json") {
            paths.push(path);
        }
    }
}

/// Bytes worth inserting: structure, whitespace JSON allows and does not, control characters,
/// pieces of literals, numbers and escapes, and bytes that break UTF-8.
const BYTES: &[u8] =
    b"{}[]\",:\\ \t\n\r\x0b\x0c\x00\x01\x1f'/*-+.0179eEtrufalsnxuAdD\x7f\xc3\xa9\xff";

/// JSON values, valid and not, to put in place of a value or under a duplicated key.
const VALUES: &[&str] = &[
    "null",
    "true",
    "0",
    "-0",
    "1.5e3",
    "0e999999",
    "1e-999",
    "1.7976931348623157e308",
    r#""x""#,
    r#""""#,
    r#""\ud83d\ude00 \u00e9\/\n""#,
    "[]",
    "{}",
    r#"["a",null,"b"]"#,
    r#"{"a":"b"}"#,
    r#""GET""#,
    r#""/hello/x%20y""#,
    r#""2.0""#,
    r#"{"http":{"method":"POST"},"elb":{}}"#,
    "tru",
    "nul",
    "007",
    "1e999999",
    "-",
    "1.",
    r#""\ud800""#,
    r#""\udc00""#,
    r#""\ud800\u0041""#,
    "\"a\tb\"",
    r#""\x""#,
    "[1,]",
    r#"{"a":1,}"#,
    "'x'",
    "NaN",
    "/*c*/1",
    "[\u{b}]",
];

#[derive(Clone, Debug)]
enum Mutation {
    Insert(Index, u8),
    Delete(Index, usize),
    Replace(Index, u8),
    /// Copies `len` bytes from one place to another.
    Splice(Index, Index, usize),
    /// Gives a key a second entry with another value, before the first (which stays the last)
    /// or after it, the key spelled with escapes or not.
    DuplicateKey {
        key: Index,
        value: Index,
        after: bool,
        escaped: bool,
    },
    /// Spells a key with escapes, keeping its meaning.
    EscapeKey(Index, u64),
    /// Nests a value in `levels` arrays, about as deep as serde_json allows.
    Nest(Index, usize),
    ReplaceValue(Index, Index),
}

fn byte_edit() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), select(BYTES)).prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<Index>(), 1..4usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<Index>(), select(BYTES)).prop_map(|(at, b)| Mutation::Replace(at, b)),
        (any::<Index>(), any::<Index>(), 1..40usize)
            .prop_map(|(from, to, len)| Mutation::Splice(from, to, len)),
    ]
}

fn key_edit() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<Index>(), any::<bool>(), any::<bool>()).prop_map(
            |(key, value, after, escaped)| Mutation::DuplicateKey {
                key,
                value,
                after,
                escaped
            }
        ),
        (any::<Index>(), any::<u64>()).prop_map(|(key, bits)| Mutation::EscapeKey(key, bits)),
        (any::<Index>(), 120..=130usize).prop_map(|(key, n)| Mutation::Nest(key, n)),
        (any::<Index>(), any::<Index>()).prop_map(|(key, v)| Mutation::ReplaceValue(key, v)),
    ]
}

/// A key of the text: where its literal starts and ends, and where its value starts and ends
/// (when the value is JSON serde_json can find the end of).
struct Key {
    start: usize,
    end: usize,
    value: usize,
    value_end: Option<usize>,
}

/// The keys of `text`, found lexically (a string literal followed by a colon), so that
/// mutated text still has keys.
fn keys(text: &[u8]) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        if text[pos] != b'"' {
            pos += 1;
            continue;
        }
        let mut end = pos + 1;
        while end < text.len() && text[end] != b'"' {
            end += if text[end] == b'\\' { 2 } else { 1 };
        }
        let end = (end + 1).min(text.len());
        let mut colon = end;
        while colon < text.len() && text[colon].is_ascii_whitespace() {
            colon += 1;
        }
        if text.get(colon) == Some(&b':') {
            let mut value = colon + 1;
            while value < text.len() && text[value].is_ascii_whitespace() {
                value += 1;
            }
            let mut values = serde_json::Deserializer::from_slice(&text[value..])
                .into_iter::<serde::de::IgnoredAny>();
            let value_end = match values.next() {
                Some(Ok(_)) => Some(value + values.byte_offset()),
                _ => None,
            };
            keys.push(Key {
                start: pos,
                end,
                value,
                value_end,
            });
        }
        pos = end;
    }
    keys
}

/// `literal` (a JSON string with its quotes) spelled with `\uXXXX` escapes where `bits` says.
fn escaped(literal: &[u8], bits: u64) -> Option<Vec<u8>> {
    let key: String = serde_json::from_slice(literal).ok()?;
    let mut out = String::from("\"");
    for (i, c) in key.chars().enumerate() {
        let escape = bits.rotate_left(i as u32) & 1 == 1;
        match c {
            '"' | '\\' => out.push_str(if c == '"' { "\\\"" } else { "\\\\" }),
            '/' if escape => out.push_str("\\/"),
            c if escape || (c as u32) < 0x20 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Some(out.into_bytes())
}

fn apply(text: &mut Vec<u8>, mutation: &Mutation) {
    let len = text.len();
    match *mutation {
        Mutation::Insert(at, byte) => text.insert(at.index(len + 1), byte),
        Mutation::Delete(at, n) if len > 0 => {
            let at = at.index(len);
            text.drain(at..(at + n).min(len));
        }
        Mutation::Replace(at, byte) if len > 0 => text[at.index(len)] = byte,
        Mutation::Splice(from, to, n) if len > 0 => {
            let from = from.index(len);
            let piece = text[from..(from + n).min(len)].to_vec();
            let to = to.index(len + 1);
            text.splice(to..to, piece);
        }
        Mutation::DuplicateKey {
            key,
            value,
            after,
            escaped: escape,
        } => {
            let keys = keys(text);
            if keys.is_empty() {
                return;
            }
            let key = &keys[key.index(keys.len())];
            let mut name = text[key.start..key.end].to_vec();
            if escape {
                name = escaped(&name, 0x5555_5555_5555_5555).unwrap_or(name);
            }
            let value = VALUES[value.index(VALUES.len())].as_bytes();
            match key.value_end {
                Some(end) if after => {
                    let entry = [b",", &name[..], b":", value].concat();
                    text.splice(end..end, entry);
                }
                _ => {
                    let entry = [&name[..], b":", value, b","].concat();
                    text.splice(key.start..key.start, entry);
                }
            }
        }
        Mutation::EscapeKey(key, bits) => {
            let keys = keys(text);
            if keys.is_empty() {
                return;
            }
            let key = &keys[key.index(keys.len())];
            if let Some(spelled) = escaped(&text[key.start..key.end], bits) {
                text.splice(key.start..key.end, spelled);
            }
        }
        Mutation::Nest(key, levels) => {
            let keys = keys(text);
            if keys.is_empty() {
                return;
            }
            let key = &keys[key.index(keys.len())];
            match key.value_end {
                Some(end) => {
                    text.splice(end..end, "]".repeat(levels).into_bytes());
                    text.splice(key.value..key.value, "[".repeat(levels).into_bytes());
                }
                None => {
                    let deep = format!("\"deep\":{}{},", "[".repeat(levels), "]".repeat(levels));
                    text.splice(key.start..key.start, deep.into_bytes());
                }
            }
        }
        Mutation::ReplaceValue(key, value) => {
            let keys = keys(text);
            if keys.is_empty() {
                return;
            }
            let key = &keys[key.index(keys.len())];
            if let Some(end) = key.value_end {
                let value = VALUES[value.index(VALUES.len())].as_bytes().to_vec();
                text.splice(key.value..end, value);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// What gatewright reads

/// The names to ask for, taken from serde_json's reading of the mutant.
#[derive(Debug, Default)]
struct Names {
    headers: BTreeSet<String>,
    query: BTreeSet<String>,
    stage_variables: BTreeSet<String>,
}

fn object<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Map<String, Value>> {
    map.get(key).and_then(Value::as_object)
}

impl Names {
    fn of(map: &Map<String, Value>) -> Names {
        let mut names = Names::default();
        // A header name spelled two ways is two JSON keys, whose order serde_json's `Map`
        // does not keep: such names are left out.
        let mut spelled_twice = BTreeSet::new();
        for field in ["headers", "multiValueHeaders"] {
            let mut seen = BTreeSet::new();
            for key in object(map, field).into_iter().flat_map(Map::keys) {
                if !seen.insert(key.to_ascii_lowercase()) {
                    spelled_twice.insert(key.to_ascii_lowercase());
                }
            }
            names.headers.extend(seen);
        }
        names.headers.retain(|name| !spelled_twice.contains(name));
        names
            .headers
            .extend(["cookie".to_owned(), "x-absent".to_owned()]);
        for field in ["queryStringParameters", "multiValueQueryStringParameters"] {
            names
                .query
                .extend(object(map, field).into_iter().flat_map(Map::keys).cloned());
        }
        if let Some(raw) = map.get("rawQueryString").and_then(Value::as_str) {
            for pair in raw.split('&') {
                names
                    .query
                    .insert(pair.split('=').next().unwrap().to_owned());
            }
        }
        // A load balancer's query names are matched after decoding: two raw names may be one.
        let alb = object(map, "requestContext").is_some_and(|c| c.contains_key("elb"));
        if alb && names.query.iter().any(|n| n.contains(['%', '+'])) {
            names.query.clear();
        }
        names.query.insert("x-absent".to_owned());
        names.stage_variables = object(map, "stageVariables")
            .into_iter()
            .flat_map(Map::keys)
            .cloned()
            .chain(["x-absent".to_owned()])
            .collect();
        names
    }
}

/// A value gatewright read, or that it refused to (errors compared only as errors: their
/// wording may give positions in the text).
type Read = Result<Vec<String>, ()>;

#[derive(Debug, PartialEq)]
struct Reading {
    source: EventSource,
    method: String,
    path: Option<String>,
    resource: Option<String>,
    stage: Option<String>,
    raw_query_string: Option<String>,
    cookies: Vec<String>,
    body: Option<String>,
    is_base64_encoded: bool,
    segments: Vec<String>,
    bad_path: Option<String>,
    /// Sorted: serde_json's `Map` does not keep the order of keys.
    headers: Result<Vec<(String, String)>, ()>,
    header: Vec<(String, Read)>,
    query: Vec<(String, Read)>,
    stage_variable: Vec<(String, Read)>,
    request_context: Result<Vec<Option<String>>, ()>,
    authorizer: Result<Option<Value>, ()>,
}

fn strings(values: Result<gatewright::Values<'_>, gatewright::Rejection>) -> Read {
    values
        .map(|v| v.as_slice().iter().map(|s| s.to_string()).collect())
        .map_err(|_| ())
}

/// What gatewright reads from `bytes`, asking for `names`; `Err` when it refuses the event.
fn read(bytes: &[u8], names: &Names) -> Result<Reading, String> {
    let context = Context::default();
    let request = Request::from_event(bytes, &context).map_err(|r| format!("{r:?}"))?;
    let event = request.event();
    let owned = |s: Option<&str>| s.map(str::to_owned);
    let headers = request.headers().map_err(|_| ()).map(|entries| {
        let mut entries: Vec<(String, String)> = entries
            .into_iter()
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        entries.sort();
        entries
    });
    let context = request.request_context().map_err(|_| ());
    Ok(Reading {
        source: event.source(),
        method: event.method().to_owned(),
        path: owned(event.path()),
        resource: owned(event.resource()),
        stage: event.stage().map(|s| s.into_owned()),
        raw_query_string: owned(event.raw_query_string()),
        cookies: event.cookies().iter().map(|c| c.to_string()).collect(),
        body: owned(event.body()),
        is_base64_encoded: event.is_base64_encoded(),
        segments: request.segments().iter().map(|s| s.to_string()).collect(),
        bad_path: owned(request.bad_path()),
        headers,
        header: names
            .headers
            .iter()
            .map(|n| (n.clone(), strings(request.header(n))))
            .collect(),
        query: names
            .query
            .iter()
            .map(|n| (n.clone(), strings(request.query(n))))
            .collect(),
        stage_variable: names
            .stage_variables
            .iter()
            .map(|n| (n.clone(), strings(request.stage_variable(n))))
            .collect(),
        request_context: context.map(|c| {
            [
                &c.request_id,
                &c.stage,
                &c.account_id,
                &c.api_id,
                &c.domain_name,
                &c.resource_path,
                &c.path,
                &c.source_ip,
                &c.user_agent,
                &c.api_key,
                &c.user_arn,
                &c.target_group_arn,
            ]
            .iter()
            .map(|field| field.as_deref().map(str::to_owned))
            .collect()
        }),
        authorizer: context.map(|c| {
            c.authorizer
                .map(|raw| serde_json::from_str(raw.get()).unwrap())
        }),
    })
}

// ---------------------------------------------------------------------------------------------
// What serde_json reads

/// A string or `null` (absent), as gatewright reads every string field.
fn string_or_null(value: Option<&Value>) -> Result<Option<String>, ()> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(()),
    }
}

/// An array of strings and nulls, or `null`, as gatewright reads a multi-value entry.
fn list(value: &Value) -> Read {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .filter(|item| !item.is_null())
            .map(|item| item.as_str().map(str::to_owned).ok_or(()))
            .collect(),
        _ => Err(()),
    }
}

/// The one entry of `field` whose key matches `name` (names spelled twice were left out).
fn entry<'v>(
    map: &'v Map<String, Value>,
    field: &str,
    name: &str,
    ignore_case: bool,
) -> Option<&'v Value> {
    object(map, field)?.iter().find_map(|(key, value)| {
        let matches = if ignore_case {
            key.eq_ignore_ascii_case(name)
        } else {
            key == name
        };
        matches.then_some(value)
    })
}

/// A header or query parameter as serde_json's object gives it: the multi-value map first,
/// then the single-value one.
fn from_maps(
    map: &Map<String, Value>,
    multi: &str,
    single: &str,
    name: &str,
    ignore_case: bool,
) -> Read {
    if let Some(values) = entry(map, multi, name, ignore_case) {
        return list(values);
    }
    string_or_null(entry(map, single, name, ignore_case)).map(|v| v.into_iter().collect())
}

/// Checks what gatewright read against serde_json's object itself.
fn check_against(map: &Map<String, Value>, reading: &Reading) {
    let v2 = reading.source.is_v2();
    let method = if v2 {
        map["requestContext"]["http"]["method"].as_str()
    } else {
        map["httpMethod"].as_str()
    };
    assert_eq!(Some(reading.method.as_str()), method, "method");
    let path = if v2 {
        map.get("rawPath")
    } else {
        map.get("path")
    };
    assert_eq!(Ok(reading.path.clone()), string_or_null(path), "path");
    assert_eq!(
        Ok(reading.body.clone()),
        string_or_null(map.get("body")),
        "body"
    );
    for (name, read) in &reading.stage_variable {
        let expected = string_or_null(entry(map, "stageVariables", name, false));
        assert_eq!(
            read,
            &expected.map(|v| v.into_iter().collect()),
            "stage variable {name}"
        );
    }
    for (name, read) in &reading.header {
        let expected = if v2 {
            if name == "cookie" && !reading.cookies.is_empty() {
                Ok(vec![reading.cookies.join("; ")])
            } else {
                string_or_null(entry(map, "headers", name, true)).map(|v| v.into_iter().collect())
            }
        } else {
            from_maps(map, "multiValueHeaders", "headers", name, true)
        };
        assert_eq!(read, &expected, "header {name}");
    }
    if matches!(
        reading.source,
        EventSource::RestApi | EventSource::HttpApiV1
    ) {
        for (name, read) in &reading.query {
            let expected = from_maps(
                map,
                "multiValueQueryStringParameters",
                "queryStringParameters",
                name,
                false,
            );
            assert_eq!(read, &expected, "query {name}");
        }
    }
}

/// Whether gatewright's refusal is the one for JSON it can't read as an object.
fn refused_as_json(message: &str) -> bool {
    message.starts_with("the event is not valid JSON")
        || message == "the event is not an HTTP event: it is JSON, but not an object"
}

fn check(mutant: &[u8]) -> Result<(), TestCaseError> {
    let serde = serde_json::from_slice::<Value>(mutant);
    let parsed = Event::parse(mutant);
    let map = match serde {
        Ok(Value::Object(map)) => map,
        _ => {
            let Err(err) = parsed else {
                return Err(TestCaseError::fail(
                    "serde_json refuses it as an object; gatewright reads it",
                ));
            };
            prop_assert!(refused_as_json(&err.to_string()), "{err}");
            return Ok(());
        }
    };
    if let Err(err) = &parsed {
        prop_assert!(
            !refused_as_json(&err.to_string()),
            "serde_json reads it: {err}"
        );
    }
    let names = Names::of(&map);
    let canonical = serde_json::to_vec(&map).unwrap();
    let reading = read(mutant, &names);
    let canonical_reading = read(&canonical, &names);
    match (&reading, &canonical_reading) {
        (Ok(reading), Ok(canonical_reading)) => {
            prop_assert_eq!(reading, canonical_reading);
            check_against(&map, reading);
        }
        (Err(_), Err(_)) => {}
        _ => prop_assert!(
            false,
            "the mutant reads as {reading:?}, serde_json's reading of it as {canonical_reading:?}"
        ),
    }
    Ok(())
}

fn config() -> Config {
    let default = Config::default();
    Config {
        cases: match std::env::var_os("PROPTEST_CASES") {
            Some(_) => default.cases,
            None => 256,
        },
        rng_seed: match std::env::var_os("PROPTEST_RNG_SEED") {
            Some(_) => default.rng_seed,
            None => RngSeed::Fixed(0x6761_7465_7772_6974),
        },
        failure_persistence: None,
        ..default
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn byte_edits_are_read_as_serde_json_reads_them(
        event in any::<Index>(),
        mutations in prop::collection::vec(byte_edit(), 1..=3),
    ) {
        let events = events();
        let mut text = events[event.index(events.len())].clone();
        for mutation in &mutations {
            apply(&mut text, mutation);
        }
        check(&text)?;
    }

    #[test]
    fn key_edits_are_read_as_serde_json_reads_them(
        event in any::<Index>(),
        mutations in prop::collection::vec(key_edit(), 1..=3),
    ) {
        let events = events();
        let mut text = events[event.index(events.len())].clone();
        for mutation in &mutations {
            apply(&mut text, mutation);
        }
        check(&text)?;
    }
}

#[test]
fn every_event_unmutated_is_read_as_serde_json_reads_it() {
    for event in events() {
        check(event).unwrap();
    }
}
