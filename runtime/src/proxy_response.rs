//! The response in the shape API Gateway's proxy integration expects.

use base64::Engine as _;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::response::{Body, Response};

/// Serializes `response` as a REST API proxy response:
/// `{"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}`.
///
/// Every header is in `multiValueHeaders`, and its last value also in `headers` (API Gateway
/// keeps the multi-value list when both name a header). A [`Body::Binary`] body is sent
/// base64-encoded; add its content type to the API's binary media types so API Gateway decodes
/// it for the client.
pub fn to_json(response: &Response) -> Vec<u8> {
    let mut out = Vec::with_capacity(160 + response.body().as_bytes().len() * 4 / 3);
    let proxy = ProxyResponse(response);
    // Serializing into a Vec cannot fail: every key is a string and every value is a string,
    // number or bool.
    if proxy
        .serialize(&mut serde_json::Serializer::new(&mut out))
        .is_err()
    {
        out.clear();
        out.extend_from_slice(br#"{"statusCode":500,"body":""}"#);
    }
    out
}

struct ProxyResponse<'a>(&'a Response);

impl Serialize for ProxyResponse<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let response = self.0;
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("statusCode", &response.status().as_u16())?;
        map.serialize_entry("headers", &SingleHeaders(response.headers()))?;
        map.serialize_entry("multiValueHeaders", &MultiHeaders(response.headers()))?;
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

struct SingleHeaders<'a>(&'a http::HeaderMap);

impl Serialize for SingleHeaders<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.keys_len()))?;
        for name in self.0.keys() {
            if let Some(value) = self.0.get_all(name).iter().next_back() {
                map.serialize_entry(name.as_str(), &String::from_utf8_lossy(value.as_bytes()))?;
            }
        }
        map.end()
    }
}

struct MultiHeaders<'a>(&'a http::HeaderMap);

impl Serialize for MultiHeaders<'_> {
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
        serializer.collect_seq(
            self.0
                .iter()
                .map(|value| String::from_utf8_lossy(value.as_bytes())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IntoResponse;

    #[test]
    fn text_and_binary_bodies() {
        let text = to_json(&"hi".into_response());
        let text: serde_json::Value = serde_json::from_slice(&text).unwrap();
        assert_eq!(text["statusCode"], 200);
        assert_eq!(text["body"], "hi");
        assert_eq!(text["isBase64Encoded"], false);
        assert_eq!(text["headers"]["content-type"], "text/plain; charset=utf-8");
        assert_eq!(
            text["multiValueHeaders"]["content-type"][0],
            "text/plain; charset=utf-8"
        );

        let binary = to_json(&vec![0u8, 255].into_response());
        let binary: serde_json::Value = serde_json::from_slice(&binary).unwrap();
        assert_eq!(binary["body"], "AP8=");
        assert_eq!(binary["isBase64Encoded"], true);
    }

    #[test]
    fn repeated_headers_keep_every_value() {
        let mut response = "x".into_response();
        response
            .headers_mut()
            .append("set-cookie", "a=1".parse().unwrap());
        response
            .headers_mut()
            .append("set-cookie", "b=2".parse().unwrap());
        let json: serde_json::Value = serde_json::from_slice(&to_json(&response)).unwrap();
        assert_eq!(
            json["multiValueHeaders"]["set-cookie"],
            serde_json::json!(["a=1", "b=2"])
        );
        assert_eq!(json["headers"]["set-cookie"], "b=2");
    }
}
