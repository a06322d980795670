//! The notes API through `TestClient`, once per front door: the whole per-request path (the
//! event each source sends, the router, the guard, the middleware, the catcher, CORS, the
//! source's proxy response) with no server.

use gatewright::testing::{TestClient, TestResponse};
use gatewright::{Api, EventSource, StatusCode};
use serde_json::{json, Value};

/// Every front door, ALB with multi-value headers on.
const SOURCES: [EventSource; 5] = [
    EventSource::RestApi,
    EventSource::HttpApiV1,
    EventSource::HttpApiV2,
    EventSource::FunctionUrl,
    EventSource::Alb {
        multi_value_headers: true,
    },
];

const ALICE: &str = "Bearer alice-token";
const BOB: &str = "Bearer bob-token";
const FRONT_END: &str = "https://notes.example.com";

fn config() -> notes::Config {
    notes::Config {
        store: "memory".into(),
        tokens: vec![
            ("alice-token".into(), "alice".into()),
            ("bob-token".into(), "bob".into()),
        ],
        cors_origins: vec![FRONT_END.into()],
    }
}

/// The API as `main` serves it, with a fresh store, sending events of `source`.
fn client(source: EventSource) -> TestClient<impl Api> {
    let config = config();
    let store = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(notes::Store::open(&config))
        .expect("the memory store opens");
    TestClient::new(notes::api_with(&config).with_state(store)).source(source)
}

/// `server-timing`, which every response has.
fn check_timed(source: EventSource, path: &str, response: &TestResponse) {
    let timing = response.header("server-timing");
    assert!(
        timing.is_some_and(|value| value.starts_with("app;dur=")),
        "{source:?} {path}: server-timing is {timing:?}"
    );
}

/// What every response of a route has: `server-timing`, and `cache-control: no-store`
/// exactly under `/v1`.
fn check_headers(source: EventSource, path: &str, response: &TestResponse) {
    check_timed(source, path, response);
    let cache = response.header("cache-control");
    if path.starts_with("/v1/") {
        assert_eq!(cache, Some("no-store"), "{source:?} {path}");
    } else {
        assert_eq!(cache, None, "{source:?} {path}");
    }
}

/// The API's error shape: `{"error": {"status": ..., "message": ...}}`; gives the `error` object.
fn api_error(source: EventSource, response: &TestResponse, status: StatusCode) -> Value {
    assert_eq!(response.status(), status, "{source:?}: {}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("application/json"),
        "{source:?}"
    );
    let body: Value = response.json();
    let error = &body["error"];
    assert_eq!(error["status"], status.as_u16(), "{source:?}: {body}");
    assert!(error["message"].is_string(), "{source:?}: {body}");
    error.clone()
}

fn note(id: u64, owner: &str, text: &str) -> Value {
    json!({ "id": id, "owner": owner, "text": text })
}

#[test]
fn health_needs_no_token() {
    for source in SOURCES {
        let client = client(source);
        let response = client.get("/health").send();
        assert_eq!(response.status(), StatusCode::OK, "{source:?}");
        assert_eq!(response.json::<Value>(), json!({ "status": "ok" }));
        check_headers(source, "/health", &response);
    }
}

#[test]
fn a_missing_or_unknown_token_is_a_401_with_www_authenticate() {
    for source in SOURCES {
        let client = client(source);
        let cases = [
            (
                "GET",
                "/v1/notes",
                None,
                "send `Authorization: Bearer <token>`",
            ),
            (
                "GET",
                "/v1/notes",
                Some("Bearer nobody"),
                "this token is not known",
            ),
            (
                "GET",
                "/v1/notes",
                Some("alice-token"),
                "send `Authorization",
            ),
            (
                "GET",
                "/v1/notes/1",
                Some("Basic YWxpY2U6"),
                "send `Authorization",
            ),
            ("POST", "/v1/notes", None, "send `Authorization"),
            (
                "DELETE",
                "/v1/notes/1",
                Some("Bearer "),
                "this token is not known",
            ),
        ];
        for (method, path, token, message) in cases {
            let mut request = client.request(method.parse().unwrap(), path);
            if let Some(token) = token {
                request = request.header("authorization", token);
            }
            if method == "POST" {
                request = request.json(&json!({ "text": "hi" }));
            }
            let response = request.send();
            let error = api_error(source, &response, StatusCode::UNAUTHORIZED);
            let text = error["message"].as_str().unwrap();
            assert!(
                text.starts_with("unauthorized: ") && text.contains(message),
                "{source:?} {method} {path} {token:?}: {text}"
            );
            assert_eq!(
                response.header("www-authenticate"),
                Some("Bearer realm=\"notes\""),
                "{source:?} {method} {path}"
            );
            check_headers(source, path, &response);
        }
    }
}

