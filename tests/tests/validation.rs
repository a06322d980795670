//! `Valid<T>` (the `garde` feature): a body or parameter that parses but breaks its type's
//! rules is a `422` that lists every failing field, on real events of every front door, and the
//! next request is served. The REST and HTTP API events are Powertools' own validation test
//! events (`tests/fixtures/powertools/*SchemaMiddlware*`); the Function URL and ALB events are
//! Powertools' too, sent to the same route.

use std::str::FromStr;

use gatewright::prelude::*;
use gatewright::testing::TestClient;
use gatewright::{EventSource, Form, Valid};
use gatewright_tests::{assert_shape, body_json, fixture, invoke};
use serde::Deserialize;
use serde_json::{json, Value};

/// The body of Powertools' validation test, with rules.
#[derive(Deserialize, garde::Validate, schemars::JsonSchema)]
pub struct Message {
    #[garde(length(chars, min = 1, max = 20))]
    pub message: String,
    #[garde(ascii, length(min = 3))]
    pub username: String,
    #[serde(default)]
    #[garde(length(max = 2), dive)]
    pub tags: Vec<Tag>,
}

#[derive(Deserialize, garde::Validate, schemars::JsonSchema)]
pub struct Tag {
    #[garde(length(min = 1))]
    pub name: String,
}

/// A page number: 1 to 100.
#[derive(garde::Validate, schemars::JsonSchema)]
pub struct Page(#[garde(range(min = 1, max = 100))] pub u32);

impl FromStr for Page {
    type Err = std::num::ParseIntError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        value.parse().map(Page)
    }
}

gatewright::from_str_param!(Page);

#[route(POST, "/my/path")]
fn schema(Valid(Json(message)): Valid<Json<Message>>) -> Json<Value> {
    Json(json!({ "message": message.message, "username": message.username }))
}

#[route(GET, "/pages")]
fn pages(#[query] page: Valid<Page>, #[header("x-size")] size: Option<Valid<Page>>) -> String {
    format!(
        "page {} size {}",
        page.0 .0,
        size.map_or(0, |size| size.0 .0)
    )
}

#[route(POST, "/signup")]
fn signup(Valid(Form(message)): Valid<Form<Message>>) -> String {
    message.username
}

fn api() -> impl Api {
    gatewright::api!(schema, pages, signup)
}

/// Each front door's real event, sent to `POST /my/path` with its own body.
const EVENTS: [(&str, EventSource); 4] = [
    (
        "powertools/apigatewayeSchemaMiddlwareValidEvent.json",
        EventSource::RestApi,
    ),
    (
        "powertools/apiGatewayProxyV2SchemaMiddlwareValidEvent.json",
        EventSource::HttpApiV2,
    ),
    (
        "powertools/lambdaFunctionUrlEvent.json",
        EventSource::FunctionUrl,
    ),
    (
        "powertools/albEvent.json",
        EventSource::Alb {
            multi_value_headers: false,
        },
    ),
];

/// The event `name` as a `POST /my/path` with `body` (the REST and HTTP API ones already are).
fn post(name: &str, body: &Value) -> Vec<u8> {
    let mut event: Value = serde_json::from_slice(&fixture(name)).unwrap();
    if event["requestContext"]["http"].is_object() {
        event["requestContext"]["http"]["method"] = json!("POST");
        event["requestContext"]["http"]["path"] = json!("/my/path");
        event["rawPath"] = json!("/my/path");
    } else {
        event["httpMethod"] = json!("POST");
        event["path"] = json!("/my/path");
    }
    event["body"] = json!(body.to_string());
    event["isBase64Encoded"] = json!(false);
    serde_json::to_vec(&event).unwrap()
}

