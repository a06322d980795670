//! The event of the AWS documentation that gatewright grew from, through `examples/hello`.

use gatewright_tests::{hello_api, invoke};

const SEED: &str = include_str!("../fixtures/seed.json");

#[test]
fn seed_event_routes_to_hello_from_its_proxy_parameter() {
    // resource `/{proxy+}` with proxy `hello` routes as `/hello`, not as the path `/test/hello`.
    let response = invoke(&hello_api(), SEED.as_bytes());
    assert_eq!(response["statusCode"], 200);
    assert_eq!(response["body"], "Hello, me!");
    assert_eq!(response["isBase64Encoded"], false);
    assert_eq!(
        response["headers"]["content-type"],
        "text/plain; charset=utf-8"
    );
}
