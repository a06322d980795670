//! API Gateway REST API (v1) proxy events written by others, unchanged: the example API's
//! answer to each, and an API of this file that extracts headers, the request context, the query
//! string and the body from them.
//!
//! The events are in `tests/fixtures/aws_lambda_events/` (the `aws_lambda_events` crate's
//! fixtures) and `tests/fixtures/powertools/` (Powertools for AWS Lambda (Python)'s test events);
//! their READMEs say where each comes from and what it exercises.

use std::collections::BTreeSet;

use gatewright::EventSource;
use gatewright_tests::{assert_shape, body_json, fixture, fixtures_dir, hello_api, invoke};
use serde_json::{json, Value};

/// Every fixture directory, relative to `tests/fixtures`.
const DIRS: [&str; 2] = ["aws_lambda_events", "powertools"];

/// Whether `file` of `dir` is a REST API (v1) event, by its name. The directories also hold
/// HTTP API (v2), Function URL and load balancer events: those are `event_sources.rs`'s.
fn is_rest_v1(dir: &str, file: &str) -> bool {
    match dir {
        "aws_lambda_events" => {
            file.starts_with("example-apigw-")
                && !file.starts_with("example-apigw-v2-")
                && !file.starts_with("example-apigw-sam-http-")
        }
        "powertools" => {
            (file.starts_with("apiGatewayProxy") && !file.starts_with("apiGatewayProxyV2"))
                || file.starts_with("apigatewaye")
        }
        _ => false,
    }
}

/// The REST API (v1) JSON files of every fixture directory, as `dir/file.json`.
fn every_fixture() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for dir in DIRS {
        for entry in std::fs::read_dir(fixtures_dir().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".json") && is_rest_v1(dir, &name) {
                names.insert(format!("{dir}/{name}"));
            }
        }
    }
    names
}

/// What `examples/hello` answers to each event, worked out from the event's `resource` and
/// `pathParameters` (API-relative, so the stage in `path` doesn't matter), the method and the
/// precedence rules. None of these events reaches `/hello`, `/users/<id>` or `/stage`: the four
/// `/hello/world` ones are `POST`, and `/hello/<name>` takes only `GET`, so the proxy route
/// serves them.
const HELLO: &[(&str, u16, &str)] = &[
    (
        "aws_lambda_events/example-apigw-console-request.json",
        200,
        r#"{"method":"POST","proxy":"path/to/resource"}"#,
    ),
    (
        "aws_lambda_events/example-apigw-console-test-request.json",
        200,
        r#"{"method":"POST","proxy":"myPath"}"#,
    ),
    (
        "aws_lambda_events/example-apigw-request-catch-all.json",
        200,
        r#"{"method":"POST","proxy":"hello/world"}"#,
    ),
    (
        "aws_lambda_events/example-apigw-request-multi-value-parameters.json",
        200,
        r#"{"method":"POST","proxy":"hello/world"}"#,
    ),
    (
        "aws_lambda_events/example-apigw-request.json",
        200,
        r#"{"method":"POST","proxy":"hello/world"}"#,
    ),
    (
        "aws_lambda_events/example-apigw-restapi-openapi-request.json",
        200,
        r#"{"method":"POST","proxy":"hello/world"}"#,
    ),
    (
        "aws_lambda_events/example-apigw-sam-rest-request.json",
        200,
        r#"{"method":"GET","proxy":"test"}"#,
    ),
    (
        "powertools/apiGatewayProxyEvent.json",
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
    ),
    (
        "powertools/apiGatewayProxyEventAnotherPath.json",
        200,
        r#"{"method":"GET","proxy":"my/anotherPath"}"#,
    ),
    (
        "powertools/apiGatewayProxyEventNoOrigin.json",
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
    ),
    // `path` is `/my/path/`; the router reads `resource`, `/my/path`.
    (
        "powertools/apiGatewayProxyEventPathTrailingSlash.json",
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
    ),
    (
        "powertools/apiGatewayProxyEventPrincipalId.json",
        200,
        r#"{"method":"POST","proxy":"trip"}"#,
    ),
    (
        "powertools/apiGatewayProxyEvent_noVersionAuth.json",
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
    ),
    (
        "powertools/apiGatewayProxyOtherEvent.json",
        200,
        r#"{"method":"GET","proxy":"other/path"}"#,
    ),
    // `requestContext.httpMethod` says `GET`; the top-level `httpMethod`, `POST`, is the one used.
    (
        "powertools/apigatewayeSchemaMiddlwareInvalidEvent.json",
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
    ),
    (
        "powertools/apigatewayeSchemaMiddlwareValidEvent.json",
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
    ),
];

