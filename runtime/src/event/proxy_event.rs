//! The events of Lambda's HTTP front doors, told apart by their own markers and read in one
//! pass that borrows from their bytes.
//!
//! | source | marker | path routed on |
//! |---|---|---|
//! | API Gateway REST API | `httpMethod`, no `version` | `resource` + `pathParameters`, else `path` (percent-encoded) |
//! | API Gateway HTTP API, payload 1.0 | `"version": "1.0"` | `resource` + `pathParameters`, else `path` (already decoded) |
//! | API Gateway HTTP API, payload 2.0 | `"version": "2.0"` | `routeKey` + `pathParameters`, else `rawPath` (decoded, stage prefix removed) |
//! | Lambda Function URL | `"version": "2.0"`, a `*.lambda-url.*` domain, or `localhost` without `apiId` (cargo-lambda's emulator) | `rawPath` (percent-encoded) |
//! | Application Load Balancer | `requestContext.elb` | `path` (percent-encoded) |
//!
//! The whole event is checked as JSON up front, but only its top level is read; maps such as
//! `headers` are kept as raw JSON text and scanned when a handler asks for one of their keys
//! (see `raw.rs`). A field given twice is read from its last entry, as serde_json reads it.

use std::borrow::Cow;
use std::fmt;

use super::explain::explain;
use super::raw::{BadValue, Case, RawObject, StrList};
use super::scan;

/// Which front door an event came through; it decides how the event is read and how the
/// response must be shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventSource {
    /// An API Gateway REST API with the Lambda proxy integration (payload 1.0).
    RestApi,
    /// An API Gateway HTTP API with payload format 1.0.
    HttpApiV1,
    /// An API Gateway HTTP API with payload format 2.0.
    HttpApiV2,
    /// A Lambda Function URL (payload format 2.0).
    FunctionUrl,
    /// An Application Load Balancer target group.
    Alb {
        /// Whether the target group has multi-value headers on, so the response must use them too.
        multi_value_headers: bool,
    },
}

impl EventSource {
    /// Whether the event has the payload 2.0 shape (`rawPath`, `rawQueryString`, `cookies`).
    pub fn is_v2(self) -> bool {
        matches!(self, EventSource::HttpApiV2 | EventSource::FunctionUrl)
    }

    /// A name for logs and errors.
    pub fn name(self) -> &'static str {
        match self {
            EventSource::RestApi => "API Gateway REST API",
            EventSource::HttpApiV1 => "API Gateway HTTP API (payload 1.0)",
            EventSource::HttpApiV2 => "API Gateway HTTP API (payload 2.0)",
            EventSource::FunctionUrl => "Lambda Function URL",
            EventSource::Alb { .. } => "Application Load Balancer",
        }
    }
}

/// The raw JSON text of the top-level fields of any of the events, each from the last entry
/// of its name (as serde_json reads duplicate keys); every field optional.
#[derive(Default)]
struct TopLevel<'a> {
    version: Option<&'a str>,
    resource: Option<&'a str>,
    path: Option<&'a str>,
    http_method: Option<&'a str>,
    route_key: Option<&'a str>,
    raw_path: Option<&'a str>,
    raw_query_string: Option<&'a str>,
    cookies: Option<&'a str>,
    headers: Option<&'a str>,
    multi_value_headers: Option<&'a str>,
    query_string_parameters: Option<&'a str>,
    multi_value_query_string_parameters: Option<&'a str>,
    path_parameters: Option<&'a str>,
    stage_variables: Option<&'a str>,
    request_context: Option<&'a str>,
    body: Option<&'a str>,
    is_base64_encoded: Option<&'a str>,
}

