//! What an API has around its routes: guards, middleware (API-wide and per group), catchers
//! and mounted groups, each through every event source.

use gatewright::testing::TestClient;
use gatewright::{Api, EventSource, StatusCode};
use serde_json::{json, Value};

const SOURCES: [EventSource; 5] = [
    EventSource::RestApi,
    EventSource::HttpApiV1,
    EventSource::HttpApiV2,
    EventSource::FunctionUrl,
    EventSource::Alb {
        multi_value_headers: true,
    },
];

mod api {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use gatewright::prelude::*;
    use gatewright::{middleware, BoxFuture, FromRequest, Next, Rejection, Request, Response};

    /// Keys and who they belong to, looked up with `.await` as a real store would be.
    pub struct Keys(pub Vec<(&'static str, &'static str)>);

    /// The caller, known by a bearer token.
    pub struct Caller(pub &'static str);

    impl<'r> FromRequest<'r> for Caller {
        type Rejection = (
            StatusCode,
            [(&'static str, &'static str); 1],
            Json<serde_json::Value>,
        );
        type Future = BoxFuture<'r, Result<Self, Self::Rejection>>;

        fn from_request(request: &'r Request<'r>) -> Self::Future {
            Box::pin(async move {
                let header = request
                    .header("authorization")
                    .unwrap_or(gatewright::Values::None);
                let token = header
                    .last()
                    .and_then(|value| value.strip_prefix("Bearer "));
                tokio::task::yield_now().await;
                let keys = request.state().get::<Keys>();
                let found = keys.and_then(|keys| {
                    keys.0
                        .iter()
                        .find(|(key, _)| Some(*key) == token)
                        .map(|(_, who)| *who)
                });
                found.map(Caller).ok_or((
                    StatusCode::UNAUTHORIZED,
                    [("www-authenticate", "Bearer realm=\"test\"")],
                    Json(serde_json::json!({"error": "unauthorized"})),
                ))
            })
        }
    }

    #[route(GET, "/me")]
    pub fn me(caller: Caller) -> String {
        caller.0.to_owned()
    }

    #[route(GET, "/maybe")]
    pub fn maybe(caller: Option<Caller>) -> String {
        caller.map_or("anonymous", |caller| caller.0).to_owned()
    }

    #[route(GET, "/items/<id>")]
    pub fn item(id: u32) -> String {
        format!("item {id}")
    }

    #[route(GET, "/panic")]
    pub fn panics() -> &'static str {
        panic!("on purpose")
    }

    #[route(GET | POST, "/notes")]
    pub fn notes(method: Method) -> String {
        format!("notes {method}")
    }

    #[route(GET, "/notes/<id>")]
    pub fn note(id: u32) -> String {
        format!("note {id}")
    }

