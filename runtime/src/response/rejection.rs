//! Every way a request is turned away before or after its handler runs.
//!
//! Each becomes a response with a status and a JSON body a client can act on, and a log line.

use std::fmt;

use http::header::{HeaderValue, ALLOW, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::StatusCode;

use super::into_response::{Body, IntoResponse, Response};
use super::proxy_response::json_string;
use crate::event::method::MethodSet;

/// Where a handler argument is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// A `<name>` segment of the route's path.
    Path,
    /// A query string parameter.
    Query,
    /// A stage variable of the API Gateway stage.
    Stage,
    /// A request header.
    Header,
    /// The request body.
    Body,
    /// A cookie of the `Cookie` header.
    Cookie,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Path => "path",
            Source::Query => "query",
            Source::Stage => "stage variable",
            Source::Header => "header",
            Source::Body => "body",
            Source::Cookie => "cookie",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule a value breaks: where in the value, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The path of the field in the value, such as `items[1].name`; for a parameter, its name.
    pub path: String,
    /// What is wrong: `length is lower than 1`.
    pub message: String,
}

impl Violation {
    /// `message` about the field at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Violation {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Why a request got no answer from a handler.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rejection {
    /// No route's path matches.
    NotFound,
    /// A route's path matches, but none of the matching routes takes the method.
    MethodNotAllowed {
        /// The methods the path allows.
        allow: MethodSet,
    },
    /// The event isn't a proxy event this binary understands.
    MalformedEvent {
        /// What was wrong, naming the field.
        message: String,
    },
    /// The path has a bad percent-escape.
    BadPath {
        /// The offending segment.
        segment: String,
    },
    /// The query string has a bad percent-escape (local server only: API Gateway decodes it).
    BadQuery {
        /// The offending `name=value` pair.
        pair: String,
    },
    /// A value was present but didn't parse as the handler's argument type.
    InvalidParameter {
        /// Where it was read from.
        source: Source,
        /// The parameter's name.
        name: &'static str,
        /// The value as received.
        value: String,
        /// The type the handler asked for.
        expected: &'static str,
        /// Why it didn't parse.
        reason: String,
    },
    /// A required query parameter or header is missing.
    MissingParameter {
        /// Where it should have been.
        source: Source,
        /// Its name.
        name: &'static str,
    },
    /// A stage variable a handler requires is not set on the stage: a deployment mistake.
    MissingStageVariable {
        /// Its name.
        name: &'static str,
    },
    /// The body or a parameter parsed, but breaks its type's rules (`Valid<T>`, the `garde`
    /// feature): `422`, with every failing field.
    #[cfg(feature = "garde")]
    Invalid {
        /// Where it was read from.
        source: Source,
        /// The parameter's name; empty for the body.
        name: &'static str,
        /// Each rule broken.
        violations: Vec<Violation>,
    },
    /// The body is not what the handler takes.
    InvalidBody {
        /// Why.
        reason: String,
    },
    /// The body's `Content-Type` is not the one the handler reads (`Form<T>`, `Multipart`).
    UnsupportedMediaType {
        /// The media type the handler reads, such as `application/x-www-form-urlencoded`.
        expected: &'static str,
        /// The request's `Content-Type`, if it had one.
        received: Option<String>,
    },
    /// One field of a form or multipart body is missing or doesn't parse.
    InvalidBodyField {
        /// The field's name (a dotted path for nested fields), empty when the body as a whole
        /// is malformed.
        field: String,
        /// Why.
        reason: String,
    },
    /// A handler takes `State<T>`, but no `T` was given to the API with `with_state`.
    MissingState {
        /// The type's name.
        type_name: &'static str,
    },
    /// The handler panicked.
    HandlerPanicked {
        /// The request's id, to find the panic in the logs.
        request_id: String,
    },
    /// The handler returned a header that is not valid HTTP.
    InvalidResponseHeader {
        /// The header's name.
        name: &'static str,
    },
    /// The handler returned a JSON value that could not be serialized.
    UnserializableResponse,
    /// The body is larger than the server takes (the local server's limit is Lambda's).
    BodyTooLarge {
        /// The largest body taken, in bytes.
        limit: usize,
    },
    /// The body did not arrive in time (the local server).
    BodyTimeout {
        /// How long the server waited, in seconds.
        seconds: u64,
    },
    /// The handler reads who the caller is (`Claims`, `Scopes`, `IamCaller`), but the event
    /// carries no authorizer output: the route has no authorizer, or the source has none.
    Unauthenticated {
        /// What the handler reads: `claims`, `scopes`, `an IAM caller`.
        expected: &'static str,
    },
    /// The authorizer's claims don't fit the handler's `Claims<T>`.
    InvalidClaims {
        /// The claim that was wrong or missing (`email`, `address.city`), if one was.
        field: Option<String>,
        /// Why, in serde's words.
        reason: String,
    },
    /// The caller's token lacks a scope the handler requires (`Scopes::require`).
    MissingScope {
        /// The scope.
        scope: String,
    },
    /// A CORS preflight from an origin the API doesn't allow.
    OriginNotAllowed {
        /// The `Origin` of the preflight.
        origin: String,
    },
}