impl<'a> TopLevel<'a> {
    /// One pass over the whole event, which checks that it is JSON and keeps the fields that
    /// are ours; their values are read afterwards, so an earlier duplicate is never looked at.
    fn read(text: &'a str) -> Result<Self, EventError> {
        let mut top = TopLevel::default();
        scan::event(text, |key, raw| {
            let slot = match &*key {
                "version" => &mut top.version,
                "resource" => &mut top.resource,
                "path" => &mut top.path,
                "httpMethod" => &mut top.http_method,
                "routeKey" => &mut top.route_key,
                "rawPath" => &mut top.raw_path,
                "rawQueryString" => &mut top.raw_query_string,
                "cookies" => &mut top.cookies,
                "headers" => &mut top.headers,
                "multiValueHeaders" => &mut top.multi_value_headers,
                "queryStringParameters" => &mut top.query_string_parameters,
                "multiValueQueryStringParameters" => &mut top.multi_value_query_string_parameters,
                "pathParameters" => &mut top.path_parameters,
                "stageVariables" => &mut top.stage_variables,
                "requestContext" => &mut top.request_context,
                "body" => &mut top.body,
                "isBase64Encoded" => &mut top.is_base64_encoded,
                _ => return,
            };
            *slot = Some(raw);
        })
        .map_err(|_| EventError::new(explain(text)))?;
        Ok(top)
    }
}

/// A top-level string field: a string or `null`.
fn string_field<'a>(raw: Option<&'a str>, name: &str) -> Result<Option<Cow<'a, str>>, EventError> {
    let Some(raw) = raw else { return Ok(None) };
    match raw.as_bytes().first() {
        Some(b'"') => scan::string(raw)
            .map(Some)
            .map_err(|_| EventError::new(format!("`{name}` is not a valid JSON string"))),
        _ if raw == "null" => Ok(None),
        _ => Err(EventError::new(format!(
            "`{name}` is {}, not a string",
            describe(raw)
        ))),
    }
}

/// `isBase64Encoded`: a boolean, `null` or absent (both false).
fn boolean_field(raw: Option<&str>, name: &str) -> Result<bool, EventError> {
    match raw {
        Some("true") => Ok(true),
        Some("false" | "null") | None => Ok(false),
        Some(raw) => Err(EventError::new(format!(
            "`{name}` is {}, not a boolean",
            describe(raw)
        ))),
    }
}

/// What kind of JSON value `raw` is, for errors.
fn describe(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// An HTTP event from any of the sources, borrowed from its bytes.
#[derive(Debug)]
pub struct Event<'a> {
    source: EventSource,
    method: Cow<'a, str>,
    resource: Option<Cow<'a, str>>,
    path: Option<Cow<'a, str>>,
    raw_query_string: Option<Cow<'a, str>>,
    cookies: Vec<Cow<'a, str>>,
    pub(crate) headers: RawObject<'a>,
    pub(crate) multi_value_headers: RawObject<'a>,
    pub(crate) query: RawObject<'a>,
    pub(crate) multi_value_query: RawObject<'a>,
    pub(crate) path_parameters: RawObject<'a>,
    pub(crate) stage_variables: RawObject<'a>,
    request_context: RawObject<'a>,
    body: Option<Cow<'a, str>>,
    is_base64_encoded: bool,
}

/// Why an event could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    message: String,
}

impl EventError {
    fn new(message: impl Into<String>) -> Self {
        EventError {
            message: message.into(),
        }
    }
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EventError {}

impl From<BadValue> for EventError {
    fn from(bad: BadValue) -> Self {
        EventError::new(bad.0)
    }
}

fn object<'a>(raw: Option<&'a str>, field: &str) -> Result<RawObject<'a>, EventError> {
    RawObject::new(raw)
        .map_err(|what| EventError::new(format!("`{field}` is {what}, not an object")))
}