#[test]
fn notes_are_created_read_listed_updated_and_deleted() {
    for source in SOURCES {
        let client = client(source);

        let response = client
            .get("/v1/notes")
            .header("authorization", ALICE)
            .send();
        assert_eq!(response.status(), StatusCode::OK, "{source:?}");
        assert_eq!(response.json::<Value>(), json!([]), "{source:?}");
        check_headers(source, "/v1/notes", &response);

        let created = client
            .post("/v1/notes")
            .header("authorization", ALICE)
            .json(&json!({ "text": "  buy milk  " }))
            .send();
        assert_eq!(
            created.status(),
            StatusCode::CREATED,
            "{source:?}: {}",
            created.text()
        );
        assert_eq!(
            created.header("location"),
            Some("/v1/notes/1"),
            "{source:?}"
        );
        assert_eq!(
            created.header("content-type"),
            Some("application/json"),
            "{source:?}"
        );
        assert_eq!(created.json::<Value>(), note(1, "alice", "buy milk"));
        check_headers(source, "/v1/notes", &created);

        let second = client
            .post("/v1/notes")
            .header("authorization", ALICE)
            .json(&json!({ "text": "call mum" }))
            .send();
        assert_eq!(second.header("location"), Some("/v1/notes/2"), "{source:?}");

        let response = client
            .get("/v1/notes/1")
            .header("authorization", ALICE)
            .send();
        assert_eq!(response.status(), StatusCode::OK, "{source:?}");
        assert_eq!(response.json::<Value>(), note(1, "alice", "buy milk"));
        check_headers(source, "/v1/notes/1", &response);

        let response = client
            .head("/v1/notes/1")
            .header("authorization", ALICE)
            .send();
        assert_eq!(response.status(), StatusCode::OK, "{source:?}");
        assert!(
            response.bytes().is_empty(),
            "{source:?}: {}",
            response.text()
        );

        let response = client
            .get("/v1/notes")
            .header("authorization", ALICE)
            .send();
        assert_eq!(
            response.json::<Value>(),
            json!([note(1, "alice", "buy milk"), note(2, "alice", "call mum")]),
            "{source:?}"
        );

        let response = client
            .put("/v1/notes/1")
            .header("authorization", ALICE)
            .json(&json!({ "text": "buy oat milk" }))
            .send();
        assert_eq!(response.status(), StatusCode::OK, "{source:?}");
        assert_eq!(response.json::<Value>(), note(1, "alice", "buy oat milk"));
        check_headers(source, "/v1/notes/1", &response);

        let response = client
            .delete("/v1/notes/1")
            .header("authorization", ALICE)
            .send();
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{source:?}");
        assert!(
            response.bytes().is_empty(),
            "{source:?}: {}",
            response.text()
        );
        check_headers(source, "/v1/notes/1", &response);

        for response in [
            client
                .get("/v1/notes/1")
                .header("authorization", ALICE)
                .send(),
            client
                .delete("/v1/notes/1")
                .header("authorization", ALICE)
                .send(),
        ] {
            let error = api_error(source, &response, StatusCode::NOT_FOUND);
            assert_eq!(error["message"], "there is no note 1", "{source:?}");
        }
        let response = client
            .get("/v1/notes")
            .header("authorization", ALICE)
            .send();
        assert_eq!(
            response.json::<Value>(),
            json!([note(2, "alice", "call mum")]),
            "{source:?}"
        );
    }
}

#[test]
fn another_callers_note_is_not_found() {
    for source in SOURCES {
        let client = client(source);
        let created = client
            .post("/v1/notes")
            .header("authorization", BOB)
            .json(&json!({ "text": "bob's secret" }))
            .send();
        assert_eq!(created.status(), StatusCode::CREATED, "{source:?}");

        let attempts = [
            client
                .get("/v1/notes/1")
                .header("authorization", ALICE)
                .send(),
            client
                .put("/v1/notes/1")
                .header("authorization", ALICE)
                .json(&json!({ "text": "mine now" }))
                .send(),
            client
                .delete("/v1/notes/1")
                .header("authorization", ALICE)
                .send(),
        ];
        for response in attempts {
            let error = api_error(source, &response, StatusCode::NOT_FOUND);
            assert_eq!(error["message"], "there is no note 1", "{source:?}");
            assert!(!response.text().contains("secret"), "{source:?}");
            check_headers(source, "/v1/notes/1", &response);
        }
        let response = client
            .get("/v1/notes")
            .header("authorization", ALICE)
            .send();
        assert_eq!(response.json::<Value>(), json!([]), "{source:?}");
        let response = client
            .get("/v1/notes/1")
            .header("authorization", BOB)
            .send();
        assert_eq!(
            response.json::<Value>(),
            note(1, "bob", "bob's secret"),
            "{source:?}"
        );
    }
}

