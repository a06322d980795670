//! Every kind of argument a handler can take, and the rejection each gives on bad input.

use gatewright_tests::{event, invoke};
use serde_json::{json, Value};

mod routes {
    use std::str::FromStr;

    use gatewright::prelude::*;
    use gatewright::{Context, Rejection, RequestContext};
    use serde::{Deserialize, Serialize};
    use serde_json::{json, Value};

    #[derive(Debug)]
    pub enum Color {
        Red,
        Blue,
    }

    impl FromStr for Color {
        type Err = String;
        fn from_str(s: &str) -> Result<Self, String> {
            match s {
                "red" => Ok(Color::Red),
                "blue" => Ok(Color::Blue),
                _ => Err("expected `red` or `blue`".to_owned()),
            }
        }
    }

    gatewright::from_str_param!(Color);

    #[route(GET, "/types/<n>/<x>/<flag>/<c>/<color>/<word>")]
    pub fn types(n: i64, x: f64, flag: bool, c: char, color: Color, word: &str) -> String {
        format!("{n} {x} {flag} {c} {color:?} {word}")
    }

    #[route(GET, "/query")]
    pub fn query(
        #[query] page: u32,
        #[query("page-size")] page_size: Option<u8>,
        #[query] tag: Vec<String>,
        #[query] r#type: Option<String>,
    ) -> Json<Value> {
        Json(json!({ "page": page, "page_size": page_size, "tag": tag, "type": r#type }))
    }

    /// As many arguments as a handler takes, the last read from the request as a whole.
    #[route(GET, "/sixteen/<a>")]
    #[rustfmt::skip]
    #[allow(clippy::too_many_arguments)]
    pub async fn sixteen(
        a: u8, #[query] b: u8, #[query] c: u8, #[query] d: u8, #[query] e: u8,
        #[query] f: u8, #[query] g: u8, #[query] h: u8, #[query] i: u8, #[query] j: u8,
        #[query] k: u8, #[query] l: u8, #[query] m: u8, #[query] n: u8,
        #[query] o: Option<u8>, method: Method,
    ) -> String {
        let sum: u32 = [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o.unwrap_or(100)]
            .iter()
            .map(|&x| u32::from(x))
            .sum();
        format!("{method} {sum}")
    }

    #[route(GET, "/stage")]
    pub fn stage(#[stage] table: String, #[stage("limit")] limit: Option<u16>) -> String {
        format!("{table} {limit:?}")
    }

    #[route(GET, "/headers")]
    pub fn headers(
        #[header] user_agent: String,
        #[header("X-Api-Key")] key: Option<String>,
        #[header("accept")] accept: Vec<String>,
        all: Headers,
    ) -> Json<Value> {
        Json(json!({ "ua": user_agent, "key": key, "accept": accept, "host": all.get("HOST") }))
    }

    #[derive(Deserialize, Serialize)]
    pub struct Item {
        pub name: String,
        pub count: u32,
    }

    #[route(POST, "/json")]
    pub fn json_body(Json(item): Json<Item>) -> (StatusCode, Json<Item>) {
        (
            StatusCode::CREATED,
            Json(Item {
                name: item.name.to_uppercase(),
                count: item.count + 1,
            }),
        )
    }

    #[route(POST, "/raw")]
    pub fn raw(body: RawBody) -> Vec<u8> {
        body.0.iter().rev().copied().collect()
    }

    #[route(GET, "/files/<path+>")]
    pub fn files(path: Segments) -> String {
        path.to_path_buf().display().to_string()
    }

    #[route(ANY, "/context")]
    pub fn context(method: Method, request: &RequestContext, lambda: &Context) -> Json<Value> {
        Json(json!({
            "method": method.as_str(),
            "requestId": request.request_id,
            "stage": request.stage,
            "sourceIp": request.source_ip,
            "lambdaRequestId": lambda.request_id,
        }))
    }

    #[route(POST, "/maybe-json")]
    pub fn maybe_json(body: Result<Json<Item>, Rejection>) -> String {
        match body {
            Ok(Json(item)) => item.name,
            Err(rejection) => format!("fallback {}", rejection.status().as_u16()),
        }
    }

    #[route(GET, "/panic/<n>")]
    pub async fn panics(n: u32) -> String {
        if n == 0 {
            panic!("a bug in a handler");
        }
        format!("fine {n}")
    }

    #[route(GET, "/result/<n>")]
    pub fn result(n: i32) -> Result<Json<i32>, (StatusCode, String)> {
        if n < 0 {
            Err((StatusCode::UNPROCESSABLE_ENTITY, format!("{n} is negative")))
        } else {
            Ok(Json(n * 2))
        }
    }

    #[route(GET, "/nothing")]
    pub fn nothing() {}

    /// Path parameters around a query parameter, read in their order.
    #[route(GET, "/order/<a>/<b>")]
    pub async fn order(a: u8, #[query] q: u8, b: u8) -> String {
        format!("{a} {q} {b}")
    }

    #[route(GET, "/order-now/<a>/<b>")]
    pub fn order_now(a: u8, #[query] q: u8, b: u8) -> String {
        format!("{a} {q} {b}")
    }

    #[route(GET, "/with-headers")]
    pub fn with_headers() -> (StatusCode, [(&'static str, &'static str); 2], &'static str) {
        (
            StatusCode::ACCEPTED,
            [("x-one", "1"), ("cache-control", "no-store")],
            "body",
        )
    }
}

fn api() -> impl gatewright::Api {
    gatewright::api!(
        routes::types,
        routes::query,
        routes::stage,
        routes::headers,
        routes::json_body,
        routes::raw,
        routes::files,
        routes::context,
        routes::maybe_json,
        routes::panics,
        routes::result,
        routes::nothing,
        routes::order,
        routes::order_now,
        routes::with_headers,
        routes::sixteen,
    )
}

fn body_json(response: &Value) -> Value {
    serde_json::from_str(response["body"].as_str().expect("a text body")).expect("a JSON body")
}

#[test]
fn path_parameters_of_every_builtin_type_and_a_from_str_type() {
    let response = invoke(
        &api(),
        &event("GET", "/types/-3/2.5/true/%C3%A9/blue/w%20x", json!({})),
    );
    assert_eq!(response["body"], "-3 2.5 true é Blue w x");

    let response = invoke(
        &api(),
        &event("GET", "/types/1/2/true/c/green/w", json!({})),
    );
    assert_eq!(response["statusCode"], 400);
    assert_eq!(
        body_json(&response),
        json!({
            "error": "invalid path parameter `color`",
            "source": "path",
            "parameter": "color",
            "value": "green",
            "expected": "Color",
            "reason": "expected `red` or `blue`",
        })
    );
    let response = invoke(&api(), &event("GET", "/types/1/2/maybe/c/red/w", json!({})));
    assert_eq!(body_json(&response)["parameter"], "flag");
    assert_eq!(body_json(&response)["expected"], "bool");
}

#[test]
fn arguments_are_read_in_their_order_and_the_first_bad_one_is_rejected() {
    for prefix in ["/order", "/order-now"] {
        let query = |q: &str| json!({ "queryStringParameters": { "q": q } });
        let response = invoke(&api(), &event("GET", &format!("{prefix}/1/2"), query("3")));
        assert_eq!(response["body"], "1 3 2", "{prefix}");
        for (path, q, parameter) in [
            ("x/y", "z", "a"),
            ("1/y", "z", "q"),
            ("1/y", "3", "b"),
            ("x/2", "3", "a"),
        ] {
            let response = invoke(&api(), &event("GET", &format!("{prefix}/{path}"), query(q)));
            assert_eq!(response["statusCode"], 400, "{prefix}/{path}?q={q}");
            assert_eq!(
                body_json(&response)["parameter"],
                parameter,
                "{prefix}/{path}?q={q}"
            );
        }
    }
}

#[test]
fn query_parameters_required_optional_repeated_and_renamed() {
    let response = invoke(
        &api(),
        &event(
            "GET",
            "/query",
            json!({
                "queryStringParameters": { "page": "2", "page-size": "50", "tag": "b", "type": "x" },
                "multiValueQueryStringParameters": { "page": ["2"], "page-size": ["50"], "tag": ["a", "b"], "type": ["x"] },
            }),
        ),
    );
    assert_eq!(
        body_json(&response),
        json!({ "page": 2, "page_size": 50, "tag": ["a", "b"], "type": "x" })
    );

    // Without the multi-value map (older events), a list has the single value.
    let response = invoke(
        &api(),
        &event(
            "GET",
            "/query",
            json!({ "queryStringParameters": { "page": "1", "tag": "t" } }),
        ),
    );
    assert_eq!(
        body_json(&response),
        json!({ "page": 1, "page_size": null, "tag": ["t"], "type": null })
    );

    let response = invoke(&api(), &event("GET", "/query", json!({})));
    assert_eq!(response["statusCode"], 400);
    assert_eq!(
        body_json(&response),
        json!({ "error": "missing query parameter `page`", "source": "query", "parameter": "page" })
    );

    let response = invoke(
        &api(),
        &event(
            "GET",
            "/query",
            json!({ "queryStringParameters": { "page": "1", "page-size": "300" } }),
        ),
    );
    assert_eq!(response["statusCode"], 400);
    assert_eq!(body_json(&response)["parameter"], "page-size");
    assert_eq!(body_json(&response)["value"], "300");
    assert_eq!(body_json(&response)["expected"], "u8");
}

#[test]
fn stage_variables_missing_is_a_500_that_does_not_leak_the_name() {
    let ok = invoke(
        &api(),
        &event(
            "GET",
            "/stage",
            json!({ "stageVariables": { "table": "t1", "limit": "5" } }),
        ),
    );
    assert_eq!(ok["body"], "t1 Some(5)");

    let missing = invoke(
        &api(),
        &event("GET", "/stage", json!({ "stageVariables": null })),
    );
    assert_eq!(missing["statusCode"], 500);
    assert_eq!(
        body_json(&missing),
        json!({ "error": "the API's stage is missing a stage variable" })
    );

    let invalid = invoke(
        &api(),
        &event(
            "GET",
            "/stage",
            json!({ "stageVariables": { "table": "t", "limit": "many" } }),
        ),
    );
    assert_eq!(invalid["statusCode"], 500);
}

#[test]
fn headers_ignore_case_and_default_to_the_argument_name() {
    let response = invoke(
        &api(),
        &event(
            "GET",
            "/headers",
            json!({
                "headers": { "User-Agent": "curl/8", "x-api-key": "k", "Accept": "b", "Host": "example.com" },
                "multiValueHeaders": { "User-Agent": ["curl/8"], "x-api-key": ["k"], "Accept": ["a", "b"], "Host": ["example.com"] },
            }),
        ),
    );
    assert_eq!(
        body_json(&response),
        json!({ "ua": "curl/8", "key": "k", "accept": ["a", "b"], "host": "example.com" })
    );

    let response = invoke(&api(), &event("GET", "/headers", json!({})));
    assert_eq!(response["statusCode"], 400);
    assert_eq!(body_json(&response)["parameter"], "user-agent");
    assert_eq!(body_json(&response)["source"], "header");
}

#[test]
fn json_bodies_in_and_out() {
    let response = invoke(
        &api(),
        &event(
            "POST",
            "/json",
            json!({ "body": "{\"name\":\"box\",\"count\":1}" }),
        ),
    );
    assert_eq!(response["statusCode"], 201);
    assert_eq!(response["headers"]["content-type"], "application/json");
    assert_eq!(body_json(&response), json!({ "name": "BOX", "count": 2 }));

    for body in [json!(null), json!("{\"name\":1}"), json!("not json")] {
        let response = invoke(&api(), &event("POST", "/json", json!({ "body": body })));
        assert_eq!(response["statusCode"], 400, "{body}");
        assert_eq!(body_json(&response)["error"], "invalid body");
    }

    let response = invoke(
        &api(),
        &event("POST", "/maybe-json", json!({ "body": "[]" })),
    );
    assert_eq!(response["body"], "fallback 400");
}

#[test]
fn raw_bodies_base64_in_and_out() {
    let response = invoke(
        &api(),
        &event(
            "POST",
            "/raw",
            json!({ "body": "AAEC/w==", "isBase64Encoded": true }),
        ),
    );
    assert_eq!(response["statusCode"], 200);
    assert_eq!(response["isBase64Encoded"], true);
    assert_eq!(response["body"], "/wIBAA==");
    assert_eq!(
        response["headers"]["content-type"],
        "application/octet-stream"
    );

    let response = invoke(
        &api(),
        &event(
            "POST",
            "/raw",
            json!({ "body": "abc", "isBase64Encoded": false }),
        ),
    );
    assert_eq!(response["body"], "Y2Jh");

    let response = invoke(
        &api(),
        &event(
            "POST",
            "/raw",
            json!({ "body": "not base64!", "isBase64Encoded": true }),
        ),
    );
    assert_eq!(response["statusCode"], 400);
    assert_eq!(body_json(&response)["error"], "invalid body");
}

#[test]
fn greedy_segments_refuse_traversal() {
    let response = invoke(&api(), &event("GET", "/files/a/b/c.txt", json!({})));
    assert_eq!(response["body"], "a/b/c.txt");
    for path in [
        "/files/a/../etc/passwd",
        "/files/..",
        "/files/a/%2E%2E/b",
        "/files/a%2F..%2Fb",
    ] {
        let response = invoke(&api(), &event("GET", path, json!({})));
        assert_eq!(response["statusCode"], 400, "{path}");
        assert_eq!(body_json(&response)["parameter"], "path", "{path}");
    }
}

#[test]
fn method_and_contexts() {
    let response = invoke(
        &api(),
        &event(
            "DELETE",
            "/context",
            json!({ "requestContext": { "requestId": "r-1", "stage": "prod", "identity": { "sourceIp": "1.2.3.4" } } }),
        ),
    );
    assert_eq!(
        body_json(&response),
        json!({ "method": "DELETE", "requestId": "r-1", "stage": "prod", "sourceIp": "1.2.3.4", "lambdaRequestId": "test-request" })
    );
}

#[test]
fn a_panicking_handler_answers_500_and_the_next_request_is_served() {
    let api = api();
    let response = invoke(&api, &event("GET", "/panic/0", json!({})));
    assert_eq!(response["statusCode"], 500);
    assert_eq!(
        body_json(&response),
        json!({ "error": "internal server error", "requestId": "test-request" })
    );
    let response = invoke(&api, &event("GET", "/panic/1", json!({})));
    assert_eq!(response["body"], "fine 1");
}

#[test]
fn responses_from_results_units_and_header_arrays() {
    assert_eq!(
        invoke(&api(), &event("GET", "/result/4", json!({})))["body"],
        "8"
    );
    let err = invoke(&api(), &event("GET", "/result/-1", json!({})));
    assert_eq!(err["statusCode"], 422);
    assert_eq!(err["body"], "-1 is negative");

    let nothing = invoke(&api(), &event("GET", "/nothing", json!({})));
    assert_eq!(nothing["statusCode"], 204);
    assert_eq!(nothing["body"], "");

    let with_headers = invoke(&api(), &event("GET", "/with-headers", json!({})));
    assert_eq!(with_headers["statusCode"], 202);
    assert_eq!(with_headers["headers"]["x-one"], "1");
    assert_eq!(
        with_headers["multiValueHeaders"]["cache-control"],
        json!(["no-store"])
    );
}

#[test]
fn a_handler_of_sixteen_arguments_is_served_and_described() {
    let query: serde_json::Map<String, Value> = "bcdefghijklmn"
        .chars()
        .map(|name| (name.to_string(), json!("1")))
        .collect();
    let response = invoke(
        &api(),
        &event(
            "GET",
            "/sixteen/7",
            json!({ "queryStringParameters": query }),
        ),
    );
    assert_eq!(response["body"], "GET 120");

    let api = api();
    let route = gatewright::Api::routes(&api)
        .iter()
        .find(|route| route.handler() == "sixteen")
        .expect("the route is listed");
    assert_eq!(route.listed_as(), "routes::sixteen");
    assert_eq!(
        route.doc(),
        "As many arguments as a handler takes, the last read from the request as a whole."
    );
    let args = route.args();
    assert_eq!(args.len(), 16);
    assert_eq!(args[0].source(), gatewright::ArgSource::Path);
    assert_eq!(args[0].schema()["type"], "integer");
    assert_eq!((args[14].name(), args[14].rust_type()), ("o", "Option<u8>"));
    assert!(!args[14].required());
    assert_eq!(args[15].source(), gatewright::ArgSource::Other);
    assert_eq!(
        (args[15].binding(), args[15].rust_type()),
        ("method", "Method")
    );
    assert_eq!(
        route.responses()[0].content_type,
        Some("text/plain; charset=utf-8")
    );
}
