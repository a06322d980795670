//! serde_json's reading of an event: what gatewright must read from the same bytes, for the
//! `differential` target.
//!
//! The reference is a `serde_json::Value`, whose objects keep the last value of a repeated
//! key. On it, the rules the README ("Front doors") and the crate docs ("The path and
//! percent-encoding") give say whether an object is an HTTP event gatewright serves, and what
//! each accessor of its request answers. Where those rules don't decide (a header spelled two
//! ways, `Host` and `host`), every answer they allow is accepted.

use base64::Engine as _;
use gatewright::{EventSource, Values};
use serde_json::{Map, Value};

type Object = Map<String, Value>;

/// An accessor's refusal (a rejection, whichever).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// What an accessor answers: its values in order, or a refusal.
pub type Answer = Result<Vec<String>, Refused>;

/// gatewright's answer, in the same terms.
pub fn answer<E>(got: Result<Values<'_>, E>) -> Answer {
    got.map(|values| values.as_slice().iter().map(|v| v.to_string()).collect())
        .map_err(|_| Refused)
}

/// The answers a lookup may give: one of `candidates`, in any order when `any_order`.
#[derive(Debug)]
pub struct Expected {
    candidates: Vec<Answer>,
    any_order: bool,
}

impl Expected {
    fn exactly(answer: Answer) -> Self {
        Expected {
            candidates: vec![answer],
            any_order: false,
        }
    }

    /// Whether `got` is one of the answers.
    pub fn admits(&self, got: &Answer) -> bool {
        let sorted = |answer: &Answer| {
            answer.clone().map(|mut values| {
                if self.any_order {
                    values.sort();
                }
                values
            })
        };
        let got = sorted(got);
        self.candidates
            .iter()
            .any(|candidate| sorted(candidate) == got)
    }
}

/// Top-level fields gatewright reads as strings (or `null`).
const STRINGS: [&str; 8] = [
    "version",
    "resource",
    "path",
    "httpMethod",
    "routeKey",
    "rawPath",
    "rawQueryString",
    "body",
];

/// Top-level fields gatewright reads as objects (or `null`).
const OBJECTS: [&str; 7] = [
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "requestContext",
];

/// An event gatewright must read, and what it must read from it.
pub struct Reading<'v> {
    event: &'v Object,
    /// The front door, from its markers.
    pub source: EventSource,
    /// The method: `requestContext.http.method` for payload 2.0, else `httpMethod`.
    pub method: &'v str,
}

/// The event's reading, or `None` when gatewright must refuse it: a field of the wrong
/// type, no source's markers, no method, or a method that isn't an HTTP token.
pub fn read(event: &Object) -> Option<Reading<'_>> {
    for key in STRINGS {
        if !matches!(event.get(key), None | Some(Value::Null | Value::String(_))) {
            return None;
        }
    }
    for key in OBJECTS {
        if !matches!(event.get(key), None | Some(Value::Null | Value::Object(_))) {
            return None;
        }
    }
    match event.get("cookies") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items))
            if items.iter().all(|item| item.is_string() || item.is_null()) => {}
        Some(_) => return None,
    }
    if !matches!(
        event.get("isBase64Encoded"),
        None | Some(Value::Null | Value::Bool(_))
    ) {
        return None;
    }
    let context = object(event, "requestContext");
    let source = match string(event, "version") {
        Some("2.0") => {
            let domain = match context.and_then(|context| context.get("domainName")) {
                None | Some(Value::Null) => None,
                Some(Value::String(domain)) => Some(domain.as_str()),
                Some(_) => return None,
            };
            let function_url = match domain {
                Some(domain) if domain.contains(".lambda-url.") => true,
                Some("localhost") => matches!(
                    context.and_then(|context| context.get("apiId")),
                    None | Some(Value::Null)
                ),
                _ => false,
            };
            if function_url {
                EventSource::FunctionUrl
            } else {
                EventSource::HttpApiV2
            }
        }
        Some("1.0") => EventSource::HttpApiV1,
        Some(_) => return None,
        None if string(event, "resource").is_none()
            && context.is_some_and(|context| context.contains_key("elb")) =>
        {
            EventSource::Alb {
                multi_value_headers: object(event, "multiValueHeaders")
                    .is_some_and(|map| !map.is_empty()),
            }
        }
        None if string(event, "httpMethod").is_some() => EventSource::RestApi,
        None => return None,
    };
    let method = if source.is_v2() {
        let http = match context.and_then(|context| context.get("http")) {
            None | Some(Value::Null) => None,
            Some(Value::Object(http)) => Some(http),
            Some(_) => return None,
        };
        http.and_then(|http| http.get("method"))?.as_str()?
    } else {
        string(event, "httpMethod")?
    };
    gatewright::Method::from_bytes(method.as_bytes()).ok()?;
    Some(Reading {
        event,
        source,
        method,
    })
}

