//! Path traversal through path arguments: a `String` receives a decoded `../../etc/passwd` as
//! it was sent (as documented), `FileName` and `Segments` refuse it with a `400` that says why,
//! through a REST API (the path percent-encoded) and an HTTP API (payload 2.0, the parameter
//! already decoded in `pathParameters`).

use gatewright::openapi::{self, Info};
use gatewright::testing::{TestClient, TestResponse};
use gatewright::{Api, Describe, EventSource, FileName};
use serde_json::{json, Value};

mod routes {
    use gatewright::prelude::*;

    #[route(GET, "/raw/<name>")]
    pub fn raw(name: String) -> String {
        name
    }

    #[route(GET, "/files/<name>")]
    pub fn file(name: FileName) -> String {
        name.to_string()
    }

    #[route(GET, "/tree/<path+>")]
    pub fn tree(path: Segments) -> String {
        path.join()
    }
}

fn api() -> impl Api {
    gatewright::api!(routes::raw, routes::file, routes::tree)
}

/// The `400` a refused value answers.
fn refused(name: &str, value: &str, expected: &str, reason: &str) -> Value {
    json!({
        "error": format!("invalid path parameter `{name}`"),
        "expected": expected,
        "parameter": name,
        "reason": reason,
        "source": "path",
        "value": value,
    })
}

fn assert_refused(response: &TestResponse, expected: &Value) {
    assert_eq!(response.status(), 400, "{}", response.text());
    assert_eq!(&response.json::<Value>(), expected);
}

#[test]
fn through_a_rest_api_a_string_takes_the_decoded_value_and_file_name_refuses_it() {
    let client = TestClient::new(api());
    let response = client.get("/raw/..%2F..%2Fetc%2Fpasswd").send();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "../../etc/passwd");

    let cases = [
        (
            "..%2F..%2Fetc%2Fpasswd",
            "../../etc/passwd",
            "a file name can't contain `/`",
        ),
        ("..", "..", "`.` and `..` are not file names"),
        ("%2E%2E", "..", "`.` and `..` are not file names"),
        (".", ".", "`.` and `..` are not file names"),
        (
            "..%5Cboot.ini",
            "..\\boot.ini",
            "a file name can't contain `\\`",
        ),
        (
            "a%00.txt",
            "a\0.txt",
            "a file name can't contain NUL or other control characters",
        ),
        (
            "a%0Ab",
            "a\nb",
            "a file name can't contain NUL or other control characters",
        ),
    ];
    for (sent, value, reason) in cases {
        let response = client.get(&format!("/files/{sent}")).send();
        assert_refused(&response, &refused("name", value, "file name", reason));
    }
    for (sent, name) in [
        ("report.pdf", "report.pdf"),
        (".env", ".env"),
        ("...", "..."),
        ("caf%C3%A9%20menu", "café menu"),
    ] {
        let response = client.get(&format!("/files/{sent}")).send();
        assert_eq!(response.status(), 200, "{sent}: {}", response.text());
        assert_eq!(response.text(), name);
    }
}

#[test]
fn through_a_rest_api_segments_refuse_a_traversal_in_any_segment() {
    let client = TestClient::new(api());
    assert_eq!(client.get("/tree/a/b.txt").send().text(), "a/b.txt");
    assert_refused(
        &client.get("/tree/a/../../etc/passwd").send(),
        &refused(
            "path",
            "a/../../etc/passwd",
            "path segments",
            "`.` and `..` are not allowed",
        ),
    );
    assert_refused(
        &client.get("/tree/a/..%2F..%2Fetc").send(),
        &refused(
            "path",
            "a/../../etc",
            "path segments",
            "a segment may not contain `/`, `\\` or NUL",
        ),
    );
}

/// What an HTTP API sends (payload 2.0) for the route `GET template`, with `parameters` as
/// API Gateway decoded them.
fn http_api_event(
    client: &TestClient<impl Api>,
    template: &str,
    raw_path: &str,
    parameters: Value,
) -> Vec<u8> {
    let mut event = client.get("/").send().event;
    event["routeKey"] = json!(format!("GET {template}"));
    event["rawPath"] = json!(raw_path);
    event["requestContext"]["http"]["path"] = json!(raw_path);
    event["requestContext"]["routeKey"] = event["routeKey"].clone();
    event["pathParameters"] = parameters;
    serde_json::to_vec(&event).unwrap()
}

#[test]
fn through_an_http_api_a_decoded_slash_in_path_parameters_is_refused_by_file_name() {
    let client = TestClient::new(api()).source(EventSource::HttpApiV2);
    let traversal = json!({ "name": "../../etc/passwd" });

    let event = http_api_event(
        &client,
        "/raw/{name}",
        "/test/raw/../../etc/passwd",
        traversal.clone(),
    );
    let response = client.send_event(&event);
    assert_eq!(response.status(), 200, "{}", response.text());
    assert_eq!(response.text(), "../../etc/passwd");

    let event = http_api_event(
        &client,
        "/files/{name}",
        "/test/files/../../etc/passwd",
        traversal,
    );
    assert_refused(
        &client.send_event(&event),
        &refused(
            "name",
            "../../etc/passwd",
            "file name",
            "a file name can't contain `/`",
        ),
    );

    let event = http_api_event(
        &client,
        "/files/{name}",
        "/test/files/report.pdf",
        json!({ "name": "report.pdf" }),
    );
    assert_eq!(client.send_event(&event).text(), "report.pdf");

    let event = http_api_event(
        &client,
        "/tree/{path+}",
        "/test/tree/a/../../etc/passwd",
        json!({ "path": "a/../../etc/passwd" }),
    );
    assert_refused(
        &client.send_event(&event),
        &refused(
            "path",
            "a/../../etc/passwd",
            "path segments",
            "`.` and `..` are not allowed",
        ),
    );
}

#[test]
fn the_openapi_document_gives_file_names_their_pattern() {
    let doc = openapi::document(api().routes(), &Info::new("files", "1.0.0"));
    let parameter = &doc["paths"]["/files/{name}"]["get"]["parameters"][0];
    assert_eq!(parameter["schema"], FileName::schema());
    assert_eq!(parameter["schema"]["minLength"], 1);
    assert_eq!(
        parameter["schema"]["pattern"],
        r"^(?:\.?[^./\\\x00-\x1F\x7F-\x9F]|\.\.[^/\\\x00-\x1F\x7F-\x9F])[^/\\\x00-\x1F\x7F-\x9F]*$"
    );
    assert_eq!(
        doc["paths"]["/raw/{name}"]["get"]["parameters"][0]["schema"],
        json!({ "type": "string" })
    );
    assert_eq!(
        gatewright::uri!(routes::file(name = "a b.txt")),
        "/files/a%20b.txt"
    );
}
