//! Form and multipart bodies on every front door, proved on events written by others, edited
//! to carry a body (as text, and base64-encoded as API Gateway sends binary media types):
//! `Form<T>` and `Multipart` read them alike; another content type is a `415`, a malformed
//! body a `400` that names the field, and the next request is served.

use base64::Engine as _;
use gatewright::prelude::*;
use gatewright::testing::TestClient;
use gatewright::EventSource;
use gatewright_tests::{body_json, fixture, invoke};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
struct Signup {
    name: String,
    age: u8,
    #[serde(default)]
    tags: Vec<String>,
    note: Option<String>,
}

fn signup(Form(form): Form<Signup>) -> Json<Value> {
    Json(json!({ "name": form.name, "age": form.age, "tags": form.tags, "note": form.note }))
}

fn upload(multipart: Multipart) -> Result<Json<Value>, gatewright::Rejection> {
    let title = multipart.text("title")?.map(str::to_owned);
    let files: Vec<Value> = multipart
        .files()
        .map(|file| {
            json!({
                "field": file.name(),
                "name": file.file_name(),
                "type": file.content_type(),
                "bytes": file.bytes().to_vec(),
            })
        })
        .collect();
    Ok(Json(json!({ "title": title, "files": files })))
}

#[route(POST, "/")]
fn form_root(form: Form<Signup>) -> Json<Value> {
    signup(form)
}

#[route(POST, "/<rest+>")]
fn form_any(rest: Segments, form: Form<Signup>) -> Json<Value> {
    let _ = rest;
    signup(form)
}

#[route(PUT, "/")]
fn upload_root(multipart: Multipart) -> Result<Json<Value>, gatewright::Rejection> {
    upload(multipart)
}

#[route(PUT, "/<rest+>")]
fn upload_any(rest: Segments, multipart: Multipart) -> Result<Json<Value>, gatewright::Rejection> {
    let _ = rest;
    upload(multipart)
}

/// The fixture of each front door, as its source.
const DOORS: [(&str, EventSource); 4] = [
    (
        "aws_lambda_events/example-apigw-request.json",
        EventSource::RestApi,
    ),
    (
        "lambda_http/apigw_v2_proxy_request.json",
        EventSource::HttpApiV2,
    ),
    (
        "lambda_http/lambda_function_url_request.json",
        EventSource::FunctionUrl,
    ),
    (
        "lambda_http/alb_request.json",
        EventSource::Alb {
            multi_value_headers: false,
        },
    ),
];

/// The fixture with this method, content type and body (base64-encoded when `base64`).
fn with_body(name: &str, method: &str, content_type: &str, body: &[u8], base64: bool) -> Vec<u8> {
    let mut event: Value = serde_json::from_slice(&fixture(name)).unwrap();
    if event["requestContext"]["http"].is_object() {
        event["requestContext"]["http"]["method"] = json!(method);
    } else {
        event["httpMethod"] = json!(method);
    }
    for map in ["headers", "multiValueHeaders"] {
        if let Some(headers) = event[map].as_object_mut() {
            headers.retain(|name, _| !name.eq_ignore_ascii_case("content-type"));
            headers.insert(
                "Content-Type".into(),
                if map == "headers" {
                    json!(content_type)
                } else {
                    json!([content_type])
                },
            );
        }
    }
    event["body"] = if base64 {
        json!(base64::engine::general_purpose::STANDARD.encode(body))
    } else {
        json!(String::from_utf8(body.to_vec()).unwrap())
    };
    event["isBase64Encoded"] = json!(base64);
    serde_json::to_vec(&event).unwrap()
}

const FORM: &str = "application/x-www-form-urlencoded";

#[test]
fn forms_are_read_on_every_front_door_text_or_base64() {
    let api = gatewright::api!(form_root, form_any, upload_root, upload_any);
    for (name, _) in DOORS {
        for base64 in [false, true] {
            let event = with_body(
                name,
                "POST",
                &format!("{FORM}; charset=UTF-8"),
                b"name=Ann+L%C3%A9e&age=30&tags=a&tags=b&note=",
                base64,
            );
            let response = invoke(&api, &event);
            assert_eq!(response["statusCode"], 200, "{name}: {response}");
            assert_eq!(
                body_json(name, &response),
                json!({ "name": "Ann Lée", "age": 30, "tags": ["a", "b"], "note": null }),
                "{name}, base64 {base64}"
            );
        }
    }
}

#[test]
fn a_bad_form_is_a_400_naming_the_field_and_another_content_type_a_415() {
    let api = gatewright::api!(form_root, form_any, upload_root, upload_any);
    for (name, _) in DOORS {
        let bad_age = invoke(
            &api,
            &with_body(name, "POST", FORM, b"name=Ann&age=old", false),
        );
        assert_eq!(bad_age["statusCode"], 400, "{name}");
        let body = body_json(name, &bad_age);
        assert_eq!(body["error"], "invalid body field `age`", "{name}: {body}");
        assert_eq!(body["field"], "age");
        let missing = invoke(&api, &with_body(name, "POST", FORM, b"age=3", false));
        assert_eq!(body_json(name, &missing)["field"], "name", "{name}");
        let json_body = invoke(
            &api,
            &with_body(
                name,
                "POST",
                "application/json",
                b"{\"name\":\"Ann\"}",
                false,
            ),
        );
        assert_eq!(json_body["statusCode"], 415, "{name}");
        assert_eq!(
            body_json(name, &json_body),
            json!({ "error": "unsupported media type", "expected": FORM, "received": "application/json" })
        );
        // And the next request is served.
        let ok = invoke(
            &api,
            &with_body(name, "POST", FORM, b"name=Ann&age=3", false),
        );
        assert_eq!(ok["statusCode"], 200, "{name}");
    }
}