#[test]
fn every_fixture_is_in_both_tables() {
    let hello: BTreeSet<String> = HELLO.iter().map(|(name, ..)| name.to_string()).collect();
    let probe: BTreeSet<String> = probe_table()
        .into_iter()
        .map(|(name, ..)| name.to_owned())
        .collect();
    let all = every_fixture();
    assert_eq!(all.len(), 16, "{all:?}");
    assert_eq!(hello, all);
    assert_eq!(probe, all);
}

#[test]
fn the_example_api_answers_each_event() {
    let api = hello_api();
    for &(name, status, body) in HELLO {
        let response = invoke(&api, &fixture(name));
        assert_shape(name, EventSource::RestApi, &response);
        assert_eq!(response["statusCode"], status, "{name}: {response}");
        assert_eq!(response["body"], body, "{name}");
        assert_eq!(response["isBase64Encoded"], false, "{name}");
        assert_eq!(
            response["headers"]["content-type"], "application/json",
            "{name}"
        );
    }
}

#[test]
fn the_same_events_as_get_reach_the_literal_route() {
    // Only the method changed: `/hello/<name>` now matches, and beats `/<proxy+>`.
    let api = hello_api();
    for name in [
        "aws_lambda_events/example-apigw-request.json",
        "aws_lambda_events/example-apigw-request-multi-value-parameters.json",
    ] {
        let mut event: Value = serde_json::from_slice(&fixture(name)).unwrap();
        event["httpMethod"] = json!("GET");
        let response = invoke(&api, &serde_json::to_vec(&event).unwrap());
        assert_shape(name, EventSource::RestApi, &response);
        assert_eq!(response["statusCode"], 200, "{name}");
        assert_eq!(response["body"], "Hello, world!", "{name}");
        assert_eq!(
            response["headers"]["content-type"], "text/plain; charset=utf-8",
            "{name}"
        );
    }
}

/// Routes at the paths of the fixtures, each extracting what its events carry.
mod probe {
    use gatewright::prelude::*;
    use gatewright::{Rejection, RequestContext};
    use serde::Deserialize;
    use serde_json::{json, Value};

    /// The request context as the handler sees it.
    fn context_json(context: &RequestContext) -> Value {
        json!({
            "requestId": context.request_id,
            "stage": context.stage,
            "accountId": context.account_id,
            "apiId": context.api_id,
            "resourcePath": context.resource_path,
            "path": context.path,
            "domainName": context.domain_name,
            "sourceIp": context.source_ip,
            "userAgent": context.user_agent,
            "apiKey": context.api_key,
            "userArn": context.user_arn,
            "authorizer": context.authorizer.map(|raw| serde_json::from_str::<Value>(raw.get()).unwrap()),
        })
    }

    /// `example-apigw-request*.json`: `POST /hello/world` through `/{proxy+}`.
    #[route(ANY, "/hello/world")]
    #[allow(clippy::too_many_arguments)]
    pub fn hello_world(
        method: Method,
        #[header("User-Agent")] user_agent: String,
        #[header("headerName")] header_name: Vec<String>,
        headers: Headers,
        context: &RequestContext,
        #[query] name: Vec<String>,
        #[query("name")] last_name: Option<String>,
        #[stage("stageVariableName")] stage_variable: String,
        Json(body): Json<Value>,
    ) -> Json<Value> {
        Json(json!({
            "method": method.as_str(),
            "userAgent": user_agent,
            "headerName": header_name,
            "headerNameLast": headers.get("HEADERNAME"),
            "contentType": headers.get("content-type"),
            "forwardedFor": headers.get_all("X-Forwarded-For").collect::<Vec<_>>(),
            "name": name,
            "nameLast": last_name,
            "stageVariable": stage_variable,
            "context": context_json(context),
            "body": body,
        }))
    }

    /// The console's sample event: no multi-value maps at all.
    #[route(POST, "/path/to/resource")]
    pub fn console(
        #[query("foo")] first: String,
        #[query("foo")] every: Vec<String>,
        #[stage("baz")] stage_variable: String,
        #[header("Accept")] accept: Vec<String>,
        #[header] x_forwarded_port: u16,
        context: &RequestContext,
        Json(body): Json<Value>,
    ) -> Json<Value> {
        Json(json!({
            "foo": first,
            "foos": every,
            "baz": stage_variable,
            "accept": accept,
            "port": x_forwarded_port,
            "context": context_json(context),
            "body": body,
        }))
    }

