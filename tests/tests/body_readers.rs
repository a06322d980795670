//! A handler reads the body as JSON once and as bytes once: `RawBody` next to `Json<T>` sees the
//! bytes the JSON was read from (a signature check), in either order, and the OpenAPI document
//! shows the JSON. `Result<T, E>` takes an error type of the handler's own.

use gatewright::openapi::{self, Info};
use gatewright::testing::TestClient;
use gatewright::{Api, EventSource, StatusCode};
use serde_json::{json, Value};

mod routes {
    use gatewright::prelude::*;
    use gatewright::{Describe, Rejection};
    use serde::Deserialize;
    use serde_json::{json, Value};

    #[derive(Deserialize)]
    pub struct Note {
        pub text: String,
    }

    impl Describe for Note {
        fn schema() -> Value {
            json!({ "type": "object", "required": ["text"], "properties": { "text": String::schema() } })
        }
    }

    /// A stand-in for an HMAC: the sum of the bytes, as the `x-signature` header carries it.
    fn signature(bytes: &[u8]) -> String {
        bytes.iter().map(|b| u64::from(*b)).sum::<u64>().to_string()
    }

    /// The bytes first, then the JSON.
    #[route(POST, "/signed")]
    pub async fn signed(
        #[header("x-signature")] sent: String,
        raw: RawBody,
        Json(note): Json<Note>,
    ) -> (StatusCode, String) {
        if signature(&raw.0) != sent {
            return (StatusCode::UNAUTHORIZED, "bad signature".into());
        }
        (StatusCode::OK, note.text)
    }

    /// The JSON first, then the bytes.
    #[route(PUT, "/signed")]
    pub fn signed_put(Json(note): Json<Note>, raw: RawBody) -> String {
        format!("{} ({} bytes)", note.text, raw.0.len())
    }

    /// The handler's own error, made from the rejection.
    pub struct Problem(String);

    impl From<Rejection> for Problem {
        fn from(rejection: Rejection) -> Self {
            Problem(format!("problem: {}", rejection.status().as_u16()))
        }
    }

    #[route(POST, "/notes")]
    pub fn create(note: Result<Json<Note>, Problem>) -> (StatusCode, String) {
        match note {
            Ok(Json(note)) => (StatusCode::CREATED, note.text),
            Err(Problem(text)) => (StatusCode::UNPROCESSABLE_ENTITY, text),
        }
    }
}

fn api() -> impl Api {
    gatewright::api!(routes::signed, routes::signed_put, routes::create)
}

const SOURCES: [EventSource; 6] = [
    EventSource::RestApi,
    EventSource::HttpApiV1,
    EventSource::HttpApiV2,
    EventSource::FunctionUrl,
    EventSource::Alb {
        multi_value_headers: false,
    },
    EventSource::Alb {
        multi_value_headers: true,
    },
];

#[test]
fn raw_body_and_json_read_the_same_bytes() {
    let body = br#"{"text":"hi"}"#;
    let sum: u64 = body.iter().map(|b| u64::from(*b)).sum();
    for source in SOURCES {
        let client = TestClient::new(api()).source(source);
        let signed = client
            .post("/signed")
            .header("x-signature", &sum.to_string())
            .body(&body[..])
            .send();
        assert_eq!(
            signed.status(),
            StatusCode::OK,
            "{source:?}: {}",
            signed.text()
        );
        assert_eq!(signed.text(), "hi", "{source:?}");
        let forged = client
            .post("/signed")
            .header("x-signature", "1")
            .body(&body[..])
            .send();
        assert_eq!(forged.status(), StatusCode::UNAUTHORIZED, "{source:?}");
        let put = client.put("/signed").body(&body[..]).send();
        assert_eq!(put.text(), "hi (13 bytes)", "{source:?}");
    }
}

#[test]
fn a_result_argument_takes_the_handlers_own_error() {
    let client = TestClient::new(api());
    let created = client.post("/notes").json(&json!({ "text": "a" })).send();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.text(), "a");
    let refused = client.post("/notes").body("not json").send();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.text(), "problem: 400");
}

#[test]
fn the_openapi_document_shows_the_json_body_in_either_order() {
    let document = openapi::document(api().routes(), &Info::new("bodies", "1.0.0"));
    let schema = json!({ "type": "object", "required": ["text"], "properties": { "text": { "type": "string" } } });
    for method in ["post", "put"] {
        let body: &Value = &document["paths"]["/signed"][method]["requestBody"];
        assert_eq!(
            body,
            &json!({ "required": true, "content": { "application/json": { "schema": schema } } }),
            "{method}"
        );
    }
    // `Result<Json<T>, E>` of the handler's own `E`: the same body, served when absent too.
    assert_eq!(
        document["paths"]["/notes"]["post"]["requestBody"],
        json!({ "required": false, "content": { "application/json": { "schema": schema } } })
    );
}