/// A form with a title and two files, one of them binary.
fn multipart_body(boundary: &str) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHolidays\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes());
    body.extend_from_slice(&[0x89, b'P', b'N', b'G', 0, 255, 13, 10]);
    body.extend_from_slice(format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"notes\"; filename=\"n.txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--{boundary}--\r\n").as_bytes());
    body
}

#[test]
fn multipart_uploads_are_read_on_every_front_door() {
    let api = gatewright::api!(form_root, form_any, upload_root, upload_any);
    let content_type = "multipart/form-data; boundary=XyZ";
    for (name, _) in DOORS {
        // Binary, so base64-encoded as API Gateway and load balancers send it.
        let event = with_body(name, "PUT", content_type, &multipart_body("XyZ"), true);
        let response = invoke(&api, &event);
        assert_eq!(response["statusCode"], 200, "{name}: {response}");
        assert_eq!(
            body_json(name, &response),
            json!({
                "title": "Holidays",
                "files": [
                    { "field": "photo", "name": "a.png", "type": "image/png", "bytes": [0x89, 80, 78, 71, 0, 255, 13, 10] },
                    { "field": "notes", "name": "n.txt", "type": "text/plain", "bytes": [104, 105] },
                ],
            }),
            "{name}"
        );
    }
}

#[test]
fn bad_multipart_bodies_are_400s_naming_the_part_and_the_next_request_is_served() {
    let client = TestClient::new(gatewright::api!(
        form_root,
        form_any,
        upload_root,
        upload_any
    ));
    let send = |body: Vec<u8>| {
        client
            .put("/up")
            .header("content-type", "multipart/form-data; boundary=b")
            .body(body)
            .send()
    };
    // Cut in the data of `notes`.
    let mut cut = multipart_body("b");
    cut.truncate(cut.len() - 10);
    let response = send(cut);
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json();
    assert_eq!(body["error"], "invalid body field `notes`", "{body}");
    // Cut in the headers of `notes`: the body breaks after `photo`.
    let mut cut = multipart_body("b");
    cut.truncate(cut.len() - 40);
    let body: Value = send(cut).json();
    assert_eq!(body["error"], "invalid body", "{body}");
    assert!(
        body["reason"]
            .as_str()
            .unwrap()
            .contains("after the part `photo`"),
        "{body}"
    );
    let no_boundary = client
        .put("/up")
        .header("content-type", "multipart/form-data")
        .body("x")
        .send();
    assert_eq!(no_boundary.status(), StatusCode::BAD_REQUEST);
    assert!(
        no_boundary.text().contains("boundary"),
        "{}",
        no_boundary.text()
    );
    let form = client
        .put("/up")
        .header("content-type", FORM)
        .body("a=1")
        .send();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let bad_text = {
        let body =
            b"--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\xff\xfe\r\n--b--\r\n"
                .to_vec();
        client
            .put("/up")
            .header("content-type", "multipart/form-data; boundary=b")
            .body(body)
            .send()
    };
    assert_eq!(bad_text.status(), StatusCode::BAD_REQUEST);
    assert_eq!(bad_text.json::<Value>()["field"], "title");
    let ok = client
        .put("/up")
        .header("content-type", "multipart/form-data; boundary=b")
        .body(multipart_body("b"))
        .send();
    assert_eq!(ok.status(), StatusCode::OK);
}

#[route(POST, "/signup")]
fn documented_signup(#[cookie] session: Option<String>, form: Form<Signup>) -> Json<Value> {
    let _ = session;
    signup(form)
}

#[route(POST, "/photos")]
fn documented_upload(multipart: Multipart) -> Result<Json<Value>, gatewright::Rejection> {
    upload(multipart)
}

#[test]
fn the_openapi_document_and_route_table_show_cookies_forms_and_uploads() {
    use gatewright::openapi::{self, Info};
    let api = gatewright::api!(documented_signup, documented_upload);
    let doc = openapi::document(api.routes(), &Info::new("bodies", "1.0.0"));
    let signup = &doc["paths"]["/signup"]["post"];
    assert_eq!(
        signup["parameters"][0],
        json!({ "name": "session", "in": "cookie", "required": false, "schema": { "type": "string" } }),
        "{signup}"
    );
    assert!(
        signup["requestBody"]["content"]["application/x-www-form-urlencoded"].is_object(),
        "{signup}"
    );
    let photos = &doc["paths"]["/photos"]["post"];
    assert!(
        photos["requestBody"]["content"]["multipart/form-data"].is_object(),
        "{photos}"
    );
    let table = gatewright::routes_table::render(api.routes());
    assert!(
        table.contains("session: Option<String> (cookie, optional)"),
        "{table}"
    );
    assert!(
        table.contains("body application/x-www-form-urlencoded"),
        "{table}"
    );
}
