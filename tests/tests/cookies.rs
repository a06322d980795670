//! Cookies on every front door, proved on events written by others (edited copies where the
//! original carries no cookie): `#[cookie]` arguments and the jars read the `Cookie` header of
//! a REST API (every one, from `multiValueHeaders`), the `cookies` array of payload 2.0 and
//! Function URLs, and a load balancer's `cookie` header; every `Set-Cookie` comes back in the
//! shape of the source.

use gatewright::cookies::{Cookie, Key, SameSite};
use gatewright::prelude::*;
use gatewright::testing::TestClient;
use gatewright::{EventSource, PrivateCookieJar, SignedCookieJar};
use gatewright_tests::{body_json, fixture, invoke};
use serde_json::{json, Value};

/// What the request sent, and two cookies set in return.
fn answer(jar: CookieJar, first: Option<String>, second: Vec<String>) -> (CookieJar, Json<Value>) {
    let sent: Vec<String> = jar
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect();
    let jar = jar
        .add(
            Cookie::build(("session", "s1"))
                .http_only(true)
                .secure(true)
                .path("/"),
        )
        .add(Cookie::build(("theme", "dark")).same_site(SameSite::Strict));
    (
        jar,
        Json(json!({ "sent": sent, "first": first, "second": second })),
    )
}

#[route(ANY, "/")]
fn root(
    jar: CookieJar,
    #[cookie("name1")] first: Option<String>,
    #[cookie("name2")] second: Vec<String>,
) -> (CookieJar, Json<Value>) {
    answer(jar, first, second)
}

#[route(ANY, "/<rest+>")]
fn any(
    rest: Segments,
    jar: CookieJar,
    #[cookie("cookie1")] first: Option<String>,
    #[cookie("cookie2")] second: Vec<String>,
) -> (CookieJar, Json<Value>) {
    let _ = rest;
    answer(jar, first, second)
}

fn edited(name: &str, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut event: Value = serde_json::from_slice(&fixture(name)).unwrap();
    edit(&mut event);
    serde_json::to_vec(&event).unwrap()
}

