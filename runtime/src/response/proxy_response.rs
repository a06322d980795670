//! The response in the shape each front door expects.
//!
//! | source | shape |
//! |---|---|
//! | REST API, HTTP API 1.0 | `statusCode`, `headers` (last value of each), `multiValueHeaders` (every value), `body`, `isBase64Encoded` |
//! | HTTP API 2.0, Function URL | `statusCode`, `headers` (repeated values joined with `, `), `cookies` (every `Set-Cookie`), `body`, `isBase64Encoded` |
//! | load balancer | `statusCode`, `statusDescription` (`200 OK`), `headers` or, when the target group has multi-value headers on, `multiValueHeaders`; `body`, `isBase64Encoded` |
//!
//! Every `Set-Cookie` reaches the client except through a load balancer target group without
//! multi-value headers: its `headers` hold one value per name, so only the last cookie is
//! sent (and a warning is logged).
//!
//! A [`Body::Binary`] body is sent base64-encoded; for REST APIs, add its content type to the
//! API's binary media types so API Gateway decodes it for the client.

use base64::Engine as _;
use http::header::{GetAll, HeaderValue, SET_COOKIE};
use http::HeaderMap;

use super::into_response::{Body, Response};
use crate::event::EventSource;

/// Serializes `response` for `source`.
///
/// Written by hand rather than through `serde`: header names are tokens that never need
/// escaping, and header values rarely do, so most of the output is copied as it is.
pub fn to_json(response: &Response, source: EventSource) -> Vec<u8> {
    let mut out = Vec::with_capacity(160 + response.body().as_bytes().len() * 4 / 3);
    let status = response.status();
    let headers = response.headers();
    out.extend_from_slice(b"{\"statusCode\":");
    out.extend_from_slice(status.as_str().as_bytes());
    match source {
        EventSource::RestApi | EventSource::HttpApiV1 => {
            out.extend_from_slice(b",\"headers\":");
            last_values(&mut out, headers);
            out.extend_from_slice(b",\"multiValueHeaders\":");
            all_values(&mut out, headers);
        }
        EventSource::HttpApiV2 | EventSource::FunctionUrl => {
            out.extend_from_slice(b",\"headers\":");
            joined_values(&mut out, headers);
            out.extend_from_slice(b",\"cookies\":");
            values(&mut out, headers.get_all(SET_COOKIE));
        }
        EventSource::Alb {
            multi_value_headers,
        } => {
            out.extend_from_slice(b",\"statusDescription\":");
            let reason = status.canonical_reason().unwrap_or("");
            json_string(&mut out, &format!("{} {reason}", status.as_u16()));
            if multi_value_headers {
                out.extend_from_slice(b",\"multiValueHeaders\":");
                all_values(&mut out, headers);
            } else {
                if headers.get_all(SET_COOKIE).iter().nth(1).is_some() {
                    one_cookie_only();
                }
                out.extend_from_slice(b",\"headers\":");
                last_values(&mut out, headers);
            }
        }
    }
    out.extend_from_slice(b",\"body\":");
    match response.body() {
        Body::Empty => out.extend_from_slice(b"\"\",\"isBase64Encoded\":false}"),
        Body::Text(text) => {
            json_string(&mut out, text);
            out.extend_from_slice(b",\"isBase64Encoded\":false}");
        }
        Body::Binary(bytes) => {
            out.push(b'"');
            let start = out.len();
            let len = base64::encoded_len(bytes.len(), true).unwrap_or(0);
            out.resize(start + len, 0);
            let written = base64::engine::general_purpose::STANDARD
                .encode_slice(bytes, &mut out[start..])
                .unwrap_or(0);
            out.truncate(start + written);
            out.extend_from_slice(b"\",\"isBase64Encoded\":true}");
        }
    }
    out
}

/// Logs that a load balancer will drop all but the last `Set-Cookie`; out of line, so that
/// the shape every response goes through stays as small as it was.
#[cold]
#[inline(never)]
fn one_cookie_only() {
    tracing::warn!(
        "the response sets several cookies, but a load balancer target group without \
         multi-value headers passes only the last `Set-Cookie`; turn multi-value headers on \
         for the target group"
    );
}

/// A JSON string literal.
pub(crate) fn json_string(out: &mut Vec<u8>, text: &str) {
    // Writing into a Vec can't fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

/// A header value as a JSON string: copied when it needs no escaping, which is almost always.
fn header_value(out: &mut Vec<u8>, value: &HeaderValue) {
    let bytes = value.as_bytes();
    if bytes
        .iter()
        .all(|&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
    } else {
        json_string(out, &String::from_utf8_lossy(bytes));
    }
}

/// A header name as a JSON key; names are tokens, which never need escaping.
fn key(out: &mut Vec<u8>, name: &http::HeaderName) {
    out.push(b'"');
    out.extend_from_slice(name.as_str().as_bytes());
    out.extend_from_slice(b"\":");
}

/// Each header's last value.
fn last_values(out: &mut Vec<u8>, headers: &HeaderMap) {
    out.push(b'{');
    for (index, name) in headers.keys().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        key(out, name);
        match headers.get_all(name).iter().next_back() {
            Some(value) => header_value(out, value),
            None => out.extend_from_slice(b"\"\""),
        }
    }
    out.push(b'}');
}