impl Rejection {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        match self {
            Rejection::NotFound => StatusCode::NOT_FOUND,
            Rejection::OriginNotAllowed { .. }
            | Rejection::InvalidClaims { .. }
            | Rejection::MissingScope { .. } => StatusCode::FORBIDDEN,
            Rejection::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            Rejection::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Rejection::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Rejection::BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Rejection::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Rejection::InvalidParameter {
                source: Source::Stage,
                ..
            } => StatusCode::INTERNAL_SERVER_ERROR,
            #[cfg(feature = "garde")]
            Rejection::Invalid {
                source: Source::Stage,
                ..
            } => StatusCode::INTERNAL_SERVER_ERROR,
            #[cfg(feature = "garde")]
            Rejection::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Rejection::MalformedEvent { .. }
            | Rejection::BadPath { .. }
            | Rejection::BadQuery { .. }
            | Rejection::InvalidParameter { .. }
            | Rejection::MissingParameter { .. }
            | Rejection::InvalidBody { .. }
            | Rejection::InvalidBodyField { .. } => StatusCode::BAD_REQUEST,
            Rejection::MissingStageVariable { .. }
            | Rejection::HandlerPanicked { .. }
            | Rejection::MissingState { .. }
            | Rejection::InvalidResponseHeader { .. }
            | Rejection::UnserializableResponse => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The JSON body: always an `error` message, plus the details a client can act on.
    pub fn body(&self) -> String {
        // Keys in alphabetical order. Written by hand: a `serde_json::Value` would bring its
        // map, its pretty printer and float formatting into every Lambda binary.
        match self {
            Rejection::NotFound => object(&[("error", "no route matches this path")]),
            Rejection::MethodNotAllowed { allow } => object(&[
                ("allow", &allow.allow_header()),
                ("error", "this path does not take this method"),
            ]),
            Rejection::MalformedEvent { message } => {
                object(&[("error", "malformed event"), ("message", message)])
            }
            Rejection::BadPath { segment } => object(&[
                ("error", "the path is not valid percent-encoded UTF-8"),
                ("segment", segment),
            ]),
            Rejection::BadQuery { pair } => object(&[
                (
                    "error",
                    "the query string is not valid percent-encoded UTF-8",
                ),
                ("pair", pair),
            ]),
            Rejection::InvalidParameter {
                source: Source::Stage,
                ..
            } => object(&[("error", "the API's stage has an invalid stage variable")]),
            Rejection::InvalidParameter {
                source,
                name,
                value,
                expected,
                reason,
            } => object(&[
                ("error", &format!("invalid {source} parameter `{name}`")),
                ("expected", expected),
                ("parameter", name),
                ("reason", reason),
                ("source", source.as_str()),
                ("value", value),
            ]),
            Rejection::MissingParameter { source, name } => object(&[
                ("error", &format!("missing {source} parameter `{name}`")),
                ("parameter", name),
                ("source", source.as_str()),
            ]),
            Rejection::MissingStageVariable { .. } => {
                object(&[("error", "the API's stage is missing a stage variable")])
            }
            #[cfg(feature = "garde")]
            Rejection::Invalid {
                source: Source::Stage,
                ..
            } => object(&[("error", "the API's stage has an invalid stage variable")]),
            #[cfg(feature = "garde")]
            Rejection::Invalid {
                source,
                name,
                violations,
            } => invalid(*source, name, violations),
            Rejection::InvalidBody { reason } => {
                object(&[("error", "invalid body"), ("reason", reason)])
            }
            Rejection::UnsupportedMediaType { expected, received } => object(&[
                ("error", "unsupported media type"),
                ("expected", expected),
                ("received", received.as_deref().unwrap_or("")),
            ]),
            Rejection::InvalidBodyField { field, reason } if field.is_empty() => {
                object(&[("error", "invalid body"), ("reason", reason)])
            }
            Rejection::InvalidBodyField { field, reason } => object(&[
                ("error", &format!("invalid body field `{field}`")),
                ("field", field),
                ("reason", reason),
            ]),
            Rejection::BodyTooLarge { limit } => object(&[
                ("error", "invalid body"),
                ("reason", &format!("the body is larger than {limit} bytes")),
            ]),
            Rejection::BodyTimeout { seconds } => object(&[
                ("error", "invalid body"),
                (
                    "reason",
                    &format!("the body did not arrive within {seconds} s"),
                ),
            ]),
            Rejection::Unauthenticated { expected } => object(&[
                ("error", "no authorizer has identified the caller"),
                ("expected", expected),
            ]),
            Rejection::InvalidClaims {
                field: Some(field),
                reason,
            } => object(&[
                (
                    "error",
                    &format!("the caller's claim `{field}` is missing or invalid"),
                ),
                ("field", field),
                ("reason", reason),
            ]),
            Rejection::InvalidClaims {
                field: None,
                reason,
            } => object(&[
                ("error", "the caller's claims are not what this route takes"),
                ("reason", reason),
            ]),
            Rejection::MissingScope { scope } => object(&[
                (
                    "error",
                    &format!("the caller's token lacks the scope `{scope}`"),
                ),
                ("scope", scope),
            ]),
            Rejection::OriginNotAllowed { origin } => object(&[
                ("error", "this origin may not call the API"),
                ("origin", origin),
            ]),
            Rejection::HandlerPanicked { request_id } => object(&[
                ("error", "internal server error"),
                ("requestId", request_id),
            ]),
            Rejection::MissingState { .. }
            | Rejection::InvalidResponseHeader { .. }
            | Rejection::UnserializableResponse => object(&[("error", "internal server error")]),
        }
    }