fn string<'v>(map: &'v Object, key: &str) -> Option<&'v str> {
    map.get(key).and_then(Value::as_str)
}

fn object<'v>(map: &'v Object, key: &str) -> Option<&'v Object> {
    map.get(key).and_then(Value::as_object)
}

/// The strings of a multi-value map's entry (`null`s left out), or `None` for another type.
fn list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items
            .iter()
            .filter(|item| !item.is_null())
            .map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

/// A single-value map's entry: one string, none for `null`, a refusal for another type.
fn single(value: &Value) -> Answer {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::String(value) => Ok(vec![value.clone()]),
        _ => Err(Refused),
    }
}

/// A lookup in a multi-value map, then (when no key matches there) in its single-value map.
fn lookup(
    multi: Option<&Object>,
    single_map: Option<&Object>,
    matches: impl Fn(&str) -> bool,
) -> Expected {
    if let Some(multi) = multi {
        let found: Vec<&Value> = multi
            .iter()
            .filter(|(key, _)| matches(key))
            .map(|(_, value)| value)
            .collect();
        if !found.is_empty() {
            let mut all = Vec::new();
            for value in &found {
                match list(value) {
                    Some(values) => all.extend(values),
                    None => return Expected::exactly(Err(Refused)),
                }
            }
            return Expected {
                candidates: vec![Ok(all)],
                any_order: found.len() > 1,
            };
        }
    }
    let candidates: Vec<Answer> = single_map
        .into_iter()
        .flat_map(|map| map.iter())
        .filter(|(key, _)| matches(key))
        .map(|(_, value)| single(value))
        .collect();
    if candidates.is_empty() {
        Expected::exactly(Ok(Vec::new()))
    } else {
        Expected {
            candidates,
            any_order: false,
        }
    }
}