/// Every value of every header.
fn all_values(out: &mut Vec<u8>, headers: &HeaderMap) {
    out.push(b'{');
    for (index, name) in headers.keys().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        key(out, name);
        values(out, headers.get_all(name));
    }
    out.push(b'}');
}

/// Each header's values joined with `, `, `Set-Cookie` left out (it goes in `cookies`).
fn joined_values(out: &mut Vec<u8>, headers: &HeaderMap) {
    out.push(b'{');
    let mut first = true;
    for name in headers.keys().filter(|name| *name != SET_COOKIE) {
        if !first {
            out.push(b',');
        }
        first = false;
        key(out, name);
        let all = headers.get_all(name);
        let mut iter = all.iter();
        match (iter.next(), iter.next()) {
            (Some(value), None) => header_value(out, value),
            _ => {
                let joined: Vec<String> = all
                    .iter()
                    .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                    .collect();
                json_string(out, &joined.join(", "));
            }
        }
    }
    out.push(b'}');
}

/// A JSON array of header values.
fn values(out: &mut Vec<u8>, values: GetAll<'_, HeaderValue>) {
    out.push(b'[');
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        header_value(out, value);
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IntoResponse;
    use serde_json::{json, Value};

    fn shaped(response: &Response, source: EventSource) -> Value {
        serde_json::from_slice(&to_json(response, source)).unwrap()
    }

    fn with_cookies() -> Response {
        let mut response = (http::StatusCode::CREATED, "hi").into_response();
        response
            .headers_mut()
            .append("set-cookie", "a=1".parse().unwrap());
        response
            .headers_mut()
            .append("set-cookie", "b=2".parse().unwrap());
        response.headers_mut().append("vary", "a".parse().unwrap());
        response.headers_mut().append("vary", "b".parse().unwrap());
        response
    }

    #[test]
    fn rest_api_shape() {
        let json = shaped(&with_cookies(), EventSource::RestApi);
        assert_eq!(json["statusCode"], 201);
        assert_eq!(json["body"], "hi");
        assert_eq!(json["isBase64Encoded"], false);
        assert_eq!(json["headers"]["content-type"], "text/plain; charset=utf-8");
        assert_eq!(json["headers"]["set-cookie"], "b=2");
        assert_eq!(
            json["multiValueHeaders"]["set-cookie"],
            json!(["a=1", "b=2"])
        );
    }

    #[test]
    fn payload_2_shape_puts_cookies_apart() {
        let json = shaped(&with_cookies(), EventSource::HttpApiV2);
        assert_eq!(json["cookies"], json!(["a=1", "b=2"]));
        assert_eq!(json["headers"]["vary"], "a, b");
        assert!(json["headers"].get("set-cookie").is_none());
        assert!(json.get("multiValueHeaders").is_none());
        let plain = shaped(&"x".into_response(), EventSource::FunctionUrl);
        assert_eq!(plain["cookies"], json!([]));
    }

    #[test]
    fn load_balancer_shape_follows_the_request_mode() {
        let single = shaped(
            &with_cookies(),
            EventSource::Alb {
                multi_value_headers: false,
            },
        );
        assert_eq!(single["statusDescription"], "201 Created");
        assert_eq!(single["headers"]["vary"], "b");
        assert!(single.get("multiValueHeaders").is_none());
        let multi = shaped(
            &with_cookies(),
            EventSource::Alb {
                multi_value_headers: true,
            },
        );
        assert_eq!(multi["multiValueHeaders"]["vary"], json!(["a", "b"]));
        assert!(multi.get("headers").is_none());
    }

    #[test]
    fn header_values_are_escaped_when_they_need_it() {
        let mut response = "body \"quoted\"\n".into_response();
        response
            .headers_mut()
            .insert("x-q", HeaderValue::from_static("a\"b\\c\td"));
        response
            .headers_mut()
            .insert("x-bytes", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        for source in [
            EventSource::RestApi,
            EventSource::HttpApiV2,
            EventSource::Alb {
                multi_value_headers: false,
            },
        ] {
            let json = shaped(&response, source);
            assert_eq!(json["headers"]["x-q"], "a\"b\\c\td", "{source:?}");
            assert_eq!(json["headers"]["x-bytes"], "caf\u{fffd}", "{source:?}");
            assert_eq!(json["body"], "body \"quoted\"\n", "{source:?}");
        }
    }

    #[test]
    fn binary_bodies_are_base64() {
        let json = shaped(&vec![0u8, 255].into_response(), EventSource::RestApi);
        assert_eq!(json["body"], "AP8=");
        assert_eq!(json["isBase64Encoded"], true);
    }
}
