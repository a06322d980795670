//! Shared state built once and handed to handlers, and the test client over every source.

use std::sync::atomic::Ordering;

use gatewright::testing::TestClient;
use gatewright::{Api, EventSource, StatusCode};
use serde_json::{json, Value};

mod routes {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use gatewright::prelude::*;

    #[derive(Clone)]
    pub struct Config {
        pub greeting: &'static str,
    }

    #[derive(Clone, Default)]
    pub struct Counter(pub Arc<AtomicUsize>);

    #[route(GET, "/greet/<name>")]
    pub fn greet(name: &str, config: State<Config>, counter: State<Counter>) -> String {
        let n = counter.0 .0.fetch_add(1, Ordering::SeqCst) + 1;
        format!("{}, {name}! (#{n})", config.greeting)
    }

    #[route(GET, "/needs-missing-state")]
    pub fn needs(_value: State<u64>) -> &'static str {
        "unreachable"
    }

    #[route(POST, "/echo")]
    pub fn echo(
        method: Method,
        #[query] tag: Vec<String>,
        #[header] cookie: Option<String>,
        Json(body): Json<serde_json::Value>,
    ) -> (
        StatusCode,
        [(&'static str, &'static str); 2],
        Json<serde_json::Value>,
    ) {
        (
            StatusCode::CREATED,
            [("set-cookie", "a=1"), ("x-echo", "yes")],
            Json(
                serde_json::json!({ "method": method.as_str(), "tag": tag, "cookie": cookie, "body": body }),
            ),
        )
    }

    #[route(GET, "/named")]
    pub fn named(#[query("my key")] value: Option<String>) -> String {
        format!("{value:?}")
    }

    #[route(GET, "/stage")]
    pub fn stage(#[stage] color: Option<String>) -> String {
        format!("{color:?}")
    }
}

fn api() -> impl Api {
    gatewright::api!(
        routes::greet,
        routes::needs,
        routes::echo,
        routes::named,
        routes::stage
    )
}

#[test]
fn state_is_built_once_and_shared_by_every_request() {
    let counter = routes::Counter::default();
    let client = TestClient::new(
        api()
            .with_state(routes::Config { greeting: "Hi" })
            .with_state(counter.clone()),
    );
    assert_eq!(client.get("/greet/ann").send().text(), "Hi, ann! (#1)");
    assert_eq!(client.get("/greet/bob").send().text(), "Hi, bob! (#2)");
    assert_eq!(counter.0.load(Ordering::SeqCst), 2);
}

#[test]
fn missing_state_is_a_500_naming_nothing_to_the_client() {
    let client = TestClient::new(api());
    let response = client.get("/needs-missing-state").send();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        response.json::<Value>(),
        json!({ "error": "internal server error" })
    );
}

#[test]
fn the_client_speaks_every_source() {
    for source in [
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
    ] {
        let client = TestClient::new(api())
            .source(source)
            .stage_variable("color", "blue");
        let response = client
            .post("/echo?tag=a%20b")
            .query("tag", "c&d")
            .header("cookie", "s=1; t=2")
            .json(&json!({ "x": 1 }))
            .send();
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "{source:?}: {}",
            response.text()
        );
        assert_eq!(response.header("x-echo"), Some("yes"), "{source:?}");
        assert_eq!(response.header("set-cookie"), Some("a=1"), "{source:?}");
        let multi_values = !matches!(
            source,
            EventSource::Alb {
                multi_value_headers: false
            }
        );
        let tags = if multi_values {
            json!(["a b", "c&d"])
        } else {
            json!(["c&d"])
        };
        assert_eq!(
            response.json::<Value>(),
            json!({ "method": "POST", "tag": tags, "cookie": "s=1; t=2", "body": { "x": 1 } }),
            "{source:?}"
        );
        // Names are decoded too, even where the event keeps them encoded (load balancers).
        let named = client.get("/named").query("my key", "a+b").send().text();
        assert_eq!(named, "Some(\"a+b\")", "{source:?}");
        let stage = client.get("/stage").send().text();
        let expected = match source {
            EventSource::Alb { .. } | EventSource::FunctionUrl => "None",
            _ => "Some(\"blue\")",
        };
        assert_eq!(stage, expected, "{source:?}");
    }
}

#[test]
fn the_client_sends_raw_events_too() {
    let client = TestClient::new(api());
    let response = client.send_event(b"{\"not\":\"an event\"}");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response.text().contains("the event has the keys `not`"),
        "{}",
        response.text()
    );
}

/// Inside an async test the client is awaited: no runtime of its own is started or dropped.
#[tokio::test]
async fn the_client_works_in_an_async_test() {
    let client = TestClient::new(
        gatewright::api!(routes::greet)
            .with_state(routes::Config { greeting: "Hi" })
            .with_state(routes::Counter::default()),
    );
    let response = client.get("/greet/ann").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text(), "Hi, ann! (#1)");
    let response = client.serve_event(br#"{"not":"an event"}"#).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

/// `send` blocks: in an async test it says what to do instead, rather than tokio's panic.
#[tokio::test]
#[should_panic(expected = "in an async test, `.await` the request instead")]
async fn send_in_an_async_test_says_to_await() {
    let client = TestClient::new(gatewright::api!(routes::greet));
    let _ = client.get("/greet/ann").send();
}