    #[route(GET, "/")]
    pub fn admin_home() -> &'static str {
        "admin"
    }

    #[route(GET, "/stats")]
    pub fn stats() -> &'static str {
        "stats"
    }

    /// Counts the requests it sees and stamps the count on the response.
    pub static SEEN: AtomicUsize = AtomicUsize::new(0);

    #[middleware]
    pub async fn count(_request: &Request<'_>, next: Next<'_>) -> Response {
        let n = SEEN.fetch_add(1, Ordering::SeqCst) + 1;
        let mut response = next.run().await;
        response.headers_mut().insert("x-count", n.into());
        response
    }

    /// Appends its name to `x-trail`, to show the order.
    #[middleware]
    pub async fn outer(_request: &Request<'_>, next: Next<'_>) -> Response {
        trail(next.run().await, "outer")
    }

    #[middleware]
    pub async fn inner(_request: &Request<'_>, next: Next<'_>) -> Response {
        trail(next.run().await, "inner")
    }

    fn trail(mut response: Response, name: &str) -> Response {
        let trail = match response.headers().get("x-trail") {
            Some(value) => format!("{},{name}", value.to_str().unwrap()),
            None => name.to_owned(),
        };
        response
            .headers_mut()
            .insert("x-trail", trail.parse().unwrap());
        response
    }

    /// Only for callers with the `admin` header: a group's own auth check.
    #[middleware]
    pub async fn admins_only(
        request: &Request<'_>,
        next: Next<'_>,
    ) -> Result<Response, (StatusCode, &'static str)> {
        match request
            .header("x-admin")
            .ok()
            .as_ref()
            .and_then(|values| values.last())
        {
            Some("yes") => Ok(next.run().await),
            _ => Err((StatusCode::FORBIDDEN, "admins only")),
        }
    }

    /// The API's own error body for every rejection.
    pub fn problem(rejection: &Rejection) -> Response {
        let status = rejection.status();
        let body = serde_json::json!({
            "status": status.as_u16(),
            "detail": serde_json::from_str::<serde_json::Value>(&rejection.body()).unwrap(),
        });
        (
            status,
            [("content-type", "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    }
}

fn guarded() -> impl Api {
    gatewright::api!(api::me, api::maybe).with_state(api::Keys(vec![("t0k3n", "ann")]))
}

#[test]
fn a_guard_admits_with_its_value_and_refuses_with_its_own_response() {
    for source in SOURCES {
        let client = TestClient::new(guarded()).source(source);
        let ok = client
            .get("/me")
            .header("authorization", "Bearer t0k3n")
            .send();
        assert_eq!(ok.status(), StatusCode::OK, "{source:?}");
        assert_eq!(ok.text(), "ann");

        let denied = client
            .get("/me")
            .header("authorization", "Bearer nope")
            .send();
        assert_eq!(denied.status(), StatusCode::UNAUTHORIZED, "{source:?}");
        assert_eq!(
            denied.header("www-authenticate"),
            Some("Bearer realm=\"test\"")
        );
        assert_eq!(denied.json::<Value>(), json!({"error": "unauthorized"}));

        assert_eq!(client.get("/me").send().status(), StatusCode::UNAUTHORIZED);
        // The next request is served as if nothing happened.
        assert_eq!(client.get("/maybe").send().text(), "anonymous");
        let known = client
            .get("/maybe")
            .header("authorization", "Bearer t0k3n")
            .send();
        assert_eq!(known.text(), "ann");
    }
}

#[test]
fn api_wide_middleware_sees_every_answer_including_gatewrights_own() {
    let client =
        TestClient::new(gatewright::api!(api::item, api::panics, api::notes).wrap(api::count));
    let mut counts = Vec::new();
    for (uri, status) in [
        ("/items/7", StatusCode::OK),
        ("/items/x", StatusCode::BAD_REQUEST),
        ("/nowhere", StatusCode::NOT_FOUND),
        ("/panic", StatusCode::INTERNAL_SERVER_ERROR),
        ("/a%zz", StatusCode::BAD_REQUEST),
    ] {
        let response = client.get(uri).send();
        assert_eq!(response.status(), status, "{uri}");
        counts.push(
            response
                .header("x-count")
                .unwrap()
                .parse::<usize>()
                .unwrap(),
        );
    }
    let not_allowed = client.delete("/notes").send();
    assert_eq!(not_allowed.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(not_allowed.header("x-count").is_some());
    // One count per request, in order.
    assert!(
        counts.windows(2).all(|pair| pair[1] == pair[0] + 1),
        "{counts:?}"
    );
}

#[test]
fn middleware_runs_in_the_order_it_was_added_the_last_outermost() {
    let client = TestClient::new(
        gatewright::api!(api::item)
            .wrap(api::inner)
            .wrap(api::outer),
    );
    assert_eq!(
        client.get("/items/1").send().header("x-trail"),
        Some("inner,outer")
    );
}

#[test]
fn a_catcher_answers_every_rejection_in_every_source_shape() {
    for source in SOURCES {
        let client = TestClient::new(
            gatewright::api!(api::item, api::panics, api::notes).catch(api::problem),
        )
        .source(source);
        // Payload 2.0 sends the path decoded: a bad escape never reaches the function.
        let bad_escape = source != EventSource::HttpApiV2;
        for (uri, status) in [
            ("/items/x", 400),
            ("/nowhere", 404),
            ("/panic", 500),
            ("/a%zz", if bad_escape { 400 } else { 404 }),
        ] {
            let response = client.get(uri).send();
            assert_eq!(response.status().as_u16(), status, "{source:?} {uri}");
            assert_eq!(
                response.header("content-type"),
                Some("application/problem+json")
            );
            let body: Value = response.json();
            assert_eq!(body["status"], status, "{source:?} {uri}");
        }
        // The rejection's details reach the catcher.
        let body: Value = client.get("/items/x").send().json();
        assert_eq!(body["detail"]["parameter"], "id");
        assert_eq!(body["detail"]["value"], "x");
        // A 405 keeps its Allow header.
        let response = client.put("/notes").send();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(response.header("allow"), Some("GET, HEAD, POST"));
        // What isn't a rejection passes untouched.
        assert_eq!(client.get("/items/3").send().text(), "item 3");
    }
}

#[test]
fn a_catcher_answers_events_that_cannot_be_read() {
    let client = TestClient::new(gatewright::api!(api::item).catch(api::problem));
    let response = client.send_event(br#"{"not":"an event"}"#);
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.header("content-type"),
        Some("application/problem+json")
    );
    let response = client.send_event(br#"{"httpMethod":"G T","path":"/items/1"}"#);
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.header("content-type"),
        Some("application/problem+json")
    );
}

fn mounted() -> impl Api {
    gatewright::api!(
        api::item,
        mount("/v1", [api::notes, api::note]),
        mount(
            "/admin",
            [api::admin_home, api::stats],
            wrap = [api::admins_only, api::outer]
        ),
    )
}

#[test]
fn mounted_routes_answer_under_their_prefix_and_only_there() {
    for source in SOURCES {
        let client = TestClient::new(mounted()).source(source);
        assert_eq!(
            client.get("/v1/notes").send().text(),
            "notes GET",
            "{source:?}"
        );
        assert_eq!(client.post("/v1/notes").send().text(), "notes POST");
        assert_eq!(client.get("/v1/notes/4").send().text(), "note 4");
        assert_eq!(client.get("/items/4").send().text(), "item 4");
        assert_eq!(client.get("/notes").send().status(), StatusCode::NOT_FOUND);
        let response = client.delete("/v1/notes").send();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(response.header("allow"), Some("GET, HEAD, POST"));
    }
}

#[test]
fn a_groups_middleware_runs_for_its_routes_only_in_order() {
    let client = TestClient::new(mounted());
    let refused = client.get("/admin/stats").send();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.text(), "admins only");
    // The first middleware answered: the second never ran.
    assert_eq!(refused.header("x-trail"), None);

    let admitted = client.get("/admin/stats").header("x-admin", "yes").send();
    assert_eq!(admitted.text(), "stats");
    assert_eq!(admitted.header("x-trail"), Some("outer"));
    // `/` under a prefix is the prefix itself.
    assert_eq!(
        client.get("/admin").header("x-admin", "yes").send().text(),
        "admin"
    );
    // Other routes don't go through the group's middleware.
    assert_eq!(client.get("/v1/notes/1").send().header("x-trail"), None);
    assert_eq!(client.get("/items/1").send().status(), StatusCode::OK);
}

#[test]
fn the_route_table_has_the_full_paths() {
    let api = mounted();
    let templates: Vec<&str> = api.routes().iter().map(|route| route.template()).collect();
    assert_eq!(
        templates,
        [
            "/items/<id>",
            "/v1/notes",
            "/v1/notes/<id>",
            "/admin",
            "/admin/stats"
        ]
    );
    assert_eq!(api.routes()[2].api_gateway_path(), "/v1/notes/{id}");
}

#[test]
fn state_needs_no_clone_and_survives_layers_added_around_it() {
    struct Pool(#[allow(dead_code)] std::sync::Mutex<u8>);
    let api = gatewright::api!(api::me)
        .with_state(Pool(std::sync::Mutex::new(0)))
        .wrap(api::count)
        .with_state(api::Keys(vec![("k", "bo")]));
    assert_eq!(api.state().len(), 2);
    let client = TestClient::new(api);
    assert_eq!(
        client
            .get("/me")
            .header("authorization", "Bearer k")
            .send()
            .text(),
        "bo"
    );
}

mod cors_api {
    use gatewright::prelude::*;

    #[route(GET | PUT, "/notes/<id>")]
    pub fn note(id: u32) -> String {
        format!("note {id}")
    }

    #[route(POST, "/notes")]
    pub fn create() -> StatusCode {
        StatusCode::CREATED
    }

    #[route(GET, "/own")]
    pub fn own() -> &'static str {
        "own"
    }

    /// This path answers its own preflights.
    #[route(OPTIONS, "/own")]
    pub fn own_options() -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
        (StatusCode::OK, [("x-own", "yes")], "")
    }

    #[route(ANY, "/files/<rest+>")]
    pub fn files(rest: String) -> String {
        rest
    }
}

const APP: &str = "http://127.0.0.1:8080";

fn cors_client(source: EventSource) -> TestClient<impl Api> {
    let cors = gatewright::Cors::new()
        .allow_origin(APP)
        .allow_headers(["content-type", "x-api-key"])
        .expose_headers(["location"])
        .max_age(std::time::Duration::from_secs(600));
    let api = gatewright::api!(
        cors_api::note,
        cors_api::create,
        cors_api::own,
        cors_api::own_options,
        cors_api::files
    )
    .catch(api::problem)
    .cors(cors);
    TestClient::new(api).source(source)
}

fn preflight<A: Api>(
    client: &TestClient<A>,
    path: &str,
    origin: &str,
) -> gatewright::testing::TestResponse {
    client
        .request(gatewright::Method::OPTIONS, path)
        .header("origin", origin)
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "x-api-key")
        .send()
}

#[test]
fn a_preflight_is_told_exactly_its_paths_methods_in_every_source() {
    for source in SOURCES {
        let client = cors_client(source);
        for (path, methods) in [
            ("/notes/7", "GET, HEAD, PUT"),
            ("/notes", "POST"),
            ("/files/a/b", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
        ] {
            let response = preflight(&client, path, APP);
            assert_eq!(
                response.status(),
                StatusCode::NO_CONTENT,
                "{source:?} {path}"
            );
            assert_eq!(
                response.header("access-control-allow-methods"),
                Some(methods),
                "{path}"
            );
            assert_eq!(response.header("access-control-allow-origin"), Some(APP));
            assert_eq!(
                response.header("access-control-allow-headers"),
                Some("content-type, x-api-key")
            );
            assert_eq!(response.header("access-control-max-age"), Some("600"));
            assert_eq!(response.header("vary"), Some("origin"));
        }
    }
}

#[test]
fn a_routes_own_options_handler_wins_and_still_gets_the_headers() {
    let client = cors_client(EventSource::RestApi);
    let response = preflight(&client, "/own", APP);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.header("x-own"), Some("yes"));
    assert_eq!(response.header("access-control-allow-origin"), Some(APP));
}

#[test]
fn every_response_to_an_allowed_origin_carries_the_headers_errors_included() {
    for source in SOURCES {
        let client = cors_client(source);
        for (method, path, status) in [
            (gatewright::Method::GET, "/notes/1", 200),
            (gatewright::Method::PUT, "/notes/x", 400),
            (gatewright::Method::GET, "/nowhere", 404),
            (gatewright::Method::DELETE, "/notes/1", 405),
            (gatewright::Method::POST, "/notes", 201),
        ] {
            let response = client.request(method, path).header("origin", APP).send();
            assert_eq!(response.status().as_u16(), status, "{source:?} {path}");
            assert_eq!(
                response.header("access-control-allow-origin"),
                Some(APP),
                "{path}"
            );
            assert_eq!(
                response.header("access-control-expose-headers"),
                Some("location")
            );
        }
        // A preflight for a path no route has is a 404, readable by the page.
        let missing = preflight(&client, "/nowhere", APP);
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(missing.header("access-control-allow-origin"), Some(APP));
    }
}

#[test]
fn other_origins_get_no_cors_headers_and_their_preflights_are_refused() {
    let client = cors_client(EventSource::HttpApiV2);
    let response = client
        .get("/notes/1")
        .header("origin", "http://evil.example")
        .send();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.header("access-control-allow-origin"), None);
    let refused = preflight(&client, "/notes/1", "http://evil.example");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.header("access-control-allow-origin"), None);
    // The catcher sees the refusal like any rejection.
    assert_eq!(
        refused.header("content-type"),
        Some("application/problem+json")
    );
    // Without an Origin, a request is not a CORS request: served as is.
    let plain = client.get("/notes/1").send();
    assert_eq!(plain.header("access-control-allow-origin"), None);
    assert_eq!(plain.header("vary"), Some("origin"));
}

#[test]
fn any_origin_with_credentials_is_the_callers_origin() {
    let cors = gatewright::Cors::new()
        .allow_any_origin()
        .allow_any_header()
        .allow_credentials(true);
    let client = TestClient::new(gatewright::api!(cors_api::note).cors(cors));
    let response = preflight(&client, "/notes/3", "https://x.example");
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("https://x.example")
    );
    assert_eq!(
        response.header("access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(
        response.header("access-control-allow-headers"),
        Some("x-api-key")
    );

    let star = TestClient::new(
        gatewright::api!(cors_api::note).cors(gatewright::Cors::new().allow_any_origin()),
    );
    let response = star
        .get("/notes/3")
        .header("origin", "https://y.example")
        .send();
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    assert_eq!(response.header("vary"), None);
}

#[test]
fn cors_asks_api_gateway_to_forward_preflights() {
    let api = gatewright::api!(cors_api::note);
    assert!(!api.forwarding().preflight);
    let api = api.cors(gatewright::Cors::new().allow_any_origin());
    assert!(api.forwarding().preflight);
}