impl<'a> Event<'a> {
    /// Reads an event, telling its source from its own markers.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, EventError> {
        let text = std::str::from_utf8(bytes).map_err(|err| {
            EventError::new(format!(
                "the event is not valid JSON: it is not UTF-8 ({err})"
            ))
        })?;
        let top = TopLevel::read(text)?;
        let version = string_field(top.version, "version")?;
        let http_method = string_field(top.http_method, "httpMethod")?;
        let resource = string_field(top.resource, "resource")?;
        let path = string_field(top.path, "path")?;
        let route_key = string_field(top.route_key, "routeKey")?;
        let raw_path = string_field(top.raw_path, "rawPath")?;
        let raw_query_string = string_field(top.raw_query_string, "rawQueryString")?;
        let body = string_field(top.body, "body")?;
        let cookies = match top.cookies {
            Some(raw) => {
                serde_json::from_str::<StrList>(raw)
                    .map_err(|err| EventError::new(format!("at `cookies`: {err}")))?
                    .0
            }
            None => Vec::new(),
        };
        let is_base64_encoded = boolean_field(top.is_base64_encoded, "isBase64Encoded")?;
        let request_context = object(top.request_context, "requestContext")?;
        let multi_value_headers = object(top.multi_value_headers, "multiValueHeaders")?;
        let source = match version.as_deref() {
            Some("2.0") => {
                let domain = request_context.get("domainName", Case::Sensitive)?;
                let function_url = match domain.as_deref() {
                    Some(domain) if domain.contains(".lambda-url.") => true,
                    // `cargo lambda watch` serves Function URLs at `/lambda-url/<function>/…`
                    // with `"domainName": "localhost"`, the function name as `domainPrefix`, no
                    // `apiId`, and `rawPath` percent-encoded as a real Function URL sends it.
                    // Emulated HTTP APIs (`sam local start-api`) also say `localhost`, but
                    // with an `apiId`.
                    Some("localhost") => {
                        matches!(request_context.get("apiId", Case::Sensitive), Ok(None))
                    }
                    _ => false,
                };
                if function_url {
                    EventSource::FunctionUrl
                } else {
                    EventSource::HttpApiV2
                }
            }
            Some("1.0") => EventSource::HttpApiV1,
            Some(other) => {
                return Err(EventError::new(format!(
                    "unknown payload format version {other:?}; expected \"1.0\" or \"2.0\""
                )))
            }
            None if resource.is_none() && request_context.has_key("elb") => EventSource::Alb {
                multi_value_headers: !multi_value_headers.is_empty(),
            },
            None if http_method.is_some() => EventSource::RestApi,
            None => return Err(unknown_source(bytes)),
        };
        let method = if source.is_v2() {
            let http = request_context.get_object("http")?;
            http.get("method", Case::Sensitive)?.ok_or_else(|| {
                EventError::new("a payload 2.0 event must have `requestContext.http.method`")
            })?
        } else {
            http_method.ok_or_else(|| EventError::new("missing field `httpMethod`"))?
        };
        let (resource, path) = if source.is_v2() {
            // `routeKey` is `GET /users/{id}`, or `$default` when no route matched.
            (route_key.and_then(route_key_path), raw_path)
        } else {
            (resource, path)
        };
        Ok(Event {
            source,
            method,
            resource,
            path,
            raw_query_string,
            cookies,
            headers: object(top.headers, "headers")?,
            multi_value_headers,
            query: object(top.query_string_parameters, "queryStringParameters")?,
            multi_value_query: object(
                top.multi_value_query_string_parameters,
                "multiValueQueryStringParameters",
            )?,
            path_parameters: object(top.path_parameters, "pathParameters")?,
            stage_variables: object(top.stage_variables, "stageVariables")?,
            request_context,
            body,
            is_base64_encoded,
        })
    }

    /// The front door the event came through.
    pub fn source(&self) -> EventSource {
        self.source
    }

    /// The request method, as sent.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The route template that matched in API Gateway (`/users/{id}`), if any.
    pub fn resource(&self) -> Option<&str> {
        self.resource.as_deref()
    }

    /// The path as the event gives it (`path` or `rawPath`).
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Whether [`path`](Self::path) is still percent-encoded (REST APIs, Function URLs and
    /// load balancers) rather than decoded (HTTP APIs).
    pub fn path_is_encoded(&self) -> bool {
        !matches!(self.source, EventSource::HttpApiV1 | EventSource::HttpApiV2)
    }

    /// The stage name, for API Gateway events; read from `requestContext` on each call.
    pub fn stage(&self) -> Option<Cow<'a, str>> {
        match self.source {
            EventSource::Alb { .. } => None,
            _ => self
                .request_context
                .get("stage", Case::Sensitive)
                .ok()
                .flatten(),
        }
    }

    /// The raw query string of a payload 2.0 event.
    pub fn raw_query_string(&self) -> Option<&str> {
        self.raw_query_string.as_deref()
    }

    /// The cookies of a payload 2.0 event.
    pub fn cookies(&self) -> &[Cow<'a, str>] {
        &self.cookies
    }

    /// The body as sent: text, or base64 when [`is_base64_encoded`](Self::is_base64_encoded).
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// Whether the body is base64.
    pub fn is_base64_encoded(&self) -> bool {
        self.is_base64_encoded
    }

    /// The `requestContext` object as raw JSON, for fields no extractor covers.
    pub fn raw_request_context(&self) -> Option<&'a str> {
        self.request_context.text()
    }

    pub(crate) fn resource_cow(&self) -> Option<&Cow<'a, str>> {
        self.resource.as_ref()
    }

    pub(crate) fn path_cow(&self) -> Option<&Cow<'a, str>> {
        self.path.as_ref()
    }

    pub(crate) fn raw_query_string_cow(&self) -> Option<&Cow<'a, str>> {
        self.raw_query_string.as_ref()
    }

    pub(crate) fn request_context_object(&self) -> RawObject<'a> {
        self.request_context
    }
}