#[test]
fn an_invalid_text_is_a_422_that_lists_every_failing_field() {
    for source in SOURCES {
        let client = client(source);
        let long = "x".repeat(1001);
        for (text, messages) in [
            ("", &["is only whitespace", "length is lower than 1"][..]),
            (" \n\t ", &["is only whitespace"][..]),
            (&long, &["length is greater than 1000"][..]),
        ] {
            let response = client
                .post("/v1/notes")
                .header("authorization", ALICE)
                .json(&json!({ "text": text }))
                .send();
            let error = api_error(source, &response, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(
                error["message"], "the body breaks its type's rules",
                "{source:?}"
            );
            let fields = error["details"]["fields"].as_array().expect("fields");
            let expected: Vec<Value> = messages
                .iter()
                .map(|message| json!({ "path": "text", "message": message }))
                .collect();
            assert_eq!(fields, &expected, "{source:?} {text:?}");
            check_headers(source, "/v1/notes", &response);
        }
        let created = client
            .post("/v1/notes")
            .header("authorization", ALICE)
            .json(&json!({ "text": "x".repeat(1000) }))
            .send();
        assert_eq!(created.status(), StatusCode::CREATED, "{source:?}");
        // 1000 characters of 2 bytes each: the rule counts characters, as JSON Schema does.
        let created = client
            .post("/v1/notes")
            .header("authorization", ALICE)
            .json(&json!({ "text": "é".repeat(1000) }))
            .send();
        assert_eq!(created.status(), StatusCode::CREATED, "{source:?}");
        let response = client
            .put("/v1/notes/1")
            .header("authorization", ALICE)
            .json(&json!({ "text": "" }))
            .send();
        api_error(source, &response, StatusCode::UNPROCESSABLE_ENTITY);
        // The next request is served.
        let response = client
            .put("/v1/notes/1")
            .header("authorization", ALICE)
            .json(&json!({ "text": "fine" }))
            .send();
        assert_eq!(response.status(), StatusCode::OK, "{source:?}");
    }
}

#[test]
fn a_malformed_body_is_a_400_in_the_apis_shape() {
    for source in SOURCES {
        let client = client(source);
        for body in [
            r#"{"text": "#,
            r#"["not", "an", "object"]"#,
            r#"{"text": "hi", "colour": "red"}"#,
            r#"{"txt": "hi"}"#,
        ] {
            let response = client
                .post("/v1/notes")
                .header("authorization", ALICE)
                .header("content-type", "application/json")
                .body(body)
                .send();
            let error = api_error(source, &response, StatusCode::BAD_REQUEST);
            assert_eq!(error["message"], "invalid body", "{source:?} {body}");
            assert_eq!(error["details"]["error"], "invalid body", "{source:?}");
            assert!(
                error["details"]["reason"].is_string(),
                "{source:?} {body}: {error}"
            );
            check_timed(source, "/v1/notes", &response);
        }
        // Nothing was stored.
        let response = client
            .get("/v1/notes")
            .header("authorization", ALICE)
            .send();
        assert_eq!(response.json::<Value>(), json!([]), "{source:?}");
    }
}

#[test]
fn a_bad_note_id_is_a_400_naming_the_parameter() {
    for source in SOURCES {
        let client = client(source);
        for (method, path) in [
            ("GET", "/v1/notes/abc"),
            ("DELETE", "/v1/notes/-1"),
            ("GET", "/v1/notes/18446744073709551616"),
        ] {
            let response = client
                .request(method.parse().unwrap(), path)
                .header("authorization", ALICE)
                .send();
            let error = api_error(source, &response, StatusCode::BAD_REQUEST);
            let details = &error["details"];
            assert_eq!(details["parameter"], "id", "{source:?} {path}: {error}");
            assert_eq!(details["expected"], "u64", "{source:?} {path}: {error}");
            assert_eq!(
                details["value"],
                path.rsplit('/').next().unwrap(),
                "{source:?} {path}: {error}"
            );
            assert_eq!(error["message"], details["error"], "{source:?}");
            check_timed(source, path, &response);
        }
    }
}

#[test]
fn an_unknown_path_is_a_404_in_the_apis_shape() {
    for source in SOURCES {
        let client = client(source);
        for path in [
            "/nowhere",
            "/v1",
            "/v1/nowhere",
            "/v1/notes/1/extra",
            "/notes",
        ] {
            let response = client.get(path).header("authorization", ALICE).send();
            let error = api_error(source, &response, StatusCode::NOT_FOUND);
            assert_eq!(
                error["message"], "no route matches this path",
                "{source:?} {path}"
            );
            check_timed(source, path, &response);
        }
    }
}

#[test]
fn a_wrong_method_is_a_405_with_allow() {
    for source in SOURCES {
        let client = client(source);
        for (method, path, allow) in [
            ("PATCH", "/v1/notes/1", "GET, HEAD, PUT, DELETE"),
            ("POST", "/v1/notes/1", "GET, HEAD, PUT, DELETE"),
            ("DELETE", "/v1/notes", "GET, HEAD, POST"),
            ("POST", "/health", "GET, HEAD"),
        ] {
            let response = client
                .request(method.parse().unwrap(), path)
                .header("authorization", ALICE)
                .send();
            let error = api_error(source, &response, StatusCode::METHOD_NOT_ALLOWED);
            assert_eq!(
                error["message"], "this path does not take this method",
                "{source:?}"
            );
            assert_eq!(
                response.header("allow"),
                Some(allow),
                "{source:?} {method} {path}"
            );
            check_timed(source, path, &response);
        }
    }
}

#[test]
fn a_preflight_from_the_front_end_is_answered_with_the_paths_methods() {
    for source in SOURCES {
        let client = client(source);
        for (path, methods) in [
            ("/v1/notes/1", "GET, HEAD, PUT, DELETE"),
            ("/v1/notes", "GET, HEAD, POST"),
        ] {
            let response = client
                .request("OPTIONS".parse().unwrap(), path)
                .header("origin", FRONT_END)
                .header("access-control-request-method", "PUT")
                .header(
                    "access-control-request-headers",
                    "authorization, content-type",
                )
                .send();
            assert_eq!(
                response.status(),
                StatusCode::NO_CONTENT,
                "{source:?} {path}: {}",
                response.text()
            );
            let header = |name| response.header(name);
            assert_eq!(header("access-control-allow-methods"), Some(methods));
            assert_eq!(header("access-control-allow-origin"), Some(FRONT_END));
            let allowed = header("access-control-allow-headers").unwrap_or_default();
            assert!(
                allowed.contains("authorization") && allowed.contains("content-type"),
                "{source:?}: {allowed}"
            );
            assert_eq!(header("access-control-max-age"), Some("600"), "{source:?}");
            check_timed(source, path, &response);
        }
    }
}

#[test]
fn responses_to_the_front_end_carry_cors_headers_errors_included() {
    for source in SOURCES {
        let client = client(source);
        let created = client
            .post("/v1/notes")
            .header("origin", FRONT_END)
            .header("authorization", ALICE)
            .json(&json!({ "text": "from the browser" }))
            .send();
        assert_eq!(created.status(), StatusCode::CREATED, "{source:?}");
        assert_eq!(
            created.header("access-control-allow-origin"),
            Some(FRONT_END),
            "{source:?}"
        );
        let exposed = created
            .header("access-control-expose-headers")
            .unwrap_or_default();
        assert!(exposed.contains("location"), "{source:?}: {exposed:?}");

        let refused = client.get("/v1/notes").header("origin", FRONT_END).send();
        api_error(source, &refused, StatusCode::UNAUTHORIZED);
        assert_eq!(
            refused.header("access-control-allow-origin"),
            Some(FRONT_END),
            "{source:?}"
        );
    }
}

#[test]
fn another_origin_gets_no_cors_headers() {
    for source in SOURCES {
        let client = client(source);
        let preflight = client
            .request("OPTIONS".parse().unwrap(), "/v1/notes/1")
            .header("origin", "https://evil.example.com")
            .header("access-control-request-method", "DELETE")
            .send();
        assert_eq!(
            preflight.header("access-control-allow-origin"),
            None,
            "{source:?}"
        );
        assert_eq!(
            preflight.header("access-control-allow-methods"),
            None,
            "{source:?}"
        );
        let error = api_error(source, &preflight, StatusCode::FORBIDDEN);
        assert_eq!(error["details"]["origin"], "https://evil.example.com");
        check_timed(source, "/v1/notes/1", &preflight);

        let response = client
            .get("/v1/notes")
            .header("origin", "https://evil.example.com")
            .header("authorization", ALICE)
            .send();
        assert_eq!(response.status(), StatusCode::OK, "{source:?}");
        assert_eq!(
            response.header("access-control-allow-origin"),
            None,
            "{source:?}"
        );
    }
}

/// A rejection made inside a route under `/v1` (a bad id, a bad body) goes through the
/// group's `no_store` middleware, so it should keep its `cache-control: no-store`.
#[test]
fn rejections_of_v1_routes_keep_cache_control_no_store() {
    for source in SOURCES {
        let client = client(source);
        let bad_id = client
            .get("/v1/notes/abc")
            .header("authorization", ALICE)
            .send();
        assert_eq!(bad_id.status(), StatusCode::BAD_REQUEST, "{source:?}");
        check_headers(source, "/v1/notes/abc", &bad_id);
        let bad_body = client
            .post("/v1/notes")
            .header("authorization", ALICE)
            .body("{")
            .send();
        assert_eq!(bad_body.status(), StatusCode::BAD_REQUEST, "{source:?}");
        check_headers(source, "/v1/notes", &bad_body);
    }
}

#[test]
fn deployed_the_caller_is_the_user_the_cognito_authorizer_let_in() {
    // API Gateway's Cognito user pool authorizer passes the token's claims; no bearer token
    // of the store is needed then. Function URLs and load balancers have no such authorizer.
    for source in [
        EventSource::RestApi,
        EventSource::HttpApiV1,
        EventSource::HttpApiV2,
    ] {
        let client = client(source);
        let created = client
            .post("/v1/notes")
            .claims(
                json!({ "sub": "0b9f-1", "cognito:username": "carol", "email_verified": "true" }),
            )
            .json(&json!({ "text": "from Cognito" }))
            .send();
        assert_eq!(
            created.status(),
            StatusCode::CREATED,
            "{source:?}: {}",
            created.text()
        );
        assert_eq!(created.json::<Value>()["owner"], "carol", "{source:?}");
        // An access token names the user `username`; without either, `sub`.
        let listed = client
            .get("/v1/notes")
            .claims(json!({ "sub": "0b9f-1", "username": "carol", "scope": "notes/read" }))
            .send();
        assert_eq!(
            listed.json::<Value>()[0]["text"],
            "from Cognito",
            "{source:?}"
        );
        let nobody = client
            .get("/v1/notes")
            .claims(json!({ "sub": "0b9f-2" }))
            .send();
        assert_eq!(nobody.json::<Value>(), json!([]), "{source:?}");
        // Claims without a `sub` are turned away in the API's own shape.
        let response = client
            .get("/v1/notes")
            .claims(json!({ "email": "x@example.com" }))
            .send();
        let error = api_error(source, &response, StatusCode::UNAUTHORIZED);
        assert_eq!(
            error["message"], "unauthorized: the token names no user",
            "{source:?}"
        );
    }
}

#[test]
fn every_route_but_health_asks_the_authorizer_for_a_scope() {
    let routes = notes::api_with(&config()).routes();
    let mut scopes: Vec<(String, gatewright::RouteAuth)> = routes
        .iter()
        .map(|route| {
            (
                format!("{:?} {}", route.methods(), route.template()),
                route.auth(),
            )
        })
        .collect();
    scopes.sort_by(|a, b| a.0.cmp(&b.0));
    use gatewright::RouteAuth::{None as Open, Scopes};
    assert_eq!(
        scopes,
        [
            (
                "[\"DELETE\"] /v1/notes/<id>".to_owned(),
                Scopes(&["notes/write"])
            ),
            ("[\"GET\"] /health".to_owned(), Open),
            ("[\"GET\"] /v1/notes".to_owned(), Scopes(&["notes/read"])),
            (
                "[\"GET\"] /v1/notes/<id>".to_owned(),
                Scopes(&["notes/read"])
            ),
            ("[\"POST\"] /v1/notes".to_owned(), Scopes(&["notes/write"])),
            (
                "[\"PUT\"] /v1/notes/<id>".to_owned(),
                Scopes(&["notes/write"])
            ),
        ]
    );
}
