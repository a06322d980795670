//! Redirects behind every front door: `Redirect::to(base.join(uri!(...)))` gives the location
//! the client can follow from the URL it used, proved on events written by others and edited
//! copies of them: a REST API through its `execute-api` URL (stage in the path) and through a
//! custom domain's base path mapping, an HTTP API on a named stage, on `$default` and on a
//! custom domain, a Function URL, a load balancer, the local server's events.

use gatewright::prelude::*;
use gatewright::testing::TestClient;
use gatewright::{BasePath, EventSource};
use gatewright_tests::{fixture, invoke};
use serde_json::{json, Value};

#[route(GET, "/items/<id>")]
fn item(id: u32) -> String {
    format!("item {id}")
}

#[route(ANY, "/")]
fn root(base: BaseUrl) -> Redirect {
    Redirect::to(base.join(gatewright::uri!(item(id = 7))))
}

#[route(ANY, "/<rest+>")]
fn any(rest: Segments, base: BaseUrl) -> Redirect {
    let _ = rest;
    Redirect::temporary(base.join(gatewright::uri!(item(id = 7))))
}

fn edited(name: &str, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut event: Value = serde_json::from_slice(&fixture(name)).unwrap();
    edit(&mut event);
    serde_json::to_vec(&event).unwrap()
}

fn location(response: &Value) -> &str {
    response["headers"]["location"]
        .as_str()
        .or_else(|| response["multiValueHeaders"]["location"][0].as_str())
        .unwrap_or_else(|| panic!("no location in {response}"))
}

#[test]
fn the_location_is_right_for_the_url_the_client_used() {
    let rest = "aws_lambda_events/example-apigw-request.json";
    let v2_stage = "lambda_http/apigw_v2_proxy_request_with_stage_in_path.json";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            // As API Gateway sends it through `https://{api}.execute-api.{region}.amazonaws.com/testStage/hello/world`.
            "REST API, execute-api URL with the stage",
            edited(rest, |event| {
                event["requestContext"]["path"] = json!("/testStage/hello/world");
            }),
            "/testStage/items/7",
        ),
        (
            // `https://api.example.com/v1/hello/world`, base path `v1` mapped to the stage.
            "REST API, custom domain with a base path",
            edited(rest, |event| {
                event["path"] = json!("/v1/hello/world");
                event["requestContext"]["path"] = json!("/v1/hello/world");
                event["requestContext"]["domainName"] = json!("api.example.com");
            }),
            "/v1/items/7",
        ),
        (
            "REST API, custom domain mapped at its root",
            edited(rest, |event| {
                event["requestContext"]["domainName"] = json!("api.example.com");
            }),
            "/items/7",
        ),
        (
            "REST API, a trailing slash",
            edited(rest, |event| {
                event["requestContext"]["path"] = json!("/testStage/hello/world/");
            }),
            "/testStage/items/7",
        ),
        ("HTTP API, named stage", fixture(v2_stage), "/Prod/items/7"),
        (
            "HTTP API, $default stage",
            fixture("lambda_http/apigw_v2_proxy_request.json"),
            "/items/7",
        ),
        (
            // The event names the stage, not the API mapping: without a `BasePath`, the root.
            "HTTP API, custom domain",
            edited(v2_stage, |event| {
                event["requestContext"]["domainName"] = json!("api.example.com");
            }),
            "/items/7",
        ),
        (
            "Function URL",
            fixture("lambda_http/lambda_function_url_request.json"),
            "/items/7",
        ),
        (
            "load balancer",
            fixture("lambda_http/alb_request.json"),
            "/items/7",
        ),
        (
            "load balancer, another path",
            fixture("powertools/albEvent.json"),
            "/items/7",
        ),
    ];
    let api = gatewright::api!(item, root, any);
    for (name, event, expected) in cases {
        let response = invoke(&api, &event);
        let status = response["statusCode"].as_u64().unwrap();
        assert!(status == 303 || status == 307, "{name}: {response}");
        assert_eq!(location(&response), expected, "{name}");
    }
}

#[test]
fn an_http_api_on_a_custom_domain_takes_its_base_path_from_the_state() {
    let api = gatewright::api!(item, root, any).with_state(BasePath::new("orders/"));
    let on_domain = edited(
        "lambda_http/apigw_v2_proxy_request_with_stage_in_path.json",
        |event| {
            event["requestContext"]["domainName"] = json!("api.example.com");
        },
    );
    assert_eq!(location(&invoke(&api, &on_domain)), "/orders/items/7");
    // Through `execute-api`, the stage still.
    let on_stage = fixture("lambda_http/apigw_v2_proxy_request_with_stage_in_path.json");
    assert_eq!(location(&invoke(&api, &on_stage)), "/Prod/items/7");
}

#[test]
fn test_clients_and_the_local_servers_events() {
    // The local server's events are the REST API events `TestClient::new` sends: the client's
    // path is the API's. A test client's HTTP API events are on the stage `test`, in the path
    // as API Gateway puts it.
    for (source, prefix) in [
        (EventSource::RestApi, ""),
        (EventSource::HttpApiV2, "/test"),
        (EventSource::FunctionUrl, ""),
        (
            EventSource::Alb {
                multi_value_headers: true,
            },
            "",
        ),
    ] {
        let client = TestClient::new(gatewright::api!(item, root, any)).source(source);
        let response = client.post("/a/b").send();
        assert_eq!(
            response.status(),
            StatusCode::TEMPORARY_REDIRECT,
            "{source:?}"
        );
        let location = response.header("location").unwrap().to_owned();
        assert_eq!(location, format!("{prefix}/items/7"), "{source:?}");
        let api_path = location.strip_prefix(prefix).unwrap();
        assert_eq!(client.get(api_path).send().text(), "item 7");
        assert_eq!(client.get("/").send().status(), StatusCode::SEE_OTHER);
    }
}