/// `GET /users/{id}` → `/users/{id}`; `$default` → none.
fn route_key_path(key: Cow<'_, str>) -> Option<Cow<'_, str>> {
    match key {
        Cow::Borrowed(key) => key.split_once(' ').map(|(_, path)| Cow::Borrowed(path)),
        Cow::Owned(key) => key
            .split_once(' ')
            .map(|(_, path)| Cow::Owned(path.to_owned())),
    }
    .filter(|path| path.starts_with('/'))
}

#[cold]
fn unknown_source(bytes: &[u8]) -> EventError {
    let keys: Vec<String> = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| RawObject::new(Some(text.trim())).ok())
        .and_then(|object| object.keys().ok())
        .unwrap_or_default();
    let found = if keys.is_empty() {
        "no keys".to_owned()
    } else {
        format!(
            "the keys {}",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    EventError::new(format!(
        "expected an HTTP event from API Gateway (`httpMethod`, or `version` \"2.0\"), a Lambda Function URL or an Application Load Balancer (`requestContext.elb`), but the event has {found}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_told_apart_by_their_markers() {
        let table: &[(&str, EventSource)] = &[
            (
                r#"{"httpMethod":"GET","resource":"/","path":"/"}"#,
                EventSource::RestApi,
            ),
            (
                r#"{"version":"1.0","httpMethod":"GET","path":"/"}"#,
                EventSource::HttpApiV1,
            ),
            (
                r#"{"version":"2.0","httpMethod":"GET","rawPath":"/","requestContext":{"http":{"method":"POST"},"domainName":"x.execute-api.us-east-1.amazonaws.com"}}"#,
                EventSource::HttpApiV2,
            ),
            (
                r#"{"version":"2.0","rawPath":"/","requestContext":{"http":{"method":"PUT"},"domainName":"abc.lambda-url.us-east-1.on.aws"}}"#,
                EventSource::FunctionUrl,
            ),
            (
                r#"{"httpMethod":"GET","path":"/","requestContext":{"elb":{"targetGroupArn":"arn"}},"headers":{}}"#,
                EventSource::Alb {
                    multi_value_headers: false,
                },
            ),
            (
                r#"{"httpMethod":"GET","path":"/","requestContext":{"elb":{}},"multiValueHeaders":{"a":["b"]}}"#,
                EventSource::Alb {
                    multi_value_headers: true,
                },
            ),
        ];
        for (json, source) in table {
            assert_eq!(
                Event::parse(json.as_bytes()).unwrap().source(),
                *source,
                "{json}"
            );
        }
        // Payload 2.0's method is `requestContext.http.method`, whatever `httpMethod` says.
        let v2 = Event::parse(table[2].0.as_bytes()).unwrap();
        assert_eq!(v2.method(), "POST");
    }

    #[test]
    fn emulated_function_urls_are_told_from_emulated_http_apis() {
        // What `cargo lambda watch` (1.9.2) sends for `POST /lambda-url/hello/a%20b?x=1&x=2`,
        // trimmed: a stray `httpMethod`, `domainName` "localhost", no `apiId`, the path still
        // percent-encoded, repeated query keys joined with commas.
        let cargo_lambda = br#"{"type":null,"httpMethod":"GET","resource":null,"version":"2.0","routeKey":"$default","rawPath":"/a%20b","rawQueryString":"x=1&x=2","queryStringParameters":{"x":"1,2"},"requestContext":{"routeKey":"$default","accountId":null,"stage":"$default","apiId":null,"domainName":"localhost","domainPrefix":"hello","http":{"method":"POST","path":"/a%20b"}},"stageVariables":{},"isBase64Encoded":false}"#;
        let event = Event::parse(cargo_lambda).unwrap();
        assert_eq!(event.source(), EventSource::FunctionUrl);
        assert_eq!(event.method(), "POST");
        assert!(event.path_is_encoded());
        // `sam local start-api` serves an HTTP API as `localhost` too, with an `apiId`.
        let sam = br#"{"version":"2.0","routeKey":"GET /hello","rawPath":"/hello","requestContext":{"apiId":"1234567890","domainName":"localhost","domainPrefix":"localhost","http":{"method":"GET"},"stage":"$default"}}"#;
        assert_eq!(Event::parse(sam).unwrap().source(), EventSource::HttpApiV2);
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let event = Event::parse(br#"{"httpMethod":"GET","path":"/a\/b","body":null}"#).unwrap();
        assert!(matches!(event.method, Cow::Borrowed("GET")));
        assert!(matches!(event.path, Some(Cow::Owned(ref p)) if p == "/a/b"));
        assert_eq!(event.body(), None);
    }

    #[test]
    fn errors_name_the_field_and_what_was_found() {
        let err = Event::parse(br#"{"httpMethod":"GET","headers":["a"]}"#).unwrap_err();
        assert_eq!(err.to_string(), "`headers` is an array, not an object");
        let err = Event::parse(br#"{"httpMethod":5}"#).unwrap_err();
        assert_eq!(err.to_string(), "`httpMethod` is a number, not a string");
        let err = Event::parse(br#"{"httpMethod":"GET","isBase64Encoded":"yes"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`isBase64Encoded` is a string, not a boolean"
        );
        let err = Event::parse(b"{\"httpMethod\":\"G\xffT\"}").unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        let err = Event::parse(b"{\"httpMethod\":").unwrap_err();
        assert!(
            err.to_string().starts_with("the event is not valid JSON"),
            "{err}"
        );
        let err = Event::parse(br#"{"Records":[],"source":"aws.events"}"#).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("but the event has the keys `Records`, `source`"),
            "{err}"
        );
        let err = Event::parse(br#"{"version":"2.0","rawPath":"/"}"#).unwrap_err();
        assert!(
            err.to_string().contains("requestContext.http.method"),
            "{err}"
        );
        for not_an_object in [&b"[1]"[..], b"\"GET /\"", b"null"] {
            let err = Event::parse(not_an_object).unwrap_err();
            assert_eq!(
                err.to_string(),
                "the event is not an HTTP event: it is JSON, but not an object"
            );
        }
    }

    #[test]
    fn route_keys_give_the_resource() {
        let event = Event::parse(
            br#"{"version":"2.0","routeKey":"GET /users/{id}","rawPath":"/prod/users/1","requestContext":{"http":{"method":"GET"},"stage":"prod"}}"#,
        )
        .unwrap();
        assert_eq!(event.resource(), Some("/users/{id}"));
        assert_eq!(event.stage().as_deref(), Some("prod"));
        let event = Event::parse(
            br#"{"version":"2.0","routeKey":"$default","rawPath":"/x","requestContext":{"http":{"method":"GET"}}}"#,
        )
        .unwrap();
        assert_eq!(event.resource(), None);
    }
}