    /// The console's test invocation: every map `null`.
    #[route(POST, "/myPath")]
    pub fn console_test(
        #[header("User-Agent")] user_agent: Option<String>,
        headers: Headers,
        #[query] q: Vec<String>,
        #[stage] table: Option<String>,
        context: &RequestContext,
        Json(body): Json<Value>,
    ) -> Json<Value> {
        Json(json!({
            "userAgent": user_agent,
            "headers": headers.entries().is_empty(),
            "q": q,
            "table": table,
            "context": context_json(context),
            "body": body,
        }))
    }

    /// `sam local start-api`: `body: null`, and headers holding escaped quotes.
    #[route(GET, "/test")]
    pub fn sam(
        #[header("User-Agent")] user_agent: String,
        #[header("sec-ch-ua")] sec_ch_ua: String,
        context: &RequestContext,
        body: RawBody,
    ) -> Json<Value> {
        Json(json!({
            "userAgent": user_agent,
            "secChUa": sec_ch_ua,
            "context": context_json(context),
            "bodyLength": body.0.len(),
        }))
    }

    /// Powertools' `GET /my/path` events; three of the four flag a text body as base64.
    #[route(GET, "/my/path")]
    pub fn my_path(
        #[header] origin: Option<String>,
        #[header("Header2")] header2: Vec<String>,
        headers: Headers,
        #[query] parameter1: Vec<String>,
        #[query("parameter1")] parameter1_last: Option<String>,
        context: &RequestContext,
        body: RawBody,
    ) -> Json<Value> {
        Json(json!({
            "origin": origin,
            "header2": header2,
            "header2Last": headers.get("header2"),
            "parameter1": parameter1,
            "parameter1Last": parameter1_last,
            "context": context_json(context),
            "body": String::from_utf8_lossy(&body.0),
        }))
    }

    #[route(GET, "/my/anotherPath")]
    pub fn another_path(body: RawBody) -> Vec<u8> {
        body.0.into_owned()
    }

    /// `Origin` is in `headers` only, not in `multiValueHeaders`.
    #[route(GET, "/other/path")]
    pub fn other_path(
        #[header] origin: Vec<String>,
        headers: Headers,
        body: RawBody,
    ) -> Json<Value> {
        Json(json!({
            "origin": origin,
            "originAll": headers.get_all("ORIGIN").collect::<Vec<_>>(),
            "body": String::from_utf8_lossy(&body.0),
        }))
    }

    /// The sparse event: a request id and an authorizer, nothing else.
    #[route(POST, "/trip")]
    pub fn trip(
        #[header("User-Agent")] user_agent: Option<String>,
        headers: Headers,
        context: &RequestContext,
        raw: RawBody,
        json: Result<Json<Value>, Rejection>,
    ) -> Json<Value> {
        Json(json!({
            "userAgent": user_agent,
            "noHeaders": headers.entries().is_empty(),
            "context": context_json(context),
            "rawLength": raw.0.len(),
            "json": match json {
                Ok(Json(value)) => value,
                Err(rejection) => json!({ "status": rejection.status().as_u16(), "body": serde_json::from_str::<Value>(&rejection.body()).unwrap() }),
            },
        }))
    }

    /// The schema of Powertools' validation-middleware test.
    #[derive(Deserialize)]
    pub struct Message {
        pub message: String,
        pub username: String,
    }

    #[route(POST, "/my/path")]
    pub fn schema(Json(message): Json<Message>) -> Json<Value> {
        Json(json!({ "message": message.message, "username": message.username }))
    }
}

fn probe_api() -> impl gatewright::Api {
    gatewright::api!(
        probe::hello_world,
        probe::console,
        probe::console_test,
        probe::sam,
        probe::my_path,
        probe::another_path,
        probe::other_path,
        probe::trip,
        probe::schema,
    )
}

/// The request context of the four `example-apigw-request*.json` events.
fn postman_context() -> Value {
    json!({
        "requestId": "deef4878-7910-11e6-8f14-25afc3e9ae33",
        "stage": "testStage",
        "accountId": "12345678912",
        "apiId": "gy415nuibc",
        "resourcePath": "/{proxy+}",
        "path": "/hello/world",
        "domainName": "gy415nuibc.execute-api.us-east-2.amazonaws.com",
        "sourceIp": "192.168.196.186",
        "userAgent": "PostmanRuntime/2.4.5",
        "apiKey": "theApiKey",
        "userArn": "theUserArn",
        "authorizer": { "principalId": "admin", "clientId": 1, "clientName": "Exata" },
    })
}