impl Reading<'_> {
    fn string(&self, key: &str) -> Option<&str> {
        string(self.event, key)
    }

    fn object(&self, key: &str) -> Option<&Object> {
        object(self.event, key)
    }

    /// The keys of the event's maps and of its query string: the names worth looking up.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for map in OBJECTS {
            if let Some(map) = self.object(map) {
                for key in map.keys() {
                    names.push(key.clone());
                    names.extend(decode_component(key));
                }
            }
        }
        if let Some(query) = self.string("rawQueryString") {
            for pair in query.split('&') {
                let key = pair.split_once('=').map_or(pair, |(key, _)| key);
                names.extend(decode_component(key));
            }
        }
        names
    }

    /// Payload 2.0's `cookies`, `null`s left out.
    fn cookies(&self) -> Vec<&str> {
        match self.event.get("cookies") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// `Request::header(name)`.
    pub fn header(&self, name: &str) -> Expected {
        let cookies = self.cookies();
        if self.source.is_v2() && name.eq_ignore_ascii_case("cookie") && !cookies.is_empty() {
            return Expected::exactly(Ok(vec![cookies.join("; ")]));
        }
        let multi = if self.source.is_v2() {
            None
        } else {
            self.object("multiValueHeaders")
        };
        lookup(multi, self.object("headers"), |key| {
            key.eq_ignore_ascii_case(name)
        })
    }

    /// `Request::headers()`, in any order.
    pub fn headers(&self) -> Result<Vec<(String, String)>, Refused> {
        let mut entries = Vec::new();
        let multi = self
            .object("multiValueHeaders")
            .filter(|map| !map.is_empty() && !self.source.is_v2());
        if let Some(multi) = multi {
            for (name, values) in multi {
                for value in list(values).ok_or(Refused)? {
                    entries.push((name.clone(), value));
                }
            }
        } else {
            for (name, value) in self.object("headers").into_iter().flatten() {
                for value in single(value)? {
                    entries.push((name.clone(), value));
                }
            }
            let cookies = self.cookies();
            if self.source.is_v2() && !cookies.is_empty() {
                entries.retain(|(name, _)| !name.eq_ignore_ascii_case("cookie"));
                entries.push(("cookie".to_owned(), cookies.join("; ")));
            }
        }
        entries.sort();
        Ok(entries)
    }

    /// `Request::query(name)`: payload 2.0 from `rawQueryString`; the others from their maps,
    /// a load balancer's still encoded.
    pub fn query(&self, name: &str) -> Expected {
        if self.source.is_v2() {
            if let Some(raw) = self.string("rawQueryString").filter(|raw| !raw.is_empty()) {
                return Expected::exactly(query_values(raw, name));
            }
        }
        let alb = matches!(self.source, EventSource::Alb { .. });
        let matches = |key: &str| {
            if alb && key.contains(['%', '+']) {
                decode_component(key).as_deref() == Some(name)
            } else {
                key == name
            }
        };
        let mut expected = lookup(
            self.object("multiValueQueryStringParameters"),
            self.object("queryStringParameters"),
            matches,
        );
        if alb {
            for candidate in &mut expected.candidates {
                if let Ok(values) = candidate {
                    *candidate = values
                        .iter()
                        .map(|value| decode_component(value).ok_or(Refused))
                        .collect();
                }
            }
        }
        expected
    }

    /// `Request::stage_variable(name)`.
    pub fn stage_variable(&self, name: &str) -> Expected {
        lookup(None, self.object("stageVariables"), |key| key == name)
    }

    /// `Request::body()`.
    pub fn body(&self) -> Result<Vec<u8>, Refused> {
        let body = self.string("body").unwrap_or("");
        if self.event.get("isBase64Encoded") == Some(&Value::Bool(true)) {
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .map_err(|_| Refused)
        } else {
            Ok(body.as_bytes().to_vec())
        }
    }

    /// `Request::segments()` when they come straight from `path`/`rawPath`, that is when the
    /// event names no template whose parameters it gives; `Err` with the segment when the
    /// path is not valid percent-encoded UTF-8. `None` when the template decides.
    pub fn path_segments(&self) -> Option<Result<Vec<String>, String>> {
        let template = if self.source.is_v2() {
            self.string("routeKey")
                .and_then(|key| key.split_once(' '))
                .map(|(_, path)| path)
                .filter(|path| path.starts_with('/'))
        } else {
            self.string("resource")
        };
        if template.is_some_and(|template| self.template_applies(template)) {
            return None;
        }
        let path = if self.source.is_v2() {
            self.string("rawPath")
        } else {
            self.string("path")
        };
        let Some(mut path) = path else {
            return Some(Ok(Vec::new()));
        };
        let decoded = matches!(self.source, EventSource::HttpApiV1 | EventSource::HttpApiV2);
        if decoded {
            let stage = self
                .object("requestContext")
                .and_then(|context| string(context, "stage"));
            if let Some(stage) = stage.filter(|stage| *stage != "$default") {
                if let Some(rest) = path
                    .strip_prefix('/')
                    .and_then(|rest| rest.strip_prefix(stage))
                {
                    if rest.is_empty() || rest.starts_with('/') {
                        path = rest;
                    }
                }
            }
        }
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        if path.is_empty() {
            return Some(Ok(Vec::new()));
        }
        Some(
            path.split('/')
                .map(|segment| {
                    if decoded {
                        Ok(segment.to_owned())
                    } else {
                        percent_decode(segment).ok_or_else(|| segment.to_owned())
                    }
                })
                .collect(),
        )
    }

    /// Whether every parameter `template` names is a string in `pathParameters`.
    fn template_applies(&self, template: &str) -> bool {
        let parameters = self.object("pathParameters");
        template
            .split('/')
            .filter(|part| !part.is_empty())
            .all(
                |part| match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) => {
                        let name = name.strip_suffix('+').unwrap_or(name);
                        parameters.and_then(|map| string(map, name)).is_some()
                    }
                    None => true,
                },
            )
    }
}

/// Every value of `name` in a raw query string, decoded; a refusal when a key on the way, or
/// a value of `name`, is not valid percent-encoded UTF-8.
fn query_values(query: &str, name: &str) -> Answer {
    let mut values = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if decode_component(key).ok_or(Refused)? != name {
            continue;
        }
        values.push(decode_component(value).ok_or(Refused)?);
    }
    Ok(values)
}

/// A query component: `+` is a space, then `%XX` escapes.
pub fn decode_component(component: &str) -> Option<String> {
    percent_decode(&component.replace('+', " "))
}

/// `%XX` escapes decoded; `None` for a malformed escape or a result that isn't UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