    fn log(&self) {
        match self {
            Rejection::NotFound | Rejection::MethodNotAllowed { .. } => {}
            Rejection::MissingStageVariable { name } => {
                tracing::error!(
                    stage_variable = name,
                    "a handler requires stage variable `{name}`, which the stage does not set"
                )
            }
            Rejection::HandlerPanicked { request_id } => {
                tracing::error!(request_id, "a handler panicked")
            }
            Rejection::InvalidParameter {
                source: Source::Stage,
                name,
                value,
                expected,
                ..
            } => tracing::error!(
                stage_variable = name,
                "stage variable `{name}` is set to {value:?}, which is not a valid `{expected}`"
            ),
            #[cfg(feature = "garde")]
            Rejection::Invalid {
                source: Source::Stage,
                name,
                violations,
            } => tracing::error!(
                stage_variable = name,
                "stage variable `{name}` breaks its type's rules: {}",
                violations.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; ")
            ),
            Rejection::MissingState { type_name } => tracing::error!(
                "a handler takes `State<{type_name}>`, but the API has no `{type_name}`; add it with `.with_state(...)`"
            ),
            Rejection::InvalidResponseHeader { .. } | Rejection::UnserializableResponse => {
                tracing::error!(rejection = ?self, "a handler's response could not be sent")
            }
            _ => tracing::warn!(rejection = %self.body(), "request rejected"),
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        self.log();
        let mut response = Response::new(Body::from(self.body()));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        match &self {
            Rejection::MethodNotAllowed { allow } => {
                if let Ok(value) = HeaderValue::from_str(&allow.allow_header()) {
                    headers.insert(ALLOW, value);
                }
            }
            // A 401 names how to authenticate (RFC 9110): a signed request for an IAM caller,
            // a bearer token for claims and scopes.
            Rejection::Unauthenticated { expected } => {
                let scheme = if *expected == "an IAM caller" {
                    "AWS4-HMAC-SHA256"
                } else {
                    "Bearer"
                };
                headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static(scheme));
            }
            // A token without the scope a route needs (RFC 6750, section 3.1).
            Rejection::MissingScope { scope } => {
                let value = if scope.contains(['"', '\\']) {
                    "Bearer error=\"insufficient_scope\"".to_owned()
                } else {
                    format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\"")
                };
                if let Ok(value) = HeaderValue::from_str(&value) {
                    headers.insert(WWW_AUTHENTICATE, value);
                }
            }
            _ => {}
        }
        // For catchers and middleware: what this answer is, with its details.
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(feature = "garde")]
/// The body of a `422`: which parameter (or the body), and every field with what is wrong,
/// keys in alphabetical order.
fn invalid(source: Source, name: &str, violations: &[Violation]) -> String {
    let (error, parameter) = match source {
        Source::Body => ("the body breaks its type's rules".to_owned(), None),
        _ => (
            format!("invalid {source} parameter `{name}`: it breaks its type's rules"),
            Some(name),
        ),
    };
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"{\"error\":");
    json_string(&mut out, &error);
    out.extend_from_slice(b",\"fields\":[");
    for (index, violation) in violations.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"message\":");
        json_string(&mut out, &violation.message);
        out.extend_from_slice(b",\"path\":");
        json_string(&mut out, &violation.path);
        out.push(b'}');
    }
    out.push(b']');
    if let Some(parameter) = parameter {
        out.extend_from_slice(b",\"parameter\":");
        json_string(&mut out, parameter);
    }
    out.extend_from_slice(b",\"source\":");
    json_string(&mut out, source.as_str());
    out.push(b'}');
    // Only UTF-8 went in.
    String::from_utf8(out).unwrap_or_default()
}