fn postman(name: &[&str], header_name: &[&str], header_name_last: &str) -> Value {
    json!({
        "method": "POST",
        "userAgent": "PostmanRuntime/2.4.5",
        "headerName": header_name,
        "headerNameLast": header_name_last,
        "contentType": "application/json",
        "forwardedFor": ["54.240.196.186, 54.182.214.83"],
        "name": name,
        // The multi-value event's single-value map says `me`; API Gateway puts the last value
        // there, and gatewright takes the last of every value, as it does for headers.
        "nameLast": name.last(),
        "stageVariable": "stageVariableValue",
        "context": postman_context(),
        "body": { "a": 1 },
    })
}

/// The request context of Powertools' `apiGatewayProxyEvent*.json`.
fn powertools_context(authorizer: Value) -> Value {
    json!({
        "requestId": "id=",
        "stage": "$default",
        "accountId": "123456789012",
        "apiId": "id",
        "resourcePath": "/my/path",
        "path": "/my/path",
        "domainName": "id.execute-api.us-east-1.amazonaws.com",
        "sourceIp": "192.168.0.1/32",
        "userAgent": "user-agent",
        "apiKey": null,
        "userArn": null,
        "authorizer": authorizer,
    })
}

fn my_path(origin: Value) -> Value {
    json!({
        "origin": origin,
        "header2": ["value1", "value2"],
        "header2Last": "value2",
        // The event's single-value map says `value1`, though API Gateway would give the last
        // value, `value2`; gatewright takes the last of every value, as it does for headers.
        "parameter1": ["value1", "value2"],
        "parameter1Last": "value2",
        "context": powertools_context(json!({ "claims": null, "scopes": null })),
        "body": "Hello from Lambda!",
    })
}

/// `Hello from Lambda!` flagged `isBase64Encoded`: the space at offset 5 is not base64.
fn not_base64() -> Value {
    json!({
        "error": "invalid body",
        "reason": "the body is marked base64 but is not: Invalid symbol 32, offset 5.",
    })
}