#[test]
fn a_body_that_breaks_its_rules_is_a_422_listing_every_field() {
    let api = api();
    for (name, source) in EVENTS {
        // Powertools' valid event as it is (and, for the others, its body).
        let valid = json!({ "message": "hello world", "username": "lessa" });
        let response = invoke(&api, &post(name, &valid));
        assert_shape(name, source, &response);
        assert_eq!(response["statusCode"], 200, "{name}: {response}");
        assert_eq!(body_json(name, &response), valid, "{name}");

        let invalid = json!({
            "message": "",
            "username": "é",
            "tags": [{ "name": "ok" }, { "name": "" }, { "name": "x" }],
        });
        let response = invoke(&api, &post(name, &invalid));
        assert_shape(name, source, &response);
        assert_eq!(response["statusCode"], 422, "{name}: {response}");
        let body = body_json(name, &response);
        assert_eq!(body["error"], "the body breaks its type's rules", "{name}");
        assert_eq!(body["source"], "body", "{name}");
        let fields: Vec<(&str, &str)> = body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|field| {
                (
                    field["path"].as_str().unwrap(),
                    field["message"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            fields,
            [
                ("message", "length is lower than 1"),
                ("tags[1].name", "length is lower than 1"),
                ("tags", "length is greater than 2"),
                ("username", "not ascii"),
                ("username", "length is lower than 3"),
            ],
            "{name}: {body}"
        );

        // A body that doesn't parse is still a 400, and the next request is served.
        let response = invoke(&api, &post(name, &json!({ "username": "lessa" })));
        assert_eq!(response["statusCode"], 400, "{name}: {response}");
        let response = invoke(&api, &post(name, &valid));
        assert_eq!(response["statusCode"], 200, "{name}: {response}");
    }
}

#[test]
fn powertools_invalid_events_are_400s_they_miss_a_field() {
    // Powertools' invalid events lack `message`: that is a body that doesn't parse.
    let api = api();
    for (name, source) in [
        (
            "powertools/apigatewayeSchemaMiddlwareInvalidEvent.json",
            EventSource::RestApi,
        ),
        (
            "powertools/apiGatewayProxyV2SchemaMiddlwareInvalidEvent.json",
            EventSource::HttpApiV2,
        ),
    ] {
        let response = invoke(&api, &fixture(name));
        assert_shape(name, source, &response);
        assert_eq!(response["statusCode"], 400, "{name}: {response}");
        let reason = body_json(name, &response)["reason"].to_string();
        assert!(
            reason.contains("missing field `message`"),
            "{name}: {reason}"
        );
    }
}

#[test]
fn a_parameter_that_breaks_its_rules_is_a_422_naming_it() {
    for source in [
        EventSource::RestApi,
        EventSource::HttpApiV1,
        EventSource::HttpApiV2,
        EventSource::FunctionUrl,
        EventSource::Alb {
            multi_value_headers: true,
        },
    ] {
        let client = TestClient::new(api()).source(source);
        let ok = client.get("/pages?page=3").header("x-size", "10").send();
        assert_eq!(ok.text(), "page 3 size 10", "{source:?}");

        let response = client.get("/pages?page=0").send();
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{source:?}"
        );
        let body: Value = response.json();
        assert_eq!(
            body,
            json!({
                "error": "invalid query parameter `page`: it breaks its type's rules",
                "fields": [{ "path": "page", "message": "lower than 1" }],
                "parameter": "page",
                "source": "query",
            }),
            "{source:?}"
        );

        let response = client.get("/pages?page=1").header("x-size", "101").send();
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{source:?}"
        );
        let body: Value = response.json();
        assert_eq!(body["parameter"], "x-size", "{source:?}");
        assert_eq!(
            body["fields"][0]["message"], "greater than 100",
            "{source:?}"
        );

        // Not a number at all: the 400 of a value that doesn't parse.
        let response = client.get("/pages?page=x").send();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{source:?}");
        assert_eq!(
            client.get("/pages?page=100").send().text(),
            "page 100 size 0"
        );
    }
}

#[test]
fn the_document_has_the_rules_and_the_422() {
    let api = api();
    let info = gatewright::openapi::Info::new("validation", "1");
    let document = gatewright::openapi::document(api.routes(), &info);
    let post = &document["paths"]["/my/path"]["post"];
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Message" })
    );
    assert_eq!(
        post["responses"]["422"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Rejection" })
    );
    let schemas = &document["components"]["schemas"];
    let message = &schemas["Message"]["properties"];
    assert_eq!(message["message"]["minLength"], 1);
    assert_eq!(message["message"]["maxLength"], 20);
    assert_eq!(message["username"]["minLength"], 3);
    assert_eq!(message["tags"]["maxItems"], 2);
    assert_eq!(
        message["tags"]["items"],
        json!({ "$ref": "#/components/schemas/Tag" })
    );
    assert_eq!(schemas["Tag"]["properties"]["name"]["minLength"], 1);
    assert_eq!(
        schemas["Rejection"]["properties"]["fields"]["items"]["required"],
        json!(["path", "message"])
    );

    let get = &document["paths"]["/pages"]["get"];
    assert!(get["responses"]["422"].is_object(), "{get}");
    let page = &get["parameters"][0];
    assert_eq!(
        (&page["name"], &page["required"]),
        (&json!("page"), &json!(true))
    );
    assert_eq!(
        page["schema"],
        json!({ "$ref": "#/components/schemas/Page" })
    );
    assert_eq!(get["parameters"][1]["required"], false);
    let bounds = &schemas["Page"];
    assert_eq!(
        (&bounds["minimum"], &bounds["maximum"]),
        (&json!(1), &json!(100))
    );
}

#[test]
fn a_form_that_breaks_its_rules_is_a_422_listing_every_field() {
    let client = TestClient::new(api());
    let send = |body: &str| {
        client
            .post("/signup")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .send()
    };
    let refused = send("message=&username=%C3%A9");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json();
    let paths: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| field["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["message", "username", "username"], "{body}");
    let served = send("message=hi&username=bob");
    assert_eq!(
        (served.status(), served.text()),
        (StatusCode::OK, "bob".to_owned())
    );
}