fn set_cookies(response: &Value, source: EventSource) -> Vec<String> {
    let list = match source {
        EventSource::HttpApiV2 | EventSource::FunctionUrl => &response["cookies"],
        EventSource::Alb {
            multi_value_headers: false,
        } => {
            return vec![response["headers"]["set-cookie"]
                .as_str()
                .unwrap()
                .to_owned()]
        }
        _ => &response["multiValueHeaders"]["set-cookie"],
    };
    list.as_array()
        .unwrap_or_else(|| panic!("no Set-Cookie list in {response}"))
        .iter()
        .map(|value| value.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_source_reads_the_cookies_and_gets_every_set_cookie() {
    let api = gatewright::api!(root, any);
    let both = [
        "session=s1; HttpOnly; Secure; Path=/".to_owned(),
        "theme=dark; SameSite=Strict".to_owned(),
    ];
    let cases: Vec<(&str, Vec<u8>, EventSource, Value)> = vec![
        (
            "REST API, two Cookie headers",
            edited("aws_lambda_events/example-apigw-request.json", |event| {
                event["headers"]["Cookie"] = json!("cookie1=a; cookie2=b");
                event["multiValueHeaders"]["Cookie"] = json!(["cookie1=a; cookie2=b", "cookie2=c"]);
            }),
            EventSource::RestApi,
            json!({ "sent": ["cookie1=a", "cookie2=c"], "first": "a", "second": ["b", "c"] }),
        ),
        (
            "HTTP API payload 2.0",
            fixture("lambda_http/apigw_v2_proxy_request.json"),
            EventSource::HttpApiV2,
            json!({ "sent": ["cookie1=value1", "cookie2=value2"], "first": "value1", "second": ["value2"] }),
        ),
        (
            "Function URL",
            fixture("lambda_http/lambda_function_url_request.json"),
            EventSource::FunctionUrl,
            json!({ "sent": ["test=hi"], "first": null, "second": [] }),
        ),
        (
            "load balancer, multi-value headers",
            fixture("lambda_http/alb_multi_value_request.json"),
            EventSource::Alb {
                multi_value_headers: true,
            },
            json!({ "sent": ["name1=value1", "name2=value2"], "first": "value1", "second": ["value2"] }),
        ),
        (
            // Its cookie header is `cookies`, not a `name=value` pair: skipped, as browsers do.
            "load balancer, single-value headers",
            fixture("lambda_http/alb_request.json"),
            EventSource::Alb {
                multi_value_headers: false,
            },
            json!({ "sent": [], "first": null, "second": [] }),
        ),
    ];
    for (name, event, source, expected) in cases {
        let response = invoke(&api, &event);
        assert_eq!(response["statusCode"], 200, "{name}: {response}");
        let mut sent = body_json(name, &response);
        // A jar iterates in no particular order.
        sent["sent"]
            .as_array_mut()
            .unwrap()
            .sort_by_key(|v| v.to_string());
        assert_eq!(sent, expected, "{name}");
        let set = set_cookies(&response, source);
        match source {
            // One value per header name: the last cookie only (documented in the README).
            EventSource::Alb {
                multi_value_headers: false,
            } => assert_eq!(set.len(), 1, "{name}"),
            _ => {
                let mut set = set;
                set.sort();
                assert_eq!(set, both, "{name}");
            }
        }
    }
}

#[route(GET, "/login")]
fn login(
    jar: SignedCookieJar,
    private: PrivateCookieJar,
) -> (SignedCookieJar, (PrivateCookieJar, &'static str)) {
    (
        jar.add(Cookie::new("user", "ann")),
        (private.add(Cookie::new("token", "t0p")), "in"),
    )
}

#[route(GET, "/me")]
fn me(jar: SignedCookieJar, private: PrivateCookieJar) -> Json<Value> {
    Json(json!({
        "user": jar.get("user").map(|c| c.value().to_owned()),
        "token": private.get("token").map(|c| c.value().to_owned()),
    }))
}

#[route(GET, "/session")]
fn session(#[cookie] session: String) -> String {
    session
}

#[test]
fn signed_and_private_cookies_round_trip_and_refuse_tampering() {
    let key = Key::from(&[7u8; 64]);
    for source in [
        EventSource::RestApi,
        EventSource::HttpApiV2,
        EventSource::FunctionUrl,
        EventSource::Alb {
            multi_value_headers: true,
        },
    ] {
        let client =
            TestClient::new(gatewright::api!(login, me).with_state(key.clone())).source(source);
        let login = client.get("/login").header("accept", "*/*").send();
        let set: Vec<&str> = login
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(set.len(), 2, "{source:?}: {set:?}");
        let user = set.iter().find(|c| c.starts_with("user=")).unwrap();
        let token = set.iter().find(|c| c.starts_with("token=")).unwrap();
        assert!(user.contains("ann") && !token.contains("t0p"), "{set:?}");
        let cookie = format!("{user}; {token}");
        let me = client.get("/me").header("cookie", &cookie).send();
        assert_eq!(
            me.json::<Value>(),
            json!({ "user": "ann", "token": "t0p" }),
            "{source:?}"
        );
        let forged = cookie.replace("ann", "bob");
        let me = client.get("/me").header("cookie", &forged).send();
        assert_eq!(me.json::<Value>()["user"], Value::Null, "{source:?}");
    }
    // Without a key in the state: a 500 whose log line names it.
    let client = TestClient::new(gatewright::api!(login, me));
    assert_eq!(
        client.get("/me").send().status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[test]
fn a_missing_required_cookie_is_a_400_that_names_it_and_the_next_request_is_served() {
    let client = TestClient::new(gatewright::api!(session));
    let missing = client.get("/session").send();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        missing.json::<Value>(),
        json!({ "error": "missing cookie parameter `session`", "parameter": "session", "source": "cookie" })
    );
    let ok = client
        .get("/session")
        .header("cookie", "other=1; session=abc")
        .send();
    assert_eq!(ok.text(), "abc");
}