/// What the probe API answers to each event: status and JSON body.
fn probe_table() -> Vec<(&'static str, u16, Value)> {
    vec![
        (
            "aws_lambda_events/example-apigw-console-request.json",
            200,
            json!({
                "foo": "bar",
                "foos": ["bar"],
                "baz": "qux",
                "accept": ["text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8"],
                "port": 443,
                "context": {
                    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                    "stage": "prod",
                    "accountId": "123456789012",
                    "apiId": "1234567890",
                    "resourcePath": "/{proxy+}",
                    "path": null,
                    "domainName": null,
                    "sourceIp": "127.0.0.1",
                    "userAgent": "Custom User Agent String",
                    "apiKey": null,
                    "userArn": null,
                    "authorizer": null,
                },
                "body": { "test": "body" },
            }),
        ),
        (
            "aws_lambda_events/example-apigw-console-test-request.json",
            200,
            json!({
                "userAgent": null,
                "headers": true,
                "q": [],
                "table": null,
                "context": {
                    "requestId": "e5488776-afe4-4e5e-92b1-37bd23f234d6",
                    "stage": "test-invoke-stage",
                    "accountId": "xxxxx",
                    "apiId": "xxxxx",
                    "resourcePath": "/myPath",
                    "path": "/myPath",
                    "domainName": "testPrefix.testDomainName",
                    "sourceIp": "test-invoke-source-ip",
                    "userAgent": "aws-internal/3 aws-sdk-java/1.12.154 Linux/5.4.156-94.273.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.322-b06 java/1.8.0_322 vendor/Oracle_Corporation cfg/retry-mode/standard",
                    "apiKey": "test-invoke-api-key",
                    "userArn": "arn:aws:sts::xxxxx:assumed-role/xxxxx/xxxxx",
                    "authorizer": null,
                },
                "body": { "a": 1 },
            }),
        ),
        (
            "aws_lambda_events/example-apigw-request-catch-all.json",
            200,
            postman(&["me"], &["headerValue"], "headerValue"),
        ),
        (
            "aws_lambda_events/example-apigw-request-multi-value-parameters.json",
            200,
            postman(
                &["me", "me2"],
                &["headerValue", "headerValue2"],
                "headerValue2",
            ),
        ),
        (
            "aws_lambda_events/example-apigw-request.json",
            200,
            postman(&["me"], &["headerValue"], "headerValue"),
        ),
        (
            "aws_lambda_events/example-apigw-restapi-openapi-request.json",
            200,
            postman(&["me"], &["headerValue"], "headerValue"),
        ),
        (
            "aws_lambda_events/example-apigw-sam-rest-request.json",
            200,
            json!({
                "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
                "secChUa": "\"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Google Chrome\";v=\"120\"",
                "context": {
                    "requestId": "ea86b9eb-c688-4bbb-8309-a1671442bea9",
                    "stage": "Prod",
                    "accountId": "123456789012",
                    "apiId": "1234567890",
                    "resourcePath": "/test",
                    "path": "/test",
                    "domainName": "127.0.0.1:3000",
                    "sourceIp": "127.0.0.1",
                    "userAgent": "Custom User Agent String",
                    "apiKey": null,
                    "userArn": null,
                    "authorizer": null,
                },
                "bodyLength": 0,
            }),
        ),
        (
            "powertools/apiGatewayProxyEvent.json",
            200,
            my_path(json!("https://aws.amazon.com")),
        ),
        (
            "powertools/apiGatewayProxyEventAnotherPath.json",
            400,
            not_base64(),
        ),
        (
            "powertools/apiGatewayProxyEventNoOrigin.json",
            200,
            my_path(Value::Null),
        ),
        (
            "powertools/apiGatewayProxyEventPathTrailingSlash.json",
            400,
            not_base64(),
        ),
        (
            "powertools/apiGatewayProxyEventPrincipalId.json",
            200,
            json!({
                "userAgent": null,
                "noHeaders": true,
                "context": {
                    "requestId": "34972478-2843-4ced-a657-253108738274",
                    "stage": null,
                    "accountId": null,
                    "apiId": null,
                    "resourcePath": null,
                    "path": null,
                    "domainName": null,
                    "sourceIp": null,
                    "userAgent": null,
                    "apiKey": null,
                    "userArn": null,
                    "authorizer": { "user_id": "fake_username", "principalId": "fake", "integrationLatency": 451 },
                },
                "rawLength": 0,
                "json": {
                    "status": 400,
                    "body": {
                        "error": "invalid body",
                        "reason": "the body is not the JSON this route takes: EOF while parsing a value at line 1 column 0",
                    },
                },
            }),
        ),
        (
            "powertools/apiGatewayProxyEvent_noVersionAuth.json",
            400,
            not_base64(),
        ),
        (
            "powertools/apiGatewayProxyOtherEvent.json",
            200,
            json!({
                "origin": ["https://aws.amazon.com"],
                "originAll": ["https://aws.amazon.com"],
                "body": "Hello from Lambda!",
            }),
        ),
        (
            "powertools/apigatewayeSchemaMiddlwareInvalidEvent.json",
            400,
            json!({
                "error": "invalid body",
                "reason": "the body is not the JSON this route takes: missing field `message` at line 1 column 21",
            }),
        ),
        (
            "powertools/apigatewayeSchemaMiddlwareValidEvent.json",
            200,
            json!({ "message": "hello world", "username": "lessa" }),
        ),
    ]
}

#[test]
fn handlers_extract_from_each_event() {
    let api = probe_api();
    for (name, status, body) in probe_table() {
        let response = invoke(&api, &fixture(name));
        assert_shape(name, EventSource::RestApi, &response);
        assert_eq!(response["statusCode"], status, "{name}: {response}");
        assert_eq!(
            response["headers"]["content-type"], "application/json",
            "{name}"
        );
        assert_eq!(body_json(name, &response), body, "{name}");
    }
}

#[test]
fn a_base64_body_is_decoded() {
    // Powertools' event with its body base64-encoded, as API Gateway sends a binary media type.
    let name = "powertools/apiGatewayProxyEvent.json";
    let mut event: Value = serde_json::from_slice(&fixture(name)).unwrap();
    event["body"] = json!("SGVsbG8gZnJvbSBMYW1iZGEh");
    event["isBase64Encoded"] = json!(true);
    let response = invoke(&probe_api(), &serde_json::to_vec(&event).unwrap());
    assert_shape(name, EventSource::RestApi, &response);
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        body_json(name, &response),
        my_path(json!("https://aws.amazon.com"))
    );

    // The same for the other path, whose handler answers the decoded bytes as they are.
    let name = "powertools/apiGatewayProxyEventAnotherPath.json";
    let mut event: Value = serde_json::from_slice(&fixture(name)).unwrap();
    event["body"] = json!("AAEC/w==");
    let response = invoke(&probe_api(), &serde_json::to_vec(&event).unwrap());
    assert_shape(name, EventSource::RestApi, &response);
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        response["headers"]["content-type"],
        "application/octet-stream"
    );
    assert_eq!(response["isBase64Encoded"], true);
    assert_eq!(response["body"], "AAEC/w==");
}