/// A JSON object of string values, in the order given.
fn object(pairs: &[(&str, &str)]) -> String {
    let mut out = Vec::with_capacity(64);
    out.push(b'{');
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        json_string(&mut out, name);
        out.push(b':');
        json_string(&mut out, value);
    }
    out.push(b'}');
    // Only UTF-8 went in.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_objects_with_their_values_escaped() {
        let rejection = Rejection::InvalidParameter {
            source: Source::Query,
            name: "page",
            value: "2\"}, \\ \u{1}é".to_owned(),
            expected: "u32",
            reason: "invalid digit found in string".to_owned(),
        };
        let body = rejection.body();
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({
                "error": "invalid query parameter `page`",
                "expected": "u32",
                "parameter": "page",
                "reason": "invalid digit found in string",
                "source": "query",
                "value": "2\"}, \\ \u{1}é",
            })
        );
        // Keys in alphabetical order, as the bodies have always been written.
        assert!(body.starts_with(r#"{"error":"invalid query parameter `page`","expected":"u32","#));
        assert_eq!(
            Rejection::NotFound.body(),
            r#"{"error":"no route matches this path"}"#
        );
    }

    #[cfg(feature = "garde")]
    #[test]
    fn an_invalid_value_lists_every_field() {
        let rejection = Rejection::Invalid {
            source: Source::Body,
            name: "",
            violations: vec![
                Violation::new("text", "length is lower than 1"),
                Violation::new("tags[0]", "\"quoted\""),
            ],
        };
        assert_eq!(rejection.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let parsed: serde_json::Value = serde_json::from_str(&rejection.body()).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({
                "error": "the body breaks its type's rules",
                "fields": [
                    { "path": "text", "message": "length is lower than 1" },
                    { "path": "tags[0]", "message": "\"quoted\"" },
                ],
                "source": "body",
            })
        );
        let query = Rejection::Invalid {
            source: Source::Query,
            name: "page",
            violations: vec![Violation::new("page", "greater than 100")],
        };
        let parsed: serde_json::Value = serde_json::from_str(&query.body()).unwrap();
        assert_eq!(parsed["parameter"], "page");
        assert_eq!(parsed["source"], "query");
    }
}
