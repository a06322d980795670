//! The response in the shape each front door expects.
//!
//! | source | shape |
//! |---|---|
//! | REST API, HTTP API 1.0 | `statusCode`, `headers` (last value of each), `multiValueHeaders` (every value), `body`, `isBase64Encoded` |
//! | HTTP API 2.0, Function URL | `statusCode`, `headers` (repeated values joined with `, `), `cookies` (every `Set-Cookie`), `body`, `isBase64Encoded` |
//! | load balancer | `statusCode`, `statusDescription` (`200 OK`), `headers` or, when the target group has multi-value headers on, `multiValueHeaders`; `body`, `isBase64Encoded` |
//!
//! A [`Body::Binary`] body is sent base64-encoded; for REST APIs, add its content type to the
//! API's binary media types so API Gateway decodes it for the client.

use base64::Engine as _;
use http::header::SET_COOKIE;
use http::HeaderMap;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::event::EventSource;
use crate::response::{Body, Response};

/// Serializes `response` for `source`.
pub fn to_json(response: &Response, source: EventSource) -> Vec<u8> {
    let mut out = Vec::with_capacity(128 + response.body().as_bytes().len() * 4 / 3);
    let proxy = ProxyResponse { response, source };
    // Serializing into a Vec can't fail: every key is a string and every value a string,
    // number, bool or list of strings.
    if proxy
        .serialize(&mut serde_json::Serializer::new(&mut out))
        .is_err()
    {
        out.clear();
        out.extend_from_slice(br#"{"statusCode":500,"body":""}"#);
    }
    out
}

struct ProxyResponse<'a> {
    response: &'a Response,
    source: EventSource,
}

impl Serialize for ProxyResponse<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let response = self.response;
        let status = response.status();
        let headers = response.headers();
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("statusCode", &status.as_u16())?;
        match self.source {
            EventSource::RestApi | EventSource::HttpApiV1 => {
                map.serialize_entry("headers", &LastValues(headers))?;
                map.serialize_entry("multiValueHeaders", &AllValues(headers))?;
            }
            EventSource::HttpApiV2 | EventSource::FunctionUrl => {
                map.serialize_entry("headers", &JoinedValues(headers))?;
                map.serialize_entry("cookies", &Values(headers.get_all(SET_COOKIE)))?;
            }
            EventSource::Alb {
                multi_value_headers,
            } => {
                let reason = status.canonical_reason().unwrap_or("");
                map.serialize_entry(
                    "statusDescription",
                    &format!("{} {reason}", status.as_u16()),
                )?;
                if multi_value_headers {
                    map.serialize_entry("multiValueHeaders", &AllValues(headers))?;
                } else {
                    map.serialize_entry("headers", &LastValues(headers))?;
                }
            }
        }
        match response.body() {
            Body::Empty => {
                map.serialize_entry("body", "")?;
                map.serialize_entry("isBase64Encoded", &false)?;
            }
            Body::Text(text) => {
                map.serialize_entry("body", text.as_ref())?;
                map.serialize_entry("isBase64Encoded", &false)?;
            }
            Body::Binary(bytes) => {
                map.serialize_entry(
                    "body",
                    &base64::engine::general_purpose::STANDARD.encode(bytes),
                )?;
                map.serialize_entry("isBase64Encoded", &true)?;
            }
        }
        map.end()
    }
}

fn text(value: &http::HeaderValue) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(value.as_bytes())
}

/// Each header's last value.
struct LastValues<'a>(&'a HeaderMap);

impl Serialize for LastValues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.keys_len()))?;
        for name in self.0.keys() {
            if let Some(value) = self.0.get_all(name).iter().next_back() {
                map.serialize_entry(name.as_str(), &text(value))?;
            }
        }
        map.end()
    }
}

/// Each header's values joined with `, `, `Set-Cookie` left out (it goes in `cookies`).
struct JoinedValues<'a>(&'a HeaderMap);

impl Serialize for JoinedValues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for name in self.0.keys().filter(|name| *name != SET_COOKIE) {
            let mut values = self.0.get_all(name).iter();
            let first = values.next().map(text).unwrap_or_default();
            match values.next() {
                None => map.serialize_entry(name.as_str(), &first)?,
                Some(second) => {
                    let mut joined = format!("{first}, {}", text(second));
                    for value in values {
                        joined.push_str(", ");
                        joined.push_str(&text(value));
                    }
                    map.serialize_entry(name.as_str(), &joined)?;
                }
            }
        }
        map.end()
    }
}

/// Every value of every header.
struct AllValues<'a>(&'a HeaderMap);

impl Serialize for AllValues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.keys_len()))?;
        for name in self.0.keys() {
            map.serialize_entry(name.as_str(), &Values(self.0.get_all(name)))?;
        }
        map.end()
    }
}

struct Values<'a>(http::header::GetAll<'a, http::HeaderValue>);

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(text))
    }
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
    fn binary_bodies_are_base64() {
        let json = shaped(&vec![0u8, 255].into_response(), EventSource::RestApi);
        assert_eq!(json["body"], "AP8=");
        assert_eq!(json["isBase64Encoded"], true);
    }
}
